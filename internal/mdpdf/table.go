package mdpdf

import (
	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

func (r *renderer) registerGFM(reg map[ast.NodeKind]renderFunc) {
	reg[east.KindTable] = r.renderTable
	// Header, rows and cells are laid out by renderTable as a whole, which
	// skips its children; these entries exist so a stray row outside a
	// table would still be reported rather than dropped.
	reg[east.KindTableHeader] = r.renderTablePart
	reg[east.KindTableRow] = r.renderTablePart
	reg[east.KindTableCell] = r.renderTablePart
	reg[east.KindStrikethrough] = r.renderStrikethrough
	reg[east.KindTaskCheckBox] = r.renderTaskCheckBox
}

func (r *renderer) renderTablePart(n ast.Node, entering bool) (ast.WalkStatus, error) {
	return ast.WalkStop, r.lines.errorAt(nodePos(n), "%s outside a table", n.Kind())
}

// cellPad is the space between a cell's border and its text.
const cellPad = 4.0

// tableCell is a cell's content, measured.
type tableCell struct {
	words   []word
	natural float64 // width on one line
	minimum float64 // widest word
	align   east.Alignment
	lines   []line
}

// renderTable lays out a GFM table: column widths from content, cells
// wrapped, each row cut into line slices that are kept together (a row is
// split across pages only when it is taller than a page, and then only
// between lines), and the header repeated at the top of every page the
// table continues on.
func (r *renderer) renderTable(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*east.Table)
	ncol := len(n.Alignments)
	if ncol == 0 {
		return ast.WalkSkipChildren, nil
	}
	size := r.geo.tableSize
	var rows [][]*tableCell
	var headerRows int
	for row := n.FirstChild(); row != nil; row = row.NextSibling() {
		isHeader := row.Kind() == east.KindTableHeader
		if !isHeader && row.Kind() != east.KindTableRow {
			return ast.WalkStop, r.lines.errorAt(nodePos(row), "unexpected %s in a table", row.Kind())
		}
		ctx := textCtx{family: canvas.Serif, size: size, bold: isHeader}
		cells := make([]*tableCell, ncol)
		i := 0
		for c := row.FirstChild(); c != nil && i < ncol; c = c.NextSibling() {
			cell, ok := c.(*east.TableCell)
			if !ok {
				return ast.WalkStop, r.lines.errorAt(nodePos(c), "unexpected %s in a table row", c.Kind())
			}
			spans, err := r.inlines(cell)
			if err != nil {
				return ast.WalkStop, err
			}
			ws, err := r.words(spans, ctx)
			if err != nil {
				return ast.WalkStop, err
			}
			tc := &tableCell{words: ws, align: n.Alignments[i]}
			for _, w := range ws {
				tc.natural += w.w + w.space
				tc.minimum = max(tc.minimum, w.w)
			}
			cells[i] = tc
			i++
		}
		for ; i < ncol; i++ {
			cells[i] = &tableCell{align: n.Alignments[i]}
		}
		if isHeader {
			headerRows++
		}
		rows = append(rows, cells)
	}
	widths := columnWidths(rows, ncol, r.width)
	lh := r.geo.lineHeight(size)
	var header []*box
	r.space(r.geo.paraSpace)
	for ri, cells := range rows {
		isHeader := ri < headerRows
		nl := 1
		for ci, c := range cells {
			c.lines = r.breakLines(c.words, widths[ci]-2*cellPad)
			nl = max(nl, len(c.lines))
		}
		slices := make([]*box, nl)
		for k := 0; k < nl; k++ {
			h := lh
			top := 0.0
			if k == 0 {
				h += cellPad
				top = cellPad
			}
			if k == nl-1 {
				h += cellPad
			}
			b := &box{h: h, keep: k < nl-1, isHeader: isHeader}
			x := r.left
			for ci, c := range cells {
				if k < len(c.lines) {
					l := c.lines[k]
					shift := x + cellPad
					switch c.align {
					case east.AlignRight:
						shift += widths[ci] - 2*cellPad - l.w
					case east.AlignCenter:
						shift += (widths[ci] - 2*cellPad - l.w) / 2
					}
					for _, f := range l.frags {
						f.x += shift
						f.base = top + baseline(lh, size)
						b.frags = append(b.frags, f)
					}
				}
				x += widths[ci]
			}
			// Vertical borders, and horizontal ones at the row's edges.
			x = r.left
			for ci := 0; ci <= ncol; ci++ {
				b.rules = append(b.rules, rule{x1: x, y1: 0, x2: x, y2: h, width: 0.5})
				if ci < ncol {
					x += widths[ci]
				}
			}
			if k == 0 && (ri == 0 || isHeader) {
				b.rules = append(b.rules, rule{x1: r.left, y1: 0, x2: x, y2: 0, width: 0.5})
			}
			if k == nl-1 {
				w := 0.5
				if isHeader && ri == headerRows-1 {
					w = 1 // the rule under the header is heavier
				}
				b.rules = append(b.rules, rule{x1: r.left, y1: h, x2: x, y2: h, width: w})
			}
			slices[k] = b
		}
		if isHeader {
			header = append(header, slices...)
			// The header never sits alone at the foot of a page.
			slices[nl-1].keep = true
		} else {
			for _, b := range slices {
				b.header = header
			}
		}
		for _, b := range slices {
			r.emit(b)
		}
	}
	if len(rows) == headerRows && len(header) > 0 {
		header[len(header)-1].keep = false
	}
	r.space(r.geo.paraSpace)
	return ast.WalkSkipChildren, nil
}

// columnWidths shares avail among the columns: natural widths when they
// fit; otherwise every column gets its widest word (or a fair share if
// even those do not fit) and the rest is shared in proportion to how much
// more each column would like.
func columnWidths(rows [][]*tableCell, ncol int, avail float64) []float64 {
	nat := make([]float64, ncol)
	minw := make([]float64, ncol)
	for _, cells := range rows {
		for i, c := range cells {
			nat[i] = max(nat[i], c.natural+2*cellPad)
			minw[i] = max(minw[i], c.minimum+2*cellPad)
		}
	}
	floor := 2*cellPad + 12
	total := 0.0
	for i := range nat {
		nat[i] = max(nat[i], floor)
		minw[i] = max(minw[i], floor)
		total += nat[i]
	}
	if total <= avail {
		return nat
	}
	sumMin := 0.0
	for _, m := range minw {
		sumMin += m
	}
	out := make([]float64, ncol)
	if sumMin >= avail {
		// Even the widest words do not fit: share by minimum width; words
		// are then cut between characters.
		for i := range out {
			out[i] = avail * minw[i] / sumMin
		}
		return out
	}
	extra := avail - sumMin
	want := 0.0
	for i := range nat {
		want += nat[i] - minw[i]
	}
	for i := range out {
		out[i] = minw[i]
		if want > 0 {
			out[i] += extra * (nat[i] - minw[i]) / want
		}
	}
	return out
}
