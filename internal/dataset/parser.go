package dataset

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/diag"
)

// parser is a recursive-descent JSON parser tuned for the clean case: it
// builds the value tree in one pass, allocates only what the tree needs, and
// does position work (line:column, pointers) only when it has something to
// report. Recursion is bounded by maxDepth, which is at most HardMaxDepth, so
// hostile nesting cannot overflow the stack.
type parser struct {
	src []byte
	// text is src as one string: member names, strings without escapes
	// and numbers are slices of it, so a clean file costs one copy of its
	// bytes rather than an allocation per value.
	text     string
	pos      int
	depth    int
	maxDepth int
	doc      *Document

	// path holds the member name or element index of every container being
	// parsed; only path[:plen] is current. It costs one store per member and
	// turns into a JSON pointer only when a diagnostic needs one.
	path []pathElem
	plen int

	// sizes holds, per nesting level, the length of the last object or
	// array closed there. Records repeat their shape (every step has the
	// same members), so it is the best guess of the next one's length:
	// sized right away, a map or slice is never grown and copied.
	sizes []int

	ds []diag.Diagnostic
}

// maxSizeHint caps the guess from sizes, so one long array does not make
// every later one at its level reserve as much.
const maxSizeHint = 64

type pathElem struct {
	key   string
	index int
	isKey bool
}

// safe marks bytes that can be copied straight out of a string literal: not
// the quote, not the backslash, no control character, ASCII only (other
// bytes go through UTF-8 validation).
var safe = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func (p *parser) parseDocument() (any, bool) {
	// Parse has already set aside a leading byte order mark; a second one
	// is a stray character.
	p.skipSpace()
	if p.pos >= len(p.src) {
		p.syntax(p.pos, "empty file: expected a JSON value")
		return nil, false
	}
	v, ok := p.value()
	if !ok {
		return nil, false
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		p.syntax(p.pos, "unexpected "+p.describe(p.pos)+" after the end of the JSON value (only one value is allowed per file)")
		return nil, false
	}
	return v, true
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\n', '\t', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value() (any, bool) {
	if p.pos >= len(p.src) {
		p.syntax(p.pos, "unexpected end of file: expected a value")
		return nil, false
	}
	switch c := p.src[p.pos]; c {
	case '{':
		return p.object()
	case '[':
		return p.array()
	case '"':
		s, ok := p.string()
		return s, ok
	case 't':
		return true, p.literal("true")
	case 'f':
		return false, p.literal("false")
	case 'n':
		return nil, p.literal("null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			return p.number()
		}
		p.badValue(p.pos)
		return nil, false
	}
}

func (p *parser) push(off int) bool {
	p.depth++
	if p.depth > p.maxDepth {
		p.report(diag.Error, CodeTooDeep, off, "nesting is deeper than "+strconv.Itoa(p.maxDepth)+" levels of objects and arrays")
		return false
	}
	if len(p.path) < p.depth {
		p.path = append(p.path, pathElem{})
		p.sizes = append(p.sizes, 0)
	}
	return true
}

func (p *parser) object() (any, bool) {
	start := p.pos
	if !p.push(start) {
		return nil, false
	}
	d := p.depth
	p.pos++ // '{'
	m := make(map[string]any, min(p.sizes[d-1], maxSizeHint))
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		p.depth--
		return m, true
	}
	comma := -1
	for {
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			switch {
			case p.pos < len(p.src) && p.src[p.pos] == '}' && comma >= 0:
				p.syntax(comma, "trailing comma before '}': remove the ',' after the last member")
			case p.pos >= len(p.src):
				p.syntax(p.pos, "unexpected end of file: object opened at "+p.where(start)+" is not closed")
			case p.src[p.pos] == '\'':
				p.syntax(p.pos, "member names must be in double quotes, not single quotes")
			case comma >= 0 && p.pos > comma:
				if n, ok := decimalComma(p.src, comma); ok {
					p.syntax(comma, "a decimal comma: JSON numbers take a decimal point; write "+n)
					break
				}
				fallthrough
			default:
				p.syntax(p.pos, "expected a member name in double quotes, found "+p.describe(p.pos))
			}
			return nil, false
		}
		keyOff := p.pos
		key, ok := p.string()
		if !ok {
			return nil, false
		}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			p.syntax(p.pos, "expected ':' after member name "+strconv.Quote(key)+", found "+p.describe(p.pos))
			return nil, false
		}
		p.pos++
		p.skipSpace()
		p.path[d-1] = pathElem{key: key, isKey: true}
		p.plen = d
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		p.plen = d - 1
		k := key
		// Comparing the length before and after the store detects a
		// duplicate with a single hash operation; the later value wins,
		// as in encoding/json.
		n := len(m)
		m[k] = v
		if len(m) == n {
			p.duplicate(start, keyOff, k)
		}
		p.skipSpace()
		if p.pos >= len(p.src) {
			p.syntax(p.pos, "unexpected end of file: object opened at "+p.where(start)+" is not closed")
			return nil, false
		}
		switch p.src[p.pos] {
		case ',':
			comma = p.pos
			p.pos++
			p.skipSpace()
		case '}':
			p.pos++
			p.depth--
			p.sizes[d-1] = len(m)
			return m, true
		default:
			p.syntax(p.pos, "expected ',' or '}' after object member, found "+p.describe(p.pos))
			return nil, false
		}
	}
}

func (p *parser) array() (any, bool) {
	start := p.pos
	if !p.push(start) {
		return nil, false
	}
	d := p.depth
	p.pos++ // '['
	a := make([]any, 0, max(4, min(p.sizes[d-1], maxSizeHint)))
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		p.depth--
		return a, true
	}
	comma := -1
	for {
		if p.pos < len(p.src) && p.src[p.pos] == ']' && comma >= 0 {
			p.syntax(comma, "trailing comma before ']': remove the ',' after the last element")
			return nil, false
		}
		p.path[d-1] = pathElem{index: len(a)}
		p.plen = d
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		p.plen = d - 1
		a = append(a, v)
		p.skipSpace()
		if p.pos >= len(p.src) {
			p.syntax(p.pos, "unexpected end of file: array opened at "+p.where(start)+" is not closed")
			return nil, false
		}
		switch p.src[p.pos] {
		case ',':
			comma = p.pos
			p.pos++
			p.skipSpace()
		case ']':
			p.pos++
			p.depth--
			p.sizes[d-1] = len(a)
			return a, true
		default:
			p.syntax(p.pos, "expected ',' or ']' after array element, found "+p.describe(p.pos))
			return nil, false
		}
	}
}

// string parses the string literal at p.pos.
func (p *parser) string() (string, bool) {
	s, end, err := scanStringIn(p.src, p.text, p.pos)
	if err != nil {
		p.syntax(err.off, err.msg)
		return "", false
	}
	p.pos = end
	return s, true
}

// stringError is a malformed string literal: where and why.
type stringError struct {
	off int
	msg string
}

// scanString decodes the string literal starting at src[start] == '"' and
// returns it with the offset just past the closing quote. Strings without
// escapes (nearly all of them) are sliced out with one allocation.
func scanString(src []byte, start int) (string, int, *stringError) {
	return scanStringIn(src, "", start)
}

// scanStringIn is scanString that, given text (src as a string), returns a
// literal without escapes as a slice of text instead of a copy.
func scanStringIn(src []byte, text string, start int) (string, int, *stringError) {
	i := start + 1
	for {
		for i < len(src) && safe[src[i]] {
			i++
		}
		if i >= len(src) {
			return "", 0, &stringError{start, "unterminated string: no closing quote before the end of the file"}
		}
		c := src[i]
		switch {
		case c == '"':
			if text != "" {
				return text[start+1 : i], i + 1, nil
			}
			return string(src[start+1 : i]), i + 1, nil
		case c == '\\':
			return scanEscaped(src, start, i)
		case c < 0x20:
			return "", 0, controlError(src, start, i)
		default:
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size == 1 {
				return "", 0, &stringError{i, "invalid UTF-8 byte 0x" + hex2(c) + " in string: save the file as UTF-8"}
			}
			i += size
		}
	}
}

func controlError(src []byte, start, i int) *stringError {
	if c := src[i]; c == '\n' || c == '\r' {
		return &stringError{start, "unterminated string: the line ends before the closing quote (write a line break inside a string as \\n)"}
	}
	names := map[byte]string{'\t': `\t`, '\b': `\b`, '\f': `\f`}
	msg := "control character U+00" + hex2(src[i]) + " in string"
	if esc, ok := names[src[i]]; ok {
		msg += ": write it as " + esc
	} else {
		msg += ": write it as \\u00" + hex2(src[i])
	}
	return &stringError{i, msg}
}

func hex2(c byte) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// scanEscaped finishes a string literal that contains a backslash at
// src[i], decoding escapes exactly as encoding/json does (a lone UTF-16
// surrogate becomes U+FFFD) so both decoders agree on every value.
func scanEscaped(src []byte, start, i int) (string, int, *stringError) {
	buf := make([]byte, i-start-1, i-start-1+16)
	copy(buf, src[start+1:i])
	for {
		if i >= len(src) {
			return "", 0, &stringError{start, "unterminated string: no closing quote before the end of the file"}
		}
		c := src[i]
		switch {
		case c == '"':
			return string(buf), i + 1, nil
		case c == '\\':
			if i+1 >= len(src) {
				return "", 0, &stringError{start, "unterminated string: no closing quote before the end of the file"}
			}
			switch e := src[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
				i += 2
			case 'b':
				buf = append(buf, '\b')
				i += 2
			case 'f':
				buf = append(buf, '\f')
				i += 2
			case 'n':
				buf = append(buf, '\n')
				i += 2
			case 'r':
				buf = append(buf, '\r')
				i += 2
			case 't':
				buf = append(buf, '\t')
				i += 2
			case 'u':
				r := hex4(src, i+2)
				if r < 0 {
					return "", 0, &stringError{i, `invalid \u escape in string: expected four hex digits after \u`}
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if r2 := hex4pair(src, i); r2 >= 0 {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							buf = utf8.AppendRune(buf, dec)
							i += 6
							continue
						}
					}
					// A lone surrogate is no character; decoding it as
					// U+FFFD would change the data without a word.
					return "", 0, &stringError{i - 6, fmt.Sprintf(`lone UTF-16 surrogate \u%04X in string: it is no character; write the character itself or a complete surrogate pair`, r)}
				}
				buf = utf8.AppendRune(buf, r)
			default:
				msg := "invalid escape '\\" + string(rune(e)) + "' in string: valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
				if e < 0x20 || e >= 0x7F {
					msg = "invalid escape in string: a backslash must be followed by one of \" \\ / b f n r t u"
				}
				return "", 0, &stringError{i, msg}
			}
		case c < 0x20:
			return "", 0, controlError(src, start, i)
		case c < 0x80:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size == 1 {
				return "", 0, &stringError{i, "invalid UTF-8 byte 0x" + hex2(c) + " in string: save the file as UTF-8"}
			}
			buf = append(buf, src[i:i+size]...)
			i += size
		}
	}
}

// hex4 decodes the four hex digits at src[i:], or returns -1.
func hex4(src []byte, i int) rune {
	if i+4 > len(src) {
		return -1
	}
	var r rune
	for _, c := range src[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// hex4pair decodes a following "\uXXXX", or returns -1.
func hex4pair(src []byte, i int) rune {
	if i+1 < len(src) && src[i] == '\\' && src[i+1] == 'u' {
		return hex4(src, i+2)
	}
	return -1
}

func (p *parser) literal(word string) bool {
	end := p.pos + len(word)
	if end <= len(p.src) && string(p.src[p.pos:end]) == word {
		p.pos = end
		return true
	}
	p.badValue(p.pos)
	return false
}

// number scans a number per RFC 8259 and keeps its text as json.Number.
func (p *parser) number() (any, bool) {
	src := p.src
	start := p.pos
	i := start
	if src[i] == '-' {
		i++
		if i < len(src) && src[i] == 'I' {
			p.badValue(start)
			return nil, false
		}
		if i >= len(src) || src[i] < '0' || src[i] > '9' {
			p.syntax(i, "invalid number: expected a digit after '-'")
			return nil, false
		}
	}
	digits := 0
	if src[i] == '0' {
		i++
		digits = 1
		if i < len(src) && src[i] >= '0' && src[i] <= '9' {
			p.syntax(start, "invalid number: leading zeros are not allowed")
			return nil, false
		}
	} else {
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
			digits++
		}
	}
	fraction := false
	if i < len(src) && src[i] == '.' {
		fraction = true
		i++
		if i >= len(src) || src[i] < '0' || src[i] > '9' {
			p.syntax(i, "invalid number: expected a digit after the decimal point")
			return nil, false
		}
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
		}
	}
	exp := false
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		exp = true
		fraction = true
		i++
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		if i >= len(src) || src[i] < '0' || src[i] > '9' {
			p.syntax(i, "invalid number: expected a digit in the exponent")
			return nil, false
		}
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
		}
	}
	p.pos = i
	text := p.text[start:i]
	// An integer literal is kept whatever its length: the validator
	// compares it exactly, and refusing it would reject valid JSON. Only a
	// number with an exponent, or a fraction after more than 308 integer
	// digits, can overflow float64 — rare enough that clean files do not
	// pay for ParseFloat.
	if exp {
		if _, ok := new(big.Rat).SetString(text); !ok {
			// Not even exact arithmetic takes it (an exponent past a
			// million, even on a zero): the validator would fail on it, so
			// the file is refused as if it did not parse.
			p.report(diag.Error, CodeNumber, start, "number "+text+" is out of range: its exponent is too large to compute with")
			return nil, false
		}
	}
	if fraction && (exp || digits > 308) {
		f, err := strconv.ParseFloat(text, 64)
		if errors.Is(err, strconv.ErrRange) && math.IsInf(f, 0) {
			p.report(diag.Error, CodeNumber, start, "number "+text+" is too large: it overflows a 64-bit float (largest is about 1.8e308)")
		}
	}
	return json.Number(text), true
}

// badValue reports a character that cannot start a value, with a hint for
// the mistakes people make when they write JSON by hand.
func (p *parser) badValue(off int) {
	rest := p.src[off:]
	has := func(s string) bool { return len(rest) >= len(s) && string(rest[:len(s)]) == s }
	var msg string
	switch {
	case has("NaN"):
		msg = "NaN is not valid JSON: numbers must be finite"
	case has("Infinity"), has("-Infinity"), has("+Infinity"):
		msg = "Infinity is not valid JSON: numbers must be finite"
	case has("True"), has("TRUE"):
		msg = "invalid literal: JSON writes true in lower case"
	case has("False"), has("FALSE"):
		msg = "invalid literal: JSON writes false in lower case"
	case has("None"), has("Null"), has("NULL"), has("nil"):
		msg = "invalid literal: JSON writes null in lower case"
	case rest[0] == 't' || rest[0] == 'f' || rest[0] == 'n':
		msg = "invalid literal: expected true, false or null"
	case rest[0] == '\'':
		msg = "strings must be in double quotes, not single quotes"
	case has("//"), has("/*"):
		msg = "comments are not allowed in JSON"
	case rest[0] == '+':
		msg = "invalid number: a leading '+' is not allowed"
	case rest[0] == '.':
		msg = "invalid number: a digit is required before the decimal point"
	case rest[0] == ']' || rest[0] == '}' || rest[0] == ',':
		msg = "expected a value, found " + p.describe(off)
	default:
		msg = "unexpected " + p.describe(off) + ": expected a value"
	}
	p.syntax(off, msg)
}

// describe names the byte at off for a message: a quoted character, a
// Unicode code point for invisible ones, or "end of file".
func (p *parser) describe(off int) string {
	if off >= len(p.src) {
		return "end of file"
	}
	r, size := utf8.DecodeRune(p.src[off:])
	if r == utf8.RuneError && size == 1 {
		return "invalid UTF-8 byte 0x" + hex2(p.src[off])
	}
	if r == '\'' {
		return `"'"`
	}
	if strconv.IsPrint(r) {
		return "'" + string(r) + "'"
	}
	return "character " + unicodeName(r)
}

func unicodeName(r rune) string {
	s := strconv.FormatInt(int64(r), 16)
	for len(s) < 4 {
		s = "0" + s
	}
	return "U+" + upper(s)
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// where gives "line L, column C" for a message that refers to another
// position (an unclosed bracket, the first of two duplicate keys).
func (p *parser) where(off int) string {
	l, c := p.doc.position(off)
	return "line " + strconv.Itoa(l) + ", column " + strconv.Itoa(c)
}

func (p *parser) pointer() string {
	var b []byte
	for _, e := range p.path[:p.plen] {
		b = append(b, '/')
		if e.isKey {
			b = appendEscaped(b, e.key)
		} else {
			b = strconv.AppendInt(b, int64(e.index), 10)
		}
	}
	return string(b)
}

func (p *parser) syntax(off int, msg string) {
	p.report(diag.Error, CodeSyntax, off, msg)
}

func (p *parser) report(sev diag.Severity, code string, off int, msg string) {
	l, c := p.doc.position(off)
	p.ds = append(p.ds, diag.Diagnostic{
		Severity: sev, Code: code, File: p.doc.File, Line: l, Col: c,
		Pointer: p.pointer(), Message: msg,
	})
}

// duplicate reports the member name at keyOff, which already occurred in
// the object that starts at objOff. Finding the first occurrence re-scans
// the object; that cost is paid only for a broken file.
func (p *parser) duplicate(objOff, keyOff int, key string) {
	first := findKey(p.src, objOff, key)
	msg := "duplicate member name " + strconv.Quote(key)
	if first >= 0 {
		msg += ": first defined at " + p.where(first)
	}
	msg += "; JSON readers silently keep only one of the values"
	saved := p.plen
	p.path[p.depth-1] = pathElem{key: key, isKey: true}
	p.plen = p.depth
	p.report(diag.Error, CodeDuplicateKey, keyOff, msg)
	p.plen = saved
}

// decimalComma recognises a number written with a decimal comma, as many
// European writers type them ("set_point": 6,9), from the comma at off:
// digits right before it and right after it, with no space between. It
// returns the number as JSON writes it ("6.9").
func decimalComma(src []byte, off int) (string, bool) {
	isDigit := func(b byte) bool { return b >= '0' && b <= '9' }
	i := off
	for i > 0 && isDigit(src[i-1]) {
		i--
	}
	j := off + 1
	for j < len(src) && isDigit(src[j]) {
		j++
	}
	if i == off || j == off+1 {
		return "", false
	}
	if i > 0 && src[i-1] == '-' {
		i--
	}
	return string(src[i:off]) + "." + string(src[off+1:j]), true
}
