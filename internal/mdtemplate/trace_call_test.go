package mdtemplate

import (
	"testing"
)

type traceBatch struct {
	Results []string
}

// Matching counts the results equal to want.
func (b *traceBatch) Matching(want string) int {
	n := 0
	for _, r := range b.Results {
		if r == want {
			n++
		}
	}
	return n
}

// TestRenderTraceNamesAConstantCall: a method called with arguments,
// constant or from the data, is a source, named by the method, with the
// value it returned, its receiver and the arguments' values.
func TestRenderTraceNamesAConstantCall(t *testing.T) {
	src := "{{$b := .}}{{printf \"%d passed\" ($b.Matching \"pass\")}}; {{.Matching \"fail\"}}; {{.Matching (index .Results 0)}}"
	tpl, err := Parse("t.md", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	data := &traceBatch{Results: []string{"pass", "fail", "pass"}}
	want, err := tpl.Render(data)
	if err != nil {
		t.Fatal(err)
	}
	md, got, err := tpl.RenderTrace(data)
	if err != nil {
		t.Fatal(err)
	}
	if string(md) != string(want) || string(md) != "2 passed; 1; 2" {
		t.Errorf("traced Markdown %q, rendered %q", md, want)
	}
	if len(got) != 3 {
		t.Fatalf("printed %d values: %+v", len(got), got)
	}
	for i, w := range []struct {
		arg   string
		value int64
	}{{"pass", 2}, {"fail", 1}, {"pass", 2}} {
		g := got[i]
		if g.Computed || len(g.Sources) != 1 || g.Members[0] != "Matching" || g.Sources[0].Int() != w.value {
			t.Errorf("value %d: computed %v, members %q, sources %v", i, g.Computed, g.Members, g.Sources)
			continue
		}
		if g.Receivers[0].Interface() != any(data) {
			t.Errorf("value %d: receiver %v, want the data", i, g.Receivers[0])
		}
		if len(g.Args) != 1 || len(g.Args[0]) != 1 || g.Args[0][0].String() != w.arg {
			t.Errorf("value %d: arguments %v, want %q", i, g.Args, w.arg)
		}
	}
}
