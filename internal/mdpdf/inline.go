package mdpdf

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// inlineState is what inline render funcs build: the spans of the block
// being collected and the stack of open emphasis and links.
type inlineState struct {
	spans []span
	stack []inlineStyle
	prev  rune // the last character collected, for typographic quotes
}

func (s *inlineState) style() inlineStyle {
	if len(s.stack) == 0 {
		return inlineStyle{}
	}
	return s.stack[len(s.stack)-1]
}

func (s *inlineState) push(st inlineStyle) { s.stack = append(s.stack, st) }
func (s *inlineState) pop() {
	if len(s.stack) > 0 {
		s.stack = s.stack[:len(s.stack)-1]
	}
}

// inlines collects the spans of n's inline children.
func (r *renderer) inlines(n ast.Node) ([]span, error) {
	saved := r.in
	r.in = inlineState{}
	defer func() { r.in = saved }()
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if err := r.walk(c); err != nil {
			return nil, err
		}
	}
	return r.in.spans, nil
}

func (r *renderer) addSpan(sp span) {
	r.in.spans = append(r.in.spans, sp)
}

// plainText is the text of spans without styling, for bookmarks and the
// table of contents.
func plainText(spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.text)
		if s.hard || s.soft {
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// outlineText is plainText for the outline (bookmarks), which has no
// styles: a superscript or subscript is written with the Unicode script
// characters when it has them all (10⁴, log₁₀), so "10^4^" does not read
// as 104 in the bookmarks panel, and as plain text otherwise.
func outlineText(spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		t := s.text
		if s.st.script != onBaseline {
			t = scriptChars(t, s.st.script == superscript)
		}
		b.WriteString(t)
		if s.hard || s.soft {
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// Unicode's superscript and subscript forms of the characters that have
// both (digits, signs, parentheses).
const (
	scriptPlain = "0123456789+-=()"
	scriptSuper = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾"
	scriptSub   = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"
)

// scriptChars writes s with Unicode script characters, or returns s as it
// is when one of its characters has no such form.
func scriptChars(s string, super bool) string {
	forms := []rune(scriptSub)
	if super {
		forms = []rune(scriptSuper)
	}
	out := make([]rune, 0, len(s))
	for _, c := range s {
		if c == '−' { // the true minus sign
			c = '-'
		}
		i := strings.IndexRune(scriptPlain, c)
		if i < 0 {
			return s
		}
		out = append(out, forms[i])
	}
	return string(out)
}

func (r *renderer) renderText(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	raw := n.Segment.Value(r.src)
	var text string
	switch {
	case n.IsRaw():
		text = string(raw)
	case r.geo.typographic && !r.opts.StraightQuotes:
		text = decodeText(smartPunct(raw, r.in.prev))
	default:
		text = decodeText(raw)
	}
	if text != "" {
		r.in.prev, _ = utf8.DecodeLastRuneInString(text)
	}
	if n.SoftLineBreak() || n.HardLineBreak() {
		r.in.prev = ' '
	}
	sp := span{text: text, st: r.in.style(), src: n.Segment.Start}
	if text != string(raw) {
		sp.raw = string(raw)
	}
	if n.HardLineBreak() {
		sp.hard = true
	} else if n.SoftLineBreak() {
		sp.soft = true
	}
	r.addSpan(sp)
	return ast.WalkContinue, nil
}

func (r *renderer) renderString(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.String)
	text := string(n.Value)
	if !n.IsCode() && !n.IsRaw() {
		text = decodeText(n.Value)
	}
	r.addSpan(span{text: text, st: r.in.style(), src: nodePos(n.Parent())})
	return ast.WalkContinue, nil
}

func (r *renderer) renderCodeSpan(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	st := r.in.style()
	st.mono = true
	for c := node.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			return ast.WalkStop, r.errorAt(nodePos(c), CodeStructure, "unexpected %s inside a code span", c.Kind())
		}
		v := t.Segment.Value(r.src)
		text := strings.ReplaceAll(string(v), "\n", " ")
		sp := span{text: text, st: st, src: t.Segment.Start}
		if text != string(v) {
			sp.raw = string(v)
		}
		r.addSpan(sp)
	}
	return ast.WalkSkipChildren, nil
}

func (r *renderer) renderEmphasis(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		r.in.pop()
		return ast.WalkContinue, nil
	}
	st := r.in.style()
	if node.(*ast.Emphasis).Level >= 2 {
		st.bold = true
	} else {
		st.italic = true
	}
	r.in.push(st)
	return ast.WalkContinue, nil
}

// renderScript sets ^superscript^ and ~subscript~ smaller and off the
// baseline; the text itself is ordinary text, so it extracts and searches.
func (r *renderer) renderScript(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		r.in.pop()
		return ast.WalkContinue, nil
	}
	st := r.in.style()
	st.script = subscript
	if node.(*mdext.ScriptNode).Super {
		st.script = superscript
	}
	r.in.push(st)
	return ast.WalkContinue, nil
}

func (r *renderer) renderStrikethrough(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		r.in.pop()
		return ast.WalkContinue, nil
	}
	st := r.in.style()
	st.strike = true
	r.in.push(st)
	return ast.WalkContinue, nil
}

// linkStyle turns a destination into a link style: "#id" is an internal
// link to a heading or caption (checked once everything is laid out),
// anything else an external URI.
func (r *renderer) linkStyle(dest string, pos int) inlineStyle {
	st := r.in.style()
	st.link = true
	if strings.HasPrefix(dest, "#") {
		st.anchor, st.url = dest[1:], ""
		r.refs = append(r.refs, anchorRef{id: dest[1:], pos: pos})
	} else {
		st.url, st.anchor = dest, ""
	}
	return st
}

func (r *renderer) renderLink(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		r.in.pop()
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Link)
	dest := string(n.Destination)
	st := r.linkStyle(dest, nodePos(n))
	r.in.push(st) // popped when leaving the node, also if children are skipped
	if n.FirstChild() == nil && strings.HasPrefix(dest, "#") {
		// An empty link to a caption or heading is a cross-reference:
		// it shows the target's label ("Table 2") or title.
		if label, ok := r.labels[dest[1:]]; ok {
			r.addSpan(span{text: label, st: st, src: nodePos(n)})
		}
		return ast.WalkSkipChildren, nil
	}
	return ast.WalkContinue, nil
}

func (r *renderer) renderAutoLink(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	url := string(n.URL(r.src))
	label := string(n.Label(r.src))
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
		url = "mailto:" + url
	}
	st := r.in.style()
	st.link, st.url, st.anchor = true, url, ""
	r.addSpan(span{text: label, st: st, src: nodePos(n)})
	return ast.WalkSkipChildren, nil
}

func (r *renderer) renderRawHTML(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.RawHTML)
	pos := nodePos(n)
	snippet := ""
	if n.Segments.Len() > 0 {
		seg := n.Segments.At(0)
		pos = seg.Start
		snippet = string(seg.Value(r.src))
	}
	r.report(pos, CodeRawHTML, "raw HTML is not allowed in regdoc Markdown: %s; %s", abbreviate(snippet), htmlRemedy(snippet))
	return ast.WalkSkipChildren, nil
}

func (r *renderer) renderTaskCheckBox(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	mark := "[ ] "
	if node.(*east.TaskCheckBox).IsChecked {
		mark = "[x] "
	}
	r.addSpan(span{text: mark, st: inlineStyle{mono: true}, src: nodePos(node.Parent()), noWrap: false})
	return ast.WalkContinue, nil
}

// abbreviate shortens a source snippet for an error message.
func abbreviate(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if utf8.RuneCountInString(s) > 40 {
		rs := []rune(s)
		s = string(rs[:40]) + "…"
	}
	return strconv.Quote(s)
}

// decodeText resolves what CommonMark resolves inside text: backslash
// escapes of ASCII punctuation and entity and numeric character
// references. It follows goldmark's HTML writer so the PDF says what the
// HTML would.
func decodeText(src []byte) string {
	if bytes.IndexByte(src, '\\') < 0 && bytes.IndexByte(src, '&') < 0 && bytes.IndexByte(src, 0) < 0 {
		return string(src)
	}
	var b strings.Builder
	b.Grow(len(src))
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src) && util.IsPunct(src[i+1]):
			b.WriteByte(src[i+1])
			i++
		case c == 0:
			b.WriteRune(utf8.RuneError)
		case c == '&':
			if r, n, ok := charRef(src[i:]); ok {
				b.WriteString(r)
				i += n - 1
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// charRef decodes an entity or numeric reference at the start of s,
// returning the text, the length consumed and whether s starts with one.
func charRef(s []byte) (string, int, bool) {
	if len(s) < 3 || s[0] != '&' {
		return "", 0, false
	}
	semi := bytes.IndexByte(s, ';')
	if semi < 2 || semi > 40 { // "&;" is not a reference
		return "", 0, false
	}
	body := s[1:semi]
	if body[0] == '#' {
		var v uint64
		var err error
		switch {
		case len(body) >= 2 && (body[1] == 'x' || body[1] == 'X'):
			if len(body) < 3 || len(body)-2 > 6 {
				return "", 0, false
			}
			v, err = strconv.ParseUint(string(body[2:]), 16, 32)
		default:
			if len(body) < 2 || len(body)-1 > 7 {
				return "", 0, false
			}
			v, err = strconv.ParseUint(string(body[1:]), 10, 32)
		}
		if err != nil {
			return "", 0, false
		}
		return string(util.ToValidRune(rune(v))), semi + 1, true
	}
	for _, c := range body {
		if !util.IsAlphaNumeric(c) {
			return "", 0, false
		}
	}
	e, ok := util.LookUpHTML5EntityByName(string(body))
	if !ok {
		return "", 0, false
	}
	return string(e.Characters), semi + 1, true
}

// rawIndex finds where in raw source the decoded character c comes from:
// the character itself, or the entity or numeric reference that spells it.
func rawIndex(raw []byte, c rune) int {
	for i := 0; i < len(raw); {
		if raw[i] == '&' {
			if t, n, ok := charRef(raw[i:]); ok {
				if strings.ContainsRune(t, c) {
					return i
				}
				i += n
				continue
			}
		}
		r, n := utf8.DecodeRune(raw[i:])
		if r == c {
			return i
		}
		i += n
	}
	return -1
}
