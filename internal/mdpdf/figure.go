package mdpdf

import (
	"errors"
	"strings"

	"github.com/regdoc/regdoc/internal/figure"
	"github.com/yuin/goldmark/ast"
)

// A fenced block with the info string "figure" holds a figure spec (see
// internal/figure): templates emit them, and hand-written Markdown can use
// the same syntax. The figure is laid out in parts that each fit a page
// (a long process flow continues on the next page with a connector) and
// drawn natively as vectors.

// isFigureFence reports whether n is a ```figure block.
func isFigureFence(n ast.Node, src []byte) bool {
	f, ok := n.(*ast.FencedCodeBlock)
	if !ok || f.Info == nil {
		return false
	}
	info := strings.Fields(string(f.Info.Segment.Value(src)))
	return len(info) > 0 && info[0] == "figure"
}

// renderFigure parses, lays out and emits a figure block.
func (r *renderer) renderFigure(n *ast.FencedCodeBlock) error {
	var spec []byte
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		spec = append(spec, seg.Value(r.src)...)
	}
	specStart := nodePos(n)
	if lines.Len() > 0 {
		specStart = lines.At(0).Start
	}
	s, err := figure.Parse(spec)
	if err != nil {
		return r.figureError(err, specStart)
	}
	top, bottom := r.bodyAreaGuess()
	rest := bottom - top - 8
	parts, err := s.Layout(r.c, r.width, rest, rest)
	if err != nil {
		return r.figureError(err, specStart)
	}
	r.space(r.geo.paraSpace)
	for i := range parts {
		pt := parts[i]
		r.emit(&box{h: pt.Height + 8, fig: &placedFigure{part: pt, x: r.left + (r.width-pt.Width)/2, y: 4}})
	}
	r.space(r.geo.paraSpace)
	return nil
}

// figureError turns a figure error into a SourceError at the spec's line.
func (r *renderer) figureError(err error, specStart int) error {
	var se *figure.SpecError
	line, col := r.lines.lineCol(specStart)
	if errors.As(err, &se) && se.Line > 0 {
		line += se.Line - 1
		col = max(se.Col, 1)
	}
	return &SourceError{Line: line, Col: col, Msg: "figure: " + err.Error()}
}

// placedFigure is a laid-out figure part inside a box.
type placedFigure struct {
	part figure.Part
	x, y float64 // y from the box top
}
