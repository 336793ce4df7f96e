// Package canvas owns the small drawing surface the typesetter (mdpdf) and
// vector figures draw on, the embedded fonts and their metrics, the PDF
// adapter, the SVG writer (figures in the HTML preview) and the Recorder.
//
// Keeping the surface small and owned by us means the PDF library sits
// behind one adapter (PDF, the only importer of gofpdf in the repository)
// and layout can be tested against a Recorder that keeps every drawing
// operation as data. All coordinates are in points (1/72 inch) with the
// origin at the top-left corner of the page, y growing downwards.
//
// Only the embedded Liberation faces are available, so output never depends
// on the fonts of the machine that builds it; a rune the faces cannot draw
// is an error, never a blank box or a substitute.
package canvas

import (
	"fmt"
	"time"
)

// Paper is a sheet size the submission rules accept.
type Paper uint8

const (
	Letter Paper = iota // US Letter, 8.5 × 11 in (612 × 792 pt)
	A4                  // ISO A4, 210 × 297 mm (595.28 × 841.89 pt)
)

// Orientation says which way up a page is stored. Landscape pages are
// stored landscape (wider MediaBox), not as rotated portrait content, as the
// FDA specification asks.
type Orientation uint8

const (
	Portrait Orientation = iota
	Landscape
)

// Size returns the page width and height in points.
func (p Paper) Size(o Orientation) (w, h float64) {
	switch p {
	case A4:
		w, h = 595.28, 841.89
	default:
		w, h = 612, 792
	}
	if o == Landscape {
		w, h = h, w
	}
	return w, h
}

// String names the paper for messages.
func (p Paper) String() string {
	if p == A4 {
		return "A4"
	}
	return "Letter"
}

// Color is an RGB colour as 0xRRGGBB, so colours can be constants.
type Color uint32

const (
	Black     Color = 0x000000
	White     Color = 0xFFFFFF
	LinkBlue  Color = 0x0000FF // the only non-black text colour the FDA asks for
	LightGrey Color = 0xD9D9D9
)

// RGB splits the colour into its components.
func (c Color) RGB() (r, g, b int) { return int(c>>16) & 0xFF, int(c>>8) & 0xFF, int(c) & 0xFF }

// PaintMode says whether a closed shape is outlined, filled or both.
type PaintMode uint8

const (
	Stroke     PaintMode = 1 << iota // outline with the stroke colour and line width
	Fill                             // fill with the fill colour
	FillStroke = Stroke | Fill
)

// Point is a position on the page in points.
type Point struct{ X, Y float64 }

// ImageFormat names an encoded raster format the canvas can embed.
type ImageFormat string

const (
	PNG  ImageFormat = "PNG"
	JPEG ImageFormat = "JPG"
)

// Info is the document-information dictionary. Date is written as both the
// creation and the modification date; the zero Date means 1970-01-01 UTC,
// never the clock, so the same input gives the same bytes.
type Info struct {
	Title, Author, Subject, Keywords, Creator, Producer string
	Date                                                time.Time
}

// Measurer measures text in the embedded faces. Layout measures before it
// draws, so measuring is part of the canvas contract; *Fonts implements it.
type Measurer interface {
	// StringWidth is the advance width of s in points.
	StringWidth(f Font, size float64, s string) float64
	// RuneWidth is the advance width of r in points (0 if the face lacks it).
	RuneWidth(f Font, size float64, r rune) float64
	// HasGlyph reports whether the face can draw r.
	HasGlyph(f Font, r rune) bool
	// MissingGlyph returns the first rune of s the face cannot draw.
	MissingGlyph(f Font, s string) (rune, bool)
	// Metrics returns the face's vertical measures in em units.
	Metrics(f Font) Metrics
	// Outline returns the glyph outline of r (em units, y up) and its
	// advance in em, for drawing text as shapes (see Fonts.Outline).
	Outline(f Font, r rune) ([][]Point, float64, error)
}

// Canvas is a multi-page drawing surface. Errors are sticky, as in the PDF
// writer underneath: after the first failure drawing calls do nothing and
// Err returns the failure, so callers check once, at the end.
type Canvas interface {
	Measurer

	// AddPage starts a new page and makes it current.
	AddPage(p Paper, o Orientation)
	// PageSize is the current page's width and height in points.
	PageSize() (w, h float64)

	// SetFont selects the face and size (points) for Text.
	SetFont(f Font, size float64)
	// SetTextColor sets the colour of following text.
	SetTextColor(c Color)
	// Text draws s with its left end at x and its baseline at y. A rune the
	// current face cannot draw is an error.
	Text(x, y float64, s string)
	// RotatedText draws s like Text, turned anticlockwise by degrees about
	// (x, y); used for the DRAFT watermark.
	RotatedText(x, y, degrees float64, s string)

	// SetLineWidth sets the stroke width in points.
	SetLineWidth(w float64)
	// SetStrokeColor sets the colour of lines and outlines.
	SetStrokeColor(c Color)
	// SetFillColor sets the colour of filled shapes.
	SetFillColor(c Color)
	// SetDash sets a dash pattern (dash and gap lengths); 0, 0 is solid.
	SetDash(dash, gap float64)
	// Line draws a straight line.
	Line(x1, y1, x2, y2 float64)
	// Rect draws a rectangle with its top-left corner at (x, y).
	Rect(x, y, w, h float64, m PaintMode)
	// Polygon draws a closed polygon through pts.
	Polygon(pts []Point, m PaintMode)
	// Shape draws one shape made of several closed contours (a glyph
	// outline); where contours overlap the nonzero winding rule decides,
	// so the counters of letters stay open.
	Shape(contours [][]Point, m PaintMode)
	// Circle draws a circle centred on (x, y).
	Circle(x, y, r float64, m PaintMode)
	// Image draws an encoded image into the box (x, y, w, h). name
	// identifies the image: the same name embeds the data once.
	Image(name string, data []byte, format ImageFormat, x, y, w, h float64)

	// AddLink reserves an internal link target and returns its id.
	AddLink() int
	// SetLink points link id at height y on page (1-based).
	SetLink(id, page int, y float64)
	// LinkArea makes the box a live link to internal target id.
	LinkArea(x, y, w, h float64, id int)
	// URLArea makes the box a live link to an external URL.
	URLArea(x, y, w, h float64, url string)
	// Bookmark adds an outline entry at level (0 = top) pointing at height y
	// on the current page; the destination keeps the reader's zoom.
	Bookmark(title string, level int, y float64)

	// Err returns the first error met while drawing, or nil.
	Err() error
}

// glyphError is the canvas's last line of defence against drawing a rune
// the face lacks; the typesetter reports such runes earlier, with a source
// position.
func glyphError(f Font, r rune) error {
	return fmt.Errorf("canvas: font %s cannot draw U+%04X %q", f.Name(), r, r)
}
