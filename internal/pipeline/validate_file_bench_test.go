package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkValidateFileInProject is `regdoc validate data/specification.json`
// inside the IVIG example, as a pre-commit hook runs it: the file's schema,
// then the project found above it loaded and its reviewer rules applied to
// find those that involve the file.
func BenchmarkValidateFileInProject(b *testing.B) {
	set, err := Compile()
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join("..", "..", "examples", "ivig-liquid", "data", "specification.json")
	for b.Loop() {
		files, ds, err := Validate([]string{file}, set, ValidateOptions{})
		if err != nil || len(files) != 1 || len(ds) != 0 {
			b.Fatalf("files %v, diagnostics %v, err %v", files, ds, err)
		}
	}
}

// BenchmarkValidateFileAlone is the same file outside any project: its
// schema alone, the baseline the project's rules add to.
func BenchmarkValidateFileAlone(b *testing.B) {
	set, err := Compile()
	if err != nil {
		b.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "ivig-liquid", "data", "specification.json"))
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(b.TempDir(), "specification.json")
	// The copy names its schema by URL: the relative path would leave the
	// temporary folder.
	src = []byte(strings.Replace(string(src), `"../../../schemas/specification.schema.json"`, `"https://regdoc.dev/schemas/v1/specification.schema.json"`, 1))
	if err := os.WriteFile(file, src, 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		files, ds, err := Validate([]string{file}, set, ValidateOptions{})
		if err != nil || len(files) != 1 || len(ds) != 0 {
			b.Fatalf("files %v, diagnostics %v, err %v", files, ds, err)
		}
	}
}
