package mdpdf

import "github.com/regdoc/regdoc/internal/canvas"

// The typesetter works in two steps. Render funcs turn the syntax tree into
// a vertical list of boxes (one per text line, table row slice, rule or
// image) and glue (stretch of space that vanishes at the top of a page).
// The pager then cuts the list into pages, honouring keep-with-next links,
// and only then is anything drawn. Laying out before drawing is what lets
// headings stay with their text, table headers repeat and the footer say
// "Page X of Y" without a second rendering pass.

// frag is a run of text in one style placed inside a box.
type frag struct {
	x      float64 // left end, absolute on the page
	base   float64 // baseline, from the top of the box
	w      float64 // advance width
	text   string
	font   canvas.Font
	size   float64
	rise   float64 // raised (superscript) or lowered (subscript, negative) from the line's baseline
	color  canvas.Color
	strike bool
	url    string // external link target
	anchor string // internal link target (heading or caption id)
	// pageOf, when set, makes text the page number of that anchor, filled
	// in after pagination and right-aligned so it ends at x+w.
	pageOf string
	// spanI, srcStart and srcEnd say which slice of which span text the
	// frag is, while lines are built (spanI -1: text was concatenated).
	spanI            int
	srcStart, srcEnd int
}

// rule is a straight line inside a box; y is measured from the box top.
type rule struct {
	x1, y1, x2, y2 float64
	width          float64
}

// picture is an image placed inside a box.
type picture struct {
	name       string
	data       []byte
	format     canvas.ImageFormat
	x, y, w, h float64 // y from the box top
}

// outline is a bookmark to add where the box is drawn.
type outline struct {
	title string
	level int // 0 = top
}

// box is one item of the vertical list.
type box struct {
	h      float64
	frags  []frag
	rules  []rule
	pic    *picture
	fig    *placedFigure
	glue   bool // vertical space: dropped at the top of a page
	keep   bool // no page break between this box and the next box
	anchor string
	mark   *outline
	// header is the table header (its slices) to repeat when this box
	// starts a page; isHeader marks the header's own slices.
	header   []*box
	isHeader bool
	// newPage forces a page break before the box; orient is the orientation
	// of the pages from here on.
	newPage bool
	orient  canvas.Orientation
	// cites are the footnotes (goldmark's 1-based indexes) referenced on
	// this line: they go at the foot of the page the line lands on.
	cites []int
	// block numbers the paragraph-like block the line belongs to (0 = not
	// a line of running text); layout tests use it to find widows.
	block int
}
