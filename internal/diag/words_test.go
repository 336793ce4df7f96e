package diag

import "testing"

func TestClosest(t *testing.T) {
	names := []string{"batches", "kind", "name", "steps", "yield_pct"}
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"stpes", "steps", true},
		{"Steps", "steps", true},
		{"step", "steps", true},
		{"nme", "name", true},
		{"yield", "yield_pct", true},
		{"bat", "batches", true},
		{"na", "", false},
		{"batchs", "batches", true},
		{"colour", "", false},
		{"x", "", false},
		{"steps", "", false},
	}
	for _, tt := range tests {
		got, ok := Closest(tt.in, names)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("Closest(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	commands := []string{"init", "validate", "build", "render", "schemas", "templates", "version", "help"}
	for in, want := range map[string]string{"biuld": "build", "valdiate": "validate", "BUILD": "build", "temp": "templates", "frobnicate": ""} {
		got, _ := Closest(in, commands)
		if got != want {
			t.Errorf("Closest(%q, commands) = %q; want %q", in, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Plural(1, "file"), "1 file"},
		{Plural(0, "error"), "0 errors"},
		{Plural(3, "property"), "3 properties"},
		{Plural(2, "key"), "2 keys"},
		{Plural("1", "character"), "1 character"},
		{Plural("12", "character"), "12 characters"},
		{Noun(1, "step"), "step"},
		{Noun(2, "step"), "steps"},
		{Nouns("JSON Schema"), "JSON Schemas"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
