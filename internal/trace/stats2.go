package trace

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/stability"
)

// This file explains the remaining figures of 3.2.S.4.5 and of the
// stability documents: the text results of a lot summary with their
// counts, the long-term results an evaluation keeps out of the
// regression, and the months the evaluation searched.

func init() {
	register[model.LotStats](map[string]explainer{
		"TextSummary": lotTextSummary,
	})
	register[model.AttributeEvaluation](map[string]explainer{
		"Excluded":    excludedResults,
		"HorizonText": horizonText,
	})
}

// lotTextSummary explains "Complies (3 lots)": each distinct text result
// of the test over the lots once, in the order first reported, with the
// number of lots that reported it. Its inputs are the text results.
func lotTextSummary(recv reflect.Value, ix *Index) (figure, bool) {
	s, ok := ix.findLotSeries(recv.Interface().(model.LotStats))
	if !ok || len(s.stats.Texts) == 0 {
		return figure{}, false
	}
	f := figure{formula: "text results = each distinct text result once, in the order first reported, with its number of lots, over the text results of " + s.what}
	var order []string
	n := map[string]int{}
	for _, r := range s.results {
		if r.Titre > 0 || r.Value != nil || r.Text == "" {
			continue // counted among the titres, quantified or censored results
		}
		f.inputs = append(f.inputs, field(&r.Text))
		if n[r.Text] == 0 {
			order = append(order, r.Text)
		}
		n[r.Text]++
	}
	parts := make([]string, len(order))
	for i, t := range order {
		parts[i] = t + " (" + model.Count(n[t], "lot", "lots") + ")"
	}
	want := strings.Join(parts, ", ")
	f.matches = func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }
	return f, len(f.inputs) > 0
}

// excludedResults explains the long-term results of an attribute that the
// evaluation does not regress (their number is printed): the results with
// a value that are censored (a qualifier) or marked out of trend. Its
// inputs are every long-term result of the attribute with a value, as
// each was looked at, so a count of none still names what was counted.
func excludedResults(recv reflect.Value, ix *Index) (figure, bool) {
	e := recv.Addr().Interface().(*model.AttributeEvaluation)
	s := ix.stability
	if s == nil || e.Attribute == nil || s.LongTerm() == nil {
		return figure{}, false
	}
	f := figure{formula: "results not regressed = the long-term results of attribute " + e.Attribute.ID + " with a value that are censored (a qualifier) or out of trend"}
	var want []*model.StabilityResult
	for _, st := range s.StudiesAt(s.LongTerm().ID) {
		for _, tp := range st.TimePoints {
			r := tp.Result(e.Attribute.ID)
			if r == nil || r.Value == nil {
				continue
			}
			f.inputs = append(f.inputs, reflect.ValueOf(r))
			if r.Qualifier != "" || r.OutOfTrend != "" {
				want = append(want, r)
			}
		}
	}
	f.matches = func(v reflect.Value) bool {
		got, ok := v.Interface().([]model.ExcludedResult)
		if !ok || len(got) != len(want) {
			return false
		}
		for i := range got {
			if got[i].Result != want[i] {
				return false
			}
		}
		return true
	}
	return f, len(f.inputs) > 0
}

// horizonText explains the months the evaluation searched for the
// crossing of the confidence limit and the criterion: not a datum but the
// evaluation's fixed setting, stability.DefaultHorizon. The evaluation
// that printed it must have searched that far, and the print must be it.
func horizonText(recv reflect.Value, ix *Index) (figure, bool) {
	e := recv.Addr().Interface().(*model.AttributeEvaluation)
	if e.Eval == nil || e.Eval.Options.Horizon != stability.DefaultHorizon {
		return figure{}, false
	}
	want := strconv.FormatFloat(stability.DefaultHorizon, 'f', -1, 64)
	return figure{formula: "months searched = the evaluation's search horizon, a fixed setting of the ICH Q1E evaluation (stability.DefaultHorizon = " + want + " months), not a datum",
		matches: func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }}, true
}
