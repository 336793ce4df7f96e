package trace

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/stability"
	"github.com/regdoc/regdoc/internal/stats"
)

// moreExplainers are the figures computed over many data: batch
// statistics, counts of listed items, and the stability evaluation (ICH
// Q1E). Each recomputes the figure from the data it names and compares
// it with the printed one, as explainers do.
var moreExplainers = map[reflect.Type]map[string]explainer{
	reflect.TypeFor[model.StabilityResult](): {
		// A stability result prints through Result(), a copy: its source
		// is the reported result itself.
		"Result": func(recv reflect.Value, _ *Index) (figure, bool) {
			r := recv.Addr().Interface().(*model.StabilityResult)
			return figure{direct: true, inputs: []reflect.Value{recv}, matches: func(v reflect.Value) bool {
				c, ok := v.Interface().(*model.Result)
				return ok && c != nil && c.Value == r.Value && c.Qualifier == r.Qualifier && c.Text == r.Text && c.Test == r.Test
			}}, true
		},
	},
	reflect.TypeFor[model.VirusStudy](): {
		"StepKey": func(recv reflect.Value, _ *Index) (figure, bool) {
			s := recv.Addr().Interface().(*model.VirusStudy)
			f := figure{formula: "studied steps = the study's step ids joined by +"}
			for i := range s.Steps {
				f.inputs = append(f.inputs, field(&s.Steps[i]))
			}
			want := strings.Join(s.Steps, "+")
			f.matches = func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }
			return f, len(f.inputs) > 0
		},
	},
	reflect.TypeFor[model.Stat](): {
		"Mean":     statExplainer("Mean"),
		"SD":       statExplainer("SD"),
		"RSD":      statExplainer("RSD"),
		"N":        statExplainer("N"),
		"Decimals": statExplainer("Decimals"),
	},
	reflect.TypeFor[model.AttributeEvaluation](): {
		"ShelfLifeText":  evalExplainer("ShelfLifeText"),
		"SlopesText":     evalExplainer("SlopesText"),
		"InterceptsText": evalExplainer("InterceptsText"),
		"SDText":         evalExplainer("SDText"),
		"LimitText":      evalExplainer("LimitText"),
	},
	reflect.TypeFor[model.FitRow](): {
		"N":          fitExplainer("N"),
		"DF":         fitExplainer("DF"),
		"Intercept":  fitExplainer("Intercept"),
		"Slope":      fitExplainer("Slope"),
		"ResidualSD": fitExplainer("ResidualSD"),
		"Batch":      fitExplainer("Batch"),
	},
	reflect.TypeFor[model.ConditionRow](): {
		"Initial":    conditionExplainer("Initial"),
		"Final":      conditionExplainer("Final"),
		"FinalMonth": conditionExplainer("FinalMonth"),
		"Results":    conditionExplainer("Results"),
	},
	reflect.TypeFor[model.ExcludedResult](): {
		"Batch": excludedExplainer("Batch"),
		"Month": excludedExplainer("Month"),
	},
	reflect.TypeFor[model.BatchSummary](): {
		"Lots":         summaryExplainer("Lots"),
		"Passed":       summaryExplainer("Passed"),
		"VersionsText": summaryExplainer("VersionsText"),
	},
	reflect.TypeFor[stability.Evaluation](): {
		"Governing": func(recv reflect.Value, ix *Index) (figure, bool) {
			ev := recv.Addr().Interface().(*stability.Evaluation)
			if ix.stability == nil {
				return figure{}, false
			}
			for _, e := range ix.stability.Evaluated() {
				if e.Eval != ev {
					continue
				}
				fresh, in, ok := ix.q1e(ix.stability, e.Attribute, "")
				if !ok {
					return figure{}, false
				}
				return figure{formula: "governing batch = the batch whose shelf-life estimate is the shortest (ICH Q1E, " + q1eLevels + ")", inputs: in, matches: func(v reflect.Value) bool {
					return v.Kind() == reflect.String && v.String() == fresh.Governing
				}}, true
			}
			return figure{}, false
		},
	},
	reflect.TypeFor[model.ResultSummary](): {
		"Text": resultSummaryExplainer("Text"),
		"N":    resultSummaryExplainer("N"),
	},
	reflect.TypeFor[model.YieldRow](): {
		"StepID": func(recv reflect.Value, ix *Index) (figure, bool) {
			r := recv.Interface().(model.YieldRow)
			if r.Step == nil {
				return ix.comparatorRow(r, "StepID")
			}
			return figure{direct: true, inputs: []reflect.Value{field(&r.Step.ID)}, matches: func(v reflect.Value) bool {
				return v.Kind() == reflect.String && v.String() == r.Step.ID
			}}, true
		},
		"StepName": func(recv reflect.Value, ix *Index) (figure, bool) {
			r := recv.Interface().(model.YieldRow)
			if r.Step == nil {
				return ix.comparatorRow(r, "StepName")
			}
			return figure{direct: true, inputs: []reflect.Value{field(&r.Step.Name)}, matches: func(v reflect.Value) bool {
				return v.Kind() == reflect.String && v.String() == r.Step.Name
			}}, true
		},
	},
	reflect.TypeFor[model.StudyRow](): {
		"StepKey": func(recv reflect.Value, ix *Index) (figure, bool) {
			r := recv.Interface().(model.StudyRow)
			return ix.stepKey(r.StepKey, r.Mechanism)
		},
	},
	reflect.TypeFor[model.CountedStep](): {
		"StepKey": func(recv reflect.Value, ix *Index) (figure, bool) {
			c := recv.Interface().(model.CountedStep)
			return ix.stepKey(c.StepKey, c.Mechanism)
		},
	},
	reflect.TypeFor[model.Comparison](): {
		"Yield": func(recv reflect.Value, ix *Index) (figure, bool) {
			if ix.process == nil {
				return figure{}, false
			}
			return cumulative(ix.process, nil)
		},
		"ComparatorYield": func(recv reflect.Value, ix *Index) (figure, bool) { return ix.comparatorYield() },
		"YieldGain": func(recv reflect.Value, ix *Index) (figure, bool) {
			a, b, ok := ix.bothYields()
			if !ok {
				return figure{}, false
			}
			return figure{formula: "yield gain = overall yield − conventional overall yield (percentage points); " + a.formula + "; " + b.formula,
				inputs: append(a.inputs, b.inputs...), value: a.value - b.value}, true
		},
		"RelativeGain": func(recv reflect.Value, ix *Index) (figure, bool) {
			a, b, ok := ix.bothYields()
			if !ok || b.value == 0 {
				return figure{}, false
			}
			return figure{formula: "relative gain = 100 × (overall yield ÷ conventional overall yield − 1) (%); " + a.formula + "; " + b.formula,
				inputs: append(a.inputs, b.inputs...), value: 100 * (a.value/b.value - 1)}, true
		},
		"Steps": func(recv reflect.Value, ix *Index) (figure, bool) {
			if ix.process == nil || len(ix.process.Steps) == 0 {
				return figure{}, false
			}
			f := figure{formula: "steps = the number of steps of the process", value: float64(len(ix.process.Steps))}
			for _, s := range ix.process.Steps {
				f.inputs = append(f.inputs, reflect.ValueOf(s))
			}
			return f, true
		},
		"ComparatorSteps": func(recv reflect.Value, ix *Index) (figure, bool) {
			if ix.comparator == nil || len(ix.comparator.Steps) == 0 {
				return figure{}, false
			}
			f := figure{formula: "steps = the number of steps of the conventional process", value: float64(len(ix.comparator.Steps))}
			for _, s := range ix.comparator.Steps {
				f.inputs = append(f.inputs, reflect.ValueOf(s))
			}
			return f, true
		},
	},
	reflect.TypeFor[model.ComparedResult](): {
		"Mean":     comparedExplainer("Mean"),
		"Decimals": comparedExplainer("Decimals"),
		"N":        comparedExplainer("N"),
		"Typical":  comparedExplainer("Typical"),
	},
	reflect.TypeFor[model.SafetyMargin](): {
		"LogParticlesPerDose": marginExplainer("LogParticlesPerDose"),
		"ClaimedLRV":          marginExplainer("ClaimedLRV"),
		"Margin":              marginExplainer("Margin"),
	},
	reflect.TypeFor[model.Step](): {
		// A step's position prints as its number or its reference
		// numeral (102 + 2 × position); its source is the step's place
		// in the list of steps.
		"Index": func(recv reflect.Value, ix *Index) (figure, bool) {
			s := recv.Addr().Interface().(*model.Step)
			if ix.process == nil || s.Index < 0 || s.Index >= len(ix.process.Steps) || ix.process.Steps[s.Index] != s {
				return figure{}, false
			}
			return figure{formula: "step position = the step's place in the list of steps, 0 for the first", inputs: []reflect.Value{recv}, value: float64(s.Index)}, true
		},
	},
	reflect.TypeFor[model.YieldEmbodiment](): {
		"Typical":   embodimentExplainer("Typical"),
		"Preferred": embodimentExplainer("Preferred"),
		"Broad":     embodimentExplainer("Broad"),
	},
	reflect.TypeFor[model.StabilityStudy](): {
		"LastMonth": func(recv reflect.Value, _ *Index) (figure, bool) {
			st := recv.Addr().Interface().(*model.StabilityStudy)
			f := figure{formula: "last time point = the latest month on study of the batch at the condition", value: math.Inf(-1)}
			for i := range st.TimePoints {
				f.inputs = append(f.inputs, field(&st.TimePoints[i].Month))
				f.value = math.Max(f.value, st.TimePoints[i].Month.Float())
			}
			return f, len(f.inputs) > 0
		},
	},
	reflect.TypeFor[model.Stability](): {
		"SupportedMonths": func(recv reflect.Value, ix *Index) (figure, bool) {
			s := recv.Addr().Interface().(*model.Stability)
			f := figure{formula: "supported shelf life = the shortest shelf-life estimate over the evaluated attributes, rounded down to whole months; each estimate as in the evaluation (ICH Q1E, " + q1eLevels + ")", value: math.Inf(1)}
			for _, a := range s.Attributes {
				if !a.Evaluate {
					continue
				}
				ev, in, ok := ix.q1e(s, a, "")
				if !ok {
					return figure{}, false
				}
				f.inputs = append(f.inputs, in...)
				f.value = math.Min(f.value, math.Floor(ev.ShelfLife+1e-9))
			}
			return f, len(f.inputs) > 0 && !math.IsInf(f.value, 0)
		},
		"Batches": func(recv reflect.Value, _ *Index) (figure, bool) {
			s := recv.Addr().Interface().(*model.Stability)
			f := figure{formula: "batches on study = the distinct batch names of the studies, in file order"}
			var names []string
			seen := map[string]bool{}
			for _, st := range s.Studies {
				if !seen[st.Batch] {
					seen[st.Batch] = true
					names = append(names, st.Batch)
					f.inputs = append(f.inputs, field(&st.Batch))
				}
			}
			f.matches = func(v reflect.Value) bool {
				got, ok := v.Interface().([]string)
				return ok && strings.Join(got, "\x00") == strings.Join(names, "\x00")
			}
			return f, len(f.inputs) > 0
		},
		"RealTimeText": func(recv reflect.Value, _ *Index) (figure, bool) {
			s := recv.Addr().Interface().(*model.Stability)
			lt := s.LongTerm()
			if lt == nil {
				return figure{}, false
			}
			f := figure{formula: "real-time data = the longest time on study at the long-term condition that three batches have reached (every batch, when fewer than three are on study)"}
			var last []float64
			for _, st := range s.StudiesAt(lt.ID) {
				m := math.Inf(-1)
				for i := range st.TimePoints {
					f.inputs = append(f.inputs, field(&st.TimePoints[i].Month))
					m = math.Max(m, st.TimePoints[i].Month.Float())
				}
				last = append(last, m)
			}
			if len(last) == 0 {
				return figure{}, false
			}
			// the third longest, or the shortest of fewer than three
			for i := range last {
				for j := i + 1; j < len(last); j++ {
					if last[j] > last[i] {
						last[i], last[j] = last[j], last[i]
					}
				}
			}
			m := last[len(last)-1]
			if len(last) >= 3 {
				m = last[2]
			}
			want := strconv.FormatFloat(m, 'f', -1, 64)
			f.matches = func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }
			return f, len(f.inputs) > 0
		},
	},
}

// count explains a printed count of listed items ("3 batches", "9"):
// v is the list a template took the length of, and the text starts with
// that length. Its inputs are the items counted, each of which must be a
// datum of the files.
func (ix *Index) count(v reflect.Value, text string) (Source, bool) {
	if !counts(v, text, false) {
		return Source{}, false
	}
	src := Source{Formula: "count = the number of items listed"}
	for i := 0; i < v.Len(); i++ {
		s, ok := ix.locate(v.Index(i))
		if !ok {
			return Source{}, false
		}
		src.Inputs = append(src.Inputs, s)
	}
	return src, true
}

// countOf explains a printed count of a list the model composes rather
// than holds (the lots a summary is over): the text starts with the
// list's length, and the list is the one its receiver's explainer
// recomputes. A count of none is explained too, as the explainer names
// the data it looked through.
func (ix *Index) countOf(v, recv reflect.Value, member, text string) (Source, bool) {
	if !counts(v, text, true) {
		return Source{}, false
	}
	s, ok := ix.explain(v, recv, member)
	if !ok || s.Formula == "" {
		return Source{}, false
	}
	s.Formula += "; printed: their number"
	return s, true
}

// counts reports whether text is a count of the list v: it starts with
// the list's length, alone or before a word ("3 batches"), and is not a
// one-item list printed as its item. An empty list counts only when
// empty says so.
func counts(v reflect.Value, text string, empty bool) bool {
	if !v.IsValid() || (v.Kind() != reflect.Slice && v.Kind() != reflect.Array) || (v.Len() == 0 && !empty) {
		return false
	}
	n := strconv.Itoa(v.Len())
	rest, ok := strings.CutPrefix(text, n)
	if !ok || (rest != "" && !strings.HasPrefix(rest, " ") && !strings.HasPrefix(rest, "\u00a0")) {
		return false
	}
	rest = strings.TrimLeft(rest, " \u00a0")
	if rest != "" && !unicode.IsLetter([]rune(rest)[0]) {
		return false
	}
	if rest == "" && v.Len() == 1 && (v.Index(0).Kind() == reflect.String || v.Index(0).Kind() == reflect.Struct) {
		// a one-item list printed as its item, not counted
		if s, ok := v.Index(0).Interface().(interface{ String() string }); ok && s.String() == n {
			return false
		}
		if v.Index(0).Kind() == reflect.String && v.Index(0).String() == n {
			return false
		}
	}
	return true
}

// statSeries is a series of lot values a Stat can be computed over.
type statSeries struct {
	what   string
	stat   model.Stat
	values []*model.Number
}

var statFormulas = map[string]string{
	"Mean":     "mean = Σx ÷ n over ",
	"SD":       "standard deviation = √(Σ(x − mean)² ÷ (n − 1)) over ",
	"RSD":      "RSD = 100 × SD ÷ mean (%) over ",
	"N":        "n = the number of ",
	"Decimals": "decimals printed = the most decimals written among ",
}

// statExplainer explains a member of a batch statistic. A Stat does not
// say which test it summarises, so the series are searched: every test
// over all lots and over the PPQ lots, and the lots' yields; the Stat
// printed must equal exactly one series' recomputed by the textbook
// formulas (two equal series over the same values are one).
func statExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		found, ok := ix.findSeries(recv.Interface().(model.Stat))
		if !ok {
			return figure{}, false
		}
		want := reflect.ValueOf(found.stat).FieldByName(member)
		return figure{formula: statFormulas[member] + found.what, inputs: numberInputs(found.values), matches: func(v reflect.Value) bool {
			switch {
			case v.CanInt() && want.CanInt():
				return v.Int() == want.Int()
			case v.CanFloat() && want.CanFloat():
				return math.Abs(v.Float()-want.Float()) <= 1e-9*math.Max(1, math.Abs(want.Float()))
			}
			return false
		}}, true
	}
}

func (ix *Index) findSeries(st model.Stat) (*statSeries, bool) {
	if ix.batches == nil {
		return nil, false
	}
	var found *statSeries
	for _, s := range ix.statSeries() {
		if s.stat != st {
			continue
		}
		if found != nil && !slices.Equal(found.values, s.values) {
			return nil, false // ambiguous
		}
		found = &s
	}
	return found, found != nil && len(found.values) > 0
}

func numberInputs(ns []*model.Number) []reflect.Value {
	var out []reflect.Value
	for _, n := range ns {
		out = append(out, reflect.ValueOf(n).Elem())
	}
	return out
}

// statSeries lists the series a batch statistic may be over.
func (ix *Index) statSeries() []statSeries {
	var out []statSeries
	sets := []*model.Batches{ix.batches}
	if ppq := ix.batches.PPQ(); ppq != nil {
		sets = append(sets, ppq)
	}
	var tests []string
	seen := map[string]bool{}
	for _, l := range ix.batches.Lots {
		for _, r := range l.Results {
			if !seen[r.Test] {
				seen[r.Test] = true
				tests = append(tests, r.Test)
			}
		}
	}
	for _, b := range sets {
		for _, id := range tests {
			s := statSeries{what: "the plain numeric results of test " + id + " over the lots"}
			for _, l := range b.Lots {
				if r := l.Result(id); r != nil && r.Value != nil && r.Qualifier == "" {
					s.values = append(s.values, r.Value)
				}
			}
			s.stat = recompute(s.values)
			out = append(out, s)
		}
		s := statSeries{what: "the lots' overall yields"}
		for _, l := range b.Lots {
			if l.Yield.Valid() {
				s.values = append(s.values, &l.Yield.Value)
			}
		}
		s.stat = recompute(s.values)
		out = append(out, s)
	}
	return out
}

// recompute is the statistic of a series by its textbook formulas:
// mean Σx ÷ n, sample SD √(Σ(x − mean)² ÷ (n − 1)) (0 for one value),
// RSD 100 × SD ÷ mean, and the most decimals written.
func recompute(xs []*model.Number) model.Stat {
	var st model.Stat
	if len(xs) == 0 {
		return st
	}
	st.N = len(xs)
	for _, x := range xs {
		st.Mean += x.Float()
		st.Decimals = max(st.Decimals, x.Decimals())
	}
	st.Mean /= float64(st.N)
	if st.N > 1 {
		ss := 0.0
		for _, x := range xs {
			ss += (x.Float() - st.Mean) * (x.Float() - st.Mean)
		}
		st.SD = math.Sqrt(ss / float64(st.N-1))
	}
	if st.Mean != 0 {
		st.RSD = 100 * st.SD / st.Mean
	}
	return st
}

// q1eLevels names the levels of the evaluation.
const q1eLevels = "ANCOVA poolability tests at the 0.25 significance level, 95 % confidence limits"

// q1e evaluates an attribute again from its long-term results as the
// data files hold them, and lists the data it used: each result's month
// and value (and its qualifier or out-of-trend note when it has one, as
// they keep it out of the regression), the criterion and the trend.
// batch, when set, limits the inputs listed to that batch's results.
func (ix *Index) q1e(s *model.Stability, a *model.StabilityAttribute, batch string) (*stability.Evaluation, []reflect.Value, bool) {
	lt := s.LongTerm()
	if lt == nil {
		return nil, nil, false
	}
	var pts []stability.Point
	var in []reflect.Value
	for _, st := range s.StudiesAt(lt.ID) {
		for i := range st.TimePoints {
			tp := st.TimePoints[i]
			r := tp.Result(a.ID)
			if r == nil || r.Value == nil {
				continue
			}
			p := stability.Point{Batch: st.Batch, Month: tp.Month.Float(), Value: r.Value.Float()}
			if batch == "" || batch == st.Batch {
				in = append(in, field(&tp.Month), reflect.ValueOf(r.Value).Elem())
			}
			switch {
			case r.Qualifier != "":
				p.Excluded = "censored"
				in = append(in, field(&r.Qualifier))
			case r.OutOfTrend != "":
				p.Excluded = "out-of-trend"
				in = append(in, field(&r.OutOfTrend))
			}
			pts = append(pts, p)
		}
	}
	var crit stability.Criterion
	c := a.Criterion
	switch c.Type {
	case "nlt", "gt":
		crit.Lower, crit.HasLower = c.Value.Float(), true
		in = append(in, reflect.ValueOf(c.Value).Elem())
	case "nmt", "lt":
		crit.Upper, crit.HasUpper = c.Value.Float(), true
		in = append(in, reflect.ValueOf(c.Value).Elem())
	case "range":
		crit.Lower, crit.HasLower = c.Low.Float(), true
		crit.Upper, crit.HasUpper = c.High.Float(), true
		in = append(in, reflect.ValueOf(c.Low).Elem(), reflect.ValueOf(c.High).Elem())
	default:
		return nil, nil, false
	}
	in = append(in, field(&a.Trend))
	ev, err := stability.Evaluate(pts, stability.Direction(a.Trend), crit, stability.Options{})
	if err != nil {
		return nil, nil, false
	}
	return ev, in, true
}

var evalFormulas = map[string]string{
	"ShelfLifeText":  "shelf life = the earliest month at which the confidence limit of the mean of the regression of result on time meets the shelf-life criterion, rounded down to 0.1 month (ICH Q1E, " + q1eLevels + "; long-term results, censored and out-of-trend results not regressed)",
	"SlopesText":     "F test of equal slopes of the batches' regressions of result on time, against the residual mean square of separate lines (ICH Q1E analysis of covariance)",
	"InterceptsText": "F test of equal intercepts of the batches' regressions of result on time, with a common slope (ICH Q1E analysis of covariance)",
	"SDText":         "residual standard deviation (degrees of freedom) of the regression model the poolability tests chose (ICH Q1E, " + q1eLevels + ")",
	"LimitText":      "confidence limit = one-sided 95 % (lower for a decreasing attribute, upper for an increasing one) or two-sided 95 % for one that may move either way (ICH Q1E)",
}

// evalExplainer explains a statement of an attribute's evaluation: the
// evaluation run again from the data gives the same text.
func evalExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		e := recv.Addr().Interface().(*model.AttributeEvaluation)
		if ix.stability == nil || e.Attribute == nil || e.Eval == nil {
			return figure{}, false
		}
		ev, in, ok := ix.q1e(ix.stability, e.Attribute, "")
		if !ok {
			return figure{}, false
		}
		if member == "LimitText" {
			in = []reflect.Value{field(&e.Attribute.Trend)}
		}
		fresh := &model.AttributeEvaluation{Attribute: e.Attribute, Eval: ev}
		want := reflect.ValueOf(fresh).MethodByName(member).Call(nil)[0].String()
		return figure{formula: evalFormulas[member], inputs: in, matches: func(v reflect.Value) bool {
			return v.Kind() == reflect.String && v.String() == want
		}}, true
	}
}

// fitExplainer explains a column of one batch's own regression: the row
// is found among the evaluated attributes' rows (exactly one must be
// it), and the evaluation run again from the data gives the same row.
// The batch name is the study's own datum.
func fitExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		row := recv.Interface().(model.FitRow)
		s := ix.stability
		if s == nil || s.LongTerm() == nil {
			return figure{}, false
		}
		var of *model.AttributeEvaluation
		for _, e := range s.Evaluated() {
			for _, r := range e.Fits() {
				if r == row {
					if of != nil && of != e {
						return figure{}, false // ambiguous
					}
					of = e
				}
			}
		}
		if of == nil {
			return figure{}, false
		}
		if member == "Batch" {
			for _, st := range s.StudiesAt(s.LongTerm().ID) {
				if st.Batch == row.Batch {
					return figure{direct: true, inputs: []reflect.Value{field(&st.Batch)}, matches: func(v reflect.Value) bool {
						return v.Kind() == reflect.String && v.String() == row.Batch
					}}, true
				}
			}
			return figure{}, false
		}
		ev, in, ok := ix.q1e(s, of.Attribute, row.Batch)
		if !ok {
			return figure{}, false
		}
		fresh := &model.AttributeEvaluation{Attribute: of.Attribute, Eval: ev}
		for _, r := range fresh.Fits() {
			if r.Batch != row.Batch {
				continue
			}
			want := reflect.ValueOf(r).FieldByName(member)
			return figure{formula: fitFormulas[member] + " (" + row.Batch + ")", inputs: in, matches: func(v reflect.Value) bool {
				return v.Kind() == want.Kind() && v.Interface() == want.Interface()
			}}, true
		}
		return figure{}, false
	}
}

var fitFormulas = map[string]string{
	"N":          "results regressed = the batch's long-term results less censored and out-of-trend ones",
	"DF":         "degrees of freedom = results regressed − 2, least-squares regression of result on time for the batch",
	"Intercept":  "intercept of the least-squares regression of result on time for the batch, five significant figures",
	"Slope":      "slope per month of the least-squares regression of result on time for the batch, three significant figures",
	"ResidualSD": "residual standard deviation √(Σ residual² ÷ (n − 2)) of the least-squares regression of result on time for the batch, three significant figures",
}

// locate is where v lies in the data files. A value resolves as
// Resolve says; a whole item (a struct: a lot, a study, a result) is
// located by its place only, as a count or a list of the results used
// needs the item, and the model may hold members the file leaves out.
func (ix *Index) locate(v reflect.Value) (Source, bool) {
	if s, ok := ix.Resolve(v); ok {
		return s, true
	}
	var k key
	switch {
	case v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Kind() == reflect.Struct:
		k = key{v.Pointer(), v.Type().Elem()}
	case v.CanAddr() && v.Kind() == reflect.Struct:
		k = key{v.Addr().Pointer(), v.Type()}
	default:
		return Source{}, false
	}
	src, ok := ix.at[k]
	if !ok {
		return Source{}, false
	}
	if _, ok := ix.docs[src.File].At(src.Pointer); !ok {
		return Source{}, false
	}
	return src, true
}

// conditionExplainer explains a column of the change-on-storage table:
// the row is found among the conditions' rows (exactly one condition
// must give it), and the column is recomputed from the results of the
// studies at that condition.
func conditionExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		row := recv.Interface().(model.ConditionRow)
		s := ix.stability
		if s == nil || row.Attribute == nil {
			return figure{}, false
		}
		var at []*model.StabilityStudy
		for _, c := range s.Conditions {
			for _, r := range s.ConditionSummary(c.ID) {
				if reflect.DeepEqual(r, row) {
					if at != nil {
						return figure{}, false // ambiguous
					}
					at = s.StudiesAt(c.ID)
				}
			}
		}
		if at == nil {
			return figure{}, false
		}
		id := row.Attribute.ID
		switch member {
		case "Results":
			f := figure{formula: "results = the number of results of the attribute at the condition, over the batches", value: 0}
			for _, st := range at {
				for _, tp := range st.TimePoints {
					if r := tp.Result(id); r != nil {
						f.inputs = append(f.inputs, reflect.ValueOf(r))
						f.value++
					}
				}
			}
			return f, len(f.inputs) > 0
		case "FinalMonth":
			f := figure{formula: "months = the last time point common to the studies at the condition (the earliest of their last time points)"}
			var want *model.Number
			for _, st := range at {
				if len(st.TimePoints) == 0 {
					continue
				}
				end := &st.TimePoints[len(st.TimePoints)-1].Month
				f.inputs = append(f.inputs, field(end))
				if want == nil || end.Float() < want.Float() {
					want = end
				}
			}
			f.matches = func(v reflect.Value) bool {
				return want != nil && v.Kind() == reflect.String && v.String() == want.String()
			}
			return f, want != nil
		}
		// Initial, Final: the lowest and highest numeric result at the
		// first (last) time point, as written, a censored one with its
		// qualifier ("< 0.5"); text results are not part of a range.
		f := figure{formula: "range of the results at the first time point of each batch at the condition, lowest–highest as written, a censored result with its qualifier"}
		if member == "Final" {
			f.formula = "range of the results at the last time point of each batch at the condition, lowest–highest as written, a censored result with its qualifier"
		}
		var lo, hi *model.StabilityResult
		for _, st := range at {
			if len(st.TimePoints) == 0 {
				continue
			}
			tp := st.TimePoints[0]
			if member == "Final" {
				tp = st.TimePoints[len(st.TimePoints)-1]
			}
			r := tp.Result(id)
			if r == nil || r.Value == nil {
				continue
			}
			f.inputs = append(f.inputs, reflect.ValueOf(r.Value).Elem())
			if r.Qualifier != "" {
				f.inputs = append(f.inputs, field(&r.Qualifier))
			}
			if lo == nil || r.Value.Float() < lo.Value.Float() {
				lo = r
			}
			if hi == nil || r.Value.Float() > hi.Value.Float() {
				hi = r
			}
		}
		if lo == nil {
			return figure{}, false
		}
		show := func(r *model.StabilityResult) string {
			v := r.Value.String()
			if strings.HasPrefix(v, "-") {
				v = "−" + v[1:]
			}
			if r.Qualifier != "" {
				return r.Qualifier + "\u00a0" + v
			}
			return v
		}
		want := show(lo)
		if show(hi) != want {
			want += "–" + show(hi)
		}
		f.matches = func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }
		return f, true
	}
}

// excludedExplainer explains the batch and month of a long-term result
// kept out of the regression: the study and time point that hold it.
func excludedExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		x := recv.Interface().(model.ExcludedResult)
		if ix.stability == nil || x.Result == nil {
			return figure{}, false
		}
		for _, st := range ix.stability.Studies {
			for _, tp := range st.TimePoints {
				for _, r := range tp.Results {
					if r != x.Result {
						continue
					}
					if member == "Batch" {
						return figure{direct: true, inputs: []reflect.Value{field(&st.Batch)}, matches: func(v reflect.Value) bool {
							return v.Kind() == reflect.String && v.String() == st.Batch
						}}, true
					}
					return figure{direct: true, inputs: []reflect.Value{field(&tp.Month)}, matches: func(v reflect.Value) bool {
						n, ok := v.Interface().(model.Number)
						return ok && n.String() == tp.Month.String()
					}}, true
				}
			}
		}
		return figure{}, false
	}
}

// summaryExplainer explains a count of the batch summary: the summary is
// found among those of all lots and of the PPQ lots (both giving it is
// one answer when they count the same lots), and the count recomputed.
func summaryExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		sum := recv.Interface().(model.BatchSummary)
		// The lots summarised: the drug substance's, all or PPQ, against
		// its specification, or the drug product's against its own.
		type judged struct {
			spec    *model.Specification
			batches *model.Batches
		}
		var candidates []judged
		if ix.batches != nil && ix.spec != nil {
			candidates = append(candidates, judged{ix.spec, ix.batches}, judged{ix.spec, ix.batches.PPQ()})
		}
		if dp := ix.drugProduct; dp != nil && dp.Spec() != nil {
			candidates = append(candidates, judged{dp.Spec(), dp.Batches()})
		}
		var of *model.Batches
		var spec *model.Specification
		for _, c := range candidates {
			if c.batches == nil || !reflect.DeepEqual(model.Summarise(c.spec, c.batches), sum) {
				continue
			}
			if of != nil && !reflect.DeepEqual(of.Lots, c.batches.Lots) {
				return figure{}, false // ambiguous
			}
			if of == nil {
				of, spec = c.batches, c.spec
			}
		}
		if of == nil {
			return figure{}, false
		}
		if member == "VersionsText" {
			// The versions that judged the lots: each lot's test (or
			// release) date against each version's effective date.
			f := figure{formula: "versions = the specification versions in force on the lots' test dates (release date without one; the current version without either), in the order they took effect"}
			for _, v := range sum.Versions {
				switch {
				case v == spec.Version:
					f.inputs = append(f.inputs, field(&spec.Version), field(&spec.EffectiveDate))
				default:
					for _, h := range spec.History {
						if h != nil && h.Version == v {
							f.inputs = append(f.inputs, field(&h.Version), field(&h.EffectiveDate))
						}
					}
				}
			}
			for _, l := range of.Lots {
				switch {
				case l.TestDate != "":
					f.inputs = append(f.inputs, field(&l.TestDate))
				case l.ReleaseDate != "":
					f.inputs = append(f.inputs, field(&l.ReleaseDate))
				}
			}
			want := model.Summarise(spec, of).VersionsText()
			f.matches = func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }
			return f, len(sum.Versions) > 0
		}
		if member == "Lots" {
			f := figure{formula: "lots = the number of lots analysed", value: float64(len(of.Lots))}
			for _, l := range of.Lots {
				f.inputs = append(f.inputs, reflect.ValueOf(l))
			}
			return f, len(f.inputs) > 0
		}
		f := figure{formula: "results passed = the lots' results that meet the criterion of the specification version in force on the lot's test date"}
		for _, l := range of.Lots {
			for _, t := range spec.Tests {
				if j := spec.Judge(l, t.ID); j.Verdict == model.Pass && j.Result != nil {
					f.inputs = append(f.inputs, reflect.ValueOf(j.Result))
					f.value++
				}
			}
		}
		return f, len(f.inputs) > 0
	}
}

// resultSummaryExplainer explains the consistency table's summary of one
// test over the lots (mean ± SD when every result is quantified, else the
// range and how many are censored, the titre range, or the common text).
// The summary is found among every test's over all lots and over the
// PPQ lots (one answer when they are over the same results); its inputs
// are every result of that test; a mean ± SD is recomputed by the
// textbook formulas, the other forms by summarising those results again.
func resultSummaryExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		sum := recv.Interface().(model.ResultSummary)
		if ix.batches == nil {
			return figure{}, false
		}
		var results []*model.Result
		var test string
		found := false
		for _, b := range []*model.Batches{ix.batches, ix.batches.PPQ()} {
			if b == nil {
				continue
			}
			seen := map[string]bool{}
			for _, l := range b.Lots {
				for _, r := range l.Results {
					if seen[r.Test] {
						continue
					}
					seen[r.Test] = true
					if !reflect.DeepEqual(b.Summarise(r.Test), sum) {
						continue
					}
					var rs []*model.Result
					for _, l := range b.Lots {
						if x := l.Result(r.Test); x != nil {
							rs = append(rs, x)
						}
					}
					if found && (test != r.Test || !sameResults(rs, results)) {
						return figure{}, false // ambiguous
					}
					found, test, results = true, r.Test, rs
				}
			}
		}
		if !found || len(results) == 0 {
			return figure{}, false
		}
		var in []reflect.Value
		for _, r := range results {
			in = append(in, reflect.ValueOf(r))
		}
		if member == "N" {
			return figure{formula: "n = the number of lots with a result for test " + test, inputs: in, value: float64(len(results))}, true
		}
		want := sum.Text()
		formula := "the results of test " + test + " over the lots: their range, lowest–highest, censored results (<, >) placed beside their limit and counted, a titre range or the common text"
		if sum.HasMean() {
			var xs []*model.Number
			for _, r := range results {
				xs = append(xs, r.Value)
			}
			st := recompute(xs)
			want = stats.Format(st.Mean, st.Decimals)
			if st.N > 1 {
				want += "\u00a0±\u00a0" + stats.Format(st.SD, st.Decimals)
			}
			formula = "mean ± standard deviation = Σx ÷ n ± √(Σ(x − mean)² ÷ (n − 1)) over the results of test " + test + ", to the most decimals written"
		}
		return figure{formula: formula, inputs: in, matches: func(v reflect.Value) bool {
			return v.Kind() == reflect.String && v.String() == want
		}}, true
	}
}

func sameResults(a, b []*model.Result) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// stepKey explains the studied steps of a row of the LRV table (the
// studies of one step key and mechanism): the step ids of the first such
// study, joined by +.
func (ix *Index) stepKey(key, mechanism string) (figure, bool) {
	if ix.viral == nil {
		return figure{}, false
	}
	for _, s := range ix.viral.Studies {
		if s.StepKey() != key || s.Mechanism != mechanism {
			continue
		}
		f := figure{formula: "studied steps = the study's step ids joined by +"}
		for i := range s.Steps {
			f.inputs = append(f.inputs, field(&s.Steps[i]))
		}
		want := strings.Join(s.Steps, "+")
		f.matches = func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }
		return f, len(f.inputs) > 0
	}
	return figure{}, false
}

// comparatorYield is the conventional process's overall yield: the
// product of its declared step yields.
func (ix *Index) comparatorYield() (figure, bool) {
	if ix.comparator == nil || len(ix.comparator.Steps) == 0 {
		return figure{}, false
	}
	f := figure{formula: "conventional overall yield = 100 × ∏ step_yield ÷ 100 over the conventional process's steps", value: 100}
	for _, s := range ix.comparator.Steps {
		f.inputs = append(f.inputs, field(&s.StepYield))
		f.value *= s.StepYield.Float() / 100
	}
	return f, true
}

func (ix *Index) bothYields() (ours, theirs figure, ok bool) {
	if ix.process == nil {
		return ours, theirs, false
	}
	if ours, ok = cumulative(ix.process, nil); !ok {
		return ours, theirs, false
	}
	theirs, ok = ix.comparatorYield()
	return ours, theirs, ok
}

// comparatorRow explains a row of the conventional process's yield table,
// found by its step id (exactly one step must have it).
func (ix *Index) comparatorRow(r model.YieldRow, member string) (figure, bool) {
	if ix.comparator == nil {
		return figure{}, false
	}
	var at *model.ComparatorStep
	f := figure{formula: "cumulative yield = 100 × ∏ step_yield ÷ 100 over the conventional process's steps up to this step", value: 100}
	for _, s := range ix.comparator.Steps {
		if at == nil {
			f.inputs = append(f.inputs, field(&s.StepYield))
			f.value *= s.StepYield.Float() / 100
		}
		if s.ID == r.StepID {
			if at != nil {
				return figure{}, false // two steps of that id
			}
			at = s
		}
	}
	if at == nil {
		return figure{}, false
	}
	text := func(want string) func(v reflect.Value) bool {
		return func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }
	}
	switch member {
	case "StepID":
		return figure{direct: true, inputs: []reflect.Value{field(&at.ID)}, matches: text(at.ID)}, true
	case "StepName":
		return figure{direct: true, inputs: []reflect.Value{field(&at.Name)}, matches: text(at.Name)}, true
	case "StepYield":
		return figure{formula: "step yield of the conventional process, as declared (%)", inputs: []reflect.Value{field(&at.StepYield)}, value: at.StepYield.Float()}, true
	case "PerLitre":
		if ix.process == nil || !ix.process.StartingMaterial.Concentration.Valid() {
			return figure{}, false
		}
		c := &ix.process.StartingMaterial.Concentration.Value
		f.formula = "yield per litre = (100 × ∏ step_yield ÷ 100 over the conventional process's steps up to this step) ÷ 100 × starting-material concentration"
		f.inputs = append(f.inputs, field(c))
		f.value = f.value / 100 * c.Float()
	}
	return f, true
}

// comparedExplainer explains a release test compared with the
// conventional product: the lots' mean (with n and decimals) over every
// lot's plain numeric result of the test, and the conventional product's
// typical value as the comparator file gives it.
func comparedExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		r := recv.Interface().(model.ComparedResult)
		if r.Test == nil || ix.batches == nil {
			return figure{}, false
		}
		if member == "Typical" {
			if ix.comparator == nil {
				return figure{}, false
			}
			ct := ix.comparator.Compared(r.Test.ID)
			if ct == nil {
				return figure{}, false
			}
			return figure{direct: true, inputs: []reflect.Value{field(&ct.Typical)}, matches: func(v reflect.Value) bool {
				q, ok := v.Interface().(model.Quantity)
				return ok && q.Value.String() == ct.Typical.Value.String() && q.Unit == ct.Typical.Unit
			}}, true
		}
		var xs []*model.Number
		for _, l := range ix.batches.Lots {
			if x := l.Result(r.Test.ID); x != nil && x.Value != nil && x.Qualifier == "" {
				xs = append(xs, x.Value)
			}
		}
		if len(xs) == 0 {
			return figure{}, false
		}
		st := recompute(xs)
		f := figure{inputs: numberInputs(xs)}
		switch member {
		case "Mean":
			f.formula, f.value = "mean = Σx ÷ n over the plain numeric results of test "+r.Test.ID+" over the lots", st.Mean
		case "N":
			f.formula, f.value = "n = the number of lots with a plain numeric result of test "+r.Test.ID, float64(st.N)
		case "Decimals":
			f.formula, f.value = "decimals printed = the most decimals written among the results of test "+r.Test.ID, float64(st.Decimals)
		}
		return f, true
	}
}

// marginExplainer explains a safety factor of 3.2.A.2: the virus per dose
// (retrovirus particles, or a plasma virus the pools are limited for),
// the claimed reduction of its model virus, and the margin between them.
// Which of the two margins it is is found by computing both (they must
// differ).
func marginExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		m := recv.Interface().(model.SafetyMargin)
		v := ix.viral
		if v == nil || !m.Known {
			return figure{}, false
		}
		retro, plasma := v.RetrovirusMargin(), v.PlasmaMargin()
		var perDose figure
		var virus string
		switch {
		case v.Retrovirus != nil && retro == m && (v.PlasmaSafety == nil || plasma != m):
			r := v.Retrovirus
			virus = r.Virus
			perDose = figure{formula: "log10 particles per dose = log10 particles per mL + log10(bulk per dose, mL) (ICH Q5A(R2))",
				inputs: []reflect.Value{field(&r.LogParticles), field(&r.BulkPerDoseML)},
				value:  r.LogParticles.Float() + math.Log10(r.BulkPerDoseML.Float())}
		case v.PlasmaSafety != nil && plasma == m && (v.Retrovirus == nil || retro != m):
			ps := v.PlasmaSafety
			virus = ps.ModelVirus
			perDose = figure{formula: "log10 virus per dose = log10(pool limit, IU/mL × plasma per dose, L × 1000 mL/L)",
				inputs: []reflect.Value{field(&ps.PoolLimit), field(&ps.PlasmaPerDoseL)},
				value:  math.Log10(ps.PoolLimit.Float() * ps.PlasmaPerDoseL.Float() * 1000)}
		default:
			return figure{}, false
		}
		claimed := figure{formula: "claimed total LRV of " + virus + " = sum of the reported LRVs of the studies claimed for it, rounded to one decimal"}
		for _, t := range v.Totals() {
			if t.Virus == nil || t.Virus.ID != virus {
				continue
			}
			sum := 0.0
			for _, st := range t.Studies {
				claimed.inputs = append(claimed.inputs, field(&st.ReportedLRV.Value))
				sum += st.ReportedLRV.Value.Float()
			}
			claimed.value = math.Round(sum*10) / 10
		}
		if len(claimed.inputs) == 0 {
			return figure{}, false
		}
		switch member {
		case "LogParticlesPerDose":
			return perDose, true
		case "ClaimedLRV":
			return claimed, true
		}
		return figure{formula: "safety factor = claimed total LRV − log10 virus per dose; " + claimed.formula + "; " + perDose.formula,
			inputs: append(append([]reflect.Value{}, claimed.inputs...), perDose.inputs...), value: claimed.value - perDose.value}, true
	}
}

// embodimentExplainer explains the yields a patent exhibit claims: the
// typical one is the overall yield from the step masses; the preferred
// and broad ones are the lowest of it and the lots' yields (g/L of
// starting material, as percent of its product concentration), rounded
// down to a whole percent and to a multiple of 5 %.
func embodimentExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		if ix.process == nil {
			return figure{}, false
		}
		f, ok := cumulative(ix.process, nil)
		if !ok || member == "Typical" {
			return f, ok
		}
		lowest := f.value
		p := ix.process
		if b := ix.batches; b != nil && p.PerLitreKnown() && b.YieldUnit() == "g/L" {
			c := &p.StartingMaterial.Concentration.Value
			f.inputs = append(f.inputs, field(c))
			for _, l := range b.Lots {
				if l.Yield.Valid() {
					f.inputs = append(f.inputs, field(&l.Yield.Value))
					lowest = math.Min(lowest, l.Yield.Value.Float()/c.Float()*100)
				}
			}
		}
		const of = "the lowest of the overall yield (100 × ∏ product_out ÷ product_in over the steps with both masses) and each lot's yield ÷ starting-material concentration × 100"
		if member == "Preferred" {
			f.formula, f.value = "preferred yield = "+of+", rounded down to a whole percent", math.Floor(lowest)
		} else {
			f.formula, f.value = "broad yield = "+of+", rounded down to a multiple of 5 %", 5*math.Floor(lowest/5)
		}
		return f, true
	}
}
