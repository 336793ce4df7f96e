package mdpdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

// TestNoBreakRules sets each kept-together phrase after fillers of every
// length, so that some line would end inside it if it could, and reads
// the lines back: each phrase must lie whole on one line.
func TestNoBreakRules(t *testing.T) {
	phrases := []struct{ md, text string }{
		{"20 %", "20 %"},
		{"4 × 10^3^", "4 × 103"},
		{"190 – 210 g/L", "190 – 210 g/L"},
		{"≤ 200 µg/L", "≤ 200 µg/L"},
		{"37 °C", "37 °C"},
		{"*21* %", "21 %"}, // across styles
		{"5.0 ± 0.2 mL", "5.0 ± 0.2 mL"},
		{"10\\^4 IU/mL", "10^4 IU/mL"}, // escaped, as data values arrive
	}
	var src strings.Builder
	const fillers = 70
	for _, p := range phrases {
		for n := 1; n <= fillers; n++ {
			fmt.Fprintf(&src, "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor %s %s end.\n\n", strings.Repeat("i", n), p.md)
		}
	}
	var buf bytes.Buffer
	if _, err := Render(&buf, []byte(src.String()), Options{}); err != nil {
		t.Fatal(err)
	}
	pages, err := pdftest.PageTexts(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, p := range pages {
		lines = append(lines, strings.Split(strings.ReplaceAll(p, "\r\n", "\n"), "\n")...)
	}
	for _, p := range phrases {
		whole, wrapped := 0, 0
		for _, l := range lines {
			l = strings.Join(strings.Fields(l), " ")
			if strings.Contains(l, p.text) {
				whole++
			}
		}
		// Some lines must have wrapped around the phrase: otherwise the
		// test proves nothing.
		for i := 0; i+1 < len(lines); i++ {
			if strings.HasSuffix(strings.TrimSpace(lines[i]), "i") && strings.HasPrefix(strings.TrimSpace(lines[i+1]), strings.Fields(p.text)[0]) {
				wrapped++
			}
		}
		if whole != fillers {
			t.Errorf("%q whole on %d lines, want %d", p.text, whole, fillers)
		}
		if wrapped == 0 {
			t.Errorf("%q: no line broke before the phrase; the fillers do not reach the line end", p.text)
		}
	}
}
