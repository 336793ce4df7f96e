package dataset

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/diag"
)

// span is where one pointer's value and, for an object member, its name
// start in Src.
type span struct {
	val int
	key int // -1 for array elements and the root
}

// Locate returns the 1-based line and column (in runes) where the value at
// pointer starts. For a pointer that names no value — a member the schema
// requires but the file lacks — it returns the position of the closest
// enclosing value that exists, so a diagnostic still points into the right
// object. It returns 0, 0 only when Src holds no JSON value.
func (d *Document) Locate(pointer string) (line, col int) {
	s, ok := d.lookup(pointer)
	if !ok {
		return 0, 0
	}
	return d.position(s.val)
}

// LocateKey is like Locate but, for an object member, gives the position of
// the member's name rather than its value: the place to point at when the
// name itself is wrong (an unknown property, a duplicate).
func (d *Document) LocateKey(pointer string) (line, col int) {
	s, ok := d.lookup(pointer)
	if !ok {
		return 0, 0
	}
	if s.key >= 0 {
		return d.position(s.key)
	}
	return d.position(s.val)
}

// Diag builds a Diagnostic about the value at pointer, filling in File,
// Line and Col so callers cannot forget them.
func (d *Document) Diag(sev diag.Severity, code, pointer, msg string) diag.Diagnostic {
	l, c := d.Locate(pointer)
	return diag.Diagnostic{Severity: sev, Code: code, File: d.File, Line: l, Col: c, Pointer: pointer, Message: msg}
}

// lookup finds pointer's span, or that of its nearest existing ancestor.
func (d *Document) lookup(pointer string) (span, bool) {
	d.indexOnce.Do(func() { d.index = buildIndex(d.Src) })
	for {
		if s, ok := d.index[pointer]; ok {
			return s, true
		}
		if pointer == "" {
			return span{}, false
		}
		i := strings.LastIndexByte(pointer, '/')
		if i < 0 {
			// Not a pointer at all ("foo"): the document is the best answer.
			i = 0
		}
		pointer = pointer[:i]
	}
}

// position converts a byte offset into a 1-based line and a 1-based column
// counted in runes. "\n", "\r\n" and a lone "\r" each end a line, as in
// editors; a byte order mark does not count as a column.
func (d *Document) position(off int) (line, col int) {
	d.linesOnce.Do(d.buildLines)
	if off > len(d.Src) {
		off = len(d.Src)
	}
	i := sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	start := d.lines[i]
	if off < start {
		// Only inside the byte order mark.
		return i + 1, 1
	}
	return i + 1, utf8.RuneCount(d.Src[start:off]) + 1
}

func (d *Document) buildLines() {
	src := d.Src
	first := 0
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		first = 3
	}
	d.lines = append(d.lines, first)
	for i := first; i < len(src); i++ {
		switch src[i] {
		case '\n':
			d.lines = append(d.lines, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				continue
			}
			d.lines = append(d.lines, i+1)
		}
	}
}

// buildIndex records the span of every value in src by pointer. It runs
// once per Document, and only when a position is asked for, so clean files
// never pay for it. src need not be valid: the walk stops at the first byte
// it does not understand and keeps what it has.
func buildIndex(src []byte) map[string]span {
	w := walker{src: src, index: make(map[string]span)}
	pos := 0
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		pos = 3
	}
	w.value(w.space(pos), -1, nil, 0)
	return w.index
}

// walker re-scans source that has already been parsed (or was built by
// hand); it decodes member names, which pointers need, and skips everything
// else without allocating.
type walker struct {
	src   []byte
	index map[string]span // nil when only skipping
}

func (w *walker) space(i int) int {
	for i < len(w.src) {
		switch w.src[i] {
		case ' ', '\n', '\t', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// value walks the value at i and returns the offset just past it, or -1 if
// the source is malformed there.
func (w *walker) value(i, keyOff int, ptr []byte, depth int) int {
	if i >= len(w.src) || depth > HardMaxDepth {
		return -1
	}
	if w.index != nil {
		p := string(ptr)
		if _, dup := w.index[p]; dup {
			// A duplicate member: the later value wins, as in Value, so
			// forget what the earlier one held.
			for q := range w.index {
				if strings.HasPrefix(q, p+"/") {
					delete(w.index, q)
				}
			}
		}
		w.index[p] = span{val: i, key: keyOff}
	}
	switch w.src[i] {
	case '{':
		i = w.space(i + 1)
		if i < len(w.src) && w.src[i] == '}' {
			return i + 1
		}
		n := len(ptr)
		for i < len(w.src) {
			if w.src[i] != '"' {
				return -1
			}
			k := i
			var end int
			if w.index != nil {
				name, e, err := scanString(w.src, i)
				if err != nil {
					return -1
				}
				end = e
				ptr = appendEscaped(append(ptr[:n], '/'), name)
			} else if end = w.skipString(i); end < 0 {
				return -1
			}
			i = w.space(end)
			if i >= len(w.src) || w.src[i] != ':' {
				return -1
			}
			i = w.value(w.space(i+1), k, ptr, depth+1)
			if i < 0 {
				return -1
			}
			i = w.space(i)
			if i >= len(w.src) {
				return -1
			}
			if w.src[i] == '}' {
				return i + 1
			}
			if w.src[i] != ',' {
				return -1
			}
			i = w.space(i + 1)
		}
		return -1
	case '[':
		i = w.space(i + 1)
		if i < len(w.src) && w.src[i] == ']' {
			return i + 1
		}
		n := len(ptr)
		for idx := 0; i < len(w.src); idx++ {
			if w.index != nil {
				ptr = appendIndex(append(ptr[:n], '/'), idx)
			}
			i = w.value(i, -1, ptr, depth+1)
			if i < 0 {
				return -1
			}
			i = w.space(i)
			if i >= len(w.src) {
				return -1
			}
			if w.src[i] == ']' {
				return i + 1
			}
			if w.src[i] != ',' {
				return -1
			}
			i = w.space(i + 1)
		}
		return -1
	case '"':
		return w.skipString(i)
	default:
		// Numbers and literals: everything up to the next delimiter.
		j := i
		for j < len(w.src) {
			switch w.src[j] {
			case ',', ']', '}', ' ', '\n', '\t', '\r':
				return j
			}
			j++
		}
		return j
	}
}

func (w *walker) skipString(i int) int {
	for i++; i < len(w.src); i++ {
		switch w.src[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

func appendIndex(b []byte, n int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(b, tmp[i:]...)
}

// findKey returns the offset of the first member named key in the object
// starting at off, or -1.
func findKey(src []byte, off int, key string) int {
	w := walker{src: src}
	i := w.space(off + 1)
	for i < len(src) && src[i] == '"' {
		name, end, err := scanString(src, i)
		if err != nil {
			return -1
		}
		if name == key {
			return i
		}
		i = w.space(end)
		if i >= len(src) || src[i] != ':' {
			return -1
		}
		if i = w.value(w.space(i+1), -1, nil, 1); i < 0 {
			return -1
		}
		i = w.space(i)
		if i >= len(src) || src[i] != ',' {
			return -1
		}
		i = w.space(i + 1)
	}
	return -1
}
