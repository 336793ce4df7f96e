package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pdftest"
)

// A writer's chapter with front matter and characters Liberation lacks:
// --font draws them, unknown front-matter keys come back as warnings.
func TestRenderFileFontAndFrontMatter(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pdfcpu/pdfcpu").Output()
	if err != nil {
		t.Skipf("cannot locate pdfcpu with go list: %v", err)
	}
	font := filepath.Join(strings.TrimSpace(string(out)), "pkg", "testdata", "fonts", "unifont-13.0.03.ttf")
	if _, err := os.Stat(font); err != nil {
		t.Skipf("no TrueType font with CJK in the module cache: %v", err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "ch.md")
	src := "---\ntitle: 简介\nlang: zh\n---\n\n# 第一章\n\nText 简单 with <!-- a comment --> H<sub>2</sub>O.\n"
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without the font: refused, the remedy naming --font.
	if _, _, err = RenderFile(in, RenderOptions{}); err == nil || !strings.Contains(err.Error(), "--font") {
		t.Fatalf("without --font: %v", err)
	}
	pdfPath, warnings, err := RenderFile(in, RenderOptions{Font: font})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || warnings[0].Severity != diag.Warning || warnings[0].Line != 3 || !strings.Contains(warnings[0].Message, `"lang"`) {
		t.Errorf("warnings %v, want one for lang at line 3", warnings)
	}
	pdf, err := os.ReadFile(pdfPath)
	if err != nil {
		t.Fatal(err)
	}
	txt, err := pdftest.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(txt), " ")
	for _, want := range []string{"简介", "第一章", "Text 简单 with H2O."} {
		if !strings.Contains(flat, want) {
			t.Errorf("text lacks %q: %s", want, flat)
		}
	}
	if strings.Contains(flat, "lang") || strings.Contains(flat, "comment") {
		t.Errorf("front matter or a comment printed: %s", flat)
	}
	// A font file that is not TrueType is refused by name.
	bad := filepath.Join(dir, "bad.ttf")
	if err := os.WriteFile(bad, []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := RenderFile(in, RenderOptions{Font: bad}); err == nil || !strings.Contains(err.Error(), "--font") || ClassOf(err) != Invalid {
		t.Errorf("bad font: %v", err)
	}
}
