package mdpdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pdftest"
)

// unifont is GNU Unifont, a TrueType font covering the Unicode BMP that
// pdfcpu (a dependency) ships in its test data: read from the module
// cache, never downloaded by the test.
func unifont(t *testing.T) []byte {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pdfcpu/pdfcpu").Output()
	if err != nil {
		t.Skipf("cannot locate pdfcpu with go list: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "pkg", "testdata", "fonts", "unifont-13.0.03.ttf"))
	if err != nil {
		t.Skipf("no TrueType font with CJK in the module cache: %v", err)
	}
	return data
}

func TestFallbackFontDrawsWhatLiberationLacks(t *testing.T) {
	src := "# 简体 heading\n\nMixed text: 简单 and नमस्ते in a **bold 简** line, 10^4^ IU.\n"
	// Without the font: refused, and the remedy names --font.
	_, err := Render(&bytes.Buffer{}, []byte(src), Options{File: "x.md"})
	ds, ok := diag.FromError(err)
	if !ok || len(ds) == 0 || !strings.Contains(ds[0].Message, "--font") {
		t.Fatalf("without a fallback font: %v, want glyph problems naming --font", err)
	}
	var buf bytes.Buffer
	if _, err := Render(&buf, []byte(src), Options{FallbackFont: unifont(t)}); err != nil {
		t.Fatal(err)
	}
	txt, err := pdftest.Text(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(txt), " ")
	for _, want := range []string{"简体 heading", "Mixed text: 简单 and नमस्ते in a bold 简 line, 104 IU."} {
		if !strings.Contains(flat, want) {
			t.Errorf("text lacks %q:\n%s", want, flat)
		}
	}
	// The characters sit where the layout put them: no overlap between
	// a fallback run and the Liberation text after it.
	cs, err := pdftest.Chars(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	before, after := charsAfter(t, cs, "简单", 3)
	if after[0].Rune != 'a' || after[0].X0 < before[1].X1 {
		t.Errorf("%q starts at %.1f, inside 单 ending at %.1f", after[0].Rune, after[0].X0, before[1].X1)
	}
	bm, err := pdftest.Bookmarks(buf.Bytes())
	if err != nil || len(bm) != 1 || bm[0].Title != "简体 heading" {
		t.Errorf("bookmarks %+v, %v", bm, err)
	}
}

func TestFallbackFontMustBeTrueType(t *testing.T) {
	for name, data := range map[string][]byte{"garbage": []byte("not a font"), "cff": cffOnly()} {
		_, err := Render(&bytes.Buffer{}, []byte("x"), Options{FallbackFont: data})
		if err == nil || !strings.Contains(err.Error(), "fallback font") {
			t.Errorf("%s: err = %v, want a fallback-font error", name, err)
		}
	}
}

// cffOnly is the table directory of a font with PostScript outlines.
func cffOnly() []byte {
	b := []byte{'O', 'T', 'T', 'O', 0, 1, 0, 0, 0, 0, 0, 0}
	return append(b, 'C', 'F', 'F', ' ', 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 0)
}
