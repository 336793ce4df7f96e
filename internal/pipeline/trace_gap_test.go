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

	"github.com/regdoc/regdoc/internal/canvas"
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
				if why == "" && labels[trimPunct(w.text)] > 0 {
					labels[trimPunct(w.text)]--
					why = "label inside a figure"
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

// figureWords draws each figure of a composed document on a recorder
// and counts the words with a digit its labels hold: axis ticks, lot
// names, step ids. The figures draw them from a spec the template made;
// the trace does not list them.
func figureWords(t *testing.T, md []byte) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, m := range figureFence.FindAllSubmatch(md, -1) {
		spec, err := figure.Parse(m[1])
		if err != nil {
			t.Fatal(err)
		}
		rec := canvas.NewRecorder(nil)
		rec.AddPage(canvas.Letter, canvas.Portrait)
		parts, err := spec.Layout(rec, 468, 100000, 100000)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range parts {
			if err := p.Draw(rec, 72, 72); err != nil {
				t.Fatal(err)
			}
		}
		for _, op := range rec.Texts() {
			for _, w := range strings.Fields(op.Text) {
				if strings.ContainsFunc(w, unicode.IsDigit) {
					out[trimPunct(squeezeAll(w))]++
				}
			}
		}
	}
	return out
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
	case listItem.MatchString(w.text) && strings.HasSuffix(w.before, "."):
		// The exhibit writes each claim as "1." of a numbered list.
		return "number of a numbered-list item, which the typesetter counts (the claims)"
	}
	return ""
}

// traceGapCeiling is, per example and document, how many number-bearing
// words of the PDF no trace entry covers and no reason in classify
// explains, as measured when the trace last grew. What they are, so a
// reader knows what the trace does not yet list:
//   - the patent exhibit: the yield chart's curve numerals (202, 204),
//     which a template function computes from the number of steps; and
//     the n of the comparison table's batch row at the top of page 7,
//     which the trace places on page 6 in the caption "Table 3." its
//     search passed over;
//   - the claim chart: on page 4, a wrapped "(dep. 1)" cell, whose "1"
//     this test places inside the lot number "RGX-24-001" of the
//     evidence beside it, which then pushes the next evidence's lot
//     results (all listed on page 4) off their words;
//   - 3.2.A.2: the virus ids of the LRV table's header, which the
//     typesetter repeats on a continued page (the HIV-1 of the IVIG
//     example);
//   - words the trace lists whose entry this test, matching text without
//     regard to order, takes for an earlier copy on the page that classify
//     would excuse: the "1" of an address in 3.2.P.3.1 (taken for
//     "Table 1"), the step id of 3.2.S.2.2's table caption and of
//     3.2.P.3.3's virus reduction step (taken for a step id drawn in the
//     flow figure);
//   - values the typesetter breaks across lines with a hyphen;
//   - the documents added with the drug product and the justification
//     (3.2.S.2.3, 3.2.S.2.6, 3.2.S.4.5, 3.2.P.1, 3.2.P.3, 3.2.P.5): their
//     lot statistics, counts of lots tested, Ppk values and 3.2.S.2.6's
//     shifts of the mean, censored results as composed ("< 0.05 (2
//     lots)"), text results with their counts ("Complies (3 lots)") and
//     titre ranges are listed (3.2.S.4.5 in full); the number of censored
//     results of a figure's note and the drug product's counts are not
//     yet; their ceilings hold them where they
//     were measured. 3.2.P.1, 3.2.P.3.2, 3.2.P.5.1, 3.2.P.5.4 and 3.2.S.4.4
//     list every number: amounts per unit, the filled volume, shelf-life
//     criteria, the version and criterion that judged each lot, the lots
//     tested before the first version, and header rows drawn again on
//     the next page;
//   - in 3.2.S.2.2 and 3.2.S.2.4 of a process with drug product steps, the
//     drug substance yield and its step span, the ids of the drug product
//     steps and the drug substance parameter counts (8 words for the IVIG
//     and 10 for the albumin 3.2.S.2.2, 1 each for 3.2.S.2.4), which the
//     trace does not list yet;
//   - the albumin 3.2.P.3.5: its n, "(n = 3).", has no whole word "3"
//     to match, so its entry takes the first free "3" on the page, that
//     of the lots' yield "30.1," before it, which its own entry then
//     cannot cover (2 words; both values are listed in the trace).
//
// The test fails when a document has more: a value the trace listed is
// no longer listed. Lower a ceiling when the trace covers more.
var traceGapCeiling = map[string]map[string]int{
	"ivig-liquid": {"s222": 1, "s224": 0, "s225": 0, "s241": 0, "s244": 0, "a2": 1, "p81": 0, "p82": 0, "p83": 0,
		"patent-process": 3, "drawings": 0, "claim-chart": 7,
		"s223": 0, "s226": 0, "s245": 0, "p1": 0, "p31": 1, "p32": 0, "p33": 1, "p34": 0, "p35": 0, "p51": 0, "p52": 0, "p54": 0},
	"mab-ds": {"s222": 0, "s224": 0, "s225": 0, "s241": 0, "s244": 0, "a2": 0, "s71": 0, "s72": 0, "s73": 0,
		"s223": 0, "s226": 0, "s245": 0},
	"albumin-20": {"s222": 1, "s224": 0, "s225": 0, "p51": 0, "p54": 0, "a2": 0, "p81": 0, "p82": 0, "p83": 0,
		"s223": 0, "p1": 0, "p31": 1, "p32": 0, "p33": 1, "p34": 0, "p35": 2},
}

// TestTraceGapDoesNotGrow extracts every word holding a digit from each
// example PDF's pages (PDFium) and checks that each is covered by a trace
// entry of its page, or is one of the things classify allows (CTD
// section, table, figure and paragraph numbers, drawing-sheet numbers,
// lettered figure views, numbered-list items, labels drawn inside
// figures, text the template writes itself), but for at most the
// document's ceiling. It logs the gap by category.
func TestTraceGapDoesNotGrow(t *testing.T) {
	for example, ceilings := range traceGapCeiling {
		gaps, words := traceGap(t, "../../examples/"+example)
		byWhy := map[string]int{}
		bad := map[string][]string{}
		for _, g := range gaps {
			byWhy[g.why]++
			if g.why == "" {
				bad[g.doc] = append(bad[g.doc], "p"+strconv.Itoa(g.page)+" "+g.text)
			}
		}
		t.Logf("%s: %d words with a digit, %d outside a trace entry: %v", example, words, len(gaps), byWhy)
		docs := make([]string, 0, len(bad))
		for d := range bad {
			docs = append(docs, d)
		}
		sort.Strings(docs)
		for _, d := range docs {
			limit, known := ceilings[d]
			switch {
			case !known:
				// A document new to the example: measured, not yet held.
				t.Logf("%s %s: %d words not traced (no ceiling yet): %v", example, d, len(bad[d]), bad[d])
			case len(bad[d]) > limit:
				t.Errorf("%s %s: %d words with a digit are not traced, more than the %d allowed: %v", example, d, len(bad[d]), limit, bad[d])
			default:
				t.Logf("%s %s: %d words not traced (at most %d): %v", example, d, len(bad[d]), limit, bad[d])
			}
		}
	}
}

// wrapGap is how far apart, white space removed, the words of a value
// wrapped in a table cell may be, as the trace looks for them.
const wrapGap = 400
