package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pdftest"
)

// The manifest's "font" does for a project what 'regdoc render --font'
// does for one file: validate and build draw the characters Liberation
// lacks with it; without it they are refused with the setting as remedy,
// and a font that is not there, not inside the project or not a font is a
// problem at the manifest's "font".
func TestManifestFallbackFont(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pdfcpu/pdfcpu").Output()
	if err != nil {
		t.Skipf("cannot locate pdfcpu with go list: %v", err)
	}
	unifont, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "pkg", "testdata", "fonts", "unifont-13.0.03.ttf"))
	if err != nil {
		t.Skipf("no TrueType font with CJK in the module cache: %v", err)
	}
	_, dir := relCopyExample(t)
	edit := func(rel, old, new string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.Replace(string(b), old, new, 1)
		if s == string(b) {
			t.Fatalf("%s has no %q; update the test", rel, old)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A Chinese product name, printed by the process description (s222).
	edit("data/process.json", `"description": "Immune globulin intravenous (human), 10 % liquid"`, `"description": "静注人免疫球蛋白 10 % liquid"`)

	validate := func() []diag.Diagnostic {
		t.Helper()
		_, ds, err := ValidatePaths([]string{dir}, ValidateOptions{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	errorsOf := func(ds []diag.Diagnostic) (out []diag.Diagnostic) {
		for _, d := range ds {
			if d.Severity == diag.Error {
				out = append(out, d)
			}
		}
		return out
	}

	// Without a font: refused, the remedy naming the manifest setting.
	if es := errorsOf(validate()); len(es) == 0 || !strings.Contains(es[0].Message, `"font"`) {
		t.Fatalf("without a font: %v", es)
	}

	// A font that is not there, outside the project, or not a font: a
	// problem at the "font" line of regdoc.json.
	if err := os.WriteFile(filepath.Join(dir, "bad.ttf"), []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := func(font string) {
		t.Helper()
		edit("regdoc.json", `"paper":`, `"font": "`+font+`", "paper":`)
	}
	saved, err := os.ReadFile(filepath.Join(dir, "regdoc.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"fonts/none.ttf", "../outside.ttf", "bad.ttf"} {
		if err := os.WriteFile(filepath.Join(dir, "regdoc.json"), saved, 0o644); err != nil {
			t.Fatal(err)
		}
		manifest(bad)
		es := errorsOf(validate())
		if len(es) != 1 || es[0].Pointer != "/font" || es[0].Line == 0 || !strings.Contains(es[0].Message, bad) {
			t.Errorf("font %q: %v", bad, es)
		}
	}

	// The font inside the project: validate passes and the PDF shows the name.
	if err := os.MkdirAll(filepath.Join(dir, "fonts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fonts", "unifont.ttf"), unifont, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "regdoc.json"), saved, 0o644); err != nil {
		t.Fatal(err)
	}
	manifest("fonts/unifont.ttf")
	if es := errorsOf(validate()); len(es) != 0 {
		t.Fatalf("with the font: %v", es)
	}
	l := loadProject(t, dir)
	for _, d := range l.Project.Manifest.Documents {
		if d.ID != "s222" {
			continue
		}
		_, pdf, _, err := l.typesetDocument(d, time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		txt, err := pdftest.Text(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(txt, "静注人免疫球蛋白") {
			t.Errorf("the PDF lacks the Chinese name: %s", txt)
		}
		return
	}
	t.Fatal("no document s222 in the example")
}
