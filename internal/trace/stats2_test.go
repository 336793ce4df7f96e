package trace

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/model"
)

// indexOf decodes each data file into its target (a pointer to the
// model's pointer) and indexes them, as a build does.
func indexOf(t *testing.T, files map[string][]byte, targets map[string]any) *Index {
	t.Helper()
	roots := map[*dataset.Document]any{}
	for name, src := range files {
		doc, ds := dataset.Parse(name, src, dataset.Options{})
		if doc == nil {
			t.Fatal(ds)
		}
		if err := json.Unmarshal(src, targets[name]); err != nil {
			t.Fatal(err)
		}
		roots[doc] = reflect.ValueOf(targets[name]).Elem().Interface()
	}
	return NewIndex(roots)
}

// textProject is a specification with an appearance test reported as
// text, and three PPQ lots, the last of which reports last.
func textProject(t *testing.T, last string) (*Index, *model.Project) {
	p := &model.Project{}
	ix := indexOf(t, map[string][]byte{
		"data/specification.json": []byte(`{"id": "S", "tests": [{"id": "anti-d", "name": "Anti-D antibodies", "criterion": {"type": "text", "text": "Complies"}}]}`),
		"data/batches.json": []byte(`{"lots": [
			{"lot": "L1", "purpose": "PPQ", "results": [{"test": "anti-d", "text": "Complies"}]},
			{"lot": "L2", "purpose": "PPQ", "results": [{"test": "anti-d", "text": "Complies"}]},
			{"lot": "L3", "purpose": "PPQ", "results": [{"test": "anti-d", "text": "` + last + `"}]}]}`),
	}, map[string]any{"data/specification.json": &p.Specification, "data/batches.json": &p.Batches})
	return ix, p
}

// TestTextSummaryIsTracedToTheTextResults: "Complies (3 lots)" of the
// PPQ lots is explained by the three text results; a count the lots do
// not give, or a summary printed before a lot's result changed, is not.
func TestTextSummaryIsTracedToTheTextResults(t *testing.T) {
	ix, p := textProject(t, "Complies")
	ppq := p.SpecJustification()[0].PPQ
	if ppq.TextSummary() != "Complies (3 lots)" {
		t.Fatalf("summary %q", ppq.TextSummary())
	}
	s, ok := ix.explain(reflect.ValueOf("Complies (3 lots)"), reflect.ValueOf(ppq), "TextSummary")
	if !ok || !strings.HasPrefix(s.Formula, "text results = ") || !strings.HasSuffix(s.Formula, "test anti-d over the PPQ lots") ||
		len(s.Inputs) != 3 || s.Inputs[2].File != "data/batches.json" || s.Inputs[2].Pointer != "/lots/2/results/0/text" {
		t.Fatalf("text summary: %+v %v", s, ok)
	}
	if s, ok := ix.explain(reflect.ValueOf("Complies (2 lots)"), reflect.ValueOf(ppq), "TextSummary"); ok {
		t.Errorf("a count the lots do not give was explained: %+v", s)
	}
	// The third lot now reports another text: the summary printed from
	// the first data is not what these give.
	other, _ := textProject(t, "Does not comply")
	if s, ok := other.explain(reflect.ValueOf("Complies (3 lots)"), reflect.ValueOf(ppq), "TextSummary"); ok {
		t.Errorf("a summary the changed lots do not give was explained: %+v", s)
	}
}

// stabilityFile is a stability file of three batches at the long-term
// condition, four time points each, with fragments censored at month 0
// of B1 (qualifier q) and aggregates all quantified.
func stabilityFile(q string) []byte {
	frag := func(b, m int) string {
		if b == 1 && m == 0 {
			return `{"test": "fragments", "value": 0.5, "qualifier": "` + q + `"}`
		}
		return `{"test": "fragments", "value": ` + []string{"0.6", "0.7", "0.9", "1.0"}[m/3] + `}`
	}
	agg := [][]string{{"0.37", "0.52", "0.61", "0.80"}, {"0.41", "0.50", "0.66", "0.79"}, {"0.35", "0.49", "0.64", "0.83"}}
	var studies []string
	for b := 1; b <= 3; b++ {
		var tps []string
		for m := 0; m <= 9; m += 3 {
			tps = append(tps, `{"month": `+[]string{"0", "3", "6", "9"}[m/3]+`, "results": [`+frag(b, m)+`, {"test": "aggregates", "value": `+agg[b-1][m/3]+`}]}`)
		}
		studies = append(studies, `{"batch": "B`+string(rune('0'+b))+`", "condition": "long-term", "time_points": [`+strings.Join(tps, ", ")+`]}`)
	}
	return []byte(`{"conditions": [{"id": "long-term", "type": "long-term", "temperature": "5 °C"}],
		"attributes": [
			{"id": "fragments", "name": "Fragments", "criterion": {"type": "nmt", "value": 5.0}, "trend": "increasing", "evaluate": true},
			{"id": "aggregates", "name": "Aggregates", "criterion": {"type": "nmt", "value": 3.0}, "trend": "increasing", "evaluate": true}],
		"studies": [` + strings.Join(studies, ", ") + `]}`)
}

func stabilityIndex(t *testing.T, q string) (*Index, *model.Stability) {
	t.Helper()
	var s *model.Stability
	ix := indexOf(t, map[string][]byte{"data/stability.json": stabilityFile(q)}, map[string]any{"data/stability.json": &s})
	return ix, s
}

// TestResultsNotRegressedAreCounted: the number of long-term results an
// evaluation keeps out of the regression is listed with every long-term
// result of the attribute as input, a count of none too; the entry goes
// when a result's qualifier changes after the count was printed.
func TestResultsNotRegressedAreCounted(t *testing.T) {
	ix, s := stabilityIndex(t, "<")
	evals := s.Evaluated()
	if len(evals) != 2 || evals[0].Eval == nil || evals[1].Eval == nil {
		t.Fatalf("evaluations %+v", evals)
	}
	frag, agg := evals[0], evals[1]
	tmpl, err := mdtemplate.Parse("t.md", "{{range .}}{{.Attribute.Name}}: {{len .Excluded}}; {{if .Excluded}}{{count (len .Excluded) \"result is\" \"results are\"}} not regressed{{end}}\n{{end}}", nil)
	if err != nil {
		t.Fatal(err)
	}
	md, printed, err := tmpl.RenderTrace(evals)
	if err != nil {
		t.Fatal(err)
	}
	entries := ix.Entries("t.md", printed, []string{string(md)})
	var texts []string
	for _, e := range entries {
		texts = append(texts, e.Text)
		if !strings.HasPrefix(e.Sources[0].Formula, "results not regressed = the long-term results of attribute ") ||
			!strings.HasSuffix(e.Sources[0].Formula, "; printed: their number") || len(e.Sources[0].Inputs) != 12 {
			t.Errorf("entry %q: %+v", e.Text, e.Sources)
		}
	}
	if strings.Join(texts, "|") != "1|1 result is|0" {
		t.Fatalf("entries %q of %q", texts, md)
	}
	if in := entries[2].Sources[0].Inputs[11]; in.File != "data/stability.json" || in.Pointer != "/studies/2/time_points/3/results/1" {
		t.Errorf("last input of the count of none: %+v", in)
	}
	if src, ok := ix.countOf(reflect.ValueOf(agg.Excluded), reflect.ValueOf(agg), "Excluded", "1"); ok {
		t.Errorf("1 of a list of none was explained: %+v", src)
	}
	// The censored result is no longer censored: the count printed
	// before is not what the data give.
	s.Studies[0].TimePoints[0].Results[0].Qualifier = ""
	if src, ok := ix.countOf(reflect.ValueOf(frag.Excluded), reflect.ValueOf(frag), "Excluded", "1"); ok {
		t.Errorf("a count the data no longer give was explained: %+v", src)
	}
}

// TestHorizonIsTheEvaluationsSetting: the months searched print the
// evaluation's fixed horizon, named in the formula, with no data as
// inputs; another number, or an evaluation that searched another span,
// is not explained.
func TestHorizonIsTheEvaluationsSetting(t *testing.T) {
	ix, s := stabilityIndex(t, "<")
	e := s.Evaluated()[0]
	recv := reflect.ValueOf(e)
	src, ok := ix.explain(reflect.ValueOf(e.HorizonText()), recv, "HorizonText")
	if !ok || e.HorizonText() != "120" || !strings.Contains(src.Formula, "stability.DefaultHorizon = 120 months") || len(src.Inputs) != 0 {
		t.Fatalf("horizon %q: %+v %v", e.HorizonText(), src, ok)
	}
	if src, ok := ix.explain(reflect.ValueOf("60"), recv, "HorizonText"); ok {
		t.Errorf("a horizon of 60 months was explained: %+v", src)
	}
	// An evaluation that searched another span is not the setting's.
	ev := *e.Eval
	ev.Options.Horizon = 60
	other := &model.AttributeEvaluation{Attribute: e.Attribute, Eval: &ev}
	if src, ok := ix.explain(reflect.ValueOf(other.HorizonText()), reflect.ValueOf(other), "HorizonText"); ok {
		t.Errorf("a search over 60 months was explained as the setting: %+v", src)
	}
}

// TestCensoredInitialRangeIsTraced: the change-on-storage table's first
// time point of fragments, "< 0.5–0.6", is explained by the first
// results with the censored one's qualifier; the row is refused when
// the qualifier changes in the data after it was printed.
func TestCensoredInitialRangeIsTraced(t *testing.T) {
	ix, s := stabilityIndex(t, "<")
	row := s.ConditionSummary("long-term")[0]
	if row.Initial != "<\u00a00.5–0.6" {
		t.Fatalf("initial %q", row.Initial)
	}
	recv := reflect.ValueOf(row)
	src, ok := ix.explain(reflect.ValueOf(row.Initial), recv, "Initial")
	if !ok || !strings.HasPrefix(src.Formula, "range of the results at the first time point") || len(src.Inputs) != 4 ||
		src.Inputs[1].Pointer != "/studies/0/time_points/0/results/0/qualifier" {
		t.Fatalf("initial: %+v %v", src, ok)
	}
	if src, ok := ix.explain(reflect.ValueOf("0.5–0.6"), recv, "Initial"); ok {
		t.Errorf("the range without its qualifier was explained: %+v", src)
	}
	s.Studies[0].TimePoints[0].Results[0].Qualifier = ">"
	if src, ok := ix.explain(reflect.ValueOf(row.Initial), recv, "Initial"); ok {
		t.Errorf("a range the changed data do not give was explained: %+v", src)
	}
}
