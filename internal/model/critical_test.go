package model

import (
	"slices"
	"testing"
)

// The review found P1 marked critical with only KPPs and P2, P7 and P8,
// which have CPPs, unmarked: the marking followed critical controls alone.
// A step is critical when it has a CPP or a critical control, unless the
// data mark it themselves.
func TestCriticalSteps(t *testing.T) {
	p := loadExample(t).Process
	var got []string
	for _, s := range p.CriticalSteps() {
		got = append(got, s.ID)
	}
	for _, id := range []string{"P2", "P7", "P8"} {
		if !slices.Contains(got, id) {
			t.Errorf("step %s has CPPs but is not critical; critical steps %v", id, got)
		}
	}
	// P1 has only KPPs, but its pool NAT is a critical control.
	if !slices.Contains(got, "P1") {
		t.Errorf("P1 has a critical control but is not critical; critical steps %v", got)
	}
	no := false
	p.Step("P2").Critical = &no
	if p.Step("P2").IsCritical() {
		t.Error("a step the data mark not critical is still critical")
	}
	if !p.Step("P2").HasCriticalControl() {
		t.Error("HasCriticalControl follows the marking; it must follow the CPPs")
	}
	if !p.MarksCritical() {
		t.Error("MarksCritical is false with a step marked")
	}
	if n := len(p.StepsWithCPP()); n != 8 {
		t.Errorf("%d steps with CPPs, want 8 (P1 has only KPPs)", n)
	}
}
