package model

import (
	"math"
	"os"
	"testing"

	"github.com/regdoc/regdoc/internal/stats"
)

func loadExample(t *testing.T) *Project {
	t.Helper()
	p := &Project{}
	for kind, file := range map[string]string{
		KindProcess: "process.json", KindComparator: "comparator.json", KindSpecification: "specification.json",
		KindBatches: "batches.json", KindViralClearance: "viral-clearance.json", KindClaims: "claims.json",
	} {
		src, err := os.ReadFile("../../examples/ivig-liquid/data/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Decode(kind, src); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func TestExampleYields(t *testing.T) {
	p := loadExample(t)
	if got := p.Process.OverallYield(); math.Abs(got-75.0) > 0.01 {
		t.Errorf("overall yield %.3f %%, want 75.0", got)
	}
	if got := p.Process.OverallYieldPerLitre(); math.Abs(got-7.50) > 0.001 {
		t.Errorf("yield per litre %.3f g/L, want 7.50", got)
	}
	if got := p.Comparator.OverallYield(); math.Abs(got-44.6) > 0.05 {
		t.Errorf("comparator yield %.3f %%, want 44.6", got)
	}
	rows := p.Process.YieldTable()
	if math.Abs(rows[1].StepYield-92.0) > 0.01 || math.Abs(rows[1].Cumulative-90.62) > 0.01 {
		t.Errorf("P2 row = %+v", rows[1])
	}
	c, ok := p.Compare()
	if !ok || c.Steps != 9 || c.ComparatorSteps != 9 || len(c.Tests) == 0 {
		t.Fatalf("comparison = %+v", c)
	}
	for _, r := range c.Tests {
		if r.Test.ID == "iga" && (r.N != 3 || r.Mean != 5) {
			t.Errorf("IgA compared = %+v, want the mean 5 of 3 lots", r)
		}
	}
}

func TestNumberKeepsText(t *testing.T) {
	p := loadExample(t)
	n := p.Process.StartingMaterial.Concentration.Value
	if n.String() != "10.0" || n.Float() != 10 || n.Decimals() != 1 {
		t.Errorf("number = %q %v %d", n.String(), n.Float(), n.Decimals())
	}
}

func TestEvaluate(t *testing.T) {
	n := func(s string) *Number { v := Num(s); return &v }
	nmt := Criterion{Type: "nmt", Value: n("2.0"), Unit: "%"}
	cases := []struct {
		c    Criterion
		r    *Result
		want Verdict
	}{
		{nmt, &Result{Value: n("2.04")}, Pass},
		{nmt, &Result{Value: n("2.05")}, Fail},
		{Criterion{Type: "nmt", Value: n("10")}, &Result{Qualifier: "<", Value: n("2")}, Pass},
		{Criterion{Type: "nmt", Value: n("1")}, &Result{Qualifier: "<", Value: n("2")}, Indeterminate},
		{Criterion{Type: "lt", Value: n("0.16")}, &Result{Qualifier: "<", Value: n("0.16")}, Pass},
		{Criterion{Type: "lt", Value: n("0.16")}, &Result{Value: n("0.16")}, Fail},
		{Criterion{Type: "range", Low: n("4.0"), High: n("4.5")}, &Result{Value: n("4.54")}, Pass},
		{Criterion{Type: "range", Low: n("4.0"), High: n("4.5")}, &Result{Value: n("4.55")}, Fail},
		{Criterion{Type: "nlt", Value: n("98.0")}, &Result{Value: n("97.95")}, Pass},
		{Criterion{Type: "titre_max", Value: n("64")}, &Result{Titre: 128}, Fail},
		{Criterion{Type: "text", Text: "Complies"}, &Result{Text: "complies"}, Pass},
		{Criterion{Type: "nmt", Value: n("10")}, nil, NotTested},
		{Criterion{Type: "range", Low: n("4.0")}, &Result{Value: n("4.2")}, Indeterminate},
		{Criterion{Type: "nmt"}, &Result{Qualifier: "<", Value: n("2")}, Indeterminate},
	}
	for i, c := range cases {
		if got := Evaluate(c.c, c.r); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
}

func TestSummaryAndLRV(t *testing.T) {
	p := loadExample(t)
	s := p.BatchSummary()
	if !s.AllPassed() || s.Lots != 3 || s.Passed != 57 {
		t.Errorf("summary = %+v", s)
	}
	// Make one lot fail and the summary must say so.
	p.Batches.Lots[1].Result("aggregates").Value = func() *Number { v := Num("2.3"); return &v }()
	if s := p.BatchSummary(); s.AllPassed() || len(s.Failed) != 1 || s.Failed[0] != (LotTest{"RGX-24-002", "aggregates", ""}) {
		t.Errorf("after OOS: %+v", s)
	}
	want := map[string]string{"HIV-1": "19.6", "BVDV": "17.2", "PRV": "20.5", "WNV": "16.0", "EMCV": "10.8", "PPV": "7.0"}
	for _, tot := range p.ViralClearance.Totals() {
		if got := stats.Format(tot.Total, 1); got != want[tot.Virus.ID] {
			t.Errorf("%s total %s, want %s", tot.Virus.ID, got, want[tot.Virus.ID])
		}
		if (tot.Virus.ID == "PPV") == tot.LowerBound {
			t.Errorf("%s lower bound = %v", tot.Virus.ID, tot.LowerBound)
		}
	}
	for _, s := range p.ViralClearance.Studies {
		m, _ := s.ComputedLRV()
		if math.Abs(m-s.ReportedLRV.Value.Float()) > 0.05 {
			t.Errorf("%s: computed %.2f, reported %s", s.ID, m, s.ReportedLRV.Value)
		}
	}
}

func TestClaimSupport(t *testing.T) {
	p := loadExample(t)
	rows := p.ClaimSupport()
	if len(rows) != 9 {
		t.Fatalf("%d rows, want 9 elements", len(rows))
	}
	for _, r := range rows {
		if r.Status != Supported {
			t.Errorf("element %s: %s %v", r.Element.ID, r.Status, r.Notes)
		}
	}
	if !p.AllSupported() {
		t.Error("AllSupported false for the example")
	}
	find := func(id string) *Element {
		for _, c := range p.Claims.Claims {
			for _, e := range c.Elements {
				if e.ID == id {
					return e
				}
			}
		}
		t.Fatalf("no element %s", id)
		return nil
	}
	status := func(id string) SupportStatus {
		for _, r := range p.ClaimSupport() {
			if r.Element.ID == id {
				return r.Status
			}
		}
		return ""
	}
	// Claiming caprylate beyond the proven acceptable range (15–25 mM).
	lo := Num("10")
	find("1b").ClaimedRange.Low = &lo
	if s := status("1b"); s != NotCovered {
		t.Errorf("1b claimed 10–25 mM against PAR 15–25: %s", s)
	}
	// IgA at most 3 µg/mL is not what the lots show (4, 6, 5).
	hi := Num("3")
	find("2a").ClaimedRange.High = &hi
	if s := status("2a"); s != NotCovered {
		t.Errorf("2a IgA ≤ 3 against results 4, 6, 5: %s", s)
	}
	// A yield of at least 80 % is more than the 75.0 % computed.
	y := Num("80")
	find("1f").ClaimedRange.Low = &y
	if s := status("1f"); s != NotCovered {
		t.Errorf("1f yield ≥ 80 %%: %s", s)
	}
	// A link to a parameter that does not exist.
	find("1a").Supports[1].Parameter = "P2-nothing"
	if s := status("1a"); s != MissingLink {
		t.Errorf("1a with a broken link: %s", s)
	}
	// An element with no links at all.
	find("1d").Supports = nil
	if s := status("1d"); s != MissingLink {
		t.Errorf("1d with no links: %s", s)
	}
	if p.AllSupported() {
		t.Error("AllSupported true with flagged elements")
	}
}

func TestRangeAndQuantityText(t *testing.T) {
	n := func(s string) *Number { v := Num(s); return &v }
	for _, c := range []struct {
		r    Range
		unit string
		want string
	}{
		{Range{Low: n("24"), High: n("26")}, "°C", "24–26 °C"},
		{Range{Low: n("-7"), High: n("-3")}, "°C", "-7 to -3 °C"},
		{Range{Low: n("18")}, "mM", "≥ 18 mM"},
		{Range{High: n("4.5")}, "1", "≤ 4.5"},
		{Range{}, "h", "any value"},
	} {
		if got := c.r.Text(c.unit); got != c.want {
			t.Errorf("%+v.Text(%q) = %q, want %q", c.r, c.unit, got, c.want)
		}
	}
	if got := (Quantity{Value: Num("36.248"), Unit: "kg"}).Text(); got != "36.248 kg" {
		t.Errorf("quantity = %q", got)
	}
	if got := (Quantity{Value: Num("6.9"), Unit: "1"}).Text(); got != "6.9" {
		t.Errorf("dimensionless quantity = %q", got)
	}
}

// Num on text that is not a number must not stop the program: it keeps the
// text and compares as NaN, so any evaluation against it is not a pass.
func TestNumOnBadTextDoesNotPanic(t *testing.T) {
	n := Num("12,5")
	if n.String() != "12,5" || !math.IsNaN(n.Float()) {
		t.Fatalf("Num(%q) = %q, %v; want the text kept and NaN", "12,5", n.String(), n.Float())
	}
}
