package stability

import (
	"fmt"
	"math"
)

// Direction is how an attribute is expected to move on storage; it decides
// which side of the confidence band is compared with the criterion.
type Direction string

const (
	// Decreasing attributes (potency, purity) use the lower limit.
	Decreasing Direction = "decreasing"
	// Increasing attributes (aggregates, degradants) use the upper limit.
	Increasing Direction = "increasing"
	// Either: both sides, each at (1+confidence)/2 — two-sided 95 %.
	Either Direction = "either"
)

// Model names the regression the shelf life is read from, as the
// poolability tests decided.
type Model string

const (
	// Pooled: one line through all batches (slopes and intercepts equal).
	Pooled Model = "pooled"
	// CommonSlope: a common slope with an intercept per batch.
	CommonSlope Model = "common-slope"
	// Separate: each batch its own line; the shortest shelf life governs.
	Separate Model = "separate"
	// SingleBatch: only one batch could be evaluated; no poolability test.
	SingleBatch Model = "single-batch"
)

// Point is one result: a batch, the time on study in months and the value.
// A point with Excluded set is shown and counted but kept out of the
// regression; Excluded says why ("censored", "out-of-trend").
type Point struct {
	Batch    string
	Month    float64
	Value    float64
	Excluded string
}

// Criterion is the shelf-life acceptance criterion: a lower limit (NLT), an
// upper limit (NMT) or both.
type Criterion struct {
	Lower, Upper       float64
	HasLower, HasUpper bool
}

// DefaultHorizon is how many months the evaluation searches for the
// crossing of the confidence limit and the criterion unless told
// otherwise: a setting of the evaluation, printed as "more than 120
// months" when the limit does not cross within it.
const DefaultHorizon = 120

// Options set the levels; the zero value means the ICH Q1E defaults.
type Options struct {
	Confidence   float64 // of the one-sided limit; default 0.95
	PoolingLevel float64 // significance level of the ANCOVA tests; default 0.25
	Horizon      float64 // months searched for the crossing; default DefaultHorizon
}

func (o Options) withDefaults() Options {
	if o.Confidence == 0 {
		o.Confidence = 0.95
	}
	if o.PoolingLevel == 0 {
		o.PoolingLevel = 0.25
	}
	if o.Horizon == 0 {
		o.Horizon = DefaultHorizon
	}
	return o
}

// Line is a fitted straight line: result = Intercept + Slope·month.
type Line struct {
	Intercept, Slope float64
}

// At returns the line's value at month t.
func (l Line) At(t float64) float64 { return l.Intercept + l.Slope*t }

// BatchFit is one batch's own least-squares regression.
type BatchFit struct {
	Batch      string
	N          int // points in the regression
	Line       Line
	ResidualSD float64
	DF         int
	LastMonth  float64 // latest time point in the regression
}

// FTest is one analysis-of-covariance test.
type FTest struct {
	F        float64
	DF1, DF2 int
	P        float64
}

// Estimate is the shelf life one batch supports under the model used.
type Estimate struct {
	Batch string
	Line  Line // the batch's line in the model used
	// ShelfLife is the earliest month at which the confidence limit meets
	// the criterion; Horizon when Reached is false.
	ShelfLife float64
	Reached   bool
	Side      string // "lower" or "upper": the limit that met the criterion
}

// Evaluation is the whole Q1E evaluation of one attribute.
type Evaluation struct {
	Direction  Direction
	Criterion  Criterion
	Options    Options
	Batches    []BatchFit // per batch, in order of first appearance
	Skipped    []string   // batches with fewer than three points in the regression
	Excluded   []Point    // points kept out of the regression, in input order
	Slopes     *FTest     // equality of slopes; nil with one batch
	Intercepts *FTest     // equality of intercepts; nil with one batch
	Model      Model
	// ResidualSD and DF of the model used; for Separate, those of the
	// governing batch's own regression.
	ResidualSD float64
	DF         int
	Estimates  []Estimate // per evaluated batch (one for Pooled)
	ShelfLife  float64    // the shortest estimate
	Reached    bool       // false when no limit met the criterion within the horizon
	Governing  string     // the batch giving the shortest estimate ("" when pooled)
	LastMonth  float64    // latest time point in the regression, any batch

	names  []string
	models map[string]*bandModel // per batch name, the model its limit comes from
	tq     map[int]float64       // t quantile per degrees of freedom, computed once
}

// bandModel turns a batch and a month into the design row of the fitted
// model that gives its mean and confidence limit.
type bandModel struct {
	fit *leastSquares
	row func(t float64) []float64
}

// Evaluate runs the Q1E evaluation on the points of one attribute.
func Evaluate(points []Point, dir Direction, crit Criterion, opts Options) (*Evaluation, error) {
	opts = opts.withDefaults()
	switch dir {
	case Decreasing:
		if !crit.HasLower {
			return nil, fmt.Errorf("a decreasing attribute needs a lower acceptance limit")
		}
	case Increasing:
		if !crit.HasUpper {
			return nil, fmt.Errorf("an increasing attribute needs an upper acceptance limit")
		}
	case Either:
		if !crit.HasLower && !crit.HasUpper {
			return nil, fmt.Errorf("an attribute needs an acceptance limit")
		}
	default:
		return nil, fmt.Errorf("direction %q is not decreasing, increasing or either", dir)
	}
	if opts.Confidence <= 0.5 || opts.Confidence >= 1 {
		return nil, fmt.Errorf("confidence %v is not between 0.5 and 1", opts.Confidence)
	}
	e := &Evaluation{Direction: dir, Criterion: crit, Options: opts, models: map[string]*bandModel{}, tq: map[int]float64{}}

	// Group the regression points by batch, in order of first appearance.
	byBatch := map[string][]Point{}
	var order []string
	for _, p := range points {
		if _, seen := byBatch[p.Batch]; !seen {
			order = append(order, p.Batch)
			byBatch[p.Batch] = nil
		}
		if p.Excluded != "" {
			e.Excluded = append(e.Excluded, p)
			continue
		}
		if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) || math.IsNaN(p.Month) || p.Month < 0 {
			return nil, fmt.Errorf("batch %s: result %v at month %v is not a number that can be regressed", p.Batch, p.Value, p.Month)
		}
		byBatch[p.Batch] = append(byBatch[p.Batch], p)
	}
	for _, b := range order {
		pts := byBatch[b]
		if distinctMonths(pts) < 3 {
			e.Skipped = append(e.Skipped, b)
			continue
		}
		fit, err := fitLeastSquares(designRows(pts, func(p Point) []float64 { return []float64{1, p.Month} }), values(pts))
		if err != nil {
			return nil, fmt.Errorf("batch %s: %w", b, err)
		}
		bf := BatchFit{Batch: b, N: len(pts), Line: Line{fit.beta[0], fit.beta[1]}, ResidualSD: fit.residualSD(), DF: fit.df}
		for _, p := range pts {
			bf.LastMonth = math.Max(bf.LastMonth, p.Month)
		}
		e.LastMonth = math.Max(e.LastMonth, bf.LastMonth)
		e.Batches = append(e.Batches, bf)
		e.names = append(e.names, b)
		e.models[b] = &bandModel{fit: fit, row: func(t float64) []float64 { return []float64{1, t} }}
	}
	if len(e.names) == 0 {
		return nil, fmt.Errorf("no batch has results at three or more time points to regress")
	}

	if len(e.names) == 1 {
		e.Model = SingleBatch
	} else if err := e.poolability(byBatch); err != nil {
		return nil, err
	}
	e.estimate()
	return e, nil
}

// poolability runs the ANCOVA of Q1E Appendix B: the sequential (type I)
// table for time, batch and time×batch, every F against the residual mean
// square of the full model (separate intercepts and slopes). It then fits
// the model the tests allow.
func (e *Evaluation) poolability(byBatch map[string][]Point) error {
	k := len(e.names)
	var all []Point
	index := map[string]int{}
	for i, b := range e.names {
		index[b] = i
		all = append(all, byBatch[b]...)
	}
	n := len(all)
	y := values(all)
	full, err := fitLeastSquares(designRows(all, func(p Point) []float64 {
		r := make([]float64, 2*k)
		r[index[p.Batch]] = 1
		r[k+index[p.Batch]] = p.Month
		return r
	}), y)
	if err != nil {
		return fmt.Errorf("separate-lines model: %w", err)
	}
	common, err := fitLeastSquares(designRows(all, func(p Point) []float64 {
		r := make([]float64, k+1)
		r[index[p.Batch]] = 1
		r[k] = p.Month
		return r
	}), y)
	if err != nil {
		return fmt.Errorf("common-slope model: %w", err)
	}
	pooled, err := fitLeastSquares(designRows(all, func(p Point) []float64 { return []float64{1, p.Month} }), y)
	if err != nil {
		return fmt.Errorf("pooled model: %w", err)
	}
	if full.df <= 0 {
		return fmt.Errorf("%d results in %d batches leave no degrees of freedom for the analysis of covariance", n, k)
	}
	mse := full.sse / float64(full.df)
	test := func(reduced, larger *leastSquares) *FTest {
		d1 := reduced.df - larger.df
		f := ((reduced.sse - larger.sse) / float64(d1)) / mse
		if f < 0 { // rounding when the two fits are identical
			f = 0
		}
		return &FTest{F: f, DF1: d1, DF2: full.df, P: FSurvival(f, float64(d1), float64(full.df))}
	}
	e.Slopes = test(common, full)
	e.Intercepts = test(pooled, common)

	switch {
	case e.Slopes.P < e.Options.PoolingLevel:
		e.Model = Separate // the per-batch fits stay in e.models
	case e.Intercepts.P < e.Options.PoolingLevel:
		e.Model = CommonSlope
		e.ResidualSD, e.DF = common.residualSD(), common.df
		for i, b := range e.names {
			i := i
			e.models[b] = &bandModel{fit: common, row: func(t float64) []float64 {
				r := make([]float64, k+1)
				r[i] = 1
				r[k] = t
				return r
			}}
		}
	default:
		e.Model = Pooled
		e.ResidualSD, e.DF = pooled.residualSD(), pooled.df
		for _, b := range e.names {
			e.models[b] = &bandModel{fit: pooled, row: func(t float64) []float64 { return []float64{1, t} }}
		}
	}
	return nil
}

// estimate finds each batch's crossing and the shortest.
func (e *Evaluation) estimate() {
	names := e.names
	if e.Model == Pooled {
		names = names[:1]
	}
	first := true
	for _, b := range names {
		m := e.models[b]
		// The batch's line in the model used, read off the model itself.
		mean0, _ := m.fit.mean(m.row(0))
		mean1, _ := m.fit.mean(m.row(1))
		est := Estimate{Batch: b, Line: Line{Intercept: mean0, Slope: mean1 - mean0}}
		est.ShelfLife, est.Reached, est.Side = e.crossing(b)
		if e.Model == Pooled {
			est.Batch = ""
		}
		e.Estimates = append(e.Estimates, est)
		if first || est.ShelfLife < e.ShelfLife {
			e.ShelfLife, e.Reached, e.Governing = est.ShelfLife, est.Reached, est.Batch
			if e.Model == Separate || e.Model == SingleBatch {
				fit := e.models[b].fit
				e.ResidualSD, e.DF = fit.residualSD(), fit.df
			}
			first = false
		}
	}
}

// Band returns, for a batch at month t, the fitted mean of the model used
// and the confidence limits compared with the criterion (each side at the
// one-sided confidence, or at (1+confidence)/2 for Either).
func (e *Evaluation) Band(batch string, t float64) (mean, lower, upper float64, ok bool) {
	m, found := e.models[batch]
	if !found {
		return 0, 0, 0, false
	}
	fit, factor := m.fit.mean(m.row(t))
	half := e.tQuantile(m.fit.df) * m.fit.residualSD() * factor
	return fit, fit - half, fit + half, true
}

// tQuantile is the t value of the limit: one-sided at the confidence, or
// each side of a two-sided interval for Either.
func (e *Evaluation) tQuantile(df int) float64 {
	if q, ok := e.tq[df]; ok {
		return q
	}
	p := e.Options.Confidence
	if e.Direction == Either {
		p = (1 + p) / 2
	}
	q := StudentTQuantile(p, float64(df))
	e.tq[df] = q
	return q
}

// crossing finds the earliest month at which the relevant limit meets the
// criterion: a scan in small steps finds the first change of sign, then
// bisection pins it to well below a day.
func (e *Evaluation) crossing(batch string) (month float64, reached bool, side string) {
	margin := func(t float64) (float64, string) {
		_, lo, hi, _ := e.Band(batch, t)
		best, which := math.Inf(1), ""
		if e.Direction != Increasing && e.Criterion.HasLower {
			best, which = lo-e.Criterion.Lower, "lower"
		}
		if e.Direction != Decreasing && e.Criterion.HasUpper {
			if m := e.Criterion.Upper - hi; m < best {
				best, which = m, "upper"
			}
		}
		return best, which
	}
	if m, s := margin(0); m <= 0 {
		return 0, true, s
	}
	const steps = 4800
	h := e.Options.Horizon / steps
	prev := 0.0
	for i := 1; i <= steps; i++ {
		t := float64(i) * h
		if m, _ := margin(t); m <= 0 {
			lo, hi := prev, t
			for j := 0; j < 100 && hi-lo > 1e-12; j++ {
				mid := (lo + hi) / 2
				if mm, _ := margin(mid); mm <= 0 {
					hi = mid
				} else {
					lo = mid
				}
			}
			_, s := margin(hi)
			return hi, true, s
		}
		prev = t
	}
	return e.Options.Horizon, false, ""
}

func distinctMonths(pts []Point) int {
	seen := map[float64]bool{}
	for _, p := range pts {
		seen[p.Month] = true
	}
	return len(seen)
}

func designRows(pts []Point, row func(Point) []float64) [][]float64 {
	out := make([][]float64, len(pts))
	for i, p := range pts {
		out[i] = row(p)
	}
	return out
}

func values(pts []Point) []float64 {
	out := make([]float64, len(pts))
	for i, p := range pts {
		out[i] = p.Value
	}
	return out
}

// Names returns the evaluated batches in order.
func (e *Evaluation) Names() []string { return append([]string(nil), e.names...) }

// ExcludedBy counts the excluded points by reason, in sorted reason order.
func (e *Evaluation) ExcludedBy() map[string]int {
	out := map[string]int{}
	for _, p := range e.Excluded {
		out[p.Excluded]++
	}
	return out
}
