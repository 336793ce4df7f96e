package mdext

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// The HTML preview is goldmark's HTML renderer; these are the render funcs
// of regdoc's own node kinds, so the preview shows what the PDF shows.

// figureHTML shows a figure block as its spec in a code block, as other
// Markdown tools show a ```figure fence: a preview is for reading the
// text the PDF is made from, and the figure is drawn only in the PDF.
type figureHTML struct{}

func (figureHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigureBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`<pre><code class="language-` + FigureInfo + `">`)
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
		}
		_, _ = w.WriteString("</code></pre>\n")
		return ast.WalkSkipChildren, nil
	})
}

// captionHTML shows a caption numbered as in the PDF ("Table 1."), with
// its id as the anchor that cross-reference links point to.
type captionHTML struct{}

func (captionHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCaption, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			_, _ = w.WriteString("</p>\n")
			return ast.WalkContinue, nil
		}
		n := node.(*CaptionNode)
		_, _ = w.WriteString(`<p class="caption" id="`)
		_, _ = w.Write(util.EscapeHTML([]byte(n.Anchor())))
		_, _ = w.WriteString(`"><strong>` + n.Label() + ".</strong> ")
		return ast.WalkContinue, nil
	})
}

// pageBreakHTML marks a page break for print; on screen it shows nothing.
type pageBreakHTML struct{}

func (pageBreakHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindPageBreak, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<div class=\"page-break\"></div>\n")
		}
		return ast.WalkSkipChildren, nil
	})
}

// FillCrossReferences gives every empty link to a heading or caption id,
// [](#tbl:yields), the text the PDF shows for it: the caption's label
// ("Table 1") or the heading's text. The typesetter resolves these links
// itself; a renderer that does not (goldmark's HTML renderer, for the
// preview) calls this on the parsed document first.
func FillCrossReferences(doc ast.Node, src []byte) {
	labels := map[string]string{}
	var links []*ast.Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *CaptionNode:
			labels[n.Anchor()] = n.Label()
		case *ast.Heading:
			if v, ok := n.AttributeString("id"); ok {
				if id, ok := v.([]byte); ok {
					labels[string(id)] = plainText(n, src)
				}
			}
		case *ast.Link:
			if n.FirstChild() == nil && len(n.Destination) > 1 && n.Destination[0] == '#' {
				links = append(links, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, l := range links {
		if label, ok := labels[string(l.Destination[1:])]; ok {
			s := ast.NewString([]byte(label))
			s.SetRaw(true) // printed as it is, HTML-escaped
			l.AppendChild(l, s)
		}
	}
}

// plainText is the text of n's inlines, escapes and entities resolved,
// spaces collapsed.
func plainText(n ast.Node, src []byte) string {
	var b []byte
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			v := t.Segment.Value(src)
			if !t.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b = append(b, v...)
			if t.SoftLineBreak() || t.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			b = append(b, t.Value...)
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(string(b)), " ")
}
