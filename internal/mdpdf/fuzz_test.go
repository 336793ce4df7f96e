package mdpdf

import (
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/canvas"
)

// FuzzTypeset feeds arbitrary Markdown to the typesetter (on a Recorder,
// which is fast). It must never panic, every error about the source must be
// a positioned problem pointing inside it, and nothing may be drawn off the page.
func FuzzTypeset(f *testing.F) {
	for _, s := range []string{
		featureDocNoImages, "# a\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "> - [x] ~~a~~ `b` *c* **d**\n",
		"1. a\n   1. b\n      - c\n", "x[^1]\n\n[^1]: note\n", "\\newpage\n\n\\newpage\n", "Table: t\n\n| a |\n|--|\n",
		"<div>\n", "a <b>c</b>", "&#0; &#x10FFFF; &bogus;", "```\n\t\ttab\n```", strings.Repeat("w", 500),
	} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, src string, patent bool) {
		opts := Options{Meta: testMeta(), TOC: true}
		if patent {
			opts.Style = StylePatent
		}
		rec := canvas.NewRecorder(nil)
		_, err := typeset(rec, []byte(src), opts)
		if err != nil {
			se, seOK := firstProblem(err)
			if !seOK {
				t.Fatalf("non-source error %v", err)
			}
			if se.Line < 1 || se.Line > strings.Count(src, "\n")+1 || se.Col < 1 {
				t.Fatalf("error position %d:%d outside the source: %v", se.Line, se.Col, se)
			}
			return
		}
		var w, h float64
		for _, op := range rec.Ops {
			if op.Kind == canvas.OpPage {
				w, h = op.W, op.H
			}
			if op.Kind == canvas.OpText && op.Degrees == 0 && (op.X < 0 || op.X+op.W > w+0.01 || op.Y < 0 || op.Y > h) {
				t.Fatalf("text %q off the page at %.1f,%.1f", op.Text, op.X, op.Y)
			}
		}
	})
}
