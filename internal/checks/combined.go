package checks

import (
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// A study of steps run together ("P3+P4") stands for what the steps
// achieve combined. When one of its own steps alone reduces the same virus
// more, the label misleads: the review found "P3+P4" at 0.4 log EMCV
// beside P3 alone at 3.1.

func combinedStudyFamily() family {
	return family{
		rules: []Rule{
			{"XF-06", diag.Error, "A study of combined steps reduces a virus at least as much as any of its steps studied alone."},
		},
		check: checkCombinedStudies,
	}
}

func checkCombinedStudies(r *reporter) {
	v := r.p.ViralClearance
	if v == nil {
		return
	}
	k := model.KindViralClearance
	for i, c := range v.Studies {
		if c == nil || len(c.Steps) < 2 || !c.ReportedLRV.Value.Valid() {
			continue
		}
		for j, s := range v.Studies {
			if s == nil || j == i || s.Virus != c.Virus || len(s.Steps) >= len(c.Steps) || !s.ReportedLRV.Value.Valid() {
				continue
			}
			if len(sharedSteps(c.Steps, s.Steps)) != len(s.Steps) {
				continue // not a part of the combined study
			}
			if c.ReportedLRV.Value.Float() < s.ReportedLRV.Value.Float() {
				r.errorf(k, "XF-06", ptr("studies", i, "reported_lrv", "value"),
					"study %s of steps %s reduces %s by %s log, less than study %s of step %s alone (%s log, at %s); a combined study cannot reduce less than its parts — relabel it with the steps it actually covers, or check the runs",
					c.ID, c.StepKey(), c.Virus, c.ReportedLRV.Value.String(), s.ID, s.StepKey(), s.ReportedLRV.Value.String(), r.at(k, ptr("studies", j, "reported_lrv", "value")))
			}
		}
	}
}
