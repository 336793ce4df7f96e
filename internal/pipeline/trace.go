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

const traceCovers = "every value with a digit that the template prints straight from a data file (directly, through a formatting function or through a method of the model called with arguments), and these computed figures with their formula and inputs: step, cumulative and overall yields, the drug substance yields and the share the drug product steps keep, yields per litre and the yields a patent exhibit claims; a step's numeral from its position; the lists and counts composed from the process steps (the ids of a stage's steps, the span of steps a yield covers, parameters counted by criticality, the steps that use a material, the viruses a step is counted for); run LRVs, claimed LRV totals, the studied steps of the LRV table and the retrovirus and plasma safety factors; batch statistics (mean, SD, RSD, n over the lots' results or yields, each test's consistency summary with censored results) and counts of lots and results passed and of listed items, the specification version and criterion that judged each lot, the lots tested before the first version; the drug product's amounts per unit, volume filled per batch and shelf-life criteria; the lot statistics of the justification of the specification and of the development comparison (n, minimum, maximum, mean, SD over the quantified results, the number of lots tested, censored results and text results with their lot counts, the range of titres), each test's Ppk, the shift of each test's mean across a process change with its share of the room the criterion leaves; the share of a drug product PPQ fill's units rejected; the stability evaluation (shelf life per attribute and supported, the F tests, residual SD, the confidence limit used, the governing batch, each batch's regression, results kept out of the regression, the change-on-storage ranges, time points, real-time coverage, and the months searched, a fixed setting of the evaluation); the comparison with the conventional process; the patent exhibit's claims, lot results and typical values, and the claim chart's rows, cited paragraphs, reasons, counts and evidence; a table header row drawn again on the next page; the labels figures draw from data (a flow diagram's steps, materials and controls, a trend chart's lots, limits and results, a stability chart's temperature, attribute, limits, batches and shelf-life estimate, a yield chart's final yields); each listed when recomputed from its inputs it equals the printed figure and its text is found on the page. Not listed, as they come from no datum: section, table, figure and paragraph numbers, drawing-sheet numbers and figure view labels, the claims' list numbers, reference numerals the drawings assign, a chart's axis ticks and step ordinals, the fixed words a figure or the template writes; nor a value the typesetter breaks with a hyphen"

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
