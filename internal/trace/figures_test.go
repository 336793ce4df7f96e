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

// figureData is what the figure templates below read.
type figureData struct {
	Process       *model.Process
	Comparator    *model.Comparator
	Batches       *model.Batches
	Specification *model.Specification
	Stability     *model.Stability
}

// figureExample indexes the data files of an example the figures draw.
func figureExample(t *testing.T, example string) (*Index, *figureData, map[string]*dataset.Document) {
	t.Helper()
	d := &figureData{}
	targets := map[string]any{}
	for name, field := range map[string]any{"process.json": &d.Process, "comparator.json": &d.Comparator, "batches.json": &d.Batches,
		"specification.json": &d.Specification, "stability.json": &d.Stability} {
		targets[name] = field
	}
	roots := map[*dataset.Document]any{}
	docs := map[string]*dataset.Document{}
	for name, target := range targets {
		src, err := os.ReadFile("../../examples/" + example + "/data/" + name)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		doc, ds := dataset.Parse("data/"+name, src, dataset.Options{})
		if doc == nil {
			t.Fatal(ds)
		}
		v := reflect.ValueOf(target).Elem() // the model's pointer field
		v.Set(reflect.New(v.Type().Elem()))
		if err := json.Unmarshal(src, v.Interface()); err != nil {
			t.Fatal(err)
		}
		roots[doc] = v.Interface()
		docs["data/"+name] = doc
	}
	return NewIndex(roots), d, docs
}

// figureEntries renders src over d and traces it against the page the
// figure draws: the figure's texts in drawing order, as the page text of
// a PDF holds them.
func figureEntries(t *testing.T, ix *Index, d *figureData, src string) []Entry {
	t.Helper()
	printed, page := renderFigures(t, d, src)
	return ix.Entries("t.md", printed, []string{page})
}

// renderFigures renders src over d and returns the printed values and
// the page its figures draw.
func renderFigures(t *testing.T, d *figureData, src string) ([]mdtemplate.Traced, string) {
	t.Helper()
	tpl, err := mdtemplate.Parse("t.md", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, printed, err := tpl.RenderTrace(d)
	if err != nil {
		t.Fatal(err)
	}
	var page []string
	for _, p := range printed {
		for i := range p.Funcs {
			spec, ok := printedSpec(p.Sources[i])
			if !ok {
				t.Fatalf("no figure spec in %q", p.Text)
			}
			texts, err := spec.Texts(468)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range texts {
				page = append(page, x.Text)
			}
		}
	}
	return printed, strings.Join(page, "\n")
}

// checkEntries fails unless every entry's text is the datum its source
// points at, and returns the entries by pointer.
func checkEntries(t *testing.T, docs map[string]*dataset.Document, entries []Entry) map[string]Entry {
	t.Helper()
	out := map[string]Entry{}
	for _, e := range entries {
		if len(e.Sources) != 1 || e.Sources[0].Formula != "" {
			out[e.Sources[0].Formula+" "+e.Text] = e
			continue
		}
		s := e.Sources[0]
		v, ok := docs[s.File].At(s.Pointer)
		if !ok {
			t.Errorf("%q: %s%s does not resolve", e.Text, s.File, s.Pointer)
			continue
		}
		if got := strings.TrimSpace(strings.Trim(string(must(json.Marshal(v))), `"`)); got != e.Text {
			t.Errorf("%q: %s%s holds %s", e.Text, s.File, s.Pointer, got)
		}
		out[s.File+s.Pointer] = e
	}
	return out
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestFlowFigureLabelsAreTracedToTheSteps: the process flow's step ids,
// names, materials and control tests that hold a digit are each traced
// to their step in process.json; a step id the data no longer gives is
// not.
func TestFlowFigureLabelsAreTracedToTheSteps(t *testing.T) {
	ix, d, docs := figureExample(t, "ivig-liquid")
	const src = "{{flowFigure .Process false}}"
	byPtr := checkEntries(t, docs, figureEntries(t, ix, d, src))
	t.Logf("%d labels traced", len(byPtr))
	for _, ptr := range []string{"data/process.json/steps/0/id", "data/process.json/steps/8/id"} {
		if _, ok := byPtr[ptr]; !ok {
			t.Errorf("no entry for %s: %v", ptr, byPtr)
		}
	}
	kinds := map[string]bool{}
	for ptr := range byPtr {
		for _, k := range []string{"/materials/", "/ipcs/"} {
			if strings.Contains(ptr, k) {
				kinds[k] = true
			}
		}
	}
	if !kinds["/materials/"] || !kinds["/ipcs/"] {
		t.Errorf("no material or control test traced: %v", byPtr)
	}
	// The model's first step is renamed P1a: the figure draws P1a, which
	// process.json does not hold.
	d.Process.Steps[0].ID = "P1a"
	after := checkEntries(t, docs, figureEntries(t, ix, d, src))
	if e, ok := after["data/process.json/steps/0/id"]; ok {
		t.Errorf("a step id the data does not give was traced: %+v", e)
	}
	if len(after) != len(byPtr)-1 {
		t.Errorf("%d entries after the change, want %d", len(after), len(byPtr)-1)
	}
}

// TestTrendFigureLabelsAreTracedToTheLots: the trend chart's lots, test
// name, limits and results are traced to batches.json and
// specification.json; a result changed in the model is drawn but not
// traced.
func TestTrendFigureLabelsAreTracedToTheLots(t *testing.T) {
	ix, d, docs := figureExample(t, "mab-ds")
	const src = `{{trendFigure .Batches .Specification "polysorbate" false}}`
	entries := figureEntries(t, ix, d, src)
	byPtr := checkEntries(t, docs, entries)
	t.Logf("%d labels traced", len(byPtr))
	want := []string{"data/batches.json/lots/0/lot", "data/specification.json/tests/13/name",
		"data/specification.json/tests/13/criterion/low", "data/specification.json/tests/13/criterion/high"}
	for _, ptr := range want {
		if _, ok := byPtr[ptr]; !ok {
			t.Errorf("no entry for %s", ptr)
		}
	}
	results := 0
	for ptr := range byPtr {
		if strings.HasPrefix(ptr, "data/batches.json/lots/") && strings.Contains(ptr, "/results/") {
			results++
		}
	}
	if lots := len(d.Batches.Lots); results != lots {
		t.Errorf("%d results traced, want one for each of the %d lots", results, lots)
	}
	// Drawing order: the lots, then the title, the limits, the results.
	if entries[0].Text != d.Batches.Lots[0].Lot || entries[len(entries)-1].Text != d.Batches.Lots[len(d.Batches.Lots)-1].Result("polysorbate").Value.String() {
		t.Errorf("entries out of drawing order: %+v", entries)
	}
	// The first lot's result is changed in the model: the chart plots a
	// value batches.json does not hold.
	r := d.Batches.Lots[0].Result("polysorbate")
	v := model.Num("0.031")
	r.Value = &v
	after := checkEntries(t, docs, figureEntries(t, ix, d, src))
	if len(after) != len(byPtr)-1 {
		t.Errorf("%d entries after the change, want %d", len(after), len(byPtr)-1)
	}
	for ptr, e := range after {
		if strings.HasPrefix(ptr, "data/batches.json/lots/0/results/") {
			t.Errorf("a result the data does not give was traced: %+v", e)
		}
	}
}

// TestStabilityFigureLabelsAreTracedToTheStudies: the regression chart's
// storage temperature, criterion, shelf-life estimate and batches are
// traced to stability.json — the estimate with the Q1E formula over the
// long-term results — and the temperature no longer once the model's
// differs from the data's.
func TestStabilityFigureLabelsAreTracedToTheStudies(t *testing.T) {
	ix, d, docs := figureExample(t, "ivig-liquid")
	const src = `{{stabFigure .Stability "aggregates"}}`
	entries := figureEntries(t, ix, d, src)
	byPtr := checkEntries(t, docs, entries)
	t.Logf("%d labels traced", len(byPtr))
	want := []string{"data/stability.json/conditions/0/temperature", "data/stability.json/attributes/1/criterion/value",
		"data/stability.json/studies/0/batch"}
	for _, ptr := range want {
		if _, ok := byPtr[ptr]; !ok {
			t.Errorf("no entry for %s: %v", ptr, byPtr)
		}
	}
	shelf := false
	for _, e := range entries {
		if strings.HasPrefix(e.Text, "shelf-life estimate ") {
			s := e.Sources[0]
			shelf = strings.HasPrefix(s.Formula, "shelf life = ") && len(s.Inputs) > 3 &&
				strings.HasPrefix(s.Inputs[0].Pointer, "/studies/")
			if !shelf {
				t.Errorf("shelf-life estimate %q: %+v", e.Text, s)
			}
		}
	}
	if !shelf {
		t.Errorf("no shelf-life estimate traced: %+v", entries)
	}
	d.Stability.LongTerm().Temperature = "8 °C"
	after := checkEntries(t, docs, figureEntries(t, ix, d, src))
	if e, ok := after["data/stability.json/conditions/0/temperature"]; ok || len(after) != len(byPtr)-1 {
		t.Errorf("a temperature the data does not give was traced: %+v; %d entries, want %d", e, len(after), len(byPtr)-1)
	}
}

// TestYieldFigureEndValuesAreTracedToTheYields: the yield chart's end
// labels — the process's overall cumulative yield and the conventional
// process's — are traced with the cumulative-yield formula over their
// steps, highest first as the chart stacks them; a mass changed in the
// model is no longer the data's, so its yield is not traced.
func TestYieldFigureEndValuesAreTracedToTheYields(t *testing.T) {
	ix, d, _ := figureExample(t, "ivig-liquid")
	const src = `{{yieldFigure .Process .Comparator true}}`
	entries := figureEntries(t, ix, d, src)
	if len(entries) != 2 {
		t.Fatalf("%d entries, want the two end values: %+v", len(entries), entries)
	}
	proc, conv := entries[0], entries[1]
	if proc.Text != "75.0" || !strings.HasPrefix(proc.Sources[0].Formula, "cumulative yield = 100 × ∏ product_out ÷ product_in") ||
		proc.Sources[0].Inputs[0].File != "data/process.json" {
		t.Errorf("process end value: %+v", proc)
	}
	if conv.Text != "44.6" || !strings.Contains(conv.Sources[0].Formula, "conventional process") ||
		conv.Sources[0].Inputs[0].File != "data/comparator.json" {
		t.Errorf("comparator end value: %+v", conv)
	}
	// The chart was drawn, then a step's mass changed: the process's
	// yield recomputed from it is no longer the one drawn.
	printed, page := renderFigures(t, d, src)
	for _, s := range d.Process.Steps {
		if s.HasMassBalance() {
			s.ProductOut.Value = model.Num("1.0")
			break
		}
	}
	after := ix.Entries("t.md", printed, []string{page})
	if len(after) != 1 || after[0].Text != "44.6" {
		t.Errorf("after a mass changed: %+v", after)
	}
}
