package trace

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/model"
)

// yieldsProject indexes three PPQ lots and a development lot, each with its
// yield to the final container and to the drug substance, and two titre
// tests whose results read alike.
func yieldsProject(t *testing.T) (*Index, *model.Batches) {
	t.Helper()
	name := "data/batches.json"
	src := []byte(`{"lots": [
		{"lot": "D1", "purpose": "development", "yield": {"value": 7.1, "unit": "g/L"}, "drug_substance_yield": {"value": 7.3, "unit": "g/L"},
		 "results": [{"test": "anti-a", "titre": 8}, {"test": "anti-b", "titre": 8}]},
		{"lot": "L1", "purpose": "PPQ", "yield": {"value": 7.42, "unit": "g/L"}, "drug_substance_yield": {"value": 7.53, "unit": "g/L"},
		 "results": [{"test": "anti-a", "titre": 8}, {"test": "anti-b", "titre": 8}]},
		{"lot": "L2", "purpose": "PPQ", "yield": {"value": 7.58, "unit": "g/L"}, "drug_substance_yield": {"value": 7.68, "unit": "g/L"},
		 "results": [{"test": "anti-a", "titre": 16}, {"test": "anti-b", "titre": 16}]},
		{"lot": "L3", "purpose": "PPQ", "yield": {"value": 7.49, "unit": "g/L"}, "drug_substance_yield": {"value": 7.60, "unit": "g/L"},
		 "results": [{"test": "anti-a", "titre": 8}, {"test": "anti-b", "titre": 8}]}]}`)
	doc, ds := dataset.Parse(name, src, dataset.Options{})
	if doc == nil {
		t.Fatal(ds)
	}
	b := &model.Batches{}
	if err := json.Unmarshal(src, b); err != nil {
		t.Fatal(err)
	}
	return NewIndex(map[*dataset.Document]any{doc: b}), b
}

// TestDrugSubstanceYieldStatIsTracedToTheLotsYields: 3.2.S.2.5's mean, SD,
// RSD and n of the PPQ lots' drug substance yields are explained over
// those yields (not the yields to the final container, nor all lots'),
// and no longer once a yield in the data is not the one summarised.
func TestDrugSubstanceYieldStatIsTracedToTheLotsYields(t *testing.T) {
	ix, b := yieldsProject(t)
	st := b.PPQ().DrugSubstanceYieldStat()
	recv := reflect.ValueOf(st)
	s, ok := ix.explain(reflect.ValueOf(st.Mean), recv, "Mean")
	if !ok || s.Formula != "mean = Σx ÷ n over the PPQ lots' drug substance yields" || len(s.Inputs) != 3 ||
		s.Inputs[0].Pointer != "/lots/1/drug_substance_yield/value" || s.Inputs[2].Pointer != "/lots/3/drug_substance_yield/value" {
		t.Fatalf("mean %.4f: %+v %v", st.Mean, s, ok)
	}
	for member, v := range map[string]any{"SD": st.SD, "RSD": st.RSD, "N": st.N} {
		if s, ok := ix.explain(reflect.ValueOf(v), recv, member); !ok || len(s.Inputs) != 3 {
			t.Errorf("%s = %v: %+v %v", member, v, s, ok)
		}
	}
	if s, ok := ix.explain(reflect.ValueOf(4), recv, "N"); ok {
		t.Errorf("n = 4 was explained: %+v", s)
	}
	// The statistic of the final-container yields has the same n but not
	// the same mean: it is no statistic of the drug substance yields.
	final := b.PPQ().YieldStat()
	if s, ok := ix.explain(reflect.ValueOf(final.Mean), reflect.ValueOf(model.DrugSubstanceStat(final)), "Mean"); ok {
		t.Errorf("the final-container mean was explained as a drug substance mean: %+v", s)
	}
	// All four lots: another series, named as such.
	all := b.DrugSubstanceYieldStat()
	if s, ok := ix.explain(reflect.ValueOf(all.N), reflect.ValueOf(all), "N"); !ok || s.Formula != "n = the number of the lots' drug substance yields" || len(s.Inputs) != 4 {
		t.Errorf("all lots' n: %+v %v", s, ok)
	}
	// The data change: L2's drug substance yield is no longer 7.68, so
	// the printed statistic is no longer theirs.
	b.Lots[2].DrugSubstanceYield.Value = model.Num("7.70")
	if s, ok := ix.explain(reflect.ValueOf(st.Mean), recv, "Mean"); ok {
		t.Errorf("a mean the lots no longer give was explained: %+v", s)
	}
}

// TestDrugProductYieldIsTracedToBothYields: 3.2.P.3.5's share a lot's
// drug product steps kept is 100 × yield ÷ drug substance yield, with both
// as inputs; once either changes, the printed share is refused.
func TestDrugProductYieldIsTracedToBothYields(t *testing.T) {
	ix, b := yieldsProject(t)
	l := b.Lots[1]
	printed := l.DrugProductYield()
	s, ok := ix.explain(reflect.ValueOf(printed), reflect.ValueOf(l), "DrugProductYield")
	if !ok || !strings.HasPrefix(s.Formula, "share kept by the drug product steps = 100 × yield ÷ drug_substance_yield") || len(s.Inputs) != 2 ||
		s.Inputs[0].Pointer != "/lots/1/yield/value" || s.Inputs[1].Pointer != "/lots/1/drug_substance_yield/value" {
		t.Fatalf("share %.3f: %+v %v", printed, s, ok)
	}
	l.Yield.Value = model.Num("7.40")
	if s, ok := ix.explain(reflect.ValueOf(printed), reflect.ValueOf(l), "DrugProductYield"); ok {
		t.Errorf("a share the yields no longer give was explained: %+v", s)
	}
	// Without a drug substance yield there is no share to explain.
	l.DrugSubstanceYield = model.Quantity{}
	if s, ok := ix.explain(reflect.ValueOf(0.0), reflect.ValueOf(l), "DrugProductYield"); ok {
		t.Errorf("a lot without a drug substance yield was explained: %+v", s)
	}
}

// TestAlikeSummariesOfTwoTestsAreTracedEach: anti-A and anti-B give the
// same titres on every PPQ lot (1:8–1:16); each summary says which test it
// is, so each range is traced to its own test's results.
func TestAlikeSummariesOfTwoTestsAreTracedEach(t *testing.T) {
	ix, b := yieldsProject(t)
	ppq := b.PPQ()
	for _, test := range []string{"anti-a", "anti-b"} {
		sum := ppq.Summarise(test)
		s, ok := ix.explain(reflect.ValueOf(sum.Text()), reflect.ValueOf(sum), "Text")
		if !ok || !strings.Contains(s.Formula, "test "+test+" ") || len(s.Inputs) != 3 {
			t.Errorf("%s %q: %+v %v", test, sum.Text(), s, ok)
		}
	}
}
