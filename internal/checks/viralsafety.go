package checks

import (
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// 3.2.A.2 prints what the viral clearance data hold; these rules see that
// they hold what a reviewer looks for there: why a value is not counted,
// and, for a plasma product, the margin against parvovirus B19, which the
// process barely inactivates and the pools are tested for (CHECKS.md
// VC-13).

func viralSafetyFamily() family {
	return family{
		rules: []Rule{
			{"VC-13", diag.Warning, "A plasma product whose panel has a non-enveloped virus gives the data of its B19 safety margin (plasma_safety), and the margin's model virus is in the panel."},
			{"VC-14", diag.Warning, "A study not counted towards the claimed total says why (note)."},
		},
		check: checkViralSafety,
	}
}

func checkViralSafety(r *reporter) {
	v := r.p.ViralClearance
	if v == nil {
		return
	}
	k := model.KindViralClearance
	for i, s := range v.Studies {
		if s != nil && !s.Claimed && strings.TrimSpace(string(s.Note)) == "" {
			r.warnf(k, "VC-14", ptr("studies", i, "claimed"), "study %s (%s, %s) is not counted towards the total and gives no reason; 3.2.A.2 prints the reason beside \"(nc)\" — add a note (e.g. \"Not claimed: 0.7 log is not above 1 log\")", s.ID, s.StepKey(), s.Virus)
		}
	}
	ps := v.PlasmaSafety
	if ps != nil {
		for _, x := range v.Viruses {
			if x != nil && key(x.ID) == key(ps.ModelVirus) {
				return
			}
		}
		r.warnf(k, "VC-13", ptr("plasma_safety", "model_virus"), "plasma_safety names model virus %q, which is not in the virus panel%s; the margin needs its claimed reduction", ps.ModelVirus, hint(ps.ModelVirus, virusIDs(v)))
		return
	}
	pr := r.p.Process
	if pr == nil || !pr.StartingMaterial.IsPlasma() {
		return
	}
	for _, x := range v.Viruses {
		if x != nil && !x.Enveloped && x.Genome == "DNA" {
			r.warnf(k, "VC-13", "", "the process starts from plasma and the panel models a non-enveloped DNA virus (%s), but the file gives no plasma_safety: 3.2.A.2 cannot state the B19 safety margin (pool limit × plasma per dose against the claimed reduction of %s)", x.ID, x.ID)
			return
		}
	}
}

func virusIDs(v *model.ViralClearance) []string {
	var ids []string
	for _, x := range v.Viruses {
		if x != nil {
			ids = append(ids, x.ID)
		}
	}
	return ids
}
