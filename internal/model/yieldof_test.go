package model

import (
	"reflect"
	"testing"
)

// TestYieldOfIsTheTableRow: YieldOf, which walks the steps without
// building the table, gives each step exactly its YieldTable row, and nil
// for a step without a mass balance.
func TestYieldOfIsTheTableRow(t *testing.T) {
	p := loadExample(t).Process
	rows := map[*Step]YieldRow{}
	for _, r := range p.YieldTable() {
		rows[r.Step] = r
	}
	if len(rows) == 0 {
		t.Fatal("the example has no yield rows")
	}
	for _, s := range p.Steps {
		got := p.YieldOf(s)
		want, ok := rows[s]
		switch {
		case !ok && got != nil:
			t.Errorf("step %s has no mass balance but YieldOf gave %+v", s.ID, *got)
		case ok && got == nil:
			t.Errorf("step %s: YieldOf gave nil, want %+v", s.ID, want)
		case ok && !reflect.DeepEqual(*got, want):
			t.Errorf("step %s: YieldOf = %+v, want %+v", s.ID, *got, want)
		}
	}
	if p.YieldOf(nil) != nil {
		t.Error("YieldOf(nil) should be nil")
	}
}
