package schema

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
)

func mustCompile(t *testing.T) *Set {
	t.Helper()
	s, err := Compile(os.DirFS("testdata/set"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t *testing.T, s *Set, key, file, src string) []string {
	t.Helper()
	doc, ds := dataset.Parse(file, []byte(src), dataset.Options{})
	if doc == nil || len(ds) > 0 {
		t.Fatalf("test data does not parse: %v", ds)
	}
	var out []string
	for _, d := range s.Validate(doc, key) {
		if d.Severity != diag.Error || d.File != file || d.Line < 1 || d.Col < 1 {
			t.Errorf("badly formed diagnostic %+v", d)
		}
		out = append(out, d.String())
	}
	return out
}

func TestCompileAndLookup(t *testing.T) {
	s := mustCompile(t)
	want := []string{"batch.schema.json", "common.schema.json", "flags.schema.json", "process.schema.json"}
	if got := s.Keys(); !slices.Equal(got, want) {
		t.Errorf("Keys = %v, want %v", got, want)
	}
	tests := []struct {
		ref, key string
		ok       bool
	}{
		{"https://regdoc.dev/schemas/v1/process.schema.json", "process.schema.json", true},
		{"https://regdoc.dev/schemas/v1/process.schema.json#", "process.schema.json", true},
		{"https://regdoc.dev/schemas/v2/process.schema.json", "process.schema.json", true},
		{"../schemas/process.schema.json", "process.schema.json", true},
		{`..\schemas\common.schema.json`, "common.schema.json", true},
		{"process.schema.json", "process.schema.json", true},
		{"./batch.schema.json?x=1#frag", "batch.schema.json", true},
		{"flags.schema.json", "flags.schema.json", true},
		{"https://regdoc.dev/schemas/v1/nothing.schema.json", "", false},
		{"process.json", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		key, ok := s.Lookup(tt.ref)
		if key != tt.key || ok != tt.ok {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.ref, key, ok, tt.key, tt.ok)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		dir  string
		want []string
	}{
		{"badref", []string{
			`a.schema.json:5:19: error schema/ref: $ref "https://example.com/elsewhere.schema.json" does not resolve: no schema given has that "$id", and schemas are never fetched from the network: give the schema with --ref FILE (/properties/x/$ref)`,
			`b.schema.json:3:19: error schema/ref: $ref "#/$defs/nothing" does not resolve: the schema it names has nothing at that fragment (/properties/y/$ref)`,
		}},
		{"badmeta", []string{
			`m.schema.json:4:19: error schema/enum: invalid schema: value "strng" is not one of the allowed values: "array", "boolean", "integer", "null", "number", "object", "string"; did you mean "string"? (/properties/a/type)`,
			`m.schema.json:5:22: error schema/type: invalid schema: wrong type: expected number, found string "zero" (/properties/b/minimum)`,
			`m.schema.json:7:15: error schema/type: invalid schema: wrong type: expected array, found string "a" (/required)`,
		}},
		{"badjson", []string{
			`j.schema.json:3:3: error json/duplicate-key: duplicate member name "type": first defined at line 2, column 3; JSON readers silently keep only one of the values (/type)`,
		}},
		{"dupid", []string{
			`two.schema.json:2:10: error schema/duplicate-id: $id "https://regdoc.dev/schemas/v1/same.schema.json" is also the $id of one.schema.json; every schema needs its own (/$id)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			s, err := Compile(os.DirFS(filepath.Join("testdata", tt.dir)))
			var ce *CompileError
			if s != nil || !errors.As(err, &ce) {
				t.Fatalf("Compile = %v, %v; want a *CompileError", s, err)
			}
			var got []string
			for _, d := range ce.Diagnostics {
				got = append(got, d.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Error() lacks %q", w)
				}
			}
		})
	}
}

func TestCompileRefusesTheOutsideWorld(t *testing.T) {
	tests := []struct {
		name   string
		schema string
	}{
		{"http", `{"$ref": "http://json-schema.org/draft-07/schema-not-built-in.json"}`},
		{"file URL", `{"$ref": "file:///etc/passwd"}`},
		{"relative path outside", `{"$ref": "../set/common.schema.json"}`},
		{"unknown meta-schema", `{"$schema": "https://example.com/my-meta", "type": "object"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"x.schema.json": {Data: []byte(tt.schema)}}
			if _, err := Compile(fsys); err == nil {
				t.Fatal("compiled")
			} else if !strings.Contains(err.Error(), "x.schema.json:1:") {
				t.Errorf("error without position: %v", err)
			}
		})
	}
	if _, err := Compile(fstest.MapFS{"readme.md": {Data: []byte("x")}}); err == nil {
		t.Error("a file system without schemas compiled")
	}
}

func TestCompileFile(t *testing.T) {
	s, key, err := CompileFile(filepath.Join("testdata", "user", "main.schema.json"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if key != "main.schema.json" || !slices.Equal(s.Keys(), []string{"main.schema.json"}) {
		t.Errorf("key %q, keys %v", key, s.Keys())
	}
	got := validate(t, s, key, "u.json", `{"when": "2024-02-30"}`)
	want := []string{`u.json:1:10: error schema/format: "2024-02-30" is not a valid date (expected YYYY-MM-DD, e.g. 2024-05-31) (/when)`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	for _, bad := range []string{filepath.Join("testdata", "user", "nope.schema.json"), filepath.Join("testdata", "user")} {
		if _, _, err := CompileFile(bad, Options{}); err == nil {
			t.Errorf("CompileFile(%q) succeeded", bad)
		}
	}
	// A sibling reference that climbs out of the directory is refused.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "up.schema.json"), []byte(`{"$ref": "../set/common.schema.json"}`), 0o644)
	if _, _, err := CompileFile(filepath.Join(dir, "up.schema.json"), Options{}); err == nil || !strings.Contains(err.Error(), "schema/ref") {
		t.Errorf("reference outside the directory: %v", err)
	}
}

func TestValidate(t *testing.T) {
	s := mustCompile(t)
	const p = "process.schema.json"
	tests := []struct {
		name, key, src string
		want           []string
	}{
		{"valid", p, `{"$schema": "https://regdoc.dev/schemas/v1/process.schema.json", "name": "IVIG", "kind": "liquid",
			"steps": [{"id": "S1", "name": "Fraction I", "duration_h": 1.25}], "release": "2024-05-31",
			"approved": "2024-02-29", "updated": "2024-05-31T14:30:00Z", "yield_pct": 75.0, "limit": null}`, nil},
		{"required points at the missing member", p, "{\n  \"kind\": \"liquid\",\n  \"steps\": [{\"id\": \"S1\"}]\n}", []string{
			// The root's brace stands alone on line 1: the caret goes to its first member.
			"x.json:2:3: error schema/required: missing required property 'name' (/name)",
			"x.json:3:13: error schema/required: step S1: missing required property 'name' (/steps/0/name)",
		}},
		{"additionalProperties points at the key and suggests", p, "{\"name\": \"n\", \"kind\": \"liquid\",\n  \"stpes\": [], \"steps\": [{}],\n  \"colour\": 1}", []string{
			"x.json:2:3: error schema/additionalProperties: property 'stpes' is not allowed; did you mean 'steps'? (/stpes)",
			"x.json:2:26: error schema/required: step #1: missing required property 'id' (/steps/0/id)",
			"x.json:2:26: error schema/required: step #1: missing required property 'name' (/steps/0/name)",
			"x.json:3:3: error schema/additionalProperties: property 'colour' is not allowed (/colour)",
		}},
		{"enum lists the values and suggests", p, `{"name": "n", "kind": "Liquid", "steps": [{"id": "S1", "name": "a"}]}`, []string{
			`x.json:1:23: error schema/enum: value "Liquid" is not one of the allowed values: "liquid", "lyophilized"; did you mean "liquid"? (/kind)`,
		}},
		{"a number typed as text says how to write it", p, `{"name": "n", "kind": "liquid", "steps": [{"id": "S1", "name": "a", "temperature_C": "6,7", "duration_h": "60"}], "yield_pct": "about 75"}`, []string{
			`x.json:1:86: error schema/type: step S1 (a): wrong type: expected number, found string "6,7"; write 6.7: a decimal point, not a comma, and no quotes (/steps/0/temperature_C)`,
			`x.json:1:107: error schema/type: step S1 (a): wrong type: expected number, found string "60"; write 60 without quotes (/steps/0/duration_h)`,
			`x.json:1:128: error schema/type: wrong type: expected number, found string "about 75" (/yield_pct)`,
		}},
		{"type says expected and found", p, `{"name": 7, "kind": "liquid", "steps": {}, "batches": 2.5}`, []string{
			`x.json:1:10: error schema/type: wrong type: expected string, found number 7 (/name)`,
			`x.json:1:40: error schema/type: wrong type: expected array, found an object (/steps)`,
			`x.json:1:55: error schema/type: wrong type: expected integer, found number 2.5 (/batches)`,
		}},
		{"bounds as written in the schema", p, `{"name": "n", "kind": "liquid", "steps": [{"id": "S1", "name": "a", "temperature_C": -90, "duration_h": 0.3}], "yield_pct": 100.01, "scale_L": 0, "batches": 0}`, []string{
			`x.json:1:86: error schema/minimum: step S1 (a): value -90 is below the minimum of -80; allowed: -80 to 121 (/steps/0/temperature_C)`,
			`x.json:1:105: error schema/multipleOf: step S1 (a): value 0.3 is not a multiple of 0.25 (/steps/0/duration_h)`,
			`x.json:1:125: error schema/maximum: value 100.01 is above the maximum of 100.0; allowed: 0 to 100.0 (/yield_pct)`,
			`x.json:1:144: error schema/exclusiveMinimum: value 0 must be greater than 0 (/scale_L)`,
			`x.json:1:158: error schema/minimum: value 0 is below the minimum of 1 (/batches)`,
		}},
		{"formats are asserted", p, `{"name": "n", "kind": "liquid", "steps": [], "approved": "31/05/2024", "updated": "2024-05-31", "contact": "qa.example.com", "reference": "example.com/x"}`, []string{
			`x.json:1:42: error schema/minItems: array has 0 items; at least 1 item required (/steps)`,
			`x.json:1:58: error schema/format: "31/05/2024" is not a valid date (expected YYYY-MM-DD, e.g. 2024-05-31) (/approved)`,
			`x.json:1:83: error schema/format: "2024-05-31" is not a valid date-time (expected an RFC 3339 date and time, e.g. 2024-05-31T14:30:00Z) (/updated)`,
			`x.json:1:108: error schema/format: "qa.example.com" is not a valid email (expected an e-mail address, e.g. name@example.com) (/contact)`,
			`x.json:1:139: error schema/format: "example.com/x" is not a valid uri (expected an absolute URI with a scheme, e.g. https://example.com/doc) (/reference)`,
		}},
		{"strings, arrays, uniqueness, dependencies", p, `{"name": "", "version": "v1", "kind": "liquid", "steps": [{"id": "S1", "name": "a"}], "tags": ["a", "b", "a", "c"], "scale_L": 10}`, []string{
			`x.json:1:1: error schema/dependentRequired: missing property 'batches', which is required when 'scale_L' is present (/batches)`,
			`x.json:1:10: error schema/minLength: text is 0 characters long; at least 1 character required (/name)`,
			`x.json:1:25: error schema/pattern: value "v1" does not match the pattern ^[0-9]+\.[0-9]+$ (/version)`,
			`x.json:1:95: error schema/maxItems: array has 4 items; at most 3 items allowed (/tags)`,
			`x.json:1:106: error schema/uniqueItems: item 2 is a duplicate of item 0; items must be unique (/tags/2)`,
		}},
		{"oneOf reports the closest alternative", p, `{"name": "n", "kind": "liquid", "steps": [{"id": "S1", "name": "a"}], "release": {"date": "2024-05-31", "by": "QA", "sign": true}}`, []string{
			`x.json:1:117: error schema/additionalProperties: property 'sign' is not allowed; allowed properties: 'by', 'date' (/release/sign)`,
		}},
		{"oneOf of the wrong type lists the types", p, `{"name": "n", "kind": "liquid", "steps": [{"id": "S1", "name": "a"}], "release": 20240531, "limit": "none"}`, []string{
			`x.json:1:82: error schema/type: wrong type: expected string or object, found number 20240531 (/release)`,
			`x.json:1:101: error schema/type: wrong type: expected number or null, found string "none" (/limit)`,
		}},
		{"$ref into $defs, const", p, `{"name": "n", "kind": "liquid", "steps": [{"id": "S1", "name": "a"}], "storage": {"temp_C": 2.25, "unit": "C"}}`, []string{
			`x.json:1:93: error schema/multipleOf: value 2.25 is not a multiple of 0.5 (/storage/temp_C)`,
			`x.json:1:107: error schema/const: value must be "°C", found "C" (/storage/unit)`,
		}},
		{"minProperties", p, `{"name": "n", "kind": "liquid", "steps": [{"id": "S1", "name": "a"}], "storage": {}}`, []string{
			`x.json:1:82: error schema/minProperties: object has 0 properties; at least 1 property required (/storage)`,
		}},
		{"unevaluatedProperties counts allOf and $ref", "batch.schema.json", `{"name": "x", "lot": "L1", "released": true, "relesed": 1, "Name": 2}`, []string{
			`x.json:1:46: error schema/unevaluatedProperties: property 'relesed' is not allowed; did you mean 'released'? (/relesed)`,
			`x.json:1:60: error schema/unevaluatedProperties: property 'Name' is not allowed; did you mean 'name'? (/Name)`,
		}},
		{"prefixItems, items false, contains, propertyNames", "flags.schema.json", `{"items": ["a", 1, 2], "Bad-Name": 1, "x_y": 2, "averyveryverylongname": 1}`, []string{
			`x.json:1:11: error schema/contains: array has no item that matches the 'contains' schema; at least one is required (/items)`,
			`x.json:1:20: error schema/items: item 2 is not allowed: the array has more items than the schema allows (/items/2)`,
			`x.json:1:24: error schema/pattern: property name "Bad-Name" does not match the pattern ^[a-z_]+$ (/Bad-Name)`,
			`x.json:1:46: error schema/type: wrong type: expected string, found number 2 (/x_y)`,
			`x.json:1:49: error schema/maxLength: property name is 21 characters long; at most 12 characters allowed (/averyveryverylongname)`,
		}},
		{"escaped member names in pointers", "flags.schema.json", `{"a/b~c": 1}`, []string{
			`x.json:1:2: error schema/pattern: property name "a/b~c" does not match the pattern ^[a-z_]+$ (/a~1b~0c)`,
		}},
		{"names needing URL escapes", p, `{"name": "n", "kind": "liquid", "steps": [{"id": "S1", "name": "a"}], "a b%": 1, "ü": 2}`, []string{
			`x.json:1:71: error schema/additionalProperties: property 'a b%' is not allowed (/a b%)`,
			`x.json:1:82: error schema/additionalProperties: property 'ü' is not allowed (/ü)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := validate(t, s, tt.key, "x.json", tt.src)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestValidateEdges(t *testing.T) {
	s := mustCompile(t)
	if ds := s.Validate(nil, "process.schema.json"); ds != nil {
		t.Errorf("nil document: %v", ds)
	}
	doc, _ := dataset.Parse("x.json", []byte(`{}`), dataset.Options{})
	ds := s.Validate(doc, "nope.schema.json")
	if len(ds) != 1 || ds[0].Code != "schema/unknown" || !strings.Contains(ds[0].Message, "process.schema.json") {
		t.Errorf("unknown key: %v", ds)
	}
}

func TestValidateConcurrently(t *testing.T) {
	s := mustCompile(t)
	doc, _ := dataset.Parse("x.json", []byte(`{"name": 1, "kind": "x", "steps": [{"id": "Q"}], "stpes": 1}`), dataset.Options{})
	want := s.Validate(doc, "process.schema.json")
	if len(want) != 5 {
		t.Fatalf("want 5 diagnostics, got %v", want)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				d, _ := dataset.Parse("x.json", doc.Src, dataset.Options{})
				if got := s.Validate(d, "process.schema.json"); !slices.Equal(got, want) {
					t.Errorf("concurrent result differs: %v", got)
					return
				}
			}
		})
	}
	wg.Wait()
}
