package model

import (
	"math"
	"os"
	"testing"
)

// TestCompareChange: the mAb example's change PC-01 compares two clinical
// lots with three PPQ lots, test by test, from batches.json.
func TestCompareChange(t *testing.T) {
	p := &Project{}
	for kind, file := range map[string]string{KindSpecification: "specification.json", KindBatches: "batches.json", KindDevelopment: "development.json"} {
		src, err := os.ReadFile("../../examples/mab-ds/data/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Decode(kind, src); err != nil {
			t.Fatal(err)
		}
	}
	rows := p.CompareChange(p.Development.Changes[0])
	find := func(id string) ChangeComparison {
		for _, r := range rows {
			if r.Test.ID == id {
				return r
			}
		}
		t.Fatalf("no comparison for %s", id)
		return ChangeComparison{}
	}
	// HMW {2.8, 2.4} before, {0.6, 0.8, 0.5} after; limit ≤ 1.5 lies
	// below the mean before, so the shift has no share of the room.
	hmw := find("hmw")
	if hmw.Before.N != 2 || hmw.After.N != 3 || math.Abs(hmw.Shift()-(0.6333-2.6)) > 0.001 || hmw.ShiftSign() != "−" || hmw.HasShare() {
		t.Errorf("hmw comparison %+v shift %v", hmw, hmw.Shift())
	}
	// Protein {151, 151} before, {151, 149, 150} after in 140–160: the
	// shift −1.0 is 5 % of the range's width.
	prot := find("protein")
	if share, ok := prot.ShiftShare(); !ok || math.Abs(share-5) > 1e-9 {
		t.Errorf("protein share %v %v", share, ok)
	}
	// Leached Protein A: both "< 2" before, so no mean and no shift.
	pa := find("protein-a")
	if !pa.Before.AllCensored() || pa.Shifted() || pa.After.N != 1 {
		t.Errorf("protein A comparison %+v", pa)
	}
	// A change whose lots are not all in the batch data compares nothing.
	if got := p.CompareChange(&ProcessChange{LotsBefore: []string{"MABX-23-999"}, LotsAfter: []string{"MABX-25-001"}}); got != nil {
		t.Errorf("comparison without lots before: %v", got)
	}
}
