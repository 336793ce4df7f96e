package mdpdf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

func TestTypographicQuotesAndDashes(t *testing.T) {
	src := "The \"yield\" of the *\"new\"* process isn't 'low' -- 75 % --- and rises... A \\\"straight\\\" quote, `code \"as typed\" -- here`.\n\n```\nprint(\"x\") -- 'y'\n```\n"
	text := func(opts Options) string {
		var buf bytes.Buffer
		if _, err := Render(&buf, []byte(src), opts); err != nil {
			t.Fatal(err)
		}
		txt, err := pdftest.Text(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(txt), " ")
	}
	want := "The “yield” of the “new” process isn’t ‘low’ – 75 % — and rises… A \"straight\" quote, code \"as typed\" -- here. print(\"x\") -- 'y'"
	for _, style := range []Style{StyleCTD, StylePatent} {
		if got := text(Options{Style: style}); !strings.Contains(got, want) {
			t.Errorf("%s: got\n%s\nwant it to contain\n%s", style, got, want)
		}
	}
	straight := "The \"yield\" of the \"new\" process isn't 'low' -- 75 % --- and rises..."
	if got := text(Options{StraightQuotes: true}); !strings.Contains(got, straight) {
		t.Errorf("StraightQuotes: got\n%s", got)
	}
}
