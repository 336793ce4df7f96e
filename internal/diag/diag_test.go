package diag

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct {
		name string
		d    Diagnostic
		want string
	}{
		{"full", Diagnostic{Error, "schema/required", "data/p.json", 3, 7, "/steps/0/name", "missing required property 'name'"},
			"data/p.json:3:7: error schema/required: missing required property 'name' (/steps/0/name)"},
		{"no pointer", Diagnostic{Error, "json/syntax", "a.json", 1, 2, "", "unexpected '}'"},
			"a.json:1:2: error json/syntax: unexpected '}'"},
		{"warning", Diagnostic{Warning, "PR-01", "a.json", 10, 1, "/x", "odd"},
			"a.json:10:1: warning PR-01: odd (/x)"},
		{"no col", Diagnostic{Error, "c", "a.json", 4, 0, "", "m"},
			"a.json:4: error c: m"},
		{"no line", Diagnostic{Error, "json/too-large", "big.json", 0, 0, "", "too large"},
			"big.json: error json/too-large: too large"},
		{"no line but col is ignored", Diagnostic{Error, "c", "a.json", 0, 5, "", "m"},
			"a.json: error c: m"},
		{"no file", Diagnostic{Error, "c", "", 2, 3, "/a", "m"},
			"2:3: error c: m (/a)"},
		{"nothing", Diagnostic{Error, "c", "", 0, 0, "", "m"},
			"error c: m"},
		{"empty severity is error", Diagnostic{"", "c", "f", 1, 1, "", "m"},
			"f:1:1: error c: m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.String(); got != tt.want {
				t.Errorf("String() =\n %q\nwant\n %q", got, tt.want)
			}
		})
	}
}

func TestJSONFieldNames(t *testing.T) {
	b, err := json.Marshal(Diagnostic{Error, "c", "f", 1, 2, "/p", "m"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"severity":"error","code":"c","file":"f","line":1,"column":2,"pointer":"/p","message":"m"}`
	if string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
}

func TestSort(t *testing.T) {
	in := []Diagnostic{
		{Error, "b", "b.json", 1, 1, "", "m"},
		{Error, "b", "a.json", 2, 1, "", "m"},
		{Error, "b", "a.json", 1, 10, "", "m"},
		{Error, "b", "a.json", 1, 2, "", "z"},
		{Error, "b", "a.json", 1, 2, "", "a"},
		{Error, "a", "a.json", 1, 2, "", "z"},
		{Warning, "a", "a.json", 0, 0, "", "m"},
		{Error, "a", "a.json", 1, 2, "/y", "z"},
	}
	want := []Diagnostic{
		{Warning, "a", "a.json", 0, 0, "", "m"},
		{Error, "a", "a.json", 1, 2, "", "z"},
		{Error, "a", "a.json", 1, 2, "/y", "z"},
		{Error, "b", "a.json", 1, 2, "", "a"},
		{Error, "b", "a.json", 1, 2, "", "z"},
		{Error, "b", "a.json", 1, 10, "", "m"},
		{Error, "b", "a.json", 2, 1, "", "m"},
		{Error, "b", "b.json", 1, 1, "", "m"},
	}
	// Every permutation start must give the same order.
	for shift := range in {
		got := append(slices.Clone(in[shift:]), in[:shift]...)
		Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("shift %d: Sort =\n%v\nwant\n%v", shift, got, want)
		}
	}
}

func TestHasErrorsAndCount(t *testing.T) {
	w := Diagnostic{Severity: Warning, Code: "w"}
	e := Diagnostic{Severity: Error, Code: "e"}
	z := Diagnostic{Code: "zero"}
	tests := []struct {
		name          string
		ds            []Diagnostic
		strict, want  bool
		errors, warns int
	}{
		{"none", nil, false, false, 0, 0},
		{"none strict", nil, true, false, 0, 0},
		{"warning", []Diagnostic{w}, false, false, 0, 1},
		{"warning strict", []Diagnostic{w}, true, true, 0, 1},
		{"error", []Diagnostic{w, e}, false, true, 1, 1},
		{"zero severity fails closed", []Diagnostic{z}, false, true, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HasErrors(tt.ds, tt.strict); got != tt.want {
				t.Errorf("HasErrors = %v, want %v", got, tt.want)
			}
			e, w := Count(tt.ds)
			if e != tt.errors || w != tt.warns {
				t.Errorf("Count = %d, %d; want %d, %d", e, w, tt.errors, tt.warns)
			}
		})
	}
}
