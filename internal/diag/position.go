package diag

import (
	"bytes"
	"errors"
	"sort"
	"strings"
	"unicode/utf8"
)

// Position is a place in a source file as editors show it: 1-based line and
// column, the column counting runes. A zero Line or Col means unknown.
type Position struct {
	File string
	Line int
	Col  int
}

// LineIndex turns byte offsets into line:column positions. It is the one
// offset → position conversion in regdoc (data files, Markdown, templates and
// figure specs all use it), so every message counts columns the same way.
//
// Lines end at "\n", "\r\n" or a lone "\r", as in editors and CommonMark; a
// UTF-8 byte order mark at the start is not a column.
//
// It holds only the offsets of line starts — one int per line, never a copy
// of the source — and is built on first use of LineCol, so a file that is
// never reported on costs nothing. Resolve answers a batch of offsets with
// one forward pass and no table at all, for large files where only a few
// positions are wanted.
type LineIndex struct {
	src    []byte
	starts []int
	built  bool
}

// NewLineIndex returns an index over src. src must not change afterwards.
func NewLineIndex(src []byte) *LineIndex { return &LineIndex{src: src} }

// bomLen is 3 when src starts with a UTF-8 byte order mark, else 0.
func bomLen(src []byte) int {
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		return 3
	}
	return 0
}

// nextLineStart returns the offset after the first line end at or after i,
// or -1 when there is none.
func nextLineStart(src []byte, i int) int {
	for i < len(src) {
		j := bytes.IndexAny(src[i:], "\r\n")
		if j < 0 {
			return -1
		}
		j += i
		if src[j] == '\r' && j+1 < len(src) && src[j+1] == '\n' {
			return j + 2
		}
		return j + 1
	}
	return -1
}

// LineCol returns the 1-based line and rune column of byte offset off.
// Offsets past the end are clamped to the end; a negative offset gives 0, 0.
func (li *LineIndex) LineCol(off int) (line, col int) {
	if off < 0 {
		return 0, 0
	}
	if off > len(li.src) {
		off = len(li.src)
	}
	if !li.built {
		li.starts = append(li.starts[:0], bomLen(li.src))
		for s := nextLineStart(li.src, li.starts[0]); s >= 0; s = nextLineStart(li.src, s) {
			li.starts = append(li.starts, s)
		}
		li.built = true
	}
	// The last line start at or before off.
	// An offset inside the byte order mark belongs to line 1.
	n := max(sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off })-1, 0)
	return n + 1, li.col(n, off)
}

// col is the rune column of off on the line starting at starts[n] (or at
// the byte order mark's end, for an offset inside it).
func (li *LineIndex) col(n, off int) int {
	start := li.starts[n]
	if off < start {
		return 1
	}
	return utf8.RuneCount(li.src[start:off]) + 1
}

// Resolve returns the positions of offs (File left empty), in the order
// given. It walks the source once, up to the largest offset, and builds no
// table, so finding a few positions in a 50 MB file costs one scan of its
// line ends and no memory in proportion to it. A negative offset gives a
// zero Position.
func (li *LineIndex) Resolve(offs []int) []Position {
	out := make([]Position, len(offs))
	if li.built {
		for i, off := range offs {
			out[i].Line, out[i].Col = li.LineCol(off)
		}
		return out
	}
	order := make([]int, 0, len(offs))
	for i, off := range offs {
		if off >= 0 {
			order = append(order, i)
		}
	}
	sort.Slice(order, func(a, b int) bool { return offs[order[a]] < offs[order[b]] })
	line, start := 1, bomLen(li.src)
	next := nextLineStart(li.src, start)
	for _, i := range order {
		off := min(offs[i], len(li.src))
		for next >= 0 && next <= off {
			line, start = line+1, next
			next = nextLineStart(li.src, start)
		}
		out[i].Line, out[i].Col = line, 1
		if off > start {
			out[i].Col = utf8.RuneCount(li.src[start:off]) + 1
		}
	}
	return out
}

// Problems is an error made of positioned diagnostics. Every stage of the
// pipeline that can fail on its input (data, templates, Markdown, figure
// specs, output) returns its problems this way, so they reach every report
// format with their positions instead of as loose strings.
type Problems []Diagnostic

// Error joins the diagnostics one per line, each in the String form.
func (p Problems) Error() string {
	lines := make([]string, len(p))
	for i, d := range p {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// FromError returns the diagnostics err carries when it is, or wraps,
// Problems; ok is false otherwise. Errors joined with errors.Join (one per
// document of a build, say) give the diagnostics of all of them, in order.
func FromError(err error) (ds []Diagnostic, ok bool) {
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case Problems:
			ds, ok = append(ds, e...), true
		case interface{ Unwrap() []error }:
			for _, inner := range e.Unwrap() {
				walk(inner)
			}
		default:
			walk(errors.Unwrap(err))
		}
	}
	walk(err)
	return ds, ok
}
