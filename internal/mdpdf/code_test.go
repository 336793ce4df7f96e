package mdpdf

import (
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/pdftest"
)

func TestLongCodeLinesBreakBetweenWordsWithAMark(t *testing.T) {
	line := "result = compute_recovery(pool_volume, igg_concentration, step_yields, options={\"round\": 1, \"unit\": \"g/L\"}) + adjustment_for_hold_time(hours=12) # keep the comment whole"
	src := "```\n" + line + "\nshort\n```\n"
	pdf := render(t, []byte(src), Options{Meta: testMeta()})
	txt, err := pdftest.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	// Every word of the line comes back whole, and nothing but the line:
	// the continuation mark is not text.
	flat := strings.Join(strings.Fields(txt), " ")
	for _, w := range strings.Fields(line) {
		if !strings.Contains(flat, w) {
			t.Errorf("%q was cut: %s", w, flat)
		}
	}
	for _, mark := range []string{"↵", "↪", "\\\n"} {
		if strings.Contains(txt, mark) {
			t.Errorf("the continuation mark %q is in the text", mark)
		}
	}

	rec, _ := layoutOf(t, src, Options{Meta: testMeta()})
	var texts []canvas.Op
	for _, op := range rec.Ops {
		if op.Kind == canvas.OpText && op.Font.Family == canvas.Mono {
			texts = append(texts, op)
		}
	}
	if len(texts) < 3 {
		t.Fatalf("the long line was not wrapped: %d code lines", len(texts))
	}
	// Each broken line ends after a space or punctuation and carries the
	// mark at its right; the continuation is indented.
	for i, op := range texts[:len(texts)-2] {
		if last := op.Text[len(op.Text)-1]; !strings.ContainsRune(codeBreakAfter, rune(last)) {
			t.Errorf("line %d ends inside a word: %q", i+1, op.Text)
		}
		marks := 0
		for _, l := range rec.Ops {
			if l.Kind == canvas.OpLine && l.Page == op.Page && l.Y >= op.Y-op.Size && l.Y <= op.Y+1 && l.X > op.X+op.W {
				marks++
			}
		}
		if marks == 0 {
			t.Errorf("line %d has no continuation mark", i+1)
		}
		if i > 0 && op.X <= texts[0].X {
			t.Errorf("continuation line %d is not indented", i+1)
		}
	}
}
