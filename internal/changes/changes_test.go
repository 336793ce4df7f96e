package changes

import (
	"strings"
	"testing"
)

const process = `{
  "$schema": "../schemas/process.schema.json",
  "id": "PR-1",
  "steps": [
    { "id": "S1", "name": "Thawing", "parameters": [
      { "id": "S1-temp", "name": "Temperature", "unit": "°C", "set_point": 2, "nor": { "low": 0, "high": 4 }, "par": { "low": -1, "high": 6 }, "criticality": "non-critical" }
    ], "materials": ["Water for injections"] },
    { "id": "S2", "name": "Precipitation", "ipcs": [
      { "id": "S2-ph", "test": "pH", "criterion": { "type": "range", "low": 5.0, "high": 5.4, "unit": "1" }, "critical": true }
    ] },
    { "id": "S3", "name": "Filtration" }
  ]
}`

func compare(t *testing.T, kind, old, new string, sections ...string) []Change {
	t.Helper()
	cs, err := Compare(Version{Data: map[string][]byte{kind: []byte(old)}, Sections: sections},
		Version{Data: map[string][]byte{kind: []byte(new)}, Sections: sections})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func lines(cs []Change) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Action+" "+c.Key+" ["+c.Section+"] "+c.Old+" → "+c.New)
	}
	return strings.Join(out, "\n")
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name, kind, old, new, want string
		sections                   []string
	}{
		{name: "same data, other $schema and layout", kind: "process", old: process,
			new: strings.ReplaceAll(strings.Replace(process, "../schemas/", "https://regdoc.dev/schemas/v1/", 1), "\n", " "), want: ""},
		{name: "set point, unit and criticality, old and new; a critical parameter is 3.2.S.2.4 too", kind: "process", old: process,
			new:      strings.NewReplacer(`"set_point": 2`, `"set_point": 3`, `"unit": "°C"`, `"unit": "K"`, `"criticality": "non-critical"`, `"criticality": "CPP"`).Replace(process),
			sections: []string{"3.2.S.2.2", "3.2.S.2.4", "3.2.S.4.1"},
			want: "changed process/steps[S1]/parameters[S1-temp]/criticality [3.2.S.2.2, 3.2.S.2.4] non-critical → CPP\n" +
				"changed process/steps[S1]/parameters[S1-temp]/set_point [3.2.S.2.2, 3.2.S.2.4] 2 °C → 3 K\n" +
				"changed process/steps[S1]/parameters[S1-temp]/unit [3.2.S.2.2, 3.2.S.2.4] °C → K"},
		{name: "NOR narrowed; numbers as written", kind: "process", old: process,
			new:  strings.Replace(process, `"nor": { "low": 0, "high": 4 }`, `"nor": { "low": 0.0, "high": 4 }`, 1),
			want: "changed process/steps[S1]/parameters[S1-temp]/nor [3.2.S.2.2] 0–4 °C → 0.0–4 °C"},
		{name: "steps reordered are one change", kind: "process", old: process,
			new: strings.Replace(process, `{ "id": "S2", "name": "Precipitation", "ipcs": [
      { "id": "S2-ph", "test": "pH", "criterion": { "type": "range", "low": 5.0, "high": 5.4, "unit": "1" }, "critical": true }
    ] },
    { "id": "S3", "name": "Filtration" }`, `{ "id": "S3", "name": "Filtration" },
    { "id": "S2", "name": "Precipitation", "ipcs": [
      { "id": "S2-ph", "test": "pH", "criterion": { "type": "range", "low": 5.0, "high": 5.4, "unit": "1" }, "critical": true }
    ] }`, 1),
			want: "reordered process/steps/order [3.2.S.2.2] S1, S2, S3 → S1, S3, S2"},
		{name: "an added step and renamed ones", kind: "process", old: process,
			new: strings.Replace(strings.Replace(process, `{ "id": "S3", "name": "Filtration" }`, `{ "id": "S0", "name": "Pooling" }, { "id": "S3", "name": "Depth filtration" }`, 1),
				`"id": "S1", "name": "Thawing"`, `"id": "S1", "name": "Thawing and pooling"`, 1),
			want: "added process/steps[S0] [3.2.S.2.2]  → \n" +
				"renamed process/steps[S1]/name [3.2.S.2.2] Thawing → Thawing and pooling\n" +
				"renamed process/steps[S3]/name [3.2.S.2.2] Filtration → Depth filtration"},
		{name: "critical in-process control limit", kind: "process", old: process,
			new:  strings.Replace(process, `"low": 5.0, "high": 5.4`, `"low": 5.0, "high": 5.6`, 1),
			want: "changed process/steps[S2]/ipcs[S2-ph]/criterion [3.2.S.2.2, 3.2.S.2.4] 5.0–5.4 → 5.0–5.6"},
		{name: "a material added to a list of names", kind: "process", old: process,
			new:  strings.Replace(process, `["Water for injections"]`, `["Water for injections", "Sodium caprylate"]`, 1),
			want: "changed process/steps[S1]/materials [3.2.S.2.2] Water for injections → Water for injections, Sodium caprylate"},
		{name: "a kind this package does not know, compared by id", kind: "excipients",
			old: `{"items": [{"id": "glycine", "grade": "Ph. Eur.", "amount": {"value": 0.2, "unit": "M"}}, {"id": "ps80", "grade": "NF"}]}`,
			new: `{"items": [{"id": "ps80", "grade": "NF"}, {"id": "glycine", "grade": "USP", "amount": {"value": 0.25, "unit": "M"}}, {"id": "nacl", "grade": "USP"}]}`,
			want: "added excipients/items[nacl] []  → grade: USP\n" +
				"reordered excipients/items/order [] glycine, ps80 → ps80, glycine\n" +
				"changed excipients/items[glycine]/amount [] 0.2 M → 0.25 M\n" +
				"changed excipients/items[glycine]/grade [] Ph. Eur. → USP"},
		{name: "a flag left out is false: turning it on or off is a change", kind: "process", old: process,
			new: strings.Replace(strings.Replace(process, `, "critical": true`, ``, 1),
				`"name": "Filtration" }`, `"name": "Filtration", "virus_reduction": true }`, 1),
			sections: []string{"3.2.S.2.2", "3.2.S.2.4"},
			want: "changed process/steps[S2]/ipcs[S2-ph]/critical [3.2.S.2.2, 3.2.S.2.4] yes → no\n" +
				"changed process/steps[S3]/virus_reduction [3.2.S.2.2] no → yes"},
		{name: "a list without ids is compared position by position", kind: "stability",
			old:      `{"commitment": {"months": [0, 3, 6]}, "notes": [{"text": "a"}, {"text": "b"}]}`,
			new:      `{"commitment": {"months": [0, 3, 6, 9]}, "notes": [{"text": "a"}, {"text": "c"}, {"text": "d"}]}`,
			sections: []string{"3.2.P.8.1", "3.2.P.8.3"},
			want: "changed stability/commitment/months [3.2.P.8] 0, 3, 6 → 0, 3, 6, 9\n" +
				"changed stability/notes/1 [3.2.P.8] text: b → text: c\n" +
				"added stability/notes/2 [3.2.P.8]  → text: d"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := lines(compare(t, tc.kind, tc.old, tc.new, tc.sections...))
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestRemovedTestCarriesItsResults: removing a specification test removes
// its result from every batch; the list holds the cause, once, and says
// what it carried. A result removed alone stays a change of its own.
func TestRemovedTestCarriesItsResults(t *testing.T) {
	spec := `{"tests": [{"id": "ph", "name": "pH", "criterion": {"type": "range", "low": 4.0, "high": 4.4, "unit": "1"}}, {"id": "iga", "name": "IgA", "criterion": {"type": "nmt", "value": 0.4, "unit": "mg/mL"}}]}`
	batches := `{"lots": [{"lot": "A", "results": [{"test": "ph", "value": 4.2}, {"test": "iga", "value": 0.1}]}, {"lot": "B", "results": [{"test": "ph", "value": 4.3}, {"test": "iga", "value": 0.2}]}]}`
	newSpec := `{"tests": [{"id": "ph", "name": "pH", "criterion": {"type": "range", "low": 4.0, "high": 4.4, "unit": "1"}}]}`
	newBatches := `{"lots": [{"lot": "A", "results": [{"test": "ph", "value": 4.2}]}, {"lot": "B", "results": [{"test": "iga", "value": 0.2}]}]}`
	cs, err := Compare(
		Version{Data: map[string][]byte{"specification": []byte(spec), "batches": []byte(batches)}, Sections: []string{"3.2.S.4.1", "3.2.S.4.4"}},
		Version{Data: map[string][]byte{"specification": []byte(newSpec), "batches": []byte(newBatches)}, Sections: []string{"3.2.S.4.1", "3.2.S.4.4"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "removed specification/tests[iga] [3.2.S.4.1] criterion: NMT 0.4 mg/mL → \n" +
		"removed batches/lots[B]/results[ph] [3.2.S.4.4] value: 4.3 → "
	if got := lines(cs); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(cs) == 2 && cs[0].Includes != "and its result in 1 batch or time point" {
		t.Errorf("includes %q", cs[0].Includes)
	}
}

// TestWholeKindAddedOrRemoved: a data file the manifest names in one
// version only is one change.
func TestWholeKindAddedOrRemoved(t *testing.T) {
	cs, err := Compare(
		Version{Data: map[string][]byte{"claims": []byte(`{"claims": []}`)}, Files: map[string]string{"claims": "data/claims.json"}},
		Version{Data: map[string][]byte{"materials": []byte(`{"materials": []}`)}, Files: map[string]string{"materials": "data/materials.json"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "removed claims [] data/claims.json → \nadded materials [3.2.S.2.3]  → data/materials.json"
	if got := lines(cs); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestListsWithoutIDsMatchByName checks that materials, manufacturers and
// components, which have no id, are matched by what identifies them: a
// removed material is one removal, not a change to every later item, and
// each change falls in the CTD section that prints it.
func TestListsWithoutIDsMatchByName(t *testing.T) {
	materials := `{"materials": [
  {"name": "Water for injections", "grade": "Ph. Eur. 0169", "supplier": "On site"},
  {"name": "Ethanol 96 % v/v", "grade": "Ph. Eur. 1317", "supplier": "A"},
  {"name": "Sodium caprylate", "grade": "Ph. Eur. 1164", "supplier": "B"}]}`
	removed := `{"materials": [
  {"name": "Water for injections", "grade": "Ph. Eur. 0169", "supplier": "Other"},
  {"name": "Sodium caprylate", "grade": "Ph. Eur. 1164", "supplier": "B"}]}`
	got := lines(compare(t, "materials", materials, removed, "3.2.S.2.3"))
	want := "removed materials/materials[Ethanol 96 % v/v] [3.2.S.2.3] grade: Ph. Eur. 1317; supplier: A → \n" +
		"changed materials/materials[Water for injections]/supplier [3.2.S.2.3] On site → Other"
	if got != want {
		t.Errorf("materials:\n got %s\nwant %s", got, want)
	}

	dp := `{"composition": [{"component": "IgG", "function": "Active"}, {"component": "Glycine", "function": "Stabiliser"}],
  "manufacturers": [{"name": "Fill plant", "responsibility": "Filling"}],
  "lots": [{"lot": "F1", "yield": 1}]}`
	dpNew := `{"composition": [{"component": "Glycine", "function": "Tonicity"}, {"component": "IgG", "function": "Active"}],
  "manufacturers": [{"name": "Fill plant", "responsibility": "Filling and inspection"}],
  "lots": [{"lot": "F1", "yield": 2}]}`
	got = lines(compare(t, "drug_product", dp, dpNew, "3.2.P.1", "3.2.P.3.1", "3.2.P.5.4"))
	for _, w := range []string{
		"changed drug_product/composition[Glycine]/function [3.2.P.1] Stabiliser → Tonicity",
		"reordered drug_product/composition/order [3.2.P.1] IgG, Glycine → Glycine, IgG",
		"changed drug_product/manufacturers[Fill plant]/responsibility [3.2.P.3.1] Filling → Filling and inspection",
		"changed drug_product/lots[F1]/yield [3.2.P.5.4] 1 → 2",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("drug product: %q missing from\n%s", w, got)
		}
	}
}

// stagedProcess has a drug substance step and a drug product step, each
// with a critical and a non-critical parameter, and a starting material
// with its cell bank tests.
const stagedProcess = `{
  "starting_material": { "kind": "cell_bank_vial", "name": "WCB vial",
    "cell_bank_tests": [ { "test": "Sterility", "banks": ["MCB", "WCB"], "result": "Complies" } ] },
  "steps": [
    { "id": "D1", "name": "Chromatography", "parameters": [
      { "id": "D1-ph", "name": "pH", "unit": "1", "par": { "low": 5, "high": 6 }, "criticality": "CPP" },
      { "id": "D1-flow", "name": "Flow", "unit": "cm/h", "par": { "low": 100, "high": 200 }, "criticality": "non-critical" },
      { "id": "D1-temp", "name": "Temperature", "unit": "°C", "par": { "low": 15, "high": 25 }, "criticality": "non-critical" }
    ] },
    { "id": "F1", "name": "Incubation in the final container", "stage": "drug_product", "parameters": [
      { "id": "F1-temp", "name": "Temperature", "unit": "°C", "par": { "low": 22, "high": 28 }, "criticality": "CPP" },
      { "id": "F1-light", "name": "Light", "unit": "lx", "par": { "low": 0, "high": 10 }, "criticality": "non-critical" }
    ] }
  ]
}`

// TestProcessSectionsFollowTheStage: a change inside a process step falls
// in the section of the step's stage (3.2.P.3.3 for a drug product step,
// with 3.2.P.3.4 when critical), the starting material in 3.2.S.2.3, and a
// reordered list in the critical steps' section when a critical item moved.
func TestProcessSectionsFollowTheStage(t *testing.T) {
	all := []string{"3.2.S.2.2", "3.2.S.2.3", "3.2.S.2.4", "3.2.P.3.3", "3.2.P.3.4"}
	tests := []struct{ name, new, want string }{
		{"a drug product step's critical parameter",
			strings.Replace(stagedProcess, `"low": 22, "high": 28`, `"low": 21, "high": 28`, 1),
			"changed process/steps[F1]/parameters[F1-temp]/par [3.2.P.3.3, 3.2.P.3.4] 22–28 °C → 21–28 °C"},
		{"a drug product step's non-critical parameter",
			strings.Replace(stagedProcess, `"low": 0, "high": 10`, `"low": 0, "high": 20`, 1),
			"changed process/steps[F1]/parameters[F1-light]/par [3.2.P.3.3] 0–10 lx → 0–20 lx"},
		{"a drug product step renamed",
			strings.Replace(stagedProcess, `"Incubation in the final container"`, `"Low-pH incubation"`, 1),
			"renamed process/steps[F1]/name [3.2.P.3.3] Incubation in the final container → Low-pH incubation"},
		{"a drug substance step's critical parameter",
			strings.Replace(stagedProcess, `"low": 5, "high": 6`, `"low": 5, "high": 6.5`, 1),
			"changed process/steps[D1]/parameters[D1-ph]/par [3.2.S.2.2, 3.2.S.2.4] 5–6 → 5–6.5"},
		{"a step moved to the drug product stage is filed in both",
			strings.Replace(stagedProcess, `"name": "Chromatography",`, `"name": "Chromatography", "stage": "drug_product",`, 1),
			"added process/steps[D1]/stage [3.2.P.3.3, 3.2.S.2.2]  → drug_product"},
		{"the cell bank tests",
			strings.Replace(stagedProcess, `"result": "Complies"`, `"result": "Complies (2025)"`, 1),
			"changed process/starting_material/cell_bank_tests[Sterility]/result [3.2.S.2.3] Complies → Complies (2025)"},
		{"a critical parameter moved in its list",
			swap(stagedProcess, `{ "id": "D1-ph", "name": "pH", "unit": "1", "par": { "low": 5, "high": 6 }, "criticality": "CPP" }`,
				`{ "id": "D1-flow", "name": "Flow", "unit": "cm/h", "par": { "low": 100, "high": 200 }, "criticality": "non-critical" }`),
			"reordered process/steps[D1]/parameters/order [3.2.S.2.2, 3.2.S.2.4] D1-ph, D1-flow, D1-temp → D1-flow, D1-ph, D1-temp"},
		{"only non-critical parameters moved",
			swap(stagedProcess, `{ "id": "D1-flow", "name": "Flow", "unit": "cm/h", "par": { "low": 100, "high": 200 }, "criticality": "non-critical" }`,
				`{ "id": "D1-temp", "name": "Temperature", "unit": "°C", "par": { "low": 15, "high": 25 }, "criticality": "non-critical" }`),
			"reordered process/steps[D1]/parameters/order [3.2.S.2.2] D1-ph, D1-flow, D1-temp → D1-ph, D1-temp, D1-flow"},
		{"drug product parameters swapped, one critical",
			swap(stagedProcess, `{ "id": "F1-temp", "name": "Temperature", "unit": "°C", "par": { "low": 22, "high": 28 }, "criticality": "CPP" }`,
				`{ "id": "F1-light", "name": "Light", "unit": "lx", "par": { "low": 0, "high": 10 }, "criticality": "non-critical" }`),
			"reordered process/steps[F1]/parameters/order [3.2.P.3.3, 3.2.P.3.4] F1-temp, F1-light → F1-light, F1-temp"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.new == stagedProcess {
				t.Fatal("the edit did not apply")
			}
			if got := lines(compare(t, "process", stagedProcess, tc.new, all...)); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// swap exchanges the texts a and b in s.
func swap(s, a, b string) string {
	return strings.NewReplacer(a, b, b, a).Replace(s)
}

// TestRemovedTestCarriesItsJustification: the justification of a removed
// test goes with it (rule SJ-02), folded into the test's removal; a
// justification removed alone is worded as what it is.
func TestRemovedTestCarriesItsJustification(t *testing.T) {
	spec := `{"tests": [{"id": "ph", "name": "pH"}, {"id": "iga", "name": "IgA"}]}`
	just := `{"tests": [{"test": "ph", "rationale": "Compendial."}, {"test": "iga", "safety": "Anaphylaxis risk."}]}`
	batches := `{"lots": [{"lot": "A", "results": [{"test": "ph", "value": 4.2}, {"test": "iga", "value": 0.1}]}]}`
	secs := []string{"3.2.S.4.1", "3.2.S.4.4", "3.2.S.4.5"}
	version := func(spec, just, batches string) Version {
		return Version{Data: map[string][]byte{"specification": []byte(spec), "justification": []byte(just), "batches": []byte(batches)}, Sections: secs}
	}
	cs, err := Compare(version(spec, just, batches), version(`{"tests": [{"id": "ph", "name": "pH"}]}`,
		`{"tests": [{"test": "ph", "rationale": "Compendial."}]}`, `{"lots": [{"lot": "A", "results": [{"test": "ph", "value": 4.2}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := lines(cs); got != "removed specification/tests[iga] [3.2.S.4.1]  → " || cs[0].Includes != "and its result in 1 batch or time point, and its justification" {
		t.Errorf("got\n%s\nincludes %q", got, cs[0].Includes)
	}

	// The justification alone.
	cs, err = Compare(version(spec, just, batches), version(spec, `{"tests": [{"test": "ph", "rationale": "Compendial."}]}`, batches))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].What != "justification of test iga" || cs[0].Section != "3.2.S.4.5" || cs[0].Includes != "" {
		t.Errorf("the justification alone: %+v", cs)
	}
}

// TestRemovedDrugProductTestCarriesItsResults: the drug product's own
// specification and lots fold alike, and a result removed alone names its
// batch.
func TestRemovedDrugProductTestCarriesItsResults(t *testing.T) {
	dp := `{"specification": {"id": "S", "tests": [{"id": "ph", "name": "pH"}, {"id": "volume", "name": "Extractable volume"}]},
  "lots": [{"lot": "F1", "results": [{"test": "ph", "value": 4.2}, {"test": "volume", "text": "Complies"}]},
           {"lot": "F2", "results": [{"test": "ph", "value": 4.3}, {"test": "volume", "text": "Complies"}]}]}`
	removed := `{"specification": {"id": "S", "tests": [{"id": "ph", "name": "pH"}]},
  "lots": [{"lot": "F1", "results": [{"test": "ph", "value": 4.2}]},
           {"lot": "F2", "results": [{"test": "volume", "text": "Complies"}]}]}`
	cs := compare(t, "drug_product", dp, removed, "3.2.P.5.1", "3.2.P.5.4")
	want := "removed drug_product/lots[F2]/results[ph] [3.2.P.5.4] value: 4.3 → \n" +
		"removed drug_product/specification/tests[volume] [3.2.P.5.1]  → "
	if got := lines(cs); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if cs[0].What != "batch F2 › result ph" {
		t.Errorf("a result removed alone is worded %q; it must name its batch", cs[0].What)
	}
	if cs[1].Includes != "and its result in 1 batch" {
		t.Errorf("includes %q", cs[1].Includes)
	}
}
