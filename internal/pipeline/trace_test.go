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
	"github.com/regdoc/regdoc/internal/trace"
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
	computed := map[string]int{}
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
			if e.Page < 1 || e.Page > len(pages) || !onPage(squeeze(pages[e.Page-1]), e.Text) {
				t.Errorf("%s: %q is not on page %d", o.Path, e.Text, e.Page)
			}
			if len(e.Sources) == 0 {
				t.Errorf("%s: %q has no source", o.Path, e.Text)
			}
			var check func(s trace.Source)
			check = func(s trace.Source) {
				if s.Formula != "" {
					// Only a setting of a computation (the months a
					// stability evaluation searches) has no data, and its
					// formula says so.
					if len(s.Inputs) == 0 && !strings.HasSuffix(s.Formula, "a fixed setting of the ICH Q1E evaluation (stability.DefaultHorizon = 120 months), not a datum") {
						t.Errorf("%s: %q: formula %q without inputs", o.Path, e.Text, s.Formula)
					}
					for _, in := range s.Inputs {
						check(in)
					}
					return
				}
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
			for _, s := range e.Sources {
				check(s)
				if s.Formula != "" {
					computed[strings.SplitN(s.Formula, " =", 2)[0]]++
				}
			}
		}
	}
	for _, f := range []string{"step yield", "cumulative yield", "overall yield per litre", "yield per litre", "LRV", "claimed total LRV",
		"shelf life", "supported shelf life", "real-time data", "confidence limit", "governing batch", "results regressed", "degrees of freedom",
		"mean ± standard deviation", "mean", "standard deviation", "RSD", "n", "count", "lots", "results passed", "studied steps", "batches on study",
		"results not regressed", "months searched", "text results"} {
		if computed[f] == 0 {
			t.Errorf("no %s is traced to its formula", f)
		}
	}
	if total < 900 {
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
	// The overall yield to the final container, 75.0 % (3.2.P.3.5), comes
	// from every step's masses.
	b, err = os.ReadFile(filepath.Join(out, "dp-process-validation.trace.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tf traceFile
	if err := json.Unmarshal(b, &tf); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range tf.Entries {
		if e.Text == "75.0\u00a0%" && len(e.Sources) == 1 && e.Sources[0].Formula == "cumulative yield = 100 × ∏ product_out ÷ product_in over the steps with both masses" {
			found = len(e.Sources[0].Inputs) == 2*len(l.Model.Process.Steps) &&
				e.Sources[0].Inputs[0].File == "data/process.json" && e.Sources[0].Inputs[0].Pointer == "/steps/0/product_in/value"
		}
	}
	if !found {
		t.Errorf("the overall yield 75.0 %% is not traced to the masses of every step:\n%s", b)
	}
	// The shelf life of the aggregates, 53.5 months, comes from every
	// long-term result of the attribute, its criterion and its trend.
	b, err = os.ReadFile(filepath.Join(out, "stability-summary.trace.json"))
	if err != nil {
		t.Fatal(err)
	}
	tf = traceFile{}
	if err := json.Unmarshal(b, &tf); err != nil {
		t.Fatal(err)
	}
	found = false
	for _, e := range tf.Entries {
		if e.Text != "53.5 months" || len(e.Sources) != 1 || !strings.HasPrefix(e.Sources[0].Formula, "shelf life =") {
			continue
		}
		in := map[string]bool{}
		for _, s := range e.Sources[0].Inputs {
			in[s.Pointer] = true
		}
		found = in["/attributes/1/criterion/value"] && in["/attributes/1/trend"] && in["/studies/0/time_points/0/month"] &&
			in["/studies/0/time_points/0/results/1/value"] && len(in) > 30
	}
	if !found {
		t.Errorf("the shelf life 53.5 months is not traced to the long-term results, criterion and trend of the aggregates:\n%s", b)
	}
}

// onPage says text is on the page (white space removed): whole, or, for
// a value wrapped inside a table cell, its words in order.
func onPage(page, text string) bool {
	if strings.Contains(page, squeeze(text)) {
		return true
	}
	at := 0
	for _, w := range strings.Fields(strings.ReplaceAll(text, "\u00a0", " ")) {
		i := strings.Index(page[at:], w)
		if i < 0 {
			return false
		}
		at += i + len(w)
	}
	return true
}
