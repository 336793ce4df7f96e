package model

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestStageSplit: the IVIG example's filling and final-container steps
// belong to the drug product; the drug substance view stops before them,
// its yield stops at the formulated bulk, and the whole process still
// yields 75.0 % to the final container.
func TestStageSplit(t *testing.T) {
	p := loadExample(t).Process
	ds, dp := p.DrugSubstance(), p.DrugProduct()
	if got := ds.StepIDs(); !slices.Equal(got, []string{"P1", "P2", "P3", "P4", "P5", "P6", "P7"}) {
		t.Errorf("drug substance steps %v", got)
	}
	if got := dp.StepIDs(); !slices.Equal(got, []string{"P8", "P9"}) {
		t.Errorf("drug product steps %v", got)
	}
	if !p.HasDrugProductSteps() || ds.HasDrugProductSteps() {
		t.Error("HasDrugProductSteps wrong")
	}
	if got := p.OverallYield(); math.Abs(got-75.0) > 0.01 {
		t.Errorf("overall yield %.3f %%, want 75.0 over every step", got)
	}
	// 30.437 kg of 40.000 kg reach the formulated bulk.
	if got := ds.OverallYield(); math.Abs(got-76.0925) > 0.001 {
		t.Errorf("drug substance yield %.4f %%, want 76.0925", got)
	}
	if p.YieldSpan() != "P1–P9" || ds.YieldSpan() != "P1–P7" || dp.YieldSpan() != "P8–P9" {
		t.Errorf("spans %q %q %q", p.YieldSpan(), ds.YieldSpan(), dp.YieldSpan())
	}
	// The views share the steps: a step keeps its number, and the whole
	// process gives a drug product step its cumulative yield from plasma.
	if dp.Steps[0] != p.Step("P8") || dp.Steps[0].Number() != 8 {
		t.Error("the drug product view does not share step P8")
	}
	if r := p.YieldOf(dp.Steps[1]); r == nil || math.Abs(r.Cumulative-75.0) > 0.01 {
		t.Errorf("P9 cumulative from plasma = %+v", r)
	}
	// The view's parameter counts leave the drug product's CPPs out.
	if got, all := ds.CountByCriticality("CPP"), p.CountByCriticality("CPP"); got != all-4 {
		t.Errorf("drug substance CPPs %d, whole process %d; P8 and P9 have 4", got, all)
	}
}

// TestNoStageIsDrugSubstance: a process without stages (the mAb drug
// substance) is all drug substance, as before stages existed.
func TestNoStageIsDrugSubstance(t *testing.T) {
	src, err := os.ReadFile("../../examples/mab-ds/data/process.json")
	if err != nil {
		t.Fatal(err)
	}
	p := &Project{}
	if err := p.Decode(KindProcess, src); err != nil {
		t.Fatal(err)
	}
	pr := p.Process
	if pr.HasDrugProductSteps() || len(pr.DrugProduct().Steps) != 0 || len(pr.DrugSubstance().Steps) != len(pr.Steps) {
		t.Error("a process without stages should be all drug substance")
	}
	if pr.DrugSubstance().OverallYield() != pr.OverallYield() {
		t.Error("drug substance yield differs from the whole process without drug product steps")
	}
}

func TestSpecificationSectionIsOneTheProjectBuilds(t *testing.T) {
	for _, c := range []struct {
		sections []string
		want     string
	}{
		{[]string{"3.2.S.2.2", "3.2.P.5.1", "3.2.S.4.1"}, "3.2.S.4.1"},
		{[]string{"3.2.S.2.2", "3.2.P.5.1"}, "3.2.P.5.1"},
		{[]string{"3.2.S.2.2"}, ""},
	} {
		p := &Project{Sections: c.sections}
		if got := p.SpecificationSection(); got != c.want {
			t.Errorf("%v: section %q, want %q", c.sections, got, c.want)
		}
	}
}

func TestParameterByIDNamesAMissingOne(t *testing.T) {
	q := &Parameter{ID: "A8-temp"}
	p := &Process{ID: "proc", Steps: []*Step{{ID: "A7"}, {ID: "A8", Parameters: []*Parameter{q}}}}
	if got, err := p.Parameter("A8-temp"); err != nil || got != q {
		t.Errorf("Parameter(A8-temp) = %v, %v", got, err)
	}
	if s, err := p.StepOfParameter("A8-temp"); err != nil || s.ID != "A8" {
		t.Errorf("StepOfParameter(A8-temp) = %v, %v", s, err)
	}
	if _, err := p.Parameter("A9-temp"); err == nil || !strings.Contains(err.Error(), `"A9-temp"`) || !strings.Contains(err.Error(), `did you mean "A8-temp"?`) {
		t.Errorf("a missing parameter gave %v; want an error naming it and the nearest id", err)
	}
}
