package mdext

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

func parse(src string) (ast.Node, []byte) {
	md := New()
	b := []byte(src)
	return md.Parser().Parse(text.NewReader(b)), b
}

func kinds(doc ast.Node) []string {
	var out []string
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, c.Kind().String())
	}
	return out
}

func TestPageBreak(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"a\n\n\\newpage\n\nb\n", []string{"Paragraph", "PageBreak", "Paragraph"}},
		{"a\n\\newpage\nb\n", []string{"Paragraph", "PageBreak", "Paragraph"}},
		{"   \\newpage  \n", []string{"PageBreak"}},
		{"    \\newpage\n", []string{"CodeBlock"}},             // indented code stays code
		{"\\newpage now\n", []string{"Paragraph"}},             // not alone on its line
		{"```\n\\newpage\n```\n", []string{"FencedCodeBlock"}}, // inside code
	} {
		doc, _ := parse(tc.src)
		got := kinds(doc)
		if len(got) != len(tc.want) {
			t.Errorf("%q: kinds %v, want %v", tc.src, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: kinds %v, want %v", tc.src, got, tc.want)
				break
			}
		}
	}
}

func TestCaptions(t *testing.T) {
	src := "Table: Batch yields {#tbl:yields}\n\n| a |\n|---|\n| 1 |\n\n" +
		"![flow](flow.png)\n\nFigure: Process flow {#fig:flow}\n\n" +
		"| b |\n|---|\n| 2 |\n\nTable: Second table\n\n" +
		"Table: not a caption, no table here.\n\n" +
		"![chart](c.png \"Yield chart\")\n"
	doc, b := parse(src)
	var caps []*CaptionNode
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*CaptionNode); ok && entering {
			caps = append(caps, c)
		}
		return ast.WalkContinue, nil
	})
	want := []struct {
		label, id, text string
		before          bool
	}{
		{"Table 1", "tbl:yields", "Batch yields", true},
		{"Figure 1", "fig:flow", "Process flow", false},
		{"Table 2", "", "Second table", false},
		{"Figure 2", "", "Yield chart", false},
	}
	if len(caps) != len(want) {
		t.Fatalf("got %d captions, want %d", len(caps), len(want))
	}
	for i, w := range want {
		c := caps[i]
		var txt []byte
		for ch := c.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch n := ch.(type) {
			case *ast.Text:
				txt = append(txt, n.Segment.Value(b)...)
			case *ast.String:
				txt = append(txt, n.Value...)
			}
		}
		if c.Label() != w.label || c.ID != w.id || string(txt) != w.text || c.Before != w.before {
			t.Errorf("caption %d = %s %q %q before=%v, want %s %q %q before=%v", i, c.Label(), c.ID, txt, c.Before, w.label, w.id, w.text, w.before)
		}
	}
}

// FuzzParse runs the extensions over arbitrary Markdown: no panics, and
// captions are numbered 1, 2, 3... per target in document order.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"a\n\n\\newpage\n\nb\n", "Table: x {#t}\n\n| a |\n|---|\n| 1 |\n",
		"![a](b.png)\n\nFigure: y\n", "![a](b.png \"t\")\n", "Table:\n\n| a |\n|-|\n", "   \\newpage \t\n> \\newpage\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		doc, b := parse(src)
		next := map[string]int{}
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if c, ok := n.(*CaptionNode); ok && entering {
				next[c.Target]++
				if c.Number != next[c.Target] {
					t.Fatalf("%s numbered %d, want %d", c.Target, c.Number, next[c.Target])
				}
				for ch := c.FirstChild(); ch != nil; ch = ch.NextSibling() {
					if tx, ok := ch.(*ast.Text); ok && (tx.Segment.Start > tx.Segment.Stop || tx.Segment.Stop > len(b)) {
						t.Fatalf("caption text segment %v out of range", tx.Segment)
					}
				}
			}
			return ast.WalkContinue, nil
		})
	})
}

func TestFigureBlock(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string // kinds of the document's children
	}{
		{"```figure\n{}\n```\n", []string{"FigureBlock"}},
		{"~~~figure wide\n{}\n~~~\n", []string{"FigureBlock"}},
		{"```json\n{}\n```\n", []string{"FencedCodeBlock"}},
		{"```figures\n{}\n```\n", []string{"FencedCodeBlock"}},
		{"    ```figure\n", []string{"CodeBlock"}},
		{"> ```figure\n> {}\n> ```\n", []string{"Blockquote"}},
		{"```figure\n{}\n```\n\nFigure: Flow {#fig:f}\n", []string{"FigureBlock", "Caption"}},
	} {
		doc, _ := parse(tc.src)
		if got := kinds(doc); strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%q: kinds %v, want %v", tc.src, got, tc.want)
		}
	}
	// Inside a quote the figure is still a FigureBlock.
	doc, _ := parse("> ```figure\n> {}\n> ```\n")
	if k := doc.FirstChild().FirstChild().Kind(); k != KindFigureBlock {
		t.Errorf("figure in a quote is a %s", k)
	}
}

// A position inside a spec maps to the same character of the Markdown,
// also when the fence is quoted, so problems point at the right column.
func TestFigureBlockSourceOffset(t *testing.T) {
	src := "Text.\n\n> ```figure\n> {\"kind\": \"x\",\n>  \"µ\": 1}\n> ```\n"
	doc, b := parse(src)
	fb := doc.FirstChild().NextSibling().FirstChild().(*FigureBlock)
	spec := fb.Spec(b)
	if string(spec) != "{\"kind\": \"x\",\n \"µ\": 1}\n" {
		t.Fatalf("Spec = %q", spec)
	}
	// Line 2, column 5 of the spec is the ':' after "µ".
	off := fb.SourceOffset(2, 5, b)
	if b[off] != ':' || !bytes.HasPrefix(b[off-4:], []byte("\"µ\":")) {
		t.Errorf("SourceOffset(2, 5) = %d at %q", off, b[off:])
	}
	if off := fb.SourceOffset(0, 0, b); !bytes.HasPrefix(b[off:], []byte("{\"kind\"")) {
		t.Errorf("SourceOffset(0, 0) = %d at %q, want the spec's start", off, b[off:])
	}
}

// The HTML preview renders regdoc's node kinds: a figure as its spec in a
// code block (as before there was a node kind), captions numbered with
// their ids, page breaks as a print marker, headings with their ids.
func TestHTML(t *testing.T) {
	src := "# Intro {#sec-intro}\n\nTable: Yields {#tbl:y}\n\n| a |\n|---|\n| 1 |\n\n\\newpage\n\n```figure\n{\"kind\": \"a<b\"}\n```\n\nFigure: Flow\n"
	var out bytes.Buffer
	if err := New().Convert([]byte(src), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<h1 id="sec-intro">Intro</h1>`,
		`<p class="caption" id="tbl:y"><strong>Table 1.</strong> Yields</p>`,
		`<div class="page-break"></div>`,
		`<pre><code class="language-figure">{&quot;kind&quot;: &quot;a&lt;b&quot;}` + "\n</code></pre>",
		`<p class="caption" id="figure-1"><strong>Figure 1.</strong> Flow</p>`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("HTML lacks %s:\n%s", want, out.String())
		}
	}
}

// 100,000 footnotes once took more than 90 s in the parser. They are now
// refused at once, at the first mark over the limit; the run is bounded
// so that a missing limit fails the test instead of hanging it.
func TestFootnoteLimit(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&b, "Text[^n%d].\n\n", i)
	}
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&b, "[^n%d]: note %d\n\n", i, i)
	}
	src := []byte(b.String())
	done := make(chan error, 1)
	go func() {
		_, err := Parse(src, "notes.md")
		done <- err
	}()
	select {
	case err := <-done:
		ds, ok := diag.FromError(err)
		// Mark 10,001 is the reference on line 20,001.
		if !ok || len(ds) != 1 || ds[0].Code != CodeFootnotes || ds[0].File != "notes.md" || ds[0].Line != 20_001 || ds[0].Col != 5 {
			t.Fatalf("err = %v, want notes.md:20001:5 %s", err, CodeFootnotes)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("100,000 footnotes were not refused within 10 s")
	}
	// At the limit, a document parses, and quickly.
	b.Reset()
	for i := 0; i < MaxFootnoteMarks/2; i++ {
		fmt.Fprintf(&b, "Text[^n%d].\n\n", i)
	}
	for i := 0; i < MaxFootnoteMarks/2; i++ {
		fmt.Fprintf(&b, "[^n%d]: note %d\n\n", i, i)
	}
	go func() {
		_, err := Parse([]byte(b.String()), "notes.md")
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%d footnote marks refused: %v", MaxFootnoteMarks, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a document at the footnote limit took more than 10 s")
	}
}

// Empty links to a heading or caption show, in the preview, what the PDF
// shows: the caption's label or the heading's text.
func TestFillCrossReferences(t *testing.T) {
	src := []byte("# Yield &amp; purity\n\nSee [](#tbl:y), [](#yield-amp-purity), [](#figure-1), [](#nowhere) and [text](#tbl:y).\n\n" +
		"Table: Y {#tbl:y}\n\n| a |\n|---|\n| 1 |\n\n![f](f.png)\n\nFigure: F\n")
	md := New()
	doc := md.Parser().Parse(text.NewReader(src))
	FillCrossReferences(doc, src)
	var out bytes.Buffer
	if err := md.Renderer().Render(&out, src, doc); err != nil {
		t.Fatal(err)
	}
	want := `See <a href="#tbl:y">Table 1</a>, <a href="#yield-amp-purity">Yield &amp; purity</a>, <a href="#figure-1">Figure 1</a>, <a href="#nowhere"></a> and <a href="#tbl:y">text</a>.`
	if !strings.Contains(out.String(), want) {
		t.Errorf("HTML lacks\n%s\n%s", want, out.String())
	}
}

func TestHTMLWithAMarkdownMeaning(t *testing.T) {
	src := "<!-- a comment\nover lines -->\n\nE = mc<sup>2</sup>, H<SUB>2</SUB>O<br>next line <!-- inline -->end, <kbd>x</kbd>.\n"
	var buf bytes.Buffer
	if err := New().Convert([]byte(src), &buf); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	want := "<p>E = mc<sup>2</sup>, H<sub>2</sub>O<br>\nnext line end, <!-- raw HTML omitted -->x<!-- raw HTML omitted -->.</p>\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
