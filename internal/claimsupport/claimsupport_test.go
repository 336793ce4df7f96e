package claimsupport

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/model"
)

// exhibit is a small description: a field, a prior-art paragraph, a step
// with a range hierarchy, a definition and an example.
var exhibit = []Paragraph{
	{1, "The present disclosure relates to a process for producing an immune globulin preparation from human plasma.", "FIELD"},
	{2, "In a conventional process, the IgG purity is about 98 % and the yield is 45 %.", "BACKGROUND"},
	{3, "In step P9, filled vials are held at low pH for at least 21 days. In some embodiments, the pH is from 4.0 to 4.3; preferably from 4.1 to 4.3.", "DETAILED DESCRIPTION"},
	{4, "As used herein, the yield of IgG is the mass of IgG recovered as a percentage of the IgG in the human plasma, determined by nephelometry.", "DETAILED DESCRIPTION"},
	{5, "In the examples, the process recovered 75.0 % of the IgG in the human plasma as its overall yield.", "EXAMPLES"},
	{6, "In some embodiments, the overall yield of IgG is at least 70 % of the IgG in the human plasma.", "SUMMARY"},
}

func claimsFrom(t *testing.T, js string) *model.Claims {
	t.Helper()
	var c model.Claims
	if err := json.Unmarshal([]byte(js), &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

func row(t *testing.T, ch *Chart, claim int, element string) Element {
	t.Helper()
	for _, e := range ch.Elements {
		if e.Claim == claim && e.Element == element {
			return e
		}
	}
	t.Fatalf("no row for claim %d element %s", claim, element)
	return Element{}
}

func hasProblem(e Element, code, words string) bool {
	for _, p := range e.Problems {
		if p.Code == code && strings.Contains(p.Message, words) {
			return true
		}
	}
	return false
}

func TestPlantedProblemsAreFlaggedWithClaimAndElement(t *testing.T) {
	claims := claimsFrom(t, `{"claims": [
	  {"number": 1, "preamble": "A process for producing an immune globulin preparation from human plasma, comprising:", "elements": [
	    {"id": "1a", "text": "holding the filled preparation at a pH of 4.0 to 4.4 for at least 21 days,", "claimed_range": {"low": 4.0, "high": 4.4, "unit": "1"}},
	    {"id": "1b", "text": "wherein the overall yield of IgG is at least 70 % of the IgG in the human plasma.", "claimed_range": {"low": 70, "unit": "%"}}
	  ]},
	  {"number": 2, "depends_on": 3, "preamble": "The process of claim 3,", "elements": [
	    {"id": "2a", "text": "wherein the yield of IgG is at least 70 % of the IgG in the human plasma.", "claimed_range": {"low": 70, "unit": "%"}}
	  ]},
	  {"number": 3, "depends_on": 1, "preamble": "The process of claim 1,", "elements": [
	    {"id": "3a", "text": "wherein the IgG purity of the preparation is at least 98 %.", "claimed_range": {"low": 98, "unit": "%"}}
	  ]}
	]}`)
	ch := Analyze(claims, exhibit, Options{PriorArt: []string{"conventional"}})

	// An unsupported range endpoint: 4.4 is stated nowhere, 4.0 is.
	r := row(t, ch, 1, "1a")
	if r.Verdict != Unsupported || !hasProblem(r, RangeNotStated, "upper endpoint 4.4") || hasProblem(r, RangeNotStated, "lower endpoint") {
		t.Errorf("1a: want the upper endpoint 4.4 flagged alone, got %+v", r.Problems)
	}
	if !hasProblem(r, RangeNotStated, `"from 4.0 to 4.3" ¶ 0003`) {
		t.Errorf("1a: want the nearest statement cited, got %+v", r.Problems)
	}
	// A missing antecedent: nothing introduced "a filled preparation".
	if !hasProblem(r, NoAntecedent, `"the filled preparation"`) {
		t.Errorf("1a: want the missing antecedent flagged, got %+v", r.Problems)
	}
	// A dependent claim pointing forward, flagged on its preamble.
	p := row(t, ch, 2, "preamble")
	if p.Verdict != Unsupported || !hasProblem(p, BadDependency, "claim 2 depends on claim 3, which is not an earlier claim") {
		t.Errorf("claim 2 preamble: want the forward dependency flagged, got %+v", p.Problems)
	}
	// A value only in the prior art supports nothing, and the chart says so.
	r = row(t, ch, 3, "3a")
	if !hasProblem(r, RangeNotStated, "98 % appears only in the prior-art discussion (¶ 0002)") {
		t.Errorf("3a: want the prior-art-only value flagged, got %+v", r.Problems)
	}
	if !hasProblem(r, Undefined, `"purity" is not defined`) {
		t.Errorf("3a: want the undefined term flagged, got %+v", r.Problems)
	}

	// What is right stays quiet: "at least 70 %" stated in ¶ 0006, the
	// yield defined in ¶ 0004, the human plasma introduced in the preamble.
	r = row(t, ch, 1, "1b")
	if r.Verdict != Supported {
		t.Errorf("1b: want supported, got %+v", r.Problems)
	}
	if got := ParagraphList(r.Paragraphs); got != "¶ 0004, ¶ 0006" {
		t.Errorf("1b: paragraphs %s, want ¶ 0004, ¶ 0006", got)
	}
	if p := row(t, ch, 3, "preamble"); p.Verdict != Supported {
		t.Errorf("claim 3 preamble: want supported, got %+v", p.Problems)
	}
	if ch.AllSupported() {
		t.Error("AllSupported with four planted problems")
	}
}

func TestExampleValueAloneDoesNotSupportALimit(t *testing.T) {
	claims := claimsFrom(t, `{"claims": [{"number": 1, "preamble": "A process for producing an immune globulin preparation from human plasma, comprising:", "elements": [
	  {"id": "1a", "text": "wherein the overall yield of IgG is at least 72 % of the IgG in the human plasma.", "claimed_range": {"low": 72, "unit": "%"}}]}]}`)
	ch := Analyze(claims, exhibit, Options{})
	r := row(t, ch, 1, "1a")
	if !hasProblem(r, RangeNotStated, `"75.0 %" ¶ 0005`) || !hasProblem(r, RangeNotStated, "does not tie them to the claimed range") {
		t.Errorf("want the example value named and not counted, got %+v", r.Problems)
	}
}

func TestAmbiguousAntecedent(t *testing.T) {
	claims := claimsFrom(t, `{"claims": [{"number": 1, "preamble": "A process for treating human plasma, comprising:", "elements": [
	  {"id": "1a", "text": "separating cryo-poor plasma; and"},
	  {"id": "1b", "text": "heating the plasma."}]}]}`)
	ch := Analyze(claims, nil, Options{})
	if r := row(t, ch, 1, "1b"); !hasProblem(r, NoAntecedent, `"the plasma" is ambiguous`) {
		t.Errorf("want an ambiguous antecedent, got %+v", r.Problems)
	}
	if r := row(t, ch, 1, "1a"); hasProblem(r, NoAntecedent, "") {
		t.Errorf("1a has no definite mention, got %+v", r.Problems)
	}
}

func TestStatements(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // kind low high unit per statement
	}{
		{"the pH is from 4.0 to 4.3", "range 4 4.3 ''"},
		{"ethanol at 23 to 27 % v/v", "range 23 27 '% v/v'"},
		{"at least 70 % of the IgG", "limit 70 - '%'"},
		{"at most 20 µg/mL", "limit - 20 'µg/mL'"},
		{"held at 2–8 °C", "range 2 8 '°C'"},
		{"the temperature is −5 °C, and may be from −7 to −3 °C", "value -5 -5 '°C'|range -7 -3 '°C'"},
		{"step P1 and FIG. 1A", ""},
		{"9 steps recover about 44.6 %", "value 9 9 ''|value 44.6 44.6 '%'"},
		{"pH 5.1 and 20 mM", "value 5.1 5.1 ''|value 20 20 'mM'"},
		{"between 15 and 25 mM", "range 15 25 'mM'"},
		{"25 % v/v or more", "limit 25 - '% v/v'"},
	} {
		var got []string
		for _, s := range statements(tc.in) {
			got = append(got, describe(s))
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("statements(%q) = %q, want %q", tc.in, g, tc.want)
		}
	}
}

func describe(s statement) string {
	kind := map[statementKind]string{rangeStatement: "range", limitStatement: "limit", valueStatement: "value"}[s.kind]
	lo, hi := "-", "-"
	if s.hasLow {
		lo = trimFloat(s.low)
	}
	if s.hasHigh {
		hi = trimFloat(s.high)
	}
	return kind + " " + lo + " " + hi + " '" + s.unit + "'"
}

func trimFloat(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// FuzzStatements: the scanner of numeric statements takes any typeset
// text without panicking, and every statement it finds is a range with
// low ≤ high, a one-sided limit, or a value.
func FuzzStatements(f *testing.F) {
	for _, s := range []string{"from 4.0 to 4.3", "2–8 °C", "at least 70 %", "between 15 and 25 mM", "−7 to −3 °C", "P1-2 3-", "25 % v/v or more", "≤ 20 µg/mL"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, st := range statements(s) {
			if st.kind == rangeStatement && st.low > st.high {
				t.Errorf("%q: range %v > %v", s, st.low, st.high)
			}
			if !st.hasLow && !st.hasHigh {
				t.Errorf("%q: a statement with no bound", s)
			}
		}
	})
}

// BenchmarkAnalyze judges the example-sized claims against a 20-paragraph
// text, as validate does once per run.
func BenchmarkAnalyze(b *testing.B) {
	var c model.Claims
	src, err := os.ReadFile("../../examples/ivig-liquid/data/claims.json")
	if err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal(src, &c); err != nil {
		b.Fatal(err)
	}
	var paras []Paragraph
	for i := 0; i < 4; i++ {
		for _, p := range exhibit {
			p.Number += 6 * i
			paras = append(paras, p)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Analyze(&c, paras, Options{PriorArt: []string{"conventional"}})
	}
}
