package trace

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/model"
)

// lotSeries is one test's results over one set of lots, as 3.2.S.4.5
// summarises them: the quantified values apart from the censored, titre
// and text results.
type lotSeries struct {
	what    string          // "test X over the PPQ lots"
	test    *model.Test     // the test summarised
	results []*model.Result // every result of the test, in lot order
	values  []*model.Number // the quantified ones
	stats   model.LotStats  // recomputed
}

// lotSets are the sets of lots 3.2.S.4.5 summarises each test over: the
// clinical lots the justification names, the PPQ lots (every lot when none
// is marked PPQ) and every lot.
func (ix *Index) lotSets() (names []string, sets [][]*model.Lot) {
	if ix.batches == nil {
		return nil, nil
	}
	if ix.justification != nil {
		clinical := map[string]bool{}
		for _, l := range ix.justification.ClinicalLots {
			clinical[strings.ToLower(strings.TrimSpace(l))] = true
		}
		var cl []*model.Lot
		for _, l := range ix.batches.Lots {
			if l != nil && clinical[strings.ToLower(strings.TrimSpace(l.Lot))] {
				cl = append(cl, l)
			}
		}
		names, sets = append(names, "the clinical lots"), append(sets, cl)
	}
	var ppq []*model.Lot
	for _, l := range ix.batches.Lots {
		if l != nil && l.Purpose == "PPQ" {
			ppq = append(ppq, l)
		}
	}
	if len(ppq) == 0 {
		ppq = ix.batches.Lots
	}
	names, sets = append(names, "the PPQ lots"), append(sets, ppq)
	names, sets = append(names, "all lots"), append(sets, ix.batches.Lots)
	if ix.development != nil {
		for _, c := range ix.development.Changes {
			if c == nil {
				continue
			}
			names = append(names, "the lots before change "+c.ID, "the lots after change "+c.ID)
			sets = append(sets, ix.lotsNamed(c.LotsBefore), ix.lotsNamed(c.LotsAfter))
		}
	}
	return names, sets
}

// lotsNamed are the lots of the batches with the given numbers, in the
// batches' order, as a process change names them.
func (ix *Index) lotsNamed(names []string) []*model.Lot {
	want := map[string]bool{}
	for _, n := range names {
		want[strings.ToLower(strings.TrimSpace(n))] = true
	}
	var out []*model.Lot
	for _, l := range ix.batches.Lots {
		if l != nil && want[strings.ToLower(strings.TrimSpace(l.Lot))] {
			out = append(out, l)
		}
	}
	return out
}

// summarise recomputes test t's statistics over lots by the textbook
// formulas: n, minimum, maximum, mean, SD (n − 1) over the quantified
// results, and the most decimals written among them.
func summarise(what string, t *model.Test, lots []*model.Lot) lotSeries {
	s := lotSeries{what: "test " + t.ID + " over " + what, test: t}
	for _, l := range lots {
		var r *model.Result
		for _, x := range l.Results {
			if x != nil && x.Test == t.ID {
				r = x
				break
			}
		}
		if r == nil {
			continue
		}
		s.results = append(s.results, r)
		s.stats.Lots = append(s.stats.Lots, l.Lot)
		switch {
		case r.Titre > 0:
			s.stats.Titres = append(s.stats.Titres, r.Titre)
		case r.Value != nil && r.Qualifier != "":
			s.stats.Censored = append(s.stats.Censored, r)
		case r.Value != nil:
			s.values = append(s.values, r.Value)
		case r.Text != "":
			s.stats.Texts = append(s.stats.Texts, r.Text)
		}
	}
	st := recompute(s.values)
	s.stats.N, s.stats.Mean, s.stats.SD, s.stats.Decimals = st.N, st.Mean, st.SD, st.Decimals
	for i, x := range s.values {
		if i == 0 || x.Float() < s.stats.Min {
			s.stats.Min = x.Float()
		}
		if i == 0 || x.Float() > s.stats.Max {
			s.stats.Max = x.Float()
		}
	}
	return s
}

// near reports whether two recomputed figures agree to rounding.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// sameLotStats reports whether a printed summary is the recomputed one:
// the same lots and results exactly, the statistics to rounding.
func sameLotStats(got, want model.LotStats) bool {
	return got.N == want.N && got.Decimals == want.Decimals && got.Min == want.Min && got.Max == want.Max &&
		near(got.Mean, want.Mean) && near(got.SD, want.SD) &&
		slices.Equal(got.Lots, want.Lots) && slices.Equal(got.Censored, want.Censored) &&
		slices.Equal(got.Titres, want.Titres) && slices.Equal(got.Texts, want.Texts)
}

// findLotSeries finds the series a printed summary was computed over: of
// every specification test over every set of lots, the one whose
// recomputed summary it is. Two series that match over different results
// are ambiguous, and neither is taken.
func (ix *Index) findLotSeries(st model.LotStats) (*lotSeries, bool) {
	if ix.spec == nil {
		return nil, false
	}
	names, sets := ix.lotSets()
	var found *lotSeries
	for _, t := range ix.spec.Tests {
		if t == nil {
			continue
		}
		for i, lots := range sets {
			s := summarise(names[i], t, lots)
			if !sameLotStats(st, s.stats) {
				continue
			}
			if found != nil {
				if !slices.Equal(found.results, s.results) {
					return nil, false
				}
				continue // the same results under another name: the first names them
			}
			found = &s
		}
	}
	return found, found != nil && len(found.results) > 0
}

var lotStatFormulas = map[string]string{
	"Lots":         "lots = the lots with a result of ",
	"CensoredText": "censored results = each distinct qualifier and bound once, in the order first reported, with its number of lots, over the censored results of ",
	"TitreRange":   "titre range = 1:lowest to 1:highest reciprocal titre (one when they are equal) of ",
	"N":            "n = the number of quantified results (not censored, titre or text) of ",
	"Min":          "minimum = the lowest quantified result of ",
	"Max":          "maximum = the highest quantified result of ",
	"Mean":         "mean = Σx ÷ n over the quantified results of ",
	"SD":           "standard deviation = √(Σ(x − mean)² ÷ (n − 1)) over the quantified results of ",
	"Decimals":     "decimals printed = the most decimals written among the quantified results of ",
}

// lotStatsExplainer explains a member of a 3.2.S.4.5 lot summary. n has
// as inputs every result of the test over the lots (it counts which are
// quantified); the others the quantified values.
func lotStatsExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		s, ok := ix.findLotSeries(recv.Interface().(model.LotStats))
		if !ok {
			return figure{}, false
		}
		f := figure{formula: lotStatFormulas[member] + s.what}
		switch member {
		case "CensoredText":
			if len(s.stats.Censored) == 0 {
				return figure{}, false
			}
			want := censoredText(s.stats.Censored)
			for _, r := range s.stats.Censored {
				f.inputs = append(f.inputs, field(&r.Qualifier), reflect.ValueOf(r.Value).Elem())
			}
			f.matches = func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }
			return f, true
		case "TitreRange":
			if len(s.stats.Titres) == 0 {
				return figure{}, false
			}
			lo, hi := slices.Min(s.stats.Titres), slices.Max(s.stats.Titres)
			want := "1:" + strconv.Itoa(hi)
			if lo != hi {
				want = "1:" + strconv.Itoa(lo) + " to 1:" + strconv.Itoa(hi)
			}
			for _, r := range s.results {
				if r.Titre > 0 {
					f.inputs = append(f.inputs, field(&r.Titre))
				}
			}
			f.matches = func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }
			return f, true
		case "Lots":
			for _, r := range s.results {
				f.inputs = append(f.inputs, reflect.ValueOf(r).Elem())
			}
			f.matches = func(v reflect.Value) bool {
				got, ok := v.Interface().([]string)
				return ok && slices.Equal(got, s.stats.Lots)
			}
			return f, true
		case "N":
			for _, r := range s.results {
				f.inputs = append(f.inputs, reflect.ValueOf(r).Elem())
			}
			f.value = float64(s.stats.N)
			return f, true
		case "Min":
			f.value = s.stats.Min
		case "Max":
			f.value = s.stats.Max
		case "Mean":
			f.value = s.stats.Mean
		case "SD":
			f.value = s.stats.SD
		case "Decimals":
			f.value = float64(s.stats.Decimals)
		}
		f.inputs = numberInputs(s.values)
		return f, len(f.inputs) > 0
	}
}

// ppk recomputes the process performance index of test t over the PPQ
// lots: the distance from the mean of the quantified results to the
// nearer limit of the criterion in units of three SD. Inputs are the
// results and the limits.
func (ix *Index) ppk(t *model.Test) (figure, bool) {
	names, sets := ix.lotSets()
	if t == nil {
		return figure{}, false
	}
	i := slices.Index(names, "the PPQ lots")
	if i < 0 {
		return figure{}, false
	}
	s := summarise(names[i], t, sets[i])
	st := s.stats
	if st.N < 2 || st.SD == 0 || len(st.Censored) > 0 {
		return figure{}, false
	}
	c := &t.Criterion
	f := figure{inputs: numberInputs(s.values)}
	switch c.Type {
	case "range":
		if c.Low == nil || c.High == nil {
			return figure{}, false
		}
		f.formula = "Ppk = min(mean − low limit, high limit − mean) ÷ (3 × SD), mean and SD (n − 1) over the quantified results of " + s.what
		f.inputs = append(f.inputs, field(c.Low), field(c.High))
		f.value = math.Min(st.Mean-c.Low.Float(), c.High.Float()-st.Mean) / (3 * st.SD)
	case "nlt", "gt":
		if c.Value == nil {
			return figure{}, false
		}
		f.formula = "Ppk = (mean − lower limit) ÷ (3 × SD), mean and SD (n − 1) over the quantified results of " + s.what
		f.inputs = append(f.inputs, field(c.Value))
		f.value = (st.Mean - c.Value.Float()) / (3 * st.SD)
	case "nmt", "lt":
		if c.Value == nil {
			return figure{}, false
		}
		f.formula = "Ppk = (upper limit − mean) ÷ (3 × SD), mean and SD (n − 1) over the quantified results of " + s.what
		f.inputs = append(f.inputs, field(c.Value))
		f.value = (c.Value.Float() - st.Mean) / (3 * st.SD)
	default:
		return figure{}, false
	}
	return f, true
}

func init() {
	register[model.LotStats](map[string]explainer{
		"Lots":         lotStatsExplainer("Lots"),
		"CensoredText": lotStatsExplainer("CensoredText"),
		"TitreRange":   lotStatsExplainer("TitreRange"),
		"N":            lotStatsExplainer("N"),
		"Min":          lotStatsExplainer("Min"),
		"Max":          lotStatsExplainer("Max"),
		"Mean":         lotStatsExplainer("Mean"),
		"SD":           lotStatsExplainer("SD"),
		"Decimals":     lotStatsExplainer("Decimals"),
	})
	register[model.TestBasis](map[string]explainer{
		"PPK": func(recv reflect.Value, ix *Index) (figure, bool) {
			return ix.ppk(recv.Interface().(model.TestBasis).Test)
		},
	})
}

// shift explains the shift of a test's mean across a process change
// (3.2.S.2.6): its size, |mean after − mean before|, or its share of the
// room the criterion leaves, each over the quantified results of the lots
// before and after the change. Both summaries must be the test's.
func (ix *Index) shift(c model.ChangeComparison, member string) (figure, bool) {
	if c.Test == nil || c.Before.N == 0 || c.After.N == 0 {
		return figure{}, false
	}
	before, ok := ix.findLotSeries(c.Before)
	if !ok || before.test.ID != c.Test.ID {
		return figure{}, false
	}
	after, ok := ix.findLotSeries(c.After)
	if !ok || after.test.ID != c.Test.ID {
		return figure{}, false
	}
	size := math.Abs(after.stats.Mean - before.stats.Mean)
	means := "mean after and mean before = Σx ÷ n over the quantified results of " + after.what + " and of " + before.what
	f := figure{inputs: append(numberInputs(after.values), numberInputs(before.values)...)}
	if member == "ShiftSize" {
		f.formula, f.value = "shift of the mean = |mean after − mean before|; "+means, size
		return f, true
	}
	cr := &c.Test.Criterion
	switch cr.Type {
	case "range":
		if cr.Low == nil || cr.High == nil {
			return figure{}, false
		}
		f.formula = "share of the room = 100 × |mean after − mean before| ÷ (high limit − low limit) (%); " + means
		f.inputs = append(f.inputs, field(cr.Low), field(cr.High))
		f.value = 100 * size / (cr.High.Float() - cr.Low.Float())
	case "nlt", "gt":
		if cr.Value == nil || before.stats.Mean <= cr.Value.Float() {
			return figure{}, false
		}
		f.formula = "share of the room = 100 × |mean after − mean before| ÷ (mean before − lower limit) (%); " + means
		f.inputs = append(f.inputs, field(cr.Value))
		f.value = 100 * size / (before.stats.Mean - cr.Value.Float())
	case "nmt", "lt":
		if cr.Value == nil || cr.Value.Float() <= before.stats.Mean {
			return figure{}, false
		}
		f.formula = "share of the room = 100 × |mean after − mean before| ÷ (upper limit − mean before) (%); " + means
		f.inputs = append(f.inputs, field(cr.Value))
		f.value = 100 * size / (cr.Value.Float() - before.stats.Mean)
	default:
		return figure{}, false
	}
	return f, true
}

func init() {
	// 3.2.P.3.5: the share of a PPQ fill's units rejected at inspection.
	register[model.FillPPQ](map[string]explainer{
		"RejectedPercent": func(recv reflect.Value, _ *Index) (figure, bool) {
			f := recv.Addr().Interface().(*model.FillPPQ)
			if f.UnitsFilled <= 0 {
				return figure{}, false
			}
			return figure{formula: "rejected = 100 × units rejected ÷ units filled (%)",
				inputs: []reflect.Value{field(&f.UnitsRejected), field(&f.UnitsFilled)},
				value:  100 * float64(f.UnitsRejected) / float64(f.UnitsFilled)}, true
		},
	})
	register[model.ChangeComparison](map[string]explainer{
		"ShiftSize": func(recv reflect.Value, ix *Index) (figure, bool) {
			return ix.shift(recv.Interface().(model.ChangeComparison), "ShiftSize")
		},
		"Share": func(recv reflect.Value, ix *Index) (figure, bool) {
			return ix.shift(recv.Interface().(model.ChangeComparison), "Share")
		},
	})
}

// censoredText composes censored results as 3.2.S.4.5 prints them,
// "< 2 (2 lots), < 1 (1 lot)": each distinct qualifier and bound once, in
// the order first reported, with how many lots reported it.
func censoredText(rs []*model.Result) string {
	var order []string
	n := map[string]int{}
	for _, r := range rs {
		t := r.Qualifier + " " + r.Value.String()
		if n[t] == 0 {
			order = append(order, t)
		}
		n[t]++
	}
	parts := make([]string, len(order))
	for i, t := range order {
		lots := " lots)"
		if n[t] == 1 {
			lots = " lot)"
		}
		parts[i] = t + " (" + strconv.Itoa(n[t]) + lots
	}
	return strings.Join(parts, ", ")
}
