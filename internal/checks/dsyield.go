package checks

import (
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// Where a process has drug product steps, a lot's yield runs to the final
// container and 3.2.S.2.5 states the lots' drug substance yields instead:
// a lot without one drops out of the drug substance statistics, and one
// below the final yield says the drug product steps made product.

func drugSubstanceYieldFamily() family {
	return family{
		rules: []Rule{
			{"YB-05", diag.Warning, "Where the process has drug product steps, every lot with a yield to the final container gives its drug substance yield, in the same unit and not below it; where it has none, a drug substance yield a lot gives is its yield."},
		},
		check: checkDrugSubstanceYields,
	}
}

func checkDrugSubstanceYields(r *reporter) {
	pr, b := r.p.Process, r.p.Batches
	if pr == nil || b == nil {
		return
	}
	if !pr.HasDrugProductSteps() {
		checkDrugSubstanceYieldsUnused(r, b)
		return
	}
	dp := strings.Join(pr.DrugProduct().StepIDs(), ", ")
	last := ""
	if ds := pr.DrugSubstance().StepIDs(); len(ds) > 0 {
		last = ds[len(ds)-1]
	}
	k := model.KindBatches
	for i, l := range b.Lots {
		if l == nil || !l.Yield.Valid() {
			continue
		}
		dsy := l.DrugSubstanceYield
		switch {
		case !dsy.Valid():
			r.warnf(k, "YB-05", ptr("lots", i, "yield"), "lot %s gives its yield to the final container (%s) but no drug_substance_yield; the process continues after the drug substance with drug product steps (%s), so 3.2.S.2.5 leaves the lot out of the drug substance yields: add drug_substance_yield, the yield at the end of step %s", l.Lot, l.Yield.Text(), dp, last)
		case dsy.Unit != l.Yield.Unit:
			r.warnf(k, "YB-05", ptr("lots", i, "drug_substance_yield", "unit"), "lot %s gives its drug substance yield in %q and its yield to the final container in %q; give both in one unit so they can be compared", l.Lot, dsy.Unit, l.Yield.Unit)
		case dsy.Value.Float() < l.Yield.Value.Float():
			r.warnf(k, "YB-05", ptr("lots", i, "drug_substance_yield"), "lot %s: the drug substance yield (%s) is below the yield to the final container (%s), but the drug product steps (%s) cannot add product; check which of the two figures is the drug substance's", l.Lot, dsy.Text(), l.Yield.Text(), dp)
		}
	}
}

// checkDrugSubstanceYieldsUnused reports, for a process without drug
// product steps, a lot whose drug substance yield is not its yield: the
// documents print yield as the drug substance's, and the other figure
// would be left out unseen.
func checkDrugSubstanceYieldsUnused(r *reporter, b *model.Batches) {
	for i, l := range b.Lots {
		if l == nil || !l.DrugSubstanceYield.Valid() {
			continue
		}
		if l.Yield.Valid() && l.Yield.Unit == l.DrugSubstanceYield.Unit && l.Yield.Value.Float() == l.DrugSubstanceYield.Value.Float() {
			continue
		}
		r.warnf(model.KindBatches, "YB-05", ptr("lots", i, "drug_substance_yield"), "lot %s gives a drug substance yield (%s), but the process has no drug product steps, so its yield (%s) is the drug substance yield and the documents print that one; drop drug_substance_yield, or mark the steps after the drug substance \"stage\": \"drug_product\"", l.Lot, l.DrugSubstanceYield.Text(), yieldText(l.Yield))
	}
}

func yieldText(q model.Quantity) string {
	if !q.Valid() {
		return "not given"
	}
	return q.Text()
}
