package pipeline

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/schema"
	"github.com/regdoc/regdoc/schemas"
)

// tree writes files (slash-separated names) under a new temporary folder.
func tree(t *testing.T, files map[string]string) string {
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

func compiled(t *testing.T) *schema.Set {
	t.Helper()
	set, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func rels(t *testing.T, dir string, paths []string) []string {
	t.Helper()
	var out []string
	for _, p := range paths {
		r, err := filepath.Rel(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(r))
	}
	slices.Sort(out)
	return out
}

// `validate --schema S DIR` checks the data in DIR, not S or the files S
// references; a data file is still checked (and fails) as before.
func TestValidateSchemaWalkLeavesTheSchemaOut(t *testing.T) {
	dir := tree(t, map[string]string{
		"rec.schema.json": `{"type": "object", "properties": {"n": {"$ref": "defs/n.json"}}, "required": ["n"]}`,
		"defs/n.json":     `{"type": "integer"}`,
		"good.json":       `{"n": 1}`,
		"sub/bad.json":    `{"n": "x"}`,
	})
	var skipped []string
	files, ds, err := Validate([]string{dir}, nil, ValidateOptions{
		SchemaFile: filepath.Join(dir, "rec.schema.json"),
		Skipped:    func(p, why string) { skipped = append(skipped, p) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := rels(t, dir, files); !slices.Equal(got, []string{"good.json", "sub/bad.json"}) {
		t.Errorf("files checked = %v", got)
	}
	if got := rels(t, dir, skipped); !slices.Equal(got, []string{"defs/n.json", "rec.schema.json"}) {
		t.Errorf("skipped = %v", got)
	}
	if len(ds) != 1 || !strings.HasSuffix(ds[0].File, "bad.json") || ds[0].Code != "schema/type" {
		t.Errorf("diagnostics = %v", ds)
	}
}

// A --schema that does not compile comes back as positioned diagnostics
// (so --format json/github/junit carry it), not as an error string.
func TestValidateBrokenSchemaIsDiagnostics(t *testing.T) {
	dir := tree(t, map[string]string{
		"bad.schema.json":  "{\n  \"type\": 12\n}",
		"good.schema.json": `{"type": "object"}`,
		"d.json":           `{}`,
	})
	bad := filepath.Join(dir, "bad.schema.json")
	files, ds, err := Validate([]string{dir}, nil, ValidateOptions{SchemaFile: bad})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(files, []string{bad}) || len(ds) == 0 || ds[0].File != bad || ds[0].Line != 2 || !diag.HasErrors(ds, false) {
		t.Errorf("files %v, diagnostics %v", files, ds)
	}
	// Quiet: a good schema gives no diagnostics of its own.
	if _, ds, err := Validate([]string{filepath.Join(dir, "d.json")}, nil, ValidateOptions{SchemaFile: filepath.Join(dir, "good.schema.json")}); err != nil || len(ds) != 0 {
		t.Errorf("good schema: %v %v", ds, err)
	}
}

// Walking a repository, JSON files of other tools are skipped (and said
// so), .regdoc/ and .vscode/ are never data, --exclude leaves out what it
// matches; a file meant for regdoc is still checked, and a file named on
// the command line is checked whatever it is.
func TestValidateWalkSkipsOtherToolsFiles(t *testing.T) {
	set := compiled(t)
	const spec = `"$schema": "https://regdoc.dev/schemas/v1/specification.schema.json"`
	dir := tree(t, map[string]string{
		"package.json":             `{"name": "site", "private": true}`,
		"renovate.json":            `{"$schema": "https://docs.renovatebot.com/renovate-schema.json", "extends": ["config:base"]}`,
		".vscode/settings.json":    `{"json.schemas": []}`,
		".regdoc/schemas/x.json":   `{"oops": true}`,
		"fixtures/broken.json":     `{"$schema": "../schemas/specification.schema.json", "nope": 1}`,
		"data/typo.json":           `{"$schema": "https://regdoc.dev/schemas/v1/specifcation.schema.json"}`,
		"data/spec.json":           `{` + spec + `, "tests": 5}`,
		"data/relative-typo.json":  `{"$schema": "../schemas/specifcation.schema.json"}`,
		"data/generated.lock.json": `{"x": 1}`,
	})
	skipped := map[string]string{}
	files, ds, err := Validate([]string{dir}, set, ValidateOptions{
		Exclude: []string{"fixtures/**", "*.lock.json"},
		Skipped: func(p, why string) { skipped[filepath.ToSlash(must(filepath.Rel(dir, p)))] = why },
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := rels(t, dir, files); !slices.Equal(got, []string{"data/relative-typo.json", "data/spec.json", "data/typo.json"}) {
		t.Errorf("files checked = %v", got)
	}
	wantSkipped := map[string]string{
		"package.json":             `names no regdoc schema (no "$schema" member)`,
		"renovate.json":            `names no regdoc schema ("$schema" "https://docs.renovatebot.com/renovate-schema.json")`,
		"data/generated.lock.json": "matches --exclude",
	}
	if len(skipped) != len(wantSkipped) {
		t.Errorf("skipped = %v", skipped)
	}
	for f, why := range wantSkipped {
		if skipped[f] != why {
			t.Errorf("skipped[%s] = %q, want %q", f, skipped[f], why)
		}
	}
	var codes []string
	for _, d := range ds {
		codes = append(codes, filepath.Base(d.File)+" "+d.Code)
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	want := []string{"relative-typo.json schema/unknown", "spec.json schema/required", "spec.json schema/type", "typo.json schema/unknown"}
	if !slices.Equal(codes, want) {
		t.Errorf("diagnostics %v, want %v", codes, want)
	}

	// Named on the command line, package.json is checked and fails; a
	// settings file is still not data.
	_, ds, err = Validate([]string{filepath.Join(dir, "package.json"), filepath.Join(dir, ".vscode", "settings.json")}, set, ValidateOptions{})
	if err != nil || len(ds) != 1 || ds[0].Code != "schema/missing" {
		t.Errorf("named files: %v %v", ds, err)
	}
	// A malformed pattern is a usage error.
	if _, _, err := Validate([]string{dir}, set, ValidateOptions{Exclude: []string{"[x"}}); err == nil {
		t.Error("bad --exclude accepted")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestExcludePatterns(t *testing.T) {
	tests := []struct {
		pat, rel  string
		dir, want bool
	}{
		{"package.json", "package.json", false, true},
		{"package.json", "web/package.json", false, true},
		{"*.lock.json", "a/b.lock.json", false, true},
		{"*.lock.json", "a/b.json", false, false},
		{"fixtures", "test/fixtures", true, true},
		{"fixtures/", "test/fixtures", true, true},
		{"fixtures/", "fixtures", false, false},
		{"test/fixtures/**", "test/fixtures", true, true},
		{"test/fixtures/**", "fixtures", true, false},
		{"test/*.json", "test/a.json", false, true},
		{"test/*.json", "x/test/a.json", false, false},
		{"./data/old.json", "data/old.json", false, true},
	}
	for _, tt := range tests {
		if got := excluded([]string{tt.pat}, filepath.FromSlash(tt.rel), tt.dir); got != tt.want {
			t.Errorf("excluded(%q, %q, dir=%v) = %v, want %v", tt.pat, tt.rel, tt.dir, got, tt.want)
		}
	}
}

// One loader for every path: a UTF-8 byte order mark is accepted by
// `validate FILE`, `validate PROJECT` and `build` alike (manifest and data
// files), and a second mark is refused by all three at file:1:1.
func TestByteOrderMarkOneRuleForEveryPath(t *testing.T) {
	for _, tt := range []struct {
		name, mark string
		refused    bool
	}{
		{"one mark accepted", "\xEF\xBB\xBF", false},
		{"two marks refused", "\xEF\xBB\xBF\xEF\xBB\xBF", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, dir := relCopyExample(t)
			for _, f := range []string{"regdoc.json", "data/process.json"} {
				p := filepath.Join(dir, filepath.FromSlash(f))
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, append([]byte(tt.mark), b...), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			set := relSchemaSet(t)
			file := filepath.Join(dir, "data", "process.json")
			_, fileDS, err1 := Validate([]string{file}, set, ValidateOptions{})
			_, projDS, err2 := Validate([]string{dir}, set, ValidateOptions{})
			_, loadDS, err3 := Load(dir, set, dataset.Options{})
			for i, err := range []error{err1, err2, err3} {
				if err != nil {
					t.Fatalf("path %d: error %v (an I/O error, exit 2)", i, err)
				}
			}
			for name, ds := range map[string][]diag.Diagnostic{"validate FILE": fileDS, "validate PROJECT": projDS, "build": loadDS} {
				if !tt.refused {
					if len(ds) != 0 {
						t.Errorf("%s: %v", name, ds)
					}
					continue
				}
				if len(ds) == 0 || ds[0].Code != "json/syntax" || ds[0].Line != 1 || ds[0].Col != 1 || !strings.Contains(ds[0].Message, "U+FEFF") {
					t.Errorf("%s: want json/syntax at 1:1 naming U+FEFF, got %v", name, ds)
				}
			}
		})
	}
}

// A set of schemas written by 'regdoc schemas --out' among the data refers
// to common.schema.json by "$id": the folder is the set, so it compiles;
// a fault in one schema is reported once, at its place.
func TestValidateSchemaSetAmongTheData(t *testing.T) {
	files := map[string]string{}
	entries, err := fs.ReadDir(schemas.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), schema.Suffix) {
			b, _ := fs.ReadFile(schemas.FS, e.Name())
			files["schemas/"+e.Name()] = string(b)
		}
	}
	dir := tree(t, files)
	set := compiled(t)
	if _, ds, err := Validate([]string{dir}, set, ValidateOptions{}); err != nil || len(ds) != 0 {
		t.Fatalf("the written schemas: %v %v", ds, err)
	}
	common := filepath.Join(dir, "schemas", "common.schema.json")
	b, _ := os.ReadFile(common)
	os.WriteFile(common, []byte(strings.Replace(string(b), `"type": "string"`, `"type": "strng"`, 1)), 0o644)
	_, ds, err := Validate([]string{dir}, set, ValidateOptions{})
	if err != nil || len(ds) != 1 || ds[0].File != common || !strings.Contains(ds[0].Message, `did you mean "string"`) {
		t.Errorf("a broken common.schema.json: %v %v", ds, err)
	}
}
