package mdpdf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

// keepDoc is k filler paragraphs, a captioned table of rows rows, more
// filler and a captioned process flow of steps steps.
func keepDoc(k, rows, steps int) string {
	var b strings.Builder
	for i := 0; i < k; i++ {
		fmt.Fprintf(&b, "Filler line %d.\n\n", i)
	}
	b.WriteString("Table: Batch yields {#tbl:y}\n\n| Batch | Yield |\n|---|---|\n")
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(&b, "| Row%02d | %d %% |\n", i, 70+i)
	}
	b.WriteString("\nFiller after the table.\n\n```figure\n{\"kind\": \"process-flow\", \"steps\": [")
	for i := 1; i <= steps; i++ {
		if i > 1 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "{\"id\": \"S%d\", \"label\": \"Stage%02d of the process\"}", i, i)
	}
	b.WriteString("]}\n```\n\nFigure: Process flow {#fig:f}\n\nAfter the figure.\n")
	return b.String()
}

func TestKeepRules(t *testing.T) {
	const rows = 12
	for k := 18; k <= 36; k++ {
		pdf := render(t, []byte(keepDoc(k, rows, 3)), Options{Meta: testMeta()})
		pages, err := pdftest.PageTexts(pdf)
		if err != nil {
			t.Fatal(err)
		}
		last, prev := pageOf(pages, fmt.Sprintf("Row%02d", rows)), pageOf(pages, fmt.Sprintf("Row%02d", rows-1))
		if last != prev {
			t.Errorf("k=%d: the last row is alone on page %d, the row before it on page %d", k, last, prev)
		}
		if c, first := pageOf(pages, "Table 1. Batch yields"), pageOf(pages, "Row01"); c != first {
			t.Errorf("k=%d: the caption is on page %d, the table starts on page %d", k, c, first)
		}
		if c, s := pageOf(pages, "Figure 1. Process flow"), pageOf(pages, "Stage03"); c != s {
			t.Errorf("k=%d: the figure caption is on page %d, the figure ends on page %d", k, c, s)
		}
	}
}

// A figure taller than a page starts under the text before it instead of
// leaving the rest of that page blank; one that fits a page is not split.
func TestFigureUsesTheRestOfThePage(t *testing.T) {
	whole := render(t, []byte(keepDoc(4, 2, 14)), Options{Meta: testMeta()})
	wp, err := pdftest.PageTexts(whole)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := pageOf(wp, "Stage01"), pageOf(wp, "Stage14"); a != b {
		t.Errorf("a figure that fits a page was split over pages %d–%d", a, b)
	}
	pdf := render(t, []byte(keepDoc(4, 2, 40)), Options{Meta: testMeta()})
	pages, err := pdftest.PageTexts(pdf)
	if err != nil {
		t.Fatal(err)
	}
	before, first, lastStep := pageOf(pages, "Filler after the table."), pageOf(pages, "Stage01"), pageOf(pages, "Stage40")
	if first != before {
		t.Errorf("the figure starts on page %d, the text before it is on page %d", first, before)
	}
	if lastStep <= first {
		t.Fatalf("the figure fits one page (steps on pages %d–%d); the test needs a taller one", first, lastStep)
	}
	if c := pageOf(pages, "Figure 1. Process flow"); c != lastStep {
		t.Errorf("the caption is on page %d, the figure ends on page %d", c, lastStep)
	}
}
