package checks

import (
	"math"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/stats"
)

// The batch formula of 3.2.P.3.2 states the quantity of each component in
// one batch; a reviewer adds the column and expects the batch size. The
// drug product lots and PPQ batches name the drug substance lot they were
// filled from; a lot that batches.json does not hold breaks the genealogy
// 3.2.P.5.4 and 3.2.P.3.5 print.

// batchFormulaTolerance is how far, relative to the batch size, the sum of
// the component quantities may lie from it: the rounding of three or four
// quantities written to grams in a batch of hundreds of kilograms.
const batchFormulaTolerance = 0.001

func drugProductFamily() family {
	return family{
		rules: []Rule{
			{"BF-01", diag.Error, "The quantities of the drug product batch formula are masses and add up to the batch size (within 0.1 %)."},
			{"BF-02", diag.Error, "Every drug product lot and PPQ batch names a drug substance lot that batches.json holds, and every presentation the fill names exists."},
			{"SP-05", diag.Error, "A shelf-life criterion of the drug product specification names one of its tests (error) and is no narrower than the release criterion (warning)."},
		},
		check: checkDrugProduct,
	}
}

func checkDrugProduct(r *reporter) {
	d := r.p.DrugProduct
	if d == nil {
		return
	}
	k := model.KindDrugProduct
	f := d.BatchFormula
	size, sizeOK := model.Kilograms(f.BatchSize)
	if !sizeOK {
		r.errorf(k, "BF-01", ptr("batch_formula", "batch_size", "unit"), "the batch size is given in %q; give it as a mass in kg or g so the batch formula can be added up", f.BatchSize.Unit)
	}
	allMass := true
	for i, c := range f.Components {
		if c == nil {
			continue
		}
		if _, ok := model.Kilograms(c.Quantity); !ok {
			allMass = false
			r.errorf(k, "BF-01", ptr("batch_formula", "components", i, "quantity", "unit"), "batch formula: %s is given in %q; give every quantity as a mass in kg or g", c.Component, c.Quantity.Unit)
		}
	}
	if sizeOK && allMass && size > 0 {
		total, _ := f.Total()
		if math.Abs(total-size) > batchFormulaTolerance*size {
			r.errorf(k, "BF-01", ptr("batch_formula", "batch_size"), "the batch formula adds up to %s kg, but the batch size is %s; correct a component quantity or the batch size (they may differ by %s %%)",
				stats.Format(total, 3), f.BatchSize.Text(), stats.Format(100*batchFormulaTolerance, 1))
		}
	}
	for i, u := range f.Fill {
		if u != nil && d.Presentation(u.Presentation) == nil {
			r.errorf(k, "BF-02", ptr("batch_formula", "fill", i, "presentation"), "the fill names presentation %q, which is not among the presentations%s", u.Presentation, hint(u.Presentation, presentationIDs(d)))
		}
	}
	checkShelfLife(r, d)
	if r.p.Batches == nil {
		return
	}
	held := map[string]bool{}
	var lots []string
	for _, l := range r.p.Batches.Lots {
		if l != nil {
			held[key(l.Lot)] = true
			lots = append(lots, l.Lot)
		}
	}
	for i, l := range d.Lots {
		if l != nil && l.StartingMaterialLot != "" && !held[key(l.StartingMaterialLot)] {
			r.errorf(k, "BF-02", ptr("lots", i, "starting_material_lot"), "drug product lot %s was filled from drug substance lot %q, which batches.json does not hold%s", l.Lot, l.StartingMaterialLot, hint(l.StartingMaterialLot, lots))
		}
	}
	for i, b := range d.ProcessValidation.PPQ {
		if b != nil && !held[key(b.DrugSubstanceLot)] {
			r.errorf(k, "BF-02", ptr("process_validation", "ppq", i, "drug_substance_lot"), "PPQ batch %s was filled from drug substance lot %q, which batches.json does not hold%s", b.Lot, b.DrugSubstanceLot, hint(b.DrugSubstanceLot, lots))
		}
	}
}

func presentationIDs(d *model.DrugProduct) []string {
	var out []string
	for _, p := range d.Presentations {
		if p != nil {
			out = append(out, strings.TrimSpace(p.ID))
		}
	}
	return out
}

// checkShelfLife compares each shelf-life criterion with the release
// criterion of its test: a product released at the shelf-life limit would
// leave no room for change on storage, so release is the tighter of the
// two (CHECKS.md SP-05).
func checkShelfLife(r *reporter, d *model.DrugProduct) {
	spec := d.Specification
	if spec == nil {
		return
	}
	k := model.KindDrugProduct
	var tests []string
	for _, t := range spec.Tests {
		if t != nil {
			tests = append(tests, t.ID)
		}
	}
	for i, sl := range spec.ShelfLife {
		if sl == nil {
			continue
		}
		t := spec.Test(sl.Test)
		if t == nil {
			r.errorf(k, "SP-05", ptr("specification", "shelf_life", i, "test"), "a shelf-life criterion is given for test %q, which the drug product specification does not define%s", sl.Test, hint(sl.Test, tests))
			continue
		}
		if narrower(sl.Criterion, t.Criterion) {
			r.warnf(k, "SP-05", ptr("specification", "shelf_life", i, "criterion"), "test %s: the shelf-life criterion is narrower than the release criterion; release must be at least as tight as shelf life", t.ID)
		}
	}
}

// narrower reports whether shelf-life criterion sl admits less than
// release criterion rel; criteria of different types are not compared.
func narrower(sl, rel model.Criterion) bool {
	if sl.Type != rel.Type {
		return false
	}
	f := func(n *model.Number) (float64, bool) {
		if n == nil {
			return 0, false
		}
		return n.Float(), true
	}
	switch sl.Type {
	case "nlt", "gt":
		a, ok1 := f(sl.Value)
		b, ok2 := f(rel.Value)
		return ok1 && ok2 && a > b
	case "nmt", "lt", "titre_max":
		a, ok1 := f(sl.Value)
		b, ok2 := f(rel.Value)
		return ok1 && ok2 && a < b
	case "range":
		lo1, ok1 := f(sl.Low)
		hi1, ok2 := f(sl.High)
		lo2, ok3 := f(rel.Low)
		hi2, ok4 := f(rel.High)
		return ok1 && ok2 && ok3 && ok4 && (lo1 > lo2 || hi1 < hi2)
	}
	return false
}
