package checks

import (
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

const dprod = model.KindDrugProduct

func drugProductRuleCases() []ruleCase {
	return []ruleCase{
		{rule: "BF-01", name: "the water for injections is 1 kg short",
			edits: []edit{{dprod, "\"value\": 278.493,", "\"value\": 277.493,"}},
			want: []want{{code: "BF-01", kind: dprod, pointer: "/batch_formula/batch_size", at: "\"batch_size\": »{",
				msgs: []string{"the batch formula adds up to 312.500 kg, but the batch size is 313.5 kg"}}}},
		{rule: "BF-01", name: "a quantity in litres cannot be added to masses",
			edits: []edit{{dprod, "\"value\": 278.493,\n          \"unit\": \"kg\"", "\"value\": 278.493,\n          \"unit\": \"L\""}},
			want: []want{{code: "BF-01", kind: dprod, pointer: "/batch_formula/components/2/quantity/unit", at: "\"value\": 278.493,\n          \"unit\": »\"L\"",
				msgs: []string{"batch formula: Water for injections is given in \"L\"; give every quantity as a mass"}}}},
		{rule: "BF-01", name: "glycine in grams adds up the same",
			edits: []edit{{dprod, "\"value\": 4.57,\n          \"unit\": \"kg\"", "\"value\": 4570,\n          \"unit\": \"g\""}}},
		{rule: "BF-01", name: "a difference within rounding is fine",
			edits: []edit{{dprod, "\"value\": 278.493,", "\"value\": 278.5,"}}},
		{rule: "BF-02", name: "a PPQ batch filled from a lot the batch data lack",
			edits: []edit{{dprod, "\"drug_substance_lot\": \"RGX-24-002\",", "\"drug_substance_lot\": \"RGX-24-020\","}},
			want: []want{{code: "BF-02", kind: dprod, pointer: "/process_validation/ppq/1/drug_substance_lot", at: "\"drug_substance_lot\": »\"RGX-24-020\"",
				msgs: []string{"PPQ batch RGX-24-002-F was filled from drug substance lot \"RGX-24-020\", which batches.json does not hold"}}}},
		{rule: "BF-02", name: "a drug product lot filled from an unknown lot",
			edits: []edit{{dprod, "\"starting_material_lot\": \"RGX-24-003\",", "\"starting_material_lot\": \"RGX-24-004\","}},
			want: []want{{code: "BF-02", kind: dprod, pointer: "/lots/2/starting_material_lot", at: "\"starting_material_lot\": »\"RGX-24-004\"",
				msgs: []string{"drug product lot RGX-24-003-F was filled from drug substance lot \"RGX-24-004\""}}}},
		{rule: "BF-02", name: "the fill names a presentation that does not exist",
			edits: []edit{{dprod, "\"presentation\": \"200ml\",", "\"presentation\": \"250ml\","}},
			want: []want{{code: "BF-02", kind: dprod, pointer: "/batch_formula/fill/2/presentation", at: "\"presentation\": »\"250ml\"",
				msgs: []string{"the fill names presentation \"250ml\", which is not among the presentations"}}}},
		{rule: "SP-05", name: "a shelf-life limit tighter than release",
			edits: []edit{{dprod, "\"value\": 3.0,\n          \"unit\": \"%\"", "\"value\": 1.5,\n          \"unit\": \"%\""}},
			want: []want{{code: "SP-05", sev: diag.Warning, kind: dprod, pointer: "/specification/shelf_life/1/criterion", at: "\"test\": \"aggregates\",\n        \"criterion\": »{",
				msgs: []string{"test aggregates: the shelf-life criterion is narrower than the release criterion"}},
				// The stability protocol still tests against 3.0 %.
				{code: "XF-09", kind: stab, pointer: "/attributes/1/criterion", at: `"method": "SEC-HPLC (3.2.P.5.2)", "criterion": »{ "type": "nmt", "value": 3.0`,
					msgs: []string{"is looser than specification SPEC-RGX-IVIG-DP's for test aggregates, ≤ 1.5 %"}}}},
		{rule: "SP-05", name: "a shelf-life criterion for an unknown test",
			edits: []edit{{dprod, "\"test\": \"fragments\",\n        \"criterion\"", "\"test\": \"fragment\",\n        \"criterion\""}},
			want: []want{{code: "SP-05", kind: dprod, pointer: "/specification/shelf_life/2/test", at: "\"test\": »\"fragment\",\n        \"criterion\"",
				msgs: []string{"a shelf-life criterion is given for test \"fragment\", which the drug product specification does not define"}},
				// Fragments are then held to release until the end of shelf life.
				{code: "XF-09", kind: stab, pointer: "/attributes/2/criterion", at: `"method": "SEC-HPLC (3.2.P.5.2)", "criterion": »{ "type": "nmt", "value": 5.0`,
					msgs: []string{"≤ 2.0 % at drug-product.json:242 (its release criterion"}}}},
		{rule: "SP-05", name: "a shelf-life limit equal to release",
			edits: []edit{{dprod, "\"value\": 3.0,\n          \"unit\": \"%\"", "\"value\": 2.0,\n          \"unit\": \"%\""},
				{stab, stabAggregates, `"criterion": { "type": "nmt", "value": 2.0, "unit": "%" }`}}},
		{rule: "BF-02", name: "lot ids compare ignoring case",
			edits: []edit{{dprod, "\"drug_substance_lot\": \"RGX-24-002\",", "\"drug_substance_lot\": \"rgx-24-002\","}}},
	}
}
