package mdpdf

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/mdext"
)

// layoutOf typesets src onto a Recorder and also returns the pages the
// pager produced, for rules that are about the cut between pages.
func layoutOf(t *testing.T, src string, opts Options) (*canvas.Recorder, []pageLayout) {
	t.Helper()
	geo, err := newGeometry(opts.Style, opts.Paper)
	if err != nil {
		t.Fatal(err)
	}
	rec := canvas.NewRecorder(nil)
	r := newRenderer(rec, []byte(src), opts, geo)
	if err := r.buildFurniture(); err != nil {
		t.Fatal(err)
	}
	doc := mdext.New().Parser().Parse(textReader(src))
	r.collectLabels(doc)
	if err := r.walk(doc); err != nil {
		t.Fatal(err)
	}
	if err := r.finish(); err != nil {
		t.Fatal(err)
	}
	pages := r.paginate()
	if err := r.draw(rec, pages); err != nil {
		t.Fatal(err)
	}
	return rec, pages
}

// longDoc mixes headings, paragraphs of varied length, lists, code and a
// table so that page breaks fall in every kind of place.
func longDoc(seed int64) string {
	rng := rand.New(rand.NewSource(seed))
	words := strings.Fields("plasma fractionation yields immune globulin with caprylate and chromatography steps " +
		"while virus reduction relies on solvent detergent treatment and nanofiltration under controlled conditions")
	para := func() string {
		n := 10 + rng.Intn(120)
		var w []string
		for i := 0; i < n; i++ {
			w = append(w, words[rng.Intn(len(words))])
		}
		return strings.Join(w, " ") + "."
	}
	var b strings.Builder
	b.WriteString("# Long document\n\n")
	for s := 1; s <= 12; s++ {
		fmt.Fprintf(&b, "## Section %d\n\n", s)
		for p := 0; p < 1+rng.Intn(4); p++ {
			b.WriteString(para() + "\n\n")
		}
		if s%3 == 0 {
			b.WriteString("- " + para() + "\n- " + para() + "\n  - nested " + para() + "\n\n")
		}
		if s%4 == 0 {
			b.WriteString("| Step | Description | Result |\n|---|---|--:|\n")
			for i := 0; i < 10+rng.Intn(30); i++ {
				fmt.Fprintf(&b, "| %d | %s | %d %% |\n", i, para(), rng.Intn(100))
			}
			b.WriteString("\n")
		}
		if s%5 == 0 {
			b.WriteString("```\n" + strings.Repeat("x := compute(plasma, ethanol, 42) // a long code line that must wrap at the margin\n", 8) + "```\n\n")
		}
		fmt.Fprintf(&b, "### Subsection %d.1\n\n%s\n\n", s, para())
	}
	return b.String()
}

// margins per style: left, top, right, bottom in points (the rules, not
// our settings).
func ruleMargins(style Style) [4]float64 {
	if style == StylePatent {
		return [4]float64{70.9, 56.7, 56.7, 56.7}
	}
	return [4]float64{54, 27, 27, 27}
}

func TestLayoutStaysInsideMarginsAndSizes(t *testing.T) {
	for _, style := range []Style{StyleCTD, StylePatent} {
		for _, paper := range []string{"letter", "a4"} {
			t.Run(string(style)+"/"+paper, func(t *testing.T) {
				meta := testMeta()
				meta.Draft = true
				rec, _ := layoutOf(t, longDoc(1)+featureDocNoImages, Options{Style: style, Paper: paper, Meta: meta, TOC: true})
				m := ruleMargins(style)
				minSize := 9.0
				if style == StylePatent {
					minSize = 12
				}
				var pw, ph float64
				for _, op := range rec.Ops {
					switch op.Kind {
					case canvas.OpPage:
						pw, ph = op.W, op.H
						if style == StylePatent && pw > ph {
							t.Errorf("page %d is landscape in a patent document", op.Page)
						}
					case canvas.OpText:
						if op.Degrees != 0 {
							// The watermark: every corner of its turned box.
							th := op.Degrees * math.Pi / 180
							for _, u := range []float64{0, op.W} {
								for _, v := range []float64{-0.891 * op.Size, 0.216 * op.Size} {
									x := op.X + u*math.Cos(th) + v*math.Sin(th)
									y := op.Y - u*math.Sin(th) + v*math.Cos(th)
									if x < m[0] || y < m[1] || x > pw-m[2] || y > ph-m[3] {
										t.Errorf("page %d: watermark corner (%.0f,%.0f) outside the margins", op.Page, x, y)
									}
								}
							}
							continue
						}
						// Glyph box: ascent 0.891 em above, descent 0.216 em below.
						x0, x1 := op.X, op.X+op.W
						y0, y1 := op.Y-0.891*op.Size, op.Y+0.216*op.Size
						if x0 < m[0] || y0 < m[1] || x1 > pw-m[2] || y1 > ph-m[3] {
							t.Errorf("page %d: %q at (%.1f,%.1f)-(%.1f,%.1f) is outside the margins", op.Page, op.Text, x0, y0, x1, y1)
						}
						if op.Size < minSize {
							t.Errorf("page %d: %q set at %.1f pt", op.Page, op.Text, op.Size)
						}
						if op.Color != canvas.Black && op.Color != canvas.LinkBlue {
							t.Errorf("page %d: %q in colour %06x", op.Page, op.Text, op.Color)
						}
					}
				}
			})
		}
	}
}

// featureDocNoImages is the feature tour without the images, for tests
// that run without an image directory.
var featureDocNoImages = strings.NewReplacer("![Flow](img/flow.png)", "", "![Photo](img/photo.jpg \"A photograph\")", "",
	"Figure: Process flow {#fig:flow}", "", "[](#fig:flow)", "figure").Replace(featureDoc)

func TestPageBreakRules(t *testing.T) {
	for seed := int64(1); seed <= 6; seed++ {
		for _, style := range []Style{StyleCTD, StylePatent} {
			_, pages := layoutOf(t, longDoc(seed), Options{Style: style, Meta: testMeta()})
			if len(pages) < 5 {
				t.Fatalf("seed %d: only %d pages", seed, len(pages))
			}
			for pi, p := range pages {
				if len(p.items) == 0 {
					t.Errorf("seed %d %s: page %d is empty", seed, style, pi+1)
					continue
				}
				last := p.items[len(p.items)-1].b
				if last.mark != nil {
					t.Errorf("seed %d %s: page %d ends with heading %q", seed, style, pi+1, last.mark.title)
				}
				if last.isHeader {
					t.Errorf("seed %d %s: page %d ends with a table header", seed, style, pi+1)
				}
				if pi+1 < len(pages) {
					next := pages[pi+1].items[0].b
					// Orphan: the page ends with the first line of a block
					// that continues; widow: the next page starts with the
					// last line of a block begun here.
					if last.block > 0 && next.block == last.block {
						n := 0
						for _, it := range p.items {
							if it.b.block == last.block {
								n++
							}
						}
						m := 0
						for _, it := range pages[pi+1].items {
							if it.b.block == last.block {
								m++
							}
						}
						if n == 1 || m == 1 {
							t.Errorf("seed %d %s: block split %d/%d lines across pages %d/%d", seed, style, n, m, pi+1, pi+2)
						}
					}
				}
			}
		}
	}
}

func TestTableRowsNotSplitAndHeaderRepeats(t *testing.T) {
	var b strings.Builder
	b.WriteString("| Id | Text |\n|---|---|\n")
	for i := 0; i < 80; i++ {
		fmt.Fprintf(&b, "| %d | %s |\n", i, strings.Repeat("wrapped cell text ", 1+i%6))
	}
	_, pages := layoutOf(t, b.String(), Options{Meta: testMeta()})
	if len(pages) < 3 {
		t.Fatalf("%d pages", len(pages))
	}
	for pi, p := range pages {
		if !p.items[0].b.isHeader {
			t.Errorf("page %d does not start with the table header", pi+1)
		}
		last := p.items[len(p.items)-1].b
		if last.keep {
			t.Errorf("page %d ends inside a table row", pi+1)
		}
	}
}

func TestTallRowSplitsBetweenLines(t *testing.T) {
	src := "| A | B |\n|---|---|\n| x | " + strings.Repeat("a very long cell that wraps many times ", 200) + " |\n"
	rec, pages := layoutOf(t, src, Options{Meta: testMeta()})
	if len(pages) < 2 {
		t.Fatalf("a row taller than a page fit on %d page", len(pages))
	}
	// Every line of the row is drawn fully inside a page.
	for _, op := range rec.Texts() {
		if op.Y > 792-27 {
			t.Errorf("text below the page: %+v", op)
		}
	}
	for pi := 1; pi < len(pages); pi++ {
		if !pages[pi].items[0].b.isHeader {
			t.Errorf("continuation page %d lacks the header", pi+1)
		}
	}
}

func TestDeepNestingStaysOnPage(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 40; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- level " + fmt.Sprint(i) + " " + strings.Repeat("word ", 30) + "\n")
	}
	b.WriteString("\n" + strings.Repeat("> ", 40) + strings.Repeat("quoted ", 80) + "\n")
	rec, _ := layoutOf(t, b.String(), Options{Meta: testMeta()})
	for _, op := range rec.Texts() {
		if op.X < 54 || op.X+op.W > 612-27 {
			t.Errorf("%q at x %.1f..%.1f leaves the text column", op.Text, op.X, op.X+op.W)
		}
	}
}
