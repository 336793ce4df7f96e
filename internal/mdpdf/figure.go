package mdpdf

import (
	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/yuin/goldmark/ast"
)

// A figure block (mdext.FigureBlock, a ```figure fence) holds a figure
// spec (see internal/figure): templates emit them, and hand-written
// Markdown can use the same syntax. The figure is laid out in parts that
// each fit a page (a long process flow continues on the next page with a
// connector) and drawn natively as vectors.

// renderFigure parses, lays out and emits a figure block. A spec that is
// wrong is reported at its line of the Markdown file and typesetting goes
// on, so every bad figure of a document is named in one run.
func (r *renderer) renderFigure(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*mdext.FigureBlock)
	s, err := figure.Parse(n.Spec(r.src))
	if err != nil {
		return ast.WalkSkipChildren, r.figureProblems(n, err)
	}
	top, bottom := r.bodyArea(canvas.Portrait)
	rest := bottom - top - 8
	parts, err := s.Layout(r.c, r.width, rest, rest)
	if err != nil {
		return ast.WalkSkipChildren, r.figureProblems(n, err)
	}
	// A figure that fits a page is kept whole (on this page when it fits
	// there, else on the next). One that must be split anyway starts on
	// this page, using what is left of it, when that is at least a third
	// of a page, instead of leaving it blank.
	if len(parts) > 1 {
		left := r.remainingOnPage() - 2*r.geo.paraSpace - 8
		if left >= rest/3 {
			if parts, err = s.Layout(r.c, r.width, left, rest); err != nil {
				return ast.WalkSkipChildren, r.figureProblems(n, err)
			}
		}
	}
	r.space(r.geo.paraSpace)
	for i := range parts {
		pt := parts[i]
		r.emit(&box{h: pt.Height + 8, fig: &placedFigure{part: pt, node: n, x: r.left + (r.width-pt.Width)/2, y: 4}})
	}
	r.space(r.geo.paraSpace)
	return ast.WalkSkipChildren, nil
}

// figureProblems records a figure's problems at their places in the
// Markdown source (figure positions count from the spec's first line). An
// error that is not a positioned problem stops typesetting.
func (r *renderer) figureProblems(n *mdext.FigureBlock, err error) error {
	ds, ok := diag.FromError(err)
	if !ok {
		return err
	}
	for _, d := range ds {
		off := n.SourceOffset(d.Line, d.Col, r.src)
		r.report(off, d.Code, "%s", d.Message)
	}
	return nil
}

// placedFigure is a laid-out figure part inside a box.
type placedFigure struct {
	part figure.Part
	node *mdext.FigureBlock // where problems found while drawing are reported
	x, y float64            // y from the box top
}
