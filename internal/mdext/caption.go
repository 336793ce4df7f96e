package mdext

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Captions number tables and figures so the text can refer to them.
//
// Syntax (pandoc-like, so the source still reads well as plain Markdown):
//
//	Table: Batch yields by step {#tbl:yields}
//
//	| Batch | Yield |
//	|-------|-------|
//
// A paragraph starting "Table:" directly before or after a table is that
// table's caption; a paragraph starting "Figure:" directly before or after
// a paragraph holding only an image, or a FigureBlock (a vector figure
// spec, drawn by internal/figure), is that figure's caption. An image
// with a title and no such paragraph, ![alt](f.png "Title"), is captioned
// with its title. An optional {#id} at the end of the caption names it for
// cross-references: [](#tbl:yields) is filled with "Table 1" by the
// renderer, and any [text](#tbl:yields) links to it. Tables and figures
// are numbered separately, in document order. A "Table:" paragraph with no
// table next to it stays an ordinary paragraph.

// KindCaption is the node kind of a table or figure caption.
var KindCaption = ast.NewNodeKind("Caption")

// CaptionNode is a numbered caption. Its children are the inline content
// of the caption text, without the "Table:"/"Figure:" prefix and the {#id}.
type CaptionNode struct {
	ast.BaseBlock
	Target string // "Table" or "Figure"
	ID     string // from {#id}; "" if none was given
	Number int    // 1-based, per Target, in document order
	// Before is true when the caption precedes its table or figure.
	Before bool
}

// Kind implements ast.Node.
func (n *CaptionNode) Kind() ast.NodeKind { return KindCaption }

// Label is how the caption is referred to: "Table 2".
func (n *CaptionNode) Label() string { return fmt.Sprintf("%s %d", n.Target, n.Number) }

// Anchor is the id links reach the caption by: its {#id}, or "table-2"
// for the second table when none was given.
func (n *CaptionNode) Anchor() string {
	if n.ID != "" {
		return n.ID
	}
	return fmt.Sprintf("%s-%d", map[string]string{"Table": "table", "Figure": "figure"}[n.Target], n.Number)
}

// Dump implements ast.Node.
func (n *CaptionNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Target": n.Target, "ID": n.ID, "Number": fmt.Sprint(n.Number)}, nil)
}

type captionTransformer struct {
	idPattern *regexp.Regexp
}

// captionExtension turns caption paragraphs into numbered CaptionNodes.
type captionExtension struct{}

func (captionExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		// After the GFM table transformer (priority 0), which turns
		// paragraphs into tables.
		util.Prioritized(&captionTransformer{idPattern: regexp.MustCompile(`\s*\{#([A-Za-z][\w:.\-]*)\}\s*$`)}, 500),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(captionHTML{}, 500)))
}

func (t *captionTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var paras []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if p, ok := n.(*ast.Paragraph); ok && entering {
			paras = append(paras, p)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	captioned := map[ast.Node]bool{}
	for _, p := range paras {
		target, prefix := captionPrefix(p, src)
		if target == "" {
			continue
		}
		// Tables are usually captioned above and figures below, so that
		// side is tried first when a caption sits between two of them.
		next, prev := p.NextSibling(), p.PreviousSibling()
		nextOK := isTarget(next, target, src) && !captioned[next]
		prevOK := isTarget(prev, target, src) && !captioned[prev]
		var before bool
		switch {
		case nextOK && (target == "Table" || !prevOK):
			before = true
			captioned[next] = true
		case prevOK:
			captioned[prev] = true
		default:
			continue
		}
		c := &CaptionNode{Target: target, Before: before}
		c.SetLines(p.Lines())
		c.SetPos(p.Pos())
		first := p.FirstChild().(*ast.Text)
		first.Segment = first.Segment.WithStart(first.Segment.Start + prefix)
		if first.Segment.Len() == 0 {
			// The inline parser may cut the text after the colon ("Figure:"
			// and " Flow"); the caption starts at the first word.
			if next, ok := first.NextSibling().(*ast.Text); ok {
				v := next.Segment.Value(src)
				next.Segment = next.Segment.WithStart(next.Segment.Start + len(v) - len(bytes.TrimLeft(v, " \t")))
			}
		}
		t.takeID(c, p, src)
		for ch := p.FirstChild(); ch != nil; {
			next := ch.NextSibling()
			c.AppendChild(c, ch)
			ch = next
		}
		p.Parent().ReplaceChild(p.Parent(), p, c)
	}
	// Images with a title and no caption paragraph are captioned by it.
	for _, p := range paras {
		img := soleImage(p, src)
		if img == nil || captioned[p] || p.Parent() == nil || len(bytes.TrimSpace(img.Title)) == 0 {
			continue
		}
		c := &CaptionNode{Target: "Figure"}
		c.SetLines(p.Lines())
		c.SetPos(p.Pos())
		c.AppendChild(c, ast.NewString(bytes.TrimSpace(img.Title)))
		p.Parent().InsertAfter(p.Parent(), p, c)
	}
	counts := map[string]int{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*CaptionNode); ok && entering {
			counts[c.Target]++
			c.Number = counts[c.Target]
		}
		return ast.WalkContinue, nil
	})
}

// captionPrefix recognises "Table:" and "Figure:" at the start of a
// paragraph, returning the target and the prefix length (with spaces).
func captionPrefix(p *ast.Paragraph, src []byte) (string, int) {
	first, ok := p.FirstChild().(*ast.Text)
	if !ok {
		return "", 0
	}
	v := first.Segment.Value(src)
	for _, target := range []string{"Table", "Figure"} {
		pre := []byte(target + ":")
		if bytes.HasPrefix(v, pre) {
			n := len(pre)
			for n < len(v) && (v[n] == ' ' || v[n] == '\t') {
				n++
			}
			if n == len(v) && first.NextSibling() == nil {
				return "", 0 // "Table:" alone is not a caption
			}
			return target, n
		}
	}
	return "", 0
}

// isTarget reports whether n is what a caption of target describes.
func isTarget(n ast.Node, target string, src []byte) bool {
	if n == nil {
		return false
	}
	if target == "Table" {
		return n.Kind() == east.KindTable
	}
	if n.Kind() == KindFigureBlock {
		return true // a vector figure spec is a figure too
	}
	p, ok := n.(*ast.Paragraph)
	return ok && soleImage(p, src) != nil
}

// soleImage returns the image of a paragraph that holds one image and
// nothing else but white space.
func soleImage(p *ast.Paragraph, src []byte) *ast.Image {
	var img *ast.Image
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch n := c.(type) {
		case *ast.Image:
			if img != nil {
				return nil
			}
			img = n
		case *ast.Text:
			if len(bytes.TrimSpace(n.Segment.Value(src))) > 0 {
				return nil
			}
		default:
			return nil
		}
	}
	return img
}

// takeID strips a trailing {#id} from the caption text.
func (t *captionTransformer) takeID(c *CaptionNode, p *ast.Paragraph, src []byte) {
	last, ok := p.LastChild().(*ast.Text)
	if !ok {
		return
	}
	v := last.Segment.Value(src)
	m := t.idPattern.FindSubmatchIndex(v)
	if m == nil {
		return
	}
	c.ID = string(v[m[2]:m[3]])
	last.Segment = last.Segment.WithStop(last.Segment.Start + m[0])
}
