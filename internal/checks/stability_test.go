package checks

import (
	"strings"

	"github.com/regdoc/regdoc/internal/model"
)

const stab = model.KindStability

// lastLongTermPoint is the 24-month time point of the first long-term
// study of the example, after which a test adds a later one.
const lastLongTermPoint = `{ "month": 24, "results": [{ "test": "monomer-dimer", "value": 98.5 }, { "test": "aggregates", "value": 1.48 }, { "test": "fragments", "value": 1.1 }, { "test": "ph", "value": 4.25 }, { "test": "appearance", "text": "Complies" }] }`

// accelerated001 opens the accelerated study of RGX-24-001.
const accelerated001 = `"batch": "RGX-24-001", "scale": "production", "manufactured": "2024-03-04", "site": "Example Biologics fractionation plant, Building 4",
      "container": "100 mL Type I glass vial, bromobutyl stopper, aluminium crimp cap", "orientation": "inverted", "condition": "accelerated",`

func stabilityRuleCases() []ruleCase {
	return []ruleCase{
		{rule: "ST-01", name: "a 30-month result that falls steeply cuts the support below the proposal",
			edits: []edit{{stab, lastLongTermPoint, lastLongTermPoint + `,
        { "month": 30, "results": [{ "test": "monomer-dimer", "value": 84.0 }, { "test": "aggregates", "value": 1.80 }] }`}},
			want: []want{{code: "ST-01", sev: "warning", kind: stab, pointer: "/proposed_shelf_life_months", at: `"proposed_shelf_life_months": »24`,
				msgs: []string{"the proposed shelf life of 24 months is longer than the", "limited by Monomer and dimer", "Monomer and dimer (batches evaluated separately, batch RGX-24-001): the one-sided 95 % lower confidence limit of the mean meets the criterion at"}}}},
		{rule: "ST-01", name: "a proposal beyond the statistics and the real-time data",
			edits: []edit{{stab, `"proposed_shelf_life_months": 24,`, `"proposed_shelf_life_months": 60,`}},
			want: []want{
				{code: "ST-01", sev: "warning", kind: stab, pointer: "/proposed_shelf_life_months", at: `"proposed_shelf_life_months": »60`,
					msgs: []string{"longer than the 52 months the long-term data support (limited by pH)", "Aggregates (common slope, separate intercepts, batch RGX-24-002): the one-sided 95 % upper confidence limit of the mean meets the criterion at 53.5 months", "pH (common slope, separate intercepts, batch RGX-24-003): the two-sided 95 % lower or upper confidence limit of the mean meets the criterion at 52.9 months"}},
				{code: "ST-02", sev: "warning", kind: stab, pointer: "/proposed_shelf_life_months", at: `"proposed_shelf_life_months": »60`,
					msgs: []string{"real-time long-term data cover (24 months", "RGX-24-001 24, RGX-24-002 24, RGX-24-003 24", "no extrapolation is claimed"}},
			}},
		{rule: "ST-01", name: "the proposal the data support is quiet",
			edits: []edit{{stab, `"proposed_shelf_life_months": 24,`, `"proposed_shelf_life_months": 18,`}}},
		{rule: "ST-02", name: "a proposal beyond the real-time data without an extrapolation",
			edits: []edit{{stab, `"proposed_shelf_life_months": 24,`, `"proposed_shelf_life_months": 30,`}},
			want: []want{{code: "ST-02", sev: "warning", kind: stab, pointer: "/proposed_shelf_life_months", at: `"proposed_shelf_life_months": »30`,
				msgs: []string{"the proposed shelf life of 30 months is longer than the real-time long-term data cover (24 months"}}}},
		{rule: "ST-02", name: "a stated and justified extrapolation is quiet",
			edits: []edit{{stab, `"proposed_shelf_life_months": 24,`, `"proposed_shelf_life_months": 30,
  "extrapolation": { "months": 30, "reason": "No significant change at 25 °C over 6 months; the statistics support 53 months." },`}}},
		{rule: "ST-03", name: "an extrapolation beyond the Q1E limit",
			edits: []edit{{stab, `"proposed_shelf_life_months": 24,`, `"proposed_shelf_life_months": 36,
  "extrapolation": { "months": 36, "reason": "Prior knowledge." },`}},
			want: []want{{code: "ST-03", sev: "warning", kind: stab, pointer: "/extrapolation/months", at: `"months": »36, "reason"`,
				msgs: []string{"the claimed extrapolation to 36 months goes beyond ICH Q1E's limit for refrigerated products of 30 months (1.5 times the 24 months"}}}},
		{rule: "ST-03", name: "an extrapolation short of the proposal",
			edits: []edit{{stab, `"proposed_shelf_life_months": 24,`, `"proposed_shelf_life_months": 30,
  "extrapolation": { "months": 27, "reason": "Prior knowledge." },`}},
			want: []want{
				{code: "ST-03", sev: "warning", kind: stab, pointer: "/extrapolation/months", at: `"months": »27, "reason"`, msgs: []string{"reaches 27 months, short of the proposed 30"}},
			}},
		{rule: "ST-03", name: "an extrapolation over significant change at the accelerated condition",
			edits: []edit{
				{stab, `"proposed_shelf_life_months": 24,`, `"proposed_shelf_life_months": 30,
  "extrapolation": { "months": 30, "reason": "Prior knowledge." },`},
				{stab, `{ "test": "aggregates", "value": 2.69 }`, `{ "test": "aggregates", "value": 3.06 }`},
			},
			want: []want{{code: "ST-03", sev: "warning", kind: stab, pointer: "/extrapolation", at: `"extrapolation": »{ "months": 30`,
				msgs: []string{"the accelerated condition accelerated shows significant change (results outside the shelf-life criterion: Aggregates of RGX-24-", "at 6 months)"}}}},
		{rule: "ST-05", name: "a long-term result out of specification within the proposed shelf life",
			edits: []edit{{stab, `{ "month": 12, "results": [{ "test": "monomer-dimer", "value": 99.1 }`, `{ "month": 12, "results": [{ "test": "monomer-dimer", "value": 89.4 }`}},
			want: []want{{code: "ST-05", sev: "warning", kind: stab, pointer: "/studies/0/time_points/4/results/0", at: `{ "month": 12, "results": [»{ "test": "monomer-dimer", "value": 89.4 }`,
				msgs: []string{"batch RGX-24-001 fails Monomer and dimer at 12 months, within the proposed shelf life of 24 months"}}}},
		{rule: "ST-04", name: "a result for a test the file does not define",
			edits: []edit{{stab, `{ "month": 24, "results": [{ "test": "monomer-dimer", "value": 98.5 }`, `{ "month": 24, "results": [{ "test": "monomer-dimr", "value": 98.5 }`}},
			want: []want{{code: "ST-04", kind: stab, pointer: "/studies/0/time_points/6/results/0/test", at: `{ "month": 24, "results": [{ "test": »"monomer-dimr"`,
				msgs: []string{`batch RGX-24-001 at 24 months reports test "monomer-dimr", which the file does not define`, "(known: monomer-dimer, aggregates"}}}},
		{rule: "ST-04", name: "a study at an undefined condition",
			edits: []edit{{stab, accelerated001, strings.Replace(accelerated001, `"accelerated"`, `"acelerated"`, 1)}},
			want: []want{{code: "ST-04", kind: stab, pointer: "/studies/3/condition", at: `"orientation": "inverted", "condition": »"acelerated"`,
				msgs: []string{`batch RGX-24-001 is on study at condition "acelerated", which the file does not define`}}}},
	}
}
