package trace

import (
	"reflect"
	"testing"

	"github.com/regdoc/regdoc/internal/mdtemplate"
)

// TestEntriesReadTheWrappedRestOfACell: a step span closing a label
// that wraps in its table cell is read after the first line of the
// cells that follow it; those cells' values are still found on the
// page, from the line before. What is not found after the page's last
// line is on the next page, not earlier on this one.
func TestEntriesReadTheWrappedRestOfACell(t *testing.T) {
	ix, b := batchesIndex(t)
	v := reflect.ValueOf(b.Lots[0].Results[0].Value).Elem()
	at := func(texts ...string) []mdtemplate.Traced {
		var out []mdtemplate.Traced
		for _, s := range texts {
			out = append(out, mdtemplate.Traced{Text: s, Sources: []reflect.Value{v}})
		}
		return out
	}
	page := "Item Value\nyield to the drug substance (computed from step 76.8 % (30.72 g per L plasma)\nmasses, steps A1–A5)\nOverall yield (computed from step masses) 75.1 %\nThe end."
	got := ix.Entries("t.md", at("A1–A5", "76.8 %", "30.72", "75.1 %"), []string{page})
	if len(got) != 4 {
		t.Errorf("entries %+v, want the span and the three yields after it", got)
	}
	pages := []string{"Row A 24 of 21\nRow B 7 of 9", "Row C 24 of 21"}
	got = ix.Entries("t.md", at("24", "21", "7", "9", "24", "21"), pages)
	if len(got) != 6 || got[4].Page != 2 || got[5].Page != 2 {
		t.Errorf("entries %+v, want the last row's values on page 2", got)
	}
}
