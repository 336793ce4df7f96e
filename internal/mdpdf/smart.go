package mdpdf

import (
	"unicode"
	"unicode/utf8"
)

// Typographic punctuation in running text, as Pandoc's smart extension
// and every typeset document write it: "quotes" become “quotes”, 'single'
// ‘single’, an apostrophe ’, -- an en dash (–), --- an em dash (—) and ...
// an ellipsis (…). Code is never changed, and a backslash keeps the
// character as typed (\" prints a straight quote). It is a style option,
// on for ctd and patent (geometry.typographic); Options.StraightQuotes
// turns it off.

// smartPunct rewrites the raw Markdown text of one text node; prev is the
// character printed just before it (0 at the start of a block), which
// decides whether a quote opens or closes.
func smartPunct(raw []byte, prev rune) []byte {
	var out []byte
	copied := 0 // raw[:copied] is in out (or out is nil: nothing changed yet)
	put := func(i, n int, s string) {
		if out == nil {
			out = make([]byte, 0, len(raw)+8)
		}
		out = append(out, raw[copied:i]...)
		out = append(out, s...)
		copied = i + n
	}
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\' && i+1 < len(raw):
			prev = rune(raw[i+1])
			i += 2
			continue
		case c == '-' && i+1 < len(raw) && raw[i+1] == '-':
			if i+2 < len(raw) && raw[i+2] == '-' {
				put(i, 3, "—")
				i += 3
				prev = '—'
			} else {
				put(i, 2, "–")
				i += 2
				prev = '–'
			}
			continue
		case c == '.' && i+2 < len(raw) && raw[i+1] == '.' && raw[i+2] == '.':
			put(i, 3, "…")
			i += 3
			prev = '…'
			continue
		case c == '"':
			q := "”"
			if opensQuote(prev) {
				q = "“"
			}
			put(i, 1, q)
			i++
			prev, _ = utf8.DecodeRuneInString(q)
			continue
		case c == '\'':
			q := "’" // apostrophe or closing quote
			if opensQuote(prev) {
				q = "‘"
			}
			put(i, 1, q)
			i++
			prev, _ = utf8.DecodeRuneInString(q)
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		prev = r
		i += n
	}
	if out == nil {
		return raw
	}
	return append(out, raw[copied:]...)
}

// opensQuote reports whether a quote after prev opens: at the start, after
// a space, an opening bracket, a dash or another opening quote.
func opensQuote(prev rune) bool {
	switch prev {
	case 0, '(', '[', '{', '–', '—', '“', '‘', '/':
		return true
	}
	return unicode.IsSpace(prev)
}
