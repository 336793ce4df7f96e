package mdpdf

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteRefereeSamples writes sample PDFs for checking by hand with an
// outside PDF checker; it runs only when MDPDF_SAMPLES names a directory.
func TestWriteRefereeSamples(t *testing.T) {
	dir := os.Getenv("MDPDF_SAMPLES")
	if dir == "" {
		t.Skip("set MDPDF_SAMPLES=dir to write sample PDFs")
	}
	imgs := testImages(t)
	draft := testMeta()
	draft.Draft = true
	for name, o := range map[string]Options{
		"ctd-letter.pdf":    {Meta: testMeta(), TOC: true, Images: imgs},
		"ctd-a4-draft.pdf":  {Paper: "a4", Meta: draft, TOC: true, Images: imgs},
		"patent-letter.pdf": {Style: StylePatent, Meta: testMeta(), Images: imgs},
		"patent-a4.pdf":     {Style: StylePatent, Paper: "a4", Meta: draft, TOC: true, Images: imgs},
	} {
		pdf := render(t, []byte(longDoc(3)+featureDoc), o)
		if err := os.WriteFile(filepath.Join(dir, name), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
