package schema

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeTree writes files (slash-separated names) under a new temporary
// folder and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// compileErr compiles path and returns the compile diagnostics as strings,
// failing the test if it compiled.
func compileErr(t *testing.T, path string, opt Options) []string {
	t.Helper()
	s, _, err := CompileFile(path, opt)
	var ce *CompileError
	if s != nil || !errors.As(err, &ce) {
		t.Fatalf("CompileFile = %v, %v; want a *CompileError", s, err)
	}
	var out []string
	for _, d := range ce.Diagnostics {
		out = append(out, d.String())
	}
	return out
}

func mustCompileFile(t *testing.T, path string, opt Options) (*Set, string) {
	t.Helper()
	s, key, err := CompileFile(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s, key
}

// A relative $ref resolves against the referring schema's own place, into
// subfolders too, and a same-named file elsewhere is never taken instead.
func TestRefResolvesRelativeToTheReferringSchema(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"rec.schema.json": `{"type": "object", "properties": {"n": {"$ref": "defs/a.json"}, "m": {"$ref": "defs/b.json#/$defs/m"}}}`,
		"defs/a.json":     `{"type": "integer"}`,
		// b.json refers to its own sibling: relative to defs/, not to the root.
		"defs/b.json": `{"$defs": {"m": {"$ref": "c.json"}}}`,
		"defs/c.json": `{"type": "boolean"}`,
		// Decoys with the same base names beside the main schema.
		"a.json": `{"type": "string"}`,
		"c.json": `{"type": "string"}`,
	})
	s, key := mustCompileFile(t, filepath.Join(dir, "rec.schema.json"), Options{})
	// Quiet: values of the referenced types pass.
	if got := validate(t, s, key, "x.json", `{"n": 5, "m": true}`); len(got) != 0 {
		t.Errorf("valid instance reported: %v", got)
	}
	// Firing: the decoys' type (string) is not what is checked.
	want := []string{
		`x.json:1:7: error schema/type: wrong type: expected integer, found string "5"; write 5 without quotes (/n)`,
		`x.json:1:17: error schema/type: wrong type: expected boolean, found string "t" (/m)`,
	}
	if got := validate(t, s, key, "x.json", `{"n": "5", "m": "t"}`); !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Every file the schema reads, and only those, is listed (the decoys are not).
	var rel []string
	for _, f := range s.Files() {
		r, _ := filepath.Rel(dir, f)
		rel = append(rel, filepath.ToSlash(r))
	}
	if wantFiles := []string{"defs/a.json", "defs/b.json", "defs/c.json", "rec.schema.json"}; !slices.Equal(rel, wantFiles) {
		t.Errorf("Files = %v, want %v", rel, wantFiles)
	}
}

// A $ref that leaves the schema's folder, names a missing file, or names a
// remote URL fails, with the reference and the reason, even when a file
// with the same base name is at hand.
func TestRefOutsideTheFolderOrRemoteIsRefused(t *testing.T) {
	root := writeTree(t, map[string]string{
		"shared/x.json":            `{"type": "string"}`,
		"proj/x.json":              `{"type": "string"}`,
		"proj/common.json":         `{"type": "string"}`,
		"proj/up.schema.json":      "{\n  \"$ref\": \"../shared/x.json\"\n}",
		"proj/remote.schema.json":  "{\n  \"$ref\": \"https://example.com/v2/common.json\"\n}",
		"proj/missing.schema.json": "{\n  \"$ref\": \"defs/none.json\"\n}",
		// With an absolute $id, a relative $ref is relative to that URI:
		// remote as well, so it is not looked for on disk.
		"proj/id.schema.json": "{\n  \"$id\": \"https://example.com/s/id.schema.json\",\n  \"$ref\": \"x.json\"\n}",
	})
	proj := filepath.Join(root, "proj")
	tests := []struct{ file, want string }{
		{"up.schema.json", `up.schema.json:2:11: error schema/ref: $ref "../shared/x.json" does not resolve: it points outside the schema's folder, and schema files are read only inside it (/$ref)`},
		{"remote.schema.json", `remote.schema.json:2:11: error schema/ref: $ref "https://example.com/v2/common.json" does not resolve: no schema given has that "$id", and schemas are never fetched from the network: give the schema with --ref FILE (/$ref)`},
		{"missing.schema.json", `missing.schema.json:2:11: error schema/ref: $ref "defs/none.json" does not resolve: there is no file ` + filepath.Join(proj, "defs", "none.json") + ` in the schema's folder (/$ref)`},
		{"id.schema.json", `id.schema.json:3:11: error schema/ref: $ref "x.json" does not resolve: no schema given has that "$id", and schemas are never fetched from the network: give the schema with --ref FILE (/$ref)`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := compileErr(t, filepath.Join(proj, tt.file), Options{})
			want := proj + string(filepath.Separator) + tt.want
			if len(got) != 1 || got[0] != want {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
			}
		})
	}
}

// A symbolic link inside the folder that leads out of it is not followed.
func TestRefThroughSymlinkOutOfTheFolderIsRefused(t *testing.T) {
	root := writeTree(t, map[string]string{
		"outside/x.json":        `{"type": "string"}`,
		"proj/main.schema.json": `{"$ref": "link/x.json"}`,
	})
	if err := os.Symlink(filepath.Join(root, "outside"), filepath.Join(root, "proj", "link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	got := compileErr(t, filepath.Join(root, "proj", "main.schema.json"), Options{})
	if len(got) != 1 || !strings.Contains(got[0], `$ref "link/x.json" does not resolve`) {
		t.Errorf("got %v", got)
	}
}

// A remote $ref resolves to a schema given with --ref whose "$id" it names;
// a --ref schema without an absolute "$id" is refused at its "$id".
func TestRefToRemoteResolvesThroughGivenSchemas(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.schema.json": `{"properties": {"q": {"$ref": "https://example.com/v2/common.json#/$defs/qty"}, "r": {"$ref": "https://example.com/v2/nested/unit.json"}}}`,
		"lib/common.json":  `{"$id": "https://example.com/v2/common.json", "$defs": {"qty": {"type": "number", "minimum": 0}, "unit": {"$id": "nested/unit.json", "enum": ["g/L", "mg/mL"]}}}`,
		"lib/other.json":   `{"$id": "https://example.com/v2/other.json"}`,
		"lib/noid.json":    "{\n  \"type\": \"string\"\n}",
		"common.json":      `{"type": "string"}`,
	})
	main := filepath.Join(dir, "main.schema.json")
	// Firing without the right --ref: the reference is named.
	got := compileErr(t, main, Options{Refs: []Ref{{Path: filepath.Join(dir, "lib", "other.json")}}})
	if len(got) != 1 || !strings.Contains(got[0], `error schema/ref: $ref "https://example.com/v2/`) || !strings.Contains(got[0], "does not resolve") {
		t.Errorf("wrong --ref: got %v", got)
	}
	// Quiet with it; the subschema with its own "$id" is found too.
	s, key := mustCompileFile(t, main, Options{Refs: []Ref{{Path: filepath.Join(dir, "lib", "common.json")}}})
	if got := validate(t, s, key, "x.json", `{"q": 1.5, "r": "g/L"}`); len(got) != 0 {
		t.Errorf("valid instance reported: %v", got)
	}
	want := []string{
		`x.json:1:7: error schema/minimum: value -1 is below the minimum of 0 (/q)`,
		`x.json:1:16: error schema/enum: value "kg" is not one of the allowed values: "g/L", "mg/mL" (/r)`,
	}
	if got := validate(t, s, key, "x.json", `{"q": -1, "r": "kg"}`); !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The --ref file is one of the schema's files.
	if !slices.Contains(s.Files(), filepath.Join(dir, "lib", "common.json")) {
		t.Errorf("Files = %v lacks the --ref file", s.Files())
	}
	noID := filepath.Join(dir, "lib", "noid.json")
	got = compileErr(t, main, Options{Refs: []Ref{{Path: noID}}})
	if len(got) != 1 || !strings.HasPrefix(got[0], noID+`:1:1: error schema/ref-id: a schema given with --ref needs an absolute "$id"`) {
		t.Errorf("--ref without $id: got %v", got)
	}
}

// "enum": [] matches nothing, as the specification says; a non-empty enum
// is unaffected.
func TestEmptyEnumMatchesNothing(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"e.schema.json": `{"properties": {"none": {"enum": []}, "some": {"enum": [1, "a"]}}}`,
	})
	s, key := mustCompileFile(t, filepath.Join(dir, "e.schema.json"), Options{})
	if got := validate(t, s, key, "x.json", `{"some": "a"}`); len(got) != 0 {
		t.Errorf("quiet: %v", got)
	}
	want := []string{`x.json:1:10: error schema/enum: value null is not allowed: the schema's enum is empty, so no value is (/none)`}
	if got := validate(t, s, key, "x.json", `{"none": null, "some": 1}`); !slices.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

// Formats are asserted by default; AnnotateFormats makes them annotations.
func TestAnnotateFormats(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"f.schema.json": `{"properties": {"d": {"type": "string", "format": "date"}}}`,
	})
	path := filepath.Join(dir, "f.schema.json")
	s, key := mustCompileFile(t, path, Options{})
	want := []string{`x.json:1:7: error schema/format: "31/05/2024" is not a valid date (expected YYYY-MM-DD, e.g. 2024-05-31) (/d)`}
	if got := validate(t, s, key, "x.json", `{"d": "31/05/2024"}`); !slices.Equal(got, want) {
		t.Errorf("asserted: got %v", got)
	}
	s, key = mustCompileFile(t, path, Options{AnnotateFormats: true})
	if got := validate(t, s, key, "x.json", `{"d": "31/05/2024"}`); len(got) != 0 {
		t.Errorf("annotation: got %v", got)
	}
	// The type is still checked.
	if got := validate(t, s, key, "x.json", `{"d": 5}`); len(got) != 1 {
		t.Errorf("annotation, wrong type: got %v", got)
	}
}

// An integer longer than a float64 holds is validated exactly, not refused.
func TestLongIntegersValidateExactly(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"i.schema.json": `{"type": "integer", "maximum": 1` + strings.Repeat("0", 399) + `}`,
	})
	s, key := mustCompileFile(t, filepath.Join(dir, "i.schema.json"), Options{})
	if got := validate(t, s, key, "x.json", "1"+strings.Repeat("0", 399)); len(got) != 0 {
		t.Errorf("at the bound: %v", got)
	}
	got := validate(t, s, key, "x.json", "1"+strings.Repeat("0", 398)+"1")
	if len(got) != 1 || !strings.Contains(got[0], "schema/maximum") {
		t.Errorf("one above the bound: %v", got)
	}
}

// A failed anyOf branch with several faults reports each of them, the same
// every run (found by FuzzFastPath: one of them, chosen by map order, was
// reported).
func TestFailedBranchReportsEveryFault(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"s.schema.json": `{"allOf": [{"properties": {"foo": true}}], "anyOf": [{"properties": {"bar": true}, "unevaluatedProperties": false}]}`,
	})
	s, key := mustCompileFile(t, filepath.Join(dir, "s.schema.json"), Options{})
	want := []string{
		`x.json:2:2: error schema/unevaluatedProperties: property 'a' is not allowed; allowed properties: 'bar' (/a)`,
		`x.json:3:2: error schema/unevaluatedProperties: property 'b' is not allowed; allowed properties: 'bar' (/b)`,
		`x.json:4:2: error schema/unevaluatedProperties: property 'c' is not allowed; allowed properties: 'bar' (/c)`,
	}
	for range 20 {
		if got := validate(t, s, key, "x.json", "{\n \"a\": 1,\n \"b\": 2,\n \"c\": 3\n}"); !slices.Equal(got, want) {
			t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
