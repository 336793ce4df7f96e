package canvas

import (
	"bytes"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

// TestPageTextsMatchPDFium reads a two-page drawing back and compares each
// page with what PDFium extracts; Ċ (U+010A) puts a newline byte inside a
// UTF-16 string, and backslash and parenthesis are escaped.
func TestPageTextsMatchPDFium(t *testing.T) {
	p := NewPDF(nil, Info{Title: "t"})
	lines := [][]string{{"Yield 75 % (IgG) " + special, "a \\ backslash and ) paren"}, {"Page two: ≤ 0.4 mg/mL", "Ċ and Ċ"}}
	for _, page := range lines {
		p.AddPage(Letter, Portrait)
		p.SetFont(Font{Family: Sans}, 11)
		for i, s := range page {
			p.Text(72, 100+float64(i)*20, s)
		}
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := PageTexts(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want, err := pdftest.PageTexts(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(want) != 2 {
		t.Fatalf("%d pages read back, PDFium %d; want 2", len(got), len(want))
	}
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for i := range got {
		if norm(got[i]) != norm(want[i]) {
			t.Errorf("page %d: read back %q, PDFium %q", i+1, got[i], want[i])
		}
	}
}
