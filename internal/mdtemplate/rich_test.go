package mdtemplate

import (
	"bytes"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/regdoc/regdoc/internal/mdpdf"
	"github.com/regdoc/regdoc/internal/pdftest"
)

// organism stands for a data field the schema marks rich.
type organism string

func (o organism) RichText() string { return string(o) }

func TestRichTextKeepsTheSafeSubsetOnly(t *testing.T) {
	tm, err := Parse("t.md", "{{.}}\n\nTested against {{.}} here.\n\n| Organism |\n|---|\n| {{.}} |\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	const v = "*Treponema pallidum*, **live**, 10^6^ cells, H~2~O, _E. coli_ | [a link](http://x.y) <b>x</b> ![i](p.png) `code` # not a heading"
	for _, tc := range []struct {
		value any
		rich  bool
	}{{organism(v), true}, {v, false}} {
		md, err := tm.Render(tc.value)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := mdext.New().Convert([]byte(md), &buf); err != nil {
			t.Fatal(err)
		}
		html := buf.String()
		for _, never := range []string{"<a ", "<b>", "<img", "<code>", "<h1", "<li"} {
			if strings.Contains(html, never) {
				t.Errorf("rich=%v: the value made %s:\n%s", tc.rich, never, html)
			}
		}
		if got := strings.Count(html, "<em>Treponema pallidum</em>"); tc.rich && got != 3 || !tc.rich && got != 0 {
			t.Errorf("rich=%v: %d italic organism names:\n%s", tc.rich, got, html)
		}
		for _, want := range []string{"<strong>live</strong>", "10<sup>6</sup>", "H<sub>2</sub>O", "<em>E. coli</em>"} {
			if strings.Contains(html, want) != tc.rich {
				t.Errorf("rich=%v: %q present = %v:\n%s", tc.rich, want, !tc.rich, html)
			}
		}
		if !strings.Contains(html, "| [a link](http://x.y) &lt;b&gt;x&lt;/b&gt; ![i](p.png) `code` # not a heading") {
			t.Errorf("rich=%v: the rest is not literal:\n%s", tc.rich, html)
		}
		if c := strings.Count(html, "<td>"); c != 1 {
			t.Errorf("rich=%v: %d table cells, want 1", tc.rich, c)
		}
	}
}

func TestRichTextInThePDF(t *testing.T) {
	tm, err := Parse("t.md", "Challenge organism: {{.}}.\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	md, err := tm.Render(organism("*Treponema pallidum* at 10^6^ CFU"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := mdpdf.Render(&buf, []byte(md), mdpdf.Options{}); err != nil {
		t.Fatal(err)
	}
	txt, err := pdftest.Text(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(txt), " "), "Challenge organism: Treponema pallidum at 106 CFU.") {
		t.Errorf("text %q", txt)
	}
}

// A web address in a rich value prints as written: its underscores and
// asterisks are not marks, and it does not become a link.
func TestRichTextKeepsWebAddressesLiteral(t *testing.T) {
	tm, err := Parse("t.md", "{{.}}\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	md, err := tm.Render(organism("*E. coli*, see http://example.org/_a_ www.example.com/*x* or a_b_c@d.co, 10^4^"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := mdext.New().Convert([]byte(md), &buf); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	want := "<p><em>E. coli</em>, see http://example.org/_a_ www.example.com/*x* or a_b_c@d.co, 10<sup>4</sup></p>\n"
	if html != want {
		t.Errorf("got  %q\nwant %q", html, want)
	}
}
