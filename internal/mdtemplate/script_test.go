package mdtemplate

import (
	"bytes"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/mdext"
)

// A data value holding carets and tildes prints them: in regdoc's dialect
// ^x^ and ~x~ would otherwise become superscript and subscript.
func TestScriptMarksInDataPrintLiterally(t *testing.T) {
	tm, err := Parse("t.md", "Value {{.}} here.\n\n| A |\n|---|\n| {{.}} |\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	const v = "10^4^ IU, log~10~ and H~2~O"
	md, err := tm.Render(v)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := mdext.New().Convert([]byte(md), &buf); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	if strings.Contains(html, "<sup>") || strings.Contains(html, "<sub>") {
		t.Fatalf("data became a script:\n%s", html)
	}
	if c := strings.Count(html, v); c != 2 {
		t.Errorf("value printed %d times literally, want 2:\n%s", c, html)
	}
}
