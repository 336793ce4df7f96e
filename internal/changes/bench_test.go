package changes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkCompareExample compares the IVIG example's data with a copy
// whose every file differs in one value.
func BenchmarkCompareExample(b *testing.B) {
	old := Version{Data: map[string][]byte{}}
	new := Version{Data: map[string][]byte{}}
	files, err := filepath.Glob("../../examples/ivig-liquid/data/*.json")
	if err != nil || len(files) == 0 {
		b.Fatal("no example data", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		kind := strings.ReplaceAll(strings.TrimSuffix(filepath.Base(f), ".json"), "-", "_")
		old.Data[kind] = src
		new.Data[kind] = []byte(strings.Replace(string(src), "1", "2", 1))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(old, new); err != nil {
			b.Fatal(err)
		}
	}
}
