package pipeline

import (
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/model"
)

func meaningOf(t testing.TB, kind, src string) *meaning {
	t.Helper()
	doc, ds := dataset.Parse("data/"+kind+".json", []byte(src), dataset.Options{})
	if doc == nil || len(ds) > 0 {
		t.Fatalf("%s does not parse: %v", kind, ds)
	}
	m, err := dataMeaning(kind, "data/"+kind+".json", doc)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestDataMeaningReadsAsTheBuild: a file in the old names, with a default
// left to the model and a false flag written out, means what the file in
// the new names means; each value of the normalised data is found where
// the file writes it.
func TestDataMeaningReadsAsTheBuild(t *testing.T) {
	const current = `{
  "id": "PR-1",
  "starting_material": { "kind": "plasma_pool", "name": "Plasma", "concentration": { "value": 10.0, "unit": "g/L" } },
  "steps": [
    { "id": "S1", "name": "Thawing", "virus_reduction": true,
      "product_in": { "value": 40.000, "unit": "kg" }, "product_out": { "value": 39.400, "unit": "kg" } }
  ]
}`
	const old = `{
  "id": "PR-1",
  "starting_material": { "name": "Plasma", "igg_concentration": { "value": 10.0, "unit": "g/L" } },
  "steps": [
    { "id": "S1", "name": "Thawing", "virus_reduction": true, "materials": [], "critical": false,
      "igg_in": { "value": 40.000, "unit": "kg" },
      "igg_out": { "value": 39.400, "unit": "kg" } }
  ]
}`
	a, b := meaningOf(t, model.KindProcess, current), meaningOf(t, model.KindProcess, old)
	if string(a.src) != string(b.src) {
		t.Errorf("the same process in old names reads differently:\n%s\n%s", a.src, b.src)
	}
	if !strings.Contains(string(a.src), `"value":40.000`) || strings.Contains(string(a.src), "igg_") {
		t.Errorf("numbers must stay as written and old names go: %s", a.src)
	}
	for _, c := range []struct{ pointer, file, place string }{
		{"/steps/0/product_out", "/steps/0/igg_out", "data/process.json:7:18"},
		{"/steps/0/product_out/value", "/steps/0/igg_out/value", "data/process.json:7:29"},
		{"/starting_material/concentration", "/starting_material/igg_concentration", "data/process.json:3:65"},
		// Filled in by the model: placed at the object that lacks it.
		{"/starting_material/kind", "/starting_material/kind", "data/process.json:3:24"},
		{"/", "", "data/process.json:1:1"},
	} {
		if got := b.filePointer(c.pointer); got != c.file && c.pointer != "/" {
			t.Errorf("file pointer of %s = %s, want %s", c.pointer, got, c.file)
		}
		if got := b.place(c.pointer); got != c.place {
			t.Errorf("place of %s = %s, want %s", c.pointer, got, c.place)
		}
	}
}

// TestDataMeaningOfTheComparatorsOldMembers: typical_iga is read as a
// compared test after those the file lists, and placed at typical_iga.
func TestDataMeaningOfTheComparatorsOldMembers(t *testing.T) {
	const old = `{
  "id": "C", "name": "Conventional",
  "compared_tests": [ { "test": "aggregates" } ],
  "typical_iga": { "value": 37, "unit": "µg/mL" }
}`
	const current = `{
  "id": "C", "name": "Conventional",
  "compared_tests": [ { "test": "aggregates" }, { "test": "iga", "typical": { "value": 37, "unit": "µg/mL" } } ]
}`
	a, b := meaningOf(t, model.KindComparator, current), meaningOf(t, model.KindComparator, old)
	if string(a.src) != string(b.src) {
		t.Errorf("the same comparator in old names reads differently:\n%s\n%s", a.src, b.src)
	}
	if got := b.filePointer("/compared_tests/1/typical"); got != "/typical_iga/typical" {
		t.Errorf("file pointer %s", got)
	}
	if got := b.place("/compared_tests/1"); got != "data/comparator.json:4:18" {
		t.Errorf("place %s", got)
	}
}

// TestDataMeaningKeepsAWrittenZero: month 0 is data; an integer the
// file leaves out is the model's default and is left out too.
func TestDataMeaningKeepsAWrittenZero(t *testing.T) {
	m := meaningOf(t, model.KindStability, `{ "material": "drug-product", "attributes": [], "studies": [ { "batch": "A", "time_points": [ { "month": 0, "results": [] } ] } ] }`)
	if s := string(m.src); !strings.Contains(s, `"month":0`) || strings.Contains(s, "proposed_shelf_life_months") || strings.Contains(s, "batches_per_year") {
		t.Errorf("normalised: %s", s)
	}
}

// BenchmarkDiffDataVersion reads the IVIG example's data files as diff
// compares them.
func BenchmarkDiffDataVersion(b *testing.B) {
	set, err := Compile()
	if err != nil {
		b.Fatal(err)
	}
	l, _, err := Load("../../examples/ivig-liquid", set, dataset.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := dataVersion(l); err != nil {
			b.Fatal(err)
		}
	}
}
