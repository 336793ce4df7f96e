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
			{"YB-04", diag.Error, "No step yield exceeds 105 %; a step's product_in and product_out are in the same unit and product_in is positive."},
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

// massKey is the member a step's product mass is written under: the old
// igg_in/igg_out when the file uses them, so positions point at the text
// the writer sees.
func massKey(s *model.Step, dir string) string {
	old := s.IgGIn
	if dir == "out" {
		old = s.IgGOut
	}
	if old.Valid() && !(dir == "in" && s.ProductIn != old || dir == "out" && s.ProductOut != old) {
		return "igg_" + dir
	}
	return "product_" + dir
}

func checkProcessYields(r *reporter, pr *model.Process) {
	k := model.KindProcess
	usable := true // every step yield can be computed
	label := pr.YieldLabel()
	for i, s := range pr.Steps {
		if s == nil {
			usable = false
			continue
		}
		if !s.HasMassBalance() {
			continue
		}
		in, out := massKey(s, "in"), massKey(s, "out")
		if s.ProductIn.Unit != s.ProductOut.Unit {
			r.errorf(k, "YB-04", ptr("steps", i, out, "unit"), "step %s: %s is in %s but %s in %s; give both in the same unit so the step yield can be computed", s.ID, in, s.ProductIn.Unit, out, s.ProductOut.Unit)
			usable = false
			continue
		}
		if s.ProductIn.Value.Float() <= 0 {
			r.errorf(k, "YB-04", ptr("steps", i, in, "value"), "step %s: %s is %s; a step yield needs %s entering the step", s.ID, in, quantity(s.ProductIn), label)
			usable = false
			continue
		}
		if y := s.Yield(); y > maxStepYield {
			r.errorf(k, "YB-04", ptr("steps", i, out, "value"), "step %s yields %s %% (%s out of %s in); more than %s %% cannot be explained by assay variability", s.ID, fixed(y, 1), quantity(s.ProductOut), quantity(s.ProductIn), fixed(maxStepYield, 0))
		}
	}
	checkBalance(r, pr)
	d := pr.DeclaredOverallYield
	if !d.Valid() || !usable || pr.YieldFrom() == nil {
		return
	}
	checkDeclared(r, k, d, pr.OverallYield(), "the product of the step yields (product_out/product_in)")
}

// checkBalance is YB-03: product cannot appear between steps, and should
// not vanish unaccounted.
func checkBalance(r *reporter, pr *model.Process) {
	k := model.KindProcess
	label := pr.YieldLabel()
	first := pr.YieldFrom()
	if first != nil && first.Index == 0 {
		if have, ok := startingMass(pr.StartingMaterial); ok {
			if in, ok := grams(first.ProductIn); ok {
				sm := pr.StartingMaterial
				f, _ := massFactor(first.ProductIn.Unit)
				balance(r, ptr("steps", 0, massKey(first, "in"), "value"), in, have, first.ProductIn,
					"step "+first.ID+" takes in "+quantity(first.ProductIn)+" "+label,
					"the starting material holds "+withUnit(fixed(have/f, first.ProductIn.Value.Decimals()), first.ProductIn.Unit)+" ("+quantity(sm.Concentration)+" × "+quantity(sm.Volume)+")")
			}
		}
	}
	for i := 1; i < len(pr.Steps); i++ {
		prev, s := pr.Steps[i-1], pr.Steps[i]
		if prev == nil || s == nil || !prev.HasMassBalance() || !s.HasMassBalance() {
			continue
		}
		inKey := massKey(s, "in")
		out, ok1 := grams(prev.ProductOut)
		in, ok2 := grams(s.ProductIn)
		if !ok1 || !ok2 {
			if prev.ProductOut.Unit != s.ProductIn.Unit {
				r.errorf(k, "YB-03", ptr("steps", i, inKey, "unit"), "step %s takes in %s but step %s gives out %s; these units cannot be balanced — give both as a mass (g or kg)", s.ID, quantity(s.ProductIn), prev.ID, quantity(prev.ProductOut))
				continue
			}
			out, in = prev.ProductOut.Value.Float(), s.ProductIn.Value.Float()
		}
		balance(r, ptr("steps", i, inKey, "value"), in, out, s.ProductIn,
			"step "+s.ID+" takes in "+quantity(s.ProductIn)+" "+label,
			"step "+prev.ID+" gave out "+quantity(prev.ProductOut))
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
	c, ok1 := conc[sm.Concentration.Unit]
	v, ok2 := vol[sm.Volume.Unit]
	if !ok1 || !ok2 || !sm.Concentration.Valid() || !sm.Volume.Valid() {
		return 0, false
	}
	return sm.Concentration.Value.Float() * c * sm.Volume.Value.Float() * v, true
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
