package mdpdf

import (
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

func TestTablesAndFiguresAreBookmarkedUnderTheirSection(t *testing.T) {
	src := "# Process\n\nText.\n\nTable: Process steps {#tbl:s}\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n" +
		"## Flow of 10^4^ units\n\n![Flow](img/flow.png)\n\nFigure: The flow {#fig:f}\n\n# Controls\n\nTable: Limits {#tbl:l}\n\n| A |\n|---|\n| x |\n"
	pdf := render(t, []byte(src), Options{Meta: testMeta(), Images: testImages(t)})
	bm, err := pdftest.Bookmarks(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var dump func([]pdftest.Bookmark, int)
	dump = func(bs []pdftest.Bookmark, depth int) {
		for _, m := range bs {
			b.WriteString(strings.Repeat("  ", depth) + m.Title + "\n")
			dump(m.Children, depth+1)
		}
	}
	dump(bm, 0)
	want := "Process\n  Table 1. Process steps\n  Flow of 10⁴ units\n    Figure 1. The flow\nControls\n  Table 2. Limits\n"
	if b.String() != want {
		t.Errorf("outline:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestRunningHeaderHasVersionAndDate(t *testing.T) {
	pdf := render(t, []byte("# A\n\nText.\n"), Options{Meta: testMeta()})
	pages, err := pdftest.PageTexts(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if want := "DOC-0042 · Version 1.0 · 2024-03-01"; !strings.Contains(pages[0], want) {
		t.Errorf("page text lacks %q:\n%s", want, pages[0])
	}
}
