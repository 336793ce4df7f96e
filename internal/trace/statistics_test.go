package trace

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/model"
)

// batchesIndex indexes a batches file of three lots with one protein
// result each.
func batchesIndex(t *testing.T) (*Index, *model.Batches) {
	t.Helper()
	src := []byte(`{"lots": [
		{"lot": "L1", "results": [{"test": "protein", "value": 101.2}]},
		{"lot": "L2", "results": [{"test": "protein", "value": 99.8}]},
		{"lot": "L3", "results": [{"test": "protein", "value": 100.5}]}]}`)
	doc, ds := dataset.Parse("data/batches.json", src, dataset.Options{})
	if doc == nil {
		t.Fatal(ds)
	}
	var b model.Batches
	if err := json.Unmarshal(src, &b); err != nil {
		t.Fatal(err)
	}
	return NewIndex(map[*dataset.Document]any{doc: &b}), &b
}

// TestBatchStatisticIsTracedToEveryLot: a mean printed from TestStat is
// explained by the mean formula over the three lots' values; a mean the
// lots do not give is not.
func TestBatchStatisticIsTracedToEveryLot(t *testing.T) {
	ix, b := batchesIndex(t)
	st := b.TestStat("protein")
	recv := reflect.ValueOf(st)
	s, ok := ix.explain(reflect.ValueOf(st.Mean), recv, "Mean")
	if !ok || !strings.HasPrefix(s.Formula, "mean = Σx ÷ n") || len(s.Inputs) != 3 || s.Inputs[2].Pointer != "/lots/2/results/0/value" {
		t.Fatalf("mean: %+v %v", s, ok)
	}
	if s, ok := ix.explain(reflect.ValueOf(st.SD), recv, "SD"); !ok || !strings.HasPrefix(s.Formula, "standard deviation") {
		t.Errorf("SD: %+v %v", s, ok)
	}
	if s, ok := ix.explain(reflect.ValueOf(3), recv, "N"); !ok || len(s.Inputs) != 3 {
		t.Errorf("n: %+v %v", s, ok)
	}
	// A Stat no series of the lots gives is not explained.
	other := st
	other.Mean = 100.0
	if s, ok := ix.explain(reflect.ValueOf(other.Mean), reflect.ValueOf(other), "Mean"); ok {
		t.Errorf("a mean the lots do not give was explained: %+v", s)
	}
	// The right series, the wrong printed value.
	if s, ok := ix.explain(reflect.ValueOf(4), recv, "N"); ok {
		t.Errorf("n = 4 over three lots was explained: %+v", s)
	}
}

// TestCountNamesTheItems: "3 batches" printed from a list of lots is a
// count whose inputs are the lots; a text that does not start with the
// list's length, or a one-item list printed as its item, is not.
func TestCountNamesTheItems(t *testing.T) {
	ix, b := batchesIndex(t)
	lots := reflect.ValueOf(b.Lots)
	s, ok := ix.count(lots, "3 batches")
	if !ok || s.Formula != "count = the number of items listed" || len(s.Inputs) != 3 || s.Inputs[1].Pointer != "/lots/1" {
		t.Fatalf("3 batches: %+v %v", s, ok)
	}
	for _, text := range []string{"2 batches", "30", "3.5", "L1, L2, L3"} {
		if s, ok := ix.count(lots, text); ok {
			t.Errorf("%q counted: %+v", text, s)
		}
	}
	if s, ok := ix.count(reflect.ValueOf([]string{"1"}), "1"); ok {
		t.Errorf("a one-item list printed as its item was counted: %+v", s)
	}
}

// TestEntriesFindWrappedCells: a value wrapped inside a table cell comes
// after the other cells' first lines in the page text; it is found where
// it starts, not at a whole copy further on.
func TestEntriesFindWrappedCells(t *testing.T) {
	page := squeeze("F(2, 8) = F(2, 8) = pooled\n1.51, p = 0.68, p =\n0.278 0.534\nThe test gives F(2, 8) = 1.51, p = 0.278.")
	if next, ok := find(page, 0, "F(2, 8) = 1.51, p = 0.278"); !ok || next != len("F(2,") {
		t.Errorf("wrapped cell found at %d %v, want just after its first word", next, ok)
	}
	if next, ok := find(page, len("F(2,"), "F(2, 8) = 0.68, p = 0.534"); !ok || next != 2*len("F(2,8)=")-len("8)=") {
		t.Errorf("second wrapped cell found at %d %v", next, ok)
	}
	if _, ok := find(page, 0, "F(2, 8) = 9.99, p = 0.278"); ok {
		t.Error("a value not on the page was found")
	}
}

// TestEntriesLookOnePageAhead: a value is looked for on the page of the
// previous entry and the next, not further, so a value missing where it
// is printed does not pull the search past the values that follow.
func TestEntriesLookOnePageAhead(t *testing.T) {
	ix, b := batchesIndex(t)
	val := func(i int) reflect.Value { return reflect.ValueOf(b.Lots[i].Results[0].Value).Elem() }
	printed := []mdtemplate.Traced{
		{Text: "101.2", Sources: []reflect.Value{val(0)}},
		{Text: "99.8", Sources: []reflect.Value{val(1)}}, // on page 3 only: too far
		{Text: "100.5", Sources: []reflect.Value{val(2)}},
	}
	got := ix.Entries("t.md", printed, []string{"Protein 101.2", "Protein 100.5", "Protein 99.8"})
	if len(got) != 2 || got[0].Text != "101.2" || got[1].Text != "100.5" || got[1].Page != 2 {
		t.Errorf("entries %+v", got)
	}
}
