package mdext

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Superscript and subscript are written as Pandoc writes them: ^text^ and
// ~text~, the text without unescaped spaces ("\ " is a space) and not
// empty. A double tilde stays strikethrough (~~text~~), as in GFM; a
// single tilde pair is a subscript, so GFM's single-tilde strikethrough is
// not part of the dialect. Scientific text needs these more than any
// other inline: 10^4^ IU/mL, log~10~, TCID~50~, m^2^.

// KindSuperscript and KindSubscript are the node kinds of ^text^ and ~text~.
var (
	KindSuperscript = ast.NewNodeKind("Superscript")
	KindSubscript   = ast.NewNodeKind("Subscript")
)

// ScriptNode is a superscript or subscript; its children are the text.
type ScriptNode struct {
	ast.BaseInline
	// Super is true for ^text^, false for ~text~.
	Super bool
}

// Kind implements ast.Node.
func (n *ScriptNode) Kind() ast.NodeKind {
	if n.Super {
		return KindSuperscript
	}
	return KindSubscript
}

// Dump implements ast.Node.
func (n *ScriptNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// scriptParser reads ^text^ and ~text~. It runs before the strikethrough
// parser, which then only sees ~~.
type scriptParser struct{}

func (scriptParser) Trigger() []byte { return []byte{'^', '~'} }

func (scriptParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 3 {
		return nil
	}
	mark := line[0]
	if block.PrecendingCharacter() == rune(mark) || line[1] == mark {
		return nil
	}
	node := &ScriptNode{Super: mark == '^'}
	start := 1 // start of the text run not yet appended
	for i := 1; i < len(line); i++ {
		switch b := line[i]; {
		case b == '\\' && i+1 < len(line) && line[i+1] == ' ':
			// "\ " is a space inside a script, as in Pandoc.
			if i > start {
				node.AppendChild(node, ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Start+i)))
			}
			node.AppendChild(node, ast.NewString([]byte(" ")))
			i++
			start = i + 1
		case b == '\\' && i+1 < len(line) && util.IsPunct(line[i+1]):
			i++ // an escaped mark does not close the script
		case util.IsSpace(b):
			return nil
		case b == mark:
			if i+1 < len(line) && line[i+1] == mark {
				return nil
			}
			if i > start {
				node.AppendChild(node, ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Start+i)))
			}
			if node.ChildCount() == 0 {
				return nil
			}
			node.SetPos(seg.Start)
			block.Advance(i + 1)
			return node
		}
	}
	return nil
}

// doubleTildeParser is GFM strikethrough limited to ~~text~~: a single
// tilde pair is a subscript.
type doubleTildeParser struct{}

func (doubleTildeParser) Trigger() []byte { return []byte{'~'} }

func (doubleTildeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	node := parser.ScanDelimiter(line, before, 1, doubleTildeDelimiter{})
	if node == nil || node.OriginalLength != 2 || before == '~' {
		return nil
	}
	node.Segment = segment.WithStop(segment.Start + node.OriginalLength)
	block.Advance(node.OriginalLength)
	pc.PushDelimiter(node)
	return node
}

type doubleTildeDelimiter struct{}

func (doubleTildeDelimiter) IsDelimiter(b byte) bool { return b == '~' }

func (doubleTildeDelimiter) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (doubleTildeDelimiter) OnMatch(consumes int) ast.Node { return east.NewStrikethrough() }

// scriptExtension adds superscript, subscript and ~~strikethrough~~.
type scriptExtension struct{}

func (scriptExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		// Lower values run first: the script parser sees a tilde before
		// the strikethrough parser does.
		util.Prioritized(scriptParser{}, 490),
		util.Prioritized(doubleTildeParser{}, 500),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(scriptHTML{}, 500),
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
	))
}

// scriptHTML writes <sup> and <sub>.
type scriptHTML struct{}

func (scriptHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	f := func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		tag := "sub"
		if n.(*ScriptNode).Super {
			tag = "sup"
		}
		if entering {
			_, _ = w.WriteString("<" + tag + ">")
		} else {
			_, _ = w.WriteString("</" + tag + ">")
		}
		return ast.WalkContinue, nil
	}
	reg.Register(KindSuperscript, f)
	reg.Register(KindSubscript, f)
}
