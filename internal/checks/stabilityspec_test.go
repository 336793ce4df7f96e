package checks

import (
	"testing"

	"github.com/regdoc/regdoc/internal/model"
)

// Attributes of the example's stability.json, as written, for edits.
const (
	stabPH         = `{ "id": "ph", "name": "pH", "method": "Ph. Eur. 2.2.3", "criterion": { "type": "range", "low": 4.0, "high": 4.4, "unit": "1" }, "trend": "either", "evaluate": true }`
	stabAggregates = `"criterion": { "type": "nmt", "value": 3.0, "unit": "%" }, "release_criterion": { "type": "nmt", "value": 2.0, "unit": "%" }`
	// firstContainer is the container of the first long-term study.
	firstContainer = `"container": "100 mL Type I glass vial, bromobutyl stopper, aluminium crimp cap", "orientation": "inverted", "condition": "long-term",
      "time_points": [
        { "month": 0, "results": [{ "test": "monomer-dimer", "value": 99.8 }`
)

// Firing and quiet cases of XF-09, each an edit of the worked example;
// the first two are the faults a review found in it by reading.
func stabilitySpecRuleCases() []ruleCase {
	return []ruleCase{
		{rule: "XF-09", name: "the stability pH range wider than the drug product specification's",
			edits: []edit{{stab, stabPH, `{ "id": "ph", "name": "pH", "method": "Ph. Eur. 2.2.3", "criterion": { "type": "range", "low": 3.8, "high": 4.6, "unit": "1" }, "trend": "either", "evaluate": true }`}},
			want: []want{{code: "XF-09", kind: stab, pointer: "/attributes/3/criterion", at: `"method": "Ph. Eur. 2.2.3", "criterion": »{ "type": "range", "low": 3.8`,
				msgs: []string{"the stability shelf-life criterion of pH, 3.8–4.6, is looser than specification SPEC-RGX-IVIG-DP's for test ph, 4.0–4.4 at drug-product.json:253 (its release criterion, which holds until the end of shelf life",
					"a lot could meet the stability protocol and fail the specification", `or say why under "criterion_reason"`}}}},
		{rule: "XF-09", name: "the same range with its reason stated",
			edits: []edit{{stab, stabPH, `{ "id": "ph", "name": "pH", "method": "Ph. Eur. 2.2.3", "criterion": { "type": "range", "low": 3.8, "high": 4.6, "unit": "1" }, "trend": "either", "evaluate": true, "criterion_reason": "Shelf-life range of the licensed comparator product." }`}}},
		{rule: "XF-09", name: "a stopper on study of another elastomer than the container closure's",
			edits: []edit{{stab, firstContainer, `"container": "100 mL Type I glass vial, chlorobutyl stopper, aluminium crimp cap", "orientation": "inverted", "condition": "long-term",
      "time_points": [
        { "month": 0, "results": [{ "test": "monomer-dimer", "value": 99.8 }`}},
			want: []want{{code: "XF-09", kind: stab, pointer: "/studies/0/container", at: `"container": »"100 mL Type I glass vial, chlorobutyl stopper`,
				msgs: []string{`batch RGX-24-001 is on study at long-term in "100 mL Type I glass vial, chlorobutyl stopper, aluminium crimp cap" (stopper elastomer: chlorobutyl), but the drug product's stopper is "Bromobutyl rubber, siliconised" at drug-product.json:67`}}}},
		{rule: "XF-09", name: "a vial on study of another glass type",
			edits: []edit{{stab, firstContainer, `"container": "100 mL Type II glass vial, bromobutyl stopper, aluminium crimp cap", "orientation": "inverted", "condition": "long-term",
      "time_points": [
        { "month": 0, "results": [{ "test": "monomer-dimer", "value": 99.8 }`}},
			want: []want{{code: "XF-09", kind: stab, pointer: "/studies/0/container", at: `"container": »"100 mL Type II glass vial`,
				msgs: []string{`(glass type: Type II), but the drug product's vial is "Type I borosilicate glass, tubular" at drug-product.json:61`}}}},
		{rule: "XF-09", name: "a container named without its materials",
			edits: []edit{{stab, firstContainer, `"container": "100 mL vial as marketed", "orientation": "inverted", "condition": "long-term",
      "time_points": [
        { "month": 0, "results": [{ "test": "monomer-dimer", "value": 99.8 }`}}},
		{rule: "XF-09", name: "a shelf-life criterion tighter than the one the specification lists apart",
			edits: []edit{{stab, stabAggregates, `"criterion": { "type": "nmt", "value": 2.5, "unit": "%" }, "release_criterion": { "type": "nmt", "value": 2.0, "unit": "%" }`}},
			want: []want{{code: "XF-09", kind: stab, pointer: "/attributes/1/criterion", at: `"method": "SEC-HPLC (3.2.P.5.2)", "criterion": »{ "type": "nmt", "value": 2.5`,
				msgs: []string{"the stability shelf-life criterion of Aggregates, ≤ 2.5 %, is tighter than specification SPEC-RGX-IVIG-DP's for test aggregates, ≤ 3.0 % at drug-product.json:325 (its shelf-life criterion)",
					"a lot within specification would count as failing on stability"}}}},
		{rule: "XF-09", name: "a release criterion of another kind than the specification's",
			edits: []edit{{stab, stabAggregates, `"criterion": { "type": "nmt", "value": 3.0, "unit": "%" }, "release_criterion": { "type": "lt", "value": 2.0, "unit": "%" }`}},
			want: []want{{code: "XF-09", kind: stab, pointer: "/attributes/1/release_criterion", at: `"release_criterion": »{ "type": "lt", "value": 2.0`,
				msgs: []string{"the stability release criterion of Aggregates, < 2.0 %, is different from specification SPEC-RGX-IVIG-DP's release criterion for test aggregates, ≤ 2.0 % at drug-product.json:231",
					"the study's starting point would be judged on a criterion the specification does not file"}}}},
		{rule: "XF-09", name: "a release criterion written with another precision is the same",
			edits: []edit{{stab, stabAggregates, `"criterion": { "type": "nmt", "value": 3, "unit": "%" }, "release_criterion": { "type": "nmt", "value": 2.00, "unit": "%" }`}}},
		{rule: "XF-09", name: "results of an attribute the specification does not test",
			edits: []edit{
				{stab, stabPH, stabPH + `,
    { "id": "osmo", "name": "Osmolality", "method": "Freezing-point depression (Ph. Eur. 2.2.35)", "criterion": { "type": "range", "low": 240, "high": 300, "unit": "mOsm/kg" } }`},
				{stab, lastLongTermPoint, `{ "month": 24, "results": [{ "test": "monomer-dimer", "value": 98.5 }, { "test": "aggregates", "value": 1.48 }, { "test": "fragments", "value": 1.1 }, { "test": "ph", "value": 4.25 }, { "test": "appearance", "text": "Complies" }, { "test": "osmo", "value": 281 }] }`},
			},
			want: []want{{code: "XF-09", kind: stab, pointer: "/attributes/4/id", at: `{ "id": »"osmo"`,
				msgs: []string{"stability attribute osmo (Osmolality) has results (the first at stability.json:30), but specification SPEC-RGX-IVIG-DP at drug-product.json:192 does not test osmo (by Freezing-point depression it tests osmolality)",
					"give the attribute the id of the specification's test it measures"}}}},
		{rule: "XF-09", name: "without drug product data, drug product studies answer to specification.json's release criteria",
			setup: func(in *Input) { in.Project.DrugProduct = nil },
			want: []want{
				{code: "XF-09", kind: stab, pointer: "/attributes/0/criterion", at: `"method": "SEC-HPLC (3.2.P.5.2)", "criterion": »{ "type": "nlt", "value": 90`,
					msgs: []string{"Monomer and dimer, ≥ 90 %, is looser than specification SPEC-RGX-IVIG-DS's for test monomer-dimer, ≥ 95.0 % at specification.json:10 (its release criterion, which holds until the end of shelf life"}},
				{code: "XF-09", kind: stab, pointer: "/attributes/1/criterion", at: `"method": "SEC-HPLC (3.2.P.5.2)", "criterion": »{ "type": "nmt", "value": 3.0`,
					msgs: []string{"Aggregates, ≤ 3.0 %, is looser than specification SPEC-RGX-IVIG-DS's for test aggregates, ≤ 2.0 % at specification.json:11"}},
				{code: "XF-09", kind: stab, pointer: "/attributes/2/criterion", at: `"method": "SEC-HPLC (3.2.P.5.2)", "criterion": »{ "type": "nmt", "value": 5.0`,
					msgs: []string{"Fragments, ≤ 5.0 %, is looser than specification SPEC-RGX-IVIG-DS's for test fragments, ≤ 2.0 % at specification.json:12"}},
				{code: "XF-09", kind: stab, pointer: "/attributes/4/id", at: `{ "id": »"appearance", "name": "Appearance"`,
					msgs: []string{"stability attribute appearance (Appearance) has results (the first at stability.json:23), but specification SPEC-RGX-IVIG-DS at specification.json:7 does not test appearance"}},
			}},
		{rule: "XF-09", name: "an attribute the specification does not test, on the protocol without results",
			edits: []edit{{stab, stabPH, stabPH + `,
    { "id": "osmo", "name": "Osmolality", "method": "Freezing-point depression (Ph. Eur. 2.2.35)", "criterion": { "type": "range", "low": 240, "high": 300, "unit": "mOsm/kg" } }`}}},
	}
}

func TestCompareCriteria(t *testing.T) {
	rng := func(lo, hi string) model.Criterion {
		return model.Criterion{Type: "range", Low: num(lo), High: num(hi), Unit: "1"}
	}
	nmt := func(v string) model.Criterion { return model.Criterion{Type: "nmt", Value: num(v), Unit: "%"} }
	nlt := func(v string) model.Criterion { return model.Criterion{Type: "nlt", Value: num(v), Unit: "%"} }
	for _, tc := range []struct {
		name string
		a, b model.Criterion
		want string
	}{
		{"equal ranges", rng("4.0", "4.4"), rng("4", "4.40"), ""},
		{"wider range", rng("3.8", "4.6"), rng("4.0", "4.4"), "looser than"},
		{"narrower range", rng("4.1", "4.3"), rng("4.0", "4.4"), "tighter than"},
		{"shifted range", rng("4.1", "4.5"), rng("4.0", "4.4"), "different from"},
		{"open upper bound", model.Criterion{Type: "range", Low: num("4.0"), Unit: "1"}, rng("4.0", "4.4"), "looser than"},
		{"higher NMT", nmt("3.0"), nmt("2.0"), "looser than"},
		{"lower NLT", nlt("90"), nlt("95.0"), "looser than"},
		{"higher NLT", nlt("97"), nlt("95.0"), "tighter than"},
		{"another unit", model.Criterion{Type: "nmt", Value: num("2.0"), Unit: "mg/mL"}, nmt("2.0"), "different from"},
		{"text against a number", model.Criterion{Type: "text", Text: "Complies"}, nmt("2.0"), "different from"},
		{"two texts", model.Criterion{Type: "text", Text: "Clear"}, model.Criterion{Type: "text", Text: "Complies"}, ""},
	} {
		if got := compareCriteria(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
