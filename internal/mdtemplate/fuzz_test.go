package mdtemplate

import (
	"bytes"
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

// knownEscaperBug names an open bug that makes s fail in context ctx, so
// the fuzz target can keep checking everything else. Each returns "" once
// the bug is fixed; the seeds in testdata/fuzz/FuzzEscape keep the cases.
func knownEscaperBug(ctx string, s string) string {
	if strings.ContainsRune(s, 0) {
		// CommonMark replaces U+0000 with U+FFFD; the escaper passes it on,
		// so the PDF would show a replacement character instead of failing.
		return "BUG: mdtemplate passes U+0000 through; CommonMark turns it into U+FFFD (data silently changed)"
	}
	if ctx == "list item" && opensBlock(s) {
		return "BUG: mdtemplate applies line-start escaping only when an action starts the line, not right after a list marker: " +
			"after \"- \" a value starting with \"- \", \"+ \", \"1. \", \"2) \", made of hyphens (\"--\", \"---\") " +
			"or starting with 4 blanks becomes a nested list, a rule or an indented code block (its escapes then print literally)"
	}
	return ""
}

// opensBlock reports whether s, printed right after a list marker, would
// open a block of its own: a bullet or ordered-list marker followed by a
// blank or the end, a thematic break made of hyphens, or an indented code
// block (four leading blanks). ('*' and '_' are escaped as inline
// specials, so they cannot.)
func opensBlock(s string) bool {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	lead := s[:len(s)-len(strings.TrimLeft(s, " \t"))]
	if strings.Contains(lead, "\t") || len(lead) >= 4 {
		return strings.TrimSpace(s) != ""
	}
	s = strings.TrimLeft(s, " \t")
	if s == "" {
		return false
	}
	blankOrEnd := func(i int) bool { return i >= len(s) || s[i] == ' ' || s[i] == '\t' }
	if (s[0] == '-' || s[0] == '+') && blankOrEnd(1) {
		return true
	}
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') && blankOrEnd(i+1) {
		return true
	}
	// A thematic break: with the item's own "-", three or more '-' with
	// only blanks between ("- --" is a rule, not a list item).
	n := 0
	for _, c := range s {
		switch c {
		case '-':
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 2
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
		want := strings.Join(strings.Fields(s), " ")
		var bugs []string
		for i, c := range escapeContexts {
			md, err := tpls[i].Render(s)
			if err != nil {
				t.Fatalf("%s: rendering %q: %v", c.name, s, err)
			}
			got := readerText(t, md)
			if got == c.want(want) {
				continue
			}
			if bug := knownEscaperBug(c.name, s); bug != "" {
				bugs = append(bugs, c.name+": "+bug)
				continue
			}
			t.Errorf("%s: value %q\nescaped to  %q\nreads back  %q\nwant        %q", c.name, s, md, got, c.want(want))
		}
		if len(bugs) > 0 && !t.Failed() {
			t.Skip(strings.Join(bugs, "\n"))
		}
	})
}

// TestKnownEscaperBugPredicate keeps the fuzz target's allow-list honest:
// it excuses only the inputs the bug report describes, and only in a list
// item.
func TestKnownEscaperBugPredicate(t *testing.T) {
	for _, s := range []string{"- x", "+", "1. x", "2)", "  -  ", "--", "---", "- - -", "\n- x", "    #", "\tx"} {
		if !opensBlock(s) {
			t.Errorf("opensBlock(%q) = false", s)
		}
	}
	for _, s := range []string{"-x", "1.5 mL", "12a. x", "-- x", "x", "", "1234567890. x", "*", "\u00a0- x"} {
		if opensBlock(s) {
			t.Errorf("opensBlock(%q) = true", s)
		}
	}
	if knownEscaperBug("paragraph", "- x") != "" || knownEscaperBug("heading", "1. x") != "" || knownEscaperBug("table cell", "---") != "" {
		t.Error("the list-item bug must not excuse other contexts")
	}
}
