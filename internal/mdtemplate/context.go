package mdtemplate

import (
	"sort"
	"strings"
)

// state is one way the Markdown can stand at a point of a template: what
// the current line holds so far and which blocks are open. A printed data
// value counts as the letter "x" in line.
//
// Like html/template's context, a state is derived from the template text
// alone, before any data are seen; unlike HTML, Markdown's meaning depends
// on the whole line (a value after "- " opens a list item's text, one after
// "| " a table cell), so the line is kept as text and classified when an
// action needs it. Long lines are shortened to a canonical line of the
// same class (canonical), so a range that grows its line reaches a fixed
// point.
type state struct {
	line   string // text of the current line so far
	fence  string // marker of an open fenced code block ("```", "~~~~"), "" if none
	figure bool   // the open fence is a figure block (its body is a JSON spec)
	para   bool   // a paragraph or table is open: the current line continues it
	table  bool   // a GFM table is open: a line without pipes is one of its rows
	tick   int    // length of a code span's backtick run left open by earlier lines
	// emptied: the line holds only blanks because the values before on it
	// printed nothing; its indentation is then the template's blanks
	// between empty values, not an indented code block the template wrote.
	emptied bool
}

// context is the set of states a point of the template can be in: one per
// way of reaching it through branches and range passes. It is kept sorted
// and free of duplicates so equal sets compare equal.
type context []state

// maxStates bounds the states one point of a template may be in; more mean
// a template whose Markdown shape depends on its data in too many ways to
// check, and is refused.
const maxStates = 256

// maxLine is the longest line kept as written; longer lines are replaced by
// their canonical line, which keeps everything an action's escaping needs.
const maxLine = 32

func single(s state) context { return context{s} }

func (c context) key() string {
	var b strings.Builder
	for _, s := range c {
		b.WriteString(s.key())
		b.WriteByte('\x00')
	}
	return b.String()
}

func (s state) key() string {
	flags := []byte{'-', '-', '-', byte('0' + min(s.tick, 9)), '-'}
	if s.emptied {
		flags[4] = 'e'
	}
	if s.figure {
		flags[0] = 'f'
	}
	if s.para {
		flags[1] = 'p'
	}
	if s.table {
		flags[2] = 't'
	}
	return s.fence + "\x01" + string(flags) + "\x01" + s.line
}

// union joins two contexts.
func union(a, b context) context {
	if len(b) == 0 && len(a) <= 1 {
		return a
	}
	type keyed struct {
		k string
		s state
	}
	all := make([]keyed, 0, len(a)+len(b))
	for _, c := range [2]context{a, b} {
		for _, s := range c {
			all = append(all, keyed{s.key(), s})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].k < all[j].k })
	out := make(context, 0, len(all))
	for i, x := range all {
		if i == 0 || x.k != all[i-1].k {
			out = append(out, x.s)
		}
	}
	return out
}

func (c context) equal(d context) bool { return c.key() == d.key() }

// advance moves every state over literal template text.
func (c context) advance(text string) context {
	out := make(context, len(c))
	for i, s := range c {
		out[i] = s.advance(text)
	}
	return union(out, nil)
}

func (s state) advance(text string) state {
	for {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			s.line += text
			break
		}
		s = s.endLine(s.line + strings.TrimSuffix(text[:i], "\r"))
		s.line, s.emptied = "", false
		text = text[i+1:]
	}
	s.line = collapseBlanks(s.line)
	if s.line != "" && (len(s.line) > maxLine || s.settled()) {
		s.line = s.canonical()
	}
	return s
}

// endLine moves a state past a completed line of Markdown.
func (s state) endLine(l string) state {
	if s.fence != "" {
		if closesFence(stripContainers(l), s.fence) {
			s.fence, s.figure = "", false
		}
		return s
	}
	body := stripContainers(l)
	if marker, info, ok := opensFence(body); ok {
		s.fence, s.figure = marker, strings.HasPrefix(info, "figure")
		s.para, s.table, s.tick = false, false, 0
		return s
	}
	if strings.TrimSpace(body) == "" {
		s.para, s.table, s.tick = false, false, 0
		return s
	}
	if !s.para && indentOf(body) >= 4 {
		return s // a line of an indented code block
	}
	if isATXHeading(body) || isThematicBreak(body) {
		s.para, s.table, s.tick = false, false, 0
		return s
	}
	if s.para && !s.table && isDelimiterRow(body) {
		s.table = true
	}
	s.tick = scanInline(s.tick, l).tick
	if s.table {
		s.tick = 0 // a code span does not run from one table row into the next
	}
	s.para = true
	return s
}

// collapseBlanks turns each run of blanks after a line's indentation into
// one space: no Markdown structure a line can make depends on their
// number there, and without this a range printing blanks would make a new
// state on every pass.
func collapseBlanks(line string) string {
	body := stripContainers(line)
	lead := len(line) - len(strings.TrimLeft(body, " \t"))
	rest := line[lead:]
	if !strings.Contains(rest, "  ") && !strings.Contains(rest, "\t") {
		return line
	}
	var b strings.Builder
	b.WriteString(line[:lead])
	blank := false
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if c == ' ' || c == '\t' {
			if !blank {
				b.WriteByte(' ')
			}
			blank = true
			continue
		}
		blank = false
		b.WriteByte(c)
	}
	return b.String()
}

// settled reports whether the current line can no longer become a line
// of structure (a fence, a thematic break, a setext underline, a table's
// delimiter row, an indented code line or more container markers): its
// text holds a character none of those are made of. Only then may it be
// replaced by its canonical line.
func (s state) settled() bool {
	if s.fence != "" || strings.HasSuffix(s.line, "\\") {
		return false
	}
	body := stripContainers(s.line)
	if !s.para && indentOf(body) >= 4 {
		return false
	}
	if _, _, ok := opensFence(body); ok {
		return false
	}
	return strings.TrimLeft(body, structural) != ""
}

// structural are the characters block structure is made of at the start
// of a line: fences, rules, setext underlines, headings, quotes, list
// markers and table delimiter rows.
const structural = "-*_=|:`~#>+.)0123456789 \t"

// unsettledLine reports whether text that starts a line's content (t, its
// leading blanks removed) is made only of structural characters, so a
// value printed after it could still complete a structure: "=" and "==",
// "#" and " x", "1" and ". x".
func unsettledLine(t string) bool {
	return t != "" && strings.Trim(t, structural) == ""
}

// canonical is a short line of the same class as s.line: the same
// container prefix, the same kind of line (heading, table row, text), the
// same open inline structure (code span, link destination or title) and
// the same emphasis delimiter at its end. States that differ only in the
// words of a line thus become one, and a range reaches a fixed point.
func (s state) canonical() string {
	body := stripContainers(s.line)
	line := ""
	if len(body) < len(s.line) {
		line = "> "
	}
	switch t := strings.TrimLeft(body, " \t"); {
	case isATXHeading(t):
		line += "# x"
	case strings.HasPrefix(t, "|"):
		line += "| x"
	default:
		line += "x"
	}
	in := scanInline(s.tick, s.line)
	switch {
	case in.autolink:
		line += " <x"
	case in.tick > 0 && in.tick == s.tick:
		// The code span was opened on an earlier line and is still open.
	case in.tick > 0:
		line += " " + strings.Repeat("`", in.tick) + "x"
	case in.link == linkDest:
		line += " "
		if in.image {
			line += "!"
		}
		line += "[x]("
		if in.angle {
			line += "<"
		}
		switch {
		case strings.ContainsAny(in.destSoFar, ":/?#"):
			line += "x:"
		case in.destSoFar != "":
			line += "x"
		}
	case in.link == linkAfterDest:
		line += " [x](x "
	case in.link == linkTitle:
		q := string(in.quote)
		if q == ")" {
			q = "("
		}
		line += " [x](x " + q + "x"
	case in.brace:
		line += " {x"
	default:
		if last := s.line[len(s.line)-1]; strings.IndexByte("*_~", last) >= 0 {
			line += " " + string(last)
		}
	}
	return line
}

// linkPart says where in an inline link a point of a line is.
type linkPart int

const (
	linkNone      linkPart = iota
	linkDest               // in the destination: [text](here
	linkAfterDest          // between destination and title: [text](dest here
	linkTitle              // in the title: [text](dest "here
)

// inlineState is what scanInline learns about the end of a line so far.
type inlineState struct {
	tick      int      // length of an open code span's backtick run; 0 if none
	autolink  bool     // the line ends inside an autolink, <https://… or <name@…
	brace     bool     // the line ends inside "{…}", where headings and captions take an id
	link      linkPart // where in a link the line ends
	image     bool     // the link is an image
	quote     byte     // the character that closes the title
	angle     bool     // the destination is written in <…>
	after     string   // text after a link that closed (scanDest's answer)
	destSoFar string   // the destination before the end of the line
}

// scanInline follows the inline structure of a line so far: code spans
// (carried over from earlier lines of the paragraph by tick) and inline
// links. It follows CommonMark closely enough to know where a value lands;
// where it cannot be sure it assumes the stricter place.
func scanInline(tick int, line string) inlineState {
	st := inlineState{tick: tick}
	lastImage := false
	body := stripContainers(line)
	start := len(line) - len(body)
	// A link reference definition "[label]: dest "title"" at the start of a block.
	if t := strings.TrimLeft(body, " "); tick == 0 && strings.HasPrefix(t, "[") && !strings.HasPrefix(t, "[^") {
		if i := strings.Index(t, "]:"); i > 0 && !strings.ContainsAny(t[:i], "[]") {
			rest := strings.TrimLeft(t[i+2:], " \t")
			st.link = linkDest
			if rest != "" {
				return scanDest(st, rest)
			}
			return st
		}
	}
	for i := start; i < len(line); i++ {
		c := line[i]
		if st.tick > 0 {
			if c == '`' {
				n := run(line, i, '`')
				if n == st.tick {
					st.tick = 0
				}
				i += n - 1
			}
			continue
		}
		switch c {
		case '\\':
			i++
		case '`':
			n := run(line, i, '`')
			st.tick = n
			i += n - 1
		case '<':
			if openAutolink(line[i+1:]) {
				st.autolink = true
				return st
			}
		case '{':
			st.brace = true
		case '}':
			st.brace = false
		case '[':
			lastImage = i > 0 && line[i-1] == '!'
		case ']':
			if i+1 < len(line) && line[i+1] == '(' {
				st.image = lastImage
				st.link = linkDest
				rest := line[i+2:]
				if rest == "" {
					return st
				}
				st = scanDest(st, rest)
				if st.link != linkNone {
					return st
				}
				// The link closed; go on after it.
				i = len(line) - len(st.after) - 1
				st.after = ""
			}
		}
	}
	return st
}

// openAutolink reports whether rest, the text after a "<" up to the end
// of the line so far, may be the start of an autolink not yet closed
// (<https://… or <name@…) or of an HTML tag: a word with no blank or
// angle bracket after it. Backslash escapes do not work there. A bare "<"
// right before a value is not one: the execution escapes it (closeBefore).
func openAutolink(rest string) bool {
	if rest == "" || strings.ContainsAny(rest, " \t<>") {
		return false
	}
	if c := rest[0]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
		return true
	}
	return strings.ContainsAny(rest, "@:")
}

// scanDest follows a link's destination and title from just after "](".
// It leaves st.link at linkNone and st.after at the text after ")" when
// the link closes within rest.
func scanDest(st inlineState, rest string) inlineState {
	st.link = linkDest
	i := 0
	if strings.HasPrefix(rest, "<") {
		st.angle = true
		i = 1
		for ; i < len(rest); i++ {
			switch rest[i] {
			case '\\':
				i++
			case '>':
				st.angle = false
				st.link = linkAfterDest
				i++
				goto title
			}
		}
		st.destSoFar = rest[1:]
		return st
	}
	for depth := 0; i < len(rest); i++ {
		switch c := rest[i]; c {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			if depth == 0 {
				st.link, st.after = linkNone, rest[i+1:]
				return st
			}
			depth--
		case ' ', '\t':
			st.link = linkAfterDest
			goto title
		}
	}
	st.destSoFar = rest
	return st
title:
	for ; i < len(rest); i++ {
		c := rest[i]
		switch st.link {
		case linkAfterDest:
			switch c {
			case '"', '\'':
				st.link, st.quote = linkTitle, c
			case '(':
				st.link, st.quote = linkTitle, ')'
			case ')':
				st.link, st.after = linkNone, rest[i+1:]
				return st
			}
		case linkTitle:
			switch c {
			case '\\':
				i++
			case st.quote:
				st.link = linkAfterDest
				st.quote = 0
			}
		}
	}
	return st
}

func run(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

func indentOf(s string) int {
	n := 0
	for _, c := range s {
		switch c {
		case ' ':
			n++
		case '\t':
			n += 4 - n%4
		default:
			return n
		}
	}
	return n
}

// opensFence reports whether line opens a fenced code block, with the
// fence marker and the info string.
func opensFence(line string) (marker, info string, ok bool) {
	if indentOf(line) >= 4 {
		return "", "", false
	}
	t := strings.TrimLeft(line, " \t")
	if t == "" || (t[0] != '`' && t[0] != '~') {
		return "", "", false
	}
	n := run(t, 0, t[0])
	if n < 3 {
		return "", "", false
	}
	info = strings.TrimSpace(t[n:])
	if t[0] == '`' && strings.Contains(info, "`") {
		return "", "", false
	}
	return t[:n], info, true
}

func closesFence(line, marker string) bool {
	if indentOf(line) >= 4 {
		return false
	}
	t := strings.TrimSpace(line)
	return len(t) >= len(marker) && run(t, 0, marker[0]) == len(t)
}

func isATXHeading(line string) bool {
	if indentOf(line) >= 4 {
		return false
	}
	t := strings.TrimLeft(line, " \t")
	n := run(t, 0, '#')
	return n >= 1 && n <= 6 && (len(t) == n || t[n] == ' ' || t[n] == '\t')
}

func isThematicBreak(line string) bool {
	if indentOf(line) >= 4 {
		return false
	}
	t := strings.Join(strings.Fields(line), "")
	return len(t) >= 3 && (run(t, 0, '-') == len(t) || run(t, 0, '*') == len(t) || run(t, 0, '_') == len(t))
}

// isDelimiterRow reports whether line is a GFM table's delimiter row
// ("|:--|--:|").
func isDelimiterRow(line string) bool {
	t := strings.TrimSpace(line)
	return strings.Contains(t, "-") && strings.Trim(t, "|:- \t") == "" && (strings.Contains(t, "|") || strings.Contains(t, ":"))
}

// stripContainers removes the block quote markers ("> ") and list markers
// ("- ", "* ", "+ ", "1. ", "1) ") that open a line, so what remains is
// the text of the innermost block.
func stripContainers(line string) string {
	for {
		t := strings.TrimLeft(line, " \t")
		if indentOf(line) >= 4 {
			return line
		}
		switch {
		case strings.HasPrefix(t, ">"):
			line = strings.TrimPrefix(t[1:], " ")
			continue
		case strings.HasPrefix(t, "[^") && strings.Contains(t, "]:"):
			// A footnote definition holds blocks like a list item.
			i := strings.Index(t, "]:")
			if strings.ContainsAny(t[2:i], "[] \t") {
				return line
			}
			line = strings.TrimPrefix(t[i+2:], " ")
			continue
		case len(t) >= 2 && strings.ContainsRune("-*+", rune(t[0])) && (t[1] == ' ' || t[1] == '\t'):
			if isThematicBreak(t) {
				return line
			}
			line = t[2:]
			continue
		}
		i := 0
		for i < len(t) && i < 9 && t[i] >= '0' && t[i] <= '9' {
			i++
		}
		if i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && (t[i+1] == ' ' || t[i+1] == '\t') {
			line = t[i+2:]
			continue
		}
		return line
	}
}
