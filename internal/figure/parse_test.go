package figure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/diag"
)

func TestParseExamples(t *testing.T) {
	flow := loadSpec(t, "ivig-flow.json")
	if flow.Kind != ProcessFlow || len(flow.Steps) != 9 {
		t.Fatalf("flow = %s with %d steps", flow.Kind, len(flow.Steps))
	}
	var vr []string
	for _, s := range flow.Steps {
		if s.VirusReduction {
			vr = append(vr, s.ID)
		}
	}
	if strings.Join(vr, ",") != "P4,P6,P9" {
		t.Errorf("virus-reduction steps = %v, want P4, P6, P9", vr)
	}
	y := loadSpec(t, "yield.json")
	// Numbers stay as written, so the label says "75.0", not "75".
	if got := y.Series[0].Values[8]; got != "75.0" {
		t.Errorf("last value = %q, want 75.0 as written", got)
	}
	if got := y.withUnit(y.Series[1].Values[8]); got != "44.6 %" {
		t.Errorf("end label = %q, want 44.6 %%", got)
	}
	tr := loadSpec(t, "trend.json")
	if tr.Upper != "20" || len(tr.Categories) != 3 {
		t.Errorf("trend = %+v", tr)
	}
}

func TestParseErrors(t *testing.T) {
	const flow = `{"kind": "process-flow", "steps": [{"id": "P1", "label": "Pooling"}%s]%s}`
	const chart = `{"kind": "yield-chart", "unit": "%%", "series": [{"name": "a", "values": [98.5, 90.6]}%s]%s}`
	tests := []struct {
		name, src string
		field     string // the field the message names
		line      int    // the problem's Line, 0 = don't care
		msg       string // part of the message
	}{
		{"unknown field", "{\"kind\": \"process-flow\",\n \"colour\": true,\n \"steps\": []}", "colour", 2, `unknown field "colour"`},
		{"field name in the wrong case", fmt.Sprintf(flow, `, {"id": "P2", "Label": "x"}`, ""), "steps[1].Label", 1, `case-sensitive: "label"`},
		{"unknown nested field", fmt.Sprintf(flow, `, {"id": "P2", "label": "x", "virus": true}`, ""), "steps[1].virus", 1, `unknown field "virus"`},
		{"bool as string", fmt.Sprintf(flow, `,`+"\n"+`{"id": "P2", "label": "x", "virus_reduction": "yes"}`, ""), "steps[1].virus_reduction", 2, "want true or false, got string"},
		{"number as string", fmt.Sprintf(chart, `, {"name": "b", "values": ["98.5"]}`, ""), "series[1].values[0]", 1, "want a number, got string"},
		{"null number", fmt.Sprintf(chart, `, {"name": "b", "values": [null]}`, ""), "series[1].values[0]", 1, "want a number, got null"},
		{"fractional numeral", fmt.Sprintf(flow, `, {"id": "P2", "label": "x", "numeral": 12.5}`, ""), "steps[1].numeral", 1, "want a whole number"},
		{"steps not a list", `{"kind": "process-flow", "steps": {"id": "P1"}}`, "steps", 1, "want a list, got object"},
		{"spec not an object", `[1, 2]`, "", 1, "want an object, got array"},
		{"duplicate key", "{\"kind\": \"process-flow\",\n\"kind\": \"yield-chart\"}", "kind", 2, `duplicate key "kind"`},
		{"trailing data", `{"kind": "process-flow", "steps": [{"id": "P1", "label": "x"}]} {}`, "", 1, "after the figure spec"},
		{"bad JSON", `{"kind": "process-flow",}`, "", 1, "invalid JSON"},
		{"empty", ``, "", 0, "empty figure spec"},
		{"missing kind", `{"steps": [{"id": "P1", "label": "x"}]}`, "kind", 0, "missing"},
		{"unknown kind", `{"kind": "pie-chart"}`, "kind", 1, `unknown kind "pie-chart"`},
		{"no steps", `{"kind": "process-flow", "steps": []}`, "steps", 1, "at least one step"},
		{"field of another kind", fmt.Sprintf(flow, "", `, "series": []`), "series", 1, "does not apply to a process-flow"},
		{"limit on a yield chart", fmt.Sprintf(chart, "", `, "upper": 20`), "upper", 1, "does not apply to a yield-chart"},
		{"missing label", fmt.Sprintf(flow, `, {"id": "P2", "label": " "}`, ""), "steps[1].label", 1, "missing"},
		{"duplicate id", fmt.Sprintf(flow, `, {"id": "P1", "label": "again"}`, ""), "steps[1].id", 1, `"P1" is also the id of steps[0]`},
		{"duplicate numeral", fmt.Sprintf(flow, `, {"id": "P2", "label": "x", "numeral": 10}`, ""), "steps[1].numeral", 1, "reference numeral 10 is also used by steps[0]"},
		{"control character", fmt.Sprintf(flow, `, {"id": "P2", "label": "two\nlines"}`, ""), "steps[1].label", 1, "control character U+000A"},
		{"unnamed series", fmt.Sprintf(chart, `, {"values": [1]}`, ""), "series[1].name", 1, "missing"},
		{"value above the axis", fmt.Sprintf(chart, "", `, "y_max": 95`), "series[0].values[0]", 1, "98.5 lies outside the value axis 0 to 95"},
		{"axis upside down", fmt.Sprintf(chart, "", `, "y_min": 50, "y_max": 40`), "y_max", 1, "must be above y_min"},
		{"trend without lots", `{"kind": "trend-chart", "series": [{"name": "IgA", "values": [4]}]}`, "categories", 1, "one category (lot) per value"},
		{"trend values per lot", `{"kind": "trend-chart", "categories": ["A", "B"], "series": [{"name": "IgA", "values": [4]}]}`, "series[0].values", 1, "has 1 values for 2 categories"},
		{"limits crossed", `{"kind": "trend-chart", "categories": ["A"], "series": [{"name": "IgA", "values": [4]}], "lower": 10, "upper": 5}`, "lower", 1, "not below the upper limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src))
			ds, ok := diag.FromError(err)
			if !ok || len(ds) != 1 {
				t.Fatalf("Parse(%s) = %v, want one positioned problem", tc.src, err)
			}
			se := ds[0]
			if se.Pointer != fieldPointer(tc.field) || !strings.Contains(se.Message, tc.msg) || (tc.line != 0 && se.Line != tc.line) {
				t.Errorf("Parse(%s):\n got  %v (pointer %q, line %d)\n want field %q, line %d, message with %q", tc.src, err, se.Pointer, se.Line, tc.field, tc.line, tc.msg)
			}
			if !strings.HasPrefix(se.Code, "figure/") {
				t.Errorf("code %q is not a figure/ code", se.Code)
			}
			if tc.field != "" && !strings.Contains(err.Error(), tc.field) {
				t.Errorf("error %q does not name the field %q", err, tc.field)
			}
		})
	}
}

// TestUnknownGlyph: an emoji in a label is an error that names the
// character and the field, and nothing is drawn for it.
func TestUnknownGlyph(t *testing.T) {
	src := []byte("{\"kind\": \"process-flow\", \"steps\": [\n  {\"id\": \"P1\", \"label\": \"Pooling 😀 and thawing\"}\n]}")
	s, err := Parse(src)
	if err != nil {
		t.Fatal(err) // fonts are not Parse's business
	}
	r := canvas.NewRecorder(nil)
	r.AddPage(canvas.Letter, canvas.Portrait)
	err = Draw(r, s, 72, 72, 400, 300)
	ds, ok := diag.FromError(err)
	if !ok {
		t.Fatalf("Draw = %v, want a positioned problem", err)
	}
	se := ds[0]
	for _, want := range []string{"U+1F600", "😀", "steps[0].label"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if se.Line != 2 {
		t.Errorf("error line = %d, want 2", se.Line)
	}
	if len(r.Ops) != 1 {
		t.Errorf("drew %d ops before failing, want none but the page", len(r.Ops)-1)
	}
	if _, err := s.Layout(r, 400, 300, 600); err == nil || !strings.Contains(err.Error(), "U+1F600") {
		t.Errorf("Layout = %v, want the same glyph error", err)
	}
	// Series names, categories and units are checked too.
	y := loadSpec(t, "yield.json")
	y.Unit = "‰\u0378"
	if err := y.Check(r); err == nil || !strings.Contains(err.Error(), "unit") {
		t.Errorf("Check with an unassigned code point in the unit = %v, want an error naming unit", err)
	}
}

// FuzzParse: Parse never panics, and a spec it accepts survives a round
// trip through encoding/json unchanged (the strict reader accepts what
// the writer writes).
func FuzzParse(f *testing.F) {
	for _, name := range []string{"ivig-flow.json", "yield.json", "trend.json"} {
		f.Add(mustRead(f, name))
	}
	f.Add([]byte(`{"kind": "trend-chart", "categories": ["A"], "series": [{"name": "x", "values": [-1e2]}], "lower": -200}`))
	f.Add([]byte(`{"kind": "process-flow", "steps": [{"id": "P1", "label": "a", "materials": ["b"], "numeral": 3}], "numerals_from": 100}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := Parse(src)
		if err != nil {
			if _, ok := diag.FromError(err); !ok {
				t.Fatalf("Parse error %v (%T) is not a diag.Problems", err, err)
			}
			return
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("marshal a parsed spec: %v", err)
		}
		s2, err := Parse(out)
		if err != nil {
			t.Fatalf("re-parse %s: %v", out, err)
		}
		out2, err := json.Marshal(s2)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed the spec:\n%s\n%s", out, out2)
		}
	})
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	s := loadSpec(t, name)
	s.src = nil
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
