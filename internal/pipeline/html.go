package pipeline

import (
	"bytes"
	"html"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// htmlPreview renders composed Markdown as a standalone HTML page for
// review in a browser and for diffs. It parses with the same dialect as
// the PDF (mdext.New) and uses goldmark's own HTML renderer with raw HTML
// left out, so it shows the text the PDF holds: headings carry the ids
// links point to, captions are numbered as in the PDF, an empty link to a
// heading or caption shows its label or title, figure blocks show their
// spec, and a page break is marked for print.
//
// Figure blocks are drawn as inline SVG by the figure code that draws
// them in the PDF (through canvas.SVG), at the width of the PDF's text
// column; a spec the figure code refuses is shown as its text, as the PDF
// build reports it.
func htmlPreview(title string, md []byte) ([]byte, error) {
	_, md, _ = mdext.SplitFrontMatter(md, "")
	doc, err := mdext.Parse(md, "")
	if err != nil {
		return nil, err
	}
	mdext.FillCrossReferences(doc, md)
	var body bytes.Buffer
	r := mdext.New().Renderer()
	// A lower value registers last, so this replaces mdext's figure func.
	r.AddOptions(renderer.WithNodeRenderers(util.Prioritized(svgFigures{fonts: canvas.NewFonts()}, 100)))
	if err := r.Render(&body, md, doc); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
	b.WriteString(html.EscapeString(title))
	b.WriteString("</title>\n<style>\nbody{font-family:\"Liberation Serif\",\"Times New Roman\",serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.4}\n" +
		"table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #444;padding:.2em .4em;vertical-align:top}\n" +
		"code,pre{font-family:\"Liberation Mono\",\"Courier New\",monospace}\n.page-break{break-after:page}\n" +
		".figure svg{display:block;margin:1em auto;max-width:100%;height:auto}\n</style>\n</head>\n<body>\n")
	b.Write(body.Bytes())
	b.WriteString("</body>\n</html>\n")
	return b.Bytes(), nil
}

// previewWidth is the text column of a ctd page on Letter paper (8.5 in
// less two 1-inch margins), the width figures are drawn at in the PDF.
const previewWidth = 468.0

// svgFigures draws figure blocks as inline SVG.
type svgFigures struct{ fonts *canvas.Fonts }

func (f svgFigures) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdext.KindFigureBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		fb := n.(*mdext.FigureBlock)
		svgs, ok := f.draw(fb.Spec(src))
		if !ok {
			_, _ = w.WriteString(`<pre><code class="language-` + mdext.FigureInfo + `">`)
			_, _ = w.Write(util.EscapeHTML(fb.Spec(src)))
			_, _ = w.WriteString("</code></pre>\n")
			return ast.WalkSkipChildren, nil
		}
		_, _ = w.WriteString(`<div class="figure">`)
		for _, s := range svgs {
			_, _ = w.Write(s)
		}
		_, _ = w.WriteString("</div>\n")
		return ast.WalkSkipChildren, nil
	})
}

// draw lays a figure spec out in one part (a screen has no page breaks)
// and draws it; ok is false when the figure code refuses the spec.
func (f svgFigures) draw(spec []byte) ([][]byte, bool) {
	s, err := figure.Parse(spec)
	if err != nil {
		return nil, false
	}
	const tall = 1e6
	parts, err := s.Layout(canvas.NewSVG(f.fonts, previewWidth, tall), previewWidth, tall, tall)
	if err != nil {
		return nil, false
	}
	var out [][]byte
	for _, pt := range parts {
		c := canvas.NewSVG(f.fonts, pt.Width, pt.Height)
		if err := pt.Draw(c, 0, 0); err != nil || c.Err() != nil {
			return nil, false
		}
		out = append(out, c.Bytes())
	}
	return out, true
}
