package checks

import (
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

const justif = model.KindJustification

func justificationRuleCases() []ruleCase {
	return []ruleCase{
		{rule: "SJ-01", name: "a clinical lot the batch data do not hold",
			edits: []edit{{justif, `"clinical_lots": ["RGX-24-001", "RGX-24-002"]`, `"clinical_lots": ["RGX-24-001", "RGX-23-002"]`}},
			want: []want{{code: "SJ-01", kind: justif, pointer: "/clinical_lots/1", at: `"RGX-24-001", »"RGX-23-002"`,
				msgs: []string{`the justification cites clinical lot "RGX-23-002", which batches.json does not hold`, "(known: RGX-24-001, RGX-24-002, RGX-24-003)"}}}},
		{rule: "SJ-01", name: "lot ids compare ignoring case",
			edits: []edit{{justif, `"clinical_lots": ["RGX-24-001", "RGX-24-002"]`, `"clinical_lots": ["rgx-24-001", "RGX-24-002"]`}}},
		{rule: "SJ-01", name: "a lot removed from the batch data leaves the citation dangling",
			edits: []edit{{batch, `"lot": "RGX-24-002"`, `"lot": "RGX-24-004"`}},
			want: []want{
				{code: "SJ-01", kind: justif, pointer: "/clinical_lots/1", at: `"RGX-24-001", »"RGX-24-002"`, msgs: []string{`clinical lot "RGX-24-002"`}},
				{code: "BF-02", kind: dprod, pointer: "/process_validation/ppq/1/drug_substance_lot", at: `"drug_substance_lot": »"RGX-24-002"`, msgs: []string{"PPQ batch RGX-24-002-F"}},
				{code: "BF-02", kind: dprod, pointer: "/lots/1/starting_material_lot", at: `"starting_material_lot": »"RGX-24-002"`, msgs: []string{"drug product lot RGX-24-002-F"}},
			}},
		{rule: "SJ-02", name: "a test the specification lacks",
			edits: []edit{{justif, `{ "test": "igm",`, `{ "test": "igm-elisa",`}},
			want: []want{{code: "SJ-02", sev: diag.Warning, kind: justif, pointer: "/tests/6/test", at: `{ "test": »"igm-elisa"`,
				msgs: []string{`the justification names test "igm-elisa", which specification SPEC-RGX-IVIG-DS does not define`}}}},
		{rule: "SJ-02", name: "a test justified twice",
			edits: []edit{{justif, `{ "test": "anti-b",`, `{ "test": "anti-a",`}},
			want: []want{{code: "SJ-02", kind: justif, pointer: "/tests/11/test", at: "\n    { \"test\": »\"anti-a\", \"compendial\": \"Ph. Eur. 0918 / 2.6.20: titre not more than 1:64\", \"safety\": \"As for",
				msgs: []string{"test anti-a is justified twice (first at line"}}}},
		{rule: "SJ-02", name: "another specification",
			edits: []edit{{justif, `"specification": "SPEC-RGX-IVIG-DS"`, `"specification": "SPEC-RGX-IVIG-DP"`}},
			want: []want{{code: "SJ-02", kind: justif, pointer: "/specification", at: `"specification": »"SPEC-RGX-IVIG-DP"`,
				msgs: []string{`the justification is for specification "SPEC-RGX-IVIG-DP", but specification.json defines "SPEC-RGX-IVIG-DS"`}}}},
	}
}
