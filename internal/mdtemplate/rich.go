package mdtemplate

import (
	"regexp"
	"strings"
)

// RichText is implemented by data values whose schema marks them rich,
// such as the name of an organism (*Treponema pallidum*) or a
// description with units (10^6^ cells, H~2~O). In them the writer may use
// emphasis (*x* or _x_), strong (**x**), superscript (^x^) and subscript
// (~x~), and nothing else: every other character is escaped as in any
// value, so a rich value can never make a link, HTML, a list, a table or
// a heading. Every other value stays literal.
type RichText interface {
	// RichText returns the value's text, inline marks included.
	RichText() string
}

// richMark is one mark of the safe subset around text that neither starts
// nor ends with a space (so it can neither open a list item nor fail to
// close); the marks do not nest.
var richMark = regexp.MustCompile(`\*\*([^*\s](?:[^*]*[^*\s])?)\*\*|\*([^*\s](?:[^*]*[^*\s])?)\*|_([^_\s](?:[^_]*[^_\s])?)_|\^([^^\s]+)\^|~([^~\s]+)~`)

// webAddress is a URL or an e-mail address as a writer types one: it
// prints exactly as written in a rich value too, so the underscores and
// asterisks of http://example.org/_a_ are not taken for emphasis.
var webAddress = regexp.MustCompile(`(?i)(?:https?://|mailto:|www\.)\S*|[^\s@]+@\S+`)

// escapeRich escapes a rich value for running text or a table cell,
// keeping its marks of the safe subset outside web addresses.
func escapeRich(s string, m mode) string {
	w := newMarkedWriter(m)
	at := 0
	addresses := webAddress.FindAllStringIndex(s, -1)
	inAddress := func(from, to int) bool {
		for _, a := range addresses {
			if from < a[1] && a[0] < to {
				return true
			}
		}
		return false
	}
	for _, loc := range richMark.FindAllStringSubmatchIndex(s, -1) {
		if inAddress(loc[0], loc[1]) {
			continue
		}
		w.text(s[at:loc[0]])
		for g := 1; g <= 5; g++ {
			if loc[2*g] < 0 {
				continue
			}
			mark := [...]string{"", "**", "*", "_", "^", "~"}[g]
			w.marked(mark, escapeText(s[loc[2*g]:loc[2*g+1]], w.mid))
		}
		at = loc[1]
	}
	w.text(s[at:])
	return w.String()
}

// markedWriter builds an escaped value from plain runs and marked runs
// (emphasis, sub- and superscripts). Only the value's first run is
// escaped in the value's own mode, where it may begin a line and so open
// a block; every later run is escaped as text in the middle of a line.
type markedWriter struct {
	strings.Builder
	m, mid mode
	first  bool
}

func newMarkedWriter(m mode) *markedWriter {
	return &markedWriter{m: m, mid: mode{kind: m.kind}, first: true}
}

// text writes a plain run, escaped.
func (w *markedWriter) text(t string) {
	if t == "" {
		return
	}
	if w.first {
		w.WriteString(escapeText(t, w.m))
	} else {
		w.WriteString(escapeText(t, w.mid))
	}
	w.first = false
}

// marked writes inner, already safe, between two marks.
func (w *markedWriter) marked(mark, inner string) {
	w.WriteString(mark + inner + mark)
	w.first = false
}
