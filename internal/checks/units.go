package checks

import (
	"fmt"
	"slices"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// Units and numbers: a limit without a unit cannot be printed or compared,
// a reversed range accepts nothing, and a table column whose values carry
// different numbers of decimals suggests a transcription slip.

func unitFamily() family {
	return family{
		rules: []Rule{
			{"UN-02", diag.Error, "A criterion that judges numbers states their unit: range, nlt, nmt, lt and gt always; report when its results are numbers."},
			{"UN-05", diag.Warning, "Results of one test are written with the same number of decimals in every lot."},
			{"UN-06", diag.Error, "Ranges are ordered low ≤ high (NOR, PAR, criteria, virus size), and each criterion has exactly the bounds its type needs."},
		},
		check: checkUnits,
	}
}

func checkUnits(r *reporter) {
	p := r.p
	if pr := p.Process; pr != nil {
		k := model.KindProcess
		for i, s := range pr.Steps {
			if s == nil {
				continue
			}
			for j, q := range s.Parameters {
				if q == nil {
					continue
				}
				checkOrder(r, k, ptr("steps", i, "parameters", j, "nor"), fmt.Sprintf("parameter %s: NOR", q.ID), q.NOR, q.Unit)
				if q.PAR != nil {
					checkOrder(r, k, ptr("steps", i, "parameters", j, "par"), fmt.Sprintf("parameter %s: PAR", q.ID), *q.PAR, q.Unit)
				}
			}
			for j, c := range s.IPCs {
				if c != nil {
					checkCriterion(r, k, ptr("steps", i, "ipcs", j, "criterion"), "in-process control "+c.ID, c.Criterion)
				}
			}
		}
	}
	if s := p.Specification; s != nil {
		for i, t := range s.Tests {
			if t != nil {
				checkCriterion(r, model.KindSpecification, ptr("tests", i, "criterion"), "test "+t.ID, t.Criterion)
			}
		}
		checkReportUnits(r)
	}
	if v := p.ViralClearance; v != nil {
		for i, x := range v.Viruses {
			if x != nil {
				checkOrder(r, model.KindViralClearance, ptr("viruses", i, "size_nm"), fmt.Sprintf("virus %s: size", x.ID), x.SizeNM, "nm")
			}
		}
	}
	if b := p.Batches; b != nil {
		checkDecimals(r, b)
	}
}

func checkOrder(r *reporter, kind, pointer, what string, rg model.Range, unit string) {
	if !ordered(rg) {
		r.errorf(kind, "UN-06", pointer, "%s runs from %s down to %s; write the lower bound as low", what, withUnit(rg.Low.String(), unit), withUnit(rg.High.String(), unit))
	}
}

// criterionComplete reports whether Evaluate can judge results against c
// without missing a bound; incomplete criteria are reported by UN-06 and
// not evaluated.
func criterionComplete(c model.Criterion) bool {
	switch c.Type {
	case "range":
		return c.Low != nil && c.High != nil
	case "nlt", "nmt", "lt", "gt", "titre_max":
		return c.Value != nil
	case "text":
		return c.Text != ""
	case "report":
		return true
	}
	return false
}

// needsUnit lists the criterion types whose limits are numbers with a unit.
func needsUnit(t string) bool {
	switch t {
	case "range", "nlt", "nmt", "lt", "gt":
		return true
	}
	return false
}

// checkCriterion checks UN-06 (bounds fit the type and are ordered) and the
// unit part of UN-02 for one criterion.
func checkCriterion(r *reporter, kind, pointer, what string, c model.Criterion) {
	switch c.Type {
	case "range":
		switch {
		case c.Low == nil || c.High == nil:
			r.errorf(kind, "UN-06", pointer, "%s: a range criterion needs both low and high", what)
		case c.Low.Float() > c.High.Float():
			r.errorf(kind, "UN-06", pointer, "%s: criterion runs from %s down to %s; write the lower limit as low", what, withUnit(c.Low.String(), c.Unit), withUnit(c.High.String(), c.Unit))
		}
		if c.Value != nil {
			r.errorf(kind, "UN-06", pointer+"/value", "%s: a range criterion takes low and high, not value %s", what, c.Value.String())
		}
	case "nlt", "nmt", "lt", "gt", "titre_max":
		if c.Value == nil {
			r.errorf(kind, "UN-06", pointer, "%s: a %s criterion needs its limit as value", what, c.Type)
		}
		// A one-sided limit with a second bound is ambiguous: which one is
		// printed, which one applies?
		for _, b := range []struct {
			name string
			n    *model.Number
		}{{"low", c.Low}, {"high", c.High}} {
			if b.n != nil {
				r.errorf(kind, "UN-06", pointer+"/"+b.name, "%s: a %s criterion has exactly one limit (value), but %s %s is given as well", what, c.Type, b.name, b.n.String())
			}
		}
	}
	if needsUnit(c.Type) && c.Unit == "" {
		r.errorf(kind, "UN-02", pointer, "%s: criterion %s gives no unit, so it can be neither printed nor compared", what, criterionText(c))
	}
}

// checkReportUnits finds "report" tests whose results are numbers but whose
// criterion names no unit: the batch table would print bare numbers.
func checkReportUnits(r *reporter) {
	s := r.specFor()
	if s == nil {
		return
	}
	for i, t := range s.Tests {
		if t == nil || t.Criterion.Type != "report" || t.Criterion.Unit != "" {
			continue
		}
		for _, l := range r.p.Batches.Lots {
			if l == nil {
				continue
			}
			if res := l.Result(t.ID); res != nil && res.Value != nil {
				r.errorf(model.KindSpecification, "UN-02", ptr("tests", i, "criterion"), "test %s reports numbers (lot %s: %s) but its criterion gives no unit; add the unit the results are in", t.ID, l.Lot, resultText(res, ""))
				break
			}
		}
	}
}

// checkDecimals checks UN-05 on plain numeric results (a "<" result carries
// the method's LOQ, whose precision is the method's, not the lot's).
func checkDecimals(r *reporter, b *model.Batches) {
	type cell struct {
		lot, res int
		dec      int
	}
	byTest := map[string][]cell{}
	var order []string
	for i, l := range b.Lots {
		if l == nil {
			continue
		}
		for j, res := range l.Results {
			if res == nil || res.Value == nil || res.Qualifier != "" {
				continue
			}
			if _, ok := byTest[res.Test]; !ok {
				order = append(order, res.Test)
			}
			byTest[res.Test] = append(byTest[res.Test], cell{i, j, res.Value.Decimals()})
		}
	}
	spec := r.specFor()
	for _, test := range order {
		cells := byTest[test]
		// A precision the specification declares for the test is the one
		// every result must be written with.
		if spec != nil {
			if t := spec.Test(test); t != nil && t.Decimals != nil {
				for _, c := range cells {
					if c.dec != *t.Decimals {
						l := b.Lots[c.lot]
						r.warnf(model.KindBatches, "UN-05", ptr("lots", c.lot, "results", c.res, "value"), "lot %s test %s: %s is written with %s, but specification %s reports this test with %s", l.Lot, test, l.Results[c.res].Value.String(), diag.Plural(c.dec, "decimal"), spec.ID, diag.Plural(*t.Decimals, "decimal"))
					}
				}
				continue
			}
		}
		// The most common precision is taken as the intended one; a tie
		// goes to the precision the first lot uses.
		count := map[int]int{}
		for _, c := range cells {
			count[c.dec]++
		}
		want := cells[0].dec
		for _, c := range cells {
			if count[c.dec] > count[want] {
				want = c.dec
			}
		}
		ref := cells[slices.IndexFunc(cells, func(c cell) bool { return c.dec == want })]
		refVal := b.Lots[ref.lot].Results[ref.res].Value.String()
		for _, c := range cells {
			if c.dec == want {
				continue
			}
			l := b.Lots[c.lot]
			r.warnf(model.KindBatches, "UN-05", ptr("lots", c.lot, "results", c.res, "value"), "lot %s test %s: %s is written with %s, but %d of %d lots use %s (e.g. %s in lot %s); one table column should have one precision", l.Lot, test, l.Results[c.res].Value.String(), diag.Plural(c.dec, "decimal"), count[want], len(cells), diag.Plural(want, "decimal"), refVal, b.Lots[ref.lot].Lot)
		}
	}
}
