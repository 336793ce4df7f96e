package checks

import (
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// A virus reduction that counts towards the claimed total is only as good
// as the control of the step that achieves it (CHECKS.md PR-03): every
// parameter of such a step must be a CPP, held within a proven acceptable
// range. (The second half of PR-03 — the PAR inside the range tested at
// laboratory scale — needs the tested ranges, which the viral clearance
// data do not record yet.)

func claimedStepFamily() family {
	return family{
		rules: []Rule{
			{"PR-03", diag.Error, "Every parameter of a step whose virus reduction is claimed is classified CPP."},
		},
		check: checkClaimedSteps,
	}
}

func checkClaimedSteps(r *reporter) {
	pr, v := r.p.Process, r.p.ViralClearance
	if pr == nil || v == nil {
		return
	}
	// The first claimed study of each step, in file order, is named in
	// the message.
	claimedBy := map[string]string{}
	for _, s := range v.Studies {
		if s == nil || !s.Claimed {
			continue
		}
		for _, id := range s.Steps {
			if _, seen := claimedBy[id]; !seen {
				claimedBy[id] = s.ID
			}
		}
	}
	for i, st := range pr.Steps {
		if st == nil {
			continue
		}
		study, claimed := claimedBy[st.ID]
		if !claimed {
			continue
		}
		for j, q := range st.Parameters {
			if q == nil || q.Criticality == "CPP" {
				continue
			}
			r.errorf(model.KindProcess, "PR-03", ptr("steps", i, "parameters", j, "criticality"),
				"parameter %s (%s) of step %s is %s, but the step's virus reduction is claimed (study %s); a parameter of a claimed virus-reduction step must be a CPP with a PAR",
				q.ID, q.Name, st.ID, q.Criticality, study)
		}
	}
}
