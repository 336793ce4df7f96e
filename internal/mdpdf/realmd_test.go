package mdpdf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pdftest"
)

// HTML with a Markdown meaning is read as that Markdown; comments vanish.
func TestHTMLCommentsSupSubAndBr(t *testing.T) {
	src := "<!-- TODO: check the numbers -->\n\n# Energy\n\nE = mc<sup>2</sup> and H<sub>2</sub>O<br>on a new line <!-- hidden -->end.\n"
	var buf bytes.Buffer
	if _, err := Render(&buf, []byte(src), Options{}); err != nil {
		t.Fatal(err)
	}
	pages, err := pdftest.PageTexts(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	txt := pages[0]
	if strings.Contains(txt, "TODO") || strings.Contains(txt, "hidden") || strings.Contains(txt, "<") {
		t.Errorf("a comment or tag was printed:\n%s", txt)
	}
	lines := strings.Split(strings.ReplaceAll(txt, "\r\n", "\n"), "\n")
	found := false
	for i, l := range lines {
		if strings.Contains(l, "H2O") && i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "on a new line end.") {
			found = true
		}
	}
	if !found {
		t.Errorf("<br> did not break the line:\n%s", txt)
	}
	cs, err := pdftest.Chars(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	_, two := charsAfter(t, cs, "E=mc", 1)
	if two[0].Size > 12*scriptScale+0.05 {
		t.Errorf("<sup>2</sup> set at %.1f pt", two[0].Size)
	}
}

// One run names every problem of a real-world file, each with a remedy.
func TestEveryRefusalHasARemedy(t *testing.T) {
	src := "Text <kbd>Ctrl</kbd> and <span>x</span>.\n\n" + // line 1
		"![logo](/assets/logo.png) ![gone](img/none.png) ![web](https://example.com/a.png)\n\n" + // line 3
		"<aside>\nNote\n</aside>\n\n" + // line 5
		"See [here](#missing) 简.\n" // line 9
	_, err := Render(&bytes.Buffer{}, []byte(src), Options{File: "ch.md", Images: testImages(t)})
	ds, ok := diag.FromError(err)
	if !ok {
		t.Fatalf("err = %v, want problems", err)
	}
	diag.Sort(ds)
	want := []struct {
		line   int
		code   string
		remedy string
	}{
		{1, CodeRawHTML, "write `text` for code"},
		{1, CodeRawHTML, "write `text` for code"},
		{1, CodeRawHTML, "without the tag"},
		{1, CodeRawHTML, "without the tag"},
		{3, CodeImage, "written relative to it (assets/logo.png)"},
		{3, CodeImage, "no such file"},
		{3, CodeImage, "never fetched"},
		{5, CodeRawHTML, "content as Markdown"},
		{9, CodeLinkTarget, "give a heading or caption {#missing}"},
		{9, CodeGlyph, "--font"},
	}
	if len(ds) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(ds), len(want), err)
	}
	for i, w := range want {
		if d := ds[i]; d.Line != w.line || d.Code != w.code || !strings.Contains(d.Message, w.remedy) {
			t.Errorf("problem %d = %s\nwant line %d %s with %q", i, d, w.line, w.code, w.remedy)
		}
	}
}
