package pipeline

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/regdoc/regdoc/internal/pdftest"
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
	outs, err := l.Build(Options{Out: t.TempDir(), Emit: []string{"trace"}})
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
				gaps = append(gaps, gapToken{doc: tf.Document, page: i + 1, text: w, why: classify(w)})
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
// is outside every entry's text. Entries are matched white space
// removed, in order, each on the first stretch of the page not yet
// matched.
func uncovered(page string, entries []string) []string {
	type word struct{ from, to int } // in the squeezed page
	var flat []rune
	var ws []word
	for _, w := range strings.Fields(page) {
		from := len(flat)
		flat = append(flat, []rune(squeezeAll(w))...)
		ws = append(ws, word{from, len(flat)})
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
	for _, e := range entries {
		needle := squeezeAll(e)
		if needle == "" {
			continue
		}
		for off := 0; off <= len(s); {
			i := strings.Index(s[off:], needle)
			if i < 0 {
				break
			}
			from, to := runeAt[off+i], runeAt[off+i+len(needle)]
			free := true
			for k := from; k < to; k++ {
				if covered[k] {
					free = false
					break
				}
			}
			if free {
				for k := from; k < to; k++ {
					covered[k] = true
				}
				break
			}
			off += i + 1
			for off < len(s) && !utf8Start(s[off]) {
				off++
			}
		}
	}
	var out []string
	for _, w := range ws {
		for k := w.from; k < w.to; k++ {
			if unicode.IsDigit(flat[k]) && !covered[k] {
				out = append(out, string(flat[w.from:w.to]))
				break
			}
		}
	}
	return out
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
	sectionNumber = regexp.MustCompile(`^\(?\d\.\d\.[SPA](\.\d+)*\)?[.,:;]?$`)
)

// classify says why a number-bearing word is allowed to have no trace
// entry, or "" when nothing explains it.
func classify(w string) string {
	switch {
	case sectionNumber.MatchString(w):
		return "CTD section number"
	}
	return ""
}

// TestTraceGap reports every number-bearing word of the three examples'
// PDFs that no trace entry covers.
func TestTraceGap(t *testing.T) {
	for _, dir := range []string{"../../examples/ivig-liquid", "../../examples/mab-ds", "../../examples/albumin-20"} {
		gaps, words := traceGap(t, dir)
		byWhy := map[string]int{}
		var bad []string
		for _, g := range gaps {
			byWhy[g.why]++
			if g.why == "" {
				bad = append(bad, g.doc+" p"+strconv.Itoa(g.page)+": "+g.text)
			}
		}
		sort.Strings(bad)
		t.Logf("%s: %d number-bearing words, %d outside an entry: %v", dir, words, len(gaps), byWhy)
		for _, b := range bad {
			t.Log(b)
		}
	}
}

