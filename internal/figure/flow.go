package figure

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/canvas"
)

// The fixed wording of a process flow. Short, lower-case phrases, because
// 37 CFR 1.84(o) allows legends in drawings only "as few words as possible".
const (
	tagVirus      = "virus reduction"
	tagCritical   = "critical step"
	headMaterials = "Materials added"
	headControls  = "In-process controls"
	leadDefault   = "continued from the previous page"
	tailDefault   = "continued on the next page"
)

// flow is a process flow laid out at one width: the columns, and each
// step's wrapped text and height. Splitting into parts and drawing both
// read it, so a part drawn is exactly the part measured.
type flow struct {
	s  Spec
	mt meter

	width                 float64
	edge                  float64 // kept free on every side for half of the heaviest stroke
	leftX, leftW          float64 // materials column (leftW 0 when no step adds any)
	boxX, boxW            float64
	rightX, rightW        float64 // controls column
	pad, idW              float64 // box padding; width of the id column inside boxes
	gap                   float64 // vertical distance between boxes, holding the arrow
	noteGap               float64 // between two notes of one step
	hasL, hasR            bool
	textH                 float64 // height of one line of text
	headerBand, leadBand  float64
	tailBand, numeralRoom float64
	numerals              []string // reference numerals by step (BW only)

	rows []flowRow
}

// flowRow is one step laid out.
type flowRow struct {
	label, tags []string
	left, right [][]string // wrapped notes
	boxH, leftH float64
	rightH, h   float64 // h: the row, the tallest of box and notes
}

// layoutFlow lays the process flow out at width. The spec must be valid.
func (s Spec) layoutFlow(m canvas.Measurer, width float64) (*flow, error) {
	st := newStyle(s.BW)
	mt := newMeter(m, st)
	size := st.size
	f := &flow{s: s, mt: mt, width: width, edge: st.heavy/2 + 0.5}
	for _, step := range s.Steps {
		f.hasL = f.hasL || len(step.Materials) > 0
		f.hasR = f.hasR || len(step.Controls) > 0
	}
	w := width - 2*f.edge
	hgap, gapR := 2*size, 2*size
	if st.bw {
		// Room right of each box for its reference numeral, set at the
		// box's top right corner with a short lead line.
		numW := 0.0
		for i := range s.Steps {
			n := strconv.Itoa(s.numeral(i))
			f.numerals = append(f.numerals, n)
			numW = max(numW, mt.textWidth(st.regular, n))
		}
		gapR = max(gapR, numW+0.85*size)
	}
	side := 0.0
	switch {
	case f.hasL && f.hasR:
		side = 0.25 * w
	case f.hasL || f.hasR:
		side = 0.28 * w
	}
	reserveL, reserveR := 0.0, 0.0
	if f.hasL {
		f.leftW, reserveL = side, side+hgap
	}
	if f.hasR {
		f.rightW, reserveR = side, side+gapR
	} else if st.bw {
		reserveR = gapR
	}
	if !f.hasL && !f.hasR {
		// A bare column of boxes reads better narrower and centred.
		reserveL = max(reserveR, 0.18*w)
		reserveR = reserveL
	}
	f.leftX = f.edge
	f.boxX = f.edge + reserveL
	f.boxW = w - reserveL - reserveR
	f.rightX = f.boxX + f.boxW + gapR
	f.pad = 0.55*size + 3 // +3: room for the inner line of a critical step's double border
	for _, step := range s.Steps {
		f.idW = max(f.idW, mt.textWidth(st.bold, step.ID))
	}
	f.idW += 0.5 * size
	labelW := f.boxW - 2*f.pad - f.idW
	if labelW < 5*size || (f.hasL || f.hasR) && side < 4*size {
		return nil, fmt.Errorf("figure: a width of %.0f pt is too narrow for this process flow", width)
	}
	f.gap = 1.9 * size
	f.noteGap = 0.35 * size
	f.textH = mt.blockHeight(1)
	f.headerBand = f.textH + 0.6*size
	f.leadBand = f.textH + f.gap
	f.tailBand = f.gap + f.textH
	if st.bw {
		f.numeralRoom = mt.above() + 0.25*size + 1
	}
	for _, step := range s.Steps {
		r := flowRow{label: mt.wrap(st.regular, step.Label, labelW)}
		var tags []string
		// A patent drawing (BW) leaves out the regulatory classification:
		// a "critical step" there reads as an essential element the
		// claims lack (MPEP 2172.01).
		if step.Critical && !st.bw {
			tags = append(tags, tagCritical)
		}
		if step.VirusReduction {
			tags = append(tags, tagVirus)
		}
		if len(tags) > 0 {
			r.tags = mt.wrap(st.italic, strings.Join(tags, "; "), labelW)
		}
		r.boxH = 2*f.pad + mt.blockHeight(len(r.label)+len(r.tags))
		if len(r.tags) > 0 {
			r.boxH += 0.25 * size
		}
		r.left, r.leftH = f.notes(step.Materials, f.leftW)
		r.right, r.rightH = f.notes(step.Controls, f.rightW)
		r.h = max(r.boxH, r.leftH, r.rightH)
		f.rows = append(f.rows, r)
	}
	return f, nil
}

// notes wraps side notes into a column and returns their height.
func (f *flow) notes(notes []string, width float64) ([][]string, float64) {
	var out [][]string
	h := 0.0
	for i, n := range notes {
		lines := f.mt.wrap(f.mt.st.regular, n, width)
		out = append(out, lines)
		h += f.mt.blockHeight(len(lines))
		if i > 0 {
			h += f.noteGap
		}
	}
	return out, h
}

// top is the height above the first box of a part: the connector from the
// previous part, the column headings, and room for the first numeral.
func (f *flow) top(lead bool) float64 {
	t := 0.0
	if lead {
		t += f.leadBand
	}
	if f.hasL || f.hasR {
		t += f.headerBand
	}
	return max(t, f.numeralRoom)
}

// height is the height of the part drawing steps [from, to).
func (f *flow) height(from, to int, lead, tail bool) float64 {
	h := 2*f.edge + f.top(lead)
	for i := from; i < to; i++ {
		h += f.rows[i].h
	}
	h += float64(to-from-1) * f.gap
	if tail {
		h += f.tailBand
	}
	return h
}

// split cuts the flow into parts: the first fits first (or, if not even one
// step does, rest), every other fits rest.
func (f *flow) split(first, rest float64) ([]Part, error) {
	n := len(f.rows)
	var parts []Part
	avail := first
	for from := 0; from < n; {
		to := from
		for to < n && f.height(from, to+1, from > 0, to+1 < n) <= avail {
			to++
		}
		if to == from {
			if len(parts) == 0 && avail < rest {
				avail = rest // start the figure on a fresh page
				continue
			}
			need := f.height(from, from+1, from > 0, from+1 < n)
			return nil, f.s.fitf(fmt.Sprintf("steps[%d]", from), "step %s needs %.0f pt at a width of %.0f pt; "+
				"a page holds %.0f pt; shorten its label or its materials", f.s.Steps[from].ID, need, f.width, rest)
		}
		p := Part{Height: f.height(from, to, from > 0, to < n), Width: f.width, From: from, To: to, flow: f}
		if from > 0 {
			p.Lead = leadDefault
		}
		if to < n {
			p.Tail = tailDefault
		}
		parts = append(parts, p)
		from = to
		avail = rest
	}
	return parts, nil
}

// draw draws steps [from, to) with the part's top-left corner at (x, y).
func (f *flow) draw(p *pen, x, y float64, from, to int, lead, tail string, hasLead, hasTail bool) {
	st := f.mt.st
	size := st.size
	cx := x + f.boxX + f.boxW/2
	cy := y + f.edge
	leadBottom := 0.0
	if hasLead {
		if lead != "" {
			p.as(RoleConnector).say(st.italic, st.text, f.connectorX(x, cx, lead), cy+p.above(), lead)
		}
		leadBottom = cy + f.textH + 0.15*size
		cy += f.leadBand
	}
	if f.hasL || f.hasR {
		base := cy + p.above()
		if f.hasL {
			p.as(RoleHeading).sayRight(st.italic, st.text, x+f.leftX+f.leftW, base, headMaterials)
		}
		if f.hasR {
			p.as(RoleHeading).say(st.italic, st.text, x+f.rightX, base, headControls)
		}
		cy += f.headerBand
	}
	cy = max(cy, y+f.edge+f.numeralRoom)
	prevBottom := leadBottom
	for i := from; i < to; i++ {
		r := f.rows[i]
		mid := cy + r.h/2
		boxTop := mid - r.boxH/2
		if i > from || hasLead {
			p.arrow(st.ink, st.line, cx, prevBottom, cx, boxTop-f.border(i)/2)
		}
		f.drawStep(p, x, i, boxTop, mid)
		prevBottom = boxTop + r.boxH + f.border(i)/2
		cy += r.h
		if i < to-1 {
			cy += f.gap
		}
	}
	if hasTail {
		textTop := cy + f.gap
		p.arrow(st.ink, st.line, cx, prevBottom, cx, textTop-0.15*size)
		if tail != "" {
			p.as(RoleConnector).say(st.italic, st.text, f.connectorX(x, cx, tail), textTop+p.above(), tail)
		}
	}
}

// connectorX is where a connector text starts: centred under the boxes,
// but moved in rather than past the part's edge.
func (f *flow) connectorX(x, cx float64, s string) float64 {
	w := f.mt.textWidth(f.mt.st.italic, s)
	return max(x+f.edge, min(cx-w/2, x+f.width-f.edge-w))
}

// border is the width of step i's box outline.
func (f *flow) border(i int) float64 {
	if f.s.Steps[i].VirusReduction {
		return f.mt.st.heavy
	}
	return f.mt.st.line
}

// drawStep draws step i's box, text, side notes and numeral.
func (f *flow) drawStep(p *pen, x float64, i int, boxTop, mid float64) {
	st := f.mt.st
	size := st.size
	step, r := f.s.Steps[i], f.rows[i]
	bx := x + f.boxX
	bw := f.border(i)
	mode := canvas.Stroke
	if step.VirusReduction && !st.bw {
		p.setFill(st.vrFill)
		mode = canvas.FillStroke
	}
	p.setStroke(st.ink, bw, [2]float64{})
	p.c.Rect(bx, boxTop, f.boxW, r.boxH, mode)
	if step.Critical && !st.bw {
		d := bw/2 + 2.2
		p.setStroke(st.ink, st.line, [2]float64{})
		p.c.Rect(bx+d, boxTop+d, f.boxW-2*d, r.boxH-2*d, canvas.Stroke)
	}
	base := boxTop + f.pad + p.above()
	p.as(RoleStepID).say(st.bold, st.text, bx+f.pad, base, step.ID)
	tx := bx + f.pad + f.idW
	for _, l := range r.label {
		p.as(RoleStepLabel).say(st.regular, st.text, tx, base, l)
		base += st.lead()
	}
	base += 0.25 * size
	for _, l := range r.tags {
		p.as(RoleTag).say(st.italic, st.text, tx, base, l)
		base += st.lead()
	}

	// Materials come in from the left, controls go out to the right.
	if len(r.left) > 0 {
		right := x + f.leftX + f.leftW
		f.drawNotes(p, r.left, mid-r.leftH/2, func(base float64, l string) { p.as(RoleMaterial).sayRight(st.regular, st.text, right, base, l) })
		p.arrow(st.note, st.thin, right+0.35*size, mid, bx-bw/2, mid)
	}
	if len(r.right) > 0 {
		left := x + f.rightX
		f.drawNotes(p, r.right, mid-r.rightH/2, func(base float64, l string) { p.as(RoleControl).say(st.regular, st.text, left, base, l) })
		p.arrow(st.note, st.thin, bx+f.boxW+bw/2, mid, left-0.35*size, mid)
	}
	if st.bw {
		// The numeral sits off the box's top right corner, tied to the
		// box by a lead line (37 CFR 1.84(q)); it is never boxed, circled
		// or bracketed (1.84(p)(1)).
		nx := bx + f.boxW + 0.45*size
		nb := boxTop - 0.25*size
		p.as(RoleNumeral).say(st.regular, st.text, nx, nb, f.numerals[i])
		p.setStroke(st.ink, st.line, [2]float64{})
		p.c.Line(nx-0.12*size, nb-0.35*p.capHeight(), bx+f.boxW-0.8*size, boxTop-bw/2)
	}
}

func (f *flow) drawNotes(p *pen, notes [][]string, top float64, say func(base float64, l string)) {
	y := top
	for _, lines := range notes {
		base := y + p.above()
		for _, l := range lines {
			say(base, l)
			base += f.mt.st.lead()
		}
		y += f.mt.blockHeight(len(lines)) + f.noteGap
	}
}
