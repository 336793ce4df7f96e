package pipeline

import (
	"io"
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
	once  sync.Once
	paras []claimsupport.Paragraph
	doc   *project.Document
	err   error
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
	x := l.exhibitText
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
			x.paras = append(x.paras, claimsupport.Paragraph{Number: p.Number, Text: p.Text, Section: p.Section})
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

// claimTextProblems are validate's findings on claims the exhibit does not
// support, placed in the claims data.
func (l *Loaded) claimTextProblems() []diag.Diagnostic {
	chart, err := l.ClaimChart()
	if err != nil || chart == nil {
		// An exhibit that cannot be typeset is reported with that document.
		return nil
	}
	return checks.ClaimText(checks.Input{Project: l.Model, Docs: l.Docs}, chart)
}
