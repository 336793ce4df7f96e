package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/schemas"
)

// The registry of data kinds is the one list: every kind has its schema
// among the built-ins, and the manifest schema accepts exactly those keys
// in "data". A kind added to one and not the other fails here.
func TestKindRegistryMatchesTheSchemas(t *testing.T) {
	b, err := fs.ReadFile(schemas.FS, "manifest.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Properties struct {
			Data struct {
				Properties map[string]any `json:"properties"`
			} `json:"data"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, k := range model.Kinds() {
		names = append(names, k.Name)
		if !slices.Contains(SchemaFiles(), k.Schema) {
			t.Errorf("kind %s names schema %s, which is not built in", k.Name, k.Schema)
		}
		if got, ok := model.KindNamed(k.Name); !ok || got.Schema != k.Schema {
			t.Errorf("KindNamed(%q) = %v, %v", k.Name, got, ok)
		}
	}
	var inManifest []string
	for k := range m.Properties.Data.Properties {
		inManifest = append(inManifest, k)
	}
	slices.Sort(names)
	slices.Sort(inManifest)
	if !slices.Equal(names, inManifest) {
		t.Errorf("kinds %v, but the manifest schema's data accepts %v", names, inManifest)
	}
	// Kinds hands out copies: changing one changes nothing.
	ks := model.Kinds()
	ks[0].Name = "changed"
	if model.Kinds()[0].Name == "changed" {
		t.Error("model.Kinds returns the registry itself")
	}
}

func TestClassOf(t *testing.T) {
	_, statErr := os.Stat(filepath.Join(t.TempDir(), "missing"))
	for _, tt := range []struct {
		err  error
		want Class
	}{
		{invalid(errors.New("bad template")), Invalid},
		{fmt.Errorf("document s222: %w", invalid(errors.New("x"))), Invalid},
		{refusef("exists"), Refused},
		{statErr, IO},
		{fmt.Errorf("writing out/a.pdf: %w", statErr), IO},
		// An explicit class wins over what the error wraps.
		{invalid(fmt.Errorf("image: %w", statErr)), Invalid},
		{diag.Problems{{Severity: diag.Error, Message: "m"}}, Invalid},
		{errors.New("surprise"), Unclassified},
	} {
		if got := ClassOf(tt.err); got != tt.want {
			t.Errorf("ClassOf(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// A watch polls what a build reads, and a change to one project template
// rebuilds only the documents using it; a data file rebuilds all.
func TestSessionInputsAndAffected(t *testing.T) {
	_, dir := relCopyExample(t)
	tmpl := filepath.Join(dir, "templates", "s241.md")
	if err := os.MkdirAll(filepath.Dir(tmpl), 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := fs.ReadFile(os.DirFS("../../templates"), "cmc/s241-specification.md")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmpl, src, 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "regdoc.json")
	b, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	b2 := []byte(replaceOnce(t, string(b), `"cmc/s241-specification.md"`, `"templates/s241.md"`))
	if err := os.WriteFile(manifest, b2, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := NewSession(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, ds, err := s.Load()
	if err != nil || diag.HasErrors(ds, false) {
		t.Fatal(err, ds)
	}
	in := s.Inputs(l)
	for _, want := range []string{manifest, tmpl, filepath.Join(dir, "data", "process.json")} {
		if !slices.Contains(in, want) {
			t.Errorf("Inputs lacks %s: %v", want, in)
		}
	}
	if got := s.Inputs(nil); !slices.Equal(got, []string{manifest}) {
		t.Errorf("Inputs(nil) = %v", got)
	}
	ids := s.Affected([]string{tmpl})
	if len(ids) != 1 {
		t.Fatalf("a template change affects %v, want its one document", ids)
	}
	if got := s.Affected([]string{tmpl, filepath.Join(dir, "data", "process.json")}); got != nil {
		t.Errorf("a data change affects %v, want all (nil)", got)
	}
}

func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q not found", old)
	}
	return strings.Replace(s, old, new, 1)
}

// The output may not be the input through any path, a hard link included;
// the input is left as it was.
func TestRenderFileNeverWritesOverItsInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "note.md")
	if err := os.WriteFile(in, []byte("# A note\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "hard.md")
	if err := os.Link(in, link); err != nil {
		t.Skip("no hard links here:", err)
	}
	for _, out := range []string{in, link, filepath.Join(dir, ".", "note.md")} {
		_, _, err := RenderFile(in, RenderOptions{Out: out})
		if ClassOf(err) != Refused {
			t.Errorf("-o %s: err = %v, want a refusal", out, err)
		}
	}
	if b, _ := os.ReadFile(in); string(b) != "# A note\n" {
		t.Fatalf("the input changed: %q", b)
	}
}
