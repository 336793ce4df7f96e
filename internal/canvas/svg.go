package canvas

import (
	"encoding/base64"
	"fmt"
	"html"
	"strconv"
	"strings"
)

// SVG is a Canvas that writes one picture as an SVG element, so the HTML
// preview shows a figure drawn by the same figure code as the PDF. It has
// one page; links and bookmarks mean nothing in a picture and are
// ignored. Text is SVG text in the Liberation families (with their
// metric-compatible stand-ins), so it stays searchable in the preview.
type SVG struct {
	measurer
	b    strings.Builder
	w, h float64
	err  error

	font   Font
	size   float64
	text   Color
	stroke Color
	fill   Color
	lineW  float64
	dash   [2]float64
}

// NewSVG returns an empty picture of w × h points measuring with fonts
// (nil means a new table).
func NewSVG(fonts *Fonts, w, h float64) *SVG {
	return &SVG{measurer: newMeasurer(fonts), w: w, h: h, size: 12, lineW: 1}
}

// Bytes returns the <svg> element.
func (s *SVG) Bytes() []byte {
	return []byte(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s">`,
		num(s.w), num(s.h), num(s.w), num(s.h)) + s.b.String() + "</svg>")
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 32) }

func svgColor(c Color) string { return fmt.Sprintf("#%06x", uint32(c)) }

// AddPage implements Canvas; the picture has one page, of its own size.
func (s *SVG) AddPage(p Paper, o Orientation) {}

// PageSize implements Canvas.
func (s *SVG) PageSize() (w, h float64) { return s.w, s.h }

// SetFont implements Canvas.
func (s *SVG) SetFont(f Font, size float64) { s.font, s.size = f, size }

// SetTextColor implements Canvas.
func (s *SVG) SetTextColor(c Color) { s.text = c }

// Text implements Canvas.
func (s *SVG) Text(x, y float64, str string) { s.rotatedText(x, y, 0, str) }

// RotatedText implements Canvas.
func (s *SVG) RotatedText(x, y, degrees float64, str string) { s.rotatedText(x, y, degrees, str) }

func (s *SVG) rotatedText(x, y, degrees float64, str string) {
	if r, missing := s.fonts.MissingGlyph(s.font, str); missing {
		if s.err == nil {
			s.err = glyphError(s.font, r)
		}
		return
	}
	family := [...]string{`'Liberation Serif','Times New Roman',serif`, `'Liberation Sans',Arial,sans-serif`, `'Liberation Mono','Courier New',monospace`}[s.font.Family%3]
	fmt.Fprintf(&s.b, `<text x="%s" y="%s" font-family="%s" font-size="%s"`, num(x), num(y), family, num(s.size))
	if s.font.Bold {
		s.b.WriteString(` font-weight="bold"`)
	}
	if s.font.Italic {
		s.b.WriteString(` font-style="italic"`)
	}
	if degrees != 0 {
		// SVG turns clockwise with y down; the canvas turns anticlockwise.
		fmt.Fprintf(&s.b, ` transform="rotate(%s %s %s)"`, num(-degrees), num(x), num(y))
	}
	fmt.Fprintf(&s.b, ` fill="%s" xml:space="preserve">%s</text>`, svgColor(s.text), html.EscapeString(str))
}

// SetLineWidth implements Canvas.
func (s *SVG) SetLineWidth(w float64) { s.lineW = w }

// SetStrokeColor implements Canvas.
func (s *SVG) SetStrokeColor(c Color) { s.stroke = c }

// SetFillColor implements Canvas.
func (s *SVG) SetFillColor(c Color) { s.fill = c }

// SetDash implements Canvas.
func (s *SVG) SetDash(dash, gap float64) { s.dash = [2]float64{dash, gap} }

func (s *SVG) strokeAttrs() string {
	a := fmt.Sprintf(` stroke="%s" stroke-width="%s"`, svgColor(s.stroke), num(s.lineW))
	if s.dash[0] > 0 {
		a += fmt.Sprintf(` stroke-dasharray="%s %s"`, num(s.dash[0]), num(s.dash[1]))
	}
	return a
}

func (s *SVG) paint(m PaintMode) string {
	a := ` fill="none"`
	if m&Fill != 0 {
		a = fmt.Sprintf(` fill="%s"`, svgColor(s.fill))
	}
	if m&Stroke != 0 {
		a += s.strokeAttrs()
	}
	return a
}

// Line implements Canvas.
func (s *SVG) Line(x1, y1, x2, y2 float64) {
	fmt.Fprintf(&s.b, `<line x1="%s" y1="%s" x2="%s" y2="%s"%s/>`, num(x1), num(y1), num(x2), num(y2), s.strokeAttrs())
}

// Rect implements Canvas.
func (s *SVG) Rect(x, y, w, h float64, m PaintMode) {
	fmt.Fprintf(&s.b, `<rect x="%s" y="%s" width="%s" height="%s"%s/>`, num(x), num(y), num(w), num(h), s.paint(m))
}

func points(pts []Point) string {
	var b strings.Builder
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p.X) + "," + num(p.Y))
	}
	return b.String()
}

// Polygon implements Canvas.
func (s *SVG) Polygon(pts []Point, m PaintMode) {
	fmt.Fprintf(&s.b, `<polygon points="%s"%s/>`, points(pts), s.paint(m))
}

// Shape implements Canvas.
func (s *SVG) Shape(contours [][]Point, m PaintMode) {
	var d strings.Builder
	for _, c := range contours {
		for i, p := range c {
			if i == 0 {
				d.WriteString("M")
			} else {
				d.WriteString("L")
			}
			d.WriteString(num(p.X) + " " + num(p.Y))
		}
		d.WriteString("Z")
	}
	fmt.Fprintf(&s.b, `<path d="%s" fill-rule="nonzero"%s/>`, d.String(), s.paint(m))
}

// Circle implements Canvas.
func (s *SVG) Circle(x, y, r float64, m PaintMode) {
	fmt.Fprintf(&s.b, `<circle cx="%s" cy="%s" r="%s"%s/>`, num(x), num(y), num(r), s.paint(m))
}

// Image implements Canvas.
func (s *SVG) Image(name string, data []byte, format ImageFormat, x, y, w, h float64) {
	mime := "image/png"
	if format == JPEG {
		mime = "image/jpeg"
	}
	fmt.Fprintf(&s.b, `<image x="%s" y="%s" width="%s" height="%s" href="data:%s;base64,%s"/>`,
		num(x), num(y), num(w), num(h), mime, base64.StdEncoding.EncodeToString(data))
}

// AddLink implements Canvas; a picture has no link targets.
func (s *SVG) AddLink() int { return 0 }

// SetLink implements Canvas.
func (s *SVG) SetLink(id, page int, y float64) {}

// LinkArea implements Canvas.
func (s *SVG) LinkArea(x, y, w, h float64, id int) {}

// URLArea implements Canvas.
func (s *SVG) URLArea(x, y, w, h float64, url string) {}

// Bookmark implements Canvas.
func (s *SVG) Bookmark(title string, level int, y float64) {}

// Err implements Canvas.
func (s *SVG) Err() error { return s.err }
