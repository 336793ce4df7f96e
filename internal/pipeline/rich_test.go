package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/pdftest"
)

// A field the schema marks rich keeps its italics and superscripts all the
// way to the PDF, and a rich value with structure in it prints literally.
// (That a field not marked rich prints its marks as written is tested in
// mdtemplate and by TestRichFieldsAreTheMarkedOnes in model.)
func TestRichDataFieldsInThePDF(t *testing.T) {
	_, dir := relCopyExample(t)
	vc := filepath.Join(dir, "data", "viral-clearance.json")
	src, err := os.ReadFile(vc)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(src), `"model_for": "HIV-1/2"`, `"model_for": "*Treponema pallidum* at 10^4^ CFU"`, 1)
	s = strings.Replace(s, `"model_for": "HCV"`, `"model_for": "# not a heading [a link](http://x.y) `+"`code`"+` - item"`, 1)
	if s == string(src) {
		t.Fatal("the example's model viruses changed; update the test")
	}
	if err := os.WriteFile(vc, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	l := loadProject(t, dir)
	var pdf []byte
	for _, d := range l.Project.Manifest.Documents {
		if d.ID == "a2" {
			if _, pdf, _, err = l.typesetDocument(d, time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if pdf == nil {
		t.Fatal("no document a2 in the example")
	}
	chars, err := pdftest.Chars(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, c := range chars {
		text.WriteRune(c.Rune)
	}
	flat := text.String()
	at := strings.Index(flat, "Treponemapallidumat104CFU")
	if at < 0 {
		t.Fatalf("no organism in the text: %s", flat)
	}
	runes := []rune(flat[:at])
	organism := chars[len(runes) : len(runes)+len("Treponemapallidum")]
	for _, c := range organism {
		if !c.Italic() {
			t.Errorf("%q of the organism is in %q, not an italic face", c.Rune, c.Font)
		}
	}
	at10 := len(runes) + len("Treponemapallidumat")
	zero, four := chars[at10+1], chars[at10+2]
	if four.Rune != '4' || !(four.Size < zero.Size && four.Baseline < zero.Baseline-1) {
		t.Errorf("10^4^ is not a superscript: 0 size %.1f baseline %.1f, 4 size %.1f baseline %.1f", zero.Size, zero.Baseline, four.Size, four.Baseline)
	}
	if chars[at10-1].Italic() {
		t.Errorf("the text after the italics is in %q", chars[at10-1].Font)
	}
	if !strings.Contains(flat, "#notaheading[alink](http://x.y)`code`-item") {
		t.Errorf("the rich value with structure did not print literally: %s", flat)
	}
	// The family names of the example are written rich: italic, no asterisks.
	if strings.Contains(flat, "*Retroviridae*") || !strings.Contains(flat, "Retroviridae") {
		t.Errorf("the example's family names print their marks: %s", flat)
	}
}
