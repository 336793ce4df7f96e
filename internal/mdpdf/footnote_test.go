package mdpdf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

// pageOf returns the 1-based page whose text contains s, or 0.
func pageOf(pages []string, s string) int {
	for i, p := range pages {
		if strings.Contains(strings.Join(strings.Fields(p), " "), s) {
			return i + 1
		}
	}
	return 0
}

func TestFootnotesAtTheFootOfTheCitingPage(t *testing.T) {
	filler := strings.Repeat("Filler text that takes up room on the page without saying much at all. ", 6)
	var src strings.Builder
	src.WriteString("# Notes\n\n")
	for i := 1; i <= 3; i++ {
		for k := 0; k < 7; k++ {
			src.WriteString(filler + "\n\n")
		}
		fmt.Fprintf(&src, "Claim number %d is cited here.[^n%d]\n\n", i, i)
	}
	// A note longer than a page must continue on the next page.
	src.WriteString("The long claim.[^long]\n\nClosing words.\n\n")
	for i := 1; i <= 3; i++ {
		fmt.Fprintf(&src, "[^n%d]: Note text number %d.\n", i, i)
	}
	src.WriteString("[^long]: Long note begins. " + strings.Repeat("Continued note words follow one another. ", 150) + "Long note ends.\n")

	pdf := render(t, []byte(src.String()), Options{Meta: testMeta()})
	pages, err := pdftest.PageTexts(pdf)
	if err != nil {
		t.Fatal(err)
	}
	chars, err := pdftest.Chars(pdf)
	if err != nil {
		t.Fatal(err)
	}
	// topOf is the top of the first character of s's first occurrence on page.
	topOf := func(page int, s string) float64 {
		var text []rune
		var at []pdftest.Char
		for _, c := range chars {
			if c.Page == page {
				text = append(text, c.Rune)
				at = append(at, c)
			}
		}
		i := strings.Index(string(text), strings.ReplaceAll(s, " ", ""))
		if i < 0 {
			t.Fatalf("page %d lacks %q", page, s)
		}
		return at[len([]rune(string(text)[:i]))].Y0
	}
	for i := 1; i <= 3; i++ {
		ref := pageOf(pages, fmt.Sprintf("Claim number %d is cited here.[%d]", i, i))
		note := pageOf(pages, fmt.Sprintf("%d. Note text number %d.", i, i))
		if ref == 0 || note != ref {
			t.Errorf("note %d: cited on page %d, printed on page %d", i, ref, note)
			continue
		}
		// Below every line of body text on the page.
		if nt, ft := topOf(note, fmt.Sprintf("Note text number %d", i)), topOf(ref, fmt.Sprintf("Claim number %d", i)); nt <= ft {
			t.Errorf("note %d at y=%.1f is not below its reference at y=%.1f", i, nt, ft)
		}
	}
	ref := pageOf(pages, "The long claim.[4]")
	start, end := pageOf(pages, "Long note begins."), pageOf(pages, "Long note ends.")
	if ref == 0 || start != ref || end <= ref {
		t.Errorf("long note: cited on page %d, begins on page %d, ends on page %d; want it to begin under its reference and continue on the next page", ref, start, end)
	}
	// Numbered through the document, once each.
	all := strings.Join(pages, "\n")
	for i := 1; i <= 4; i++ {
		if n := strings.Count(all, fmt.Sprintf("[%d]", i)); n != 1 {
			t.Errorf("reference [%d] appears %d times", i, n)
		}
	}
}
