package checks

import (
	"math"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/stats"
)

// Yields are what the patent exhibit argues with (about 75 % against about
// 45 %), so the declared figures must be the ones the step data give, and
// the step data must balance: product leaves one step and enters the next.

// Tolerances from CHECKS.md YB-01, YB-03 and YB-04.
const (
	// yieldTolerance is how far a declared overall yield may be from the
	// product of the step yields, in percentage points.
	yieldTolerance = 0.5
	// balanceTolerance is the unexplained loss between two steps, as a
	// fraction of the product leaving the first, above which YB-03 warns.
	balanceTolerance = 0.005
	// maxStepYield is 100 % plus assay variability, in percent.
	maxStepYield = 105.0
)

func yieldFamily() family {
	return family{
		rules: []Rule{
			{"YB-01", diag.Error, "A declared overall yield (process and comparator) equals the product of the step yields within 0.5 percentage points."},
			{"YB-03", diag.Error, "Product entering a step is what left the one before (or what the starting material holds): more is an error, a loss above 0.5 % a warning."},
			{"YB-04", diag.Error, "No step yield exceeds 105 %; a step's igg_in and igg_out are in the same unit and igg_in is positive."},
		},
		check: checkYields,
	}
}

// massFactor is how many grams one unit of a product mass is.
func massFactor(unit string) (float64, bool) {
	switch unit {
	case "g":
		return 1, true
	case "kg":
		return 1000, true
	}
	return 0, false
}

func checkYields(r *reporter) {
	if pr := r.p.Process; pr != nil {
		checkProcessYields(r, pr)
	}
	if c := r.p.Comparator; c != nil {
		checkComparatorYields(r, c)
	}
}

func checkProcessYields(r *reporter, pr *model.Process) {
	k := model.KindProcess
	usable := true // every step yield can be computed
	for i, s := range pr.Steps {
		if s == nil {
			usable = false
			continue
		}
		if s.IgGIn.Unit != s.IgGOut.Unit {
			r.errorf(k, "YB-04", ptr("steps", i, "igg_out", "unit"), "step %s: igg_in is in %s but igg_out in %s; give both in the same unit so the step yield can be computed", s.ID, s.IgGIn.Unit, s.IgGOut.Unit)
			usable = false
			continue
		}
		if s.IgGIn.Value.Float() <= 0 {
			r.errorf(k, "YB-04", ptr("steps", i, "igg_in", "value"), "step %s: igg_in is %s; a step yield needs product entering the step", s.ID, quantity(s.IgGIn))
			usable = false
			continue
		}
		if y := s.Yield(); y > maxStepYield {
			r.errorf(k, "YB-04", ptr("steps", i, "igg_out", "value"), "step %s yields %s %% (%s out of %s in); more than %s %% cannot be explained by assay variability", s.ID, fixed(y, 1), quantity(s.IgGOut), quantity(s.IgGIn), fixed(maxStepYield, 0))
		}
	}
	checkBalance(r, pr)
	d := pr.DeclaredOverallYield
	if !d.Valid() || !usable || len(pr.Steps) == 0 {
		return
	}
	checkDeclared(r, k, d, pr.OverallYield(), "the product of the step yields (igg_out/igg_in)")
}

// checkBalance is YB-03: product cannot appear between steps, and should
// not vanish unaccounted.
func checkBalance(r *reporter, pr *model.Process) {
	k := model.KindProcess
	if len(pr.Steps) > 0 && pr.Steps[0] != nil {
		first := pr.Steps[0]
		if have, ok := startingMass(pr.StartingMaterial); ok {
			if in, ok := grams(first.IgGIn); ok {
				sm := pr.StartingMaterial
				f, _ := massFactor(first.IgGIn.Unit)
				balance(r, ptr("steps", 0, "igg_in", "value"), in, have, first.IgGIn,
					"step "+first.ID+" takes in "+quantity(first.IgGIn)+" IgG",
					"the starting material holds "+withUnit(fixed(have/f, first.IgGIn.Value.Decimals()), first.IgGIn.Unit)+" ("+quantity(sm.IgGConcentration)+" × "+quantity(sm.PoolVolume)+")")
			}
		}
	}
	for i := 1; i < len(pr.Steps); i++ {
		prev, s := pr.Steps[i-1], pr.Steps[i]
		if prev == nil || s == nil {
			continue
		}
		out, ok1 := grams(prev.IgGOut)
		in, ok2 := grams(s.IgGIn)
		if !ok1 || !ok2 {
			if prev.IgGOut.Unit != s.IgGIn.Unit {
				r.errorf(k, "YB-03", ptr("steps", i, "igg_in", "unit"), "step %s takes in %s but step %s gives out %s; these units cannot be balanced — give both as a mass (g or kg)", s.ID, quantity(s.IgGIn), prev.ID, quantity(prev.IgGOut))
				continue
			}
			out, in = prev.IgGOut.Value.Float(), s.IgGIn.Value.Float()
		}
		balance(r, ptr("steps", i, "igg_in", "value"), in, out, s.IgGIn,
			"step "+s.ID+" takes in "+quantity(s.IgGIn)+" IgG",
			"step "+prev.ID+" gave out "+quantity(prev.IgGOut))
	}
}

// balance compares product entering (in) with product available (have),
// both in the same unit, and reports at pointer; q is the input as written,
// whose unit and decimals the differences are printed in.
func balance(r *reporter, pointer string, in, have float64, q model.Quantity, took, source string) {
	// Numbers are compared as written; the epsilon only absorbs the binary
	// rounding of a g/kg conversion.
	eps := 1e-9 * math.Max(math.Abs(have), 1)
	scale := 1.0
	if f, ok := massFactor(q.Unit); ok {
		scale = f
	}
	dec := q.Value.Decimals()
	switch {
	case in > have+eps:
		r.errorf(model.KindProcess, "YB-03", pointer, "%s, but %s: %s more, and product cannot appear between steps", took, source, withUnit(fixed((in-have)/scale, dec), q.Unit))
	case have > 0 && (have-in)/have > balanceTolerance+1e-12:
		r.warnf(model.KindProcess, "YB-03", pointer, "%s, but %s: %s (%s %%) is unaccounted for; record samples and side streams or correct the figure", took, source, withUnit(fixed((have-in)/scale, dec), q.Unit), fixed(100*(have-in)/have, 2))
	}
}

// grams converts a product mass to grams.
func grams(q model.Quantity) (float64, bool) {
	f, ok := massFactor(q.Unit)
	if !ok {
		return 0, false
	}
	return q.Value.Float() * f, true
}

// startingMass is the product in one pool, in grams, when concentration and
// volume are in units regdoc can multiply.
func startingMass(sm model.StartingMaterial) (float64, bool) {
	conc := map[string]float64{"g/L": 1, "mg/L": 1e-3, "µg/mL": 1e-3} // g per L
	vol := map[string]float64{"L": 1, "mL": 1e-3}                     // L
	c, ok1 := conc[sm.IgGConcentration.Unit]
	v, ok2 := vol[sm.PoolVolume.Unit]
	if !ok1 || !ok2 || !sm.IgGConcentration.Valid() || !sm.PoolVolume.Valid() {
		return 0, false
	}
	return sm.IgGConcentration.Value.Float() * c * sm.PoolVolume.Value.Float() * v, true
}

func checkComparatorYields(r *reporter, c *model.Comparator) {
	k := model.KindComparator
	for i, s := range c.Steps {
		if s == nil {
			// The model's yield table cannot skip a missing step; the
			// schema rejects one, so there is nothing left to check.
			return
		}
		if y := s.StepYield.Float(); y > maxStepYield {
			r.errorf(k, "YB-04", ptr("steps", i, "step_yield"), "comparator step %s yields %s %%; more than %s %% cannot be explained by assay variability", s.ID, s.StepYield.String(), fixed(maxStepYield, 0))
		}
	}
	if c.DeclaredOverallYield.Valid() && len(c.Steps) > 0 {
		checkDeclared(r, k, c.DeclaredOverallYield, c.OverallYield(), "the product of the comparator's step yields")
	}
}

// checkDeclared is YB-01: the declared figure is compared with the computed
// one rounded to one decimal, as the tables print it.
func checkDeclared(r *reporter, kind string, declared model.Quantity, computed float64, basis string) {
	p := ptr("declared_overall_yield", "value")
	if declared.Unit != "%" {
		r.errorf(kind, "YB-01", ptr("declared_overall_yield", "unit"), "declared overall yield %s must be a percentage of the product in the starting material, to be checked against %s (%s %%)", quantity(declared), basis, fixed(computed, 1))
		return
	}
	shown := stats.RoundHalfUp(computed, 1)
	if diff := math.Abs(declared.Value.Float() - shown); diff > yieldTolerance+1e-9 {
		r.errorf(kind, "YB-01", p, "declared overall yield %s differs from %s, %s %%, by %s percentage points (tolerance %s)", quantity(declared), basis, fixed(computed, 1), fixed(diff, 1), fixed(yieldTolerance, 1))
	}
}
