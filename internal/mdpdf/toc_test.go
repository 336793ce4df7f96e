package mdpdf

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

// TestTOCPageNumbersMatch reads the table of contents back from the PDF
// and checks each printed page number against where the reader's outline
// (and the heading text) actually is.
func TestTOCPageNumbersMatch(t *testing.T) {
	pdf := render(t, []byte(longDoc(2)), Options{Meta: testMeta(), TOC: true})
	pages, err := pdftest.PageTexts(pdf)
	if err != nil {
		t.Fatal(err)
	}
	entry := regexp.MustCompile(`(?m)^(Section \d+|Subsection \d+\.1)[ .]*?(\d+)\s*$`)
	toc := entry.FindAllStringSubmatch(pages[0], -1)
	if len(toc) != 24 {
		t.Fatalf("found %d TOC entries on page 1, want 24:\n%s", len(toc), pages[0])
	}
	for _, m := range toc {
		want, _ := strconv.Atoi(m[2])
		if want < 2 || want > len(pages) {
			t.Errorf("%s: page %d out of range", m[1], want)
			continue
		}
		if !strings.Contains(pages[want-1], m[1]+"\n") && !strings.Contains(pages[want-1], m[1]+"\r") {
			t.Errorf("TOC says %q is on page %d, but it is not there", m[1], want)
		}
	}
	links, err := pdftest.Links(pdf)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range links {
		if l.Page == 1 && l.DestPage > 1 {
			n++
		}
	}
	if n < 24 {
		t.Errorf("%d live TOC links on page 1, want at least 24", n)
	}
}

// TestPDFTextInsideMargins checks every character of real PDFs (as PDFium
// places them) against the style's margin and size rules.
func TestPDFTextInsideMargins(t *testing.T) {
	meta := testMeta()
	meta.Draft = true
	for _, style := range []Style{StyleCTD, StylePatent} {
		pdf := render(t, []byte(featureDocNoImages), Options{Style: style, Meta: meta})
		chars, err := pdftest.Chars(pdf)
		if err != nil {
			t.Fatal(err)
		}
		sizes, err := pdftest.PageSizes(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if len(chars) < 500 {
			t.Fatalf("%s: only %d characters read back", style, len(chars))
		}
		m := ruleMargins(style)
		minSize := 9.0
		if style == StylePatent {
			minSize = 12
		}
		for _, c := range chars {
			ps := sizes[c.Page-1]
			if c.X0 < m[0] || c.Y0 < m[1] || c.X1 > ps.W-m[2] || c.Y1 > ps.H-m[3] {
				t.Errorf("%s page %d: %q at (%.1f,%.1f)-(%.1f,%.1f) outside the margins", style, c.Page, c.Rune, c.X0, c.Y0, c.X1, c.Y1)
			}
			if c.Size < minSize-0.01 {
				t.Errorf("%s page %d: %q at %.1f pt", style, c.Page, c.Rune, c.Size)
			}
		}
	}
}
