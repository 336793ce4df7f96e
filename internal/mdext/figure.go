package mdext

import (
	"bytes"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// FigureInfo is the info string of a fenced block that holds a figure spec:
//
//	```figure
//	{"kind": "process-flow", "steps": [...]}
//	```
//
// It reads as an ordinary code block to any other Markdown tool.
const FigureInfo = "figure"

// KindFigureBlock is the node kind of a figure block.
var KindFigureBlock = ast.NewNodeKind("FigureBlock")

// FigureBlock is a fenced block holding a figure spec (a JSON object read
// by internal/figure). It is a node kind of its own, made from the fenced
// code block the parser found, so every renderer handles figures through
// one registered func instead of recognising an info string. Its Lines are
// the lines of the spec, as in the fenced block.
type FigureBlock struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (n *FigureBlock) Kind() ast.NodeKind { return KindFigureBlock }

// IsRaw implements ast.Node: the lines are a spec, not Markdown.
func (n *FigureBlock) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *FigureBlock) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// Spec returns the spec text: the block's lines joined.
func (n *FigureBlock) Spec(src []byte) []byte {
	var b bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	return b.Bytes()
}

// SourceOffset turns a position inside the spec (1-based line and rune
// column, as figure problems carry them) into a byte offset of the
// Markdown source, so a problem in a spec is reported at its line of the
// Markdown file even when the fence is indented or quoted. A line of 0
// gives the start of the spec.
func (n *FigureBlock) SourceOffset(line, col int, src []byte) int {
	lines := n.Lines()
	if lines.Len() == 0 {
		return n.Pos()
	}
	if line < 1 || line > lines.Len() {
		return lines.At(0).Start
	}
	seg := lines.At(line - 1)
	v := seg.Value(src)
	off := 0
	for c := 1; c < col && off < len(v); c++ {
		_, size := utf8.DecodeRune(v[off:])
		off += size
	}
	return seg.Start + off
}

// figureTransformer replaces every ```figure fenced block by a FigureBlock.
type figureTransformer struct{}

func (figureTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var fences []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering {
			if isFigureInfo(f, src) {
				fences = append(fences, f)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, f := range fences {
		fb := &FigureBlock{}
		fb.SetLines(f.Lines())
		fb.SetPos(f.Pos())
		fb.SetBlankPreviousLines(f.HasBlankPreviousLines())
		f.Parent().ReplaceChild(f.Parent(), f, fb)
	}
}

// isFigureInfo reports whether a fenced block's info string starts with
// the word "figure".
func isFigureInfo(f *ast.FencedCodeBlock, src []byte) bool {
	if f.Info == nil {
		return false
	}
	info := bytes.Fields(f.Info.Segment.Value(src))
	return len(info) > 0 && string(info[0]) == FigureInfo
}
