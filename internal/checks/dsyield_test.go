package checks

import "github.com/regdoc/regdoc/internal/diag"

// The IVIG example has drug product steps (P8, P9); its lots give both
// yields, RGX-24-001 7.53 g/L to the drug substance and 7.42 g/L to the
// final container.
func drugSubstanceYieldRuleCases() []ruleCase {
	return []ruleCase{
		{rule: "YB-05", name: "a lot without its drug substance yield",
			edits: []edit{{batch, "      \"drug_substance_yield\": { \"value\": 7.53, \"unit\": \"g/L\" },\n", ""}},
			want: []want{{code: "YB-05", sev: diag.Warning, kind: batch, pointer: "/lots/0/yield", at: "\"yield\": »{ \"value\": 7.42",
				msgs: []string{"lot RGX-24-001 gives its yield to the final container (7.42 g/L) but no drug_substance_yield", "drug product steps (P8, P9)", "the yield at the end of step P7"}}}},
		{rule: "YB-05", name: "a drug substance yield below the final yield",
			edits: []edit{{batch, "\"drug_substance_yield\": { \"value\": 7.68,", "\"drug_substance_yield\": { \"value\": 7.50,"}},
			want: []want{{code: "YB-05", sev: diag.Warning, kind: batch, pointer: "/lots/1/drug_substance_yield", at: "\"drug_substance_yield\": »{ \"value\": 7.50",
				msgs: []string{"lot RGX-24-002: the drug substance yield (7.50 g/L) is below the yield to the final container (7.58 g/L)"}}}},
		{rule: "YB-05", name: "the two yields in different units",
			edits: []edit{{batch, "\"drug_substance_yield\": { \"value\": 7.60, \"unit\": \"g/L\" }", "\"drug_substance_yield\": { \"value\": 7600, \"unit\": \"mg/L\" }"}},
			want: []want{{code: "YB-05", sev: diag.Warning, kind: batch, pointer: "/lots/2/drug_substance_yield/unit", at: "\"value\": 7600, \"unit\": »\"mg/L\"",
				msgs: []string{"lot RGX-24-003 gives its drug substance yield in \"mg/L\" and its yield to the final container in \"g/L\""}}}},
		{rule: "YB-05", name: "equal yields: drug product steps that lose nothing",
			edits: []edit{{batch, "\"drug_substance_yield\": { \"value\": 7.53,", "\"drug_substance_yield\": { \"value\": 7.42,"}}},
		{rule: "YB-05", name: "a lot without any yield needs no drug substance yield",
			edits: []edit{{batch, "      \"yield\": { \"value\": 7.42, \"unit\": \"g/L\" },\n      \"drug_substance_yield\": { \"value\": 7.53, \"unit\": \"g/L\" },\n", ""}}},
		{rule: "YB-05", name: "without drug product steps the yield is the drug substance's",
			edits: append(noDrugProductSteps(),
				edit{batch, "      \"drug_substance_yield\": { \"value\": 7.53, \"unit\": \"g/L\" },\n", ""},
				edit{batch, "\"drug_substance_yield\": { \"value\": 7.68,", "\"drug_substance_yield\": { \"value\": 7.58,"},
				edit{batch, "      \"drug_substance_yield\": { \"value\": 7.60, \"unit\": \"g/L\" },\n", ""},
			),
			// one equal to the yield is fine
			want: fillingMaterials()},
		{rule: "YB-05", name: "a drug substance yield other than the yield of a process without drug product steps",
			edits: append(noDrugProductSteps(), edit{batch, "      \"drug_substance_yield\": { \"value\": 7.53, \"unit\": \"g/L\" },\n", ""},
				edit{batch, "      \"drug_substance_yield\": { \"value\": 7.60, \"unit\": \"g/L\" },\n", ""}),
			want: append(fillingMaterials(), want{code: "YB-05", sev: diag.Warning, kind: batch, pointer: "/lots/1/drug_substance_yield", at: "\"drug_substance_yield\": »{ \"value\": 7.68",
				msgs: []string{"lot RGX-24-002 gives a drug substance yield (7.68 g/L), but the process has no drug product steps, so its yield (7.58 g/L) is the drug substance yield"}})},
	}
}

// noDrugProductSteps makes P8 and P9 drug substance steps.
func noDrugProductSteps() []edit {
	return []edit{
		{proc, "\"type\": \"virus-inactivation\",\n      \"stage\": \"drug_product\",", "\"type\": \"virus-inactivation\","},
		{proc, "\"stage\": \"drug_product\",", ""},
	}
}

// fillingMaterials are PR-06's findings once P8 is a drug substance step:
// its filling materials are not in the drug substance materials list.
func fillingMaterials() []want {
	return []want{
		{code: "PR-06", sev: diag.Warning, kind: proc, pointer: "/steps/7/materials/0", at: "»\"0.2 µm sterilising-grade filter\"", msgs: []string{"step P8 uses"}},
		{code: "PR-06", sev: diag.Warning, kind: proc, pointer: "/steps/7/materials/1", at: "»\"Type I glass vials\"", msgs: []string{"step P8 uses"}},
		{code: "PR-06", sev: diag.Warning, kind: proc, pointer: "/steps/7/materials/2", at: "»\"Bromobutyl stoppers\"", msgs: []string{"step P8 uses"}},
	}
}
