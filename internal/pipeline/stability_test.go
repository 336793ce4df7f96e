package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/pdftest"
)

// copyTree copies an example project so a test can change its data.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// stabilityBuild loads and builds a project in the eCTD layout and returns
// the findings of the stability checks, the model and the text of the
// drug-product stability summary and data PDFs, whitespace collapsed.
func stabilityBuild(t *testing.T, dir string) (st []diag.Diagnostic, s *model.Stability, summary, data string) {
	t.Helper()
	set, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	l, ds, err := Load(dir, set, dataset.Options{})
	if err != nil || diag.HasErrors(ds, false) {
		t.Fatalf("load: %v %v", err, ds)
	}
	for _, d := range ds {
		if strings.HasPrefix(d.Code, "ST-") {
			st = append(st, d)
		}
	}
	out := t.TempDir()
	if _, err := l.Build(Options{Out: out, Layout: LayoutECTD}); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(out, "m3", "32-body-data", "32p-drug-prod", "rgx-ivig-10-liquid", "32p8-stab")
	space := regexp.MustCompile(`\s+`)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(folder, name))
		if err != nil {
			t.Fatalf("the eCTD layout has no %s in 32p8-stab: %v", name, err)
		}
		txt, err := pdftest.Text(b)
		if err != nil {
			t.Fatal(err)
		}
		return space.ReplaceAllString(txt, " ")
	}
	for _, name := range []string{"stability-summary.pdf", "postapproval-stability.pdf", "stability-data.pdf"} {
		if _, err := os.Stat(filepath.Join(folder, name)); err != nil {
			t.Errorf("missing %s in 32p8-stab", name)
		}
	}
	return st, l.Model.Stability, read("stability-summary.pdf"), read("stability-data.pdf")
}

// A 30-month result that falls steeply shortens the shelf life the data
// support: the summary says so with the new number, the chart marks the
// new estimate, and validate reports that the proposal is no longer
// supported.
func TestASteepFallShrinksTheSupportedShelfLife(t *testing.T) {
	dir := copyTree(t, "../../examples/ivig-liquid")
	st, s, summary, data := stabilityBuild(t, dir)
	if len(st) != 0 {
		t.Fatalf("the example has stability findings: %v", st)
	}
	before := s.SupportedMonths()
	if before < s.ProposedShelfLifeMonths {
		t.Fatalf("the example supports %d months, less than its proposal of %d", before, s.ProposedShelfLifeMonths)
	}
	for _, want := range []string{
		fmt.Sprintf("The long-term data support a shelf life of %d months, set by pH", before),
		"A shelf life of 24 months is proposed",
		"the model is therefore common slope, separate intercepts",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if strings.Contains(summary, "it is not justified by these data") {
		t.Error("the summary calls a supported proposal unjustified")
	}

	path := filepath.Join(dir, "data", "stability.json")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	last := `{ "month": 24, "results": [{ "test": "monomer-dimer", "value": 98.5 }, { "test": "aggregates", "value": 1.48 }, { "test": "fragments", "value": 1.1 }, { "test": "ph", "value": 4.25 }, { "test": "appearance", "text": "Complies" }] }`
	if strings.Count(string(src), last) != 1 {
		t.Fatal("the example's 24-month time point of RGX-24-001 changed; update the test")
	}
	steep := strings.Replace(string(src), last, last+`,
        { "month": 30, "results": [{ "test": "monomer-dimer", "value": 84.0 }, { "test": "aggregates", "value": 1.80 }] }`, 1)
	if err := os.WriteFile(path, []byte(steep), 0o644); err != nil {
		t.Fatal(err)
	}

	st, s, summary, data = stabilityBuild(t, dir)
	after := s.SupportedMonths()
	if after >= before || after >= s.ProposedShelfLifeMonths {
		t.Fatalf("after a steep fall the data support %d months (before %d, proposal %d); want fewer than both", after, before, s.ProposedShelfLifeMonths)
	}
	lim := s.Limiting()
	if lim.Attribute.ID != "monomer-dimer" {
		t.Errorf("the limiting attribute is %s, want monomer-dimer", lim.Attribute.ID)
	}
	for _, want := range []string{
		fmt.Sprintf("The long-term data support a shelf life of %d months, set by Monomer and dimer (%s months", after, model.MonthsText(lim.Eval.ShelfLife)),
		fmt.Sprintf("The proposed shelf life is longer than the %d months the statistical evaluation supports", after),
		"batches evaluated separately",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary after the fall lacks %q", want)
		}
	}
	if strings.Contains(summary, fmt.Sprintf("support a shelf life of %d months", before)) {
		t.Errorf("the summary still states the old %d months", before)
	}
	if want := "shelf-life estimate " + model.MonthsText(lim.Eval.ShelfLife) + " months"; !strings.Contains(data, want) {
		t.Errorf("the stability data PDF lacks the chart's mark %q", want)
	}
	if !strings.Contains(data, "98.5 84.0") || !strings.Contains(data, "1.48 1.80") {
		t.Error("the stability data PDF lacks the new 30-month results after the 24-month ones")
	}
	if len(st) != 1 || st[0].Code != "ST-01" || st[0].Severity != diag.Warning ||
		!strings.Contains(st[0].Message, fmt.Sprintf("longer than the %d months the long-term data support (limited by Monomer and dimer)", after)) ||
		!strings.HasSuffix(filepath.ToSlash(st[0].File), "data/stability.json") {
		t.Errorf("findings after the fall: %v; want one ST-01 warning in data/stability.json naming Monomer and dimer", st)
	}
}
