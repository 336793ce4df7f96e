package mdtemplate

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/model"
)

func stabilityExample(t *testing.T, example string) *model.Stability {
	t.Helper()
	b, err := os.ReadFile("../../examples/" + example + "/data/stability.json")
	if err != nil {
		t.Fatal(err)
	}
	var s model.Stability
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// stabilitySpec draws an attribute and reads the figure spec back.
func stabilitySpec(t *testing.T, s *model.Stability, test string) figure.Spec {
	t.Helper()
	md, err := StabilityFigure(s, test)
	if err != nil {
		t.Fatal(err)
	}
	body := string(md)
	start := strings.Index(body, "{")
	end := strings.LastIndex(body, "}")
	spec, err := figure.Parse([]byte(body[start : end+1]))
	if err != nil {
		t.Fatalf("%s: %v", test, err)
	}
	return spec
}

// Every batch keeps its own points, fitted line and limit when batches
// are evaluated separately.
func TestStabilityFigureSeparateBatches(t *testing.T) {
	s := stabilityExample(t, "mab-ds")
	e := s.Evaluation("acidic")
	if string(e.Eval.Model) != "separate" {
		t.Fatalf("the example's acidic variants are evaluated as %s; the test needs separate lines", e.Eval.Model)
	}
	sp := stabilitySpec(t, s, "acidic")
	if len(sp.Batches) != 3 {
		t.Fatalf("%d batches drawn, want 3", len(sp.Batches))
	}
	for i, b := range sp.Batches {
		if b.Name != e.Eval.Batches[i].Batch || len(b.Points) != 7 || len(b.Fit) != 2 || len(b.Limit) < 10 {
			t.Errorf("batch %d: %s with %d points, %d fit and %d limit points; want %s with 7 points, a line and a limit curve",
				i, b.Name, len(b.Points), len(b.Fit), len(b.Limit), e.Eval.Batches[i].Batch)
		}
	}
	if want := strconv.FormatFloat(e.Eval.ShelfLife, 'f', 4, 64); string(sp.ShelfLife) != want || !strings.Contains(sp.ShelfLabel, model.MonthsText(e.Eval.ShelfLife)) {
		t.Errorf("shelf-life mark %s (%q), want %s", sp.ShelfLife, sp.ShelfLabel, want)
	}
	if string(sp.Upper) != "35.0" || sp.Lower != "" {
		t.Errorf("criterion lower %q upper %q, want upper 35.0", sp.Lower, sp.Upper)
	}
}

// A pooled evaluation draws one line for all batches; censored results
// are crosses, not points, and a limit not reached within the axis puts
// no mark on it.
func TestStabilityFigurePooledWithCensoredResults(t *testing.T) {
	s := stabilityExample(t, "ivig-liquid")
	e := s.Evaluation("fragments")
	sp := stabilitySpec(t, s, "fragments")
	if string(e.Eval.Model) != "pooled" || len(sp.Batches) != 4 || sp.Batches[3].Name != "All batches (pooled)" || len(sp.Batches[3].Fit) != 2 || len(sp.Batches[3].Points) != 0 {
		t.Fatalf("model %s, batches %+v; want three batches and one pooled line", e.Eval.Model, sp.Batches)
	}
	points, crosses := 0, 0
	for _, b := range sp.Batches[:3] {
		points += len(b.Points)
		crosses += len(b.Excluded)
		if len(b.Fit) != 0 {
			t.Errorf("batch %s has its own line in a pooled evaluation", b.Name)
		}
	}
	if crosses != len(e.Excluded) || points+crosses != 21 {
		t.Errorf("%d points and %d crosses, want %d crosses of 21 results", points, crosses, len(e.Excluded))
	}
	if sp.ShelfLife != "" {
		t.Errorf("a shelf-life mark at %s for a limit never reached", sp.ShelfLife)
	}
	if _, err := StabilityFigure(s, "appearance"); err == nil || !strings.Contains(err.Error(), "not evaluated") {
		t.Errorf("drawing an attribute that is not evaluated: %v", err)
	}
}
