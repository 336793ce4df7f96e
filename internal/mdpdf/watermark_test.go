package mdpdf

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

// The DRAFT watermark must be seen and never read: a reader shows it, but
// text extraction (and so copy and paste and search) returns exactly what
// the same document without the watermark returns.
func TestWatermarkIsNotText(t *testing.T) {
	var src strings.Builder
	src.WriteString("# Batch results\n\n| Batch | Yield | Purity |\n|---|---|---|\n")
	for i := 0; i < 30; i++ {
		src.WriteString("| RGX-24-00" + string(rune('0'+i%10)) + " | 75.1 % | 98.4 % |\n")
	}
	opts := Options{Meta: testMeta()}
	opts.Meta.Draft = false
	clean := render(t, []byte(src.String()), opts)
	opts.Meta.Draft = true
	draft := render(t, []byte(src.String()), opts)

	want, err := pdftest.PageTexts(clean)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pdftest.PageTexts(draft)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "\f") != strings.Join(want, "\f") {
		t.Errorf("the watermark changed the extracted text:\n%s\nwant\n%s", strings.Join(got, "\f"), strings.Join(want, "\f"))
	}
	for _, p := range got {
		if strings.Contains(strings.ReplaceAll(p, " ", ""), "DRAFT") {
			t.Errorf("DRAFT extracted: %q", p)
		}
	}

	// The reader shows it: light grey pixels across the middle of the
	// page, where the clean page has none.
	grey := func(pdf []byte) int {
		img, err := pdftest.RenderPage(pdf, 1, 36)
		if err != nil {
			t.Fatal(err)
		}
		if os.Getenv("REGDOC_SAVE_WATERMARK") != "" {
			var buf bytes.Buffer
			_ = png.Encode(&buf, img)
			_ = os.WriteFile(os.Getenv("REGDOC_SAVE_WATERMARK")+strconv.Itoa(len(pdf))+".png", buf.Bytes(), 0o644)
		}
		n := 0
		for i := 0; i+3 < len(img.Pix); i += 4 {
			r, g, b := img.Pix[i], img.Pix[i+1], img.Pix[i+2]
			if r == g && g == b && r >= 0xD7 && r <= 0xDB { // canvas.LightGrey, 0xD9
				n++
			}
		}
		return n
	}
	if g, c := grey(draft), grey(clean); g < 1000 || 4*c > g {
		t.Errorf("light grey pixels: %d with the watermark, %d without; the watermark is not drawn", g, c)
	}

	// poppler, when installed, agrees.
	if _, err := exec.LookPath("pdftotext"); err == nil {
		f := filepath.Join(t.TempDir(), "draft.pdf")
		if err := os.WriteFile(f, draft, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", f, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if s := strings.ReplaceAll(string(out), " ", ""); strings.Contains(s, "DRAFT") || strings.Contains(s, "D\nR") {
			t.Errorf("pdftotext extracts the watermark:\n%s", out)
		}
		if !bytes.Contains(out, []byte("RGX-24-001")) {
			t.Errorf("pdftotext lost the table:\n%s", out)
		}
	}
}
