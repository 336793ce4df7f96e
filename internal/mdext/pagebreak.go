package mdext

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The explicit page break is a line holding only \newpage (up to three
// spaces of indentation and trailing spaces allowed), the spelling LaTeX
// and pandoc users already know. Outside regdoc it reads as a harmless
// escaped word, and inside a code block or a paragraph it stays text: it
// must stand alone on its line, between blocks.
var newpageMarker = []byte(`\newpage`)

// KindPageBreak is the node kind of an explicit page break.
var KindPageBreak = ast.NewNodeKind("PageBreak")

// PageBreakNode is an explicit page break: the next block starts a page.
type PageBreakNode struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (n *PageBreakNode) Kind() ast.NodeKind { return KindPageBreak }

// Dump implements ast.Node.
func (n *PageBreakNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

type pageBreakParser struct{}

func (pageBreakParser) Trigger() []byte { return []byte{'\\'} }

func (pageBreakParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos > 3 {
		return nil, parser.NoChildren
	}
	rest := line[pos:]
	if !bytes.HasPrefix(rest, newpageMarker) || !util.IsBlank(rest[len(newpageMarker):]) {
		return nil, parser.NoChildren
	}
	n := &PageBreakNode{}
	n.SetPos(seg.Start + pos)
	reader.Advance(seg.Len() - 1)
	return n, parser.NoChildren
}

func (pageBreakParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return parser.Close
}

func (pageBreakParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (pageBreakParser) CanInterruptParagraph() bool { return true }

func (pageBreakParser) CanAcceptIndentedLine() bool { return false }

// pageBreakExtension parses \newpage lines.
type pageBreakExtension struct{}

func (pageBreakExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(
		// Before paragraphs (priority 1000) so the line is not read as text.
		util.Prioritized(pageBreakParser{}, 90),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(pageBreakHTML{}, 500)))
}
