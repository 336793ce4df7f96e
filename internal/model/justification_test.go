package model

import (
	"math"
	"os"
	"testing"
)

func loadJustification(t *testing.T) *Project {
	t.Helper()
	p := loadExample(t)
	src, err := os.ReadFile("../../examples/ivig-liquid/data/justification.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Decode(KindJustification, src); err != nil {
		t.Fatal(err)
	}
	return p
}

func basisOf(t *testing.T, p *Project, test string) TestBasis {
	t.Helper()
	for _, b := range p.SpecJustification() {
		if b.Test.ID == test {
			return b
		}
	}
	t.Fatalf("no basis for test %s", test)
	return TestBasis{}
}

// TestCensoredResultsAreNeverAveraged: prekallikrein activator has one
// quantified result (2) and two "< 2"; the statistics are over the one,
// the two are listed as censored, and no capability is claimed.
func TestCensoredResultsAreNeverAveraged(t *testing.T) {
	p := loadJustification(t)
	b := basisOf(t, p, "pka")
	if b.PPQ.N != 1 || len(b.PPQ.Censored) != 2 || b.PPQ.Mean != 2 || b.PPQ.HasSD() {
		t.Errorf("pka PPQ stats = %+v", b.PPQ)
	}
	if got := b.PPQ.CensoredText(); got != "< 2 (2 lots)" {
		t.Errorf("censored text %q", got)
	}
	if b.HasCapability() {
		t.Error("capability claimed from one quantified result")
	}
	igm := basisOf(t, p, "igm")
	if !igm.All.AllCensored() || igm.Figured() {
		t.Errorf("IgM should be all censored and not plotted: %+v", igm.All)
	}
	var names []string
	for _, c := range p.CensoredSpecTests() {
		names = append(names, c.Test.ID)
	}
	if len(names) != 4 || names[0] != "igm" || names[1] != "pka" || names[2] != "fxia" || names[3] != "endotoxin" {
		t.Errorf("censored tests %v", names)
	}
}

// TestCapabilityAndGroups: aggregates {0.2, 0.3, 0.2} against ≤ 2.0 give
// Ppk = (2.0 − 0.2333)/(3 × 0.0577) = 10.2; the clinical group is the two
// lots justification.json names.
func TestCapabilityAndGroups(t *testing.T) {
	p := loadJustification(t)
	b := basisOf(t, p, "aggregates")
	ppk, ok := b.Capability()
	if !ok || math.Abs(ppk-10.2) > 0.05 {
		t.Errorf("Ppk = %v, %v; want 10.2", ppk, ok)
	}
	if b.Clinical.N != 2 || b.Clinical.Lots[0] != "RGX-24-001" || b.Clinical.Lots[1] != "RGX-24-002" {
		t.Errorf("clinical group %+v", b.Clinical)
	}
	if got := b.Bases(); len(got) != 5 || got[0] != "compendial" || got[3] != "process capability" || got[4] != "safety" {
		t.Errorf("bases %v", got)
	}
	if got := basisOf(t, p, "anti-a").PPQ.TitreRange(); got != "1:8 to 1:16" {
		t.Errorf("anti-A titres %q", got)
	}
	if got := basisOf(t, p, "anti-d").PPQ.TextSummary(); got != "Complies (3 lots)" {
		t.Errorf("anti-D texts %q", got)
	}
	// pH {4.3, 4.2, 4.3} in 4.0–4.4: Ppk (4.4 − 4.267)/(3 × 0.0577) = 0.77 < 1
	// is printed but is no basis.
	ph := basisOf(t, p, "ph")
	if v := ph.PPK(); math.Abs(v-0.77) > 0.005 {
		t.Errorf("pH Ppk %v", v)
	}
	for _, s := range ph.Bases() {
		if s == "process capability" {
			t.Error("a Ppk below 1 is named as a basis")
		}
	}
}
