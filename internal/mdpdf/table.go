package mdpdf

import (
	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/mdext"
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
	return ast.WalkStop, r.errorAt(nodePos(n), CodeStructure, "%s outside a table", n.Kind())
}

// cellPad is the space between a cell's border and its text.
const cellPad = 4.0

// minColumnWidth is the narrowest a column is set: its padding and room
// for a character or two. A table whose columns cannot all have it is
// refused.
const minColumnWidth = 2*cellPad + 12

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
// table continues on. A table too wide for the column is set smaller (down
// to the style's minimum size) and then, in the ctd style, on landscape
// pages of its own; patent pages stay portrait, so there the words that do
// not fit are cut between characters.
func (r *renderer) renderTable(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*east.Table)
	ncol := len(n.Alignments)
	if ncol == 0 {
		return ast.WalkSkipChildren, nil
	}
	src, headerRows, err := r.tableSpans(n, ncol)
	if err != nil {
		return ast.WalkStop, err
	}
	sizes := []float64{r.geo.tableSize}
	if r.geo.minSize < r.geo.tableSize {
		sizes = append(sizes, r.geo.minSize)
	}
	var rows [][]*tableCell
	size := sizes[0]
	fits := false
	for _, sz := range sizes {
		if rows, err = r.measureTable(src, headerRows, sz); err != nil {
			return ast.WalkStop, err
		}
		size = sz
		if minTableWidth(rows, ncol) <= r.width {
			fits = true
			break
		}
	}
	landscape := false
	width := r.width
	if !fits && r.geo.style != StylePatent {
		lw, _ := r.geo.paper.Size(canvas.Landscape)
		lwidth := lw - r.geo.right - r.left
		for _, sz := range sizes {
			if rows, err = r.measureTable(src, headerRows, sz); err != nil {
				return ast.WalkStop, err
			}
			size = sz
			if minTableWidth(rows, ncol) <= lwidth {
				break
			}
		}
		landscape, width = true, lwidth
	}
	if need := float64(ncol) * minColumnWidth; need > width {
		// Even with every word cut between characters the columns do not
		// fit; drawn anyway they would be a black bar of rules.
		page := "landscape page"
		if !landscape {
			page = "page (patent pages stay portrait)"
		}
		r.report(nodePos(n), CodeTableWidth, "a table of %d columns needs at least %.0f pt at %g pt type, even with its words cut, and the %s has %.0f pt; split it into narrower tables, or turn it so that its columns become rows",
			ncol, need, r.geo.minSize, page, width)
		return ast.WalkSkipChildren, nil
	}
	if landscape {
		// The caption above the table goes with it onto the landscape page.
		var caption []*box
		if c, ok := n.PreviousSibling().(*mdext.CaptionNode); ok && c.Before && r.captionStart >= 0 {
			caption = append(caption, r.items[r.captionStart:]...)
			r.items = r.items[:r.captionStart]
		}
		r.pageBreak(canvas.Landscape)
		r.items = append(r.items, caption...)
	}
	r.layTable(rows, headerRows, ncol, size, width)
	if landscape {
		if c, ok := n.NextSibling().(*mdext.CaptionNode); ok && !c.Before {
			if err := r.walk(c); err != nil {
				return ast.WalkStop, err
			}
			r.skip[c] = true
		}
		r.pageBreak(canvas.Portrait)
	}
	return ast.WalkSkipChildren, nil
}

// cellSource is a cell's inline content before measuring.
type cellSource struct {
	spans []span
	align east.Alignment
}

// tableSpans collects the inline content of every cell.
func (r *renderer) tableSpans(n *east.Table, ncol int) ([][]cellSource, int, error) {
	var rows [][]cellSource
	headerRows := 0
	for row := n.FirstChild(); row != nil; row = row.NextSibling() {
		isHeader := row.Kind() == east.KindTableHeader
		if !isHeader && row.Kind() != east.KindTableRow {
			return nil, 0, r.errorAt(nodePos(row), CodeStructure, "unexpected %s in a table", row.Kind())
		}
		cells := make([]cellSource, ncol)
		i := 0
		for c := row.FirstChild(); c != nil && i < ncol; c = c.NextSibling() {
			cell, ok := c.(*east.TableCell)
			if !ok {
				return nil, 0, r.errorAt(nodePos(c), CodeStructure, "unexpected %s in a table row", c.Kind())
			}
			spans, err := r.inlines(cell)
			if err != nil {
				return nil, 0, err
			}
			cells[i] = cellSource{spans: spans, align: n.Alignments[i]}
			i++
		}
		for ; i < ncol; i++ {
			cells[i] = cellSource{align: n.Alignments[i]}
		}
		if isHeader {
			headerRows++
		}
		rows = append(rows, cells)
	}
	return rows, headerRows, nil
}

// measureTable breaks every cell into words at size.
func (r *renderer) measureTable(src [][]cellSource, headerRows int, size float64) ([][]*tableCell, error) {
	rows := make([][]*tableCell, len(src))
	for ri, cells := range src {
		ctx := textCtx{family: canvas.Serif, size: size, bold: ri < headerRows}
		rows[ri] = make([]*tableCell, len(cells))
		for ci, c := range cells {
			ws, err := r.words(c.spans, ctx)
			if err != nil {
				return nil, err
			}
			tc := &tableCell{words: ws, align: c.align}
			for _, w := range ws {
				tc.natural += w.w + w.space
				tc.minimum = max(tc.minimum, w.w)
			}
			rows[ri][ci] = tc
		}
	}
	return rows, nil
}

// minTableWidth is the narrowest the table can be without cutting words.
func minTableWidth(rows [][]*tableCell, ncol int) float64 {
	minw := make([]float64, ncol)
	for _, cells := range rows {
		for i, c := range cells {
			minw[i] = max(minw[i], c.minimum+2*cellPad)
		}
	}
	t := 0.0
	for _, m := range minw {
		t += max(m, minColumnWidth)
	}
	return t
}

// layTable emits the boxes of a measured table.
func (r *renderer) layTable(rows [][]*tableCell, headerRows, ncol int, size, avail float64) {
	widths := columnWidths(rows, ncol, avail)
	lh := r.geo.lineHeight(size)
	var header []*box
	var prevRowEnd *box // last slice of the previous body row
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
						f.base = top + baseline(lh, size) - f.rise
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
			if ri == len(rows)-1 && prevRowEnd != nil {
				// The last row (often a total) never stands alone at
				// the top of a page: the row before it goes along.
				prevRowEnd.keep = true
			}
			prevRowEnd = slices[nl-1]
		}
		for _, b := range slices {
			r.emit(b)
		}
	}
	if len(rows) == headerRows && len(header) > 0 {
		header[len(header)-1].keep = false
	}
	r.space(r.geo.paraSpace)
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
	floor := minColumnWidth
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
