package pipeline

import (
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/pdftest"
)

// The IVIG example's units and text criteria print their exponents and
// indices as real superscripts and subscripts in the built documents: the
// specification's "≤ 1.0 CH50/mg" (a unit from the data) and the pool NAT
// criterion "≤ 10^4^ IU/mL" (a rich text criterion), which printed its
// caret before criteria were rich.
func TestUnitsAndCriteriaScriptsInThePDF(t *testing.T) {
	_, dir := relCopyExample(t)
	l := loadProject(t, dir)
	chars := map[string][]pdftest.Char{}
	for _, d := range l.Project.Manifest.Documents {
		if d.ID != "s241" && d.ID != "s224" {
			continue
		}
		_, pdf, _, err := l.typesetDocument(d, time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if chars[d.ID], err = pdftest.Chars(pdf); err != nil {
			t.Fatal(err)
		}
		txt, err := pdftest.Text(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(txt, "^~") {
			t.Errorf("%s prints a caret or tilde:\n%s", d.ID, txt)
		}
	}
	// script finds the first drawing of match and checks its n characters
	// after prefix against the character before them: smaller, raised
	// (super) or lowered.
	script := func(doc, match, prefix string, n int, super bool) {
		t.Helper()
		cs := chars[doc]
		var drawn []rune
		for _, c := range cs {
			drawn = append(drawn, c.Rune)
		}
		i := strings.Index(string(drawn), match)
		if i < 0 || !strings.HasPrefix(match, prefix) {
			t.Fatalf("%s: %q not drawn in %q", doc, match, string(drawn))
		}
		k := len([]rune(string(drawn)[:i])) + len([]rune(prefix))
		ref := cs[k-1]
		for _, c := range cs[k : k+n] {
			shift := ref.Baseline - c.Baseline // positive: raised
			if c.Size > 0.75*ref.Size || super && shift < 2 || !super && shift > -1 {
				t.Errorf("%s: %s%c is no %s: size %.1f of %.1f, shifted %.1f pt", doc, prefix, c.Rune,
					map[bool]string{true: "superscript", false: "subscript"}[super], c.Size, ref.Size, shift)
			}
		}
	}
	script("s241", "≤\u00a01.0\u00a0CH50/mg", "≤\u00a01.0\u00a0CH", 2, false) // no-break spaces are drawn
	script("s224", "≤104IU/mL", "≤10", 1, true)
}
