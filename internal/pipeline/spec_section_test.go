package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

// specSection is a section a specification is filed under: the drug
// substance's or the drug product's.
var specSection = regexp.MustCompile(`3\.2\.S\.4\.1|3\.2\.P\.5\.1`)

// TestSpecificationCitedWhereFiled builds 3.2.S.2.2 and 3.2.S.2.4 of the
// examples whose parameters cite the specification and checks each
// citation names the section the project files its specification under:
// albumin has no drug substance specification (3.2.S.4.1) and files its
// specification as the drug product's (3.2.P.5.1); the IVIG files both.
func TestSpecificationCitedWhereFiled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the examples")
	}
	for _, c := range []struct{ example, want string }{
		{"ivig-liquid", "3.2.S.4.1"},
		{"albumin-20", "3.2.P.5.1"},
	} {
		l := loadProject(t, filepath.Join("..", "..", "examples", c.example))
		built := map[string]bool{}
		outputs := map[string]string{}
		for _, d := range l.Project.Manifest.Documents {
			built[d.CTDSection] = true
			outputs[d.ID] = d.Output
		}
		if !built[c.want] {
			t.Fatalf("%s: the manifest files no document under %s", c.example, c.want)
		}
		out := t.TempDir()
		only := []string{"s222", "s224"}
		if _, err := l.Build(Options{Out: out, Only: only}); err != nil {
			t.Fatal(err)
		}
		for _, id := range only {
			b, err := os.ReadFile(filepath.Join(out, outputs[id]))
			if err != nil {
				t.Fatal(err)
			}
			text, err := pdftest.Text(b)
			if err != nil {
				t.Fatal(err)
			}
			flat := strings.Join(strings.Fields(text), " ")
			if !strings.Contains(flat, "Specification,") {
				t.Errorf("%s %s: no parameter justification cites the specification", c.example, id)
			}
			// A table cell's words may be extracted apart ("Specification,"
			// then the next row, then "3.2.P.5.1."), so the sections are
			// found on their own: a specification section must be one the
			// project builds, and the one it files its specification under.
			if !strings.Contains(flat, c.want) {
				t.Errorf("%s %s does not cite %s, where the project files its specification", c.example, id, c.want)
			}
			for _, sec := range specSection.FindAllString(flat, -1) {
				if !built[sec] {
					t.Errorf("%s %s cites %s, a section the project does not build", c.example, id, sec)
				}
			}
		}
	}
}
