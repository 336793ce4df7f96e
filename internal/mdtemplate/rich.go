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
	mid := mode{kind: m.kind}
	var b strings.Builder
	at := 0
	first := true
	text := func(t string) {
		if t == "" {
			return
		}
		if first {
			b.WriteString(escapeText(t, m))
		} else {
			b.WriteString(escapeText(t, mid))
		}
		first = false
	}
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
		text(s[at:loc[0]])
		for g := 1; g <= 5; g++ {
			if loc[2*g] < 0 {
				continue
			}
			mark := [...]string{"", "**", "*", "_", "^", "~"}[g]
			inner := escapeText(s[loc[2*g]:loc[2*g+1]], mid)
			b.WriteString(mark + inner + mark)
		}
		first = false
		at = loc[1]
	}
	text(s[at:])
	return b.String()
}
