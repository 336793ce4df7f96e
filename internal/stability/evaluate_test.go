package stability

import (
	"strings"
	"testing"
)

func line(batch string, a, b float64, months ...float64) []Point {
	var pts []Point
	for i, m := range months {
		// A small alternating wobble keeps the residual SD above zero.
		w := 0.05
		if i%2 == 1 {
			w = -0.05
		}
		pts = append(pts, Point{Batch: batch, Month: m, Value: a + b*m + w})
	}
	return pts
}

func TestEvaluateRefusesACriterionOnTheWrongSide(t *testing.T) {
	pts := line("L1", 100, -0.5, 0, 3, 6, 9)
	cases := []struct {
		dir  Direction
		crit Criterion
		want string
	}{
		{Decreasing, Criterion{Upper: 5, HasUpper: true}, "lower acceptance limit"},
		{Increasing, Criterion{Lower: 5, HasLower: true}, "upper acceptance limit"},
		{Either, Criterion{}, "needs an acceptance limit"},
		{"sideways", Criterion{Lower: 5, HasLower: true}, "not decreasing, increasing or either"},
	}
	for _, c := range cases {
		_, err := Evaluate(pts, c.dir, c.crit, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.dir, err, c.want)
		}
	}
}

func TestExcludedPointsStayOutOfTheRegression(t *testing.T) {
	pts := line("L1", 100, -0.5, 0, 3, 6, 9, 12)
	withOOT := append(append([]Point(nil), pts...), Point{Batch: "L1", Month: 18, Value: 40, Excluded: "out-of-trend"},
		Point{Batch: "L1", Month: 24, Value: 0, Excluded: "censored"})
	crit := Criterion{Lower: 80, HasLower: true}
	a, err := Evaluate(pts, Decreasing, crit, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Evaluate(withOOT, Decreasing, crit, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Batches[0].Line != b.Batches[0].Line || a.ShelfLife != b.ShelfLife {
		t.Errorf("excluded points moved the fit: %+v / %v against %+v / %v", b.Batches[0].Line, b.ShelfLife, a.Batches[0].Line, a.ShelfLife)
	}
	if got := b.ExcludedBy(); got["out-of-trend"] != 1 || got["censored"] != 1 || len(b.Excluded) != 2 {
		t.Errorf("excluded counted as %v (%d points), want one of each", got, len(b.Excluded))
	}
	if b.Excluded[0].Month != 18 || b.Excluded[1].Month != 24 {
		t.Errorf("excluded points named %+v", b.Excluded)
	}
}

func TestABatchWithTooFewPointsIsSkippedAndNamed(t *testing.T) {
	pts := append(line("L1", 100, -0.5, 0, 3, 6, 9), line("L2", 100, -0.5, 0, 3)...)
	ev, err := Evaluate(pts, Decreasing, Criterion{Lower: 80, HasLower: true}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Skipped) != 1 || ev.Skipped[0] != "L2" || ev.Model != SingleBatch || ev.Slopes != nil {
		t.Errorf("skipped %v, model %s, slopes test %v; want L2 skipped and a single-batch model", ev.Skipped, ev.Model, ev.Slopes)
	}
	if _, err := Evaluate(line("L2", 100, -0.5, 0, 3), Decreasing, Criterion{Lower: 80, HasLower: true}, Options{}); err == nil {
		t.Error("no batch with three time points evaluated without an error")
	}
}

func TestShelfLifeEdges(t *testing.T) {
	// Already below the criterion at month 0: shelf life 0.
	ev, err := Evaluate(line("L1", 79, -0.5, 0, 3, 6, 9), Decreasing, Criterion{Lower: 80, HasLower: true}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ev.ShelfLife != 0 || !ev.Reached {
		t.Errorf("shelf life %v reached %v, want 0 reached", ev.ShelfLife, ev.Reached)
	}
	// A flat attribute far from its limit: not reached within the horizon.
	ev, err = Evaluate(line("L1", 100, 0, 0, 3, 6, 9, 12, 18, 24), Decreasing, Criterion{Lower: 50, HasLower: true}, Options{Horizon: 60})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Reached || ev.ShelfLife != 60 {
		t.Errorf("shelf life %v reached %v, want the 60-month horizon, not reached", ev.ShelfLife, ev.Reached)
	}
	// A steeper fall shortens the shelf life.
	steep, err := Evaluate(line("L1", 100, -2, 0, 3, 6, 9, 12, 18, 24), Decreasing, Criterion{Lower: 50, HasLower: true}, Options{Horizon: 60})
	if err != nil {
		t.Fatal(err)
	}
	if !steep.Reached || steep.ShelfLife >= 25 || steep.ShelfLife <= 20 {
		t.Errorf("a loss of 2 per month from 100 to a limit of 50 supports %v months, want a little under 25", steep.ShelfLife)
	}
}
