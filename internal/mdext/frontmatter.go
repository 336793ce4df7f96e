package mdext

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"go.yaml.in/yaml/v3"
)

// FrontMatter is what a YAML block at the top of a Markdown file says
// about the document, read as Pandoc reads it: the block opens with a
// line "---" on the first line of the file, not followed by a blank line,
// and closes with "---" or "...".
type FrontMatter struct {
	Title, Subtitle string
	Authors         []string
	Date            string // as written
	TOC             *bool  // nil when not given
}

// CodeFrontMatter is the diagnostic code of front-matter problems: YAML
// that does not parse (an error) and keys regdoc does not read (a warning).
const CodeFrontMatter = "markdown/front-matter"

// yamlKeyLine is a first line that opens a YAML mapping ("title:").
var yamlKeyLine = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*[ \t]*:([ \t]|\r?\n)`)

// frontMatterKeys are the keys read; any other is a warning.
const frontMatterKeys = "title, subtitle, author, date and toc"

// SplitFrontMatter reads the front matter at the start of src. It returns
// what it says, src with the block blanked out (its newlines kept, so
// every line and column of the rest stays where it was) and the problems
// found in it: YAML that does not parse is an error, a key other than
// title, subtitle, author, date and toc (or a value of the wrong kind) a
// warning. A document without front matter comes back unchanged.
func SplitFrontMatter(src []byte, file string) (FrontMatter, []byte, diag.Problems) {
	var fm FrontMatter
	body, end, ok := frontMatterBlock(src)
	if !ok || !yamlKeyLine.Match(body) {
		// Not key: value lines: a rule and a setext heading, as in
		// CommonMark ("---\nFoo\n---").
		return fm, src, nil
	}
	clean := bytes.Clone(src)
	for i := 0; i < end; i++ {
		if clean[i] != '\n' && clean[i] != '\r' {
			clean[i] = ' '
		}
	}
	var problems diag.Problems
	at := func(sev diag.Severity, line, col int, format string, args ...any) {
		problems = append(problems, diag.Diagnostic{Severity: sev, Code: CodeFrontMatter, File: file,
			Line: line + 1, Col: max(col, 1), Message: fmt.Sprintf(format, args...)})
	}
	var root yaml.Node
	if err := yaml.Unmarshal(body, &root); err != nil {
		at(diag.Error, 1, 1, "the front matter is not valid YAML: %s; fix it, or start the file with a blank line if the --- is a rule", strings.TrimPrefix(err.Error(), "yaml: "))
		return fm, clean, problems
	}
	if len(root.Content) == 0 {
		return fm, clean, problems
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		at(diag.Error, m.Line, m.Column, "the front matter must be key: value lines (title, subtitle, author, date, toc)")
		return fm, clean, problems
	}
	text := func(k, v *yaml.Node) (string, bool) {
		if v.Kind != yaml.ScalarNode {
			at(diag.Warning, v.Line, v.Column, "front-matter %s must be text; it is ignored", k.Value)
			return "", false
		}
		return strings.TrimSpace(v.Value), true
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch k.Value {
		case "title":
			fm.Title, _ = text(k, v)
		case "subtitle":
			fm.Subtitle, _ = text(k, v)
		case "date":
			fm.Date, _ = text(k, v)
		case "author":
			switch v.Kind {
			case yaml.SequenceNode:
				for _, a := range v.Content {
					if s, ok := text(k, a); ok && s != "" {
						fm.Authors = append(fm.Authors, s)
					}
				}
			default:
				if s, ok := text(k, v); ok && s != "" {
					fm.Authors = append(fm.Authors, s)
				}
			}
		case "toc":
			var b bool
			if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
				at(diag.Warning, v.Line, v.Column, "front-matter toc must be true or false; it is ignored")
				continue
			}
			fm.TOC = &b
		default:
			at(diag.Warning, k.Line, k.Column, "front-matter key %q is not read (regdoc reads %s); it is ignored and not printed", k.Value, frontMatterKeys)
		}
	}
	return fm, clean, problems
}

// frontMatterBlock finds the YAML between the opening "---" line and the
// closing "---" or "..." line; end is the offset just past the closing
// line.
func frontMatterBlock(src []byte) (body []byte, end int, ok bool) {
	line, rest, found := bytes.Cut(src, []byte("\n"))
	if !found || string(bytes.TrimRight(line, " \t\r")) != "---" {
		return nil, 0, false
	}
	start := len(line) + 1
	// "---" followed by a blank line is a thematic break, as in Pandoc.
	if first, _, _ := bytes.Cut(rest, []byte("\n")); len(bytes.TrimSpace(first)) == 0 {
		return nil, 0, false
	}
	off := start
	for off < len(src) {
		l, _, _ := bytes.Cut(src[off:], []byte("\n"))
		next := off + len(l) + 1
		if t := string(bytes.TrimRight(l, " \t\r")); t == "---" || t == "..." {
			return src[start:off], min(next, len(src)), true
		}
		off = next
	}
	return nil, 0, false
}
