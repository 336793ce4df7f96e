package mdpdf

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// renderReferee is goldmark's own HTML renderer with the parser options
// mdpdf uses (CommonMark, GFM, footnotes, heading ids and attributes). Its
// visible text is what a reader of the Markdown expects to find in the PDF.
func renderReferee() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute()),
		goldmark.WithRendererOptions(ghtml.WithUnsafe()),
	)
}

var (
	// refereeBackref is the "↩︎" link goldmark adds after each footnote;
	// it is navigation, not text of the document.
	refereeBackref = regexp.MustCompile(`<a href="#fnref[^"]*"[^>]*>[^<]*</a>`)
	refereeTag     = regexp.MustCompile(`<[^>]*>`)
	refusedGlyph   = regexp.MustCompile(`cannot draw U\+([0-9A-F]{4,6})`)
)

// refereeWords is the visible text of goldmark's HTML for src, as words.
func refereeWords(md goldmark.Markdown, src []byte) ([]string, error) {
	var buf bytes.Buffer
	if err := md.Convert(src, &buf); err != nil {
		return nil, err
	}
	s := refereeBackref.ReplaceAllString(buf.String(), "")
	s = refereeTag.ReplaceAllString(s, " ")
	return strings.Fields(html.UnescapeString(s)), nil
}

// blankPageBreaks returns src with each \newpage line that mdpdf reads as a
// page break (mdext) blanked out: to a CommonMark reader, which does not
// know the extension, the break then separates blocks as it does for mdpdf.
func blankPageBreaks(src []byte, tree ast.Node) []byte {
	out := bytes.Clone(src)
	_ = ast.Walk(tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == mdext.KindPageBreak {
			if p := n.Pos(); p >= 0 && bytes.HasPrefix(out[p:], []byte(`\newpage`)) {
				copy(out[p:], bytes.Repeat([]byte(" "), len(`\newpage`)))
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// hasNodeKind reports whether the tree holds a node of one of kinds.
func hasNodeKind(doc ast.Node, kinds ...ast.NodeKind) bool {
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

// drawableEverywhere reports whether every embedded face can draw r, in
// which case refusing it is wrong.
func drawableEverywhere(fonts *canvas.Fonts, r rune) bool {
	for fam := canvas.Serif; fam <= canvas.Mono; fam++ {
		for _, bold := range []bool{false, true} {
			for _, italic := range []bool{false, true} {
				if !fonts.HasGlyph(canvas.Font{Family: fam, Bold: bold, Italic: italic}, r) {
					return false
				}
			}
		}
	}
	return true
}

// FuzzRender typesets arbitrary Markdown into a real PDF. Render must never
// panic; it either refuses the input with a positioned problem inside the source
// for a reason the input really has (raw HTML, an image without an image
// directory, a character no embedded font can draw, a link to a missing
// anchor), or writes a PDF that a reader (PDFium) opens and whose text holds
// every word of goldmark's HTML rendering of the same Markdown — in order,
// unless footnotes legitimately move text; with a table, whose cells may be
// cut between characters, every character as often as written. Seeds beyond these
// live in testdata/fuzz/FuzzRender and run with every 'go test'.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"# Title\n\nSome *emphasis*, **strong**, `code` and ~~gone~~ text.\n",
		"1. one\n2. two\n   - nested\n   - [x] done\n\n> quoted\n> - list in quote\n",
		"| A | B |\n|:--|--:|\n| 1 | two words |\n| *x* | `y` |\n",
		"Text[^1] with a note.\n\n[^1]: The note.\n",
		"```go\nfunc main() {}\n```\n\n    indented code\n",
		"A [link](https://example.org) and <https://example.org/a>, www.example.com, a@b.co.\n",
		"## Heading {#custom}\n\nSee [above](#custom).\n",
		"Table: Yields {#tbl:y}\n\n| Step | Yield |\n|---|---|\n| P1 | 98.5 % |\n\nSee [](#tbl:y).\n",
		"para\n\n\\newpage\n\nnext page\n",
		"µ ± ≤ ≥ β ⁶ – ° — “quotes” ‘s’ … €\n",
		"Caprylate \\| \\*fast\\* \\[x\\](y) \\<b\\> \\\\ \\#1\n",
		"&amp; &lt; &copy; &#x41; &#0;\n",
		"<b>raw</b>\n", "<div>\nblock\n</div>\n", "![img](x.png)\n", "[dangling](#nowhere)\n", "emoji 😀\n",
		"Setext\n===\n\nand\n---\n", "***\n___\n", "a  \nhard break\\\nagain\n",
		strings.Repeat("long ", 400) + "\n",
		strings.Repeat("> ", 30) + "deep quote\n",
		strings.Repeat("- ", 30) + "deep list\n",
		"| " + strings.Repeat("c | ", 40) + "\n|" + strings.Repeat("-|", 40) + "\n| " + strings.Repeat("w | ", 40) + "\n",
		strings.Repeat("x", 300) + "\n",
	} {
		f.Add([]byte(s))
	}
	referee := renderReferee()
	fonts := canvas.NewFonts()
	// Start the PDF reader before the first input: starting it takes
	// seconds, longer than a fuzzing worker may spend on one input.
	var warm bytes.Buffer
	if _, err := Render(&warm, []byte("warm up\n"), Options{}); err != nil {
		f.Fatal(err)
	}
	if _, err := pdftest.Text(warm.Bytes()); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4096 {
			return // keep each run cheap; size is not what this target explores
		}
		tree := mdext.New().Parser().Parse(text.NewReader(src))
		var buf bytes.Buffer
		start := time.Now()
		_, err := Render(&buf, src, Options{StraightQuotes: true})
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("Render took %v for %d bytes of Markdown", d, len(src))
		}
		if err != nil {
			se, seOK := firstProblem(err)
			if !seOK {
				t.Fatalf("error without a source position: %v\nsource: %q", err, src)
			}
			if se.Line < 1 || se.Line > bytes.Count(src, []byte("\n"))+1 || se.Col < 1 {
				t.Fatalf("error position %d:%d outside the source: %v\nsource: %q", se.Line, se.Col, se, src)
			}
			switch {
			case strings.Contains(se.Message, "raw HTML"):
				if !hasNodeKind(tree, ast.KindHTMLBlock, ast.KindRawHTML) {
					t.Fatalf("refused as raw HTML, but the parser saw none: %v\nsource: %q", se, src)
				}
			case strings.Contains(se.Message, "image"):
				if !hasNodeKind(tree, ast.KindImage) {
					t.Fatalf("refused for an image, but there is none: %v\nsource: %q", se, src)
				}
			case refusedGlyph.MatchString(se.Message):
				m := refusedGlyph.FindStringSubmatch(se.Message)
				r, _ := strconv.ParseInt(m[1], 16, 32)
				if drawableEverywhere(fonts, rune(r)) {
					t.Fatalf("refused U+%04X, which every embedded face can draw: %v\nsource: %q", r, se, src)
				}
			case strings.Contains(se.Message, "link target #"):
				if !bytes.Contains(src, []byte("#")) {
					t.Fatalf("dangling-link error without a # in the source: %v\nsource: %q", se, src)
				}
			case se.Code == CodeTableWidth:
				if !hasTableWiderThan(tree, 32) {
					t.Fatalf("refused as too wide, but no table has more than 32 columns: %v\nsource: %q", se, src)
				}
			case se.Code == CodeDuplicateID:
				if !bytes.Contains(src, []byte("{#")) && !bytes.Contains(src, []byte("Table")) && !bytes.Contains(src, []byte("Figure")) {
					t.Fatalf("duplicate id without an id, table or figure in the source: %v\nsource: %q", se, src)
				}
			default:
				t.Fatalf("refused for an unexpected reason: %v\nsource: %q", se, src)
			}
			return
		}
		pdf := buf.Bytes()
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(pdf, "\r\n"), []byte("%%EOF")) {
			t.Fatalf("output is not a complete PDF (%d bytes)", len(pdf))
		}
		got, err := pdftest.Text(pdf)
		if err != nil {
			t.Fatalf("the PDF does not open: %v\nsource: %q", err, src)
		}
		if hasNodeKind(tree, mdext.KindCaption) {
			return // captions are renumbered ("Table 1"); their words are checked by the caption tests
		}
		words, err := refereeWords(referee, blankPageBreaks(src, tree))
		if err != nil {
			t.Fatalf("goldmark: %v", err)
		}
		// PDFium reports a hyphen ending a line as U+FFFE (a possible
		// hyphenation point); it is the hyphen that was drawn.
		got = strings.ReplaceAll(got, "\ufffe", "-")
		flat := strings.Join(strings.Fields(got), "")
		if hasNodeKind(tree, east.KindTable) {
			// Cells of a table too wide for the page are cut between
			// characters and read back interleaved with their neighbours:
			// check that every character is there, as often as written.
			have := map[rune]int{}
			for _, r := range flat {
				have[r]++
			}
			need := map[rune]int{}
			for _, r := range strings.Join(words, "") {
				need[r]++
			}
			for r, n := range need {
				if have[r] < n {
					t.Fatalf("%q occurs %d times in the Markdown's text but %d times in the PDF's\nsource: %q\npdf text: %q", r, n, have[r], src, got)
				}
			}
			return
		}
		ordered := !hasNodeKind(tree, east.KindFootnote, east.KindFootnoteList)
		pos := 0
		for _, w := range words {
			if !ordered {
				if !strings.Contains(flat, w) {
					t.Fatalf("word %q of the Markdown is missing from the PDF text\nsource: %q\npdf text: %q", w, src, got)
				}
				continue
			}
			i := strings.Index(flat[pos:], w)
			if i < 0 {
				t.Fatalf("word %q is missing from the PDF text after offset %d\nsource: %q\npdf text: %q", w, pos, src, got)
			}
			pos += i + len(w)
		}
	})
}

// hasTableWiderThan reports whether a table of more than n columns is in
// the tree (32 columns of the minimum width fill a landscape page).
func hasTableWiderThan(tree ast.Node, n int) bool {
	found := false
	_ = ast.Walk(tree, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*east.Table); ok && entering && len(t.Alignments) > n {
			found = true
		}
		return ast.WalkContinue, nil
	})
	return found
}
