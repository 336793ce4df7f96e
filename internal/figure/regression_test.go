package figure

import (
	"math"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/canvas"
)

const regressionSpec = `{
  "kind": "regression-chart",
  "x_label": "Time at 5 °C (months)",
  "y_label": "Monomer (%)",
  "unit": "%",
  "x_max": 36,
  "lower": 95.0,
  "limit_label": "one-sided 95 % confidence limit",
  "shelf_life": 30.5,
  "shelf_label": "shelf-life estimate 30.5 months",
  "batches": [
    {"name": "L-1", "points": [{"x": 0, "y": 99.1}, {"x": 6, "y": 98.8}, {"x": 12, "y": 98.4}],
     "fit": [{"x": 0, "y": 99.12}, {"x": 36, "y": 97.0}],
     "limit": [{"x": 0, "y": 98.9}, {"x": 18, "y": 97.6}, {"x": 36, "y": 95.8}]},
    {"name": "L-2", "points": [{"x": 0, "y": 99.0}, {"x": 12, "y": 98.5}],
     "excluded": [{"x": 6, "y": 96.0}],
     "fit": [{"x": 0, "y": 99.0}, {"x": 36, "y": 97.2}]}
  ]
}`

// The chart draws inside its box: a marker per regressed point, a cross
// per excluded one, the criterion and the shelf-life mark at its month.
func TestRegressionChartDraws(t *testing.T) {
	s, err := Parse([]byte(regressionSpec))
	if err != nil {
		t.Fatal(err)
	}
	r := canvas.NewRecorder(nil)
	r.AddPage(canvas.Letter, canvas.Portrait)
	x, y, w, h := 50.0, 60.0, 420.0, 260.0
	if err := Draw(r, s, x, y, w, h); err != nil {
		t.Fatal(err)
	}
	assertInside(t, r, 1, box{x, y, x + w, y + h})
	var texts []string
	dots := 0
	for _, op := range r.Ops {
		switch op.Kind {
		case canvas.OpText:
			texts = append(texts, op.Text)
		case canvas.OpCircle:
			dots++
		}
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"L-1", "L-2", "one-sided 95 % confidence limit", "not regressed", "lower criterion 95.0 %", "shelf-life estimate 30.5 months", "Time at 5 °C (months)", "Monomer (%)", "|36|"} {
		if !strings.Contains("|"+all+"|", want) {
			t.Errorf("the chart lacks the text %q (has %s)", want, all)
		}
	}
	// L-1's three points and its legend sample are dots.
	if dots != 4 {
		t.Errorf("%d dot markers, want 4 (three points of L-1 and its legend sample)", dots)
	}
	ch, err := s.layoutRegression(r, x, y, w, h)
	if err != nil {
		t.Fatal(err)
	}
	mark := ch.xAt(30.5)
	found := false
	for _, op := range r.Ops {
		if op.Kind == canvas.OpLine && math.Abs(op.X-mark) < 1e-9 && math.Abs(op.X2-mark) < 1e-9 && math.Abs(op.Y-ch.plotT) < 1e-9 && math.Abs(op.Y2-ch.plotB) < 1e-9 {
			found = true
		}
	}
	if !found {
		t.Errorf("no vertical shelf-life line at x = %.2f across the plot", mark)
	}
}

func TestRegressionChartRefusesBadSpecs(t *testing.T) {
	cases := []struct{ old, new, want string }{
		{`"x_max": 36,`, ``, "x_max"},
		{`{"x": 12, "y": 98.4}`, `{"x": 40, "y": 98.4}`, "outside the time axis 0 to 36"},
		{`"shelf_life": 30.5,`, `"shelf_life": 37,`, "outside the time axis"},
		{`"lower": 95.0,`, `"lower": 95.0, "categories": ["a"],`, "categories"},
		{`{"name": "L-2",`, `{"name": "L-1",`, `"L-1" is also the name of batches[0]`},
		{`"fit": [{"x": 0, "y": 99.0}, {"x": 36, "y": 97.2}]`, `"fit": [{"x": 0, "y": 99.0}]`, "at least two points"},
	}
	for _, c := range cases {
		if strings.Count(regressionSpec, c.old) != 1 {
			t.Fatalf("%q is not unique in the spec", c.old)
		}
		_, err := Parse([]byte(strings.Replace(regressionSpec, c.old, c.new, 1)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("replacing %q: error %v, want one mentioning %q", c.old, err, c.want)
		}
	}
}
