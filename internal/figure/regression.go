package figure

import (
	"fmt"
	"math"
	"strings"

	"github.com/regdoc/regdoc/internal/canvas"
)

// A regression chart shows stability results against time the way ICH
// Q1E asks a reviewer to see them: each batch's results as points, its
// fitted line, the confidence limit of the mean as a dashed curve, the
// acceptance criterion as a horizontal line, and the shelf-life estimate
// as a vertical line where the limit meets the criterion. Unlike the
// category charts, both axes are numeric.

// XY is one point of a regression chart, numbers kept as written.
type XY struct {
	X Number `json:"x"`
	Y Number `json:"y"`
}

// Batch is one batch of a regression chart.
type Batch struct {
	// Name is the lot, shown in the legend.
	Name string `json:"name"`
	// Points are the results in the regression.
	Points []XY `json:"points"`
	// Excluded are results kept out of the regression (censored at their
	// limit of quantitation, or out of trend); drawn as crosses.
	Excluded []XY `json:"excluded,omitempty"`
	// Fit is the fitted line, as a polyline (two points for a straight
	// line); empty when the batch was not fitted.
	Fit []XY `json:"fit,omitempty"`
	// Limit is the confidence limit of the mean the criterion is judged
	// against, as a polyline; drawn dashed in the batch's colour.
	Limit []XY `json:"limit,omitempty"`
}

// regressionAxis is the value axis: from the data, limits and criterion,
// with a margin, out to whole tick steps.
func (s Spec) regressionAxis() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	see := func(n Number) {
		if n != "" {
			lo, hi = min(lo, n.value()), max(hi, n.value())
		}
	}
	for _, b := range s.Batches {
		for _, set := range [][]XY{b.Points, b.Excluded, b.Fit, b.Limit} {
			for _, p := range set {
				see(p.Y)
			}
		}
	}
	see(s.Lower)
	see(s.Upper)
	if math.IsInf(lo, 0) {
		return 0, 1
	}
	span := hi - lo
	if span <= 0 {
		span = max(math.Abs(hi), 1)
	}
	step := niceStep((span * 1.2) / 5)
	lo = math.Floor((lo-0.05*span)/step+1e-9) * step
	hi = math.Ceil((hi+0.1*span)/step-1e-9) * step
	return lo, hi
}

func (s Spec) validateRegression() error {
	if f, bad := s.foreign(); bad {
		return s.errorf(f, "does not apply to a %s", s.Kind)
	}
	if err := s.checkNumber("x_max", s.XMax); s.XMax == "" || err != nil || s.XMax.value() <= 0 {
		return s.errorf("x_max", "a regression chart needs the end of its time axis, a positive number")
	}
	if len(s.Batches) == 0 {
		return s.errorf("batches", "a regression chart needs at least one batch")
	}
	xmax := s.XMax.value()
	names := map[string]int{}
	for i, b := range s.Batches {
		p := fmt.Sprintf("batches[%d]", i)
		if strings.TrimSpace(b.Name) == "" {
			return s.errorf(p+".name", "missing; each batch is named in the legend")
		}
		if j, dup := names[b.Name]; dup {
			return s.errorf(p+".name", "%q is also the name of batches[%d]", b.Name, j)
		}
		names[b.Name] = i
		for _, set := range []struct {
			name string
			pts  []XY
		}{{"points", b.Points}, {"excluded", b.Excluded}, {"fit", b.Fit}, {"limit", b.Limit}} {
			for j, pt := range set.pts {
				f := fmt.Sprintf("%s.%s[%d]", p, set.name, j)
				if err := s.checkNumber(f+".x", pt.X); err != nil {
					return err
				}
				if err := s.checkNumber(f+".y", pt.Y); err != nil {
					return err
				}
				if x := pt.X.value(); x < 0 || x > xmax {
					return s.errorf(f+".x", "%s lies outside the time axis 0 to %s", pt.X, s.XMax)
				}
			}
		}
		if len(b.Fit) == 1 || len(b.Limit) == 1 {
			return s.errorf(p, "a fitted line or a limit needs at least two points")
		}
	}
	for _, f := range []struct {
		name string
		n    Number
	}{{"lower", s.Lower}, {"upper", s.Upper}, {"shelf_life", s.ShelfLife}} {
		if f.n != "" {
			if err := s.checkNumber(f.name, f.n); err != nil {
				return err
			}
		}
	}
	if s.ShelfLife != "" {
		if x := s.ShelfLife.value(); x < 0 || x > xmax {
			return s.errorf("shelf_life", "%s lies outside the time axis 0 to %s", s.ShelfLife, s.XMax)
		}
	}
	if s.Lower != "" && s.Upper != "" && s.Lower.value() >= s.Upper.value() {
		return s.errorf("lower", "%s is not below the upper limit %s", s.Lower, s.Upper)
	}
	return nil
}

// layoutRegression lays the chart out: legend on top, value axis on the
// left, time axis below.
func (s Spec) layoutRegression(m canvas.Measurer, x, y, w, h float64) (*chart, error) {
	st := newStyle(s.BW)
	mt := newMeter(m, st)
	size := st.size
	ch := &chart{s: s, mt: mt, x: x, y: y, w: w, h: h, edge: st.heavy/2 + 0.5}
	ch.lo, ch.hi = s.regressionAxis()
	ch.ticks, ch.dec = ticks(ch.lo, ch.hi)
	ch.tickLen = 0.35 * size
	ch.markerR = 0.3 * size
	ch.lineW = max(1.2, 1.4*st.line)
	ch.sampleW = 3 * size
	if w < 12*size || h < 8*size {
		return nil, ch.tooSmall()
	}
	pad := ch.edge
	inner := w - 2*pad
	if err := ch.layoutLegend(s.legendNames(), inner, "batches[%d].name"); err != nil {
		return nil, err
	}
	ch.plotT = y + pad + ch.legendH + mt.capHeight() + 0.6*size // room for the shelf-life label
	if err := ch.layoutValueAxis(); err != nil {
		return nil, err
	}
	ch.plotR = x + w - pad - size
	titleH, err := ch.xTitleHeight(inner)
	if err != nil {
		return nil, err
	}
	ch.plotB = y + h - pad - titleH - mt.blockHeight(1) - 0.25*size - ch.tickLen
	if ch.plotB-ch.plotT < 3*size || ch.plotR-ch.plotL < 6*size {
		return nil, ch.tooSmall()
	}
	return ch, nil
}

// legendNames are the legend entries: the batches, then the key to the
// dashed limit and the crosses when the chart has them.
func (s Spec) legendNames() []string {
	var out []string
	limit, excluded := false, false
	for _, b := range s.Batches {
		out = append(out, b.Name)
		limit = limit || len(b.Limit) > 0
		excluded = excluded || len(b.Excluded) > 0
	}
	if limit {
		out = append(out, s.LimitLabel)
	}
	if excluded {
		out = append(out, "not regressed")
	}
	return out
}

// timeAxis gives the month ticks: steps of 1, 2 or 3 months on a short
// axis, else 6 or 12, the periods stability protocols test at.
func (ch *chart) timeAxis() ([]float64, int, float64) {
	xhi := ch.s.XMax.value()
	step := niceStep(xhi / 8)
	if step < 1 {
		step = 1
	} else if step > 3 && step < 6 {
		step = 6 // months read in quarters and half-years
	} else if step > 6 && step < 12 {
		step = 12
	}
	var ts []float64
	for t := 0.0; t <= xhi+1e-9; t += step {
		ts = append(ts, t)
	}
	return ts, 0, xhi
}

func (ch *chart) xAt(t float64) float64 {
	return ch.plotL + t/ch.s.XMax.value()*(ch.plotR-ch.plotL)
}

// drawRegression draws a laid-out regression chart.
func (ch *chart) drawRegression(p *pen) {
	st := ch.mt.st
	size := st.size
	ch.drawValueAxis(p, func(float64) bool { return false })
	xt, xdec, _ := ch.timeAxis()
	for _, t := range xt {
		x := ch.xAt(t)
		p.setStroke(st.ink, st.line, [2]float64{})
		p.c.Line(x, ch.plotB, x, ch.plotB+ch.tickLen)
		p.as(RoleTick).sayCentred(st.regular, st.text, x, ch.plotB+ch.tickLen+0.25*size+p.above(), tickLabel(t, xdec))
	}
	if ch.s.XLabel != "" {
		p.as(RoleTitle).sayCentred(st.regular, st.text, (ch.plotL+ch.plotR)/2, ch.y+ch.h-ch.edge-p.below(), ch.s.XLabel)
	}
	if ch.s.YLabel != "" {
		wl := p.textWidth(st.regular, ch.s.YLabel)
		p.setText(st.regular, size, st.text)
		p.c.RotatedText(ch.x+ch.edge+p.above(), (ch.plotT+ch.plotB)/2+wl/2, 90, ch.s.YLabel)
		p.as(RoleTitle).record(ch.s.YLabel)
	}
	for _, l := range ch.limits() {
		y := ch.yOf(l.v)
		p.setStroke(st.limit, st.line*1.3, [2]float64{})
		p.c.Line(ch.plotL, y, ch.plotR, y)
		base := y - 0.3*size - p.below()
		if !l.upper {
			base = y + 0.3*size + p.above()
		}
		// At the left, where the results start: far from the crossing,
		// where the lines meet the criterion.
		p.as(RoleLimit).say(st.regular, st.text, ch.plotL+0.4*size, base, strings.Replace(l.label, " limit ", " criterion ", 1))
	}
	poly := func(pts []XY) {
		for j := 1; j < len(pts); j++ {
			p.c.Line(ch.xAt(pts[j-1].X.value()), ch.yOf(pts[j-1].Y.value()), ch.xAt(pts[j].X.value()), ch.yOf(pts[j].Y.value()))
		}
	}
	for i, b := range ch.s.Batches {
		p.setStroke(st.seriesColor(i), ch.lineW, [2]float64{})
		poly(b.Fit)
		p.setStroke(st.seriesColor(i), ch.lineW, [2]float64{4, 2.5})
		poly(b.Limit)
	}
	for i, b := range ch.s.Batches {
		for _, pt := range b.Points {
			ch.marker(p, i, ch.xAt(pt.X.value()), ch.yOf(pt.Y.value()))
		}
		for _, pt := range b.Excluded {
			ch.cross(p, i, ch.xAt(pt.X.value()), ch.yOf(pt.Y.value()))
		}
	}
	if ch.s.ShelfLife != "" {
		x := ch.xAt(ch.s.ShelfLife.value())
		p.setStroke(st.ink, st.line*1.3, [2]float64{1.5, 2})
		p.c.Line(x, ch.plotT, x, ch.plotB)
		label := ch.s.ShelfLabel
		lw := p.textWidth(st.regular, label)
		lx := min(max(x-lw/2, ch.x+ch.edge), ch.x+ch.w-ch.edge-lw)
		p.as(RoleShelfLife).say(st.regular, st.text, lx, ch.plotT-0.3*size, label)
	}
	names := ch.s.legendNames()
	ch.drawLegend(p, func(i int, x, mid float64) (string, Role) {
		switch {
		case i < len(ch.s.Batches):
			p.setStroke(st.seriesColor(i), ch.lineW, [2]float64{})
			p.c.Line(x, mid, x+ch.sampleW, mid)
			ch.marker(p, i, x+ch.sampleW/2, mid)
			return names[i], RoleLegend
		case names[i] == ch.s.LimitLabel:
			p.setStroke(st.ink, ch.lineW, [2]float64{4, 2.5})
			p.c.Line(x, mid, x+ch.sampleW, mid)
		default:
			ch.cross(p, -1, x+ch.sampleW/2, mid)
		}
		return names[i], RoleKey
	})
}

// cross marks a result kept out of the regression; i < 0 draws it in ink.
func (ch *chart) cross(p *pen, i int, x, y float64) {
	col := ch.mt.st.ink
	if i >= 0 {
		col = ch.mt.st.seriesColor(i)
	}
	r := ch.markerR * 1.2
	p.setStroke(col, ch.mt.st.line*1.2, [2]float64{})
	p.c.Line(x-r, y-r, x+r, y+r)
	p.c.Line(x-r, y+r, x+r, y-r)
}
