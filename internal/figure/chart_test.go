package figure

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/canvas"
)

// valueScale reads the value axis back from the drawing: the tick labels
// lo and hi sit with their cap height centred on their tick, so their
// baselines give the page y of two known values.
func valueScale(t *testing.T, r *canvas.Recorder, lo, hi string) func(v float64) float64 {
	t.Helper()
	tick := func(s string) (float64, float64) {
		var best canvas.Op
		for _, op := range textOps(r, s) {
			if best.Text == "" || op.X < best.X { // the leftmost: the axis label, not a value label
				best = op
			}
		}
		if best.Text == "" {
			t.Fatalf("no tick label %q", s)
		}
		v := 0.0
		fmt.Sscan(s, &v)
		return v, best.Y - r.Metrics(best.Font).CapHeight*best.Size/2
	}
	v0, y0 := tick(lo)
	v1, y1 := tick(hi)
	return func(v float64) float64 { return y0 + (v-v0)/(v1-v0)*(y1-y0) }
}

// markers returns the centres of the markers of one shape, in drawing order.
func markers(r *canvas.Recorder, kind canvas.OpKind, maxSize float64) []canvas.Point {
	var out []canvas.Point
	for _, op := range r.Ops {
		switch {
		case kind == canvas.OpCircle && op.Kind == canvas.OpCircle:
			out = append(out, canvas.Point{X: op.X, Y: op.Y})
		case kind == canvas.OpRect && op.Kind == canvas.OpRect && op.W <= maxSize:
			out = append(out, canvas.Point{X: op.X + op.W/2, Y: op.Y + op.H/2})
		}
	}
	return out
}

// centreOf is the x of the middle of a level text op.
func centreOf(op canvas.Op) float64 { return op.X + op.W/2 }

func TestYieldChart(t *testing.T) {
	for _, bw := range []bool{false, true} {
		t.Run(map[bool]string{false: "colour", true: "bw"}[bw], func(t *testing.T) {
			s := loadSpec(t, "yield.json")
			s.BW = bw
			if bw {
				s.Series[0].Numeral, s.Series[1].Numeral = 20, 22
			}
			r := newDashRecorder()
			r.AddPage(canvas.Letter, canvas.Portrait)
			const x, y, w = 40, 50, 500
			h := s.Height(r, w)
			if h != 300 {
				t.Errorf("natural height %v, want 300 (5:3)", h)
			}
			if err := Draw(r, s, x, y, w, h); err != nil {
				t.Fatal(err)
			}
			assertInside(t, r.Recorder, 1, box{x, y, x + w, y + h})
			yOf := valueScale(t, r.Recorder, "0", "100")
			// The first legend entry's sample marker comes first in
			// drawing order after the points; take the points only.
			dots := markers(r.Recorder, canvas.OpCircle, 0)
			squares := markers(r.Recorder, canvas.OpRect, 12)
			if len(dots) != 9+1 || len(squares) != 9+1 {
				t.Fatalf("%d dots and %d squares, want 9 points and a legend sample each", len(dots), len(squares))
			}
			for i, series := range [][]canvas.Point{dots[:9], squares[:9]} {
				for j, p := range series {
					v := s.Series[i].Values[j].value()
					if !near(p.Y, yOf(v), 1e-6) {
						t.Errorf("series %d point %d (%v %%) at y=%.3f, want %.3f", i, j+1, v, p.Y, yOf(v))
					}
					// Under its category label.
					cat := textOps(r.Recorder, fmt.Sprint(j+1))
					found := false
					for _, c := range cat {
						found = found || near(centreOf(c), p.X, 1e-6)
					}
					if !found {
						t.Errorf("series %d point %d at x=%.2f is not under the label %d", i, j+1, p.X, j+1)
					}
				}
			}
			// End labels as written, right of the last points and level
			// with them.
			for i, want := range []string{"75.0 %", "44.6 %"} {
				ops := textOps(r.Recorder, want)
				if len(ops) != 1 {
					t.Fatalf("end label %q drawn %d times", want, len(ops))
				}
				last := []canvas.Point{dots[8], squares[8]}[i]
				if ops[0].X <= last.X || math.Abs(ops[0].Y-r.Metrics(ops[0].Font).CapHeight*ops[0].Size/2-last.Y) > 1 {
					t.Errorf("end label %q at (%.1f, %.1f), not beside the last point (%.1f, %.1f)", want, ops[0].X, ops[0].Y, last.X, last.Y)
				}
			}
			for _, want := range []string{"This process (P1–P9)", "Conventional process (C1–C9)", "Process step", "Cumulative IgG yield (%)"} {
				if len(textOps(r.Recorder, want)) != 1 {
					t.Errorf("text %q not drawn", want)
				}
			}
			if yl := textOps(r.Recorder, "Cumulative IgG yield (%)"); len(yl) == 1 && yl[0].Degrees != 90 {
				t.Errorf("value-axis title turned %v°, want 90", yl[0].Degrees)
			}
			// Gridlines at 20, 40 … 100, across the plot.
			grid := 0
			for _, op := range r.Ops {
				if op.Kind == canvas.OpLine && op.Y == op.Y2 && op.X2-op.X > w/2 {
					for _, v := range []float64{20, 40, 60, 80, 100} {
						if near(op.Y, yOf(v), 1e-6) {
							grid++
						}
					}
				}
			}
			if grid != 5 {
				t.Errorf("%d gridlines at 20…100, want 5", grid)
			}
			// The two series are told apart by dash as well as marker.
			dashOf := func(p, q canvas.Point) ([2]float64, bool) {
				for i, op := range r.Ops {
					if op.Kind == canvas.OpLine && near(op.X, p.X, 1e-6) && near(op.Y, p.Y, 1e-6) && near(op.X2, q.X, 1e-6) && near(op.Y2, q.Y, 1e-6) {
						return r.dashes[i], true
					}
				}
				return [2]float64{}, false
			}
			d0, ok0 := dashOf(dots[2], dots[3])
			d1, ok1 := dashOf(squares[2], squares[3])
			if !ok0 || !ok1 || d0 != [2]float64{} || d1 == [2]float64{} {
				t.Errorf("segment dashes %v (found %v) and %v (found %v); want solid, then dashed", d0, ok0, d1, ok1)
			}
			if bw {
				assertPatentInk(t, r.Recorder)
				for _, n := range []string{"20", "22"} {
					if len(textOps(r.Recorder, n)) < 1 {
						t.Errorf("series numeral %s not drawn", n)
					}
				}
			} else {
				var cols []canvas.Color
				for _, op := range r.Ops {
					if op.Kind == canvas.OpCircle {
						cols = append(cols, op.Fill)
					}
				}
				if cols[0] == canvas.Black || cols[0] == canvas.White {
					t.Errorf("colour chart series drawn in %06X", cols[0])
				}
			}
		})
	}
}

func TestTrendChart(t *testing.T) {
	for _, bw := range []bool{false, true} {
		t.Run(map[bool]string{false: "colour", true: "bw"}[bw], func(t *testing.T) {
			s := loadSpec(t, "trend.json")
			s.BW = bw
			r := canvas.NewRecorder(nil)
			r.AddPage(canvas.A4, canvas.Portrait)
			const x, y, w, h = 60, 80, 450, 260
			if err := Draw(r, s, x, y, w, h); err != nil {
				t.Fatal(err)
			}
			assertInside(t, r, 1, box{x, y, x + w, y + h})
			// IgA 4, 6, 5 and a limit of 20: the axis runs 0 to 25.
			yOf := valueScale(t, r, "0", "25")
			dots := markers(r, canvas.OpCircle, 0)
			if len(dots) != 3 {
				t.Fatalf("%d points, want 3", len(dots))
			}
			for j, lot := range []string{"RGX-24-001", "RGX-24-002", "RGX-24-003"} {
				v := s.Series[0].Values[j]
				p := dots[j]
				if !near(p.Y, yOf(v.value()), 1e-6) {
					t.Errorf("lot %s at y=%.3f, want %.3f", lot, p.Y, yOf(v.value()))
				}
				lots := textOps(r, lot)
				if len(lots) != 1 || !near(centreOf(lots[0]), p.X, 1e-6) || lots[0].Y <= p.Y {
					t.Errorf("lot label %s not under its point (%+v)", lot, lots)
				}
				// The value, as written, just above its point (below it
				// at a dip, where the line leaves room).
				found := false
				label := string(v)
				if bw {
					label += " µg/mL" // never a bare number that reads as a reference numeral
				}
				for _, op := range textOps(r, label) {
					found = found || near(centreOf(op), p.X, 1e-6) && math.Abs(op.Y-p.Y) < 2*op.Size
				}
				if !found {
					t.Errorf("value %s not labelled beside lot %s", v, lot)
				}
			}
			// The upper limit is a horizontal line across the plot at 20.
			var limit []canvas.Op
			for _, op := range r.Ops {
				if op.Kind == canvas.OpLine && op.Y == op.Y2 && near(op.Y, yOf(20), 1e-6) && op.X2-op.X > 20 {
					limit = append(limit, op) // not the tick mark
				}
			}
			if len(limit) != 1 || limit[0].X2-limit[0].X < w*0.8 {
				t.Fatalf("limit line at y(20)=%.2f: %+v", yOf(20), limit)
			}
			lab := textOps(r, "upper limit 20 µg/mL")
			if len(lab) != 1 || lab[0].Y >= limit[0].Y || lab[0].Y < limit[0].Y-2*lab[0].Size {
				t.Errorf("limit label %+v not just above the line at %.1f", lab, limit[0].Y)
			}
			if bw {
				assertPatentInk(t, r)
			} else if limit[0].Color == canvas.Black {
				t.Error("colour limit line is black; it should stand out from the data")
			}
		})
	}
}

// TestTrendChartLowerLimit: a lower limit is labelled below its line.
func TestTrendChartLowerLimit(t *testing.T) {
	s, err := Parse([]byte(`{"kind": "trend-chart", "unit": "%", "categories": ["A", "B"],
		"series": [{"name": "monomer", "values": [98.9, 99.1]}], "lower": 95, "y_min": 90, "y_max": 100}`))
	if err != nil {
		t.Fatal(err)
	}
	r := canvas.NewRecorder(nil)
	r.AddPage(canvas.Letter, canvas.Portrait)
	if err := Draw(r, s, 50, 50, 400, 240); err != nil {
		t.Fatal(err)
	}
	yOf := valueScale(t, r, "90", "100")
	lab := textOps(r, "lower limit 95 %")
	if len(lab) != 1 || lab[0].Y <= yOf(95) {
		t.Errorf("lower limit label %+v not below its line at %.1f", lab, yOf(95))
	}
	assertInside(t, r, 1, box{50, 50, 450, 290})
}

// TestManyCategories: long lot numbers that cannot stand level under their
// ticks are set at 45°, and every drawn thing stays in the box.
func TestManyCategories(t *testing.T) {
	var cats, vals []string
	for i := 1; i <= 24; i++ {
		cats = append(cats, fmt.Sprintf(`"RGX-24-%03d"`, i))
		vals = append(vals, fmt.Sprint(3+i%5))
	}
	for _, bw := range []bool{false, true} {
		src := fmt.Sprintf(`{"kind": "trend-chart", "bw": %v, "y_label": "IgA (µg/mL)", "x_label": "Lot", "unit": "µg/mL",
			"categories": [%s], "series": [{"name": "IgA", "values": [%s]}], "upper": 20}`,
			bw, strings.Join(cats, ","), strings.Join(vals, ","))
		s, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		r := canvas.NewRecorder(nil)
		r.AddPage(canvas.Letter, canvas.Portrait)
		const x, y, w, h = 72, 72, 468, 320
		if err := Draw(r, s, x, y, w, h); err != nil {
			t.Fatal(err)
		}
		assertInside(t, r, 1, box{x, y, x + w, y + h})
		turned := 0
		for _, op := range r.Texts() {
			if strings.HasPrefix(op.Text, "RGX-") {
				if op.Degrees != 45 {
					t.Errorf("lot label %q turned %v°, want 45", op.Text, op.Degrees)
				}
				turned++
			}
		}
		if turned == 0 || turned > 24 {
			t.Errorf("%d lot labels drawn", turned)
		}
	}
}

func TestChartErrors(t *testing.T) {
	s := loadSpec(t, "yield.json")
	r := canvas.NewRecorder(nil)
	r.AddPage(canvas.Letter, canvas.Portrait)
	if err := Draw(r, s, 0, 0, 60, 40); err == nil || !strings.Contains(err.Error(), "too small") {
		t.Errorf("tiny box: %v", err)
	}
	s.Series[0].Values[3] = "many"
	if err := Draw(r, s, 0, 0, 400, 300); err == nil || !strings.Contains(err.Error(), "series[0].values[3]") {
		t.Errorf("bad number: %v", err)
	}
}

func TestValueAxis(t *testing.T) {
	tests := []struct {
		src    string
		lo, hi float64
	}{
		{`{"kind": "yield-chart", "unit": "%", "series": [{"name": "a", "values": [98.5, 75.0]}]}`, 0, 100},
		{`{"kind": "yield-chart", "unit": "g/L", "series": [{"name": "a", "values": [9.1, 7.2]}]}`, 0, 12.5},
		{`{"kind": "trend-chart", "categories": ["A"], "series": [{"name": "a", "values": [4]}], "upper": 20}`, 0, 25},
		{`{"kind": "trend-chart", "categories": ["A", "B"], "series": [{"name": "a", "values": [-3, 2]}]}`, -4, 4},
		{`{"kind": "trend-chart", "categories": ["A"], "series": [{"name": "a", "values": [0]}]}`, 0, 1},
		{`{"kind": "trend-chart", "categories": ["A"], "series": [{"name": "a", "values": [97]}], "y_min": 90}`, 90, 100},
	}
	for _, tc := range tests {
		s, err := Parse([]byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		if lo, hi := s.valueAxis(); lo != tc.lo || !near(hi, tc.hi, 1e-9) {
			t.Errorf("%s: axis %v to %v, want %v to %v", tc.src, lo, hi, tc.lo, tc.hi)
		}
	}
	if got, dec := ticks(0, 2.5); len(got) != 6 || dec != 1 || tickLabel(got[1], dec) != "0.5" {
		t.Errorf("ticks(0, 2.5) = %v, %d decimals", got, dec)
	}
}
