package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
)

func loadProject(t testing.TB, dir string) *Loaded {
	t.Helper()
	set, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	l, ds, err := Load(dir, set, dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diag.HasErrors(ds, false) {
		t.Fatalf("%s: %v", dir, ds)
	}
	return l
}

func TestECTDLayoutAndPreviews(t *testing.T) {
	l := loadProject(t, "../../examples/ivig-liquid")
	out := t.TempDir()
	outs, err := l.Build(Options{Out: out, Layout: LayoutECTD, Emit: []string{"md", "html"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"m3/32-body-data/32s-drug-sub/rgx-ivig-10-liquid/32s2-manuf/manuf-process-and-controls.pdf",
		"m3/32-body-data/32s-drug-sub/rgx-ivig-10-liquid/32s4-contr-drug-sub/32s44-batch-analys/batch-analyses.pdf",
		"m3/32-body-data/32a-app/32a2-advent-agent/adventitious-agents-summary.pdf",
		"patent/patent-process-exhibit.pdf",
	}
	for _, w := range want {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(w))); err != nil {
			t.Errorf("missing %s", w)
		}
	}
	if len(outs) != len(l.Project.Manifest.Documents) {
		t.Errorf("%d outputs, want %d", len(outs), len(l.Project.Manifest.Documents))
	}
	html, err := os.ReadFile(filepath.Join(out, "m3/32-body-data/32s-drug-sub/rgx-ivig-10-liquid/32s2-manuf/manuf-process-and-controls.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"<title>3.2.S.2.2 Description of Manufacturing Process and Process Controls</title>", "<table>", "Cold-ethanol precipitation of Fraction I+II+III"} {
		if !strings.Contains(string(html), s) {
			t.Errorf("HTML preview lacks %q", s)
		}
	}
	md, err := os.ReadFile(filepath.Join(out, "patent/patent-process-exhibit.md"))
	if err != nil || !strings.Contains(string(md), "| P9 Low-pH incubation in the final container |") {
		t.Errorf("composed Markdown missing or wrong (%v)", err)
	}
}

func TestProgressReportsEveryDocument(t *testing.T) {
	l := loadProject(t, "../../examples/ivig-liquid")
	var seen []string
	last := 0
	_, err := l.Build(Options{Out: t.TempDir(), Progress: func(done, total int, id string) {
		if done != last+1 || total != len(l.Project.Manifest.Documents) {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
		seen = append(seen, id)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(l.Project.Manifest.Documents) {
		t.Errorf("progress reported %v", seen)
	}
}

func TestUnknownLayoutWritesNothing(t *testing.T) {
	l := loadProject(t, "../../examples/ivig-liquid")
	out := filepath.Join(t.TempDir(), "out")
	if _, err := l.Build(Options{Out: out, Layout: "zip"}); err == nil || !strings.Contains(err.Error(), "unknown layout") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output folder created for a failed build: %v", err)
	}
}

// BenchmarkBuildExamples builds every document of both examples, in
// parallel on all cores as `regdoc build` does, and reports the time per
// document and per page (docs/performance.md).
func BenchmarkBuildExamples(b *testing.B) {
	projects := []*Loaded{loadProject(b, "../../examples/ivig-liquid"), loadProject(b, "../../examples/mab-ds")}
	out := b.TempDir()
	docs, pages := 0, 0
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		docs, pages = 0, 0
		for j, l := range projects {
			outs, err := l.Build(Options{Out: filepath.Join(out, string(rune('a'+j)))})
			if err != nil {
				b.Fatal(err)
			}
			for _, o := range outs {
				docs++
				pages += o.Pages
			}
		}
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(elapsed.Microseconds())/1000/float64(b.N*docs), "ms/doc")
	b.ReportMetric(float64(elapsed.Microseconds())/1000/float64(b.N*pages), "ms/page")
	b.ReportMetric(float64(docs), "docs")
	b.ReportMetric(float64(pages), "pages")
}
