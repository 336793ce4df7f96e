package schema

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/schemas"
)

func TestSubjectNamesEveryElementOnThePath(t *testing.T) {
	var value any
	doc := `{
	  "steps": [
	    {"id": "P1", "name": "Thaw"},
	    {"id": "P4", "name": "Caprylate incubation",
	     "parameters": [{"id": "P4-ph", "name": "pH", "nor": {"low": 4}}],
	     "ipcs": [{"id": "P4-ipc", "test": "Caprylate"}],
	     "holds": [{"intermediate": "Filtrate"}, {"temperature": 2}]}
	  ],
	  "lots": [{"lot": "A123", "results": [{"test": "haem", "value": 1}]}],
	  "claims": [{"number": 1, "elements": [{"id": "1a", "text": "x"}]}],
	  "studies": [{"name": "Hold study"}],
	  "time_points": [{"month": 12}],
	  "history": [{"version": "2.0"}],
	  "tags": ["a", "b"],
	  "matrix": [[{"id": "deep"}]]
	}`
	if err := json.Unmarshal([]byte(doc), &value); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ pointer, want string }{
		{"", ""},
		{"/steps", ""},
		{"/steps/1/purpose", "step P4 (Caprylate incubation)"},
		{"/steps/1/parameters/0/nor/low", "step P4, parameter P4-ph (pH)"},
		{"/steps/1/ipcs/0/criterion", "step P4, IPC P4-ipc"},
		{"/steps/1/holds/1/temperature", "step P4, hold #2"},
		{"/lots/0/results/0/value", "lot A123, result haem"},
		{"/claims/0/elements/0/supports", "claim 1, element 1a"},
		{"/studies/0/virus", "study 'Hold study'"},
		{"/time_points/0/results", "time point 12"},
		{"/history/0/criteria", "version 2.0"},
		// Scalars in an array are named by the pointer alone.
		{"/tags/1", ""},
		// An element past the end (the schema's maxItems) names what exists.
		{"/steps/7/id", ""},
		// An array of arrays has no member to name its elements by.
		{"/matrix/0/0/id", ""},
	}
	for _, tt := range tests {
		if got := subject(value, tt.pointer); got != tt.want {
			t.Errorf("subject(%q) = %q, want %q", tt.pointer, got, tt.want)
		}
	}
}

// The real schemas, a process written as writers write it: a missing
// purpose names the step as the writer knows it, and the caret sits on the
// step's first line, not on the bare brace above it.
func TestMissingPropertyNamesTheStepAndPointsAtItsFirstLine(t *testing.T) {
	set, err := Compile(schemas.FS)
	if err != nil {
		t.Fatal(err)
	}
	src := `{
  "$schema": "https://regdoc.dev/schemas/v1/process.schema.json",
  "steps": [
    {
      "id": "P4",
      "name": "Caprylate incubation",
      "type": "virus-inactivation",
      "parameters": [
        { "id": "P4-ph", "name": "pH", "unit": "1", "nor": { "low": "4,8" }, "criticality": "CPP" }
      ]
    }
  ]
}`
	doc, ds := dataset.Parse("data/process.json", []byte(src), dataset.Options{})
	if doc == nil || len(ds) > 0 {
		t.Fatalf("test data does not parse: %v", ds)
	}
	var lines []string
	for _, d := range set.Validate(doc, "process.schema.json") {
		lines = append(lines, d.String())
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{
		"data/process.json:5:7: error schema/required: step P4 (Caprylate incubation): missing required property 'purpose' (/steps/0/purpose)",
		`step P4, parameter P4-ph (pH): wrong type: expected number, found string "4,8"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack\n %s\ngot\n%s", want, got)
		}
	}
	if strings.Contains(got, "data/process.json:4:5:") {
		t.Errorf("a diagnostic points at the step's bare brace:\n%s", got)
	}
}

// A fault about a whole object, or a member it lacks, points at the
// object's first member when its brace stands bare on its line, and stays
// on a brace that follows its member's name, since that line names it.
func TestObjectFaultsPointAtALineThatNamesTheObject(t *testing.T) {
	set, err := Compile(fstest.MapFS{"x.schema.json": {Data: []byte(`{
	  "$schema": "https://json-schema.org/draft/2020-12/schema",
	  "$id": "https://example.com/x.schema.json",
	  "type": "object",
	  "properties": {"items": {"type": "array", "items": {
	    "type": "object", "minProperties": 3,
	    "properties": {"id": {}, "c": {"type": "object", "required": ["x"]}}}}}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	src := "{\n  \"items\": [\n    {\n      \"id\": \"a\",\n      \"c\": {\n        \"y\": 1\n      }\n    }\n  ]\n}\n"
	doc, ds := dataset.Parse("x.json", []byte(src), dataset.Options{})
	if doc == nil || len(ds) > 0 {
		t.Fatal(ds)
	}
	var got []string
	for _, d := range set.Validate(doc, "x.schema.json") {
		got = append(got, d.String())
	}
	want := []string{
		"x.json:4:7: error schema/minProperties: item a: object has 2 properties; at least 3 properties required (/items/0)",
		"x.json:5:12: error schema/required: item a: missing required property 'x' (/items/0/c/x)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
