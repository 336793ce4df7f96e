package templates_test

import (
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/claimsupport"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/templates"
)

// exampleData is what a template sees for the IVIG example. It mirrors the
// shape build gives templates (the project promoted, plus .Document).
type exampleData struct {
	*model.Project
	Document     struct{ Title string }
	SupportChart *claimsupport.Chart
	DrawingViews []drawingView
}

// drawingView mirrors what the build gives the exhibit for each figure.
type drawingView struct {
	Name   string
	Plural bool
}

// exampleViews are the example's figures as its sheets label them.
var exampleViews = []drawingView{{"FIGS. 1A–1B", true}, {"FIG. 2", false}}

// chartFor judges p's claims against a text made of its own step
// descriptions, so the chart has rows of both verdicts holding the data's
// words.
func chartFor(p *model.Project) *claimsupport.Chart {
	var paras []claimsupport.Paragraph
	if p.Process != nil {
		for i, s := range p.Process.Steps {
			paras = append(paras, claimsupport.Paragraph{Number: i + 1, Text: s.Name + ". " + s.Description.RichText(), Section: "DETAILED DESCRIPTION"})
		}
	}
	return claimsupport.Analyze(p.Claims, paras, claimsupport.Options{})
}

func loadExample(t *testing.T) exampleData {
	t.Helper()
	p := &model.Project{Name: "RGX-IVIG", Illustrative: true}
	for kind, file := range map[string]string{
		model.KindProcess: "process.json", model.KindComparator: "comparator.json", model.KindSpecification: "specification.json",
		model.KindBatches: "batches.json", model.KindViralClearance: "viral-clearance.json", model.KindClaims: "claims.json",
		model.KindStability: "stability.json",
	} {
		src, err := os.ReadFile("../examples/ivig-liquid/data/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Decode(kind, src); err != nil {
			t.Fatal(err)
		}
	}
	d := exampleData{Project: p, SupportChart: chartFor(p), DrawingViews: exampleViews}
	d.Document.Title = "Example"
	return d
}

// Every built-in template parses, executes against the example and says
// the data are illustrative.
func TestBuiltinsExecute(t *testing.T) {
	data := loadExample(t)
	names, err := fs.Glob(templates.FS, "*/*.md")
	if err != nil || len(names) < 7 {
		t.Fatalf("templates: %v %v", names, err)
	}
	for _, name := range names {
		tm, err := mdtemplate.ParseFS(templates.FS, name, nil)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		md, err := tm.Render(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		// Drawing sheets carry no text of their own; the sheet renderer
		// prints the notice on each sheet (build and figure test it).
		if !strings.Contains(string(md), "Illustrative data") && !strings.HasPrefix(name, "patent/drawings") {
			t.Errorf("%s does not say the data are illustrative", name)
		}
		if strings.Contains(string(md), "<no value>") {
			t.Errorf("%s printed <no value>", name)
		}
	}
}
