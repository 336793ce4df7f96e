package pipeline

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/project"
)

// A file listed as checked must have been checked in full: `regdoc
// validate -v` says "ok" only for a file every check ran on and found
// nothing in. A data file the manifest names that could not be read was
// not checked at all; one that was read while errors in another file kept
// the cross-file rules that need that file from running was checked only
// in part, and so was a manifest whose documents were not typeset.

// FileNote says why a file was not checked in full.
type FileNote struct {
	Path string
	// Read is false for a file that was not read at all: it is not among
	// the files checked.
	Read bool
	Why  string
}

// coverage lists the files of the project in dir that count as checked
// — the manifest and every data file it names that was read — and a note
// for each that was not checked in full. ds are the problems found;
// typeset tells whether every document was typeset.
func (l *Loaded) coverage(dir string, ds []diag.Diagnostic, typeset bool) ([]string, []FileNote) {
	manifest := filepath.Join(dir, project.ManifestName)
	files := []string{manifest}
	var notes []FileNote
	manifestErrors := false
	for _, d := range ds {
		if d.File == l.Project.File && d.IsError() {
			manifestErrors = true
		}
	}
	for _, k := range model.Kinds() {
		rel, ok := l.Project.Manifest.Data[k.Name]
		if !ok {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(rel))
		display := l.Project.Display(rel)
		_, loaded := l.Docs[k.Name]
		read := loaded || hasProblems(ds, display)
		switch {
		case !read:
			why := "not read, because " + l.Project.File + " has errors; fix them first"
			for _, d := range ds {
				if d.File == l.Project.File && d.Pointer == "/data/"+k.Name && d.Code == "io/read" {
					why = strings.TrimPrefix(d.Message, "cannot read "+display+": ")
					why = fmt.Sprintf("cannot read it: %s (%s:%d:%d)", why, d.File, d.Line, d.Col)
				}
			}
			notes = append(notes, FileNote{Path: path, Why: why})
			continue
		case !l.RulesRun:
			notes = append(notes, FileNote{Path: path, Read: true, Why: "the cross-file rules that need a file with errors did not run; fix the errors below and validate again"})
		}
		files = append(files, path)
	}
	if !typeset && !manifestErrors {
		notes = append(notes, FileNote{Path: manifest, Read: true, Why: "the documents were not typeset because of the errors below"})
	}
	return files, notes
}

func hasProblems(ds []diag.Diagnostic, file string) bool {
	for _, d := range ds {
		if d.File == file {
			return true
		}
	}
	return false
}

// unreadable is the error line, and the note for -v, of a file given or
// found that could not be read: a FIFO, a dangling link, no permission.
func unreadable(path string, err error) (diag.Diagnostic, FileNote) {
	why := readReason(err).Error()
	d := diag.Diagnostic{Severity: diag.Error, Code: CodeUnreadable, File: path, Message: "cannot read the file: " + why}
	return d, FileNote{Path: path, Why: "cannot read it: " + why}
}

// CodeUnreadable is the diagnostic code of a file that could not be read.
// It makes the run an I/O failure (exit 2), not invalid data.
const CodeUnreadable = "io/unreadable"

// unreadError is what Validate returns when files could not be read; the
// files themselves are diagnostics among the others.
type unreadError struct {
	n     int
	first error
}

func (e *unreadError) Error() string {
	return fmt.Sprintf("%s could not be read (see above); every other file was checked", diag.Plural(e.n, "file"))
}

func (e *unreadError) Unwrap() error { return e.first }
