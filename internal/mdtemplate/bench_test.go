package mdtemplate

import (
	"io/fs"
	"testing"

	"github.com/regdoc/regdoc/templates"
)

// BenchmarkParseBuiltins measures reading every built-in template: the
// parse and the context analysis that escapes it, which a build pays once
// per document.
func BenchmarkParseBuiltins(b *testing.B) {
	var names []string
	var srcs []string
	err := fs.WalkDir(templates.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || len(path) < 3 || path[len(path)-3:] != ".md" {
			return err
		}
		src, err := fs.ReadFile(templates.FS, path)
		names, srcs = append(names, path), append(srcs, string(src))
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range names {
			if _, err := Parse(names[i], srcs[i], nil); err != nil {
				b.Fatal(err)
			}
		}
	}
}
