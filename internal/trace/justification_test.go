package trace

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/model"
)

// justificationIndex indexes a specification of two tests (protein,
// 90–110; endotoxin, NMT 5 with a censored result), four lots of which
// three are PPQ, and a justification naming L1 the clinical lot.
func justificationIndex(t *testing.T) (*Index, []model.TestBasis) {
	ix, p := justificationProject(t)
	return ix, p.SpecJustification()
}

// justificationProject is the project of justificationIndex with a
// process change whose lots before are L1 and after L2–L4.
func justificationProject(t *testing.T) (*Index, *model.Project) {
	t.Helper()
	files := map[string][]byte{
		"data/specification.json": []byte(`{"id": "SPEC-1", "tests": [
			{"id": "protein", "name": "Protein", "criterion": {"type": "range", "low": 90, "high": 110}},
			{"id": "endotoxin", "name": "Endotoxin", "criterion": {"type": "nmt", "value": 5}}]}`),
		"data/batches.json": []byte(`{"lots": [
			{"lot": "L1", "results": [{"test": "protein", "value": 98.0}, {"test": "endotoxin", "value": 0.5, "qualifier": "<"}]},
			{"lot": "L2", "purpose": "PPQ", "results": [{"test": "protein", "value": 101.2}, {"test": "endotoxin", "value": 1.0}]},
			{"lot": "L3", "purpose": "PPQ", "results": [{"test": "protein", "value": 99.8}, {"test": "endotoxin", "value": 1.4}]},
			{"lot": "L4", "purpose": "PPQ", "results": [{"test": "protein", "value": 100.5}, {"test": "endotoxin", "value": 0.8}]}]}`),
		"data/justification.json": []byte(`{"specification": "SPEC-1", "clinical_lots": ["L1"]}`),
		"data/development.json":   []byte(`{"changes": [{"id": "PC-1", "lots_before": ["L1"], "lots_after": ["L2", "L3", "L4"]}]}`),
	}
	p := &model.Project{}
	targets := map[string]any{"data/specification.json": &p.Specification, "data/batches.json": &p.Batches, "data/justification.json": &p.Justification, "data/development.json": &p.Development}
	return indexOf(t, files, targets), p
}

// TestLotStatisticsAreTracedToTheirLots: 3.2.S.4.5's n, minimum, maximum,
// mean and SD of a test over the PPQ lots are explained by their formulas
// over the PPQ lots' quantified results; n over all lots counts every
// result of the test (the censored one included, as not quantified); a
// printed figure the lots do not give, or a summary no set of lots gives,
// is refused.
func TestLotStatisticsAreTracedToTheirLots(t *testing.T) {
	ix, bases := justificationIndex(t)
	protein := bases[0]
	recv := reflect.ValueOf(protein.PPQ)
	s, ok := ix.explain(reflect.ValueOf(protein.PPQ.Mean), recv, "Mean")
	if !ok || !strings.HasPrefix(s.Formula, "mean = Σx ÷ n") || !strings.HasSuffix(s.Formula, "test protein over the PPQ lots") ||
		len(s.Inputs) != 3 || s.Inputs[0].Pointer != "/lots/1/results/0/value" || s.Inputs[0].File != "data/batches.json" {
		t.Fatalf("PPQ mean: %+v %v", s, ok)
	}
	for member, v := range map[string]any{"Min": 99.8, "Max": 101.2, "SD": protein.PPQ.SD, "N": 3, "Decimals": 1} {
		if s, ok := ix.explain(reflect.ValueOf(v), recv, member); !ok || len(s.Inputs) != 3 {
			t.Errorf("PPQ %s = %v: %+v %v", member, v, s, ok)
		}
	}
	endotoxin := bases[1]
	if s, ok := ix.explain(reflect.ValueOf(3), reflect.ValueOf(endotoxin.All), "N"); !ok || len(s.Inputs) != 4 || s.Inputs[0].Pointer != "/lots/0/results/1" {
		t.Errorf("all-lots n of endotoxin (one censored): %+v %v", s, ok)
	}
	if s, ok := ix.explain(reflect.ValueOf(0), reflect.ValueOf(endotoxin.Clinical), "N"); !ok || !strings.HasSuffix(s.Formula, "over the clinical lots") {
		t.Errorf("clinical n of endotoxin (censored only): %+v %v", s, ok)
	}
	// The right series, the wrong printed values.
	for member, v := range map[string]any{"Min": 98.0, "Max": 100.5, "Mean": 100.0, "N": 4} {
		if s, ok := ix.explain(reflect.ValueOf(v), recv, member); ok {
			t.Errorf("PPQ %s = %v was explained: %+v", member, v, s)
		}
	}
	// A summary no set of lots gives.
	other := protein.PPQ
	other.Max = 102
	if s, ok := ix.explain(reflect.ValueOf(other.Max), reflect.ValueOf(other), "Max"); ok {
		t.Errorf("a summary the lots do not give was explained: %+v", s)
	}
}

// TestPpkIsTracedToResultsAndLimits: the Ppk of protein over the PPQ lots
// is the distance from their mean to the nearer limit in three SD, with
// the results and both limits as inputs; a wrong index is refused, and a
// test with a censored PPQ result has none.
func TestPpkIsTracedToResultsAndLimits(t *testing.T) {
	ix, bases := justificationIndex(t)
	protein := bases[0]
	xs := []float64{101.2, 99.8, 100.5}
	mean := (xs[0] + xs[1] + xs[2]) / 3
	ss := 0.0
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	want := math.Min(mean-90, 110-mean) / (3 * math.Sqrt(ss/2))
	s, ok := ix.explain(reflect.ValueOf(want), reflect.ValueOf(protein), "PPK")
	if !ok || !strings.HasPrefix(s.Formula, "Ppk = min(mean − low limit, high limit − mean) ÷ (3 × SD)") || len(s.Inputs) != 5 ||
		s.Inputs[3].Pointer != "/tests/0/criterion/low" || s.Inputs[4].Pointer != "/tests/0/criterion/high" {
		t.Fatalf("Ppk %.3f: %+v %v", want, s, ok)
	}
	if s, ok := ix.explain(reflect.ValueOf(want+0.1), reflect.ValueOf(protein), "PPK"); ok {
		t.Errorf("a wrong Ppk was explained: %+v", s)
	}
	// endotoxin: all PPQ results are quantified (L1, the censored one, is
	// clinical), so it has an index against NMT 5.
	endotoxin := bases[1]
	if s, ok := ix.explain(reflect.ValueOf(endotoxin.PPK()), reflect.ValueOf(endotoxin), "PPK"); !ok || !strings.HasPrefix(s.Formula, "Ppk = (upper limit − mean)") {
		t.Errorf("endotoxin Ppk %.3f: %+v %v", endotoxin.PPK(), s, ok)
	}
}

// TestLotsTestedIsACountOfTheirResults: "3" printed as the number of PPQ
// lots tested is a count of the lots with a result of the test, with
// their results as inputs; "4" is not.
func TestLotsTestedIsACountOfTheirResults(t *testing.T) {
	ix, bases := justificationIndex(t)
	ppq := bases[0].PPQ
	lots, recv := reflect.ValueOf(ppq.Lots), reflect.ValueOf(ppq)
	s, ok := ix.countOf(lots, recv, "Lots", "3")
	if !ok || !strings.HasPrefix(s.Formula, "lots = the lots with a result of test protein over the PPQ lots") || len(s.Inputs) != 3 || s.Inputs[0].Pointer != "/lots/1/results/0" {
		t.Fatalf("3 PPQ lots tested: %+v %v", s, ok)
	}
	if s, ok := ix.countOf(lots, recv, "Lots", "4"); ok {
		t.Errorf("4 PPQ lots tested was explained: %+v", s)
	}
}

// TestShiftAcrossAChangeIsTracedToBothGroups: 3.2.S.2.6's shift of the
// protein mean across change PC-1 (L1: 98.0; L2–L4: mean 100.5) is 2.5,
// 12.5 % of the 20-unit range, from the four values and the limits; a
// wrong shift or share is refused.
func TestShiftAcrossAChangeIsTracedToBothGroups(t *testing.T) {
	ix, p := justificationProject(t)
	cmp := p.CompareChange(p.Development.Changes[0])
	if len(cmp) != 2 || cmp[0].Test.ID != "protein" {
		t.Fatalf("comparison %+v", cmp)
	}
	recv := reflect.ValueOf(cmp[0])
	s, ok := ix.explain(reflect.ValueOf(2.5), recv, "ShiftSize")
	if !ok || !strings.HasPrefix(s.Formula, "shift of the mean = |mean after − mean before|") || len(s.Inputs) != 4 ||
		!strings.Contains(s.Formula, "over the lots after change PC-1") && !strings.Contains(s.Formula, "over the PPQ lots") {
		t.Fatalf("shift 2.5: %+v %v", s, ok)
	}
	s, ok = ix.explain(reflect.ValueOf(12.5), recv, "Share")
	if !ok || !strings.HasPrefix(s.Formula, "share of the room = 100 × |mean after − mean before| ÷ (high limit − low limit)") || len(s.Inputs) != 6 ||
		s.Inputs[5].Pointer != "/tests/0/criterion/high" {
		t.Fatalf("share 12.5 %%: %+v %v", s, ok)
	}
	for member, v := range map[string]float64{"ShiftSize": 2.4, "Share": 25} {
		if s, ok := ix.explain(reflect.ValueOf(v), recv, member); ok {
			t.Errorf("%s = %v was explained: %+v", member, v, s)
		}
	}
}

// TestCensoredAndTitreTextsAreTraced: the censored results of endotoxin
// over all lots print "< 0.5 (1 lot)" from L1's qualifier and bound; a
// titre range "1:8 to 1:16" from the titres; other texts are refused.
func TestCensoredAndTitreTextsAreTraced(t *testing.T) {
	ix, bases := justificationIndex(t)
	all := reflect.ValueOf(bases[1].All)
	s, ok := ix.explain(reflect.ValueOf("< 0.5 (1 lot)"), all, "CensoredText")
	if !ok || !strings.HasPrefix(s.Formula, "censored results = ") || len(s.Inputs) != 2 ||
		s.Inputs[0].Pointer != "/lots/0/results/1/qualifier" || s.Inputs[1].Pointer != "/lots/0/results/1/value" {
		t.Fatalf("censored text: %+v %v", s, ok)
	}
	for _, text := range []string{"< 0.5 (2 lots)", "< 5 (1 lot)"} {
		if s, ok := ix.explain(reflect.ValueOf(text), all, "CensoredText"); ok {
			t.Errorf("%q was explained: %+v", text, s)
		}
	}
	if s, ok := ix.explain(reflect.ValueOf("1:8"), all, "TitreRange"); ok {
		t.Errorf("a titre range of a test without titres was explained: %+v", s)
	}

	src := []byte(`{"id": "S", "tests": [{"id": "ab", "name": "Antibody", "criterion": {"type": "titre_max", "value": 64}}]}`)
	bsrc := []byte(`{"lots": [{"lot": "L1", "results": [{"test": "ab", "titre": 16}]}, {"lot": "L2", "results": [{"test": "ab", "titre": 8}]}]}`)
	p := &model.Project{}
	roots := map[*dataset.Document]any{}
	for name, pair := range map[string]struct {
		src []byte
		to  any
	}{"data/specification.json": {src, &p.Specification}, "data/batches.json": {bsrc, &p.Batches}} {
		doc, ds := dataset.Parse(name, pair.src, dataset.Options{})
		if doc == nil {
			t.Fatal(ds)
		}
		if err := json.Unmarshal(pair.src, pair.to); err != nil {
			t.Fatal(err)
		}
		roots[doc] = reflect.ValueOf(pair.to).Elem().Interface()
	}
	tix := NewIndex(roots)
	titres := reflect.ValueOf(p.SpecJustification()[0].All)
	s, ok = tix.explain(reflect.ValueOf("1:8 to 1:16"), titres, "TitreRange")
	if !ok || !strings.HasPrefix(s.Formula, "titre range = ") || len(s.Inputs) != 2 || s.Inputs[1].Pointer != "/lots/1/results/0/titre" {
		t.Fatalf("titre range: %+v %v", s, ok)
	}
	if s, ok := tix.explain(reflect.ValueOf("1:8 to 1:32"), titres, "TitreRange"); ok {
		t.Errorf("a wrong titre range was explained: %+v", s)
	}
}

// TestEmbeddedSpecificationIsWalked: the drug product's specification
// embeds the drug substance's type, whose members are the file's members
// of "specification"; a test's method resolves there, and a copy of it
// (not the datum) does not.
func TestEmbeddedSpecificationIsWalked(t *testing.T) {
	src := []byte(`{"name": "P", "specification": {"id": "DP-1", "tests": [
		{"id": "protein", "name": "Protein", "method": "Kjeldahl (Ph. Eur. 2.5.9)", "criterion": {"type": "range", "low": 90, "high": 110}}]}}`)
	doc, ds := dataset.Parse("data/drug-product.json", src, dataset.Options{})
	if doc == nil {
		t.Fatal(ds)
	}
	var dp model.DrugProduct
	if err := json.Unmarshal(src, &dp); err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(map[*dataset.Document]any{doc: &dp})
	test := dp.Specification.Tests[0]
	s, ok := ix.Resolve(reflect.ValueOf(&test.Method).Elem())
	if !ok || s.Pointer != "/specification/tests/0/method" {
		t.Fatalf("method: %+v %v", s, ok)
	}
	if s, ok := ix.Resolve(reflect.ValueOf(test.Criterion.High).Elem()); !ok || s.Pointer != "/specification/tests/0/criterion/high" {
		t.Errorf("high limit: %+v %v", s, ok)
	}
	method := test.Method
	if s, ok := ix.Resolve(reflect.ValueOf(&method).Elem()); ok {
		t.Errorf("a copy of the method was resolved: %+v", s)
	}
}

// TestRejectedPercentIsTracedToTheFill: 3.2.P.3.5's rejected share of a
// PPQ fill, 12 of 1,000 units, is 1.2 % from both counts; 1.3 % is
// refused.
func TestRejectedPercentIsTracedToTheFill(t *testing.T) {
	src := []byte(`{"name": "P", "process_validation": {"ppq": [{"lot": "F1", "units_filled": 1000, "units_rejected": 12}]}}`)
	doc, ds := dataset.Parse("data/drug-product.json", src, dataset.Options{})
	if doc == nil {
		t.Fatal(ds)
	}
	var dp model.DrugProduct
	if err := json.Unmarshal(src, &dp); err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(map[*dataset.Document]any{doc: &dp})
	fill := reflect.ValueOf(dp.ProcessValidation.PPQ[0])
	s, ok := ix.explain(reflect.ValueOf(1.2), fill, "RejectedPercent")
	if !ok || s.Formula != "rejected = 100 × units rejected ÷ units filled (%)" || len(s.Inputs) != 2 ||
		s.Inputs[0].Pointer != "/process_validation/ppq/0/units_rejected" || s.Inputs[1].Pointer != "/process_validation/ppq/0/units_filled" {
		t.Fatalf("1.2 %%: %+v %v", s, ok)
	}
	if s, ok := ix.explain(reflect.ValueOf(1.3), fill, "RejectedPercent"); ok {
		t.Errorf("1.3 %% was explained: %+v", s)
	}
}

// TestDrugProductBatchSummaryIsTraced: 3.2.P.5.4's counts are over the
// drug product's lots judged against its own specification: two lots,
// one result each passed; three lots or two results passed of one lot
// are refused.
func TestDrugProductBatchSummaryIsTraced(t *testing.T) {
	src := []byte(`{"name": "P", "specification": {"id": "DP-1", "version": "1.0", "tests": [
		{"id": "protein", "name": "Protein", "criterion": {"type": "range", "low": 90, "high": 110}}]},
		"lots": [{"lot": "D1", "results": [{"test": "protein", "value": 101}]}, {"lot": "D2", "results": [{"test": "protein", "value": 99}]}]}`)
	doc, ds := dataset.Parse("data/drug-product.json", src, dataset.Options{})
	if doc == nil {
		t.Fatal(ds)
	}
	var dp model.DrugProduct
	if err := json.Unmarshal(src, &dp); err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(map[*dataset.Document]any{doc: &dp})
	sum := reflect.ValueOf(dp.BatchSummary())
	s, ok := ix.explain(reflect.ValueOf(2), sum, "Lots")
	if !ok || s.Formula != "lots = the number of lots analysed" || len(s.Inputs) != 2 || s.Inputs[1].Pointer != "/lots/1" {
		t.Fatalf("2 lots: %+v %v", s, ok)
	}
	s, ok = ix.explain(reflect.ValueOf(2), sum, "Passed")
	if !ok || !strings.HasPrefix(s.Formula, "results passed = ") || len(s.Inputs) != 2 || s.Inputs[0].Pointer != "/lots/0/results/0" {
		t.Fatalf("2 passed: %+v %v", s, ok)
	}
	if s, ok := ix.explain(reflect.ValueOf(3), sum, "Lots"); ok {
		t.Errorf("3 lots was explained: %+v", s)
	}
	if s, ok := ix.explain(reflect.ValueOf(1), sum, "Passed"); ok {
		t.Errorf("1 result passed was explained: %+v", s)
	}
}
