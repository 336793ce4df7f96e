package checks

import (
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// The drug substance documents (3.2.S.2) describe the process up to the
// drug substance and 3.2.P.3.3 the steps after it. A drug substance step
// after a drug product step would be described in neither place as part of
// a continuous process, and the drug substance yield would skip a step.

func stageFamily() family {
	return family{
		rules: []Rule{
			{"PR-11", diag.Error, "Drug product steps (stage drug_product) come after every drug substance step."},
		},
		check: checkStages,
	}
}

func checkStages(r *reporter) {
	pr := r.p.Process
	if pr == nil {
		return
	}
	var firstDP *model.Step
	for i, s := range pr.Steps {
		if s == nil {
			continue
		}
		if s.IsDrugProduct() {
			if firstDP == nil {
				firstDP = s
			}
			continue
		}
		if firstDP != nil {
			r.errorf(model.KindProcess, "PR-11", ptr("steps", i), "step %s is a drug substance step but comes after drug product step %s; mark it \"stage\": \"drug_product\" or move the drug product steps to the end of the process", s.ID, firstDP.ID)
		}
	}
}
