package mdpdf

import (
	"fmt"
	"strings"

	"github.com/regdoc/regdoc/internal/canvas"
)

// geometry is everything a style decides about the page: where text may go
// and how big it is. Furniture (running header and footer) lies inside the
// margins too, because reviewers' tools check every word on the page.
type geometry struct {
	style     Style
	paper     canvas.Paper
	left      float64 // margins in points, measured from the page edges
	right     float64
	top       float64
	bottom    float64
	bodySize  float64 // body text
	tableSize float64 // table cells
	codeSize  float64 // code blocks and spans
	noteSize  float64 // footnotes
	furnSize  float64 // running header and footer
	minSize   float64 // nothing is set smaller than this
	leading   float64 // baseline-to-baseline distance as a multiple of the size
	paraSpace float64 // space after a paragraph
	numbered  bool    // patent paragraph numbers [0001]
	// typographic turns straight quotes, -- and --- and ... in running
	// text into typographic quotes, dashes and the ellipsis (smart.go).
	typographic bool
	headSizes   [7]float64
}

// newGeometry returns the page rules of a style and paper.
//
// ctd: FDA asks for a left margin of at least 3/4 inch and 3/8 inch
// elsewhere, with headers and footers kept 3/8 inch from every edge, and
// landscape pages 3/4 inch at the top; we use 1 inch left and right and
// 3/4 inch top and bottom, leaving slack for glyph bounding boxes.
// patent: 37 CFR 1.52 asks for 2.5 cm left, 2.0 cm top, right and bottom,
// 1.5 line spacing and text no smaller than 12 pt.
func newGeometry(style Style, paper string) (geometry, error) {
	var g geometry
	switch strings.ToLower(paper) {
	case "", "letter":
		g.paper = canvas.Letter
	case "a4":
		g.paper = canvas.A4
	default:
		return g, fmt.Errorf("mdpdf: unknown paper %q (want letter or a4)", paper)
	}
	switch style {
	case "", StyleCTD:
		g.style = StyleCTD
		g.left, g.right, g.top, g.bottom = 72, 72, 54, 45
		g.bodySize, g.tableSize, g.codeSize, g.noteSize, g.furnSize, g.minSize = 12, 10, 10, 10, 9, 9
		g.leading = 1.2
		g.paraSpace = 6
		g.headSizes = [7]float64{0, 16, 14, 13, 12, 12, 12}
		g.typographic = true
	case StylePatent:
		g.style = StylePatent
		// 2.5 cm = 70.9 pt and 2.0 cm = 56.7 pt, plus slack.
		g.left, g.right, g.top, g.bottom = 80, 64, 64, 64
		g.bodySize, g.tableSize, g.codeSize, g.noteSize, g.furnSize, g.minSize = 12, 12, 12, 12, 12, 12
		g.leading = 1.5
		g.paraSpace = 6
		g.numbered = true
		g.typographic = true
		g.headSizes = [7]float64{0, 14, 13, 12, 12, 12, 12}
	default:
		return g, fmt.Errorf("mdpdf: unknown style %q (want %q or %q)", style, StyleCTD, StylePatent)
	}
	return g, nil
}

// lineHeight is the baseline-to-baseline distance for text of size.
func (g *geometry) lineHeight(size float64) float64 { return size * g.leading }

// baseline is where text of size sits in a line box of height h: the glyph
// box (ascent + descent of Liberation, about 1.107 em) is centred.
func baseline(h, size float64) float64 {
	const ascent, descent = 0.891, 0.216
	return (h-size*(ascent+descent))/2 + size*ascent
}
