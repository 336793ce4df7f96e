package figure

import (
	"math"

	"github.com/regdoc/regdoc/internal/canvas"
)

// meter measures text in a style. Layout needs only a Measurer, drawing a
// Canvas; both go through the same meter so they agree to the point.
type meter struct {
	m                       canvas.Measurer
	st                      style
	ascent, descent, capEms float64
}

func newMeter(m canvas.Measurer, st style) meter {
	mt := m.Metrics(st.regular)
	return meter{m: m, st: st, ascent: mt.Ascent, descent: mt.Descent, capEms: mt.CapHeight}
}

// textWidth measures s in f at the style's size.
func (mt meter) textWidth(f canvas.Font, s string) float64 { return mt.m.StringWidth(f, mt.st.size, s) }

// capHeight is the height of capitals and digits at the style's size.
func (mt meter) capHeight() float64 { return mt.capEms * mt.st.size }

// above and below are how far text rises above and falls below its
// baseline at the style's size.
func (mt meter) above() float64 { return mt.ascent * mt.st.size }
func (mt meter) below() float64 { return -mt.descent * mt.st.size }

// blockHeight is the height of n lines of text, from the top of the first
// line's ascent to the bottom of the last line's descent.
func (mt meter) blockHeight(n int) float64 {
	if n <= 0 {
		return 0
	}
	return float64(n-1)*mt.st.lead() + mt.above() + mt.below()
}

// wrap breaks s into lines of at most width in f.
func (mt meter) wrap(f canvas.Font, s string, width float64) []string {
	return wrap(mt.m, f, mt.st.size, s, width)
}

// pen draws on a canvas and remembers the graphics state it set, so each
// colour, width, dash and font change is written once rather than before
// every line. The canvas's state on entry is unknown, so nothing is
// assumed until the pen has set it itself.
type pen struct {
	meter
	c canvas.Canvas

	known              [5]bool // stroke, fill, text, width+dash, font
	stroke, fill, text canvas.Color
	width              float64
	dash               [2]float64
	font               canvas.Font
	size               float64

	// role is the role of the next text said; texts, when set, receives
	// every text said with its role (see Spec.Texts).
	role  Role
	texts *[]Text
}

// as sets the role of the next text said.
func (p *pen) as(r Role) *pen {
	p.role = r
	return p
}

// record hands s, just drawn, with the pen's role to the texts a caller
// asked for, and clears the role.
func (p *pen) record(s string) {
	if p.texts != nil {
		*p.texts = append(*p.texts, Text{Role: p.role, Text: s})
	}
	p.role = ""
}

func newPen(c canvas.Canvas, st style) *pen {
	return &pen{meter: newMeter(c, st), c: c}
}

func (p *pen) setStroke(col canvas.Color, width float64, dash [2]float64) {
	if !p.known[0] || p.stroke != col {
		p.c.SetStrokeColor(col)
		p.stroke, p.known[0] = col, true
	}
	if !p.known[3] || p.width != width || p.dash != dash {
		p.c.SetLineWidth(width)
		p.c.SetDash(dash[0], dash[1])
		p.width, p.dash, p.known[3] = width, dash, true
	}
}

func (p *pen) setFill(col canvas.Color) {
	if !p.known[1] || p.fill != col {
		p.c.SetFillColor(col)
		p.fill, p.known[1] = col, true
	}
}

func (p *pen) setText(f canvas.Font, size float64, col canvas.Color) {
	if !p.known[4] || p.font != f || p.size != size {
		p.c.SetFont(f, size)
		p.font, p.size, p.known[4] = f, size, true
	}
	if !p.known[2] || p.text != col {
		p.c.SetTextColor(col)
		p.text, p.known[2] = col, true
	}
}

// finish leaves the canvas with solid lines, so a typesetter drawing rules
// after a figure does not inherit a dash pattern.
func (p *pen) finish() {
	p.c.SetDash(0, 0)
	p.c.SetTextColor(canvas.Black)
}

// say draws s with its left end at x and baseline y.
func (p *pen) say(f canvas.Font, col canvas.Color, x, baseline float64, s string) {
	p.setText(f, p.st.size, col)
	p.c.Text(x, baseline, s)
	p.record(s)
}

// sayRight draws s with its right end at x.
func (p *pen) sayRight(f canvas.Font, col canvas.Color, x, baseline float64, s string) {
	p.say(f, col, x-p.textWidth(f, s), baseline, s)
}

// sayCentred draws s centred on x.
func (p *pen) sayCentred(f canvas.Font, col canvas.Color, x, baseline float64, s string) {
	p.say(f, col, x-p.textWidth(f, s)/2, baseline, s)
}

// arrow draws a line from (x1, y1) to (x2, y2) ending in a filled head
// whose tip is at (x2, y2). The line stops at the head's base, so a thick
// line does not poke through the tip.
func (p *pen) arrow(col canvas.Color, width, x1, y1, x2, y2 float64) {
	dx, dy := x2-x1, y2-y1
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	ux, uy := dx/l, dy/l
	head := min(p.st.size*0.6, l*0.6)
	half := head * 0.38
	bx, by := x2-ux*head, y2-uy*head
	p.setStroke(col, width, [2]float64{})
	p.c.Line(x1, y1, bx+ux*0.1, by+uy*0.1)
	p.setFill(col)
	p.c.Polygon([]canvas.Point{{X: x2, Y: y2}, {X: bx - uy*half, Y: by + ux*half}, {X: bx + uy*half, Y: by - ux*half}}, canvas.Fill)
}
