package checks

import (
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

const (
	proc  = model.KindProcess
	comp  = model.KindComparator
	spec  = model.KindSpecification
	batch = model.KindBatches
	viral = model.KindViralClearance
	claim = model.KindClaims
)

// want is one expected diagnostic. at is a piece of the edited JSON text
// with a » where the diagnostic's line and column must point, so positions
// are checked against the text itself, not against dataset.Locate.
type want struct {
	code    string
	sev     diag.Severity // "" means diag.Error
	kind    string
	pointer string
	at      string
	msgs    []string // substrings the message must contain
}

// ruleCase is one edit of the example and the exact diagnostics it gives;
// no want means the edit must stay quiet (a boundary the rule accepts).
type ruleCase struct {
	rule  string
	name  string
	edits []edit
	setup func(*Input) // optional change beyond the JSON text
	want  []want
}

// Study indexes in viral-clearance.json, for pointers.
const (
	vs04HIV  = "/studies/5"
	vs04WNV  = "/studies/8"
	vs03EMCV = "/studies/11"
	vs05EMCV = "/studies/16"
	vs09HIV  = "/studies/24"
	vs09BVDV = "/studies/25"
	vs09EMCV = "/studies/28"
	vs09PPV  = "/studies/29"
)

// vs04HIVRun2 is the second run of VS-04-HIV-1 with what follows it, so a
// test can drop the run.
const vs04HIVRun2 = `,
        {
          "run": 2,
          "log_titre_in": 7.2,
          "volume_in": 100.0,
          "log_titre_out": 1.68,
          "volume_out": 105.0,
          "below_lod": true
        }
      ],
      "reported_lrv": {
        "qualifier": "≥",
        "value": 5.5
      },
      "claimed": true,
      "note": "Caprylate inactivation`

func ruleCases() []ruleCase {
	var cases []ruleCase
	for _, family := range [][]ruleCase{stabilityRuleCases(), stabilitySpecRuleCases(), consistencyRuleCases(), drugProductRuleCases(), justificationRuleCases(), materialsRuleCases(), developmentRuleCases(), drugSubstanceYieldRuleCases()} {
		cases = append(cases, family...)
	}
	return append(cases, []ruleCase{
		// PR-11
		{rule: "PR-11", name: "a drug substance step after the filling step",
			edits: []edit{{proc, "\"type\": \"virus-inactivation\",\n      \"stage\": \"drug_product\",", "\"type\": \"virus-inactivation\","}},
			want: []want{{code: "PR-11", kind: proc, pointer: "/steps/8", at: "»{\n      \"id\": \"P9\"",
				msgs: []string{"step P9 is a drug substance step but comes after drug product step P8"}}}},
		{rule: "PR-11", name: "every step a drug product step",
			edits: []edit{{proc, "\"name\": \"Pooling, thawing and cryoprecipitate removal\",\n      \"type\": \"preparation\",", "\"name\": \"Pooling, thawing and cryoprecipitate removal\",\n      \"type\": \"preparation\", \"stage\": \"drug_product\","}},
			want: []want{
				{code: "PR-11", kind: proc, pointer: "/steps/1", at: "»{\n      \"id\": \"P2\"", msgs: []string{"step P2 is a drug substance step but comes after drug product step P1"}},
				{code: "PR-11", kind: proc, pointer: "/steps/2", at: "»{\n      \"id\": \"P3\"", msgs: []string{"after drug product step P1"}},
				{code: "PR-11", kind: proc, pointer: "/steps/3", at: "»{\n      \"id\": \"P4\"", msgs: []string{"after drug product step P1"}},
				{code: "PR-11", kind: proc, pointer: "/steps/4", at: "»{\n      \"id\": \"P5\"", msgs: []string{"after drug product step P1"}},
				{code: "PR-11", kind: proc, pointer: "/steps/5", at: "»{\n      \"id\": \"P6\"", msgs: []string{"after drug product step P1"}},
				{code: "PR-11", kind: proc, pointer: "/steps/6", at: "»{\n      \"id\": \"P7\"", msgs: []string{"after drug product step P1"}},
			}},
		{rule: "PR-11", name: "drug product steps at the end are fine",
			edits: []edit{{proc, "\"type\": \"formulation\",", "\"type\": \"formulation\", \"stage\": \"drug_product\","}},
			// Formulation as a drug product step leaves its materials to
			// 3.2.P; PR-06 says the drug substance list holds two too many.
			want: []want{
				{code: "PR-06", sev: diag.Warning, kind: mats, pointer: "/materials/10/name", at: `"name": »"Glycine"`, msgs: []string{`material "Glycine" is listed but no drug substance step uses it`}},
				{code: "PR-06", sev: diag.Warning, kind: mats, pointer: "/materials/11/name", at: `"name": »"Hydrochloric acid"`, msgs: []string{`material "Hydrochloric acid"`}},
			}},

		// ID-01
		{rule: "ID-01", name: "step id repeats another ignoring case and spaces",
			edits: []edit{{proc, `"id": "P8",`, `"id": "p7 ",`}},
			want: []want{{code: "ID-01", kind: proc, pointer: "/steps/7/id", at: `"id": »"p7 "`,
				msgs: []string{`step id "p7 " repeats "P7" at line 163`}}}},
		{rule: "ID-01", name: "study id repeats another",
			edits: []edit{{viral, `"id": "VS-09-PPV",`, `"id": "vs-09-emcv",`}},
			want: []want{{code: "ID-01", kind: viral, pointer: vs09PPV + "/id", at: `"id": »"vs-09-emcv"`,
				msgs: []string{`study id "vs-09-emcv" repeats "VS-09-EMCV"`}}}},
		{rule: "ID-01", name: "two studies fill the same LRV table cell",
			edits: []edit{{viral, "\"mechanism\": \"low_pH\",\n      \"virus\": \"PPV\",", "\"mechanism\": \"low_pH\",\n      \"virus\": \"EMCV\","}},
			want: []want{{code: "ID-01", kind: viral, pointer: vs09PPV + "/id", at: `"id": »"VS-09-PPV"`,
				msgs: []string{"study VS-09-PPV covers the same steps (P9), mechanism (low_pH) and virus (EMCV) as study VS-09-EMCV"}}}},
		{rule: "ID-01", name: "a lot reports one test twice",
			edits: []edit{{batch, `{ "test": "aca", "value": 0.42 }`, `{ "test": "ACA", "value": 0.42 }, { "test": "aca", "value": 0.42 }`}},
			want: []want{
				{code: "ID-01", kind: batch, pointer: "/lots/0/results/8/test", at: `"value": 0.42 }, { "test": »"aca"`, msgs: []string{`lot RGX-24-001 has a second result for test "aca" (the first, for "ACA", is at line 25)`}},
				// "ACA" is not a test of the specification either.
				{code: "ID-02", kind: batch, pointer: "/lots/0/results/7/test", at: `{ "test": »"ACA"`, msgs: []string{`did you mean "aca"?`}},
			}},
		{rule: "ID-01", name: "similar but distinct ids are fine",
			edits: []edit{{proc, `"id": "P8",`, `"id": "P7b",`}}},

		// ID-02
		{rule: "ID-02", name: "batches name the specification in other case",
			edits: []edit{{batch, `"specification": "SPEC-RGX-IVIG-DS"`, `"specification": "spec-rgx-ivig-ds"`}},
			want: []want{{code: "ID-02", kind: batch, pointer: "/specification", at: `"specification": »"spec-rgx-ivig-ds"`,
				msgs: []string{`batches refer to specification "spec-rgx-ivig-ds", but the specification file defines "SPEC-RGX-IVIG-DS"; did you mean "SPEC-RGX-IVIG-DS"?`}}}},
		{rule: "ID-02", name: "result for a test the specification lacks",
			edits: []edit{{batch, `{ "test": "osmolality", "value": 258 }`, `{ "test": "osmo", "value": 258 }`}},
			want: []want{
				{code: "ID-02", kind: batch, pointer: "/lots/0/results/15/test", at: `{ "test": »"osmo"`, msgs: []string{`lot RGX-24-001 reports a result for test "osmo", which specification SPEC-RGX-IVIG-DS does not define`}},
				{code: "SP-03", kind: batch, pointer: "/lots/0/results", at: "\"unit\": \"g/L\" },\n      \"results\": »[\n        { \"test\": \"protein\", \"value\": 101.2 }", msgs: []string{"lot RGX-24-001 has no result for test osmolality (Osmolality)"}},
			}},
		{rule: "ID-02", name: "a test id with two letters swapped gets the test the specification defines",
			edits: []edit{{batch, `{ "test": "osmolality", "value": 258 }`, `{ "test": "osmolaltiy", "value": 258 }`}},
			want: []want{
				{code: "ID-02", kind: batch, pointer: "/lots/0/results/15/test", at: `{ "test": »"osmolaltiy"`, msgs: []string{`reports a result for test "osmolaltiy", which specification SPEC-RGX-IVIG-DS does not define; did you mean "osmolality"?`}},
				{code: "SP-03", kind: batch, pointer: "/lots/0/results", at: "\"unit\": \"g/L\" },\n      \"results\": »[\n        { \"test\": \"protein\", \"value\": 101.2 }", msgs: []string{"lot RGX-24-001 has no result for test osmolality (Osmolality)"}},
			}},
		{rule: "ID-02", name: "a misspelt virus gets the panel's virus and the panel",
			edits: []edit{{viral, "\"mechanism\": \"caprylate\",\n      \"virus\": \"WNV\",", "\"mechanism\": \"caprylate\",\n      \"virus\": \"WVN\","}},
			want: []want{{code: "ID-02", kind: viral, pointer: vs04WNV + "/virus", at: `"virus": »"WVN"`,
				msgs: []string{`study VS-04-WNV names virus "WVN", which is not in the virus panel; did you mean "WNV"? (known: HIV-1, BVDV, PRV, WNV, EMCV, PPV)`}}}},
		{rule: "ID-02", name: "study names a step the process lacks",
			edits: []edit{{viral, "\"P2\"\n      ],\n      \"mechanism\": \"precipitation_partition\",\n      \"virus\": \"HIV-1\"", "\"p2\"\n      ],\n      \"mechanism\": \"precipitation_partition\",\n      \"virus\": \"HIV-1\""}},
			want: []want{{code: "ID-02", kind: viral, pointer: "/studies/0/steps/0", at: `»"p2"`,
				msgs: []string{`study VS-02-HIV-1 names step "p2", which the process does not have; did you mean "P2"?`}}}},
		{rule: "ID-02", name: "study names a virus outside the panel",
			edits: []edit{{viral, "\"mechanism\": \"caprylate\",\n      \"virus\": \"WNV\",", "\"mechanism\": \"caprylate\",\n      \"virus\": \"WNV-1\","}},
			want: []want{{code: "ID-02", kind: viral, pointer: vs04WNV + "/virus", at: `"virus": »"WNV-1"`,
				msgs: []string{`study VS-04-WNV names virus "WNV-1", which is not in the virus panel (known: HIV-1, BVDV, PRV, WNV, EMCV, PPV)`}}}},

		// ID-03
		{rule: "ID-03", name: "lot number off the pattern",
			edits: []edit{{batch, `"lot": "RGX-24-003"`, `"lot": "RGX-24-03"`}},
			want: []want{{code: "ID-03", kind: batch, pointer: "/lots/2/lot", at: `"lot": »"RGX-24-03"`,
				msgs: []string{`lot number "RGX-24-03" does not match the lot pattern ^RGX-\d{2}-\d{3}$`}},
				// The drug product was filled from RGX-24-003, now gone.
				{code: "BF-02", kind: dprod, pointer: "/process_validation/ppq/2/drug_substance_lot", at: `"drug_substance_lot": »"RGX-24-003"`, msgs: []string{`(known: RGX-24-001, RGX-24-002, RGX-24-03)`}},
				{code: "BF-02", kind: dprod, pointer: "/lots/2/starting_material_lot", at: `"starting_material_lot": »"RGX-24-003"`, msgs: []string{"drug product lot RGX-24-003-F"}},
			}},
		{rule: "ID-03", name: "lot pattern Go cannot compile",
			edits: []edit{{batch, `"lot_pattern": "^RGX-\\d{2}-\\d{3}$"`, `"lot_pattern": "^(?=RGX)"`}},
			want: []want{{code: "ID-03", kind: batch, pointer: "/lot_pattern", at: `"lot_pattern": »"^(?=RGX)"`,
				msgs: []string{`lot_pattern "^(?=RGX)" cannot be used to check lot numbers`}}}},
		{rule: "ID-03", name: "lot listed twice with another manufacture date",
			edits: []edit{{batch, `"lot": "RGX-24-002"`, `"lot": "RGX-24-001"`}},
			want: []want{
				{code: "ID-01", kind: batch, pointer: "/lots/1/lot", at: "\"lot\": »\"RGX-24-001\",\n      \"purpose\": \"PPQ\",\n      \"site\": \"Example Biologics fractionation plant, Building 4\",\n      \"starting_material_lot\": \"PP-2024-0121\"", msgs: []string{`lot id "RGX-24-001" is already used at line 7`}},
				{code: "ID-03", kind: batch, pointer: "/lots/1/manufacture_date", at: `"manufacture_date": »"2024-03-18"`, msgs: []string{"lot RGX-24-001 appears again with manufacture date 2024-03-18, but 2024-03-04 at line 12"}},
				{code: "BF-02", kind: dprod, pointer: "/process_validation/ppq/1/drug_substance_lot", at: `"drug_substance_lot": »"RGX-24-002"`, msgs: []string{"PPQ batch RGX-24-002-F"}},
				{code: "BF-02", kind: dprod, pointer: "/lots/1/starting_material_lot", at: `"starting_material_lot": »"RGX-24-002"`, msgs: []string{"drug product lot RGX-24-002-F"}},
				{code: "SJ-01", kind: justif, pointer: "/clinical_lots/1", at: `"RGX-24-001", »"RGX-24-002"`, msgs: []string{`clinical lot "RGX-24-002"`}},
			}},

		// PR-01
		{rule: "PR-01", name: "set point outside the NOR",
			edits: []edit{{proc, `"set_point": 25, "nor": { "low": 24, "high": 26 }, "par": { "low": 22, "high": 27 }`, `"set_point": 27, "nor": { "low": 24, "high": 26 }, "par": { "low": 22, "high": 27 }`}},
			want: []want{{code: "PR-01", kind: proc, pointer: "/steps/3/parameters/2/set_point", at: `"set_point": »27, "nor": { "low": 24, "high": 26 }`,
				msgs: []string{"parameter P4-temp (Temperature): set point 27 °C lies outside the NOR 24–26 °C"}}}},
		{rule: "PR-01", name: "set point on the NOR bound",
			edits: []edit{{proc, `"set_point": 25, "nor": { "low": 24, "high": 26 }, "par": { "low": 22, "high": 27 }`, `"set_point": 26, "nor": { "low": 24, "high": 26 }, "par": { "low": 22, "high": 27 }`}}},
		{rule: "PR-01", name: "NOR reaches below the PAR",
			edits: []edit{{proc, `"par": { "low": 18, "high": 27 }`, `"par": { "low": 21, "high": 27 }`}},
			want: []want{{code: "PR-01", kind: proc, pointer: "/steps/2/parameters/2/nor", at: `"set_point": 22, "nor": »{ "low": 20`,
				msgs: []string{"parameter P3-temp (Temperature): NOR 20–24 °C is not inside the PAR 21–27 °C: NOR low 20 is below PAR low 21"}}}},
		{rule: "PR-01", name: "open NOR under a closed PAR",
			edits: []edit{{proc, `"nor": { "high": 24 }, "par": { "high": 24 }, "criticality": "KPP", "justification": "Hold-time`, `"nor": { "high": 24 }, "par": { "low": 0, "high": 36 }, "criticality": "KPP", "justification": "Hold-time`}},
			want: []want{{code: "PR-01", kind: proc, pointer: "/steps/0/parameters/1/nor", at: `"nor": »{ "high": 24 }`,
				msgs: []string{"NOR ≤ 24 h is not inside the PAR 0–36 h: the NOR has no lower bound but the PAR starts at 0 h"}},
				// The 36 h PAR also outlasts the validated 24 h hold.
				{code: "XF-02", kind: proc, pointer: "/steps/0/parameters/1/par/high", at: `"low": 0, "high": »36 }`}}},
		{rule: "PR-01", name: "NOR equal to the PAR",
			edits: []edit{{proc, `"par": { "low": 18, "high": 27 }`, `"par": { "low": 20, "high": 24 }`}}},

		// PR-02
		{rule: "PR-02", name: "CPP without a PAR",
			edits: []edit{{proc, `"nor": { "high": 100 }, "par": { "high": 100 }, "criticality": "CPP"`, `"nor": { "high": 100 }, "criticality": "CPP"`}},
			want: []want{{code: "PR-02", kind: proc, pointer: "/steps/4/parameters/3", at: `»{ "id": "P5-cycles"`,
				msgs: []string{"parameter P5-cycles (Resin lifetime) is a CPP but has no PAR"}}}},
		{rule: "PR-02", name: "CPP without a justification",
			edits: []edit{{proc, `"par": { "low": 1.5 }, "criticality": "non-critical" }`, `"par": { "low": 1.5 }, "criticality": "CPP", "justification": " " }`}},
			want: []want{{code: "PR-02", kind: proc, pointer: "/steps/1/parameters/3", at: `»{ "id": "P2-mixing"`,
				msgs: []string{"parameter P2-mixing (Mixing time) is a CPP but has no justification"}}}},
		{rule: "PR-02", name: "KPP without a PAR",
			edits: []edit{{proc, `"nor": { "low": 7 }, "par": { "low": 6 }, "criticality": "KPP", "justification": "Development report DR-107: caprylate clearance." }`, `"nor": { "low": 7 }, "criticality": "KPP" }`}}},

		// UN-02
		{rule: "UN-02", name: "range criterion without a unit",
			edits: []edit{{spec, `"low": 90, "high": 110, "unit": "g/L"`, `"low": 90, "high": 110`}},
			want: []want{{code: "UN-02", kind: spec, pointer: "/tests/0/criterion", at: `"Kjeldahl (Ph. Eur. 2.5.9)", "criterion": »{`,
				msgs: []string{"test protein: criterion 90–110 gives no unit"}}}},
		{rule: "UN-02", name: "report criterion over numeric results without a unit",
			edits: []edit{{spec, `{ "type": "range", "low": 240, "high": 300, "unit": "mOsm/kg" }`, `{ "type": "report" }`}},
			want: []want{{code: "UN-02", kind: spec, pointer: "/tests/15/criterion", at: `2.2.35)", "criterion": »{ "type": "report" }`,
				msgs: []string{"test osmolality reports numbers (lot RGX-24-001: 258) but its criterion gives no unit"}}}},
		{rule: "UN-02", name: "report criterion with a unit",
			edits: []edit{{spec, `{ "type": "range", "low": 240, "high": 300, "unit": "mOsm/kg" }`, `{ "type": "report", "unit": "mOsm/kg" }`}}},

		// UN-05
		{rule: "UN-05", name: "one lot reports an extra decimal",
			edits: []edit{{batch, `{ "test": "protein", "value": 99.8 }`, `{ "test": "protein", "value": 99.80 }`}},
			want: []want{{code: "UN-05", sev: diag.Warning, kind: batch, pointer: "/lots/1/results/0/value", at: `"value": »99.80`,
				msgs: []string{"lot RGX-24-002 test protein: 99.80 is written with 2 decimals, but 2 of 3 lots use 1 decimal (e.g. 101.2 in lot RGX-24-001)"}}}},
		{rule: "UN-05", name: "LOQs of \"<\" results may differ in precision",
			edits: []edit{{batch, "\"value\": 0.4 },\n        { \"test\": \"endotoxin\", \"qualifier\": \"<\", \"value\": 0.25 }", "\"value\": 0.4 },\n        { \"test\": \"endotoxin\", \"qualifier\": \"<\", \"value\": 0.5 }"}}},

		// UN-06
		{rule: "UN-06", name: "NOR written high to low",
			edits: []edit{{proc, `"nor": { "low": 6.8, "high": 7.0 }`, `"nor": { "low": 7.0, "high": 6.8 }`}},
			want: []want{{code: "UN-06", kind: proc, pointer: "/steps/1/parameters/1/nor", at: `"nor": »{ "low": 7.0, "high": 6.8 }`,
				msgs: []string{"parameter P2-ph: NOR runs from 7.0 down to 6.8"}}}},
		{rule: "UN-06", name: "criterion range written high to low",
			edits: []edit{{spec, `"low": 90, "high": 110`, `"low": 110, "high": 90`}},
			want: []want{{code: "UN-06", kind: spec, pointer: "/tests/0/criterion", at: `"criterion": »{ "type": "range", "low": 110`,
				msgs: []string{"test protein: criterion runs from 110 g/L down to 90 g/L"}}}},
		{rule: "UN-06", name: "virus size written high to low",
			edits: []edit{{viral, "\"low\": 80,\n        \"high\": 100", "\"low\": 100,\n        \"high\": 80"}},
			want: []want{{code: "UN-06", kind: viral, pointer: "/viruses/0/size_nm", at: "\"size_nm\": »{\n        \"low\": 100",
				msgs: []string{"virus HIV-1: size runs from 100 nm down to 80 nm"}}}},
		{rule: "UN-06", name: "one-sided criterion with a second bound",
			edits: []edit{{spec, `{ "type": "lt", "value": 0.16, "unit": "IU/mL" }`, `{ "type": "lt", "value": 0.16, "low": 0, "unit": "IU/mL" }`}},
			want: []want{{code: "UN-06", kind: spec, pointer: "/tests/9/criterion/low", at: `"value": 0.16, "low": »0`,
				msgs: []string{"test fxia: a lt criterion has exactly one limit (value), but low 0 is given as well"}}}},
		{rule: "UN-06", name: "degenerate range",
			edits: []edit{{spec, `"low": 90, "high": 110`, `"low": 90, "high": 90.0`}},
			want: []want{
				// Not a UN-06 finding: a one-point range is ordered. The
				// lots fail it instead.
				{code: "SP-01", kind: batch, pointer: "/lots/0/results/0/value", at: `"protein", "value": »101.2`, msgs: []string{"result 101.2 g/L does not meet criterion 90–90.0 g/L"}},
				{code: "SP-01", kind: batch, pointer: "/lots/1/results/0/value", at: `"protein", "value": »99.8`, msgs: []string{"result 99.8 g/L does not meet"}},
				{code: "SP-01", kind: batch, pointer: "/lots/2/results/0/value", at: `"protein", "value": »100.5`, msgs: []string{"result 100.5 g/L does not meet"}},
			}},

		// YB-01
		{rule: "YB-01", name: "declared overall yield off the step yields",
			edits: []edit{{proc, `"declared_overall_yield": { "value": 75.0, "unit": "%" }`, `"declared_overall_yield": { "value": 78.0, "unit": "%" }`}},
			want: []want{{code: "YB-01", kind: proc, pointer: "/declared_overall_yield/value", at: `"declared_overall_yield": { "value": »78.0`,
				msgs: []string{"declared overall yield 78.0 % differs from the product of the step yields (product_out/product_in), 75.0 %, by 3.0 percentage points (tolerance 0.5)"}}}},
		{rule: "YB-01", name: "declared overall yield 0.5 points off",
			edits: []edit{{proc, `"declared_overall_yield": { "value": 75.0, "unit": "%" }`, `"declared_overall_yield": { "value": 75.5, "unit": "%" }`}}},
		{rule: "YB-01", name: "comparator's declared yield off its step yields",
			edits: []edit{{comp, `"declared_overall_yield": { "value": 44.6, "unit": "%" }`, `"declared_overall_yield": { "value": 46.0, "unit": "%" }`}},
			want: []want{{code: "YB-01", kind: comp, pointer: "/declared_overall_yield/value", at: `"value": »46.0`,
				msgs: []string{"declared overall yield 46.0 % differs from the product of the comparator's step yields, 44.6 %, by 1.4 percentage points"}}}},
		{rule: "YB-01", name: "declared yield not a percentage",
			edits: []edit{{comp, `"declared_overall_yield": { "value": 44.6, "unit": "%" }`, `"declared_overall_yield": { "value": 44.6, "unit": "g/L" }`}},
			want: []want{{code: "YB-01", kind: comp, pointer: "/declared_overall_yield/unit", at: `"value": 44.6, "unit": »"g/L"`,
				msgs: []string{"declared overall yield 44.6 g/L must be a percentage"}}}},

		// YB-03
		{rule: "YB-03", name: "a step takes in more than the previous gave out",
			edits: []edit{{proc, `"product_in": { "value": 36.248, "unit": "kg" }`, `"product_in": { "value": 36.300, "unit": "kg" }`}},
			want: []want{{code: "YB-03", kind: proc, pointer: "/steps/2/product_in/value", at: `"product_in": { "value": »36.300`,
				msgs: []string{"step P3 takes in 36.300 kg IgG, but step P2 gave out 36.248 kg: 0.052 kg more, and product cannot appear between steps"}}}},
		{rule: "YB-03", name: "a loss above 0.5 % between steps",
			edits: []edit{{proc, `"product_in": { "value": 36.248, "unit": "kg" }`, `"product_in": { "value": 36.050, "unit": "kg" }`}},
			want: []want{{code: "YB-03", sev: diag.Warning, kind: proc, pointer: "/steps/2/product_in/value", at: `"product_in": { "value": »36.050`,
				msgs: []string{"step P3 takes in 36.050 kg IgG, but step P2 gave out 36.248 kg: 0.198 kg (0.55 %) is unaccounted for"}}}},
		{rule: "YB-03", name: "a loss within 0.5 % between steps",
			edits: []edit{{proc, `"product_in": { "value": 36.248, "unit": "kg" }`, `"product_in": { "value": 36.100, "unit": "kg" }`}}},
		{rule: "YB-03", name: "masses in g after kg balance",
			edits: []edit{{proc, `"product_in": { "value": 36.248, "unit": "kg" },
      "product_out": { "value": 33.711, "unit": "kg" }`, `"product_in": { "value": 36248, "unit": "g" },
      "product_out": { "value": 33711, "unit": "g" }`}}},
		{rule: "YB-03", name: "first step takes in more than the starting material holds",
			edits: []edit{{proc, `"concentration": { "value": 10.0, "unit": "g/L" }`, `"concentration": { "value": 9.9, "unit": "g/L" }`}},
			want: []want{{code: "YB-03", kind: proc, pointer: "/steps/0/product_in/value", at: `"product_in": { "value": »40.000`,
				msgs: []string{"step P1 takes in 40.000 kg IgG, but the starting material holds 39.600 kg (9.9 g/L × 4000 L): 0.400 kg more"}}}},

		// YB-04
		{rule: "YB-04", name: "step yield above 105 %",
			edits: []edit{{proc, `"product_in": { "value": 30.000, "unit": "kg" },
      "product_out": { "value": 30.000, "unit": "kg" }`, `"product_in": { "value": 30.000, "unit": "kg" },
      "product_out": { "value": 31.800, "unit": "kg" }`}},
			want: []want{
				{code: "YB-04", kind: proc, pointer: "/steps/8/product_out/value", at: `"product_out": { "value": »31.800`, msgs: []string{"step P9 yields 106.0 % (31.800 kg out of 30.000 kg in); more than 105 % cannot be explained"}},
				{code: "YB-01", kind: proc, pointer: "/declared_overall_yield/value", at: `"declared_overall_yield": { "value": »75.0`, msgs: []string{"79.5 %"}},
			}},
		{rule: "YB-04", name: "step yield of exactly 105 %",
			edits: []edit{{proc, `"product_in": { "value": 30.000, "unit": "kg" },
      "product_out": { "value": 30.000, "unit": "kg" }`, `"product_in": { "value": 30.000, "unit": "kg" },
      "product_out": { "value": 31.500, "unit": "kg" }`}},
			want: []want{{code: "YB-01", kind: proc, pointer: "/declared_overall_yield/value", at: `"declared_overall_yield": { "value": »75.0`, msgs: []string{"78.7 %"}}}},
		{rule: "YB-04", name: "step input and output in different units",
			edits: []edit{{proc, `"product_in": { "value": 30.000, "unit": "kg" },
      "product_out": { "value": 30.000, "unit": "kg" }`, `"product_in": { "value": 30.000, "unit": "kg" },
      "product_out": { "value": 30000, "unit": "g" }`}},
			want: []want{{code: "YB-04", kind: proc, pointer: "/steps/8/product_out/unit", at: `"product_out": { "value": 30000, "unit": »"g"`,
				msgs: []string{"step P9: product_in is in kg but product_out in g"}}}},

		{rule: "YB-04", name: "comparator step yield above 105 %",
			edits: []edit{{comp, `"step_yield": 98.5 }
  ]`, `"step_yield": 106.0 }
  ]`}},
			want: []want{
				{code: "YB-04", kind: comp, pointer: "/steps/8/step_yield", at: `"step_yield": »106.0`, msgs: []string{"comparator step C9 yields 106.0 %; more than 105 %"}},
				{code: "YB-01", kind: comp, pointer: "/declared_overall_yield/value", at: `"value": »44.6`, msgs: []string{"48.0 %"}},
			}},

		// SP-01
		{rule: "SP-01", name: "out-of-specification result",
			edits: []edit{{batch, "{ \"test\": \"aggregates\", \"value\": 0.2 },\n        { \"test\": \"fragments\", \"value\": 0.2 }", "{ \"test\": \"aggregates\", \"value\": 2.1 },\n        { \"test\": \"fragments\", \"value\": 0.2 }"}},
			want: []want{{code: "SP-01", kind: batch, pointer: "/lots/0/results/3/value", at: `"aggregates", "value": »2.1`,
				msgs: []string{"lot RGX-24-001 test aggregates: result 2.1 % does not meet criterion ≤ 2.0 %"}}}},
		{rule: "SP-01", name: "result failing only after rounding to the limit's decimals",
			edits: []edit{{batch, "{ \"test\": \"aggregates\", \"value\": 0.2 },\n        { \"test\": \"fragments\", \"value\": 0.2 }", "{ \"test\": \"aggregates\", \"value\": 2.05 },\n        { \"test\": \"fragments\", \"value\": 0.2 }"}},
			want: []want{
				{code: "SP-01", kind: batch, pointer: "/lots/0/results/3/value", at: `"aggregates", "value": »2.05`, msgs: []string{"result 2.05 % does not meet criterion ≤ 2.0 % (rounded to 1 decimal as the limit is written: 2.1 %)"}},
				{code: "UN-05", sev: diag.Warning, kind: batch, pointer: "/lots/0/results/3/value", at: `"aggregates", "value": »2.05`},
			}},
		{rule: "SP-01", name: "result passing after rounding to the limit's decimals",
			edits: []edit{{batch, "{ \"test\": \"aggregates\", \"value\": 0.2 },\n        { \"test\": \"fragments\", \"value\": 0.2 }", "{ \"test\": \"aggregates\", \"value\": 2.04 },\n        { \"test\": \"fragments\", \"value\": 0.2 }"}},
			want:  []want{{code: "UN-05", sev: diag.Warning, kind: batch, pointer: "/lots/0/results/3/value", at: `"aggregates", "value": »2.04`}}},
		{rule: "SP-01", name: "titre above the limit",
			edits: []edit{{batch, "{ \"test\": \"anti-a\", \"titre\": 16 },\n        { \"test\": \"anti-b\", \"titre\": 8 }", "{ \"test\": \"anti-a\", \"titre\": 128 },\n        { \"test\": \"anti-b\", \"titre\": 8 }"}},
			want: []want{{code: "SP-01", kind: batch, pointer: "/lots/0/results/10/titre", at: `"anti-a", "titre": »128`,
				msgs: []string{"lot RGX-24-001 test anti-a: result 1:128 does not meet criterion ≤ 1:64"}}}},
		{rule: "SP-01", name: "text result that does not comply",
			edits: []edit{{batch, "{ \"test\": \"anti-d\", \"text\": \"Complies\" },\n        { \"test\": \"anti-hbs\", \"value\": 6.1 }", "{ \"test\": \"anti-d\", \"text\": \"Does not comply\" },\n        { \"test\": \"anti-hbs\", \"value\": 6.1 }"}},
			want: []want{{code: "SP-01", kind: batch, pointer: "/lots/0/results/12/text", at: `"anti-d", "text": »"Does not comply"`,
				msgs: []string{`lot RGX-24-001 test anti-d: result "Does not comply" does not meet criterion "Complies"`}}}},
		{rule: "SP-01", name: "result of the wrong kind",
			edits: []edit{{batch, "{ \"test\": \"anti-b\", \"titre\": 8 },\n        { \"test\": \"anti-d\", \"text\": \"Complies\" },\n        { \"test\": \"anti-hbs\", \"value\": 6.1 }", "{ \"test\": \"anti-b\", \"value\": 8 },\n        { \"test\": \"anti-d\", \"text\": \"Complies\" },\n        { \"test\": \"anti-hbs\", \"value\": 6.1 }"}},
			want: []want{{code: "SP-01", kind: batch, pointer: "/lots/0/results/11/value", at: `"anti-b", "value": »8`,
				msgs: []string{`lot RGX-24-001 test anti-b: result 8 cannot be judged against criterion ≤ 1:64, which needs a reciprocal titre; report the result as "titre"`}}}},
		{rule: "SP-01", name: "commercial lot tested before the first version was effective",
			edits: []edit{{spec, `"effective_date": "2024-01-15"`, `"effective_date": "2024-04-10"`}, {batch, `"lot": "RGX-24-001",
      "purpose": "PPQ"`, `"lot": "RGX-24-001",
      "purpose": "commercial"`}},
			want: []want{{code: "SP-01", kind: batch, pointer: "/lots/0/test_date", at: `"test_date": »"2024-04-08"`,
				msgs: []string{"commercial lot RGX-24-001 was tested on 2024-04-08, before specification SPEC-RGX-IVIG-DS version 2.0, the first, became effective on 2024-04-10"}}}},
		{rule: "SP-01", name: "PPQ lot tested before the first version is reported, not judged",
			edits: []edit{{spec, `"effective_date": "2024-01-15"`, `"effective_date": "2024-04-10"`}, {batch, `99.6 },
        { "test": "aggregates", "value": 0.2 }`, `99.6 },
        { "test": "aggregates", "value": 2.6 }`}}},
		{rule: "SP-01", name: "lot judged against the earlier version in force on its test date",
			edits: []edit{{spec, `"effective_date": "2024-01-15",`, `"effective_date": "2024-04-10",
  "history": [ { "version": "1.0", "effective_date": "2023-01-01", "change": "Aggregates tightened", "criteria": [ { "test": "aggregates", "criterion": { "type": "nmt", "value": 3.0, "unit": "%" } } ] } ],`}, {batch, `99.6 },
        { "test": "aggregates", "value": 0.2 }`, `99.6 },
        { "test": "aggregates", "value": 2.6 }`}}},
		{rule: "SP-01", name: "lot out of the version in force on its test date",
			edits: []edit{{spec, `"effective_date": "2024-01-15",`, `"effective_date": "2024-04-01",
  "history": [ { "version": "1.0", "effective_date": "2023-01-01", "criteria": [ { "test": "aggregates", "criterion": { "type": "nmt", "value": 3.0, "unit": "%" } } ] } ],`}, {batch, `99.6 },
        { "test": "aggregates", "value": 0.2 }`, `99.6 },
        { "test": "aggregates", "value": 2.6 }`}, {batch, `"test_date": "2024-04-08"`, `"test_date": "2024-04-02"`}},
			want: []want{{code: "SP-01", kind: batch, pointer: "/lots/0/results/3/value", at: `{ "test": "aggregates", "value": »2.6 }`,
				msgs: []string{"lot RGX-24-001 test aggregates: result 2.6 % does not meet criterion ≤ 2.0 % of version 2.0", `give the lot's investigation reference`}}}},
		{rule: "SP-01", name: "out-of-specification lot with an investigation reference",
			edits: []edit{{batch, `99.6 },
        { "test": "aggregates", "value": 0.2 }`, `99.6 },
        { "test": "aggregates", "value": 2.6 }`}, {batch, `"lot": "RGX-24-001",`, `"lot": "RGX-24-001", "investigation": "OOS-2024-031",`}},
			want: []want{{code: "SP-01", sev: diag.Warning, kind: batch, pointer: "/lots/0/results/3/value", at: `{ "test": "aggregates", "value": »2.6 }`,
				msgs: []string{"the documents print it as out of specification with investigation OOS-2024-031"}}}},
		{rule: "SP-01", name: "earlier version dated after the current one",
			edits: []edit{{spec, `"effective_date": "2024-01-15",`, `"effective_date": "2024-01-15",
  "history": [ { "version": "1.0", "effective_date": "2024-02-01" } ],`}},
			want: []want{{code: "SP-01", kind: spec, pointer: "/history/0/effective_date", at: `"version": "1.0", "effective_date": »"2024-02-01"`,
				msgs: []string{"earlier version 1.0 takes effect on 2024-02-01, not before the current version 2.0 (2024-01-15)"}}}},

		// UN-01
		{rule: "UN-01", name: "unit misspelt with u for micro",
			edits: []edit{{spec, `"criterion": { "type": "nmt", "value": 10, "unit": "µg/mL" }`, `"criterion": { "type": "nmt", "value": 10, "unit": "ug/mL" }`}},
			want: []want{{code: "UN-01", kind: spec, pointer: "/tests/6/criterion/unit", at: `"value": 10, "unit": »"ug/mL"`,
				msgs: []string{`unit "ug/mL" is neither built in nor declared; did you mean "µg/mL"?`}}}},
		{rule: "UN-01", name: "unknown unit of another size gets no suggestion",
			edits: []edit{{spec, `"criterion": { "type": "nmt", "value": 10, "unit": "µg/mL" }`, `"criterion": { "type": "nmt", "value": 10, "unit": "µg/L" }`}},
			want: []want{{code: "UN-01", kind: spec, pointer: "/tests/6/criterion/unit", at: `"value": 10, "unit": »"µg/L"`,
				msgs: []string{`unit "µg/L" is neither built in nor declared; if it is right, declare it in process.json under "units"`}}}},
		{rule: "UN-01", name: "project-declared unit is accepted",
			edits: []edit{{proc, `"version": "1.0",`, `"version": "1.0",
  "units": [ { "symbol": "µg/L", "dimension": "mass concentration" } ],`}, {spec, `"criterion": { "type": "nmt", "value": 10, "unit": "µg/mL" }`, `"criterion": { "type": "nmt", "value": 10000, "unit": "µg/L" }`}}},
		{rule: "UN-01", name: "declared unit of the wrong dimension for a mass",
			edits: []edit{{proc, `"version": "1.0",`, `"version": "1.0",
  "units": [ { "symbol": "log10 TCID50/mL", "dimension": "log titre" } ],`}, {proc, `"product_in": { "value": 40.000, "unit": "kg" }`, `"product_in": { "value": 40.000, "unit": "log10 TCID50/mL" }`}},
			want: []want{
				{code: "UN-01", kind: proc, pointer: "/steps/0/product_in/unit", at: `"product_in": { "value": 40.000, "unit": »"log10 TCID50/mL"`,
					msgs: []string{`unit "log10 TCID50/mL" measures log titre, but this field holds mass or activity`}},
				{code: "YB-04", kind: proc, pointer: "/steps/0/product_out/unit", at: `"product_out": { "value": 39.400, "unit": »"kg"`},
			}},
		{rule: "UN-01", name: "declared unit redefines a built-in one",
			edits: []edit{{proc, `"version": "1.0",`, `"version": "1.0",
  "units": [ { "symbol": "g/L", "dimension": "mass" } ],`}},
			want: []want{{code: "UN-01", kind: proc, pointer: "/units/0/symbol", at: `{ "symbol": »"g/L"`,
				msgs: []string{`unit "g/L" is built in (mass concentration); remove it from units`}}}},

		// DP-01, DP-02, PD-01
		{rule: "DP-01", name: "old field name read with a warning",
			edits: []edit{{proc, `"product_in": { "value": 40.000, "unit": "kg" }`, `"igg_in": { "value": 40.000, "unit": "kg" }`}},
			want: []want{{code: "DP-01", sev: diag.Warning, kind: proc, pointer: "/steps/0/igg_in", at: `"igg_in": »{ "value": 40.000`,
				msgs: []string{"igg_in is deprecated: rename it product_in"}}}},
		{rule: "DP-02", name: "old and new name together",
			edits: []edit{{batch, `"starting_material_lot": "PP-2024-0117",`, `"starting_material_lot": "PP-2024-0117", "plasma_pool": "PP-2024-0117",`}},
			want: []want{{code: "DP-02", kind: batch, pointer: "/lots/0/plasma_pool", at: `"plasma_pool": »"PP-2024-0117"`,
				msgs: []string{"plasma_pool is given together with starting_material_lot, its new name; remove plasma_pool"}}}},
		{rule: "PD-02", name: "cell line given for a plasma pool",
			edits: []edit{{proc, `"short_name": "plasma",`, `"short_name": "plasma", "cell_line": "CHO-K1",`}},
			want: []want{{code: "PD-02", kind: proc, pointer: "/starting_material/cell_line", at: `"cell_line": »"CHO-K1"`,
				msgs: []string{"cell_line belongs to a starting material of kind cell_bank_vial, but this one is a plasma_pool"}}}},
		{rule: "PD-01", name: "no active substance declared",
			edits: []edit{{proc, `, "active_substance": { "name": "human normal immunoglobulin G", "label": "IgG" }`, ``}},
			want: []want{{code: "PD-01", sev: diag.Warning, kind: proc, pointer: "/product", at: `"product": »{`,
				msgs: []string{`the product declares no active_substance, so documents call it "product"`}}}},
		{rule: "SP-01", name: "tested on the day the specification became effective",
			edits: []edit{{spec, `"effective_date": "2024-01-15"`, `"effective_date": "2024-04-08"`}}},

		// SP-02
		{rule: "SP-02", name: "LOQ above an upper limit",
			edits: []edit{{batch, "{ \"test\": \"fxia\", \"qualifier\": \"<\", \"value\": 0.16 },\n        { \"test\": \"anti-a\", \"titre\": 16 },\n        { \"test\": \"anti-b\", \"titre\": 8 }", "{ \"test\": \"fxia\", \"qualifier\": \"<\", \"value\": 0.20 },\n        { \"test\": \"anti-a\", \"titre\": 16 },\n        { \"test\": \"anti-b\", \"titre\": 8 }"}},
			want: []want{{code: "SP-02", kind: batch, pointer: "/lots/0/results/9/value", at: `"fxia", "qualifier": "<", "value": »0.20`,
				msgs: []string{"lot RGX-24-001 test fxia: result < 0.20 IU/mL is indeterminate against criterion < 0.16 IU/mL: the limit of quantitation 0.20 IU/mL lies above the limit 0.16 IU/mL"}}}},
		{rule: "SP-02", name: "\"<\" result against a two-sided range",
			edits: []edit{{batch, `{ "test": "osmolality", "value": 258 }`, `{ "test": "osmolality", "qualifier": "<", "value": 258 }`}},
			want: []want{{code: "SP-02", kind: batch, pointer: "/lots/0/results/15/value", at: `"osmolality", "qualifier": "<", "value": »258`,
				msgs: []string{"result < 258 mOsm/kg is indeterminate against criterion 240–300 mOsm/kg"}}}},
		{rule: "SP-02", name: "LOQ below an upper limit passes",
			edits: []edit{{batch, "{ \"test\": \"fxia\", \"qualifier\": \"<\", \"value\": 0.16 },\n        { \"test\": \"anti-a\", \"titre\": 16 },\n        { \"test\": \"anti-b\", \"titre\": 8 }", "{ \"test\": \"fxia\", \"qualifier\": \"<\", \"value\": 0.10 },\n        { \"test\": \"anti-a\", \"titre\": 16 },\n        { \"test\": \"anti-b\", \"titre\": 8 }"}}},

		{rule: "SP-02", name: "\">\" result below a lower limit",
			edits: []edit{{batch, `{ "test": "anti-hbs", "value": 6.1 }`, `{ "test": "anti-hbs", "qualifier": ">", "value": 0.4 }`}},
			want: []want{{code: "SP-02", kind: batch, pointer: "/lots/0/results/13/value", at: `"anti-hbs", "qualifier": ">", "value": »0.4`,
				msgs: []string{"result > 0.4 IU/g is indeterminate against criterion ≥ 0.5 IU/g: the upper limit of quantitation 0.4 IU/g lies below the limit 0.5 IU/g"}}}},

		// SP-03
		{rule: "SP-03", name: "a lot misses a test",
			edits: []edit{{batch, "{ \"test\": \"pka\", \"value\": 2 },\n", ""}},
			want: []want{{code: "SP-03", kind: batch, pointer: "/lots/1/results", at: "\"value\": 7.68, \"unit\": \"g/L\" },\n      \"results\": »[",
				msgs: []string{"lot RGX-24-002 has no result for test pka (Prekallikrein activator); specification SPEC-RGX-IVIG-DS requires every test for every lot"}}}},

		// DT-01
		{rule: "DT-01", name: "released before release testing",
			edits: []edit{{batch, `"release_date": "2024-04-15"`, `"release_date": "2024-04-01"`}},
			want: []want{{code: "DT-01", kind: batch, pointer: "/lots/0/release_date", at: `"release_date": »"2024-04-01"`,
				msgs: []string{"lot RGX-24-001 was released on 2024-04-01, before its release testing on 2024-04-08"}}}},
		{rule: "DT-01", name: "released before manufacture",
			edits: []edit{{batch, `"test_date": "2024-04-08",
      "release_date": "2024-04-15"`, `"release_date": "2024-03-01"`}},
			want: []want{{code: "DT-01", kind: batch, pointer: "/lots/0/release_date", at: `"release_date": »"2024-03-01"`,
				msgs: []string{"lot RGX-24-001 was released on 2024-03-01, before it was manufactured on 2024-03-04"}}}},
		{rule: "DT-01", name: "released on the day of testing",
			edits: []edit{{batch, `"release_date": "2024-04-15"`, `"release_date": "2024-04-08"`}}},

		// DT-03
		{rule: "DT-03", name: "tested before manufacture",
			edits: []edit{{batch, `"test_date": "2024-04-08"`, `"test_date": "2024-03-01"`}},
			want: []want{{code: "DT-03", kind: batch, pointer: "/lots/0/test_date", at: `"test_date": »"2024-03-01"`,
				msgs: []string{"lot RGX-24-001 was tested on 2024-03-01, before it was manufactured on 2024-03-04"}}}},
		{rule: "DT-03", name: "tested on the day of manufacture",
			edits: []edit{{batch, `"test_date": "2024-04-08"`, `"test_date": "2024-03-04"`}}},

		// DT-04
		{rule: "DT-04", name: "lot dates after the document date",
			setup: func(in *Input) { in.Project.Date = "2024-05-10" },
			want: []want{{code: "DT-04", kind: batch, pointer: "/lots/2/release_date", at: `"release_date": »"2024-05-13"`,
				msgs: []string{"lot RGX-24-003 has release date 2024-05-13, after the document date 2024-05-10"}}}},
		{rule: "DT-04", name: "specification effective after the document date",
			setup: func(in *Input) { in.Project.Date = "2024-01-14" },
			want: []want{
				{code: "DT-04", kind: spec, pointer: "/effective_date", at: `"effective_date": »"2024-01-15"`, msgs: []string{"specification SPEC-RGX-IVIG-DS becomes effective on 2024-01-15, after the document date 2024-01-14"}},
				{code: "DT-04", kind: batch, pointer: "/lots/0/manufacture_date", at: `"manufacture_date": »"2024-03-04"`},
				{code: "DT-04", kind: batch, pointer: "/lots/0/test_date", at: `"test_date": »"2024-04-08"`},
				{code: "DT-04", kind: batch, pointer: "/lots/0/release_date", at: `"release_date": »"2024-04-15"`},
				{code: "DT-04", kind: batch, pointer: "/lots/1/manufacture_date", at: `"manufacture_date": »"2024-03-18"`},
				{code: "DT-04", kind: batch, pointer: "/lots/1/test_date", at: `"test_date": »"2024-04-22"`},
				{code: "DT-04", kind: batch, pointer: "/lots/1/release_date", at: `"release_date": »"2024-04-29"`},
				{code: "DT-04", kind: batch, pointer: "/lots/2/manufacture_date", at: `"manufacture_date": »"2024-04-01"`},
				{code: "DT-04", kind: batch, pointer: "/lots/2/test_date", at: `"test_date": »"2024-05-06"`},
				{code: "DT-04", kind: batch, pointer: "/lots/2/release_date", at: `"release_date": »"2024-05-13"`},
			}},
		{rule: "DT-04", name: "released on the document date",
			setup: func(in *Input) { in.Project.Date = "2024-05-13" }},

		// VC-01
		{rule: "VC-01", name: "reported LRV off the runs",
			edits: []edit{{viral, "\"qualifier\": \"≥\",\n        \"value\": 5.8", "\"qualifier\": \"≥\",\n        \"value\": 6.0"}},
			want: []want{{code: "VC-01", kind: viral, pointer: vs09HIV + "/reported_lrv/value", at: "\"qualifier\": \"≥\",\n        \"value\": »6.0",
				msgs: []string{"study VS-09-HIV-1 reports LRV 6.0, but its runs give 5.80 (run 1: 5.80, run 2: 5.80); the difference 0.20 exceeds 0.05"}}}},
		{rule: "VC-01", name: "reported LRV within 0.05 of the runs",
			edits: []edit{{viral, "\"qualifier\": \"≥\",\n        \"value\": 5.8", "\"qualifier\": \"≥\",\n        \"value\": 5.75"}}},

		// VC-02
		{rule: "VC-02", name: "no ≥ although runs were below the LOD",
			edits: []edit{{viral, "\"qualifier\": \"≥\",\n        \"value\": 5.8", "\"value\": 5.8"}},
			want: []want{{code: "VC-02", kind: viral, pointer: vs09HIV + "/reported_lrv", at: "\"reported_lrv\": »{\n        \"value\": 5.8",
				msgs: []string{`study VS-09-HIV-1: runs 1, 2 were below the limit of detection, so the LRV is a lower bound and must be reported as "≥ 5.8"`}}}},
		{rule: "VC-02", name: "≥ although no run was below the LOD",
			edits: []edit{{viral, "\"reported_lrv\": {\n        \"value\": 4.7", "\"reported_lrv\": {\n        \"qualifier\": \"≥\",\n        \"value\": 4.7"}},
			want: []want{{code: "VC-02", kind: viral, pointer: vs09BVDV + "/reported_lrv/qualifier", at: "\"qualifier\": »\"≥\",\n        \"value\": 4.7",
				msgs: []string{`study VS-09-BVDV reports "≥ 4.7", but no run was below the limit of detection`}}}},

		// VC-04
		{rule: "VC-04", name: "claimed LRV not above 1 log",
			edits: []edit{{viral, "\"value\": 0.6\n      },\n      \"claimed\": false", "\"value\": 0.6\n      },\n      \"claimed\": true"}},
			want: []want{{code: "VC-04", kind: viral, pointer: vs09EMCV + "/claimed", at: "\"value\": 0.6\n      },\n      \"claimed\": »true",
				msgs: []string{"study VS-09-EMCV is claimed with LRV 0.6, but only a reduction above 1.0 log counts towards the total"}}}},

		// VC-05
		{rule: "VC-05", name: "same mechanism claimed twice for one virus",
			edits: []edit{{viral, "\"mechanism\": \"low_pH\",\n      \"virus\": \"HIV-1\",", "\"mechanism\": \"caprylate\",\n      \"virus\": \"HIV-1\","}},
			want: []want{{code: "VC-05", kind: viral, pointer: vs09HIV + "/claimed", at: "\"value\": 5.8\n      },\n      \"claimed\": »true",
				msgs: []string{"studies VS-04-HIV-1 and VS-09-HIV-1 are both claimed for HIV-1 with mechanism caprylate; reductions by the same mechanism are not additive"}}}},
		{rule: "VC-05", name: "one step counted in two claimed studies",
			edits: []edit{{viral, "\"P5\"\n      ],\n      \"mechanism\": \"chromatography_AEX\",\n      \"virus\": \"EMCV\"", "\"P3\"\n      ],\n      \"mechanism\": \"chromatography_AEX\",\n      \"virus\": \"EMCV\""}},
			want: []want{{code: "VC-05", kind: viral, pointer: vs05EMCV + "/claimed", at: "\"value\": 2.4\n      },\n      \"claimed\": »true",
				msgs: []string{"studies VS-03-EMCV and VS-05-EMCV are both claimed for EMCV and both include step P3"}}}},

		// VC-06
		{rule: "VC-06", name: "claimed on one run",
			edits: []edit{{viral, vs04HIVRun2, strings.Replace(vs04HIVRun2, vs04HIVRun2[:strings.Index(vs04HIVRun2, "\n      ],")], "", 1)}},
			want: []want{{code: "VC-06", sev: diag.Warning, kind: viral, pointer: vs04HIV + "/runs", at: "\"mechanism\": \"caprylate\",\n      \"virus\": \"HIV-1\",\n      \"runs\": »[",
				msgs: []string{"study VS-04-HIV-1 is claimed on 1 run; a claimed reduction needs at least 2 independent runs"}}}},
		{rule: "VC-06", name: "one run of a study not claimed",
			edits: []edit{{viral, vs04HIVRun2, strings.Replace(strings.Replace(vs04HIVRun2, vs04HIVRun2[:strings.Index(vs04HIVRun2, "\n      ],")], "", 1), `"claimed": true`, `"claimed": false`, 1)}}},

		// UN-05 with a declared precision
		{rule: "UN-05", name: "result not written with the precision the specification declares",
			edits: []edit{{spec, `"criterion": { "type": "nlt", "value": 98.0, "unit": "%" } }`, `"criterion": { "type": "nlt", "value": 98.0, "unit": "%" }, "decimals": 2 }`}},
			want: []want{
				{code: "UN-05", sev: diag.Warning, kind: batch, pointer: "/lots/0/results/1/value", at: `{ "test": "igg-purity", "value": »99.2 }`,
					msgs: []string{"lot RGX-24-001 test igg-purity: 99.2 is written with 1 decimal, but specification SPEC-RGX-IVIG-DS reports this test with 2 decimals"}},
				{code: "UN-05", sev: diag.Warning, kind: batch, pointer: "/lots/1/results/1/value", at: `{ "test": "igg-purity", "value": »99.4 }`},
				{code: "UN-05", sev: diag.Warning, kind: batch, pointer: "/lots/2/results/1/value", at: `{ "test": "igg-purity", "value": »99.1 }`},
			}},
		{rule: "UN-05", name: "results written with the declared precision",
			edits: []edit{{spec, `"criterion": { "type": "nlt", "value": 98.0, "unit": "%" } }`, `"criterion": { "type": "nlt", "value": 98.0, "unit": "%" }, "decimals": 1 }`}}},

		// PR-03
		{rule: "PR-03", name: "non-critical parameter in a claimed virus-reduction step",
			edits: []edit{{proc, `"par": { "low": 0.5, "high": 1.5 }, "criticality": "CPP"`, `"par": { "low": 0.5, "high": 1.5 }, "criticality": "KPP"`}},
			want: []want{{code: "PR-03", kind: proc, pointer: "/steps/2/parameters/3/criticality", at: `"par": { "low": 0.5, "high": 1.5 }, "criticality": »"KPP"`,
				msgs: []string{"parameter P3-filter-aid (Filter aid) of step P3 is KPP, but the step's virus reduction is claimed (study VS-03-EMCV)"}}}},
		{rule: "PR-03", name: "non-critical parameter in a step whose studies are not claimed",
			edits: []edit{{proc, `"id": "P2-temp", "name": "Temperature", "unit": "°C", "set_point": -5, "nor": { "low": -6, "high": -4 }, "par": { "low": -7, "high": -3 }, "criticality": "CPP"`, `"id": "P2-temp", "name": "Temperature", "unit": "°C", "set_point": -5, "nor": { "low": -6, "high": -4 }, "par": { "low": -7, "high": -3 }, "criticality": "KPP"`}}},

		// CL-01
		{rule: "CL-01", name: "claims out of order",
			edits: []edit{{claim, `"number": 3,`, `"number": 5,`}},
			want: []want{{code: "CL-01", kind: claim, pointer: "/claims/2/number", at: `"number": »5,`,
				msgs: []string{"claim 5 is the claim in position 3"}}}},
		{rule: "CL-01", name: "dependent claim depends on a later claim",
			edits: []edit{{claim, "\"number\": 2,\n      \"depends_on\": 1,", "\"number\": 2,\n      \"depends_on\": 3,"}},
			want: []want{{code: "CL-01", kind: claim, pointer: "/claims/1/depends_on", at: "\"depends_on\": »3,",
				msgs: []string{"claim 2 depends on claim 3, which is not an earlier claim", "37 CFR 1.75(c)", "make it depend on one of claims 1 to 1, or move it after claim 3"}}}},

		// CL-02
		{rule: "CL-02", name: "element links to a parameter that does not exist",
			edits: []edit{{claim, `{ "parameter": "P3-caprylate" }`, `{ "parameter": "P3-capry" }`}},
			want: []want{{code: "CL-02", kind: claim, pointer: "/claims/0/elements/1/supports/1", at: `{ "step": "P3" }, »{ "parameter": "P3-capry" }`,
				msgs: []string{`claim element 1b: parameter "P3-capry" does not exist in the process`}}}},
		{rule: "CL-02", name: "element links to a step that does not exist",
			edits: []edit{{claim, `{ "step": "P5" }`, `{ "step": "p5" }`}},
			want: []want{{code: "CL-02", kind: claim, pointer: "/claims/0/elements/3/supports/0", at: `»{ "step": "p5" }`,
				msgs: []string{`claim element 1d: step "p5" does not exist in the process; did you mean "P5"?`}}}},

		// PT-04
		{rule: "PT-04", name: "claimed range wider than the PAR",
			edits: []edit{{claim, `"claimed_range": { "low": 15, "high": 25, "unit": "mM" }`, `"claimed_range": { "low": 10, "high": 25, "unit": "mM" }`}},
			want: []want{{code: "PT-04", sev: diag.Warning, kind: claim, pointer: "/claims/0/elements/1/claimed_range", at: `"claimed_range": »{ "low": 10`,
				msgs: []string{"claim element 1b: parameter P3-caprylate: range not covered by the data"}},
				{code: "XF-08", kind: claim, pointer: "/claims/0/elements/1/claimed_range", at: `"claimed_range": »{ "low": 10`}}},
		{rule: "PT-04", name: "claimed IgA limit below the batch results",
			edits: []edit{{claim, `"claimed_range": { "high": 20, "unit": "µg/mL" }`, `"claimed_range": { "high": 5, "unit": "µg/mL" }`}},
			want: []want{{code: "PT-04", sev: diag.Warning, kind: claim, pointer: "/claims/1/elements/0/claimed_range", at: `"claimed_range": »{ "high": 5`,
				msgs: []string{"claim element 2a: test iga: range not covered by the data"}}}},
		{rule: "PT-04", name: "claimed range equal to the PAR",
			edits: []edit{{claim, `"claimed_range": { "low": 23, "high": 27, "unit": "% v/v" }`, `"claimed_range": { "low": 23.0, "high": 27.0, "unit": "% v/v" }`}}},

		// PR-05
		{rule: "PR-05", name: "step takes material from a later step",
			edits: []edit{{proc, `"id": "P3",`, `"id": "P3",
      "from": ["P4"],`}},
			want: []want{{code: "PR-05", kind: proc, pointer: "/steps/2/from/0", at: `"from": [»"P4"]`,
				msgs: []string{"step P3 takes material from step P4, which comes after it"}}}},
		{rule: "PR-05", name: "step takes material from a step that does not exist",
			edits: []edit{{proc, `"id": "P3",`, `"id": "P3",
      "from": ["P2", "X9"],`}},
			want: []want{{code: "PR-05", kind: proc, pointer: "/steps/2/from/1", at: `"from": ["P2", »"X9"]`,
				msgs: []string{`step P3 takes material from step "X9", which does not exist`}}}},

		// PR-07
		{rule: "PR-07", name: "hold time not in a unit of time",
			edits: []edit{{proc, `"max_hold": { "value": 6, "unit": "d" }`, `"max_hold": { "value": 6, "unit": "kg" }`}},
			want: []want{{code: "PR-07", kind: proc, pointer: "/steps/1/holds/0/max_hold/unit", at: `"max_hold": { "value": 6, "unit": »"kg" }`,
				msgs: []string{`hold of Fraction I+II+III paste: maximum hold is in "kg"; use min, h or d`}}}},
		{rule: "PR-07", name: "hold temperature range reversed",
			edits: []edit{{proc, `"temperature": { "low": 2, "high": 8 }, "max_hold": { "value": 24`, `"temperature": { "low": 8, "high": 2 }, "max_hold": { "value": 24`}},
			want: []want{{code: "UN-06", kind: proc, pointer: "/steps/0/holds/0/temperature", at: `"temperature": »{ "low": 8, "high": 2 }`,
				msgs: []string{"hold of Cryo-poor plasma: temperature runs from 8 °C down to 2 °C"}}}},

		// VC-08
		{rule: "VC-08", name: "panel without a non-enveloped DNA virus",
			edits: []edit{{viral, "\"genome\": \"DNA\",\n      \"enveloped\": false", "\"genome\": \"RNA\",\n      \"enveloped\": false"}},
			want: []want{{code: "VC-08", sev: diag.Warning, kind: viral, pointer: "/viruses", at: "\"viruses\": »[",
				msgs: []string{"the virus panel has no non-enveloped DNA virus"}}}},
	}...)
}

func TestRules(t *testing.T) {
	for _, c := range ruleCases() {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			in, srcs := example(t, c.edits...)
			if c.setup != nil {
				c.setup(&in)
			}
			got := Run(in)
			for _, d := range got {
				t.Log(d)
			}
			used := make([]bool, len(got))
			for _, w := range c.want {
				i := -1
				for j, d := range got {
					if !used[j] && d.Code == w.code && d.Pointer == w.pointer {
						i = j
						break
					}
				}
				if i < 0 {
					t.Errorf("missing %s at %s", w.code, w.pointer)
					continue
				}
				used[i] = true
				d := got[i]
				sev := w.sev
				if sev == "" {
					sev = diag.Error
				}
				if d.Severity != sev {
					t.Errorf("%s: severity %s, want %s", d, d.Severity, sev)
				}
				if want := exampleFiles[w.kind]; d.File != want {
					t.Errorf("%s: file %q, want %q", d, d.File, want)
				}
				line, col := position(t, srcs[w.kind], w.at)
				if d.Line != line || d.Col != col {
					t.Errorf("%s: at %d:%d, want %d:%d (%q)", d, d.Line, d.Col, line, col, w.at)
				}
				for _, m := range w.msgs {
					if !strings.Contains(d.Message, m) {
						t.Errorf("%s:\nmessage lacks %q", d, m)
					}
				}
			}
			for j, d := range got {
				if !used[j] {
					t.Errorf("unexpected %s", d)
				}
			}
		})
	}
}

// TestEveryRuleTested keeps the table honest: each rule has a case where
// it fires, and each rule's findings carry its code and no more than its
// severity.
func TestEveryRuleTested(t *testing.T) {
	fires := map[string]bool{}
	for _, c := range claimTextCases() { // applied by ClaimText, not Run
		fires[c.code] = true
	}
	for _, c := range ruleCases() {
		for _, w := range c.want {
			if w.code == c.rule {
				fires[c.rule] = true
			}
		}
	}
	for _, r := range Rules() {
		if !fires[r.Code] {
			t.Errorf("rule %s has no case where it fires", r.Code)
		}
	}
}

func TestSeverities(t *testing.T) {
	rules := map[string]diag.Severity{}
	for _, r := range Rules() {
		rules[r.Code] = r.Severity
	}
	for _, c := range ruleCases() {
		in, _ := example(t, c.edits...)
		if c.setup != nil {
			c.setup(&in)
		}
		for _, d := range Run(in) {
			sev, ok := rules[d.Code]
			if !ok {
				t.Errorf("%s: code not in Rules()", d)
			} else if sev == diag.Warning && d.Severity != diag.Warning {
				t.Errorf("%s: rule %s is a warning but reported an error", d, d.Code)
			}
		}
	}
}

// A pointer token of an unexpected type is written as text, never a panic
// in the middle of reporting a problem.
func TestPointerTokenOfAnyType(t *testing.T) {
	if got := ptr("lots", 2, true, 1.5); got != "/lots/2/true/1.5" {
		t.Fatalf("ptr = %q", got)
	}
}
