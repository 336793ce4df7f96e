package figure

import (
	"math"
	"strconv"
)

// valueAxis is the range of a chart's value axis: y_min and y_max when
// given; otherwise from zero (or the lowest value, if negative) to a round
// number above the data and limits with room for labels. A yield chart in
// per cent runs to 100, so charts of different processes compare at a
// glance.
func (s Spec) valueAxis() (lo, hi float64) {
	dmin, dmax := math.Inf(1), math.Inf(-1)
	for _, se := range s.Series {
		for _, v := range se.Values {
			x := v.value()
			dmin, dmax = min(dmin, x), max(dmax, x)
		}
	}
	for _, n := range []Number{s.Lower, s.Upper} {
		if n != "" {
			dmin, dmax = min(dmin, n.value()), max(dmax, n.value())
		}
	}
	if math.IsInf(dmin, 0) {
		dmin, dmax = 0, 1
	}
	lo = min(0, dmin)
	if s.YMin != "" {
		lo = s.YMin.value()
	}
	switch {
	case s.YMax != "":
		hi = s.YMax.value()
	case s.Kind == YieldChart && s.Unit == "%" && dmax <= 100 && lo < 100:
		hi = 100
	default:
		// 15 % headroom above the highest value for its label, then out
		// to whole tick steps (the low end too, unless fixed).
		span := dmax - lo
		top := dmax + 0.15*span
		if span <= 0 {
			top = dmax + max(math.Abs(dmax), 1)
		}
		step := niceStep((top - lo) / 5)
		if s.YMin == "" {
			lo = math.Floor(lo/step+1e-9) * step
		}
		hi = lo + math.Ceil((top-lo)/step-1e-9)*step
	}
	return lo, hi
}

// niceStep rounds a raw tick step up to 1, 2, 2.5 or 5 times a power of
// ten, the steps a reader can count along.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// niceCeil rounds v up to a nice step.
func niceCeil(v float64) float64 {
	s := niceStep(v / 5)
	return math.Ceil(v/s-1e-9) * s
}

// ticks returns the tick values in [lo, hi] and the decimals their labels
// need.
func ticks(lo, hi float64) ([]float64, int) {
	step := niceStep((hi - lo) / 5)
	dec := 0
	for d := step; dec < 6 && math.Abs(d-math.Round(d)) > 1e-9*math.Max(1, step); d *= 10 {
		dec++
	}
	var out []float64
	for i := math.Ceil(lo/step - 1e-9); ; i++ {
		v := i * step
		if v > hi+1e-9*(hi-lo) {
			break
		}
		out = append(out, v)
		if len(out) > 50 {
			break
		}
	}
	return out, dec
}

// tickLabel formats a tick value with dec decimals.
func tickLabel(v float64, dec int) string {
	if math.Abs(v) < 1e-12 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}
