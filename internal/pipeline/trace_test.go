package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pdftest"
)

// TestTraceEntriesAreOnTheirPageAndResolve builds the IVIG example with
// --emit trace and checks every entry of every document: its text is on
// its page as PDFium extracts it, and its sources resolve in the data
// files to values present there.
func TestTraceEntriesAreOnTheirPageAndResolve(t *testing.T) {
	dir := "../../examples/ivig-liquid"
	l := loadProject(t, dir)
	out := t.TempDir()
	outs, err := l.Build(Options{Out: out, Emit: []string{"trace"}})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]*dataset.Document{}
	total := 0
	for _, o := range outs {
		b, err := os.ReadFile(strings.TrimSuffix(o.Path, ".pdf") + ".trace.json")
		if err != nil {
			t.Fatal(err)
		}
		var tf traceFile
		if err := json.Unmarshal(b, &tf); err != nil {
			t.Fatal(err)
		}
		pdf, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		pages, err := pdftest.PageTexts(pdf)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range tf.Entries {
			total++
			if e.Page < 1 || e.Page > len(pages) || !strings.Contains(squeeze(pages[e.Page-1]), squeeze(e.Text)) {
				t.Errorf("%s: %q is not on page %d", o.Path, e.Text, e.Page)
			}
			if len(e.Sources) == 0 {
				t.Errorf("%s: %q has no source", o.Path, e.Text)
			}
			for _, s := range e.Sources {
				doc := docs[s.File]
				if doc == nil {
					src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(s.File)))
					if err != nil {
						t.Fatalf("%s: %q: source file %s: %v", o.Path, e.Text, s.File, err)
					}
					var ds []diag.Diagnostic
					doc, ds = dataset.Parse(s.File, src, dataset.Options{})
					if doc == nil {
						t.Fatalf("%s: %v", s.File, ds)
					}
					docs[s.File] = doc
				}
				if _, ok := doc.At(s.Pointer); !ok {
					t.Errorf("%s: %q: %s%s does not resolve", o.Path, e.Text, s.File, s.Pointer)
				}
			}
		}
	}
	if total < 500 {
		t.Errorf("only %d entries over the example's documents", total)
	}
	// A figure a reviewer ticks: the protein limit of the specification.
	b, err := os.ReadFile(filepath.Join(out, "specification.trace.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"text": "90–110`+"\u00a0"+`g/L",
      "page": 1,
      "sources": [
        {
          "file": "data/specification.json",
          "pointer": "/tests/0/criterion"`) {
		t.Errorf("the protein limit is not traced to /tests/0/criterion:\n%s", b)
	}
}
