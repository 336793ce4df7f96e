package checks

import (
	"testing"

	"github.com/regdoc/regdoc/internal/model"
)

func num(s string) *model.Number {
	n := model.Num(s)
	return &n
}

func TestRangeText(t *testing.T) {
	for _, c := range []struct {
		r    model.Range
		unit string
		want string
	}{
		{model.Range{Low: num("24"), High: num("26")}, "°C", "24–26 °C"},
		{model.Range{Low: num("-7"), High: num("-3")}, "°C", "-7 to -3 °C"},
		{model.Range{Low: num("18")}, "mM", "≥ 18 mM"},
		{model.Range{High: num("24")}, "h", "≤ 24 h"},
		{model.Range{Low: num("6.8"), High: num("7.0")}, "1", "6.8–7.0"},
		{model.Range{}, "h", "any value"},
	} {
		if got := rangeText(c.r, c.unit); got != c.want {
			t.Errorf("rangeText(%v, %q) = %q, want %q", c.r, c.unit, got, c.want)
		}
	}
}

func TestCriterionText(t *testing.T) {
	for _, c := range []struct {
		c    model.Criterion
		want string
	}{
		{model.Criterion{Type: "range", Low: num("90"), High: num("110"), Unit: "g/L"}, "90–110 g/L"},
		{model.Criterion{Type: "nlt", Value: num("98.0"), Unit: "%"}, "≥ 98.0 %"},
		{model.Criterion{Type: "nmt", Value: num("2.0"), Unit: "%"}, "≤ 2.0 %"},
		{model.Criterion{Type: "lt", Value: num("0.16"), Unit: "IU/mL"}, "< 0.16 IU/mL"},
		{model.Criterion{Type: "gt", Value: num("5")}, "> 5"},
		{model.Criterion{Type: "gt"}, "> ?"},
		{model.Criterion{Type: "titre_max", Value: num("64")}, "≤ 1:64"},
		{model.Criterion{Type: "text", Text: "Complies"}, `"Complies"`},
		{model.Criterion{Type: "report", Unit: "g/L"}, "report result"},
		{model.Criterion{Type: "odd"}, "odd"},
	} {
		if got := criterionText(c.c); got != c.want {
			t.Errorf("criterionText(%+v) = %q, want %q", c.c, got, c.want)
		}
	}
}

func TestResultText(t *testing.T) {
	for _, c := range []struct {
		r    model.Result
		unit string
		want string
	}{
		{model.Result{Value: num("4")}, "µg/mL", "4 µg/mL"},
		{model.Result{Value: num("2"), Qualifier: "<"}, "µg/mL", "< 2 µg/mL"},
		{model.Result{Titre: 16}, "", "1:16"},
		{model.Result{Text: "Complies"}, "", `"Complies"`},
		{model.Result{}, "", "(empty)"},
	} {
		if got := resultText(&c.r, c.unit); got != c.want {
			t.Errorf("resultText(%+v, %q) = %q, want %q", c.r, c.unit, got, c.want)
		}
	}
}

// TestIncompleteCriterionIsNotEvaluated builds a project the schema would
// have rejected: the criterion is reported, and judging results against it
// must neither panic (model.Evaluate needs both bounds) nor add findings.
func TestIncompleteCriterionIsNotEvaluated(t *testing.T) {
	p := &model.Project{
		Specification: &model.Specification{ID: "S", Tests: []*model.Test{
			{ID: "protein", Criterion: model.Criterion{Type: "range", Low: num("90"), Unit: "g/L"}},
			{ID: "iga", Criterion: model.Criterion{Type: "nmt"}},
		}},
		Batches: &model.Batches{Specification: "S", Lots: []*model.Lot{{Lot: "L1", Results: []*model.Result{
			{Test: "protein", Value: num("100")},
			{Test: "iga", Value: num("4")},
		}}}},
	}
	var codes []string
	for _, d := range Run(Input{Project: p}) {
		codes = append(codes, d.Code+" "+d.Pointer)
	}
	// Without documents diag.Sort orders by code, then message.
	want := []string{"UN-02 /tests/1/criterion", "UN-06 /tests/1/criterion", "UN-06 /tests/0/criterion"}
	if len(codes) != len(want) {
		t.Fatalf("got %q, want %q", codes, want)
	}
	for i := range want {
		if codes[i] != want[i] {
			t.Errorf("got %q, want %q", codes, want)
			break
		}
	}
}
