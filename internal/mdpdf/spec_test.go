package mdpdf

import (
	"bytes"
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// specExample is one example of the CommonMark spec as goldmark ships it.
type specExample struct {
	Markdown string `json:"markdown"`
	Example  int    `json:"example"`
	Section  string `json:"section"`
}

// loadSpec reads goldmark's copy of the CommonMark spec examples from the
// module cache (it is not copied into this repository).
func loadSpec(t *testing.T) []specExample {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		t.Skipf("cannot locate goldmark with go list: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "_test", "spec.json"))
	if err != nil {
		t.Skipf("goldmark spec examples not available: %v", err)
	}
	var ex []specExample
	if err := json.Unmarshal(data, &ex); err != nil {
		t.Fatal(err)
	}
	return ex
}

var tagPattern = regexp.MustCompile(`<[^>]*>`)

// htmlTokens is the visible text of goldmark's HTML for src, split into
// words: tags removed, entities decoded.
func htmlTokens(t *testing.T, md goldmark.Markdown, src []byte) []string {
	var buf bytes.Buffer
	if err := md.Convert(src, &buf); err != nil {
		t.Fatal(err)
	}
	return strings.Fields(html.UnescapeString(tagPattern.ReplaceAllString(buf.String(), " ")))
}

func hasKind(doc ast.Node, kinds ...ast.NodeKind) bool {
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		for _, k := range kinds {
			if entering && n.Kind() == k {
				found = true
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return found
}

var undrawable = regexp.MustCompile(`cannot draw U\+([0-9A-F]{4,6})`)

// TestCommonMarkSpec typesets every example of the CommonMark spec. For
// each, the words of goldmark's own HTML output must appear, in order, in
// the text read back from our PDF. Examples with raw HTML must fail with a
// a positioned problem instead, as must examples with images (no image directory is
// given) and examples using a character the embedded fonts cannot draw.
func TestCommonMarkSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: renders 650 documents")
	}
	examples := loadSpec(t)
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute()),
		goldmark.WithRendererOptions(ghtml.WithUnsafe()),
	)
	fonts := canvas.NewFonts()
	var passed, refusedHTML, refusedImage, refusedGlyph, refusedLink int
	for _, ex := range examples {
		src := []byte(ex.Markdown)
		doc := mdext.New().Parser().Parse(text.NewReader(src))
		wantHTMLErr := hasKind(doc, ast.KindHTMLBlock, ast.KindRawHTML)
		wantImageErr := hasKind(doc, ast.KindImage)
		var buf bytes.Buffer
		_, err := Render(&buf, src, Options{StraightQuotes: true}) // the spec prints quotes as typed
		se, seOK := firstProblem(err)
		switch {
		case err != nil && !seOK:
			t.Errorf("example %d (%s): non-source error %v", ex.Example, ex.Section, err)
			continue
		case se != nil && strings.Contains(se.Message, "raw HTML"):
			if !wantHTMLErr {
				t.Errorf("example %d (%s): raw HTML error but goldmark saw no HTML: %v", ex.Example, ex.Section, se)
			}
			if l := strings.Count(ex.Markdown, "\n") + 1; se.Line < 1 || se.Line > l || se.Col < 1 {
				t.Errorf("example %d: position %d:%d outside the source", ex.Example, se.Line, se.Col)
			}
			refusedHTML++
			continue
		case wantHTMLErr:
			t.Errorf("example %d (%s): raw HTML was not refused (err %v)", ex.Example, ex.Section, err)
			continue
		case se != nil && strings.Contains(se.Message, "image"):
			if !wantImageErr {
				t.Errorf("example %d (%s): image error without an image: %v", ex.Example, ex.Section, se)
			}
			refusedImage++
			continue
		case se != nil && undrawable.MatchString(se.Message):
			// Refusing is right only if the fonts really lack the character.
			m := undrawable.FindStringSubmatch(se.Message)
			var r rune
			for _, c := range m[1] {
				r = r*16 + rune(strings.IndexRune("0123456789ABCDEF", c))
			}
			if fonts.HasGlyph(canvas.Font{Family: canvas.Serif}, r) && fonts.HasGlyph(canvas.Font{Family: canvas.Mono}, r) {
				t.Errorf("example %d: refused U+%04X, which the fonts can draw", ex.Example, r)
			}
			t.Logf("example %d: refused %s", ex.Example, m[0])
			refusedGlyph++
			continue
		case se != nil && strings.Contains(se.Message, "link target #"):
			// regdoc refuses links to anchors the document lacks.
			if !strings.Contains(ex.Markdown, "(#") {
				t.Errorf("example %d: dangling-link error without a #link: %v", ex.Example, se)
			}
			refusedLink++
			continue
		case se != nil:
			t.Errorf("example %d (%s): unexpected source error %v\n%s", ex.Example, ex.Section, se, ex.Markdown)
			continue
		}
		got, err := pdftest.Text(buf.Bytes())
		if err != nil {
			t.Fatalf("example %d: %v", ex.Example, err)
		}
		flat := strings.Join(strings.Fields(got), "")
		pos := 0
		for _, tok := range htmlTokens(t, md, src) {
			i := strings.Index(flat[pos:], tok)
			if i < 0 {
				t.Errorf("example %d (%s): %q missing after offset %d of PDF text %q\nsource: %q", ex.Example, ex.Section, tok, pos, flat, ex.Markdown)
				break
			}
			pos += i + len(tok)
		}
		passed++
	}
	t.Logf("%d examples: %d text checked, %d refused for raw HTML, %d for images, %d for undrawable characters, %d for links to missing anchors",
		len(examples), passed, refusedHTML, refusedImage, refusedGlyph, refusedLink)
}
