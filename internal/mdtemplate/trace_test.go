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
	if !got[2].Computed || got[2].Sources != nil {
		t.Errorf("a method call with arguments is computed: %+v", got[2])
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
