// Package mdtemplate executes Markdown templates with every data value
// escaped, the way html/template protects HTML: before any data are seen,
// the parse tree is analysed for the Markdown context each action's output
// lands in (paragraph text at a line's start or within it, a table cell, a
// link's destination or title; code spans, fenced and indented code and
// figure blocks are refused), branch and range contexts are reconciled, each
// called template is copied and escaped for the context of its call, and
// every printed action is given the escaper that fits. A value can therefore
// never become Markdown structure — a step named "Caprylate | *fast* [x](y)"
// prints literally. Trusted Markdown produced by the function library is its
// own type and passes through unchanged.
//
// Every problem — a syntax error, a refused action, a failed execution, a
// data value that cannot be printed, a limit passed — is a diag.Problems
// error with the template's file, line and column.
package mdtemplate

import (
	"fmt"
	"strings"
	"unicode"
)

// Markdown is trusted Markdown: a value of this type is written into the
// document as it is. Only the function library makes it; data never are.
type Markdown string

// kind is the kind of place in Markdown a printed value lands in.
type kind int

const (
	kindText  kind = iota // running text: paragraph, heading, list item, quote, footnote, caption, link text
	kindCell              // a GFM table cell
	kindDest              // a link destination
	kindTitle             // a link title
)

func (k kind) String() string {
	switch k {
	case kindCell:
		return "a table cell"
	case kindDest:
		return "a link destination"
	case kindTitle:
		return "a link title"
	}
	return "running text"
}

// mode is how one action's value is escaped: decided from the template
// alone by the analysis in rewrite.go.
type mode struct {
	kind      kind
	lineStart bool   // the value may start a line's text, where "-", "1." or "#" open blocks
	maybeMid  bool   // … or may follow other text on the line: keep one leading blank
	startGap  bool   // … and blanks may already stand before it at the line's start
	unsettled bool   // the line's text so far is only structural characters ("=", "#", "1")
	idOnly    bool   // the value stands inside "{…}", where a heading or caption takes its id
	trimLeft  bool   // the value follows an emphasis delimiter, where a blank would end the emphasis
	destStart bool   // nothing before the value in a link destination settles the scheme
	destSoFar string // the destination before the value, as far as execution knows it
	builder   bool   // the action calls a function that builds blocks (table, figures)
}

// inlineSpecial are characters that can open Markdown inline structure
// anywhere in a line: emphasis, code, links, images ("!["), autolinks, raw
// HTML, entities, strikethrough, superscript and subscript, table pipes,
// the "{…}" attributes that end headings and captions, and the quotes the
// typesetter would make typographic. Escaping them is always safe in
// CommonMark, where a backslash before any ASCII punctuation prints the
// punctuation.
const inlineSpecial = "\\`*_[]<>|~&#{}!@^\"'"

// lineBreaks are what a data value may hold to break a line; a value is one
// run of text, so each becomes a space.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\u0085", " ", "\u2028", " ", "\u2029", " ", "\t", " ")

// escapeText escapes s for running text or a table cell.
func escapeText(s string, m mode) string {
	s = lineBreaks.Replace(s)
	switch t := strings.TrimLeft(s, " "); {
	case m.trimLeft:
		// Any white space, a no-break space too, after an emphasis
		// delimiter keeps it from opening.
		s = strings.TrimLeftFunc(s, unicode.IsSpace) // a value is one line: no line breaks are left
	case m.lineStart && m.maybeMid && !m.startGap && t != s:
		// At a line's start one blank is harmless (paragraphs drop it);
		// after other text it keeps two words apart.
		s = " " + t
	case m.lineStart, m.unsettled:
		s = t
	}
	if t := strings.TrimRight(s, " "); len(s)-len(t) >= 2 {
		// Two spaces before the end of a line make a hard line break.
		s = t + " "
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte(inlineSpecial, c) >= 0, m.unsettled && isASCIIPunct(c):
			// After "=", "#" or "1" at a line's start any punctuation
			// could complete a structure ("==", " x", ". x"), so all of
			// it is escaped there.
			b.WriteByte('\\')
		case c == '-' && i > 0 && s[i-1] == '-', c == '.' && strings.HasPrefix(s[i:], "..."):
			// The typesetter sets -- as a dash and ... as an ellipsis in
			// running text; an escaped second dash or first dot keeps a
			// value's characters as they are.
			b.WriteByte('\\')
		case c == ':' && strings.HasPrefix(s[i:], "://"):
			// "http://…" would become a link (GFM autolinks).
			b.WriteByte('\\')
		case c == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www") && (i == 3 || !isWordByte(s[i-4])):
			b.WriteByte('\\') // "www.example.org" likewise
		}
		b.WriteByte(c)
	}
	out := b.String()
	if m.lineStart {
		t := strings.TrimLeft(out, " ")
		out = out[:len(out)-len(t)] + escapeLineStart(t)
	}
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// escapeLineStart neutralises what opens a block when it starts a line:
// list bullets, ordered-list numbers, block quotes and headings (already
// escaped), setext underlines, thematic breaks and captions. Leading
// blanks were dropped: they would make an indented code block.
func escapeLineStart(s string) string {
	if s == "" {
		return ""
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

// escapeTitle escapes s for a link title: every ASCII punctuation
// character is escaped, so no quote or parenthesis ends the title.
func escapeTitle(s string) string {
	s = lineBreaks.Replace(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x80 && isASCIIPunct(c) {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// escapeDest escapes s for a link destination. The typesetter takes the
// destination as written (it undoes neither backslash escapes nor
// entities), so everything that could end the destination or read as
// Markdown there — blanks, controls, parentheses, angle brackets, quotes,
// backslash, backtick, ampersand — and the percent sign itself are
// percent-encoded, which any reader of the link undoes. A value that
// starts the destination chooses the scheme, so it must be a web or mail
// address or a relative reference, and may not pick a place in the
// document.
func escapeDest(s string, m mode) (string, error) {
	if m.destStart && !strings.ContainsAny(m.destSoFar, ":/?#") {
		full := m.destSoFar + s
		if strings.HasPrefix(full, "#") {
			return "", fmt.Errorf("would choose a place in the document to link to; write the #id in the template")
		}
		if i := strings.IndexAny(full, ":/?#"); i > 0 && full[i] == ':' {
			switch strings.ToLower(full[:i]) {
			case "http", "https", "mailto":
			default:
				return "", fmt.Errorf("makes a link to %q, a scheme a document may not link to (use http, https or mailto)", full[:i+1])
			}
		}
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == 0x7f || strings.IndexByte(`()<>"'\&%`+"`", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), nil
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

// escapeValue prints one action's value in its mode. The error says what
// is wrong with the value, to follow "the value of .Path".
func escapeValue(m mode, v any) (Markdown, error) {
	s, trusted := stringify(v)
	if trusted {
		if !m.builder && strings.ContainsAny(s, "\r\n") {
			return "", fmt.Errorf("is Markdown of several lines where one line of text belongs")
		}
		return Markdown(s), nil
	}
	if err := checkControls(s); err != nil {
		return "", err
	}
	switch m.kind {
	case kindDest:
		d, err := escapeDest(lineBreaks.Replace(s), m)
		return Markdown(d), err
	case kindTitle:
		return Markdown(escapeTitle(s)), nil
	}
	if m.idOnly {
		// Inside "{#…}" at the end of a heading or caption the value is an
		// id, and escapes do not work there: only an id's characters may go.
		if strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:.-") != "" {
			return "", fmt.Errorf("%q stands inside {…}, where a heading or caption takes an id and only letters, digits, \"-\", \":\" and \".\" are safe; print it outside the braces", shorten(s))
		}
		return Markdown(s), nil
	}
	var out string
	if u, ok := v.(unitText); ok {
		out = escapeUnit(lineBreaks.Replace(string(u)), m)
	} else if r, ok := v.(RichText); ok {
		if err := checkControls(r.RichText()); err != nil {
			return "", err
		}
		out = escapeRich(lineBreaks.Replace(r.RichText()), m)
	} else {
		out = escapeText(s, m)
	}
	if m.kind == kindCell && strings.TrimSpace(out) == "" {
		// An empty cell prints an en dash, so it does not read as missing.
		out = "–"
	}
	return Markdown(out), nil
}

// checkControls refuses characters a document cannot show faithfully:
// control characters other than tab and line breaks (Markdown turns NUL
// into U+FFFD and the rest print as nothing) and the bidirectional
// formatting characters, which reorder the text around them as printed, so
// the page would read differently from the data.
func checkControls(s string) error {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return fmt.Errorf("%q contains the control character U+%04X, which a document cannot show; remove it from the data", shorten(s), r)
		case r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return fmt.Errorf("%q contains the bidirectional control U+%04X, which would reorder the printed text; remove it from the data", shorten(s), r)
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

// dataError is a data value a function of the library refuses to print
// (a table cell); it becomes a template/value problem at the call.
type dataError struct{ err error }

func (e *dataError) Error() string { return e.err.Error() }
func (e *dataError) Unwrap() error { return e.err }

// mdCell escapes a value for a table cell (the table builder's cells).
func mdCell(v any) (Markdown, error) { return escapeValue(mode{kind: kindCell}, v) }
