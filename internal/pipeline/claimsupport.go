package pipeline

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/regdoc/regdoc/internal/checks"
	"github.com/regdoc/regdoc/internal/claimsupport"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/mdpdf"
	"github.com/regdoc/regdoc/internal/project"
)

// ExhibitTemplate is the template of the document whose numbered
// paragraphs the claims are judged against.
const ExhibitTemplate = "patent/process-exhibit.md"

// exhibitText is the exhibit's numbered paragraphs, typeset once per
// loaded project however many documents and checks ask for them.
type exhibitText struct {
	once     sync.Once
	paras    []claimsupport.Paragraph
	abstract []string // the abstract's paragraphs, as typeset
	doc      *project.Document
	err      error
}

// exhibit returns the manifest's exhibit document, or nil when it has none.
func (l *Loaded) exhibit() *project.Document {
	for _, d := range l.Project.Manifest.Documents {
		if d.Template == ExhibitTemplate {
			return &d
		}
	}
	return nil
}

// ExhibitParagraphs typesets the exhibit and returns its numbered
// paragraphs as printed. It returns nil (and no error) when the project
// has no exhibit.
func (l *Loaded) ExhibitParagraphs() ([]claimsupport.Paragraph, error) {
	x := &l.exhibitText
	x.once.Do(func() {
		d := l.exhibit()
		if d == nil {
			return
		}
		x.doc = d
		md, err := l.Compose(*d)
		if err != nil {
			x.err = err
			return
		}
		// The date changes no word of the text; the manifest's is used so
		// nothing reads the clock.
		date, err := l.DocumentDate(time.Time{})
		if err != nil {
			x.err = err
			return
		}
		res, err := mdpdf.Render(io.Discard, md, l.PDFOptions(*d, date))
		if err != nil {
			x.err = describeRenderError(*d, err)
			return
		}
		for _, p := range res.Paragraphs {
			switch {
			case p.Number > 0:
				x.paras = append(x.paras, claimsupport.Paragraph{Number: p.Number, Text: p.Text, Section: p.Section})
			case strings.HasPrefix(strings.ToLower(p.Section), "abstract"):
				x.abstract = append(x.abstract, p.Text)
			}
		}
	})
	return x.paras, x.err
}

// ClaimChart judges every claim element against the exhibit's text. It is
// nil when the project has no claims or no exhibit.
func (l *Loaded) ClaimChart() (*claimsupport.Chart, error) {
	if l.Model.Claims == nil {
		return nil, nil
	}
	paras, err := l.ExhibitParagraphs()
	if err != nil || l.exhibitText.doc == nil {
		return nil, err
	}
	var opt claimsupport.Options
	if c := l.Model.Comparator; c != nil {
		opt.PriorArt = append(opt.PriorArt, c.Name, c.ID)
	}
	return claimsupport.Analyze(l.Model.Claims, paras, opt), nil
}

// MaxAbstractWords is the longest abstract 37 CFR 1.72(b) allows.
const MaxAbstractWords = 150

// CodeAbstract marks an abstract longer than MaxAbstractWords or split
// into several paragraphs.
const CodeAbstract = "patent/abstract"

// claimTextProblems are validate's findings on the patent text: claims the
// exhibit does not support, placed in the claims data, and an abstract
// that breaks 1.72(b), placed on the exhibit's manifest entry.
func (l *Loaded) claimTextProblems() []diag.Diagnostic {
	if _, err := l.ExhibitParagraphs(); err != nil || l.exhibitText.doc == nil {
		// An exhibit that cannot be typeset is reported with that document.
		return nil
	}
	var ds []diag.Diagnostic
	if chart, err := l.ClaimChart(); err == nil && chart != nil {
		ds = checks.ClaimText(checks.Input{Project: l.Model, Docs: l.Docs}, chart)
	}
	ab := l.exhibitText.abstract
	words := len(strings.Fields(strings.Join(ab, " ")))
	var msg string
	switch {
	case words > MaxAbstractWords:
		msg = fmt.Sprintf("the abstract has %d words; 37 CFR 1.72(b) allows at most %d: shorten the names it is written from, or the template's abstract", words, MaxAbstractWords)
	case len(ab) > 1:
		msg = fmt.Sprintf("the abstract is %d paragraphs; 37 CFR 1.72(b) asks for a single paragraph", len(ab))
	}
	if msg != "" {
		for i, d := range l.Project.Manifest.Documents {
			if d.ID == l.exhibitText.doc.ID {
				ds = append(ds, l.Project.Doc.Diag(diag.Warning, CodeAbstract, fmt.Sprintf("/documents/%d/template", i), "document "+d.ID+": "+msg))
			}
		}
	}
	return ds
}
