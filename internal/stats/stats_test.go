package stats

import (
	"math"
	"testing"
)

func TestRoundHalfUp(t *testing.T) {
	cases := []struct {
		x    float64
		d    int
		want float64
	}{
		{2.04, 1, 2.0}, {2.05, 1, 2.1}, {2.049999, 1, 2.0}, {-2.05, 1, -2.1},
		{74.95, 1, 75.0}, {0.15, 1, 0.2}, {99.5, 0, 100}, {1.005, 2, 1.01},
	}
	for _, c := range cases {
		if got := RoundHalfUp(c.x, c.d); got != c.want {
			t.Errorf("RoundHalfUp(%v, %d) = %v, want %v", c.x, c.d, got, c.want)
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		x    float64
		d    int
		want string
	}{
		{74.95, 1, "75.0"}, {44.616893, 1, "44.6"}, {7, 2, "7.00"}, {9.999, 2, "10.00"},
		{-0.04, 1, "0.0"}, {-1.25, 1, "-1.3"}, {1234.5, 0, "1235"},
	}
	for _, c := range cases {
		if got := Format(c.x, c.d); got != c.want {
			t.Errorf("Format(%v, %d) = %q, want %q", c.x, c.d, got, c.want)
		}
	}
}

func TestDecimals(t *testing.T) {
	for in, want := range map[string]int{"2.0": 1, "20": 0, "0.16": 2, "1.50e2": 0, "1.5e-1": 2, "7.00": 2} {
		if got := Decimals(in); got != want {
			t.Errorf("Decimals(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestMeanSD(t *testing.T) {
	xs := []float64{7.42, 7.58, 7.49}
	if m := Mean(xs); math.Abs(m-7.496667) > 1e-6 {
		t.Errorf("Mean = %v", m)
	}
	if sd := SD(xs); math.Abs(sd-0.080208) > 1e-6 {
		t.Errorf("SD = %v", sd)
	}
	if !math.IsNaN(SD([]float64{1})) {
		t.Error("SD of one value should be NaN")
	}
	if r := RSD(xs); math.Abs(r-1.0699) > 1e-3 {
		t.Errorf("RSD = %v", r)
	}
}
