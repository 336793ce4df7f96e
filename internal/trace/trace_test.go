package trace

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/model"
)

type num struct{ text string }

func (n num) MarshalJSON() ([]byte, error) { return []byte(n.text), nil }

type param struct {
	ID       string `json:"id"`
	SetPoint *num   `json:"set_point"`
	Note     string `json:"-"`
}

type proc struct {
	Params []param `json:"parameters"`
	Yield  float64 `json:"yield"`
}

func TestResolveOnlyWhatTheDataHold(t *testing.T) {
	src := []byte(`{"parameters": [{"id": "T", "set_point": 20.0}, {"id": "pH", "set_point": 4.2}], "yield": 75}`)
	doc, ds := dataset.Parse("data/process.json", src, dataset.Options{})
	if doc == nil {
		t.Fatal(ds)
	}
	p := &proc{Params: []param{{ID: "T", SetPoint: &num{"20.0"}}, {ID: "pH", SetPoint: &num{"4.3"}}}, Yield: 75}
	ix := NewIndex(map[*dataset.Document]any{doc: p})
	v := reflect.ValueOf(p).Elem()
	first := v.Field(0).Index(0)
	if s, ok := ix.Resolve(first.Field(1)); !ok || s.Pointer != "/parameters/0/set_point" {
		t.Errorf("set point of T: %+v %v", s, ok)
	}
	if s, ok := ix.Resolve(first.Field(0)); !ok || s.Pointer != "/parameters/0/id" || s.File != "data/process.json" {
		t.Errorf("id of T: %+v %v", s, ok)
	}
	// The model holds 4.3 where the file says 4.2 (a value changed on
	// decoding): not resolved.
	if s, ok := ix.Resolve(v.Field(0).Index(1).Field(1)); ok {
		t.Errorf("a value the file does not hold resolved to %+v", s)
	}
	// A copy is not the datum.
	if _, ok := ix.Resolve(reflect.ValueOf(p.Params[0].ID)); ok {
		t.Error("a copy resolved")
	}
	// A member the data file does not have.
	if _, ok := ix.Resolve(first.Field(2)); ok {
		t.Error("a field without a json name resolved")
	}
	if s, ok := ix.Resolve(v.Field(1)); !ok || s.Pointer != "/yield" {
		t.Errorf("yield: %+v %v", s, ok)
	}

	printed := []mdtemplate.Traced{
		{Text: "20.0", Sources: []reflect.Value{first.Field(1)}},
		{Text: "75.0 %", Computed: true},
		{Text: "T", Sources: []reflect.Value{first.Field(0)}},                 // no digit
		{Text: "4.3", Sources: []reflect.Value{v.Field(0).Index(1).Field(1)}}, // unresolved
		{Text: "75", Sources: []reflect.Value{v.Field(1)}},
		{Text: "20.0", Sources: []reflect.Value{first.Field(1)}}, // before the cursor only
	}
	got := ix.Entries("cmc/x.md", printed, []string{"Set point 20.0 °C", "Yield 75 of\n75.0 %"})
	if len(got) != 2 || got[0].Text != "20.0" || got[0].Page != 1 || got[1].Text != "75" || got[1].Page != 2 {
		t.Errorf("entries %+v", got)
	}
}

// TestExplainChecksTheFigure: a computed figure is explained only when
// its inputs are data of the file and the formula gives the value the
// document printed.
func TestExplainChecksTheFigure(t *testing.T) {
	src := []byte(`{"steps": [{"id": "P1", "product_in": {"value": 200, "unit": "kg"}, "product_out": {"value": 150, "unit": "kg"}}]}`)
	doc, ds := dataset.Parse("data/process.json", src, dataset.Options{})
	if doc == nil {
		t.Fatal(ds)
	}
	var p model.Process
	if err := json.Unmarshal(src, &p); err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(map[*dataset.Document]any{doc: &p})
	recv := reflect.ValueOf(p.Steps[0])
	s, ok := ix.explain(reflect.ValueOf(75.0), recv, "Yield")
	if !ok || s.Formula != "step yield = 100 × product_out ÷ product_in (%)" || len(s.Inputs) != 2 || s.Inputs[1].Pointer != "/steps/0/product_out/value" {
		t.Errorf("step yield 75: %+v %v", s, ok)
	}
	if _, ok := ix.explain(reflect.ValueOf(74.0), recv, "Yield"); ok {
		t.Error("a figure the formula does not give was explained")
	}
	if _, ok := ix.explain(reflect.ValueOf(75.0), recv, "Name"); ok {
		t.Error("a member without an explainer was explained")
	}
}
