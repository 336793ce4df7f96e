package checks

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/model"
)

// BenchmarkRun is every reviewer rule on the IVIG example, the work
// validate adds to the schema checks for one project.
func BenchmarkRun(b *testing.B) {
	in := Input{Project: &model.Project{}, Docs: map[string]*dataset.Document{}}
	for kind, name := range exampleFiles {
		src, err := os.ReadFile(filepath.Join(exampleDir, name))
		if err != nil {
			b.Fatal(err)
		}
		doc, ds := dataset.Parse(name, src, dataset.Options{})
		if doc == nil || len(ds) > 0 {
			b.Fatalf("%s: %v", name, ds)
		}
		if err := in.Project.Decode(kind, src); err != nil {
			b.Fatal(err)
		}
		in.Docs[kind] = doc
	}
	b.ReportAllocs()
	for b.Loop() {
		if ds := Run(in); len(ds) != 0 {
			b.Fatalf("the example has findings: %v", ds)
		}
	}
}
