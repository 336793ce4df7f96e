package pipeline

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

var (
	// captionLabel is a numbered caption as both outputs print it.
	captionLabel = regexp.MustCompile(`^(?:Table|Figure) \d+\.`)
	// htmlCaption is a caption's label in the preview.
	htmlCaption = regexp.MustCompile(`<p class="caption"[^>]*><strong>([^<]*)</strong>`)
	// crossRef is a reference to a table or figure in running text.
	crossRef = regexp.MustCompile(`(?:Table|Figure) \d+\b`)
	htmlTag  = regexp.MustCompile(`<[^>]*>`)
	svgBlock = regexp.MustCompile(`(?s)<svg.*?</svg>`)
)

// TestPreviewMatchesThePDF builds every example document with --emit html
// and compares what a reader checks: the numbered captions, in order, and
// every reference to a numbered table or figure must be the same in the
// HTML preview and in the PDF; figures are drawn, not shown as spec text.
func TestPreviewMatchesThePDF(t *testing.T) {
	for _, ex := range []string{"ivig-liquid", "mab-ds"} {
		l := loadProject(t, filepath.Join("../../examples", ex))
		out := t.TempDir()
		outs, err := l.Build(Options{Out: out, Emit: []string{"html"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(outs) == 0 {
			t.Fatalf("%s: nothing built", ex)
		}
		checked := 0
		for _, o := range outs {
			pdfPath := o.Path
			if !strings.HasSuffix(pdfPath, ".pdf") {
				continue
			}
			name := strings.TrimSuffix(filepath.Base(pdfPath), ".pdf")
			htmlPath := strings.TrimSuffix(pdfPath, ".pdf") + ".html"
			if !filepath.IsAbs(pdfPath) {
				pdfPath, htmlPath = filepath.Join(out, pdfPath), filepath.Join(out, htmlPath)
			}
			pdf, err := os.ReadFile(pdfPath)
			if err != nil {
				t.Fatal(err)
			}
			page, err := os.ReadFile(htmlPath)
			if os.IsNotExist(err) {
				continue // drawing sheets have no Markdown, so no preview
			} else if err != nil {
				t.Fatal(err)
			}
			pdfText, err := pdftest.Text(pdf)
			if err != nil {
				t.Fatal(err)
			}
			body := string(page)
			if strings.Contains(body, `class="language-figure"`) {
				t.Errorf("%s/%s: a figure is shown as its spec, not drawn", ex, name)
			}
			visible := svgBlock.ReplaceAllString(body, " ")
			visible = html.UnescapeString(htmlTag.ReplaceAllString(visible, " "))
			flatPDF := strings.Join(strings.Fields(pdfText), " ")
			flatHTML := strings.Join(strings.Fields(visible), " ")
			var a, b []string
			for _, m := range htmlCaption.FindAllStringSubmatch(body, -1) {
				a = append(a, m[1])
			}
			for _, line := range strings.Split(pdfText, "\n") {
				if m := captionLabel.FindString(strings.TrimSpace(line)); m != "" {
					b = append(b, m)
				}
			}
			if !slices.Equal(a, b) {
				t.Errorf("%s/%s: captions differ\nHTML %v\nPDF  %v", ex, name, a, b)
			}
			a, b = crossRef.FindAllString(flatHTML, -1), crossRef.FindAllString(flatPDF, -1)
			slices.Sort(a)
			slices.Sort(b)
			if !slices.Equal(a, b) {
				t.Errorf("%s/%s: references differ\nHTML %v\nPDF  %v", ex, name, a, b)
			}
			if strings.Contains(flatHTML, "](#") {
				t.Errorf("%s/%s: an unresolved cross-reference in the preview", ex, name)
			}
			checked++
		}
		if checked == 0 {
			t.Errorf("%s: no document compared", ex)
		}
	}
}
