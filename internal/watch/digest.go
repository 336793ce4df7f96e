package watch

import "github.com/regdoc/regdoc/internal/diag"

// Digest remembers what the last build of a watch session reported, so
// the next one tells the writer only what is news: a warning they have
// read after every save is counted, not printed again, and errors that
// went away are announced instead of silently giving way to a list of
// PDFs. The zero Digest is ready; it is not safe for concurrent use (the
// watcher builds one change at a time).
type Digest struct {
	warnings map[problem]bool
	errors   int
}

// problem identifies a diagnostic across builds: by what and where in the
// data, not by line, since an edit above a warning moves it without
// changing it.
type problem struct {
	sev                          diag.Severity
	file, code, pointer, message string
}

func keyOf(d diag.Diagnostic) problem {
	return problem{d.Severity, d.File, d.Code, d.Pointer, d.Message}
}

// Warnings takes the problems of a build and returns those to show: every
// error, and each warning the last build did not report. unchanged counts
// the warnings left out because the last build reported them too. The
// warnings of ds are remembered for the next build; a build with errors
// forgets none of the earlier ones, since errors can stop it before the
// checks that give them, so their absence says nothing.
func (g *Digest) Warnings(ds []diag.Diagnostic) (show []diag.Diagnostic, unchanged int) {
	seen := make(map[problem]bool, len(ds))
	for _, d := range ds {
		if d.IsError() {
			for k := range g.warnings {
				seen[k] = true
			}
			break
		}
	}
	counted := map[problem]bool{}
	for _, d := range ds {
		if d.IsError() {
			show = append(show, d)
			continue
		}
		k := keyOf(d)
		switch {
		case !g.warnings[k]:
			show = append(show, d)
		case !counted[k]:
			unchanged++
		}
		counted[k] = true
		seen[k] = true
	}
	g.warnings = seen
	return show, unchanged
}

// Errors records how many errors a build ended with and returns how many
// errors of the build before are gone: all of them when this build has
// none, else 0 (the writer is still fixing, and the errors shown say so).
func (g *Digest) Errors(n int) (gone int) {
	if n == 0 {
		gone = g.errors
	}
	g.errors = n
	return gone
}
