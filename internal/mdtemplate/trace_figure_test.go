package mdtemplate

import (
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/model"
)

// TestRenderTraceNamesAFigureCall: a figure function called with data is
// one source, named by the function, with the fenced spec it printed and
// the values of its arguments, so the trace can tell which datum each
// label of the figure came from; a formatting function's argument stays a
// source of its own.
func TestRenderTraceNamesAFigureCall(t *testing.T) {
	type data struct {
		Process *model.Process
		Name    string
	}
	src := "{{$p := .Process}}{{flowFigure $p false}}\n{{flowFigure .Process true}}\n{{lower .Name}}"
	tpl, err := Parse("t.md", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := data{Process: &model.Process{Steps: []*model.Step{{ID: "P1", Name: "Thaw 2 h"}}}, Name: "Step 3"}
	want, err := tpl.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	md, got, err := tpl.RenderTrace(d)
	if err != nil {
		t.Fatal(err)
	}
	if string(md) != string(want) {
		t.Fatalf("traced Markdown differs:\n%s\nrendered:\n%s", md, want)
	}
	if len(got) != 3 {
		t.Fatalf("printed %d values: %+v", len(got), got)
	}
	for i, bw := range []bool{false, true} {
		g := got[i]
		if g.Computed || len(g.Sources) != 1 || len(g.Funcs) != 1 || g.Funcs[0] != "flowFigure" || g.Members[0] != "" {
			t.Fatalf("figure %d: computed %v, funcs %q, members %q, sources %v", i, g.Computed, g.Funcs, g.Members, g.Sources)
		}
		if !strings.Contains(g.Text, "```figure") || !strings.Contains(g.Sources[0].String(), `"id": "P1"`) {
			t.Errorf("figure %d: text %q, value %v", i, g.Text, g.Sources[0])
		}
		if len(g.Args) != 1 || len(g.Args[0]) != 2 || g.Args[0][0].Interface() != any(d.Process) || g.Args[0][1].Bool() != bw {
			t.Errorf("figure %d: arguments %v, want the process and %v", i, g.Args, bw)
		}
	}
	if g := got[2]; g.Funcs != nil || g.Args != nil || len(g.Sources) != 1 || g.Sources[0].String() != "Step 3" {
		t.Errorf("a formatting function's argument: funcs %q, args %v, sources %v", g.Funcs, g.Args, g.Sources)
	}
}
