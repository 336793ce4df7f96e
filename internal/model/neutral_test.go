package model

import (
	"encoding/json"
	"os"
	"testing"
)

// A specification with an earlier version: results are judged against the
// version in force on each lot's test date.
func historySpec() *Specification {
	n := func(s string) *Number { v := Num(s); return &v }
	return &Specification{
		ID: "SPEC", Version: "2.0", EffectiveDate: "2024-01-15",
		History: []*SpecVersion{{Version: "1.0", EffectiveDate: "2022-06-01",
			Criteria: []*VersionCriterion{{Test: "agg", Criterion: Criterion{Type: "nmt", Value: n("3.0"), Unit: "%"}}}}},
		Tests: []*Test{{ID: "agg", Name: "Aggregates", Criterion: Criterion{Type: "nmt", Value: n("2.0"), Unit: "%"}}},
	}
}

func lotWith(name, tested, agg string) *Lot {
	v := Num(agg)
	return &Lot{Lot: name, Purpose: "clinical", TestDate: tested, Results: []*Result{{Test: "agg", Value: &v}}}
}

func TestVersionInForceJudges(t *testing.T) {
	s := historySpec()
	old := lotWith("L1", "2023-03-01", "2.6")  // passes 1.0 (≤ 3.0), would fail 2.0
	late := lotWith("L2", "2024-02-01", "2.6") // judged by 2.0: fails
	pre := lotWith("L0", "2021-01-01", "5.0")  // before any version: not judged
	if j := s.Judge(old, "agg"); j.Version != "1.0" || j.Verdict != Pass {
		t.Errorf("lot tested under 1.0: %+v, want version 1.0 and a pass", j)
	}
	if j := s.Judge(late, "agg"); j.Version != "2.0" || j.Verdict != Fail {
		t.Errorf("lot tested under 2.0: %+v, want version 2.0 and a fail", j)
	}
	if j := s.Judge(pre, "agg"); j.Version != "" || j.Verdict != NotJudged {
		t.Errorf("lot tested before 1.0: %+v, want not judged", j)
	}
	sum := Summarise(s, &Batches{Lots: []*Lot{pre, old, late}})
	if len(sum.Historic) != 1 || sum.Historic[0] != "L0" || len(sum.Failed) != 1 || sum.Failed[0].Lot != "L2" {
		t.Errorf("summary = %+v", sum)
	}
	if len(sum.Versions) != 2 || sum.Versions[0] != "1.0" || sum.Versions[1] != "2.0" {
		t.Errorf("versions applied = %v, want [1.0 2.0]", sum.Versions)
	}
	// Quiet: with every lot under the current version, nothing is
	// historic and one version applied.
	ok := Summarise(s, &Batches{Lots: []*Lot{lotWith("L3", "2025-01-01", "1.2")}})
	if !ok.AllPassed() || len(ok.Versions) != 1 || len(ok.Historic) != 0 {
		t.Errorf("current-version summary = %+v", ok)
	}
}

func TestSuggestUnitKeepsDimensionAndSize(t *testing.T) {
	known := BuiltinUnits()
	for in, want := range map[string]string{
		"ug/mL":   "µg/mL",
		"μg/mL":   "µg/mL",
		"mOsm/Kg": "mOsm/kg",
		"%w/v":    "% w/v",
		"iu/mL":   "IU/mL",
		"ML":      "", // mega-litre is not mL
		"µg/L":    "", // not g/L: another size
		"mmol/g":  "", // not mmol/L: another dimension
		"Mg/L":    "", // not mg/L
		"g/l":     "g/L",
	} {
		if got := SuggestUnit(in, known); got != want {
			t.Errorf("SuggestUnit(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAliasesReadOldNames(t *testing.T) {
	p := &Project{}
	src := `{"product": {"name": "X", "description": "Y"}, "starting_material": {"name": "Plasma", "igg_concentration": {"value": 10.0, "unit": "g/L"}, "pool_volume": {"value": 4000, "unit": "L"}},
	  "steps": [{"id": "P1", "name": "a", "type": "other", "purpose": "p", "igg_in": {"value": 40, "unit": "kg"}, "igg_out": {"value": 39, "unit": "kg"}}]}`
	if err := p.Decode(KindProcess, []byte(src)); err != nil {
		t.Fatal(err)
	}
	if got := p.Process.Steps[0].ProductOut.Value.String(); got != "39" {
		t.Errorf("igg_out read as product_out = %q", got)
	}
	if p.Process.StartingMaterial.Kind != PlasmaPool || p.Process.YieldLabel() != "IgG" {
		t.Errorf("an old process is a plasma IgG process: kind %q label %q", p.Process.StartingMaterial.Kind, p.Process.YieldLabel())
	}
	if len(p.Aliases()) != 4 || p.Aliases()[2].Pointer != "/steps/0/igg_in" || p.Aliases()[2].New != "product_in" {
		t.Errorf("aliases = %+v", p.Aliases())
	}
	// Quiet: the new names give no alias and a declared substance.
	q := &Project{}
	src = `{"product": {"name": "X", "description": "Y", "active_substance": {"name": "human albumin", "label": "albumin"}}, "starting_material": {"kind": "plasma_pool", "name": "Plasma", "concentration": {"value": 40, "unit": "g/L"}},
	  "steps": [{"id": "P1", "name": "a", "type": "other", "purpose": "p", "product_in": {"value": 40, "unit": "kg"}, "product_out": {"value": 39, "unit": "kg"}}]}`
	if err := q.Decode(KindProcess, []byte(src)); err != nil {
		t.Fatal(err)
	}
	if len(q.Aliases()) != 0 || q.Process.YieldLabel() != "albumin" {
		t.Errorf("new names: aliases %+v, label %q", q.Aliases(), q.Process.YieldLabel())
	}
}

// The retrovirus safety factor (ICH Q5A(R2)): log10 particles per dose from
// the particles per mL and the bulk per dose, against the claimed clearance
// of the model retrovirus; none when that virus has no claimed reduction.
func TestRetrovirusMargin(t *testing.T) {
	v := &ViralClearance{
		Viruses:    []*Virus{{ID: "X-MuLV"}, {ID: "MMV"}},
		Retrovirus: &RetrovirusSafety{Virus: "X-MuLV", LogParticles: Num("7.0"), BulkPerDoseML: Num("1000")},
		Studies: []*VirusStudy{
			{Virus: "X-MuLV", Claimed: true, ReportedLRV: LRV{Qualifier: "≥", Value: Num("5.5")}},
			{Virus: "X-MuLV", Claimed: true, ReportedLRV: LRV{Value: Num("4.5")}},
			{Virus: "X-MuLV", Claimed: false, ReportedLRV: LRV{Value: Num("2.0")}},
		},
	}
	m := v.RetrovirusMargin()
	if !m.Known || !m.LowerBound || m.LogParticlesPerDose != 10 || m.ClaimedLRV != 10 || m.Margin != 0 {
		t.Errorf("margin = %+v, want 10 log10 particles per dose against ≥ 10.0 claimed, margin 0", m)
	}
	v.Retrovirus.Virus = "MMV"
	if m := v.RetrovirusMargin(); m.Known {
		t.Errorf("a virus with no claimed study gives no margin: %+v", m)
	}
}

// A process that starts from a cell bank has steps before the product
// exists: yields run from the first step with a mass balance, and text
// names that step's input as the basis.
func TestYieldsFromTheFirstStepWithProduct(t *testing.T) {
	q := func(v string) Quantity { return Quantity{Value: Num(v), Unit: "kg"} }
	p := &Process{StartingMaterial: StartingMaterial{Kind: CellBankVial, Name: "One WCB vial"}, Steps: []*Step{
		{ID: "U1", Index: 0}, {ID: "U2", Index: 1},
		{ID: "M1", Index: 2, ProductIn: q("10.0"), ProductOut: q("9.0")},
		{ID: "M2", Index: 3, ProductIn: q("9.0"), ProductOut: q("8.1")},
	}}
	rows := p.YieldTable()
	if len(rows) != 2 || rows[0].StepID != "M1" || p.OverallYield() < 80.99 || p.OverallYield() > 81.01 {
		t.Errorf("yield table %+v, overall %.2f; want M1 and M2, 81 %%", rows, p.OverallYield())
	}
	if p.YieldOf(p.Steps[0]) != nil || p.YieldBasis() != "input of step M1" || p.PerLitreKnown() {
		t.Errorf("U1 row %v, basis %q, per litre %v", p.YieldOf(p.Steps[0]), p.YieldBasis(), p.PerLitreKnown())
	}
	if got := p.ParameterCounts(); got != "" {
		t.Errorf("no parameters gives %q, want nothing", got)
	}
	p.Steps[2].Parameters = []*Parameter{{Criticality: "CPP"}, {Criticality: "KPP"}, {Criticality: "KPP"}}
	if got := p.ParameterCounts(); got != "1 critical process parameter (CPP) and 2 key process parameters (KPP)" {
		t.Errorf("ParameterCounts = %q", got)
	}
	if n := len(p.StepsWithCPP()); n != 1 {
		t.Errorf("%d steps with a CPP, want 1", n)
	}
}

// A project declares units with a dimension from the schema's list; every
// built-in unit's dimension must be on that list, or a project could not
// declare a unit measuring the same thing.
func TestBuiltinDimensionsAreDeclarable(t *testing.T) {
	src, err := os.ReadFile("../../schemas/common.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Defs map[string]struct {
			Enum []string `json:"enum"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(src, &s); err != nil {
		t.Fatal(err)
	}
	declarable := map[string]bool{}
	for _, d := range s.Defs["dimension"].Enum {
		declarable[d] = true
	}
	for unit, dim := range BuiltinUnits() {
		if !declarable[dim] {
			t.Errorf("unit %q measures %q, which the schema's dimension list lacks", unit, dim)
		}
	}
}
