package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/internal/trace"
)

// traceFile is what --emit trace writes beside a document's PDF.
type traceFile struct {
	Document string `json:"document"`
	PDF      string `json:"pdf"`
	// Covers says which printed values the list holds, so a reader knows
	// what is not in it.
	Covers  string        `json:"covers"`
	Entries []trace.Entry `json:"entries"`
}

const traceCovers = "every value with a digit that the template prints straight from a data file (directly or through a formatting function), and these computed figures with their formula and inputs: step, cumulative and overall yields, yields per litre and the yields a patent exhibit claims; a step's numeral from its position; run LRVs, claimed LRV totals, the studied steps of the LRV table and the retrovirus and plasma safety factors; batch statistics (mean, SD, RSD, n over the lots' results or yields, the consistency table's mean ± SD or range with censored results) and counts of lots and results passed (of the drug substance's or the drug product's lots) and of listed items, the specification versions that judged the lots; the lot statistics of the justification of the specification and of the development comparison (n, minimum, maximum, mean, SD over the quantified results of a test over the clinical, PPQ or all lots, or the lots before or after a process change), the number of lots tested, the censored results as composed (\"< 2 (3 lots)\") and the range of titres, each test's Ppk over the PPQ lots against its criterion's limits, and the shift of each test's mean across a process change with its share of the room the criterion leaves; the share of a drug product PPQ fill's units rejected; the stability evaluation (shelf life per attribute and supported, the equal-slopes and equal-intercepts F tests, residual SD, the confidence limit used, the governing batch, each batch's regression, the change-on-storage ranges, time points and real-time coverage); the comparison with the conventional process (its yields, the gain, step counts, each compared test's mean and n and typical value); each listed when recomputed from its inputs it equals the printed figure and its text is found on the page. Not listed: labels inside figures, section, table, figure and paragraph numbers, text the template writes itself, claim-chart evidence composed from several data, virus names inside composed lists, the specification version that judged a lot in the table of lots, reference numerals counted by a template loop, paragraph references and claim element labels, in the drug product and justification documents the step ids inside composed lists, the composition amounts per unit, the batch formula's amounts, the shelf-life criterion column of the drug product specification, the drug product's counts of steps, and a censored result a template prints as its dot; and a value the typesetter breaks with a hyphen"

// traceIndex indexes where each datum of the model lives in its data
// file, once per loaded project.
func (l *Loaded) traceIndex() *trace.Index {
	l.traceOnce.Do(func() {
		roots := map[*dataset.Document]any{}
		mv := reflect.ValueOf(l.Model).Elem()
		for kind, doc := range l.Docs {
			f := mv.FieldByName(goName(kind))
			if f.IsValid() && f.Kind() == reflect.Pointer && !f.IsNil() {
				roots[doc] = f.Interface()
			}
		}
		l.traceIx = trace.NewIndex(roots)
	})
	return l.traceIx
}

// goName is the model's field for a data kind: "viral_clearance" →
// "ViralClearance".
func goName(kind string) string {
	var b strings.Builder
	for _, part := range strings.Split(kind, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// traceDocument lists the numbers a typeset document prints with their
// pages and sources (--emit trace): it composes the document again with
// the template's actions traced, checks the Markdown is the one typeset,
// and finds each value on the PDF's pages.
func (l *Loaded) traceDocument(d project.Document, md, pdf []byte, date time.Time) ([]byte, error) {
	t, err := l.parseTemplate(d.Template)
	if err != nil {
		return nil, err
	}
	tmd, printed, err := t.RenderTrace(l.templateData(d))
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(tmd, md) {
		return nil, fmt.Errorf("document %s: trace: the traced composition differs from the one typeset", d.ID)
	}
	pages, err := canvas.PageTexts(pdf)
	if err != nil {
		return nil, err
	}
	if d.Style != StyleDrawings {
		furn := l.furniture(d, date)
		for i := range pages {
			pages[i] = dropFurniture(pages[i], furn+pageLabel(d.Style, i+1, len(pages)))
		}
	}
	out := traceFile{Document: d.ID, PDF: d.Output, Covers: traceCovers, Entries: l.traceIndex().Entries(d.Template, printed, pages)}
	if out.Entries == nil {
		out.Entries = []trace.Entry{}
	}
	// Sources are named as the manifest names the data files: relative to
	// the project folder, where they resolve.
	rel := map[string]string{}
	for _, r := range l.Project.Manifest.Data {
		rel[l.Project.Display(r)] = path.Clean(r)
	}
	var relabel func(ss []trace.Source)
	relabel = func(ss []trace.Source) {
		for j := range ss {
			if r, ok := rel[ss[j].File]; ok {
				ss[j].File = r
			}
			relabel(ss[j].Inputs)
		}
	}
	for i := range out.Entries {
		relabel(out.Entries[i].Sources)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// furniture is the text of a page's running header and footer but its
// page number, white space removed, in the order the typesetter draws it.
func (l *Loaded) furniture(d project.Document, date time.Time) string {
	m := l.PDFOptions(d, date).Meta
	version := strings.TrimSpace(m.Version)
	if version != "" && version[0] >= '0' && version[0] <= '9' {
		version = "Version " + version
	}
	var parts []string
	for _, p := range []string{m.Title, m.DocumentNumber, version, m.Date.UTC().Format("2006-01-02")} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return squeeze(strings.Join(parts, " · ") + m.Notice + m.Confidentiality)
}

// pageLabel is the page-number line the typesetter draws.
func pageLabel(style string, n, total int) string {
	if style == "patent" {
		return strconv.Itoa(n)
	}
	return fmt.Sprintf("Page%dof%d", n, total)
}

// dropFurniture removes the leading lines of a page's text that spell
// furn (drawn before the body on every page).
func dropFurniture(page, furn string) string {
	lines := strings.SplitAfter(page, "\n")
	got := ""
	for i, ln := range lines {
		got += squeeze(ln)
		if got == furn {
			return strings.Join(lines[i+1:], "")
		}
		if !strings.HasPrefix(furn, got) {
			break
		}
	}
	return page // not the expected furniture: leave the page whole
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }
