package mdtemplate

import (
	"fmt"
	"math"
	"strconv"

	"github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/stability"
)

// StabilityFigure draws one attribute's long-term results against time:
// each batch's points, the line of the model the poolability tests chose,
// the confidence limit the criterion is judged against (dashed), the
// criterion, and the shelf-life estimate where the limit meets it.
func StabilityFigure(s *model.Stability, testID string) (Markdown, error) {
	if s == nil {
		return "", fmt.Errorf("stabilityFigure: no stability data")
	}
	e := s.Evaluation(testID)
	if e == nil {
		return "", fmt.Errorf("stabilityFigure: attribute %q is not evaluated (\"evaluate\": true)", testID)
	}
	if e.Eval == nil {
		return "", fmt.Errorf("stabilityFigure: attribute %q cannot be evaluated: %v", testID, e.Err)
	}
	a, ev := e.Attribute, e.Eval
	name, err := label("stabilityFigure", fmt.Sprintf("the name of attribute %q", testID), a.Name)
	if err != nil {
		return "", err
	}
	unit := Unit(a.Criterion.Unit)
	ylabel := name
	if unit != "" {
		ylabel += " (" + unit + ")"
	}
	xmax := s.ChartMonths(testID)
	sp := figure.Spec{Kind: figure.RegressionChart, XLabel: "Time at " + s.LongTerm().Temperature + " (months)", YLabel: ylabel, Unit: unit,
		XMax: figure.Number(strconv.FormatFloat(xmax, 'f', -1, 64))}
	conf := "one-sided 95 % confidence limit"
	if ev.Direction == stability.Either {
		conf = "95 % confidence limits (two-sided)"
	}
	sp.LimitLabel = conf
	c := a.Criterion
	switch c.Type {
	case "nlt", "gt":
		sp.Lower = figure.Number(c.Value.String())
	case "nmt", "lt":
		sp.Upper = figure.Number(c.Value.String())
	case "range":
		sp.Lower, sp.Upper = figure.Number(c.Low.String()), figure.Number(c.High.String())
	}
	num := func(x float64) figure.Number { return figure.Number(strconv.FormatFloat(x, 'f', 4, 64)) }
	curve := func(batch string, side string) (fit, lim []figure.XY) {
		const n = 48
		for i := 0; i <= n; i++ {
			t := xmax * float64(i) / n
			mean, lo, hi, _ := ev.Band(batch, t)
			if i == 0 || i == n {
				fit = append(fit, figure.XY{X: num(t), Y: num(mean)})
			}
			v := lo
			if side == "upper" {
				v = hi
			}
			lim = append(lim, figure.XY{X: num(t), Y: num(v)})
		}
		return fit, lim
	}
	side := "lower"
	if ev.Direction == stability.Increasing {
		side = "upper"
	}
	// The batches are made first and indexed after: a pointer into the
	// slice would go stale when the pooled line is appended.
	index := map[string]int{}
	for i, b := range ev.Names() {
		lot, err := label("stabilityFigure", fmt.Sprintf("batch %d", i+1), b)
		if err != nil {
			return "", err
		}
		sp.Batches = append(sp.Batches, figure.Batch{Name: lot})
		index[b] = i
	}
	for _, st := range s.StudiesAt(s.LongTerm().ID) {
		i, ok := index[st.Batch]
		if !ok {
			continue
		}
		fb := &sp.Batches[i]
		for _, tp := range st.TimePoints {
			r := tp.Result(testID)
			if r == nil || r.Value == nil {
				continue
			}
			pt := figure.XY{X: figure.Number(tp.Month.String()), Y: figure.Number(r.Value.String())}
			if r.Qualifier != "" || r.OutOfTrend != "" {
				fb.Excluded = append(fb.Excluded, pt)
			} else {
				fb.Points = append(fb.Points, pt)
			}
		}
	}
	for _, est := range ev.Estimates {
		sd := side
		if ev.Direction == stability.Either && est.Side != "" {
			sd = est.Side
		}
		if est.Batch == "" { // pooled: one line for every batch
			fit, lim := curve(ev.Names()[0], sd)
			sp.Batches = append(sp.Batches, figure.Batch{Name: "All batches (pooled)", Fit: fit, Limit: lim})
			continue
		}
		fb := &sp.Batches[index[est.Batch]]
		fb.Fit, fb.Limit = curve(est.Batch, sd)
	}
	if ev.Reached && ev.ShelfLife <= xmax {
		sp.ShelfLife = num(ev.ShelfLife)
		sp.ShelfLabel = "shelf-life estimate " + strconv.FormatFloat(math.Floor(ev.ShelfLife*10)/10, 'f', 1, 64) + " months"
	}
	return fence(sp)
}
