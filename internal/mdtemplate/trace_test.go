package mdtemplate

import (
	"reflect"
	"strings"
	"testing"
)

type traceStep struct {
	ID    string
	Yield float64
	Names []string
}

func (s traceStep) Double(f float64) float64 { return 2 * f }

// TestRenderTraceNamesTheData: each printed value comes back with the
// data nodes it was printed from, addressable where they live in the
// data, and the Markdown is exactly Render's.
func TestRenderTraceNamesTheData(t *testing.T) {
	src := "{{range .Steps}}| {{.ID}} | {{printf \"%.1f\" .Yield}} | {{.Double .Yield}} |\n{{end}}{{range $s := .Steps}}{{range $s.Names}}- {{.}}\n{{end}}{{end}}"
	tpl, err := Parse("t.md", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	data := &struct{ Steps []traceStep }{Steps: []traceStep{{ID: "P1", Yield: 97.25, Names: []string{"a*b"}}, {ID: "P2", Yield: 88}}}
	want, err := tpl.Render(data)
	if err != nil {
		t.Fatal(err)
	}
	md, got, err := tpl.RenderTrace(data)
	if err != nil {
		t.Fatal(err)
	}
	if string(md) != string(want) {
		t.Errorf("traced Markdown differs:\n%s\nwant\n%s", md, want)
	}
	var texts []string
	for _, g := range got {
		texts = append(texts, g.Text)
	}
	if strings.Join(texts, " ") != "P1 97.2 194.5 P2 88.0 176 a*b" {
		t.Errorf("printed %q", texts)
	}
	// {{.ID}} of the first step is the field of data.Steps[0] itself.
	if len(got[0].Sources) != 1 || !got[0].Sources[0].CanAddr() || got[0].Sources[0].Addr().Interface() != &data.Steps[0].ID {
		t.Errorf("source of P1: %v", got[0].Sources)
	}
	if len(got[1].Sources) != 1 || got[1].Sources[0].Addr().Interface() != &data.Steps[0].Yield {
		t.Errorf("source of 97.2: %v", got[1].Sources)
	}
	// {{.Double .Yield}} is the call: Double of the step, given its yield.
	if got[2].Computed || len(got[2].Sources) != 1 || got[2].Sources[0].Float() != 194.5 ||
		got[2].Members[0] != "Double" || got[2].Receivers[0].Addr().Interface() != &data.Steps[0] ||
		len(got[2].Args) != 1 || len(got[2].Args[0]) != 1 || got[2].Args[0][0].Addr().Interface() != &data.Steps[0].Yield {
		t.Errorf("a method call with arguments names its receiver, method and argument: %+v", got[2])
	}
	if got[1].Args != nil {
		t.Errorf("a field read has no arguments: %+v", got[1].Args)
	}
	last := got[len(got)-1]
	if len(last.Sources) != 1 || last.Sources[0].Kind() != reflect.String || last.Sources[0].Addr().Interface() != &data.Steps[0].Names[0] {
		t.Errorf("source of a*b: %+v", last)
	}
	// Each source comes with what it was read from, by which name.
	if len(got[1].Members) != 1 || got[1].Members[0] != "Yield" || got[1].Receivers[0].Addr().Interface() != &data.Steps[0] {
		t.Errorf("receiver of 97.2: %v %v", got[1].Members, got[1].Receivers)
	}
	if last.Members[0] != "" {
		t.Errorf("a dot has no member: %q", last.Members)
	}
	if got[0].Pos.Line != 1 {
		t.Errorf("position %+v", got[0].Pos)
	}
}

// TestRenderTraceMethodCalls: a method called with arguments, on a
// field, a variable or dot, alone or inside a function's arguments, is a
// source of its own with its arguments' values; a call that cannot be
// evaluated again on its own leaves the action computed, with no sources.
func TestRenderTraceMethodCalls(t *testing.T) {
	data := &struct {
		Step  traceStep
		Steps []traceStep
	}{Step: traceStep{ID: "P1", Yield: 10}, Steps: []traceStep{{ID: "P2", Yield: 3}}}
	cases := []struct {
		name, src, text string
		members         []string
		recv            any     // the first source's receiver's address
		args            [][]any // the arguments' values, per source
		addr            []any   // the first call's arguments' addresses (nil: not addressable)
	}{
		{name: "field receiver", src: "{{.Step.Double .Step.Yield}}", text: "20", members: []string{"Double"}, recv: &data.Step,
			args: [][]any{{10.0}}, addr: []any{&data.Step.Yield}},
		{name: "variable receiver, constant argument", src: "{{$s := .Step}}{{$s.Double 2.5}}", text: "5", members: []string{"Double"},
			args: [][]any{{2.5}}, addr: []any{nil}},
		{name: "inside a function's arguments", src: "{{printf \"%s %.1f\" .Step.ID (.Step.Double .Step.Yield)}}", text: "P1 20.0",
			members: []string{"ID", "Double"}, recv: &data.Step, args: [][]any{nil, {10.0}}},
		{name: "dot receiver", src: "{{range .Steps}}{{.Double .Yield}}{{end}}", text: "6", members: []string{"Double"}, recv: &data.Steps[0],
			args: [][]any{{3.0}}, addr: []any{&data.Steps[0].Yield}},
		{name: "piped on", src: "{{.Step.Double 1.25 | printf \"%.2f\"}}", text: "2.50", members: []string{"Double"}, recv: &data.Step,
			args: [][]any{{1.25}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tpl, err := Parse("t.md", c.src, nil)
			if err != nil {
				t.Fatal(err)
			}
			want, err := tpl.Render(data)
			if err != nil {
				t.Fatal(err)
			}
			md, got, err := tpl.RenderTrace(data)
			if err != nil {
				t.Fatal(err)
			}
			if string(md) != string(want) {
				t.Errorf("traced Markdown %q, want %q", md, want)
			}
			if len(got) != 1 {
				t.Fatalf("printed %+v", got)
			}
			g := got[0]
			if g.Text != c.text || g.Computed || !reflect.DeepEqual(g.Members, c.members) || len(g.Args) != len(c.args) {
				t.Fatalf("traced %+v", g)
			}
			if c.recv != nil && (!g.Receivers[0].CanAddr() || g.Receivers[0].Addr().Interface() != c.recv) {
				t.Errorf("receiver %v", g.Receivers[0])
			}
			for i, want := range c.args {
				var vals []any
				for _, a := range g.Args[i] {
					vals = append(vals, a.Interface())
				}
				if !reflect.DeepEqual(vals, want) {
					t.Errorf("arguments of source %d: %v, want %v", i, vals, want)
				}
			}
			for i, a := range c.addr {
				v := g.Args[0][i]
				if (a == nil) != !v.CanAddr() || (a != nil && v.Addr().Interface() != a) {
					t.Errorf("argument %d: addressable %v, want the datum %v", i, v.CanAddr(), a)
				}
			}
			// The call's value is the one the method returns.
			last := g.Sources[len(g.Sources)-1]
			if want := g.Receivers[len(g.Sources)-1].Interface().(traceStep).Double(g.Args[len(g.Sources)-1][0].Convert(reflect.TypeFor[float64]()).Float()); last.Float() != want {
				t.Errorf("call's value %v, want %v", last, want)
			}
		})
	}
	for _, src := range []string{
		"{{(index .Steps 0).Double 1.5}}",      // a method of a parenthesised value
		"{{.Step.Double ($y := .Step.Yield)}}", // an argument that declares a variable
	} {
		tpl, err := Parse("t.md", src, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, got, err := tpl.RenderTrace(data)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !got[0].Computed || got[0].Sources != nil || got[0].Args != nil {
			t.Errorf("%s: traced %+v, want computed", src, got)
		}
	}
}

// TestRenderTraceSkipsWhatIsNotPrinted: a value that only names a table
// (its id in "{#…}") or a link's destination or title is not printed on
// a page, so it is not reported as printed; the same value in the
// caption's text is.
func TestRenderTraceSkipsWhatIsNotPrinted(t *testing.T) {
	src := "Table: Change {{.ID}} {#tbl:cmp-{{.ID}}}\n\n| a |\n|---|\n| b |\n\nSee [the change](https://example.org/{{.ID}} \"change {{.ID}}\").\n"
	tpl, err := Parse("t.md", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	md, got, err := tpl.RenderTrace(&traceStep{ID: "PC-01"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "{#tbl:cmp-PC-01}") || !strings.Contains(string(md), "/PC-01") {
		t.Fatalf("rendered %q", md)
	}
	if len(got) != 1 || got[0].Text != "PC-01" || got[0].Pos.Col != 17 {
		t.Errorf("printed values %+v, want only the caption's PC-01", got)
	}
}
