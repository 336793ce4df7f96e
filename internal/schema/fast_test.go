package schema

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/regdoc/regdoc/internal/dataset"
)

// compiledCase is one schema of the differential corpus.
type compiledCase struct {
	name string
	set  *Set
	key  string
}

func (c compiledCase) library() *jsonschema.Schema { return c.set.schemas[c.key] }

// sameAsLibrary checks Validate (fast path first) against v5 alone on one
// instance: the same diagnostics, positions included, in the same order.
func sameAsLibrary(t testing.TB, c compiledCase, doc *dataset.Document) {
	t.Helper()
	got := c.set.Validate(doc, c.key)
	want := c.set.validateLibrary(doc, c.library())
	if !slices.Equal(got, want) {
		t.Fatalf("%s: instance %s\nfast path + v5: %v\nv5 alone:       %v", c.name, doc.Src, got, want)
	}
	if c.set.fast[c.key].quick(doc.Value, 0) && len(want) != 0 {
		t.Fatalf("%s: quick says valid, v5 says %v (instance %s)", c.name, want, doc.Src)
	}
}

var (
	suiteCasesOnce sync.Once
	suiteCases     []compiledCase
	suiteSeeds     [][]byte
)

// differentialCorpus compiles every schema of the official suite (formats
// asserted and as annotations) and the benchmark's record schema, and
// collects every instance of the suite as a seed.
func differentialCorpus(t testing.TB) ([]compiledCase, [][]byte) {
	suiteCasesOnce.Do(func() {
		refs := suiteRefs(t)
		dir, err := os.MkdirTemp("", "regdoc-fast")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		n := 0
		for _, optional := range []bool{false, true} {
			for _, rel := range suiteFiles(t, optional) {
				for _, g := range readSuiteFile(t, rel) {
					for _, annotate := range []bool{false, true} {
						n++
						path := filepath.Join(dir, strings.Repeat("x", n%7+1)+".json")
						os.WriteFile(path, g.Schema, 0o644)
						set, key, err := CompileFile(path, Options{Refs: refs, AnnotateFormats: annotate})
						if err != nil {
							continue
						}
						suiteCases = append(suiteCases, compiledCase{rel + ": " + g.Description, set, key})
					}
					for _, tc := range g.Tests {
						suiteSeeds = append(suiteSeeds, tc.Data)
					}
				}
			}
		}
		set, key, err := CompileFile("../pipeline/testdata/records/record.schema.json", Options{})
		if err != nil {
			t.Fatal(err)
		}
		suiteCases = append(suiteCases, compiledCase{"record.schema.json", set, key})
	})
	return suiteCases, suiteSeeds
}

// On every case of the official suite, required and optional, under both
// format settings, the fast path changes nothing: the same diagnostics as
// jsonschema/v5 alone. And it is not vacuous: it decides most valid cases.
func TestFastPathAgreesWithLibraryOnSuite(t *testing.T) {
	refs := suiteRefs(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "schema.json")
	var fastSchemas, schemas, decided, valid int
	for _, optional := range []bool{false, true} {
		for _, rel := range suiteFiles(t, optional) {
			for _, g := range readSuiteFile(t, rel) {
				for _, annotate := range []bool{false, true} {
					if err := os.WriteFile(path, g.Schema, 0o644); err != nil {
						t.Fatal(err)
					}
					set, key, err := CompileFile(path, Options{Refs: refs, AnnotateFormats: annotate})
					if err != nil {
						continue
					}
					schemas++
					c := compiledCase{rel + ": " + g.Description, set, key}
					if set.fast[key] != nil {
						fastSchemas++
					}
					for _, tc := range g.Tests {
						doc, ds := dataset.Parse("instance.json", tc.Data, dataset.Options{})
						if doc == nil || len(ds) > 0 {
							continue
						}
						sameAsLibrary(t, c, doc)
						if len(set.validateLibrary(doc, c.library())) == 0 {
							valid++
							if set.fast[key].quick(doc.Value, 0) {
								decided++
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d of %d schemas have a fast path; it decides %d of %d valid instances", fastSchemas, schemas, decided, valid)
	if fastSchemas < schemas/2 || decided < valid/3 {
		t.Errorf("the fast path covers too little: %d of %d schemas, %d of %d valid instances", fastSchemas, schemas, decided, valid)
	}
}

// FuzzFastPath is the differential fuzz target: an instance (any bytes
// that parse as JSON) against one schema of the corpus, chosen by the
// first two bytes. Validate with its fast path must give exactly what
// jsonschema/v5 gives alone.
//
//	go test ./internal/schema -run XXX -fuzz FuzzFastPath -fuzztime 10m
func FuzzFastPath(f *testing.F) {
	cases, seeds := differentialCorpus(f)
	for i, s := range seeds {
		f.Add(uint16(i%len(cases)), s)
	}
	rec, err := os.ReadFile("testdata/fuzz-seed-record.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint16(len(cases)-1), rec)
	f.Fuzz(func(t *testing.T, which uint16, src []byte) {
		doc, _ := dataset.Parse("instance.json", src, dataset.Options{MaxDepth: 64})
		if doc == nil {
			return
		}
		sameAsLibrary(t, cases[int(which)%len(cases)], doc)
	})
}

// The fuzz target's record seed is a valid record, so mutations start
// from the shape the benchmark validates.
func TestFuzzSeedRecordIsValid(t *testing.T) {
	set, key, err := CompileFile("../pipeline/testdata/records/record.schema.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("testdata/fuzz-seed-record.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, ds := dataset.Parse("r.json", src, dataset.Options{})
	if doc == nil || len(ds) > 0 {
		t.Fatal(ds)
	}
	if ds := set.Validate(doc, key); len(ds) != 0 || !set.fast[key].quick(doc.Value, 0) {
		t.Errorf("seed record: %v", ds)
	}
}
