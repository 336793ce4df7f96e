package mdtemplate

import (
	"strings"
	"testing"
	"text/template"
)

type fieldsProduct struct {
	Name        string
	Description string
	hidden      string
}

func (fieldsProduct) Label() string { return "" }

type ViralClearance struct{ Studies []string }

// A misspelt field names the thing as the template author knows it,
// suggests the field meant and lists the fields there are, whether the
// value came from the data or from a function.
func TestMissingFieldSuggestsTheFieldMeant(t *testing.T) {
	type process struct {
		Product fieldsProduct
		Steps   []*fieldsProduct
	}
	data := struct{ Process *process }{&process{Product: fieldsProduct{Name: "x"}, Steps: []*fieldsProduct{{Name: "s"}}}}
	funcs := template.FuncMap{"clearance": func() (*ViralClearance, error) { return &ViralClearance{}, nil }}
	cases := []struct {
		src   string
		words []string
	}{
		{"{{.Process.Product.Nmae}}", []string{
			"the fields product (.Process.Product) has no field 'Nmae'; did you mean 'Name'? (fields: Name, Description)"}},
		{"{{range .Process.Steps}}{{.Descripton}}{{end}}", []string{
			"(.Process.Steps[]) has no field 'Descripton'; did you mean 'Description'?"}},
		// A method is a name a template may write, so it is suggested too.
		{"{{.Process.Product.Lable}}", []string{"did you mean 'Label'?"}},
		// The type is reached through a function's result.
		{"{{with clearance}}{{.Studys}}{{end}}", []string{
			"the viral clearance (clearance) has no field 'Studys'; did you mean 'Studies'? (fields: Studies)"}},
		// Not a record: said so, with what to do for a list.
		{"{{.Process.Steps.Name}}", []string{"the value (.Process.Steps) is a list, which has no field 'Name'; take its items with {{range}} or one with {{index}}"}},
		{"{{.Process.Product.Name.First}}", []string{"the value (.Process.Product.Name) is a string, which has no fields; it has no field 'First'"}},
		// Nothing close: the fields are listed, no guess is made.
		{"{{.Process.Product.Colour}}", []string{"has no field 'Colour' (fields: Name, Description)"}},
	}
	// The data a document template runs on embeds the project.
	type project struct{ Process *process }
	type templateData struct {
		*project
		Document string
	}
	doc := templateData{project: &project{Process: data.Process}}
	tm, err := Parse("cmc/p.md", "text\n  {{.Proces.Product.Name}}\n", funcs)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tm.Render(doc)
	wantProblem(t, err, CodeExec, 2, 0, "the template data has no field 'Proces'; did you mean 'Process'? (fields: Process, Document)")

	for _, c := range cases {
		tm, err := Parse("cmc/p.md", "text\n  "+c.src+"\n", funcs)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		_, err = tm.Render(data)
		wantProblem(t, err, CodeExec, 2, 0, c.words...)
		d := problem(t, err)
		for _, raw := range []string{"can't evaluate", "mdtemplate.", "hidden"} {
			if strings.Contains(d.Message, raw) {
				t.Errorf("%s: message shows %q: %s", c.src, raw, d.Message)
			}
		}
		if !strings.Contains(c.words[0], "did you mean") && strings.Contains(d.Message, "did you mean") {
			t.Errorf("%s: a guess where none is close: %s", c.src, d.Message)
		}
	}
}

func TestTypeWords(t *testing.T) {
	for in, want := range map[string]string{
		"model.Product":          "product",
		"*model.ViralClearance":  "viral clearance",
		"model.LRVRow":           "LRV row",
		"model.Step":             "step",
		"main.x":                 "x",
		"model.Pair[int,string]": "pair",
	} {
		if got := typeWords(strings.TrimLeft(in, "*")); got != want {
			t.Errorf("typeWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// A misspelt function is found on its line and the one meant suggested.
func TestUnknownFunctionSuggestsTheFunctionMeant(t *testing.T) {
	_, err := Parse("cmc/p.md", "text\nfrom {{lcfrist .Name}} on\n", nil)
	wantProblem(t, err, CodeSyntax, 2, 8, `function "lcfrist" not defined; did you mean 'lcfirst'?`)
	_, err = Parse("cmc/p.md", "text\n\n{{zzqx 1}}\n", nil)
	wantProblem(t, err, CodeSyntax, 3, 3, `function "zzqx" not defined; the functions a template can call are listed in docs/templates.md`)
}
