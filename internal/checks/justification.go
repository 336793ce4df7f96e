package checks

import (
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// 3.2.S.4.5 computes its statistics from the lots justification.json
// names as clinical; a lot the batch data do not hold would silently drop
// out of them, and the document would claim clinical experience it cannot
// show (CHECKS.md SP-05: the justification cites data ranges that include
// all batch results). A test the specification lacks would be justified
// nowhere.

func justificationFamily() family {
	return family{
		rules: []Rule{
			{"SJ-01", diag.Error, "Every lot the justification of the specification cites is a lot of batches.json."},
			{"SJ-02", diag.Error, "The justification names the specification of specification.json (error) and only its tests (warning), each once (error)."},
		},
		check: checkJustification,
	}
}

func checkJustification(r *reporter) {
	j := r.p.Justification
	if j == nil {
		return
	}
	k := model.KindJustification
	if b := r.p.Batches; b != nil {
		held := map[string]bool{}
		var lots []string
		for _, l := range b.Lots {
			if l != nil {
				held[key(l.Lot)] = true
				lots = append(lots, l.Lot)
			}
		}
		for i, lot := range j.ClinicalLots {
			if !held[key(lot)] {
				r.errorf(k, "SJ-01", ptr("clinical_lots", i), "the justification cites clinical lot %q, which batches.json does not hold, so its results cannot enter the statistics; add the lot's results to batches.json or remove it%s", lot, hint(lot, lots))
			}
		}
	}
	spec := r.p.Specification
	if spec == nil {
		return
	}
	if j.Specification != spec.ID {
		r.errorf(k, "SJ-02", ptr("specification"), "the justification is for specification %q, but specification.json defines %q%s", j.Specification, spec.ID, hint(j.Specification, []string{spec.ID}))
	}
	var tests []string
	for _, t := range spec.Tests {
		if t != nil {
			tests = append(tests, t.ID)
		}
	}
	seen := map[string]int{}
	for i, t := range j.Tests {
		if t == nil {
			continue
		}
		if spec.Test(t.Test) == nil {
			// Nothing false is printed (3.2.S.4.5 follows the
			// specification's tests), so a left-over entry, as after a test
			// is removed, is a warning.
			r.warnf(k, "SJ-02", ptr("tests", i, "test"), "the justification names test %q, which specification %s does not define; remove the entry or correct the test id%s", t.Test, spec.ID, hint(t.Test, tests))
			continue
		}
		if at, dup := seen[t.Test]; dup {
			r.errorf(k, "SJ-02", ptr("tests", i, "test"), "test %s is justified twice (first at %s); merge the two entries", t.Test, r.where(k, ptr("tests", at, "test")))
		}
		seen[t.Test] = i
	}
}
