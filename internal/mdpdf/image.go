package mdpdf

import (
	"github.com/yuin/goldmark/ast"
)

func (r *renderer) renderImage(n ast.Node, entering bool) (ast.WalkStatus, error) {
	return ast.WalkStop, r.lines.errorAt(nodePos(n), "images are not supported yet")
}
