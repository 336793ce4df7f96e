package checks

import (
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

const mats = model.KindMaterials

// aceticAcid is the acetic acid entry of the example's materials list.
const aceticAcid = "\"name\": \"Acetic acid\",\n      \"grade\": \"Ph. Eur. 0590\",\n      \"supplier\": \"Example Chemicals AG\",\n      \"function\": \"pH adjustment\",\n      \"origin\": \"chemical\""

func materialsRuleCases() []ruleCase {
	return []ruleCase{
		{rule: "PR-06", name: "a step uses a material the list lacks",
			edits: []edit{{proc, `"materials": ["Sodium caprylate", "Filter aid (diatomaceous earth)", "Acetic acid"]`, `"materials": ["Sodium caprylate", "Filter aid (diatomaceous earth)", "Acetic acid", "Perlite"]`}},
			want: []want{{code: "PR-06", sev: diag.Warning, kind: proc, pointer: "/steps/2/materials/3", at: `"Acetic acid", »"Perlite"`,
				msgs: []string{`step P3 uses "Perlite", which materials.json does not list`}}}},
		{rule: "PR-06", name: "a listed material no step uses",
			edits: []edit{{proc, `"materials": ["Sodium caprylate", "Filter aid (diatomaceous earth)", "Acetic acid"]`, `"materials": ["Sodium caprylate", "Filter aid (diatomaceous earth)"]`}},
			want: []want{{code: "PR-06", sev: diag.Warning, kind: mats, pointer: "/materials/5/name", at: `"name": »"Acetic acid"`,
				msgs: []string{`material "Acetic acid" is listed but no drug substance step uses it`}}}},
		{rule: "PR-06", name: "a step spells the material in another case",
			edits: []edit{{proc, `"materials": ["Sodium caprylate", "Filter aid (diatomaceous earth)", "Acetic acid"]`, `"materials": ["Sodium caprylate", "Filter aid (diatomaceous earth)", "acetic acid "]`}}},
		{rule: "MT-01", name: "a material of animal origin without a TSE statement",
			edits: []edit{{mats, aceticAcid, "\"name\": \"Acetic acid\",\n      \"grade\": \"Ph. Eur. 0590\",\n      \"supplier\": \"Example Chemicals AG\",\n      \"function\": \"pH adjustment\",\n      \"origin\": \"animal\""}},
			want: []want{{code: "MT-01", kind: mats, pointer: "/materials/5", at: "»{\n      \"name\": \"Acetic acid\"",
				msgs: []string{"material Acetic acid is of animal origin but has no TSE/BSE statement"}}}},
		{rule: "MT-01", name: "a material of human origin with a TSE statement",
			edits: []edit{{mats, aceticAcid, "\"name\": \"Acetic acid\",\n      \"grade\": \"Ph. Eur. 0590\",\n      \"supplier\": \"Example Chemicals AG\",\n      \"function\": \"pH adjustment\",\n      \"origin\": \"human\", \"tse_statement\": \"Made from plasma of the donors of 3.2.S.2.3.1.\""}}},
		{rule: "CB-01", name: "a cell bank used in manufacture with no test record",
			edits: []edit{{mats, `"plasma": {`, `"cell_banks": [{ "id": "WCB", "name": "WCB-01", "derived_from": "MCB-01", "storage": "Liquid nitrogen, vapour phase", "preparation": "Expanded from one MCB vial.", "used_in_step": "P1" }],
  "plasma": {`}},
			want: []want{{code: "CB-01", kind: mats, pointer: "/cell_banks/0", at: `"cell_banks": [»{ "id": "WCB"`,
				msgs: []string{"cell bank WCB (WCB-01) is used in manufacture but no test of starting_material.cell_bank_tests in process.json names it"}}}},
		{rule: "CB-01", name: "a cell bank used in a step the process lacks",
			edits: []edit{{mats, `"plasma": {`, `"cell_banks": [{ "id": "WCB", "name": "WCB-01", "derived_from": "MCB-01", "storage": "Liquid nitrogen, vapour phase", "preparation": "Expanded from one MCB vial.", "used_in_step": "U1" }],
  "plasma": {`}},
			want: []want{
				{code: "CB-01", kind: mats, pointer: "/cell_banks/0/used_in_step", at: `"used_in_step": »"U1"`, msgs: []string{`cell bank WCB is used in step "U1", which the process does not have`}},
				{code: "CB-01", kind: mats, pointer: "/cell_banks/0", at: `"cell_banks": [»{ "id": "WCB"`, msgs: []string{"no test of starting_material.cell_bank_tests"}},
			}},
		{rule: "CB-01", name: "a bank kept for reference, not used, needs no test here",
			edits: []edit{{mats, `"plasma": {`, `"cell_banks": [{ "id": "RCB", "name": "RCB-01", "derived_from": "Clone C12", "storage": "Liquid nitrogen, vapour phase", "preparation": "Research bank." }],
  "plasma": {`}}},
	}
}
