// Package mdext owns regdoc's Markdown dialect: the one goldmark
// configuration (New) that the typesetter, the HTML preview and the
// drawing sheets all parse with, and the syntax CommonMark lacks but
// submission documents need — figure blocks, numbered captions and page
// breaks — each a parser or transformer with a node kind of its own. The
// HTML render funcs of those node kinds live here too; the PDF render
// funcs live in internal/mdpdf, which registers one for every kind defined
// here.
package mdext

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// New returns the dialect: CommonMark with the GFM extensions (tables,
// ~~strikethrough~~, task lists, autolinks), Pandoc's ^superscript^ and
// ~subscript~, footnotes, heading ids (made from
// the text, or given as {#id}), and regdoc's figure blocks, captions and
// page breaks. Its HTML renderer is goldmark's, with raw HTML left out,
// plus the render funcs of regdoc's node kinds.
func New() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Linkify, extension.Table, extension.TaskList, scriptExtension{}, htmlExtension{}, extension.Footnote, figureExtension{}, pageBreakExtension{}, captionExtension{}),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute()),
	)
}

// The extensions below are not exported: New is the one configuration,
// so that no renderer parses a dialect of its own.

// figureExtension turns ```figure blocks into FigureBlock nodes.
type figureExtension struct{}

func (figureExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		// Before the caption transformer (500), which captions figures.
		util.Prioritized(figureTransformer{}, 100),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(figureHTML{}, 500)))
}
