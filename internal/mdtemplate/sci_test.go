package mdtemplate

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/mdpdf"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/pdftest"
)

func TestSciMarkdown(t *testing.T) {
	num := func(s string) model.Number {
		n, err := model.NewNumber(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	cases := []struct {
		in   any
		want string
	}{
		{num("1e4"), "1\u00a0×\u00a010^4^"},
		{num("2.50E-3"), "2.50\u00a0×\u00a010^−3^"},
		{num("-1.5e+6"), "−1.5\u00a0×\u00a010^6^"},
		{num("10000"), "1\u00a0×\u00a010^4^"},
		{num("3.2"), "3.2"},
		{0.00045, "4.5\u00a0×\u00a010^−4^"},
	}
	for _, c := range cases {
		got, err := Sci(c.in)
		if err != nil || string(got) != c.want {
			t.Errorf("sci %v = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := Sci(math.Inf(1)); err == nil {
		t.Error("sci +Inf: no error")
	}
}

// The template function's superscript is a real superscript in the PDF.
func TestSciTypesetsASuperscript(t *testing.T) {
	tm, err := Parse("t.md", "Parvovirus B19 DNA does not exceed {{sci .}} IU/mL.\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := model.NewNumber("1e4")
	md, err := tm.Render(n)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := mdpdf.Render(&buf, []byte(md), mdpdf.Options{}); err != nil {
		t.Fatal(err)
	}
	cs, err := pdftest.Chars(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var text []rune
	for _, c := range cs {
		text = append(text, c.Rune)
	}
	i := strings.Index(string(text), "104IU")
	if i < 0 {
		t.Fatalf("drawn %q", string(text))
	}
	k := len([]rune(string(text)[:i]))
	zero, four := cs[k+1], cs[k+2]
	if four.Size >= zero.Size*0.8 || four.Baseline >= zero.Baseline-2 {
		t.Errorf("the exponent is not a superscript: size %.1f/%.1f, baseline %.1f/%.1f", four.Size, zero.Size, four.Baseline, zero.Baseline)
	}
}
