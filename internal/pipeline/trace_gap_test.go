package pipeline

import (
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/regdoc/regdoc/templates"
)

// gapToken is a number-bearing word of a page no trace entry covers.
type gapToken struct {
	doc, text, why string
	page           int
}

// traceGap builds the project in dir with --emit trace and returns, per
// document, the words of each page (as PDFium extracts them) that hold a
// digit and lie outside every trace entry of that page, each classified
// (see classify): why is "" for a word nothing explains.
func traceGap(t *testing.T, dir string) (gaps []gapToken, words int) {
	t.Helper()
	l := loadProject(t, dir)
	outs, err := l.Build(Options{Out: t.TempDir(), Emit: []string{"trace", "md"}})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]int{}
	for i, d := range l.Project.Manifest.Documents {
		docs[d.ID] = i
	}
	for _, o := range outs {
		b, err := os.ReadFile(strings.TrimSuffix(o.Path, ".pdf") + ".trace.json")
		if err != nil {
			t.Fatal(err)
		}
		var tf traceFile
		if err := json.Unmarshal(b, &tf); err != nil {
			t.Fatal(err)
		}
		d := l.Project.Manifest.Documents[docs[tf.Document]]
		pdf, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		pages, err := pdftest.PageTexts(pdf)
		if err != nil {
			t.Fatal(err)
		}
		md, err := os.ReadFile(strings.TrimSuffix(o.Path, ".pdf") + ".md")
		if err != nil {
			t.Fatal(err)
		}
		labels := figureWords(t, md)
		literal := templateWords(t, l, d.Template)
		date, _ := time.Parse("2006-01-02", l.Project.Manifest.Date)
		furn := l.furniture(d, date)
		byPage := map[int][]string{}
		for _, e := range tf.Entries {
			byPage[e.Page] = append(byPage[e.Page], e.Text)
		}
		for i, page := range pages {
			body := page
			if d.Style != StyleDrawings {
				body = dropFurniture(page, furn+pageLabel(d.Style, i+1, len(pages)))
			}
			for _, w := range uncovered(body, byPage[i+1]) {
				why := classify(w)
				// A label is counted without its punctuation: an
				// entry may cover the figure's label ("Polysorbate 80"
				// of an axis title) and leave the same value in the
				// caption after it ("80:") — one word each way.
				if k := trimPunct(w.text); why == "" && len(labels[k]) > 0 {
					why, labels[k] = labels[k][0], labels[k][1:]
				}
				if why == "" && literal[trimPunct(w.text)] {
					why = "written in the template"
				}
				gaps = append(gaps, gapToken{doc: tf.Document, page: i + 1, text: w.text, why: why})
			}
			for _, w := range strings.Fields(body) {
				if strings.ContainsFunc(w, unicode.IsDigit) {
					words++
				}
			}
		}
	}
	return gaps, words
}

// uncovered returns the words of page holding a digit of which a digit
// is outside every entry's text. Entries carry their page but not their
// place on it, so two placements are tried and the one leaving fewer
// words uncovered counts: each entry on the first stretch of the page not
// yet matched, or each on the first after the previous entry's (a step
// id in a caption is not the same id a figure drew above it). Structure
// classify excuses ("Table 1") is never taken for an entry's value.
func uncovered(page string, entries []string) []word {
	a, b := placeEntries(page, entries, false), placeEntries(page, entries, true)
	if len(b) < len(a) {
		return b
	}
	return a
}

// placeEntries places the entries on the page, in order of print when
// ordered is set, and returns the words with a digit left uncovered.
func placeEntries(page string, entries []string, ordered bool) []word {
	type span struct{ from, to int } // in the squeezed page
	var flat []rune
	var ws []span
	fields := strings.Fields(page)
	for _, w := range fields {
		from := len(flat)
		flat = append(flat, []rune(squeezeAll(w))...)
		ws = append(ws, span{from, len(flat)})
	}
	covered := make([]bool, len(flat))
	s := string(flat)
	// byte offset → rune index
	runeAt := map[int]int{}
	ri := 0
	for bi := range s {
		runeAt[bi] = ri
		ri++
	}
	runeAt[len(s)] = ri
	// An entry covers whole words where it can: "7" is the 7 of a
	// column, not the last digit of 0.37.
	edge := make([]bool, len(flat)+1)
	// A value the template writes punctuation around ("(3 lots)",
	// "(n = 3),", "4–6") is whole within its word: looked for after the
	// whole words and before any stretch.
	loose := make([]bool, len(flat)+1)
	for _, w := range ws {
		edge[w.from], edge[w.to] = true, true
		from, to := w.from, w.to
		for from < to && strings.ContainsRune(leadPunct, flat[from]) {
			from++
		}
		for to > from && strings.ContainsRune(trailPunct, flat[to-1]) {
			to--
		}
		loose[from], loose[to] = true, true
		for k := from; k < to; k++ {
			if flat[k] == '–' {
				loose[k], loose[k+1] = true, true
			}
		}
	}
	for i := range loose {
		loose[i] = loose[i] || edge[i]
	}
	// Words classify excuses are structure, not an entry's value: they
	// are blocked (covered for placing, uncovered for reporting, where
	// classify excuses them again).
	blocked := make([]bool, len(flat))
	for i, w := range ws {
		x := word{text: string(flat[w.from:w.to])}
		if i > 0 {
			x.before = fields[i-1]
		}
		if classify(x) != "" {
			for k := w.from; k < w.to; k++ {
				blocked[k] = true
			}
		}
	}
	taken := make([]bool, len(flat))
	for k := range taken {
		taken[k] = blocked[k]
	}
	at := 0
	for _, e := range entries {
		from := -1
		if ordered {
			from = at
		}
		// the entry whole, or else its words in order (a value wrapped
		// in a table cell), each on the first stretch not yet covered
		if end, ok := cover(s, runeAt, taken, edge, loose, squeezeAll(e), from, len(s)); ok {
			at = end
			continue
		}
		// the words of a wrapped cell: each near the one before it
		// where it can be, as the rest of a cell follows the row's
		// first line
		near, span := from, len(s)
		for _, w := range strings.Fields(strings.ReplaceAll(e, "\u00a0", " ")) {
			end, ok := cover(s, runeAt, taken, edge, loose, squeezeAll(w), near, span)
			if !ok {
				break
			}
			near, span, at = end, wrapGap, end
		}
	}
	for k := range covered {
		covered[k] = taken[k] && !blocked[k]
	}
	var out []word
	for i, w := range ws {
		for k := w.from; k < w.to; k++ {
			if unicode.IsDigit(flat[k]) && !covered[k] {
				x := word{text: string(flat[w.from:w.to])}
				if i > 0 {
					x.before = fields[i-1]
				}
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// leadPunct and trailPunct are the punctuation a template writes before
// and after a value; an en dash joins two values ("4–6"). A full stop is
// not one of them: "Table 3." would take the 3 of "(n = 3),".
const (
	leadPunct  = "([\"“‘'"
	trailPunct = ")]\"”’',;:"
)

// word is a word of a page and the one before it.
type word struct{ text, before string }

// action is a template action.
var action = regexp.MustCompile(`(?s)\{\{.*?\}\}`)

// templateWords are the words with a digit a template writes itself,
// outside its actions ("ICH Q1E", "0.25 significance level"): text of
// the template, not of the data.
func templateWords(t *testing.T, l *Loaded, name string) map[string]bool {
	t.Helper()
	src, err := l.Project.ReadFile(name, 1<<22)
	if err != nil {
		src, err = fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]bool{}
	// Sub- and superscript marks go, as the typesetter draws log~10~ as
	// "log10" and 10^4^ as "104".
	text := strings.NewReplacer("~", "", "^", "").Replace(action.ReplaceAllString(string(src), " "))
	for _, w := range strings.Fields(text) {
		for _, part := range strings.FieldsFunc(w, func(r rune) bool { return r == '*' || r == '|' }) {
			if strings.ContainsFunc(part, unicode.IsDigit) {
				out[trimPunct(part)] = true
			}
		}
	}
	return out
}

// trimPunct drops the punctuation around a word, the typesetter's curly
// quotes included (the template's "< 2" prints as “< 2”).
func trimPunct(w string) string {
	return strings.Trim(w, "()[],.;:\"'“”‘’")
}

// figureFence is a figure block of the composed Markdown.
var figureFence = regexp.MustCompile("(?s)```figure\n(.*?)\n```")

// figureWords draws each figure of a composed document and returns,
// for each word with a digit of a text the figure draws that is no datum,
// why it is not traced, one reason per time it is drawn: the figure
// package names each text's role, and only these roles are structure —
// an axis tick the chart chooses, the yield chart's step ordinals (the
// categories YieldFigure numbers 1…n), a reference numeral the drawing
// scheme assigns, and words the figure writes itself (a legend's key to
// the confidence-limit line). Every other text a figure draws comes from
// the data and must be traced.
func figureWords(t *testing.T, md []byte) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, m := range figureFence.FindAllSubmatch(md, -1) {
		spec, err := figure.Parse(m[1])
		if err != nil {
			t.Fatal(err)
		}
		texts, err := spec.Texts(468)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range texts {
			why := figureStructure(spec.Kind, x.Role)
			if why == "" {
				continue
			}
			for _, w := range strings.Fields(x.Text) {
				if strings.ContainsFunc(w, unicode.IsDigit) {
					k := trimPunct(squeezeAll(w))
					out[k] = append(out[k], why)
				}
			}
		}
	}
	return out
}

// figureStructure says why a text of role r in a figure of kind k is
// structure rather than a datum, or "" when it is drawn from the data.
func figureStructure(k figure.Kind, r figure.Role) string {
	switch {
	case r == figure.RoleTick:
		return "axis tick label the chart chooses"
	case r == figure.RoleCategory && k == figure.YieldChart:
		return "step ordinal of the yield chart (1…n)"
	case r == figure.RoleNumeral:
		return "reference numeral the drawing scheme assigns"
	case r == figure.RoleKey || r == figure.RoleHeading || r == figure.RoleTag || r == figure.RoleConnector:
		return "words the figure writes itself"
	}
	return ""
}

// cover marks the first stretch of s that spells needle, is not yet
// covered and starts and ends on word edges, or else on the edges of a
// word's punctuation (loose) — within span bytes after from first, when
// from ≥ 0 — or else the first that is not yet covered. It reports
// whether there was one and the byte offset after it.
func cover(s string, runeAt map[int]int, covered, edge, loose []bool, needle string, from, span int) (int, bool) {
	if needle == "" {
		return 0, false
	}
	rs := []rune(s)
	for _, edge := range [][]bool{edge, loose, nil} {
		whole := edge != nil
		for _, start := range []int{from, 0} {
			if start < 0 || (!whole && start == from && from > 0) {
				continue
			}
			limit := len(s)
			if start == from && from+span < limit {
				limit = from + span
			}
			for off := start; off <= limit; {
				i := strings.Index(s[off:limit], needle)
				if i < 0 {
					break
				}
				a, b := runeAt[off+i], runeAt[off+i+len(needle)]
				free := !whole || (edge[a] && edge[b])
				// a stretch never starts or ends inside a number: the 3
				// of "(n = 3)" is not the 3 of "30.1"
				free = free && !inNumber(rs, loose, a) && !inNumber(rs, loose, b)
				for k := a; k < b && free; k++ {
					free = !covered[k]
				}
				if free {
					for k := a; k < b; k++ {
						covered[k] = true
					}
					return off + i + len(needle), true
				}
				off += i + 1
				for off < len(s) && !utf8Start(s[off]) {
					off++
				}
			}
		}
	}
	return 0, false
}

// inNumber says rune index at of rs lies inside a number: digits (or a
// digit, a decimal point and a digit) on both sides within one word.
func inNumber(rs []rune, wordEdge []bool, at int) bool {
	if at <= 0 || at >= len(rs) || wordEdge[at] {
		return false
	}
	digit := func(i int) bool { return i >= 0 && i < len(rs) && unicode.IsDigit(rs[i]) }
	switch {
	case digit(at-1) && digit(at):
		return true
	case digit(at) && (rs[at-1] == '.' || rs[at-1] == ','):
		return !wordEdge[at-1] && digit(at-2)
	case digit(at-1) && (rs[at] == '.' || rs[at] == ','):
		return !wordEdge[at+1] && digit(at+1)
	}
	return false
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

func squeezeAll(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u202f' || r == '\u2009' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

var (
	curveNumeral    = regexp.MustCompile(`^[1-9]\d{2}[).,;]*$`)
	sectionNumber   = regexp.MustCompile(`^\(?\d\.\d\.[SPA](\.\d+)*\)?[.,:;]?$`)
	paragraphNumber = regexp.MustCompile(`^\[\d{4}\]$`)
	captionNumber   = regexp.MustCompile(`^\d+[.,:;)]?$`)
	// viewLabel is a lettered view of a figure drawn over several
	// sheets, or a run of them: "1A", "1A–1B".
	viewLabel = regexp.MustCompile(`^\d+[A-Z](–\d+[A-Z])?[.,:;)]?$`)
	// sheetNumber is a drawing sheet's "n/N" (37 CFR 1.84(t)).
	sheetNumber = regexp.MustCompile(`^\d+/\d+$`)
	// listItem is the number of a numbered-list item after the item
	// before it ended a sentence: "3.", not "0255.".
	listItem = regexp.MustCompile(`^[1-9]\d?\.$`)
)

// classify says why a number-bearing word is allowed to have no trace
// entry, or "" when nothing explains it.
func classify(w word) string {
	switch {
	case sectionNumber.MatchString(w.text):
		return "CTD section number"
	case paragraphNumber.MatchString(w.text):
		return "paragraph number"
	case (w.before == "Table" || w.before == "Figure" || w.before == "FIG.") && captionNumber.MatchString(w.text):
		return "table or figure number"
	case (w.before == "FIG." || w.before == "FIGS.") && viewLabel.MatchString(w.text):
		return "figure view label the drawing sheets assign"
	case w.before == "" && sheetNumber.MatchString(w.text):
		return "drawing-sheet number heading the sheet"
	case w.before == "(curve" && curveNumeral.MatchString(w.text):
		// The drawings number a chart's curves after the steps' numerals
		// (37 CFR 1.84(p)); the exhibit names the curve by it.
		return "reference numeral of a chart's curve, which the drawings assign"
	case listItem.MatchString(w.text) && strings.HasSuffix(w.before, "."):
		// The exhibit writes each claim as "1." of a numbered list.
		return "number of a numbered-list item, which the typesetter counts (the claims)"
	}
	return ""
}

// traceGapExamples are the examples whose every document the trace gap
// test reads.
var traceGapExamples = []string{"ivig-liquid", "mab-ds", "albumin-20"}

// TestTraceListsEveryNumber extracts every word holding a digit from
// each example PDF's pages (PDFium) and checks that each is covered by a
// trace entry of its page, or is one of the things classify allows
// because they come from no datum (CTD section, table, figure and
// paragraph numbers, drawing-sheet numbers and figure view labels, the
// claims' list numbers, a chart curve's reference numeral), the texts
// of a figure that are structure (see figureStructure: axis ticks, the
// yield chart's step ordinals, reference numerals, the figure's own
// words), or text the template writes itself. A figure's labels drawn
// from data are traced like any other value. It logs the words
// by category, so a reader sees what the allowances hold.
func TestTraceListsEveryNumber(t *testing.T) {
	for _, example := range traceGapExamples {
		gaps, words := traceGap(t, "../../examples/"+example)
		byWhy := map[string]int{}
		bad := map[string][]string{}
		for _, g := range gaps {
			byWhy[g.why]++
			if g.why == "" {
				bad[g.doc] = append(bad[g.doc], "p"+strconv.Itoa(g.page)+" "+g.text)
			}
		}
		t.Logf("%s: %d words with a digit, %d outside a trace entry, each allowed: %v", example, words, len(gaps), byWhy)
		docs := make([]string, 0, len(bad))
		for d := range bad {
			docs = append(docs, d)
		}
		sort.Strings(docs)
		for _, d := range docs {
			t.Errorf("%s %s: %d words with a digit are not traced: %v", example, d, len(bad[d]), bad[d])
		}
	}
}

// wrapGap is how far apart, white space removed, the words of a value
// wrapped in a table cell may be, as the trace looks for them.
const wrapGap = 400
