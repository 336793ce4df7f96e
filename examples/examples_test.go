package examples_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/examples"
	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/regdoc/regdoc/internal/pipeline"
)

// foreign lists, for each example, words that belong to another kind of
// product and must appear in none of its PDFs or messages. Words match
// whole (so "mycoplasma" is not "plasma") and ignore case.
var foreign = map[string][]string{
	"ivig-liquid": {"cell bank", "bioreactor", "MAB-X", "harvest"},
	"mab-ds":      {"plasma", "IVIG", "IgA", "cryo\\w*", "Cohn", "fractionation", "donations?", "immune globulin"},
	"albumin-20":  {"IgG", "IgA", "IVIG", "immune globulin", "immunoglobulins?", "cell bank", "bioreactor"},
}

func wordsPattern(words []string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(` + strings.Join(words, "|") + `)\b`)
}

// TestExamplesBuildCleanAndSpeakOfTheirProduct builds every example, as a
// user would, and reads each PDF back: the build has no finding at all, and
// no document names another kind of product.
func TestExamplesBuildCleanAndSpeakOfTheirProduct(t *testing.T) {
	set, err := pipeline.Compile()
	if err != nil {
		t.Fatal(err)
	}
	if len(examples.Names()) != len(foreign) {
		t.Fatalf("examples %v, but foreign words are listed for %d; list them for every example", examples.Names(), len(foreign))
	}
	for _, name := range examples.Names() {
		t.Run(name, func(t *testing.T) {
			bad := wordsPattern(foreign[name])
			l, ds, err := pipeline.Load(name, set, dataset.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				t.Errorf("finding: %s", d)
			}
			if diag.HasErrors(ds, false) {
				t.FailNow()
			}
			outs, err := l.Build(pipeline.Options{Out: t.TempDir(), Jobs: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(outs) != len(l.Project.Manifest.Documents) {
				t.Fatalf("built %d documents, the manifest lists %d", len(outs), len(l.Project.Manifest.Documents))
			}
			for _, o := range outs {
				pdf, err := os.ReadFile(o.Path)
				if err != nil {
					t.Fatal(err)
				}
				text, err := pdftest.Text(pdf)
				if err != nil {
					t.Fatalf("%s: %v", o.Path, err)
				}
				if m := bad.FindAllString(text, 5); len(m) > 0 {
					t.Errorf("%s says %q, words of another kind of product", filepath.Base(o.Path), m)
				}
			}
		})
	}
}

// TestMessagesNameTheProduct breaks the mass balance of the mAb and the
// albumin examples: the finding names the product's own yield attribute
// and no word of another product.
func TestMessagesNameTheProduct(t *testing.T) {
	set, err := pipeline.Compile()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		example, file, from, to, label string
	}{
		{"mab-ds", "process.json", "\"product_in\": {\n        \"value\": 8.55,", "\"product_in\": {\n        \"value\": 8.75,", "MAB-X"},
		{"albumin-20", "process.json", "\"product_in\": {\n        \"value\": 151.312,", "\"product_in\": {\n        \"value\": 152.312,", "albumin"},
	} {
		t.Run(c.example, func(t *testing.T) {
			dir := copyProject(t, c.example)
			p := filepath.Join(dir, "data", c.file)
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Count(string(src), c.from) != 1 {
				t.Fatalf("%q occurs %d times in %s", c.from, strings.Count(string(src), c.from), c.file)
			}
			if err := os.WriteFile(p, []byte(strings.Replace(string(src), c.from, c.to, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, ds, err := pipeline.Load(dir, set, dataset.Options{})
			if err != nil {
				t.Fatal(err)
			}
			bad := wordsPattern(foreign[c.example])
			found := false
			for _, d := range ds {
				if m := bad.FindAllString(d.Message, -1); len(m) > 0 {
					t.Errorf("%s says %q", d, m)
				}
				if d.Code == "YB-03" && strings.Contains(d.Message, " "+c.label) {
					found = true
				}
			}
			if !found {
				t.Errorf("no YB-03 finding naming %s among %v", c.label, ds)
			}
		})
	}
}

// TestProjectWrittenForTheFirstSchemasStillBuilds builds a copy of the IVIG
// example as it was written before fields were renamed (igg_in,
// plasma_volume, typical_iga …): it builds, each old name gets one warning
// naming the new field, and the documents still speak of IgG.
func TestProjectWrittenForTheFirstSchemasStillBuilds(t *testing.T) {
	set, err := pipeline.Compile()
	if err != nil {
		t.Fatal(err)
	}
	l, ds, err := pipeline.Load("testdata/legacy-ivig-liquid", set, dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	renamed := map[string]int{}
	for _, d := range ds {
		switch d.Code {
		case "DP-01":
			for _, pair := range [][2]string{{"igg_in", "product_in"}, {"igg_out", "product_out"}, {"igg_concentration", "concentration"}, {"pool_volume", "volume"}, {"plasma_pool", "starting_material_lot"}, {"plasma_volume", "scale"}, {"typical_iga", `"test": "iga"`}, {"typical_purity", `"test": "igg-purity"`}} {
				if strings.HasPrefix(d.Message, pair[0]+" is deprecated: rename it ") && strings.Contains(d.Message, pair[1]) {
					renamed[pair[0]]++
				}
			}
		case "PD-01":
		default:
			t.Errorf("unexpected finding %s", d)
		}
		if d.Severity == diag.Error {
			t.Errorf("error %s", d)
		}
	}
	for old, n := range map[string]int{"igg_in": 9, "igg_out": 9, "igg_concentration": 1, "pool_volume": 1, "plasma_pool": 3, "plasma_volume": 3, "typical_iga": 1, "typical_purity": 1} {
		if renamed[old] != n {
			t.Errorf("%d warnings for %s, want %d", renamed[old], old, n)
		}
	}
	outs, err := l.Build(pipeline.Options{Out: t.TempDir(), Jobs: 1, Only: []string{"s222", "patent-process"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		pdf, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		text, err := pdftest.Text(pdf)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"IgG", "75.0"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q", filepath.Base(o.Path), want)
			}
		}
	}
}

// copyProject copies an example into a temporary folder.
func copyProject(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir(name, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(name, p)
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			if d.Name() == "out" {
				return filepath.SkipDir
			}
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestYieldFigureAxisNamesTheProduct: FIG. 2's axis comes from the figure
// spec the template writes, which takes the product's label from the data.
func TestYieldFigureAxisNamesTheProduct(t *testing.T) {
	set, err := pipeline.Compile()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"albumin-20": "Cumulative albumin yield (%)", "mab-ds": "Cumulative MAB-X yield (%)", "ivig-liquid": "Cumulative IgG yield (%)"} {
		l, _, err := pipeline.Load(name, set, dataset.Options{})
		if err != nil {
			t.Fatal(err)
		}
		md, err := mdtemplate.YieldFigure(l.Model.Process, nil, true)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(md), `"y_label": "`+want+`"`) {
			t.Errorf("%s: the yield figure's axis is not %q:\n%s", name, want, md)
		}
	}
}
