package trace

import (
	"math"
	"reflect"
	"slices"

	"github.com/regdoc/regdoc/internal/model"
)

// The yields of the lots of a process with drug product steps: 3.2.S.2.5
// prints the statistic of the lots' drug substance yields, 3.2.P.3.5 each
// lot's share of its drug substance that reached the final containers.

func init() {
	register[model.DrugSubstanceStat](map[string]explainer{
		"Mean":     drugSubstanceStatExplainer("Mean"),
		"SD":       drugSubstanceStatExplainer("SD"),
		"RSD":      drugSubstanceStatExplainer("RSD"),
		"N":        drugSubstanceStatExplainer("N"),
		"Decimals": drugSubstanceStatExplainer("Decimals"),
	})
	register[model.Lot](map[string]explainer{
		"DrugProductYield": func(recv reflect.Value, _ *Index) (figure, bool) {
			l := recv.Addr().Interface().(*model.Lot)
			if !l.HasDrugProductYield() {
				return figure{}, false
			}
			return figure{formula: "share kept by the drug product steps = 100 × yield ÷ drug_substance_yield (%)",
				inputs: []reflect.Value{field(&l.Yield.Value), field(&l.DrugSubstanceYield.Value)},
				value:  100 * l.Yield.Value.Float() / l.DrugSubstanceYield.Value.Float()}, true
		},
	})
}

// drugSubstanceStatExplainer explains a member of the statistic of the
// lots' drug substance yields: recomputed by the textbook formulas over
// the drug substance yields of all lots or of the PPQ lots, whichever
// gives the statistic printed (one answer when both are over the same
// yields).
func drugSubstanceStatExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		printed := model.Stat(recv.Interface().(model.DrugSubstanceStat))
		if ix.batches == nil {
			return figure{}, false
		}
		var found []*model.Number
		var what string
		for _, set := range []struct {
			b    *model.Batches
			what string
		}{{ix.batches, "the lots' drug substance yields"}, {ix.batches.PPQ(), "the PPQ lots' drug substance yields"}} {
			if set.b == nil {
				continue
			}
			var xs []*model.Number
			for _, l := range set.b.Lots {
				if l.DrugSubstanceYield.Valid() {
					xs = append(xs, &l.DrugSubstanceYield.Value)
				}
			}
			if len(xs) == 0 || !sameStat(recompute(xs), printed) {
				continue
			}
			if found != nil && !slices.Equal(found, xs) {
				return figure{}, false // two sets give it: ambiguous
			}
			if found == nil {
				found, what = xs, set.what
			}
		}
		if found == nil {
			return figure{}, false
		}
		want := reflect.ValueOf(recompute(found)).FieldByName(member)
		return figure{formula: statFormulas[member] + what, inputs: numberInputs(found), matches: func(v reflect.Value) bool {
			switch {
			case v.CanInt() && want.CanInt():
				return v.Int() == want.Int()
			case v.CanFloat() && want.CanFloat():
				return closeTo(v.Float(), want.Float())
			}
			return false
		}}, true
	}
}

// sameStat says two statistics are the same within floating-point
// rounding: the model sums in its own order.
func sameStat(a, b model.Stat) bool {
	return a.N == b.N && a.Decimals == b.Decimals && closeTo(a.Mean, b.Mean) && closeTo(a.SD, b.SD) && closeTo(a.RSD, b.RSD)
}

func closeTo(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}
