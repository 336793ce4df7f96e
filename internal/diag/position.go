package diag

import (
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
// It holds only the offsets of line starts — one int per line, never a copy
// of the source — and is built on first use, so a file that is never
// reported on costs nothing.
type LineIndex struct {
	src    []byte
	starts []int
	built  bool
}

// NewLineIndex returns an index over src. src must not change afterwards.
func NewLineIndex(src []byte) *LineIndex { return &LineIndex{src: src} }

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
		li.starts = append(li.starts[:0], 0)
		for i, b := range li.src {
			if b == '\n' {
				li.starts = append(li.starts, i+1)
			}
		}
		li.built = true
	}
	// The last line start at or before off.
	n := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	start := li.starts[n]
	return n + 1, utf8.RuneCount(li.src[start:off]) + 1
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
// Problems; ok is false otherwise.
func FromError(err error) (ds []Diagnostic, ok bool) {
	var p Problems
	if errors.As(err, &p) {
		return p, true
	}
	return nil, false
}
