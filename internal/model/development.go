package model

import (
	"math"
	"strings"
)

// Development is the content of development.json: the process change
// history 3.2.S.2.6 presents.
type Development struct {
	Summary Rich             `json:"summary"`
	Changes []*ProcessChange `json:"changes"`
}

// ProcessChange is one change between the clinical and the commercial
// process, with its comparability conclusion.
type ProcessChange struct {
	ID         string   `json:"id"`
	Date       string   `json:"date"`
	From       string   `json:"from"`
	To         string   `json:"to"`
	Steps      []string `json:"steps"`
	Change     Rich     `json:"change"`
	Reason     Rich     `json:"reason"`
	Risk       string   `json:"risk"`
	LotsBefore []string `json:"lots_before"`
	LotsAfter  []string `json:"lots_after"`
	Evidence   Rich     `json:"evidence"`
	Comparable bool     `json:"comparable"`
	Conclusion Rich     `json:"conclusion"`
}

// ChangeComparison is one test's release results before and after a change.
type ChangeComparison struct {
	Test          *Test
	Before, After LotStats
}

// Shifted reports whether both groups have quantified results, so the
// shift of the mean can be given.
func (c ChangeComparison) Shifted() bool { return c.Before.N > 0 && c.After.N > 0 }

// Shift is the mean after the change less the mean before it.
func (c ChangeComparison) Shift() float64 { return c.After.Mean - c.Before.Mean }

// ShiftSign is the sign a table prints before the size of the shift: "+"
// or a true minus.
func (c ChangeComparison) ShiftSign() string {
	if c.Shift() < 0 {
		return "−"
	}
	return "+"
}

// ShiftSize is the size of the shift, without its sign.
func (c ChangeComparison) ShiftSize() float64 { return math.Abs(c.Shift()) }

// ShiftShare is the shift as a percentage of the room the acceptance
// criterion leaves: of the width of a range, or of the distance from the
// mean before the change to a one-sided limit. A reviewer reads a shift of
// a few percent of that room as small whatever the number of lots; ok is
// false for a criterion without numeric limits or no room at all.
func (c ChangeComparison) ShiftShare() (pct float64, ok bool) {
	if !c.Shifted() {
		return 0, false
	}
	cr := c.Test.Criterion
	var room float64
	switch cr.Type {
	case "range":
		if cr.Low == nil || cr.High == nil {
			return 0, false
		}
		room = cr.High.Float() - cr.Low.Float()
	case "nlt", "gt":
		if cr.Value == nil {
			return 0, false
		}
		room = c.Before.Mean - cr.Value.Float()
	case "nmt", "lt":
		if cr.Value == nil {
			return 0, false
		}
		room = cr.Value.Float() - c.Before.Mean
	default:
		return 0, false
	}
	// A mean before the change outside today's criterion leaves no room
	// to relate the shift to.
	if room <= 0 {
		return 0, false
	}
	return 100 * math.Abs(c.Shift()) / room, true
}

// HasShare and Share are ShiftShare for templates.
func (c ChangeComparison) HasShare() bool { _, ok := c.ShiftShare(); return ok }

// Share is the value of ShiftShare, 0 without one.
func (c ChangeComparison) Share() float64 { v, _ := c.ShiftShare(); return v }

// CompareChange sets the release results of the lots before a change against
// those after it, test by test, for the lots batches.json holds. It
// returns nothing when either group has no lot in the batch data.
func (p *Project) CompareChange(c *ProcessChange) []ChangeComparison {
	if p.Specification == nil || p.Batches == nil || c == nil {
		return nil
	}
	before, after := p.lotsNamed(c.LotsBefore), p.lotsNamed(c.LotsAfter)
	if len(before) == 0 || len(after) == 0 {
		return nil
	}
	var out []ChangeComparison
	for _, t := range p.Specification.Tests {
		if t == nil {
			continue
		}
		out = append(out, ChangeComparison{Test: t, Before: statsOf(before, t.ID), After: statsOf(after, t.ID)})
	}
	return out
}

// lotsNamed returns the lots of batches.json with the given numbers, in
// the order of batches.json.
func (p *Project) lotsNamed(names []string) []*Lot {
	want := map[string]bool{}
	for _, n := range names {
		want[strings.ToLower(strings.TrimSpace(n))] = true
	}
	var out []*Lot
	for _, l := range p.Batches.Lots {
		if l != nil && want[strings.ToLower(strings.TrimSpace(l.Lot))] {
			out = append(out, l)
		}
	}
	return out
}
