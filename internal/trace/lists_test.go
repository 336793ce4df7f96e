package trace

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/model"
)

// listData is what the list templates below read: the IVIG example's
// process (seven drug substance steps P1–P7, drug product steps P8 and
// P9), materials and virus clearance studies.
type listData struct {
	Process        *model.Process
	Materials      *model.Materials
	ViralClearance *model.ViralClearance
}

func listExample(t *testing.T) (*Index, *listData) {
	t.Helper()
	d := &listData{Process: &model.Process{}, Materials: &model.Materials{}, ViralClearance: &model.ViralClearance{}}
	roots := map[*dataset.Document]any{}
	for name, target := range map[string]any{"process.json": d.Process, "materials.json": d.Materials, "viral-clearance.json": d.ViralClearance} {
		src, err := os.ReadFile("../../examples/ivig-liquid/data/" + name)
		if err != nil {
			t.Fatal(err)
		}
		doc, ds := dataset.Parse("data/"+name, src, dataset.Options{})
		if doc == nil {
			t.Fatal(ds)
		}
		if err := json.Unmarshal(src, target); err != nil {
			t.Fatal(err)
		}
		roots[doc] = target
	}
	return NewIndex(roots), d
}

// listEntries renders src over d, as the pipeline does for a trace, and
// returns the entries of its text (one page) with the printed values.
func listEntries(t *testing.T, ix *Index, d *listData, src string) ([]Entry, []mdtemplate.Traced, string) {
	t.Helper()
	tpl, err := mdtemplate.Parse("t.md", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	md, printed, err := tpl.RenderTrace(d)
	if err != nil {
		t.Fatal(err)
	}
	return ix.Entries("t.md", printed, []string{string(md)}), printed, string(md)
}

func entryFor(entries []Entry, text string) (Entry, bool) {
	for _, e := range entries {
		if e.Text == text {
			return e, true
		}
	}
	return Entry{}, false
}

// pointers are an entry's input pointers, one string.
func pointers(e Entry) string {
	var out []string
	for _, in := range e.Sources[0].Inputs {
		out = append(out, in.File+"#"+in.Pointer)
	}
	return strings.Join(out, " ")
}

const stepListTemplate = `{{$p := .Process}}{{$dp := $p.DrugProduct}}{{$ds := $p.DrugSubstance -}}
drug product steps ({{join $dp.StepIDs ", "}})
drug substance yield, steps {{$ds.YieldSpan}}: {{fixed 2 $ds.OverallYieldPerLitre}} g/L
overall, steps {{$p.YieldSpan}}
parameters: {{$ds.ParameterCounts}}
drug product CPPs: {{count ($dp.CountByCriticality "CPP") "critical process parameter"}}
`

// TestStepListsAreTracedToEachStep: the ids of the drug product steps,
// the step span of a yield, the parameters counted by criticality and
// the drug substance yield per litre are listed with their formulas and
// every step id, stage, mass and criticality they are made of.
func TestStepListsAreTracedToEachStep(t *testing.T) {
	ix, d := listExample(t)
	entries, _, md := listEntries(t, ix, d, stepListTemplate)
	const proc = "data/process.json#"
	for _, c := range []struct{ text, formula, has string }{
		{"P8, P9", "step ids = the ids of the drug product steps (stage drug_product), in process order",
			proc + "/steps/7/stage " + proc + "/steps/8/stage " + proc + "/steps/7/id " + proc + "/steps/8/id"},
		{"P1–P7", "yield span = the ids of the first and the last of the drug substance steps", proc + "/steps/0/id " + proc + "/steps/6/id"},
		{"P1–P9", "yield span = the ids of the first and the last of the steps of the process", proc + "/steps/8/product_out/value " + proc + "/steps/0/id " + proc + "/steps/8/id"},
		{"22 critical process parameters (CPP), 3 key process parameters (KPP) and 1 non-critical parameter",
			"parameter counts = the number of process parameters of the drug substance steps", proc + "/steps/6/parameters/0/criticality"},
		{"4 critical process parameters", "count = the number of process parameters of the drug product steps (stage drug_product) whose criticality is CPP",
			proc + "/steps/7/parameters/0/criticality " + proc + "/steps/8/parameters/0/criticality"},
		{"7.61", "overall yield per litre", proc + "/starting_material/concentration/value"},
	} {
		e, ok := entryFor(entries, c.text)
		if !ok {
			t.Errorf("%q is not listed; printed:\n%s\nentries %+v", c.text, md, entries)
			continue
		}
		if len(e.Sources) != 1 || !strings.HasPrefix(e.Sources[0].Formula, c.formula) || !strings.Contains(pointers(e), c.has) {
			t.Errorf("%q: formula %q, inputs %s; want %q with %s", c.text, e.Sources[0].Formula, pointers(e), c.formula, c.has)
		}
	}
	if e, _ := entryFor(entries, "22 critical process parameters (CPP), 3 key process parameters (KPP) and 1 non-critical parameter"); len(e.Sources) == 1 && strings.Count(pointers(e), "/criticality") != 26 {
		t.Errorf("parameter counts over %d criticalities, want the 26 of P1–P7", strings.Count(pointers(e), "/criticality"))
	}
	if e, _ := entryFor(entries, "4 critical process parameters"); len(e.Sources) == 1 && strings.Count(pointers(e), "/criticality") != 4 {
		t.Errorf("CPP count over %s, want the 4 CPPs of P8 and P9", pointers(e))
	}
}

// TestStepListsGoWhenTheDataNoLongerGiveThem: a list printed from the
// data is no longer listed once what it was printed from differs from
// what its formula recomputes: a step that changed its stage, a
// parameter whose class changed, a printed list that is not the steps'.
func TestStepListsGoWhenTheDataNoLongerGiveThem(t *testing.T) {
	ix, d := listExample(t)
	_, printed, md := listEntries(t, ix, d, stepListTemplate)
	pages := []string{md}
	// A printed value its sources do not give.
	wrong := append([]mdtemplate.Traced(nil), printed...)
	for i, p := range wrong {
		if p.Text == "P8, P9" {
			wrong[i].Sources = []reflect.Value{reflect.ValueOf([]string{"P8", "P10"})}
		}
	}
	if _, ok := entryFor(ix.Entries("t.md", wrong, pages), "P8, P9"); ok {
		t.Error("P8, P9 listed from a list of P8 and P10")
	}
	// P9 no longer a drug product step: the views printed from are no
	// stage of the process.
	d.Process.Steps[8].Stage = ""
	got := ix.Entries("t.md", printed, pages)
	for _, text := range []string{"P8, P9", "P1–P7", "4 critical process parameters", "22 critical process parameters (CPP), 3 key process parameters (KPP) and 1 non-critical parameter"} {
		if e, ok := entryFor(got, text); ok {
			t.Errorf("%q listed after P9 left the drug product steps: %+v", text, e)
		}
	}
	d.Process.Steps[8].Stage = model.StageDrugProduct
	// A CPP of P8 reclassified: 3 CPPs now, 4 printed.
	d.Process.Steps[7].Parameters[0].Criticality = "KPP"
	got = ix.Entries("t.md", printed, pages)
	if e, ok := entryFor(got, "4 critical process parameters"); ok {
		t.Errorf("4 CPPs listed where the data hold 3: %+v", e)
	}
	if _, ok := entryFor(got, "P8, P9"); !ok {
		t.Error("P8, P9 no longer listed though the steps did not change")
	}
}

// TestMaterialStepsAreTracedToTheSteps: the steps 3.2.S.2.3 lists for a
// material are the drug substance steps whose materials name it, each
// with its id and the entry naming the material; once a step no longer
// names it, the list printed is not listed.
func TestMaterialStepsAreTracedToTheSteps(t *testing.T) {
	ix, d := listExample(t)
	src := `{{range $u := .Materials.MaterialUses .Process.DrugSubstance}}{{.Material.Name}}: {{with .StepIDs}}{{join $u.StepIDs ", "}}{{end}}
{{end}}`
	entries, printed, md := listEntries(t, ix, d, src)
	e, ok := entryFor(entries, "P1, P7")
	if !ok {
		t.Fatalf("water for injections' steps not listed:\n%s\n%+v", md, entries)
	}
	want := "data/materials.json#/materials/0/name data/process.json#/steps/0/id data/process.json#/steps/0/materials/0 data/process.json#/steps/6/id data/process.json#/steps/6/materials/1"
	if !strings.HasPrefix(e.Sources[0].Formula, "steps = the ids of the drug substance steps (stage not drug_product) whose materials name the material") || !strings.HasSuffix(pointers(e), want) {
		t.Errorf("P1, P7: %q from %s", e.Sources[0].Formula, pointers(e))
	}
	if _, ok := entryFor(entries, "P3, P4"); !ok {
		t.Errorf("sodium caprylate's steps not listed: %+v", entries)
	}
	d.Process.Steps[6].Materials[1] = "Water for irrigation"
	if e, ok := entryFor(ix.Entries("t.md", printed, []string{md}), "P1, P7"); ok {
		t.Errorf("P1, P7 listed after P7 stopped naming the material: %+v", e)
	}
}

// TestCountedVirusesAreTracedToTheClaimedStudies: the viruses a step is
// counted for are the panel's viruses with a claimed study of the step
// and mechanism; a study no longer claimed takes the row's list out.
func TestCountedVirusesAreTracedToTheClaimedStudies(t *testing.T) {
	ix, d := listExample(t)
	src := `{{range .ViralClearance.CountedSteps}}| {{.StepKey}} | {{join .Viruses ", "}} |
{{end}}`
	entries, printed, md := listEntries(t, ix, d, src)
	e, ok := entryFor(entries, "HIV-1, BVDV, PRV, WNV, EMCV, PPV")
	if !ok {
		t.Fatalf("the nanofiltration row's viruses are not listed:\n%s\n%+v", md, entries)
	}
	if !strings.HasPrefix(e.Sources[0].Formula, "counted for = the viruses of the panel, in panel order") ||
		!strings.HasPrefix(pointers(e), "data/viral-clearance.json#/viruses/0/id data/viral-clearance.json#/studies/") || strings.Count(pointers(e), "/claimed") != 6 {
		t.Errorf("nanofiltration row: %q from %s", e.Sources[0].Formula, pointers(e))
	}
	var p6 *model.VirusStudy
	for _, s := range d.ViralClearance.Studies {
		if s.StepKey() == "P6" && s.Virus == "PPV" {
			p6 = s
		}
	}
	if p6 == nil {
		t.Fatal("no PPV study of P6")
	}
	p6.Claimed = false
	if e, ok := entryFor(ix.Entries("t.md", printed, []string{md}), "HIV-1, BVDV, PRV, WNV, EMCV, PPV"); ok {
		t.Errorf("the row listed with PPV after its study was no longer claimed: %+v", e)
	}
}
