package stability

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// The reference values in testdata/reference.json were computed once by
// testdata/reference.py with SciPy and statsmodels on the data sets beside
// it (see testdata/README.md); the tests never run Python.

type refSet struct {
	Name    string `json:"name"`
	Batches []struct {
		Batch      string  `json:"batch"`
		N          int     `json:"n"`
		Intercept  float64 `json:"intercept"`
		Slope      float64 `json:"slope"`
		ResidualSD float64 `json:"residual_sd"`
		DF         int     `json:"df"`
	} `json:"batches"`
	Excluded        int     `json:"excluded"`
	Slopes          refF    `json:"slopes"`
	Intercepts      refF    `json:"intercepts"`
	Model           string  `json:"model"`
	ModelResidualSD float64 `json:"model_residual_sd"`
	ModelDF         int     `json:"model_df"`
	Estimates       []struct {
		Batch      string  `json:"batch"`
		ShelfLife  float64 `json:"shelf_life"`
		Reached    bool    `json:"reached"`
		ResidualSD float64 `json:"residual_sd"`
		Band       []struct {
			Month, Mean, Lower, Upper float64
		} `json:"band"`
	} `json:"estimates"`
	ShelfLife float64 `json:"shelf_life"`
	Governing string  `json:"governing"`
}

type refF struct {
	F   float64 `json:"F"`
	DF1 int     `json:"df1"`
	DF2 int     `json:"df2"`
	P   float64 `json:"p"`
}

type reference struct {
	Horizon       float64  `json:"horizon"`
	Sets          []refSet `json:"sets"`
	Distributions struct {
		TQuantile []struct{ P, DF, Q float64 }   `json:"t_quantile"`
		TCDF      []struct{ T, DF, CDF float64 } `json:"t_cdf"`
		FSF       []struct {
			F   float64 `json:"f"`
			DF1 float64 `json:"df1"`
			DF2 float64 `json:"df2"`
			SF  float64 `json:"sf"`
		} `json:"f_sf"`
		BetaInc []struct{ X, A, B, I float64 } `json:"betainc"`
	} `json:"distributions"`
}

// dataSet is the committed input: what a stability file would give the
// package after censored and out-of-trend results were marked.
type dataSet struct {
	Name      string `json:"name"`
	Direction string `json:"direction"`
	Criterion struct {
		Lower *float64 `json:"lower"`
		Upper *float64 `json:"upper"`
	} `json:"criterion"`
	Points []struct {
		Batch    string  `json:"batch"`
		Month    float64 `json:"month"`
		Value    float64 `json:"value"`
		Excluded string  `json:"excluded"`
	} `json:"points"`
}

func loadReference(t *testing.T) reference {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r reference
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Sets) < 4 {
		t.Fatalf("reference holds %d data sets, want at least 4", len(r.Sets))
	}
	return r
}

func loadSet(t testing.TB, name string) ([]Point, Direction, Criterion) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var ds dataSet
	if err := json.Unmarshal(b, &ds); err != nil {
		t.Fatal(err)
	}
	var pts []Point
	for _, p := range ds.Points {
		pts = append(pts, Point{Batch: p.Batch, Month: p.Month, Value: p.Value, Excluded: p.Excluded})
	}
	var c Criterion
	if ds.Criterion.Lower != nil {
		c.Lower, c.HasLower = *ds.Criterion.Lower, true
	}
	if ds.Criterion.Upper != nil {
		c.Upper, c.HasUpper = *ds.Criterion.Upper, true
	}
	return pts, Direction(ds.Direction), c
}

// near fails unless got agrees with want to a relative (or, near zero,
// absolute) tolerance.
func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.15g, reference %.15g (tolerance %g)", what, got, want, tol)
	}
}

func TestEvaluateMatchesReference(t *testing.T) {
	ref := loadReference(t)
	models := map[string]bool{}
	for _, rs := range ref.Sets {
		t.Run(rs.Name, func(t *testing.T) {
			pts, dir, crit := loadSet(t, rs.Name)
			ev, err := Evaluate(pts, dir, crit, Options{Horizon: ref.Horizon})
			if err != nil {
				t.Fatal(err)
			}
			models[string(ev.Model)] = true
			if len(ev.Batches) != len(rs.Batches) {
				t.Fatalf("%d batch fits, reference %d", len(ev.Batches), len(rs.Batches))
			}
			for i, rb := range rs.Batches {
				b := ev.Batches[i]
				if b.Batch != rb.Batch || b.N != rb.N || b.DF != rb.DF {
					t.Errorf("batch %d: %s n=%d df=%d, reference %s n=%d df=%d", i, b.Batch, b.N, b.DF, rb.Batch, rb.N, rb.DF)
				}
				near(t, rb.Batch+" intercept", b.Line.Intercept, rb.Intercept, 1e-10)
				near(t, rb.Batch+" slope", b.Line.Slope, rb.Slope, 1e-10)
				near(t, rb.Batch+" residual SD", b.ResidualSD, rb.ResidualSD, 1e-9)
			}
			if len(ev.Excluded) != rs.Excluded {
				t.Errorf("%d points excluded, reference %d", len(ev.Excluded), rs.Excluded)
			}
			for _, c := range []struct {
				name string
				got  *FTest
				want refF
			}{{"slopes", ev.Slopes, rs.Slopes}, {"intercepts", ev.Intercepts, rs.Intercepts}} {
				if c.got == nil {
					t.Fatalf("no %s test", c.name)
				}
				if c.got.DF1 != c.want.DF1 || c.got.DF2 != c.want.DF2 {
					t.Errorf("%s df (%d, %d), reference (%d, %d)", c.name, c.got.DF1, c.got.DF2, c.want.DF1, c.want.DF2)
				}
				near(t, c.name+" F", c.got.F, c.want.F, 1e-8)
				near(t, c.name+" p", c.got.P, c.want.P, 1e-9)
			}
			if string(ev.Model) != rs.Model {
				t.Fatalf("model %s, reference %s", ev.Model, rs.Model)
			}
			if rs.Model != string(Separate) {
				near(t, "model residual SD", ev.ResidualSD, rs.ModelResidualSD, 1e-9)
				if ev.DF != rs.ModelDF {
					t.Errorf("model df %d, reference %d", ev.DF, rs.ModelDF)
				}
			}
			if len(ev.Estimates) != len(rs.Estimates) {
				t.Fatalf("%d estimates, reference %d", len(ev.Estimates), len(rs.Estimates))
			}
			for i, re := range rs.Estimates {
				es := ev.Estimates[i]
				if es.Batch != re.Batch || es.Reached != re.Reached {
					t.Errorf("estimate %d: batch %q reached %v, reference %q %v", i, es.Batch, es.Reached, re.Batch, re.Reached)
				}
				near(t, "shelf life of "+re.Batch, es.ShelfLife, re.ShelfLife, 1e-8)
				batch := re.Batch
				if batch == "" {
					batch = ev.Names()[0]
				}
				for _, bp := range re.Band {
					mean, lo, hi, ok := ev.Band(batch, bp.Month)
					if !ok {
						t.Fatalf("no band for %s", batch)
					}
					near(t, "mean", mean, bp.Mean, 1e-10)
					near(t, "lower limit", lo, bp.Lower, 1e-9)
					near(t, "upper limit", hi, bp.Upper, 1e-9)
				}
			}
			near(t, "shelf life", ev.ShelfLife, rs.ShelfLife, 1e-8)
			if ev.Governing != rs.Governing {
				t.Errorf("governing batch %q, reference %q", ev.Governing, rs.Governing)
			}
		})
	}
	for _, m := range []Model{Pooled, CommonSlope, Separate} {
		if !models[string(m)] {
			t.Errorf("no reference data set exercises the %s model", m)
		}
	}
}

func TestDistributionsMatchReference(t *testing.T) {
	d := loadReference(t).Distributions
	for _, c := range d.TQuantile {
		near(t, "t quantile", StudentTQuantile(c.P, c.DF), c.Q, 1e-10)
	}
	for _, c := range d.TCDF {
		near(t, "t cdf", StudentTCDF(c.T, c.DF), c.CDF, 1e-12)
	}
	for _, c := range d.FSF {
		near(t, "F survival", FSurvival(c.F, c.DF1, c.DF2), c.SF, 1e-12)
	}
	for _, c := range d.BetaInc {
		near(t, "incomplete beta", RegIncBeta(c.X, c.A, c.B), c.I, 1e-12)
	}
	if len(d.TQuantile) == 0 || len(d.FSF) == 0 || len(d.BetaInc) == 0 {
		t.Fatal("reference distributions are empty")
	}
}
