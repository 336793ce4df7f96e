package mdpdf

import (
	"fmt"
	"github.com/regdoc/regdoc/internal/canvas"
	"sort"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// lineIndex turns byte offsets into 1-based line and column numbers (the
// column counts runes, as editors do).
type lineIndex struct {
	src    []byte
	starts []int
}

func newLineIndex(src []byte) *lineIndex {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{src: src, starts: starts}
}

func (li *lineIndex) lineCol(off int) (int, int) {
	if off < 0 {
		return 0, 0
	}
	if off > len(li.src) {
		off = len(li.src)
	}
	l := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	return l + 1, utf8.RuneCount(li.src[li.starts[l]:off]) + 1
}

// errorAt builds a SourceError at byte offset off.
func (li *lineIndex) errorAt(off int, format string, args ...any) *SourceError {
	l, c := li.lineCol(off)
	return &SourceError{Line: l, Col: c, Msg: fmt.Sprintf(format, args...)}
}

// nodePos finds a source offset for n: its own position, its first line,
// or the first descendant that has one. -1 if none is known.
func nodePos(n ast.Node) int {
	if n == nil {
		return -1
	}
	if p := n.Pos(); p >= 0 {
		return p
	}
	if n.Type() == ast.TypeBlock {
		if l := n.Lines(); l != nil && l.Len() > 0 {
			return l.At(0).Start
		}
	}
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if p := nodePos(c); p >= 0 {
			return p
		}
	}
	return -1
}

// describeRune names a character so a writer can find it: "U+1F600 '😀'".
func describeRune(r rune) string {
	if canvas.IsRightToLeft(r) {
		return fmt.Sprintf("U+%04X %q (right-to-left scripts are not supported yet)", r, r)
	}
	return fmt.Sprintf("U+%04X %q", r, r)
}
