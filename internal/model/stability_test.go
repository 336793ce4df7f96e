package model

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func loadStability(t *testing.T, edit func(string) string) *Stability {
	t.Helper()
	b, err := os.ReadFile("../../examples/ivig-liquid/data/stability.json")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	if edit != nil {
		src = edit(src)
	}
	var s Stability
	if err := json.Unmarshal([]byte(src), &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

func TestStabilityExampleEvaluation(t *testing.T) {
	s := loadStability(t, nil)
	if got := s.RealTimeMonths(); got != 24 {
		t.Errorf("real-time coverage %v months, want 24", got)
	}
	months, lim, ok := s.Support()
	if !ok || lim.Attribute.ID != "ph" || months != 52 || s.Section() != "3.2.P.8" {
		t.Errorf("support %d months by %v (ok %v), section %s; want 52 by ph in 3.2.P.8", months, lim, ok, s.Section())
	}
	frag := s.Evaluation("fragments")
	if len(frag.Excluded) != 7 || frag.Excluded[0].Reason != "censored" || frag.Excluded[0].Batch != "RGX-24-001" {
		t.Errorf("fragments: %d results excluded (%+v), want the 7 censored ones", len(frag.Excluded), frag.Excluded)
	}
	if !s.Supports() || !s.Covered() {
		t.Error("the example's 24-month proposal is neither supported nor covered")
	}
}

// A result outside its shelf-life criterion is counted and named; a text
// result that is not "Complies" is outside a text criterion.
func TestConditionSummaryNamesResultsOutsideTheCriterion(t *testing.T) {
	s := loadStability(t, func(src string) string {
		src = strings.Replace(src, `{ "test": "aggregates", "value": 2.69 }`, `{ "test": "aggregates", "value": 3.06 }`, 1)
		return strings.Replace(src, `{ "month": 24, "results": [{ "test": "monomer-dimer", "value": 98.5 }, { "test": "aggregates", "value": 1.48 }, { "test": "fragments", "value": 1.1 }, { "test": "ph", "value": 4.25 }, { "test": "appearance", "text": "Complies" }] }`,
			`{ "month": 24, "results": [{ "test": "monomer-dimer", "value": 98.5 }, { "test": "aggregates", "value": 1.48 }, { "test": "fragments", "value": 1.1 }, { "test": "ph", "value": 4.25 }, { "test": "appearance", "text": "Visible particles" }] }`, 1)
	})
	rows := map[string]ConditionRow{}
	for _, r := range s.ConditionSummary("accelerated") {
		rows[r.Attribute.ID] = r
	}
	agg := rows["aggregates"]
	if len(agg.Outside) != 1 || agg.Outside[0].Result.Value.String() != "3.06" || agg.Final != "2.64–3.06" || agg.FinalMonth != "6" || agg.Results != 12 {
		t.Errorf("accelerated aggregates: %+v; want one result (3.06, rounded to 3.1 > 3.0) outside, last time point 2.64–3.06 at 6 months; 3.04 rounds to 3.0 and meets it", agg)
	}
	if len(rows["ph"].Outside) != 0 {
		t.Errorf("pH has results outside: %+v", rows["ph"].Outside)
	}
	for _, r := range s.ConditionSummary("long-term") {
		switch r.Attribute.ID {
		case "appearance":
			if len(r.Outside) != 1 || r.Outside[0].Batch != "RGX-24-001" || r.Outside[0].Month.String() != "24" || r.Final != "various" {
				t.Errorf("appearance: %+v; want RGX-24-001 at 24 months outside", r)
			}
		case "fragments":
			if r.Initial != "<\u00a00.5" {
				t.Errorf("fragments initially %q, want the censored < 0.5", r.Initial)
			}
		}
	}
}
