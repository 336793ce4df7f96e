package mdtemplate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// The escaper attacks of the reliability review, each as it was made: a
// template that built with exit 0 and let data become structure. Each must
// now print the value literally in the structure the template wrote, or
// refuse the template with its file:line:col.

type reproData struct {
	Illustrative bool
	Name, A, B   string
	Materials    []string
	Rows         []attackRow
}

// kinds lists the block node kinds of md, in document order.
func kinds(md []byte) []string {
	doc := dialect.Parser().Parse(text.NewReader(md))
	var out []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Type() == ast.TypeBlock && n.Kind() != ast.KindDocument {
			out = append(out, n.Kind().String())
		}
		return ast.WalkContinue, nil
	})
	return out
}

func TestReviewReproductionsPrintLiterally(t *testing.T) {
	cases := []struct {
		name, tpl string
		data      reproData
		blocks    string // the block kinds the template means
		text      string // what a reader sees
	}{
		{"optional prefix, then a name like a bullet",
			"{{if not .Illustrative}}Note: {{end}}{{.Name}}\n", reproData{Illustrative: true, Name: "- x"},
			"Paragraph", "- x"},
		{"a paragraph line, then that line with a name like a setext underline",
			"Product line one\n{{if not .Illustrative}}Note: {{end}}{{.Name}}\n", reproData{Illustrative: true, Name: "---"},
			"Paragraph", "Product line one ---"},
		{"a range of lines with a material like a setext underline",
			"Materials: {{range .Materials}}{{.}}\n{{end}}", reproData{Materials: []string{"Ethanol", "==="}},
			"Paragraph", "Materials: Ethanol ==="},
		{"a value right after a table builder",
			"{{table .Rows \"A=Name\"}}{{.Name}}\n", reproData{Rows: []attackRow{{"r"}}, Name: "- x"},
			"Table,TableHeader,TableCell,TableRow,TableCell,TableRow,TableCell", "A r - x"},
		{"two values side by side, the first blank",
			"{{.A}}{{.B}}\n", reproData{A: " ", B: "1. x"},
			"Paragraph", "1. x"},
	}
	for _, c := range cases {
		tm, err := Parse("repro.md", c.tpl, nil)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		md, err := tm.Render(c.data)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := strings.Join(kinds(md), ","); got != c.blocks {
			t.Errorf("%s: blocks %s, want %s\n%s", c.name, got, c.blocks, md)
		}
		doc := dialect.Parser().Parse(text.NewReader(md))
		if got := astText(doc, md); got != c.text {
			t.Errorf("%s: text %q, want %q\n%s", c.name, got, c.text, md)
		}
	}
}

func TestReviewReproductionsAreRefused(t *testing.T) {
	cases := []struct {
		name, tpl string
		code      string
		line, col int
	}{
		{"a backtick in the else branch would put the value in a code span",
			"Intro\n{{if .Illustrative}}x{{else}}`{{end}}{{.B}}\n", CodeBranch, 2, 1},
		{"a template called inside a figure block",
			"```figure\n{\"kind\": \"process-flow\", \"steps\": [{\"id\": \"P1\", \"label\": \"{{template \"l\" .Name}}\"}]}\n```\n{{define \"l\"}}{{.}}{{end}}", CodeEscape, 4, 17},
		{"a fence opened in an else branch",
			"{{if .Illustrative}}x{{else}}\n```\n{{end}}{{template \"l\" .Name}}\n{{define \"l\"}}{{.}}{{end}}", CodeBranch, 1, 1},
		{"a template called inside a code span",
			"Text `{{template \"l\" .Name}}` more\n{{define \"l\"}}{{.}}{{end}}", CodeEscape, 2, 17},
		{"a template called inside a fenced block",
			"```\n{{template \"l\" .Name}}\n```\n{{define \"l\"}}{{.}}{{end}}", CodeEscape, 4, 17},
	}
	for _, c := range cases {
		_, err := Parse("repro.md", c.tpl, nil)
		ds, ok := diag.FromError(err)
		if !ok || len(ds) == 0 {
			t.Errorf("%s: not refused (%v)", c.name, err)
			continue
		}
		d := ds[0]
		if d.Code != c.code || d.File != "repro.md" || d.Line != c.line || d.Col != c.col {
			t.Errorf("%s: got %s, want %s at repro.md:%d:%d", c.name, d, c.code, c.line, c.col)
		}
		if strings.Contains(c.tpl, "{{template") && c.code == CodeEscape && !strings.Contains(d.Message, `where {{template "l"}} at line`) {
			t.Errorf("%s: the refusal does not name the call: %s", c.name, d)
		}
	}
}

// TestCalledTemplateIsEscapedPerContext calls one define from a table
// cell, a heading and running text: each copy escapes for its own place,
// and the define itself is refused where its caller puts it in a code span.
func TestCalledTemplateIsEscapedPerContext(t *testing.T) {
	tpl := "# {{template \"v\" .Name}}\n\n| A |\n|---|\n| {{template \"v\" .Name}} |\n\n{{template \"v\" .Name}}\n{{define \"v\"}}{{.}}{{end}}"
	tm, err := Parse("calls.md", tpl, nil)
	if err != nil {
		t.Fatal(err)
	}
	md, err := tm.Render(reproData{Name: "- a | b {#id}"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(kinds(md), ","), "Heading,Table,TableHeader,TableCell,TableRow,TableCell,Paragraph"; got != want {
		t.Errorf("blocks %s, want %s\n%s", got, want, md)
	}
	doc := dialect.Parser().Parse(text.NewReader(md))
	if got, want := astText(doc, md), "- a | b {#id} A - a | b {#id} - a | b {#id}"; got != want {
		t.Errorf("text %q, want %q\n%s", got, want, md)
	}
}

// TestValueInsideBracesIsAnID puts a value inside the "{#…}" that ends a
// heading or a caption, where it names the heading or table: there
// escapes do not work, so a value that is not an id is refused with its
// position and data path, and an id-like one becomes the id exactly, with
// the structure of a plain value.
func TestValueInsideBracesIsAnID(t *testing.T) {
	contexts := []struct{ name, tpl, prefix string }{
		{"heading", "# Heading {#h@}\n", "h"},
		{"caption", "Table: Cap {#tbl:@}\n\n| A |\n|---|\n| b |\n", "tbl:"},
	}
	constructs := []string{"{{.V}}", "{{if .Flag}}{{.V}}{{end}}", "{{with .V}}{{.}}{{end}}", `{{template "v" .V}}{{define "v"}}{{.}}{{end}}`,
		`{{block "b" .V}}{{.}}{{end}}`, "{{$v := .V}}{{$v}}", "{{.V | lower}}", `{{printf "%s" .V}}`}
	ids := func(md []byte) []string {
		doc := dialect.Parser().Parse(text.NewReader(md))
		var out []string
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch x := n.(type) {
			case *ast.Heading:
				if id, ok := x.AttributeString("id"); ok {
					out = append(out, fmt.Sprintf("%s", id))
				}
			case *mdext.CaptionNode:
				out = append(out, x.ID)
			}
			return ast.WalkContinue, nil
		})
		return out
	}
	for _, c := range contexts {
		for _, con := range constructs {
			src := strings.Replace(c.tpl, "@", con, 1)
			tm, err := Parse("ids.md", src, nil)
			if err != nil {
				t.Errorf("%s × %s: %v", c.name, con, err)
				continue
			}
			plain, err := tm.Render(dataFor("plain"))
			if err != nil {
				t.Fatalf("%s × %s: %v", c.name, con, err)
			}
			for _, v := range append([]string{"tbl-2.a:b", "7"}, hostileValues...) {
				md, err := tm.Render(dataFor(v))
				idLike := v != "" && strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:.-") == ""
				if !idLike {
					ds, ok := diag.FromError(err)
					if !ok || len(ds) == 0 || ds[0].Code != CodeValue || ds[0].Line != 1 || ds[0].Col < 1 || !strings.Contains(ds[0].Message, "the value of .V") {
						t.Errorf("%s × %s × %q: want the value refused at its position; got %v\n%s", c.name, con, v, err, md)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s × %s × %q: %v", c.name, con, v, err)
					continue
				}
				want := c.prefix + v
				if con == "{{.V | lower}}" {
					want = c.prefix + strings.ToLower(v)
				}
				if got := ids(md); len(got) != 1 || got[0] != want || strings.Join(kinds(md), ",") != strings.Join(kinds(plain), ",") {
					t.Errorf("%s × %s × %q: ids %q (want %q), blocks %v (plain %v)\n%s", c.name, con, v, got, want, kinds(md), kinds(plain), md)
				}
			}
		}
	}
}

// TestContextRulesOfBranchesRangesAndCalls checks each rule a template
// must follow, refused at the construct's opening braces.
func TestContextRulesOfBranchesRangesAndCalls(t *testing.T) {
	cases := []struct {
		name, tpl string
		code      string
		line, col int
	}{
		{"with/else ending in different places", "Intro\n\n{{with .A}}x{{else}}[x]({{end}}{{.B}})\n", CodeBranch, 3, 1},
		{"range/else ending in different places", "{{range .Materials}}x{{else}}`{{end}}{{.B}}\n", CodeBranch, 1, 1},
		{"a range body ending in a code span", "Intro\n{{range .Materials}}`{{.}}{{end}}\n", CodeRange, 2, 1},
		{"a recursive template ending elsewhere than it starts", "{{define \"r\"}}{{if .}}`{{template \"r\" .Next}}{{end}}{{end}}{{template \"r\" .}}\n", CodeBranch, 1, 15},
		{"a template that is not defined", "Intro\n\n{{template \"nope\" .}}\n", CodeUndefined, 3, 1},
	}
	for _, c := range cases {
		_, err := Parse("rules.md", c.tpl, nil)
		ds, ok := diag.FromError(err)
		if !ok || len(ds) == 0 {
			t.Errorf("%s: not refused (%v)", c.name, err)
			continue
		}
		found := false
		for _, d := range ds {
			found = found || (d.Code == c.code && d.Line == c.line && d.Col == c.col)
		}
		if !found {
			t.Errorf("%s: want %s at rules.md:%d:%d; got %v", c.name, c.code, c.line, c.col, err)
		}
	}

	// A recursive template that ends where it starts is fine, and each
	// level is escaped.
	type node struct {
		Name string
		Next *node
	}
	tm, err := Parse("tree.md", "{{define \"r\"}}{{.Name}}{{with .Next}}, {{template \"r\" .}}{{end}}{{end}}Parts: {{template \"r\" .}}\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	md, err := tm.Render(&node{"a*", &node{"- b", &node{"`c`", nil}}})
	if err != nil {
		t.Fatal(err)
	}
	doc := dialect.Parser().Parse(text.NewReader(md))
	if got := astText(doc, md); got != "Parts: a*, - b, `c`" || strings.Join(kinds(md), ",") != "Paragraph" {
		t.Errorf("recursive template printed %q (%v)\n%s", got, kinds(md), md)
	}
}
