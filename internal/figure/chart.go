package figure

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/regdoc/regdoc/internal/canvas"
)

// sin45 is sin(45°) = cos(45°), for category labels set at 45° when they
// are too wide to stand level under their tick.
const sin45 = math.Sqrt2 / 2

// chartHeight is a chart's natural height at width w: a 5:3 landscape
// shape, never so small that the plot area vanishes.
func (s Spec) chartHeight(w float64) float64 {
	return math.Round(max(0.6*w, 14*newStyle(s.BW).size))
}

// chart is a chart laid out in a box: the plot area, the value scale, the
// category positions, and where the legend and labels go.
type chart struct {
	s  Spec
	mt meter

	x, y, w, h       float64
	edge             float64
	lo, hi           float64
	ticks            []float64
	dec              int
	cats             []string
	plotL, plotT     float64
	plotR, plotB     float64
	tickLen, markerR float64
	lineW            float64
	rotate           bool
	every            int // label every n-th category
	legend           [][]legendItem
	legendH, sampleW float64
}

// legendItem is one legend entry: series index and offset in its row.
type legendItem struct {
	series int
	dx     float64
}

// layoutChart lays a chart out in the box (x, y, w, h). The spec must be
// valid.
func (s Spec) layoutChart(m canvas.Measurer, x, y, w, h float64) (*chart, error) {
	if s.Kind == RegressionChart {
		return s.layoutRegression(m, x, y, w, h)
	}
	st := newStyle(s.BW)
	mt := newMeter(m, st)
	size := st.size
	ch := &chart{s: s, mt: mt, x: x, y: y, w: w, h: h, edge: st.heavy/2 + 0.5}
	ch.lo, ch.hi = s.valueAxis()
	ch.ticks, ch.dec = ticks(ch.lo, ch.hi)
	ch.tickLen = 0.35 * size
	ch.markerR = 0.3 * size
	ch.lineW = max(1.5, 1.75*st.line)
	ch.sampleW = 3 * size
	ch.cats = s.Categories
	n := 0
	for _, se := range s.Series {
		n = max(n, len(se.Values))
	}
	if ch.cats == nil {
		for i := 1; i <= n; i++ {
			ch.cats = append(ch.cats, strconv.Itoa(i))
		}
	}
	if w < 12*size || h < 8*size {
		return nil, ch.tooSmall()
	}
	pad := ch.edge
	inner := w - 2*pad

	// Legend rows across the top, when there is more than one series.
	if len(s.Series) > 1 {
		names := make([]string, len(s.Series))
		for i, se := range s.Series {
			names[i] = se.Name
		}
		if err := ch.layoutLegend(names, inner, "series[%d].name"); err != nil {
			return nil, err
		}
	}
	topRoom := max(0.6*size, ch.markerR+2)
	if s.Kind == TrendChart {
		topRoom = mt.capHeight() + ch.markerR + 0.4*size // value labels above the points
	}
	ch.plotT = y + pad + ch.legendH + topRoom

	// Left: the value-axis title (turned 90°), tick labels, ticks.
	if err := ch.layoutValueAxis(); err != nil {
		return nil, err
	}

	// Right: room for the end-value labels of a yield chart.
	right := 0.6 * size
	if s.Kind == TrendChart {
		// The last point's value label is centred on it.
		for _, se := range s.Series {
			right = max(right, ch.valueLabelWidth(se.Values[len(se.Values)-1])/2)
		}
	}
	if s.Kind == YieldChart {
		for _, se := range s.Series {
			right = max(right, ch.markerR+0.4*size+mt.textWidth(st.regular, s.withUnit(se.Values[len(se.Values)-1])))
		}
	}
	ch.plotR = x + w - pad - right

	// Bottom: category labels (level, or at 45° when too wide), axis title.
	titleH, err := ch.xTitleHeight(inner)
	if err != nil {
		return nil, err
	}
	catW := widest(m, st.regular, size, ch.cats)
	ch.every = 1
	labelsH := mt.blockHeight(1) + 0.25*size
	if band := (ch.plotR - ch.plotL) / float64(len(ch.cats)); catW > band-0.3*size {
		ch.rotate = true
		labelsH = 0.2*size + sin45*(mt.above()+catW+mt.below())
		// The first label reaches left of its tick; keep it in the box.
		first := mt.textWidth(st.regular, ch.cats[0])
		if reach := ch.plotL + band/2 + 0.5*sin45*mt.above() - sin45*(first+mt.above()); reach < x+pad {
			ch.plotL += x + pad - reach
			band = (ch.plotR - ch.plotL) / float64(len(ch.cats))
		}
		ch.every = max(1, int(math.Ceil(st.lead()/(band*sin45)-1e-9)))
	}
	ch.plotB = y + h - pad - titleH - labelsH - ch.tickLen

	minW := 6 * size
	for _, l := range ch.limits() {
		minW = max(minW, mt.textWidth(st.regular, l.label)+size)
	}
	if ch.plotB-ch.plotT < 3*size || ch.plotR-ch.plotL < minW {
		return nil, ch.tooSmall()
	}
	return ch, nil
}

// The layout steps every chart kind shares: bar, line and trend charts
// (layoutChart) and regression charts (layoutRegression).

func (ch *chart) tooSmall() error {
	return fmt.Errorf("figure: a %.0f × %.0f pt box is too small for this %s", ch.w, ch.h, ch.s.Kind)
}

// layoutLegend wraps the legend entries into rows across the top of the
// chart, inner points wide: each a sample ch.sampleW wide and its name. A
// name too long for a row of its own is refused at the spec field that
// field (a format with the entry's index) names.
func (ch *chart) layoutLegend(names []string, inner float64, field string) error {
	st, size := ch.mt.st, ch.mt.st.size
	row, dx := []legendItem(nil), 0.0
	for i, name := range names {
		iw := ch.sampleW + 0.4*size + ch.mt.textWidth(st.regular, name)
		if iw > inner {
			return ch.s.fitf(fmt.Sprintf(field, i), "too long for a legend %.0f pt wide; shorten the name", inner)
		}
		if dx > 0 && dx+iw > inner {
			ch.legend = append(ch.legend, row)
			row, dx = nil, 0
		}
		row = append(row, legendItem{series: i, dx: dx})
		dx += iw + 1.5*size
	}
	ch.legend = append(ch.legend, row)
	ch.legendH = float64(len(ch.legend))*st.lead() + 0.5*size
	return nil
}

// layoutValueAxis sets the plot's left edge after the value-axis title
// (turned 90°), the tick labels and the ticks, refusing a title longer
// than the chart is high.
func (ch *chart) layoutValueAxis() error {
	st, mt, size, pad := ch.mt.st, ch.mt, ch.mt.st.size, ch.edge
	tickW := 0.0
	for _, t := range ch.ticks {
		tickW = max(tickW, mt.textWidth(st.regular, tickLabel(t, ch.dec)))
	}
	titleW := 0.0
	if ch.s.YLabel != "" {
		titleW = mt.above() + mt.below() + 0.35*size
		if need := mt.textWidth(st.regular, ch.s.YLabel); need > ch.h-2*pad {
			return ch.s.fitf("y_label", "%.0f pt long, more than the chart's height of %.0f pt; shorten it", need, ch.h)
		}
	}
	ch.plotL = ch.x + pad + titleW + tickW + 0.3*size + ch.tickLen
	return nil
}

// xTitleHeight is the room the axis title below the chart takes, refusing
// a title wider than the chart.
func (ch *chart) xTitleHeight(inner float64) (float64, error) {
	if ch.s.XLabel == "" {
		return 0, nil
	}
	if need := ch.mt.textWidth(ch.mt.st.regular, ch.s.XLabel); need > inner {
		return 0, ch.s.fitf("x_label", "%.0f pt long, more than the chart's width of %.0f pt; shorten it", need, inner)
	}
	return ch.mt.blockHeight(1) + 0.3*ch.mt.st.size, nil
}

// withUnit is a value as written followed by the unit ("75.0 %").
func (s Spec) withUnit(n Number) string {
	if s.Unit == "" {
		return string(n)
	}
	return string(n) + " " + s.Unit
}

// valueLabel is the label of a plotted value: the number as written, with
// its unit in a patent drawing, where a bare number beside a point could
// be taken for a reference numeral.
func (ch *chart) valueLabel(v Number) string {
	if ch.mt.st.bw {
		return ch.s.withUnit(v)
	}
	return string(v)
}

func (ch *chart) valueLabelWidth(v Number) float64 {
	return ch.mt.textWidth(ch.mt.st.regular, ch.valueLabel(v))
}

// xOf is the centre of category i's band.
func (ch *chart) xOf(i int) float64 {
	return ch.plotL + (float64(i)+0.5)*(ch.plotR-ch.plotL)/float64(len(ch.cats))
}

// yOf is the page y of value v.
func (ch *chart) yOf(v float64) float64 {
	return ch.plotB - (v-ch.lo)/(ch.hi-ch.lo)*(ch.plotB-ch.plotT)
}

// limit is an acceptance limit line of a trend chart.
type limit struct {
	v     float64
	label string
	upper bool
}

func (ch *chart) limits() []limit {
	var out []limit
	if ch.s.Lower != "" {
		out = append(out, limit{ch.s.Lower.value(), "lower limit " + ch.s.withUnit(ch.s.Lower), false})
	}
	if ch.s.Upper != "" {
		out = append(out, limit{ch.s.Upper.value(), "upper limit " + ch.s.withUnit(ch.s.Upper), true})
	}
	return out
}

func (ch *chart) draw(p *pen) {
	if ch.s.Kind == RegressionChart {
		ch.drawRegression(p)
		return
	}
	st := ch.mt.st
	size := st.size
	// Gridlines first, so everything else lies on top of them.
	onLimit := func(v float64) bool {
		for _, l := range ch.limits() {
			if math.Abs(l.v-v) < 1e-9*(ch.hi-ch.lo) {
				return true
			}
		}
		return false
	}
	ch.drawValueAxis(p, onLimit)
	for i, c := range ch.cats {
		x := ch.xOf(i)
		p.setStroke(st.ink, st.line, [2]float64{})
		p.c.Line(x, ch.plotB, x, ch.plotB+ch.tickLen)
		if i%ch.every != 0 {
			continue
		}
		if !ch.rotate {
			p.as(RoleCategory).sayCentred(st.regular, st.text, x, ch.plotB+ch.tickLen+0.25*size+p.above(), c)
			continue
		}
		// Set at 45° so the label's end meets its tick.
		wc := p.textWidth(st.regular, c)
		ex := x + 0.5*sin45*p.above()
		ey := ch.plotB + ch.tickLen + 0.2*size + sin45*p.above()
		p.setText(st.regular, size, st.text)
		p.c.RotatedText(ex-sin45*wc, ey+sin45*wc, 45, c)
		p.as(RoleCategory).record(c)
	}
	if ch.s.XLabel != "" {
		p.as(RoleTitle).sayCentred(st.regular, st.text, (ch.plotL+ch.plotR)/2, ch.y+ch.h-ch.edge-p.below(), ch.s.XLabel)
	}
	if ch.s.YLabel != "" {
		// Turned 90° anticlockwise: the text runs up the page and its
		// glyphs rise to the left of the baseline.
		wl := p.textWidth(st.regular, ch.s.YLabel)
		p.setText(st.regular, size, st.text)
		p.c.RotatedText(ch.x+ch.edge+p.above(), (ch.plotT+ch.plotB)/2+wl/2, 90, ch.s.YLabel)
		p.as(RoleTitle).record(ch.s.YLabel)
	}

	for _, l := range ch.limits() {
		y := ch.yOf(l.v)
		p.setStroke(st.limit, st.line*1.3, [2]float64{5, 3})
		p.c.Line(ch.plotL, y, ch.plotR, y)
		base := y - 0.3*size - p.below()
		if !l.upper {
			base = y + 0.3*size + p.above()
		}
		p.as(RoleLimit).sayRight(st.regular, st.text, ch.plotR-0.2*size, base, l.label)
	}

	for i, se := range ch.s.Series {
		p.setStroke(st.seriesColor(i), ch.lineW, st.seriesDash(i))
		for j := 1; j < len(se.Values); j++ {
			p.c.Line(ch.xOf(j-1), ch.yOf(se.Values[j-1].value()), ch.xOf(j), ch.yOf(se.Values[j].value()))
		}
	}
	for i, se := range ch.s.Series {
		for j, v := range se.Values {
			ch.marker(p, i, ch.xOf(j), ch.yOf(v.value()))
		}
	}
	if ch.s.Kind == TrendChart {
		// Every value is labelled while the labels fit side by side;
		// past that, every n-th, so they never overprint each other.
		band := (ch.plotR - ch.plotL) / float64(len(ch.cats))
		for _, se := range ch.s.Series {
			wmax := 0.0
			for _, v := range se.Values {
				wmax = max(wmax, ch.valueLabelWidth(v))
			}
			every := max(1, int(math.Ceil((wmax+0.3*size)/band-1e-9)))
			for j, v := range se.Values {
				if j%every != 0 {
					continue
				}
				// Above the point, or below a dip, where the line
				// leaves room; centred, but kept inside the plot.
				y := ch.yOf(v.value())
				base := y - ch.markerR - 0.4*size
				dip := (j == 0 || se.Values[j-1].value() > v.value()) && (j+1 == len(se.Values) || se.Values[j+1].value() > v.value())
				if below := y + ch.markerR + 0.4*size + p.capHeight(); dip && len(se.Values) > 1 && below+p.below() < ch.plotB {
					base = below
				}
				lw := ch.valueLabelWidth(v)
				x := min(max(ch.xOf(j)-lw/2, ch.plotL+0.2*size), ch.plotR+ch.markerR-lw)
				p.as(RoleValue).say(st.regular, st.text, x, base, ch.valueLabel(v))
			}
		}
	} else {
		ch.endLabels(p)
	}
	if st.bw {
		ch.numerals(p)
	}
	ch.drawLegend(p, func(i int, x, mid float64) (string, Role) {
		p.setStroke(st.seriesColor(i), ch.lineW, st.seriesDash(i))
		p.c.Line(x, mid, x+ch.sampleW, mid)
		ch.marker(p, i, x+ch.sampleW/2, mid)
		return ch.s.Series[i].Name, RoleLegend
	})
}

// marker draws series i's marker centred on (x, y). Open markers are
// filled with paper white so the line does not show through them.
func (ch *chart) marker(p *pen, i int, x, y float64) {
	st := ch.mt.st
	r := ch.markerR
	col := st.seriesColor(i)
	p.setStroke(col, st.line, [2]float64{})
	switch st.marker(i) {
	case dotMarker:
		p.setFill(col)
		p.c.Circle(x, y, r, canvas.FillStroke)
	case squareMarker:
		p.setFill(st.paper)
		p.c.Rect(x-r, y-r, 2*r, 2*r, canvas.FillStroke)
	case triangleMarker:
		p.setFill(col)
		r *= 1.2
		p.c.Polygon([]canvas.Point{{X: x, Y: y - r}, {X: x + r*0.87, Y: y + r/2}, {X: x - r*0.87, Y: y + r/2}}, canvas.FillStroke)
	case diamondMarker:
		p.setFill(st.paper)
		r *= 1.25
		p.c.Polygon([]canvas.Point{{X: x, Y: y - r}, {X: x + r, Y: y}, {X: x, Y: y + r}, {X: x - r, Y: y}}, canvas.FillStroke)
	}
}

// endLabels writes each series' last value right of its last point,
// moving labels apart vertically when the lines end close together.
func (ch *chart) endLabels(p *pen) {
	st := ch.mt.st
	type label struct {
		x, y float64
		s    string
	}
	var ls []label
	for _, se := range ch.s.Series {
		last := len(se.Values) - 1
		ls = append(ls, label{ch.xOf(last) + ch.markerR + 0.4*st.size, ch.yOf(se.Values[last].value()), ch.s.withUnit(se.Values[last])})
	}
	sort.SliceStable(ls, func(a, b int) bool { return ls[a].y < ls[b].y })
	for k := 1; k < len(ls); k++ {
		ls[k].y = max(ls[k].y, ls[k-1].y+st.lead())
	}
	if n := len(ls); n > 0 {
		if over := ls[n-1].y + p.capHeight()/2 - ch.plotB; over > 0 {
			for k := range ls {
				ls[k].y -= over
			}
		}
	}
	for _, l := range ls {
		p.as(RoleValue).say(st.regular, st.text, l.x, l.y+p.capHeight()/2, l.s)
	}
}

// numerals labels series that have a reference numeral (BW): the numeral
// sits beside the segment where the line is furthest from the others, on
// the side away from them, tied to the line by a lead line.
func (ch *chart) numerals(p *pen) {
	st := ch.mt.st
	size := st.size
	for i, se := range ch.s.Series {
		if se.Numeral == 0 || len(se.Values) < 2 {
			continue
		}
		best, bestScore, above := 0, math.Inf(-1), true
		for j := 0; j+1 < len(se.Values); j++ {
			my := (ch.yOf(se.Values[j].value()) + ch.yOf(se.Values[j+1].value())) / 2
			// Room up to the plot's edge, or half the way to another line:
			// the other half may hold that line's numeral.
			gapUp, gapDown := my-ch.plotT, ch.plotB-my
			for k, o := range ch.s.Series {
				if k == i || j+1 >= len(o.Values) {
					continue
				}
				oy := (ch.yOf(o.Values[j].value()) + ch.yOf(o.Values[j+1].value())) / 2
				if oy < my {
					gapUp = min(gapUp, (my-oy)/2)
				} else {
					gapDown = min(gapDown, (oy-my)/2)
				}
			}
			// Enough room is enough; then prefer flat segments (a steep
			// line would run into the numeral) and later ones, where the
			// lines have drawn apart.
			room, up := gapDown, false
			if gapUp > gapDown {
				room, up = gapUp, true
			}
			dy := math.Abs(ch.yOf(se.Values[j].value()) - ch.yOf(se.Values[j+1].value()))
			score := min(room, 3*size) - 0.5*dy + 0.01*float64(j)
			if score > bestScore {
				best, bestScore, above = j, score, up
			}
		}
		mx := (ch.xOf(best) + ch.xOf(best+1)) / 2
		my := (ch.yOf(se.Values[best].value()) + ch.yOf(se.Values[best+1].value())) / 2
		num := strconv.Itoa(se.Numeral)
		nw := p.textWidth(st.regular, num)
		base := my - 1.6*size
		if !above {
			base = my + 1.6*size + p.capHeight()
		}
		base = min(max(base, ch.plotT+p.capHeight()), ch.plotB-0.2*size)
		nx := mx + 0.3*size
		p.as(RoleNumeral).say(st.regular, st.text, nx, base, num)
		// The lead line runs from the numeral's near edge to the line.
		ly := base + 0.2*size
		if !above {
			ly = base - p.capHeight() - 0.2*size
		}
		p.setStroke(st.ink, st.line, [2]float64{})
		p.c.Line(nx+nw/2, ly, mx, my)
	}
}

// drawLegend draws the legend rows laid out by layoutLegend: for each
// entry sample draws its sample at x, centred on the height mid, and
// returns its name, which is written after it, and the name's role.
func (ch *chart) drawLegend(p *pen, sample func(i int, x, mid float64) (string, Role)) {
	st := ch.mt.st
	for k, row := range ch.legend {
		base := ch.y + ch.edge + float64(k)*st.lead() + p.above()
		mid := base - p.capHeight()/2
		for _, it := range row {
			x := ch.x + ch.edge + it.dx
			name, role := sample(it.series, x, mid)
			p.as(role).say(st.regular, st.text, x+ch.sampleW+0.4*st.size, base, name)
		}
	}
}

// drawValueAxis draws the grid lines at the value ticks (none on the
// axis itself, nor where skip says another line is drawn), both axes,
// and the value ticks with their labels: the frame every chart kind
// shares.
func (ch *chart) drawValueAxis(p *pen, skip func(float64) bool) {
	st := ch.mt.st
	for _, t := range ch.ticks {
		if t == ch.lo || skip(t) {
			continue
		}
		p.setStroke(st.grid, st.gridW, st.gridD)
		p.c.Line(ch.plotL, ch.yOf(t), ch.plotR, ch.yOf(t))
	}
	p.setStroke(st.ink, st.line, [2]float64{})
	p.c.Line(ch.plotL, ch.plotT, ch.plotL, ch.plotB)
	p.c.Line(ch.plotL, ch.plotB, ch.plotR, ch.plotB)
	for _, t := range ch.ticks {
		y := ch.yOf(t)
		p.setStroke(st.ink, st.line, [2]float64{})
		p.c.Line(ch.plotL-ch.tickLen, y, ch.plotL, y)
		p.as(RoleTick).sayRight(st.regular, st.text, ch.plotL-ch.tickLen-0.3*st.size, y+p.capHeight()/2, tickLabel(t, ch.dec))
	}
}
