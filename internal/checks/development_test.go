package checks

import "github.com/regdoc/regdoc/internal/model"

const devel = model.KindDevelopment

func developmentRuleCases() []ruleCase {
	return []ruleCase{
		{rule: "DV-01", name: "a change to a step the process lacks",
			edits: []edit{{devel, `"steps": ["P5"],`, `"steps": ["P5b"],`}},
			want: []want{{code: "DV-01", kind: devel, pointer: "/changes/1/steps/0", at: `"steps": [»"P5b"]`,
				msgs: []string{`change PC-02 names step "P5b", which the process does not have`}}}},
		{rule: "DV-01", name: "a change cites a lot the batch data lack",
			edits: []edit{{devel, `"risk": "low",
      "evidence": "Three pilot lots`, `"risk": "low",
      "lots_before": ["RGX-23-P01"],
      "lots_after": ["RGX-24-001"],
      "evidence": "Three pilot lots`}},
			want: []want{{code: "DV-01", kind: devel, pointer: "/changes/1/lots_before/0", at: `"lots_before": [»"RGX-23-P01"]`,
				msgs: []string{`change PC-02 cites lot "RGX-23-P01", which batches.json does not hold`}}}},
		{rule: "DV-01", name: "lots the batch data hold",
			edits: []edit{{devel, `"risk": "low",
      "evidence": "Three pilot lots`, `"risk": "low",
      "lots_before": ["RGX-24-001"],
      "lots_after": ["rgx-24-002", "RGX-24-003"],
      "evidence": "Three pilot lots`}}},
	}
}
