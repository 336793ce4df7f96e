// Package mdtemplate executes Markdown templates with every data value
// escaped, the way html/template protects HTML: the parse tree is rewritten
// so that each printed action passes through an escaper chosen by where it
// stands (paragraph text, a table cell). A value can therefore never become
// Markdown structure — a step named "Caprylate | *fast* [x](y)" prints
// literally. Trusted Markdown produced by the function library is its own
// type and passes through unchanged.
package mdtemplate

import (
	"fmt"
	"strings"
)

// Markdown is trusted Markdown: a value of this type is written into the
// document as it is. Only the function library makes it; data never are.
type Markdown string

// escapeFuncs are the names the rewriter appends to each action's pipeline.
const (
	escInline    = "_regdoc_md_inline"
	escLineStart = "_regdoc_md_linestart"
	escCell      = "_regdoc_md_cell"
)

// inlineSpecial are characters that can open Markdown inline structure
// anywhere in a line: emphasis, code, links, autolinks, raw HTML, entities,
// strikethrough, superscript and subscript, table pipes, and the quotes
// the typesetter would make typographic. Escaping them is always safe in CommonMark,
// where a backslash before any ASCII punctuation prints the punctuation.
const inlineSpecial = "\\`*_[]<>|~&#^\"'"

// escapeText escapes s for use inside a Markdown paragraph, heading, list
// item or table cell. Line breaks become spaces: a data value is one run of
// text and must not start a new block.
func escapeText(s string, lineStart bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(inlineSpecial, c) >= 0 ||
			// The typesetter sets -- as a dash and ... as an ellipsis in
			// running text; an escaped second dash or first dot keeps a
			// value's characters as they are.
			(c == '-' && i > 0 && s[i-1] == '-') || (c == '.' && strings.HasPrefix(s[i:], "...")) {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	out := b.String()
	if lineStart {
		out = escapeLineStart(out)
	}
	return out
}

// escapeLineStart neutralises what opens a block when it starts a line:
// list bullets, ordered-list numbers, block quotes (already escaped),
// setext underlines, thematic breaks and indented code.
func escapeLineStart(s string) string {
	trimmed := strings.TrimLeft(s, " \t")
	if trimmed == "" {
		return ""
	}
	lead := len(s) - len(trimmed)
	if lead > 0 {
		// Leading blanks could make an indented code block; drop them.
		s = trimmed
	}
	switch s[0] {
	case '-', '+', '=':
		return "\\" + s
	}
	// "Table:" and "Figure:" open a caption (mdext).
	for _, p := range []string{"Table:", "Figure:"} {
		if strings.HasPrefix(s, p) {
			return s[:len(p)-1] + "\\:" + s[len(p):]
		}
	}
	// "1." or "1)" opens an ordered list.
	i := 0
	for i < len(s) && i < 10 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + "\\" + s[i:]
	}
	return s
}

// stringify turns a template value into text; Markdown is returned as is.
func stringify(v any) (string, bool) {
	switch x := v.(type) {
	case Markdown:
		return string(x), true
	case nil:
		return "", false
	case fmt.Stringer:
		return x.String(), false
	case error:
		return x.Error(), false
	default:
		return fmt.Sprint(v), false
	}
}

func mdInline(args ...any) (Markdown, error)    { return escapeValues(args, false) }
func mdLineStart(args ...any) (Markdown, error) { return escapeValues(args, true) }

// mdCell escapes for a GFM table cell: as inline text, and an empty value
// becomes an en dash so the cell does not read as missing markup.
func mdCell(args ...any) (Markdown, error) {
	out, err := escapeValues(args, false)
	if err == nil && strings.TrimSpace(string(out)) == "" {
		return "–", nil
	}
	return out, err
}

func escapeValues(args []any, lineStart bool) (Markdown, error) {
	var b strings.Builder
	for _, a := range args {
		s, trusted := stringify(a)
		if trusted {
			b.WriteString(s)
			continue
		}
		if err := checkControls(s); err != nil {
			return "", err
		}
		b.WriteString(escapeText(s, lineStart && b.Len() == 0))
	}
	return Markdown(b.String()), nil
}

// checkControls refuses control characters other than tab and line
// breaks: Markdown would turn NUL into U+FFFD and the rest print as
// nothing, so the document would silently differ from the data.
func checkControls(s string) error {
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fmt.Errorf("the data value %q contains the control character U+%04X, which a document cannot show", shorten(s), r)
		}
	}
	return nil
}

func shorten(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
