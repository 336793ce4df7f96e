// Package mdpdf typesets Markdown straight into PDF for regulatory
// submissions and patent filings.
//
// It is a goldmark renderer: one render function is registered per node
// kind, and a node kind without one is an error, never skipped, so nothing a
// writer puts in the source can silently vanish from the PDF. Characters the
// embedded fonts cannot draw and raw HTML are errors with a line and column.
package mdpdf

import (
	"errors"
	"io"
)

// Render parses Markdown (CommonMark + GFM tables, strikethrough, task
// lists, autolinks, footnotes) and writes a PDF to w.
func Render(w io.Writer, src []byte, opts Options) error {
	return errors.New("mdpdf: not implemented yet")
}
