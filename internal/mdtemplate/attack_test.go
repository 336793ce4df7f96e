package mdtemplate

import (
	"bytes"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/regdoc/regdoc/internal/mdpdf"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The attack test runs hostile data values through user templates: every
// construct a template can reach a value with, in every Markdown context a
// value can land in. Each case must either keep the document's structure
// (the goldmark AST has the same shape as with a plain value) and show the
// value literally (in the AST's text and in the PDF text PDFium reads
// back), or be refused with the template's file:line:col.

// dialect is regdoc's one Markdown dialect, the typesetter's: GFM,
// footnotes, heading ids and attributes, figure blocks, page breaks and
// captions.
var dialect = mdext.New()

// attackData is what the attack templates see.
type attackData struct {
	V, A       string // the value under attack; a blank neighbour
	Flag, No   bool
	Empty      string
	List       []string // two passes of a range, both over V
	EmptyList  []string
	Rows       []attackRow
	Underscore string
	// The value as the data the domain functions take hold it.
	Q   model.Quantity
	R   *model.Range
	C   model.Criterion
	Res *model.Result
	L   model.LRV
	P   *model.Process
}

type attackRow struct{ Name string }

func dataFor(v string) attackData {
	one, two := model.Num("1"), model.Num("2")
	return attackData{V: v, A: " ", Flag: true, List: []string{v, v}, Rows: []attackRow{{v}},
		Q: model.Quantity{Value: one, Unit: v}, R: &model.Range{Low: &one, High: &two},
		C: model.Criterion{Type: "nmt", Value: &two, Unit: v}, Res: &model.Result{Text: v}, L: model.LRV{Qualifier: v, Value: two},
		P: &model.Process{Steps: []*model.Step{{ID: "P1", Name: v}}}}
}

// domain gives what a domain function prints for the attack data of v.
func domain(f func(d attackData) (string, error)) func(v string) string {
	return func(v string) string {
		s, err := f(dataFor(v))
		if err != nil {
			return "error: " + err.Error()
		}
		return s
	}
}

// attackContext is a place in Markdown; "@" marks where the construct
// puts the value and "%d" a label unique to the template.
type attackContext struct {
	name    string
	tpl     string
	refused bool   // no value may be printed here: the template is refused
	where   string // "text" (shown), "dest" (a link's target), "title" (a link's title)
}

var attackContexts = []attackContext{
	{"line start", "@\n", false, "text"},
	{"inline", "Text before @ after.\n", false, "text"},
	{"line under a paragraph", "A paragraph line\n@\n", false, "text"},
	{"table cell", "| A | B |\n|---|---|\n| @ | z |\n", false, "text"},
	{"after = under a paragraph", "A paragraph line\n=@\n", false, "text"},
	{"after - under a paragraph", "A paragraph line\n-@\n", false, "text"},
	{"after #", "#@\n", false, "text"},
	{"after a digit", "1@\n", false, "text"},
	{"before \". x\"", "@. more\n", false, "text"},
	{"before \": x\"", "@: more\n", false, "text"},
	{"before \"://\"", "See @://example.org for more.\n", false, "text"},
	{"before \".example.org\"", "See @.example.org for more.\n", false, "text"},
	{"after \"&\"", "Text &@ more.\n", false, "text"},
	{"after \"&#\"", "Text &#@ more.\n", false, "text"},
	{"after a backslash", "Text \\@* more*.\n", false, "text"},
	{"first table cell without pipe", "| A | B |\n|---|---|\n@ | z\n", false, "text"},
	{"link text", "See [@](https://example.org/x).\n", false, "text"},
	{"before a link", "Say @[link](https://example.org/y).\n", false, "text"},
	{"link destination", "See [link](https://example.org/@).\n", false, "dest"},
	{"link destination start", "See [link](@).\n", false, "dest start"},
	{"link title", "See [link](https://example.org/ \"@\").\n", false, "title"},
	{"emphasis", "Some *@* text.\n", false, "text"},
	{"heading", "# Heading @\n", false, "text"},
	{"heading end", "## @\n", false, "text"},
	{"list item", "- @\n", false, "text"},
	{"ordered list item", "1. @\n", false, "text"},
	{"quote", "> @\n", false, "text"},
	{"footnote", "Text[^zq%d].\n\n[^zq%d]: @\n", false, "footnote"},
	{"caption", "Table: @\n\n| A |\n|---|\n| b |\n", false, "text"},
	{"after a table builder", "{{table .Rows \"Name=Name\"}}@\n", false, "text"},
	{"image path", "![alt](@)\n", true, ""},
	{"autolink", "See <https://example.org/@> now.\n", true, ""},
	{"e-mail autolink", "Write to <info.@@example.org> now.\n", true, ""},
	{"after \"<\"", "Write to <@@example.org> or <@> now.\n", false, "text"},
	{"code span", "Text `@` more.\n", true, ""},
	{"fenced code", "```\n@\n```\n", true, ""},
	{"indented code", "Para.\n\n    @\n", true, ""},
	{"figure block JSON", "```figure\n{\"kind\": \"process-flow\", \"steps\": [{\"id\": \"P1\", \"label\": \"@\"}]}\n```\n", true, ""},
}

// attackConstruct reaches the value through one template construct.
type attackConstruct struct {
	name string
	expr string // replaces "@"
	defs string // appended to the template (defines)
	show func(v string) string
	// code: a branch of the construct opens a code span or fence, so a
	// value after it cannot be escaped in running text.
	code bool
	// writes is the template text the construct prints around the value:
	// a blank or line break in it ends a link destination.
	writes string
	// before is what the construct's other values print before this one
	// in a link destination (percent-encoded).
	before string
	// execRefused: the function refuses every hostile value when the
	// template runs (date, isodate: not a date).
	execRefused bool
	// builder: the construct prints a block of its own, refused where
	// only a value fits (table cells, links).
	builder bool
}

func same(v string) string { return v }

var attackConstructs = []attackConstruct{
	{name: "action", expr: "{{.V}}", show: same},
	{name: "if", expr: "{{if .Flag}}{{.V}}{{end}}", show: same},
	{name: "if/else", expr: "{{if .No}}{{.V}}{{else}}{{.V}}{{end}}", show: same},
	{name: "else if", expr: "{{if .No}}no{{else if .Flag}}{{.V}}{{end}}", show: same},
	{name: "optional prefix", expr: "{{if .No}}Note: {{end}}{{.V}}", show: same, writes: "Note: "},
	{name: "with", expr: "{{with .V}}{{.}}{{end}}", show: same},
	{name: "with/else", expr: "{{with .Empty}}{{.}}{{else}}{{.V}}{{end}}", show: same},
	{name: "range", expr: "{{range .List}}{{.}}{{end}}", show: func(v string) string { return v + v }},
	{name: "range lines", expr: "{{range .List}}{{.}}\n{{end}}", show: func(v string) string { return v + " " + v }, writes: "\n"},
	{name: "range $i", expr: "{{range $i, $s := .List}}{{if $i}}, {{end}}{{$s}}{{end}}", show: func(v string) string { return v + ", " + v }, writes: ", "},
	{name: "range/else", expr: "{{range .EmptyList}}x{{else}}{{.V}}{{end}}", show: same},
	{name: "template", expr: `{{template "v" .V}}`, defs: `{{define "v"}}{{.}}{{end}}`, show: same},
	{name: "template in range", expr: `{{range .List}}{{template "v" .}}{{end}}`, defs: `{{define "v"}}{{.}}{{end}}`, show: func(v string) string { return v + v }},
	{name: "nested templates", expr: `{{template "outer" .}}`, defs: `{{define "outer"}}{{template "v" .V}}{{end}}{{define "v"}}{{.}}{{end}}`, show: same},
	{name: "block", expr: `{{block "b" .V}}{{.}}{{end}}`, show: same},
	{name: "variable", expr: "{{$v := .V}}{{$v}}", show: same},
	{name: "side by side", expr: "{{.A}}{{.V}}", show: same, before: "%20"},
	{name: "twice", expr: "{{.V}}{{.V}}", show: func(v string) string { return v + v }},
	{name: "lower", expr: "{{.V | lower}}", show: strings.ToLower},
	{name: "lcfirst", expr: "{{lcfirst .V}}", show: LowerFirst},
	{name: "unit", expr: "{{unit .V}}", show: Unit},
	{name: "mech", expr: "{{mech .V}}", show: Mechanism},
	{name: "join", expr: `{{join .List "; "}}`, show: func(v string) string { return v + "; " + v }},
	{name: "count", expr: `{{count 2 .V}}`, show: func(v string) string { return "2 " + v + "s" }},
	{name: "json", expr: `{{json .V}}`, show: func(v string) string { b, _ := json.Marshal(v); return string(b) }},
	{name: "printf", expr: `{{printf "%s!" .V}}`, show: func(v string) string { return v + "!" }},
	{name: "print", expr: `{{print .V}}`, show: same},
	{name: "html", expr: `{{html .V}}`, show: htmltemplate.HTMLEscapeString},
	{name: "js", expr: `{{js .V}}`, show: htmltemplate.JSEscapeString},
	{name: "urlquery", expr: `{{urlquery .V}}`, show: url.QueryEscape},
	{name: "index", expr: `{{index .List 1}}`, show: same},
	{name: "slice", expr: `{{slice .V 0}}`, show: same},
	{name: "or", expr: `{{or .Empty .V}}`, show: same},
	{name: "and", expr: `{{and .Flag .V}}`, show: same},
	{name: "len", expr: `{{len .V}}`, show: func(v string) string { return fmt.Sprint(len(v)) }},
	{name: "qty", expr: `{{qty .Q}}`, show: domain(func(d attackData) (string, error) { return Qty(d.Q), nil })},
	{name: "span", expr: `{{span .R .V}}`, show: domain(func(d attackData) (string, error) { return Span(d.R, d.V) })},
	{name: "between", expr: `{{between .R .V}}`, show: domain(func(d attackData) (string, error) { return Between(d.R, d.V) })},
	{name: "limit", expr: `{{limit .C}}`, show: domain(func(d attackData) (string, error) { return Limit(d.C) })},
	{name: "result", expr: `{{result .Res}}`, show: domain(func(d attackData) (string, error) { return ResultText(d.Res), nil })},
	{name: "lrv", expr: `{{lrv .L}}`, show: domain(func(d attackData) (string, error) { return LRVText(d.L), nil })},
	{name: "date", expr: `{{date .V}}`, execRefused: true},
	{name: "isodate", expr: `{{isodate .V}}`, execRefused: true},
	{name: "flowFigure", expr: `{{flowFigure .P true}}`, show: same, builder: true},
	{name: "else opens a code span", expr: "{{if .Flag}}x{{else}}`{{end}}{{.V}}", show: func(v string) string { return "x" + v }, code: true, writes: "x`"},
	{name: "else opens a fence", expr: "{{if .Flag}}x{{else}}\n```\n{{end}}{{.V}}", show: same, code: true, writes: "x\n```\n"},
	{name: "range opens a code span", expr: "{{range .List}}`{{end}}{{.V}}", show: func(v string) string { return "``" + v }, code: true, writes: "``"},
}

// hostileValues are the attacks; "Plain" is the reference.
var hostileValues = []string{
	"Caprylate | *fast* [x](y) <b> \\ #1",
	"`code` and ``two``",
	"a | b | c",
	"```",
	"~~~ fence",
	"\\newpage",
	"Pooling thawing {id=sec-evil .cls}",
	"Name {#sec-id}",
	"{.final}",
	"---",
	"===",
	"<script>alert(1)</script>",
	"ends with a backslash \\",
	"two trailing spaces  ",
	"say \"hi\" and 'bye' (x)",
	"wow!",
	"line\u2028separator",
	"next\u0085line",
	"tab\tinside",
	"1. x",
	"# x",
	"> x",
	"- [ ] x",
	"+ x",
	"* x",
	"Table: not a caption",
	"Figure: not one either",
	"Alpha\"},{\"id\":\"P2\",\"label\":\"INJECTED STEP",
	" edge spaces ",
	"    four spaces",
	"line one\n---\nline two",
	"http://evil.example www.evil.example mail@evil.example",
	"&amp; &#60; &lt;",
	"[^f1] [ref]: x",
	"javascript:alert(1)",
	"#anchor",
	"snake_case_name and __dunder__",
	"7",
	"amp;",
	"60;",
	"*x",
	"Table",
	"http",
	"www",
	"evil \u202e reversed",
	"isolate \u2066 x",
}

// refusedValue reports whether a printed text must be refused as data:
// it holds a bidirectional control or a control character a page cannot
// show.
func refusedValue(s string) bool {
	for _, r := range s {
		if r == 0x202e || r == 0x2066 || (unicode.IsControl(r) && !strings.ContainsRune("\t\n\r\u0085", r)) {
			return true
		}
	}
	return false
}

// refusedDest reports whether a value that starts a link destination must
// be refused: it names a scheme other than http, https or mailto, or an
// anchor inside the document.
func refusedDest(v string) bool {
	if strings.HasPrefix(v, "#") {
		return true
	}
	i := strings.IndexAny(v, ":/?#")
	return i > 0 && v[i] == ':' && !strings.Contains("http https mailto", strings.ToLower(v[:i]))
}

// visible normalises text as a reader compares it: line breaks and tabs
// are blanks, runs of blanks are one.
func visible(s string) string {
	s = strings.NewReplacer("\u2028", " ", "\u2029", " ", "\u0085", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// shape is the structure of a Markdown document: node kinds, nesting and
// the attributes that change structure (heading levels, list kinds, hard
// breaks, heading attributes, caption ids), not the words.
func shape(doc ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		prevText := false
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				if !prevText {
					fmt.Fprintf(&b, "%s%s\n", strings.Repeat(" ", depth), "Text")
				}
				prevText = true
				if t.HardLineBreak() {
					fmt.Fprintf(&b, "%sHardBreak\n", strings.Repeat(" ", depth))
					prevText = false
				}
				continue
			}
			prevText = false
			fmt.Fprintf(&b, "%s%s", strings.Repeat(" ", depth), c.Kind())
			switch x := c.(type) {
			case *ast.Heading:
				fmt.Fprintf(&b, " level=%d", x.Level)
				for _, a := range x.Attributes() {
					if string(a.Name) != "id" {
						fmt.Fprintf(&b, " %s", a.Name)
					}
				}
			case *ast.List:
				fmt.Fprintf(&b, " ordered=%v start=%d", x.IsOrdered(), x.Start)
			case *ast.Emphasis:
				fmt.Fprintf(&b, " level=%d", x.Level)
			case *mdext.CaptionNode:
				fmt.Fprintf(&b, " target=%v id=%q", x.Target, x.ID)
			}
			b.WriteByte('\n')
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return b.String()
}

// astText is the text a reader would see in doc: the words of every text
// node with escapes taken out, code spans and the labels of autolinks.
func astText(doc ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch x := n.(type) {
		case *ast.Text:
			b.Write(util.UnescapePunctuations(x.Segment.Value(src)))
			if x.SoftLineBreak() || x.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(x.Value)
		case *ast.AutoLink:
			b.Write(x.Label(src))
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			for i := 0; i < x.Lines().Len(); i++ {
				seg := x.Lines().At(i)
				b.Write(seg.Value(src))
			}
		}
		if n.Type() == ast.TypeBlock {
			b.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	return visible(b.String())
}

// figureLabels gives the step labels of the figure blocks in doc, read
// from their JSON specs.
func figureLabels(doc ast.Node, src []byte) []string {
	var labels []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*mdext.FigureBlock); ok && entering {
			var spec struct{ Steps []struct{ Label string } }
			if err := json.Unmarshal(f.Spec(src), &spec); err != nil {
				labels = append(labels, "unreadable spec: "+err.Error())
			}
			for _, st := range spec.Steps {
				labels = append(labels, st.Label)
			}
		}
		return ast.WalkContinue, nil
	})
	return labels
}

// links gives each link's destination and title, escapes taken out.
func links(doc ast.Node) (dests, titles []string) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering {
			d, err := url.PathUnescape(string(l.Destination))
			if err != nil {
				d = string(l.Destination)
			}
			dests = append(dests, d)
			titles = append(titles, string(util.UnescapePunctuations(l.Title)))
		}
		return ast.WalkContinue, nil
	})
	return dests, titles
}

// attackCase is one context × construct × value.
type attackCase struct {
	ctx   attackContext
	con   attackConstruct
	value string
	md    []byte // the rendered Markdown; nil if refused
	show  string // what the reader must see (the construct's text of the value)
	dest  string // the first link's destination
}

// refusedTemplate says whether a construct in a context must be refused
// when the template is parsed: no value may be printed in the context, a
// branch of the construct leaves running text in a code span or fence, or
// the construct writes blanks or line breaks into a link's destination
// (or line breaks into its title).
func refusedTemplate(ctx attackContext, con attackConstruct) bool {
	if con.builder {
		switch ctx.name {
		case "table cell", "first table cell without pipe", "after a table builder":
			return true
		}
		if ctx.where != "text" && ctx.where != "footnote" {
			return true
		}
	}
	switch ctx.where {
	case "dest", "dest start":
		return strings.ContainsAny(con.writes, " \n")
	case "title":
		return strings.Contains(con.writes, "\n")
	}
	if ctx.name == "after a backslash" && con.name == "else opens a code span" {
		return false // the template's backslash escapes the backtick: no code span opens
	}
	return ctx.refused || con.code
}

func (c attackCase) String() string {
	return fmt.Sprintf("%s × %s × %q", c.ctx.name, c.con.name, c.value)
}

func attackTemplate(ctx attackContext, con attackConstruct, label int) string {
	t := strings.ReplaceAll(ctx.tpl, "%d", fmt.Sprint(label))
	return strings.Replace(t, "@", con.expr, 1) + con.defs
}

func TestAttackThroughUserTemplates(t *testing.T) {
	start := time.Now()
	var printed []*attackCase
	cases, refusals := 0, 0
	label := 0
	for _, ctx := range attackContexts {
		for _, con := range attackConstructs {
			label++
			src := attackTemplate(ctx, con, label)
			name := fmt.Sprintf("attack/%d.md", label)
			tm, err := Parse(name, src, nil)
			if refusedTemplate(ctx, con) {
				cases += len(hostileValues)
				refusals += len(hostileValues)
				if err == nil {
					t.Errorf("%s × %s: template accepted, want it refused:\n%s", ctx.name, con.name, src)
					continue
				}
				ds, ok := diag.FromError(err)
				if !ok || len(ds) == 0 || ds[0].File != name || ds[0].Line < 1 || ds[0].Col < 1 {
					t.Errorf("%s × %s: refusal lacks file:line:col: %v", ctx.name, con.name, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s × %s: template refused: %v\n%s", ctx.name, con.name, err, src)
				continue
			}
			if con.execRefused {
				// The function refuses each value, the plain one too, as it
				// runs (unless a table before it refused the value first).
				for _, v := range append([]string{"Plain"}, hostileValues...) {
					_, err := tm.Render(dataFor(v))
					ds, ok := diag.FromError(err)
					code, fn := CodeExec, con.name
					if strings.Contains(ctx.tpl, ".Rows") && refusedValue(v) {
						code, fn = CodeValue, "table"
					}
					if !ok || len(ds) == 0 || ds[0].Code != code || ds[0].File != name || ds[0].Line < 1 || ds[0].Col < 1 || !strings.HasPrefix(ds[0].Message, fn+": ") {
						t.Errorf("%s × %s × %q: want the function's refusal at file:line:col; got %v", ctx.name, con.name, v, err)
					}
				}
				cases += len(hostileValues)
				refusals += len(hostileValues)
				continue
			}
			plainMD, err := tm.Render(dataFor("Plain"))
			if err != nil {
				t.Errorf("%s × %s: plain value: %v", ctx.name, con.name, err)
				continue
			}
			plainDoc := dialect.Parser().Parse(text.NewReader(plainMD))
			plainShape := shape(plainDoc, plainMD)
			plainDests, plainTitles := links(plainDoc)
			for _, v := range hostileValues {
				cases++
				c := &attackCase{ctx: ctx, con: con, value: v, show: con.show(v)}
				md, err := tm.Render(dataFor(v))
				wantRefused := refusedValue(c.show) || (ctx.where == "dest start" && refusedDest(con.before+c.show)) ||
					(strings.Contains(ctx.tpl, ".Rows") && refusedValue(v))
				if wantRefused {
					refusals++
					d := diag.Diagnostic{}
					if ds, ok := diag.FromError(err); ok && len(ds) > 0 {
						d = ds[0]
					}
					if err == nil || d.Code != CodeValue || d.File != name || d.Line < 1 || d.Col < 1 || !strings.Contains(d.Message, "the value of .") {
						t.Errorf("%s: want the value refused at file:line:col naming its data path; got %v", c, err)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", c, err)
					continue
				}
				c.md = md
				doc := dialect.Parser().Parse(text.NewReader(md))
				if got := shape(doc, md); got != plainShape {
					t.Errorf("%s: structure changed\nmarkdown:\n%s\nshape:\n%s\nplain shape:\n%s", c, md, got, plainShape)
					continue
				}
				dests, titles := links(doc)
				if len(dests) > 0 {
					c.dest = dests[0]
				}
				want := visible(lineBreaksOf(c.show))
				switch ctx.where {
				case "text", "footnote":
					if con.builder {
						if labels := figureLabels(doc, md); len(labels) != 1 || labels[0] != lineBreaksOf(c.show) {
							t.Errorf("%s: the figure's steps are labelled %q, want one labelled %q\nmarkdown:\n%s", c, labels, lineBreaksOf(c.show), md)
							continue
						}
					} else if got := astText(doc, md); !strings.Contains(got, want) {
						t.Errorf("%s: the text does not show %q\nmarkdown:\n%s\ntext: %s", c, want, md, got)
						continue
					}
				case "dest", "dest start":
					if len(dests) != len(plainDests) || !strings.HasSuffix(dests[0], lineBreaksOf(c.show)) {
						t.Errorf("%s: link destinations %q, want one ending in %q\nmarkdown:\n%s", c, dests, c.show, md)
						continue
					}
				case "title":
					if len(titles) != len(plainTitles) || visible(titles[0]) != want {
						t.Errorf("%s: link titles %q, want %q\nmarkdown:\n%s", c, titles, want, md)
						continue
					}
				}
				printed = append(printed, c)
			}
		}
	}
	t.Logf("%d cases: %d refused as they must be, %d printed with the structure of a plain value (%v)", cases, refusals, len(printed), time.Since(start).Round(time.Millisecond))
	start = time.Now()
	checkAttackPDFs(t, printed)
	t.Logf("PDF text checked for every printed case (%v, PDFium start-up included)", time.Since(start).Round(time.Millisecond))
}

// checkAttackPDFs typesets the printed cases and reads the PDF text back.
// Cases whose Markdown is the same bytes are typeset once; the distinct
// ones go into a few PDFs, each case after a numbered marker paragraph, so
// the check takes seconds.
func checkAttackPDFs(t *testing.T, printed []*attackCase) {
	type unique struct {
		md    []byte
		cases []*attackCase
	}
	byMD := map[string]*unique{}
	var order []*unique
	for _, c := range printed {
		u := byMD[string(c.md)]
		if u == nil {
			u = &unique{md: c.md}
			byMD[string(c.md)] = u
			order = append(order, u)
		}
		u.cases = append(u.cases, c)
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].cases[0].ctx.name < order[j].cases[0].ctx.name })
	pdfs := 0
	defer func() { t.Logf("%d distinct Markdown outputs typeset in %d PDFs", len(order), pdfs) }()
	const perPDF = 400
	for start := 0; start < len(order); start += perPDF {
		batch := order[start:min(start+perPDF, len(order))]
		var src bytes.Buffer
		for i, u := range batch {
			fmt.Fprintf(&src, "\n\nCASEMARK%05d\n\n", i)
			// Footnote labels are the template's; make them the case's.
			src.Write(bytes.ReplaceAll(u.md, []byte("[^zq"), fmt.Appendf(nil, "[^zq%dx", i)))
		}
		fmt.Fprintf(&src, "\n\nCASEMARK%05d\n", len(batch))
		pdfs++
		var pdf bytes.Buffer
		if _, err := mdpdf.Render(&pdf, src.Bytes(), mdpdf.Options{}); err != nil {
			t.Fatalf("typesetting cases %d–%d: %v", start, start+len(batch)-1, err)
		}
		pageText, err := pdftest.Text(pdf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		pdfLinks, err := pdftest.Links(pdf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		uris := map[string]bool{}
		for _, l := range pdfLinks {
			if u, err := url.PathUnescape(l.URI); err == nil {
				uris[u] = true
			}
			uris[l.URI] = true
		}
		all := pdfWords(pageText)
		for i, u := range batch {
			from := strings.Index(all, fmt.Sprintf("CASEMARK%05d", i))
			to := strings.Index(all, fmt.Sprintf("CASEMARK%05d", i+1))
			if from < 0 || to < from {
				t.Errorf("case markers %d/%d not found in the PDF text", i, i+1)
				continue
			}
			seg := all[from:to]
			for _, c := range u.cases {
				switch c.ctx.where {
				case "text", "footnote":
					// Footnotes are printed at the end of the document.
					in := seg
					if c.ctx.where == "footnote" {
						in = all
					}
					if !showsWords(in, visible(lineBreaksOf(c.show))) {
						t.Errorf("%s: the PDF does not show %q; it reads %q\nmarkdown:\n%s", c, c.show, seg, c.md)
					}
				case "dest", "dest start":
					if !uris[c.dest] {
						t.Errorf("%s: no link to %q in the PDF", c, c.dest)
					}
					if !strings.Contains(seg, "Seelink.") {
						t.Errorf("%s: the link text is not in the PDF: %q", c, seg)
					}
				case "title":
					if !strings.Contains(seg, "Seelink.") || !uris["https://example.org/"] {
						t.Errorf("%s: the link is not in the PDF as written: %q", c, seg)
					}
				}
			}
		}
	}
}

// furniture is the page number line the typesetter prints on every page;
// it lands between the words of a case that runs over a page break.
var furniture = regexp.MustCompile(`Page \d+ of \d+`)

// pdfWords is PDF text with the page furniture and every blank taken out:
// the typesetter breaks lines (also inside a long word and inside table
// cells), so blanks in the read-back text are not the data's.
func pdfWords(s string) string {
	s = furniture.ReplaceAllString(s, "")
	return strings.Join(strings.Fields(s), "")
}

// showsWords reports whether the words of want appear in order in text
// (made by pdfWords): a wrapped table cell may put the next column's words
// between two of a cell's lines, but never reorders or drops a character.
func showsWords(text, want string) bool {
	if strings.Contains(text, strings.Join(strings.Fields(want), "")) {
		return true
	}
	for _, w := range strings.Fields(want) {
		i := strings.Index(text, w)
		if i < 0 {
			return false
		}
		text = text[i+len(w):]
	}
	return true
}

// lineBreaksOf turns a value's line breaks and tabs into blanks, as a
// value printed as one run of text shows them.
func lineBreaksOf(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ", "\u2028", " ", "\u2029", " ", "\u0085", " ").Replace(s)
}
