package report

import (
	"io"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
)

// textWriter writes one line per diagnostic, as Diagnostic.String gives it
// (file:line:col: severity code: message (pointer)), which editors and
// terminals turn into links, then a summary line. A line break inside a
// message is written as \n so that every line stays one diagnostic for
// grep and for editors' problem matchers.
type textWriter struct{}

var oneLine = strings.NewReplacer("\r", `\r`, "\n", `\n`)

func (textWriter) Write(w io.Writer, files []string, ds []diag.Diagnostic) error {
	ew := &errWriter{w: w}
	for _, d := range sorted(ds) {
		ew.printf("%s\n", oneLine.Replace(d.String()))
	}
	ew.printf("%s\n", summary(len(files), ds))
	return ew.err
}
