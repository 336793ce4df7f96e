package templates_test

import (
	"bytes"
	"encoding/json"
	"html"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/templates"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// hostile are data values that would become Markdown structure if a
// template printed them unescaped.
var hostile = []string{
	"Caprylate | *fast* [x](y) <b> \\ #1",
	"**bold** _em_ ~~gone~~ `code` <script>x</script>",
	"&amp; &#60; ![img](x.png) <http://a.b> {{.}}",
	"1. not a list",
	"- not a bullet",
	"# not a heading",
	"Table: not a caption {#tbl:x}",
	"line one\nline two\n\n---",
}

// freeText are the members whose values are free text a writer types; the
// schemas constrain the others (ids, enums, dates, units).
var freeText = map[string]bool{
	"name": true, "purpose": true, "description": true, "equipment": true, "test": false,
	"sample_point": true, "action": true, "justification": true, "method": true, "title": true,
	"basis": true, "family": true, "model_for": true, "note": true, "site": true,
	"intermediate": true, "container": true, "study": true, "preamble": true, "stabiliser": true,
	"containers": true, "dosage_form": true, "batch_definition": true, "testing": true,
	"category": true, "application": true, "report": true,
}

// richMembers are the free-text members the schemas mark "x-regdoc-rich",
// by the member holding their object: their emphasis, superscript and
// subscript marks print as marks (model.TestRichFieldsAreTheMarkedOnes
// keeps the schemas and the model's Rich fields the same).
var richMembers = map[string]bool{
	"steps.purpose": true, "steps.description": true, "starting_material.testing": true,
	"viruses.family": true, "viruses.model_for": true, "studies.note": true,
}

// poison replaces every free-text string in a decoded JSON tree, the rich
// ones only when rich is set. parent is the member holding v.
func poison(v any, h string, parent string, rich bool) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if richMembers[parent+"."+k] && !rich {
				continue
			}
			if s, ok := e.(string); ok && (freeText[k] || (k == "test" && strings.Contains(s, " "))) {
				x[k] = h
				continue
			}
			if list, ok := e.([]any); ok && k == "materials" && len(list) > 0 {
				x[k] = []any{h}
				continue
			}
			x[k] = poison(e, h, k, rich)
		}
	case []any:
		for i := range x {
			x[i] = poison(x[i], h, parent, rich)
		}
	}
	return v
}

func poisonedProject(t *testing.T, h string, rich bool) exampleData {
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
		dec := json.NewDecoder(bytes.NewReader(src))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(poison(v, h, "", rich))
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Decode(kind, out); err != nil {
			t.Fatal(err)
		}
	}
	d := exampleData{Project: p, SupportChart: chartFor(p), DrawingViews: exampleViews}
	d.Document.Title = h
	return d
}

// structure counts the Markdown structure a reader would see: headings,
// tables, list items, emphasis, links, code and raw HTML.
func structure(t *testing.T, md []byte) (map[string]int, string) {
	t.Helper()
	g := goldmark.New(goldmark.WithExtensions(extension.GFM))
	doc := g.Parser().Parse(text.NewReader(md))
	counts := map[string]int{}
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n.Kind() {
			case ast.KindHeading, ast.KindList, ast.KindListItem, ast.KindEmphasis, ast.KindLink, ast.KindImage,
				ast.KindCodeSpan, ast.KindRawHTML, ast.KindHTMLBlock, ast.KindAutoLink, ast.KindThematicBreak, ast.KindCodeBlock, ast.KindFencedCodeBlock:
				counts[n.Kind().String()]++
			default:
				if strings.HasPrefix(n.Kind().String(), "Table") || n.Kind().String() == "Strikethrough" {
					counts[n.Kind().String()]++
				}
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := g.Convert(md, &buf); err != nil {
		t.Fatal(err)
	}
	plain := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(buf.String(), " ")
	return counts, strings.Join(strings.Fields(html.UnescapeString(plain)), " ")
}

// Every template prints hostile data literally: the Markdown has exactly
// the structure it has with clean data, and the text contains the value.
func TestHostileDataInEveryTemplate(t *testing.T) {
	names, err := fs.Glob(templates.FS, "*/*.md")
	if err != nil {
		t.Fatal(err)
	}
	clean := loadExample(t)
	for _, name := range names {
		tm, err := mdtemplate.ParseFS(templates.FS, name, nil)
		if err != nil {
			t.Fatal(err)
		}
		md, err := tm.Render(clean)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, _ := structure(t, md)
		for _, h := range hostile {
			// First the fields that print literally, then the rich ones
			// too: their emphasis may print as emphasis, nothing else.
			for _, rich := range []bool{false, true} {
				md, err := tm.Render(poisonedProject(t, h, rich))
				if err != nil {
					t.Errorf("%s with %q (rich %v): %v", name, h, rich, err)
					continue
				}
				got, plain := structure(t, md)
				for k, n := range want {
					if got[k] != n && !(rich && k == "Emphasis") {
						t.Errorf("%s with %q (rich %v): %d %s nodes, want %d as with clean data", name, h, rich, got[k], k, n)
					}
				}
				for k, n := range got {
					if _, ok := want[k]; !ok && !(rich && k == "Emphasis") {
						t.Errorf("%s with %q (rich %v): %d unexpected %s nodes", name, h, rich, n, k)
					}
				}
				if lit := strings.Join(strings.Fields(h), " "); !rich && !strings.Contains(plain, lit) && !inFigures(t, md, h) {
					t.Errorf("%s: %q does not appear literally", name, h)
				}
			}
		}
	}
}

// inFigures reports whether h is a label, material or control of a figure
// spec in one of md's ```figure blocks, exactly as written: figure specs
// are JSON inside a code block, where the value must survive unescaped.
func inFigures(t *testing.T, md []byte, h string) bool {
	t.Helper()
	doc := goldmark.New().Parser().Parse(text.NewReader(md))
	found := false
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		fb, ok := n.(*ast.FencedCodeBlock)
		if !ok || string(fb.Language(md)) != figure.FenceInfo {
			continue
		}
		var src bytes.Buffer
		for i := 0; i < fb.Lines().Len(); i++ {
			seg := fb.Lines().At(i)
			src.Write(seg.Value(md))
		}
		s, err := figure.Parse(src.Bytes())
		if err != nil {
			t.Errorf("figure spec does not parse: %v", err)
			continue
		}
		flat := func(x string) string { return strings.Join(strings.Fields(x), " ") }
		want := flat(h)
		for _, st := range s.Steps {
			found = found || flat(st.Label) == want || slices.ContainsFunc(st.Materials, func(m string) bool { return flat(m) == want }) ||
				slices.ContainsFunc(st.Controls, func(c string) bool { return flat(c) == want })
		}
	}
	return found
}
