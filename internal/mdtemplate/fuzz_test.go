package mdtemplate

import (
	"bytes"
	"github.com/regdoc/regdoc/internal/diag"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// escapeContext is one place in a Markdown document where a template
// prints a data value.
type escapeContext struct {
	name string
	tpl  string
	// want is the plain text a reader must see for the value's text v
	// (white space already normalised).
	want func(v string) string
}

// escapeContexts are the places regdoc's templates print data: running
// text at the start of a paragraph, a bullet-list item, a heading and a
// GFM table cell. Each is rendered on its own, so a failure names it.
var escapeContexts = []escapeContext{
	{"paragraph", "{{.}}\n", func(v string) string { return v }},
	{"list item", "- {{.}}\n", func(v string) string { return v }},
	{"heading", "# {{.}}\n", func(v string) string { return v }},
	{"table cell", "| A | B |\n|---|---|\n| {{.}} | z |\n", func(v string) string {
		if v == "" {
			v = "–" // an empty cell prints an en dash (mdCell)
		}
		return "A B " + v + " z"
	}},
}

// inlineTags are HTML elements goldmark emits inside a line of text; they
// are removed without a space so "http://a.b/" + "_x_" (an autolink and
// the text after it) reads back as the one word the reader sees. Every
// other tag separates words.
var (
	inlineTags = regexp.MustCompile(`</?(?:a|em|strong|code|del|span|sup)\b[^>]*>`)
	otherTags  = regexp.MustCompile(`<[^>]*>`)
)

// readerText renders md as CommonMark + GFM with goldmark and returns the
// text a reader sees, white space normalised.
func readerText(t *testing.T, md []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(md, &buf); err != nil {
		t.Fatalf("goldmark: %v", err)
	}
	s := inlineTags.ReplaceAllString(buf.String(), "")
	s = otherTags.ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

// FuzzEscape checks the escaper's promise: whatever string a data file
// holds, printing it with {{.}} in running text, a list item, a heading or
// a table cell gives back exactly its text (white space normalised) when
// the Markdown is read by a CommonMark + GFM parser — the value never
// becomes emphasis, a link, a list, a rule, a heading, HTML or table
// structure, and nothing of it is lost. Seeds beyond these live in
// testdata/fuzz/FuzzEscape and run with every 'go test'.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{
		"**bold** __u__ ~~s~~ `code` <script>alert(1)</script>", "&amp; &#60; &lt; ![img](x.png) <http://a.b>",
		"- not a list", "1. not a list", "# not a heading", "> not a quote", "line one\nline two\n\n=====",
		"trailing backslash \\", "[ref]: http://x", "|",
		"", " ", "plain text", "Caprylate | *fast* [x](y) <b> \\ #1", "{{.}}", "`code`", "``", "---", "***", "___",
		"1.", "1. x", "2) y", "- x", "+ z", "* a", "&amp;", "&#60;", "&copy;", "<!-- c -->", "<div>x</div>",
		"http://a.b/_x_", "www.a.com/\\x", "a@b.co", "[ ] t", "[x] done", "x |", "| x", "a\\|b", "\\",
		"~~s~~", "~", "==", "=", "#", "# x #", "####### seven", "> q", "\tindented", "    code",
		"a  \nb", "x\\\ny", "\r\n- x", "line\r\rbreak", "\u00a0- nbsp", "β-lactoglobulin ≤ 10 µg/mL",
		"مرحبا עברית", "😀 emoji", "a\x00b", "\xff\xfe", "![i](x.png)", "[a]: /u", "[^1]", "Table: t", "Figure: f",
		"1234567890. ten digits", "\\newpage", ":---:", "-- x", "- ", "+", "-",
	} {
		f.Add(s)
	}
	tpls := make([]*Template, len(escapeContexts))
	for i, c := range escapeContexts {
		tm, err := Parse("fuzz.md", c.tpl, nil)
		if err != nil {
			f.Fatalf("%s: %v", c.name, err)
		}
		tpls[i] = tm
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<12 {
			return // longer strings add nothing but time
		}
		if checkControls(s) != nil {
			// Control characters are refused, not printed as something else.
			for i, c := range escapeContexts {
				if _, err := tpls[i].Render(s); err == nil {
					t.Errorf("%s: %q with a control character rendered without an error", c.name, s)
				}
			}
			return
		}
		want := strings.Join(strings.Fields(s), " ")
		for i, c := range escapeContexts {
			md, err := tpls[i].Render(s)
			if err != nil {
				t.Fatalf("%s: rendering %q: %v", c.name, s, err)
			}
			got := readerText(t, md)
			if got == c.want(want) {
				continue
			}
			t.Errorf("%s: value %q\nescaped to  %q\nreads back  %q\nwant        %q", c.name, s, md, got, c.want(want))
		}
	})
}

// FuzzTemplate feeds arbitrary templates and values to the analysis and
// the escaper: they must never panic, and every error must be positioned
// problems. Templates that parse are run on a value and on an empty one.
func FuzzTemplate(f *testing.F) {
	for _, c := range attackContexts {
		for _, con := range attackConstructs[:12] {
			f.Add(attackTemplate(c, con, 1), "- x {#id}")
		}
	}
	for _, s := range []string{
		"{{range .List}}`{{end}}", "{{define \"r\"}}a{{template \"r\" .}}{{end}}{{template \"r\" .}}",
		"[x](<{{.V}}> \"{{.V}}\")", "[l]: {{.V}} '{{.V}}'", "> - 1. [^n]: {{.V}}", "{{if .V}}```{{else}}~~~{{end}}\n{{.V}}",
		"{{block \"b\" .}}{{.V}}{{end}}{{template \"b\" .}}", "| a |\n|--|\n{{range .List}}{{.}} |\n{{end}}",
	} {
		f.Add(s, "v")
	}
	f.Fuzz(func(t *testing.T, src, v string) {
		if len(src) > 1<<10 || len(v) > 1<<8 {
			return
		}
		tm, err := Parse("fuzz.md", src, nil)
		if err != nil {
			if _, ok := diag.FromError(err); !ok {
				t.Fatalf("parse error is not positioned: %v", err)
			}
			return
		}
		tm.maxOutput, tm.maxSteps = 1<<16, 1<<12
		for _, d := range []attackData{dataFor(v), {}} {
			if _, err := tm.Render(d); err != nil {
				if _, ok := diag.FromError(err); !ok {
					t.Fatalf("execution error is not positioned: %v", err)
				}
			}
		}
	})
}
