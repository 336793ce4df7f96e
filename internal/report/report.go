// Package report writes diagnostics out for people and machines: plain text
// for terminals, a stable JSON document for scripts, GitHub Actions workflow
// commands for pull-request annotations, and JUnit XML for CI dashboards.
// Each format lives in its own file behind the one Writer interface, so a
// new format is a new file and nothing else changes.
//
// Every writer sorts a copy of the diagnostics first, so output is the same
// whatever order parallel workers produced them in.
package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
)

// Writer writes the result of checking files.
type Writer interface {
	// Write writes ds, the diagnostics found in files. files lists every
	// file that was checked, clean ones too: JUnit reports a passing test
	// case for each, and the summaries count them.
	Write(w io.Writer, files []string, ds []diag.Diagnostic) error
}

// Formats lists the names New accepts.
func Formats() []string {
	return []string{"text", "json", "github", "junit"}
}

// New returns the Writer for format, one of Formats().
func New(format string) (Writer, error) {
	switch format {
	case "text":
		return textWriter{}, nil
	case "json":
		return jsonWriter{}, nil
	case "github":
		return githubWriter{}, nil
	case "junit":
		return junitWriter{}, nil
	}
	return nil, fmt.Errorf("report: unknown format %q: use one of %s", format, strings.Join(Formats(), ", "))
}

func sorted(ds []diag.Diagnostic) []diag.Diagnostic {
	ds = slices.Clone(ds)
	diag.Sort(ds)
	return ds
}

// summary is the closing line of the text formats, e.g.
// "3 files checked: 1 error, 0 warnings".
func summary(files int, ds []diag.Diagnostic) string {
	e, w := diag.Count(ds)
	return fmt.Sprintf("%s checked: %s, %s", diag.Plural(files, "file"), diag.Plural(e, "error"), diag.Plural(w, "warning"))
}

// errWriter remembers the first write error so formats can write freely
// and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}
