package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
)

// githubWriter writes GitHub Actions workflow commands, which the runner
// turns into annotations on the pull request's changed lines:
//
//	::error file=F,line=L,col=C,title=CODE::message (pointer)
//
// line and col are left out when unknown. A summary line (not a command)
// closes the output for the log reader.
type githubWriter struct{}

func (githubWriter) Write(w io.Writer, files []string, ds []diag.Diagnostic) error {
	ew := &errWriter{w: w}
	for _, d := range sorted(ds) {
		cmd := "error"
		if !d.IsError() {
			cmd = "warning"
		}
		props := []string{"file=" + escapeProperty(d.File)}
		if d.Line > 0 {
			props = append(props, "line="+strconv.Itoa(d.Line))
			if d.Col > 0 {
				props = append(props, "col="+strconv.Itoa(d.Col))
			}
		}
		props = append(props, "title="+escapeProperty(d.Code))
		msg := d.Message
		if d.Pointer != "" {
			msg += " (" + d.Pointer + ")"
		}
		ew.printf("::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(msg))
	}
	ew.printf("%s\n", summary(len(files), ds))
	return ew.err
}

// escapeData escapes a command's message the way the Actions toolkit
// does: a raw newline would end the command and a '%' would be read as
// the start of an escape.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value, where ':' and ',' would also
// end the value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
