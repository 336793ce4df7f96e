package mdext

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

func parse(src string) (ast.Node, []byte) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, PageBreak(), Captions()))
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
