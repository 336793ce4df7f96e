package mdpdf

import (
	"fmt"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/yuin/goldmark/ast"
)

// Stable codes of the problems the typesetter finds in Markdown. Scripts
// and CI annotations key on them, so they never change once released.
const (
	CodeUnsupported = "markdown/unsupported"  // a node kind regdoc does not typeset
	CodeRawHTML     = "markdown/raw-html"     // raw HTML, block or inline
	CodeGlyph       = "markdown/glyph"        // a character the embedded fonts cannot draw
	CodeLinkTarget  = "markdown/link-target"  // an internal link to an id the document lacks
	CodeImage       = "markdown/image"        // an image that cannot be read or is refused
	CodeStructure   = "markdown/structure"    // an element where it cannot stand
	CodeTableWidth  = "markdown/table-width"  // a table too wide for any page
	CodeDuplicateID = "markdown/duplicate-id" // two headings or captions with one id
)

// problemAt builds a diagnostic at byte offset off of the source.
func (r *renderer) problemAt(off int, code, format string, args ...any) diag.Diagnostic {
	l, c := r.lines.LineCol(off)
	return diag.Diagnostic{Severity: diag.Error, Code: code, File: r.opts.File, Line: l, Col: c, Message: fmt.Sprintf(format, args...)}
}

// report records a problem and lets typesetting go on, so that one run
// names every problem of its kind (each undrawable character, each raw
// HTML tag, each bad image or figure, each missing link target), not only
// the first. Nothing is drawn once a problem is recorded.
func (r *renderer) report(off int, code, format string, args ...any) {
	r.problems = append(r.problems, r.problemAt(off, code, format, args...))
}

// errorAt is a problem that stops typesetting: the state after it is not
// worth going on from. The problems recorded before it come with it.
func (r *renderer) errorAt(off int, code, format string, args ...any) error {
	return append(append(diag.Problems(nil), r.problems...), r.problemAt(off, code, format, args...))
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
