package dataset

import (
	"strings"

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
//
// A position costs one scan of Src that follows only the members on the
// pointer's path and builds no index; answers are remembered per pointer.
// To place many diagnostics in a large file, ask for them together with
// LocateAll, which scans once for all of them.
func (d *Document) Locate(pointer string) (line, col int) {
	p := d.LocateAll([]Want{{Pointer: pointer}})[0]
	return p.Line, p.Col
}

// LocateKey is like Locate but, for an object member, gives the position of
// the member's name rather than its value: the place to point at when the
// name itself is wrong (an unknown property, a duplicate).
func (d *Document) LocateKey(pointer string) (line, col int) {
	p := d.LocateAll([]Want{{Pointer: pointer, Key: true}})[0]
	return p.Line, p.Col
}

// Want is one position asked of LocateAll: the value at Pointer or, when
// Key is set, the member's name.
type Want struct {
	Pointer string
	Key     bool
}

// LocateAll returns the positions of every wanted pointer, in order, with
// File set, by one scan of Src for the spans not yet known and one pass
// over its line ends: the cost of placing any number of diagnostics is that
// of placing one, and memory grows with the pointers asked for, never with
// the file.
func (d *Document) LocateAll(wants []Want) []diag.Position {
	d.locMu.Lock()
	defer d.locMu.Unlock()
	var missing []string
	for _, w := range wants {
		if _, ok := d.spans[w.Pointer]; !ok {
			missing = append(missing, w.Pointer)
		}
	}
	if len(missing) > 0 {
		if d.spans == nil {
			d.spans = map[string]span{}
		}
		found := scanPointers(d.Src, missing)
		for _, p := range missing {
			d.spans[p] = nearest(found, p)
		}
	}
	offs := make([]int, len(wants))
	for i, w := range wants {
		s := d.spans[w.Pointer]
		offs[i] = s.val
		if w.Key && s.key >= 0 {
			offs[i] = s.key
		}
	}
	out := d.lineIndex().Resolve(offs)
	for i := range out {
		out[i].File = d.File
	}
	return out
}

// position is the line and column of one byte offset.
func (d *Document) position(off int) (line, col int) {
	p := d.lineIndex().Resolve([]int{off})[0]
	return p.Line, p.Col
}

// lineIndex is the shared offset → line:col conversion over Src. Only its
// table-free Resolve is used, so a large file never gets a line table.
func (d *Document) lineIndex() *diag.LineIndex {
	d.linesOnce.Do(func() { d.lines = diag.NewLineIndex(d.Src) })
	return d.lines
}

// Diag builds a Diagnostic about the value at pointer, filling in File,
// Line and Col so callers cannot forget them.
func (d *Document) Diag(sev diag.Severity, code, pointer, msg string) diag.Diagnostic {
	l, c := d.Locate(pointer)
	return diag.Diagnostic{Severity: sev, Code: code, File: d.File, Line: l, Col: c, Pointer: pointer, Message: msg}
}

// nearest is pointer's span, or that of its nearest existing ancestor; a
// span at -1 when not even the root was found.
func nearest(found map[string]span, pointer string) span {
	for {
		if s, ok := found[pointer]; ok {
			return s
		}
		if pointer == "" {
			return span{val: -1, key: -1}
		}
		i := strings.LastIndexByte(pointer, '/')
		if i < 0 {
			// Not a pointer at all ("foo"): the document is the best answer.
			i = 0
		}
		pointer = pointer[:i]
	}
}

// scanPointers finds the spans of pointers, and of their ancestors, in one
// walk of src: it descends only into values on the path to a wanted
// pointer and skips every other value without allocating. src need not be
// valid: the walk stops at the first byte it does not understand and keeps
// what it has.
func scanPointers(src []byte, pointers []string) map[string]span {
	w := walker{src: src, want: map[string]bool{}, found: map[string]span{}}
	for _, p := range pointers {
		w.want[p] = true
		for i := strings.LastIndexByte(p, '/'); i >= 0; i = strings.LastIndexByte(p[:i], '/') {
			w.want[p[:i]] = true
		}
	}
	w.want[""] = true
	w.value(w.space(bomLen(src)), -1, nil, 0, true)
	return w.found
}

func bomLen(src []byte) int {
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		return 3
	}
	return 0
}

// walker re-scans source that has already been parsed (or was built by
// hand); it decodes the member names on wanted paths, which pointers
// need, and skips everything else without allocating.
type walker struct {
	src   []byte
	want  map[string]bool // pointers to record, with all their ancestors
	found map[string]span
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
// the source is malformed there. With track set, ptr is the value's
// pointer, and it is recorded and its members on wanted paths are tracked
// in turn.
func (w *walker) value(i, keyOff int, ptr []byte, depth int, track bool) int {
	if i >= len(w.src) || depth > HardMaxDepth {
		return -1
	}
	if track {
		p := string(ptr)
		if _, dup := w.found[p]; dup {
			// A duplicate member: the later value wins, as in Value, so
			// forget what the earlier one held.
			for q := range w.found {
				if strings.HasPrefix(q, p+"/") {
					delete(w.found, q)
				}
			}
		}
		w.found[p] = span{val: i, key: keyOff}
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
			child := false
			if track {
				name, e, err := scanString(w.src, i)
				if err != nil {
					return -1
				}
				end = e
				ptr = appendEscaped(append(ptr[:n], '/'), name)
				child = w.want[string(ptr)]
			} else if end = w.skipString(i); end < 0 {
				return -1
			}
			i = w.space(end)
			if i >= len(w.src) || w.src[i] != ':' {
				return -1
			}
			i = w.value(w.space(i+1), k, ptr, depth+1, child)
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
			child := false
			if track {
				ptr = appendIndex(append(ptr[:n], '/'), idx)
				child = w.want[string(ptr)]
			}
			i = w.value(i, -1, ptr, depth+1, child)
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
		if i = w.value(w.space(i+1), -1, nil, 1, false); i < 0 {
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
