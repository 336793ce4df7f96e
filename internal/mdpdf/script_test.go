package mdpdf

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// charsAfter returns the n characters drawn after the first occurrence of
// the runes of prefix in cs (matched in drawing order, spaces skipped).
func charsAfter(t *testing.T, cs []pdftest.Char, prefix string, n int) (before, after []pdftest.Char) {
	t.Helper()
	want := []rune(strings.ReplaceAll(prefix, " ", ""))
	for i := 0; i+len(want)+n <= len(cs); i++ {
		ok := true
		for k, r := range want {
			if cs[i+k].Rune != r {
				ok = false
				break
			}
		}
		if ok {
			return cs[i : i+len(want)], cs[i+len(want) : i+len(want)+n]
		}
	}
	t.Fatalf("%q not found among the drawn characters", prefix)
	return nil, nil
}

func TestSuperscriptAndSubscript(t *testing.T) {
	src := "# Titre 10^4^ and log~10~\n\n" +
		"A titre of 10^6^ IU/mL after a log~10~ reduction; ~~struck~~ stays struck, and ~a b~ is no subscript.\n\n" +
		"| Unit | Value |\n|---|---|\n| m^2^ | TCID~50~ |\n"
	var buf bytes.Buffer
	if _, err := Render(&buf, []byte(src), Options{}); err != nil {
		t.Fatal(err)
	}
	pdf := buf.Bytes()
	cs, err := pdftest.Chars(pdf)
	if err != nil {
		t.Fatal(err)
	}
	check := func(prefix string, n int, super bool) {
		t.Helper()
		base, script := charsAfter(t, cs, prefix, n)
		ref := base[len(base)-1]
		for _, c := range script {
			if math.Abs(c.Size-ref.Size*scriptScale) > 0.05 {
				t.Errorf("%s%c: size %.2f, want %.2f (%.0f%% of %.2f)", prefix, c.Rune, c.Size, ref.Size*scriptScale, scriptScale*100, ref.Size)
			}
			shift := ref.Baseline - c.Baseline // positive: raised
			want := ref.Size * superRise
			if !super {
				want = -ref.Size * subDrop
			}
			if math.Abs(shift-want) > 0.1 {
				t.Errorf("%s%c: baseline shifted %.2f pt, want %.2f", prefix, c.Rune, shift, want)
			}
		}
	}
	check("Titre 10", 1, true) // heading
	check("titreof10", 1, true)
	check("alog", 2, false)
	check("Valuem", 1, true) // table cell
	check("TCID", 2, false)
	_, struck := charsAfter(t, cs, ";", 6)
	for _, c := range struck {
		if c.Size != 12 {
			t.Errorf("~~struck~~: %c set at %.2f pt, want the body size", c.Rune, c.Size)
		}
	}
	txt, err := pdftest.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(txt), " ")
	for _, want := range []string{"106 IU/mL", "log10 reduction", "struck stays", "~a b~", "m2", "TCID50"} {
		if !strings.Contains(flat, want) {
			t.Errorf("extracted text lacks %q:\n%s", want, flat)
		}
	}
	if strings.Contains(flat, "^") {
		t.Errorf("a caret was printed:\n%s", flat)
	}
	bm, err := pdftest.Bookmarks(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(bm) != 1 || bm[0].Title != "Titre 10⁴ and log₁₀" {
		t.Errorf("bookmarks %+v, want the heading with Unicode scripts", bm)
	}
}

func TestScriptSyntaxFollowsPandoc(t *testing.T) {
	cases := []struct {
		src   string
		kinds []string // inline node kinds under the paragraph, in order
	}{
		{"10^4^", []string{"Text", "Superscript"}},
		{"log~10~", []string{"Text", "Subscript"}},
		{"~~gone~~", []string{"Strikethrough"}},
		{"~a b~", []string{"Text", "Text"}},       // a space: not a subscript
		{"^a\\ b^", []string{"Superscript"}},      // an escaped space is a space
		{"2^10 and 3^", []string{"Text", "Text"}}, // unmatched
		{"^^", []string{"Text", "Text"}},
		{"H~2~O", []string{"Text", "Subscript", "Text"}},
	}
	for _, c := range cases {
		src := []byte(c.src)
		doc := mdext.New().Parser().Parse(text.NewReader(src))
		var got []string
		for n := doc.FirstChild().FirstChild(); n != nil; n = n.NextSibling() {
			got = append(got, n.Kind().String())
		}
		if strings.Join(got, ",") != strings.Join(c.kinds, ",") {
			var b strings.Builder
			_ = ast.Walk(doc, func(n ast.Node, e bool) (ast.WalkStatus, error) {
				if e {
					b.WriteString(n.Kind().String() + " ")
				}
				return ast.WalkContinue, nil
			})
			t.Errorf("%q: inlines %v, want %v (%s)", c.src, got, c.kinds, b.String())
		}
	}
}

func TestUnicodeScriptDigitsHaveNoGaps(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Render(&buf, []byte("A log₁₀ reduction of TCID₅₀ and 10⁴ IU.\n"), Options{}); err != nil {
		t.Fatal(err)
	}
	cs, err := pdftest.Chars(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"log₁₀", "TCID₅₀", "10⁴"} {
		base, _ := charsAfter(t, cs, w, 0)
		for i := 1; i < len(base); i++ {
			gap := base[i].X0 - base[i-1].X1
			if gap > 1.2 {
				t.Errorf("%s: %.2f pt of white between %c and %c", w, gap, base[i-1].Rune, base[i].Rune)
			}
		}
	}
	txt, err := pdftest.Text(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(txt, "A log₁₀ reduction of TCID₅₀ and 10⁴ IU.") {
		t.Errorf("extracted %q", txt)
	}
}
