package mdext

import (
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
		_, _ = w.WriteString(`<p class="caption"`)
		if n.ID != "" {
			_, _ = w.WriteString(` id="`)
			_, _ = w.Write(util.EscapeHTML([]byte(n.ID)))
			_, _ = w.WriteString(`"`)
		}
		_, _ = w.WriteString("><strong>" + n.Label() + ".</strong> ")
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
