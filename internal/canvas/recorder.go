package canvas

import (
	"errors"
	"fmt"
)

// OpKind names a recorded drawing operation.
type OpKind string

const (
	OpPage     OpKind = "page"
	OpText     OpKind = "text"
	OpLine     OpKind = "line"
	OpRect     OpKind = "rect"
	OpPolygon  OpKind = "polygon"
	OpShape    OpKind = "shape" // contours of one shape, Points holding all of them
	OpCircle   OpKind = "circle"
	OpImage    OpKind = "image"
	OpLink     OpKind = "link"     // internal link area
	OpURL      OpKind = "url"      // external link area
	OpBookmark OpKind = "bookmark" // outline entry
)

// Op is one recorded drawing operation with the state it was drawn in, so a
// layout test can ask "where did this word land, in what face and size?"
// without parsing a PDF.
type Op struct {
	Kind      OpKind
	Page      int     // 1-based page the op was drawn on
	X, Y      float64 // text: left end of the baseline; shapes: top-left; line: start
	W, H      float64 // box size (text: advance width and font size)
	X2, Y2    float64 // line end
	Text      string  // text, bookmark title, URL or image name
	Font      Font
	Size      float64
	Color     Color // text colour for text, stroke colour for lines and outlines
	Fill      Color // fill colour for filled shapes
	LineWidth float64
	Mode      PaintMode
	Degrees   float64 // rotated text
	Level     int     // bookmark level
	Link      int     // internal link id
	Points    []Point // polygon, shape
	Paper     Paper   // page ops
	Orient    Orientation
}

// Target is where an internal link points.
type Target struct {
	Page int
	Y    float64
}

// Recorder is a Canvas that keeps every operation as an Op instead of
// writing a file. It measures with the measurer PDF and SVG embed, so a
// layout recorded here is the layout the PDF gets.
type Recorder struct {
	Ops     []Op
	Targets map[int]Target // internal link targets by id

	measurer
	err    error
	page   int
	sizes  [][2]float64 // per page: width, height
	font   Font
	size   float64
	text   Color
	stroke Color
	fill   Color
	lineW  float64
	links  int
}

// NewRecorder returns an empty Recorder measuring with fonts (nil means a
// new table).
func NewRecorder(fonts *Fonts) *Recorder {
	return &Recorder{measurer: newMeasurer(fonts), Targets: map[int]Target{}, size: 12, lineW: 1}
}

func (r *Recorder) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *Recorder) onPage() bool {
	if r.err != nil {
		return false
	}
	if r.page == 0 {
		r.fail(errors.New("canvas: drawing before the first page"))
		return false
	}
	return true
}

// AddPage implements Canvas.
func (r *Recorder) AddPage(p Paper, o Orientation) {
	if r.err != nil {
		return
	}
	w, h := p.Size(o)
	r.sizes = append(r.sizes, [2]float64{w, h})
	r.page = len(r.sizes)
	r.Ops = append(r.Ops, Op{Kind: OpPage, Page: r.page, W: w, H: h, Paper: p, Orient: o})
}

// PageCount is the number of pages added so far.
func (r *Recorder) PageCount() int { return len(r.sizes) }

// PageSize implements Canvas.
func (r *Recorder) PageSize() (w, h float64) {
	if r.page == 0 {
		return Letter.Size(Portrait)
	}
	s := r.sizes[r.page-1]
	return s[0], s[1]
}

// SetFont implements Canvas.
func (r *Recorder) SetFont(f Font, size float64) {
	if !f.valid() {
		r.fail(fmt.Errorf("canvas: unknown font family %d", f.Family))
		return
	}
	r.font, r.size = f, size
}

// SetTextColor implements Canvas.
func (r *Recorder) SetTextColor(c Color) { r.text = c }

// SetLineWidth implements Canvas.
func (r *Recorder) SetLineWidth(w float64) { r.lineW = w }

// SetStrokeColor implements Canvas.
func (r *Recorder) SetStrokeColor(c Color) { r.stroke = c }

// SetFillColor implements Canvas.
func (r *Recorder) SetFillColor(c Color) { r.fill = c }

// SetDash implements Canvas.
func (r *Recorder) SetDash(dash, gap float64) {}

func (r *Recorder) text1(x, y, deg float64, s string) {
	if !r.onPage() || s == "" {
		return
	}
	if c, missing := r.MissingGlyph(r.font, s); missing {
		r.fail(glyphError(r.font, c))
		return
	}
	r.Ops = append(r.Ops, Op{Kind: OpText, Page: r.page, X: x, Y: y, W: r.StringWidth(r.font, r.size, s), H: r.size,
		Text: s, Font: r.font, Size: r.size, Color: r.text, Degrees: deg})
}

// Text implements Canvas.
func (r *Recorder) Text(x, y float64, s string) { r.text1(x, y, 0, s) }

// RotatedText implements Canvas.
func (r *Recorder) RotatedText(x, y, degrees float64, s string) { r.text1(x, y, degrees, s) }

// Line implements Canvas.
func (r *Recorder) Line(x1, y1, x2, y2 float64) {
	if r.onPage() {
		r.Ops = append(r.Ops, Op{Kind: OpLine, Page: r.page, X: x1, Y: y1, X2: x2, Y2: y2, Color: r.stroke, LineWidth: r.lineW})
	}
}

// Rect implements Canvas.
func (r *Recorder) Rect(x, y, w, h float64, m PaintMode) {
	if r.onPage() {
		r.Ops = append(r.Ops, Op{Kind: OpRect, Page: r.page, X: x, Y: y, W: w, H: h, Mode: m, Color: r.stroke, Fill: r.fill, LineWidth: r.lineW})
	}
}

// Polygon implements Canvas.
func (r *Recorder) Polygon(pts []Point, m PaintMode) {
	if r.onPage() {
		r.Ops = append(r.Ops, Op{Kind: OpPolygon, Page: r.page, Points: append([]Point(nil), pts...), Mode: m, Color: r.stroke, Fill: r.fill, LineWidth: r.lineW})
	}
}

// Shape implements Canvas.
func (r *Recorder) Shape(contours [][]Point, m PaintMode) {
	if r.onPage() {
		var pts []Point
		for _, c := range contours {
			pts = append(pts, c...)
		}
		r.Ops = append(r.Ops, Op{Kind: OpShape, Page: r.page, Points: pts, Mode: m, Color: r.stroke, Fill: r.fill, LineWidth: r.lineW})
	}
}

// Circle implements Canvas.
func (r *Recorder) Circle(x, y, rad float64, m PaintMode) {
	if r.onPage() {
		r.Ops = append(r.Ops, Op{Kind: OpCircle, Page: r.page, X: x, Y: y, W: 2 * rad, H: 2 * rad, Mode: m, Color: r.stroke, Fill: r.fill, LineWidth: r.lineW})
	}
}

// Image implements Canvas.
func (r *Recorder) Image(name string, data []byte, format ImageFormat, x, y, w, h float64) {
	if !r.onPage() {
		return
	}
	if format != PNG && format != JPEG {
		r.fail(fmt.Errorf("canvas: image %s: unsupported format %q", name, format))
		return
	}
	r.Ops = append(r.Ops, Op{Kind: OpImage, Page: r.page, X: x, Y: y, W: w, H: h, Text: name})
}

// AddLink implements Canvas.
func (r *Recorder) AddLink() int {
	r.links++
	return r.links
}

// SetLink implements Canvas.
func (r *Recorder) SetLink(id, page int, y float64) {
	if id < 1 || id > r.links {
		r.fail(fmt.Errorf("canvas: SetLink: unknown link %d", id))
		return
	}
	r.Targets[id] = Target{Page: page, Y: y}
}

// LinkArea implements Canvas.
func (r *Recorder) LinkArea(x, y, w, h float64, id int) {
	if r.onPage() {
		r.Ops = append(r.Ops, Op{Kind: OpLink, Page: r.page, X: x, Y: y, W: w, H: h, Link: id})
	}
}

// URLArea implements Canvas.
func (r *Recorder) URLArea(x, y, w, h float64, url string) {
	if r.onPage() {
		r.Ops = append(r.Ops, Op{Kind: OpURL, Page: r.page, X: x, Y: y, W: w, H: h, Text: url})
	}
}

// Bookmark implements Canvas.
func (r *Recorder) Bookmark(title string, level int, y float64) {
	if r.onPage() {
		r.Ops = append(r.Ops, Op{Kind: OpBookmark, Page: r.page, Y: y, Text: title, Level: level})
	}
}

// Err implements Canvas.
func (r *Recorder) Err() error { return r.err }

// Texts returns the text ops, in drawing order, for convenience in tests.
func (r *Recorder) Texts() []Op {
	var out []Op
	for _, op := range r.Ops {
		if op.Kind == OpText {
			out = append(out, op)
		}
	}
	return out
}

// Both implementations satisfy Canvas.
var (
	_ Canvas = (*PDF)(nil)
	_ Canvas = (*Recorder)(nil)
)
