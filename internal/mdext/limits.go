package mdext

import (
	"bytes"
	"fmt"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// MaxFootnoteMarks is the most footnote marks — "[^" in the source,
// references and definitions together — a document may hold. goldmark's
// footnote parser looks each reference up among the definitions one by one
// and sorts them the same way, so its time grows with the square of their
// number: 20,000 footnotes took 3.7 s, 100,000 more than 90 s. Below this
// limit a document parses in well under a second. Marks are counted in the
// raw text, code included, so that the count costs one pass and nothing
// else.
const MaxFootnoteMarks = 10_000

// CodeFootnotes is the diagnostic code of a document over MaxFootnoteMarks.
const CodeFootnotes = "markdown/footnotes"

// Parse checks src against the dialect's limits and parses it with New.
// A document over a limit is refused with a diag.Problems naming file and
// the position where the limit was passed.
func Parse(src []byte, file string) (ast.Node, error) {
	if err := checkLimits(src, file); err != nil {
		return nil, err
	}
	return New().Parser().Parse(text.NewReader(src)), nil
}

func checkLimits(src []byte, file string) error {
	marks, off := 0, 0
	for {
		i := bytes.Index(src[off:], []byte("[^"))
		if i < 0 {
			return nil
		}
		off += i
		if marks++; marks > MaxFootnoteMarks {
			line, col := diag.NewLineIndex(src).LineCol(off)
			return diag.Problems{{Severity: diag.Error, Code: CodeFootnotes, File: file, Line: line, Col: col,
				Message: fmt.Sprintf("more than %d footnote marks ([^…], references and definitions together); split the document, or write the notes as text or a table", MaxFootnoteMarks)}}
		}
		off += 2
	}
}
