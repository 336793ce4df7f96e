package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/internal/watch"
)

// WatchDigest remembers, across the builds of 'regdoc build --watch', the
// problems each reported, so a rebuild shows only new warnings and says
// when the errors of the last build are gone.
type WatchDigest = watch.Digest

// CodeRender is the diagnostic code of a document that cannot be
// typeset: a character the fonts lack, a figure that cannot be drawn, an
// image that cannot be read.
const CodeRender = "render/error"

// documentProblems turns the failure to compose or typeset document d
// (md is its composed Markdown, nil when composing failed) into
// positioned diagnostics, the same for validate and build. Each points
// where the user can fix it: a character the fonts cannot draw at its
// place in the data file; a Markdown or figure problem at its line in the
// composed Markdown (which 'regdoc build --emit md' writes, named after
// the output); a template error at the template's file:line:col;
// anything else at the document's entry in the manifest.
func (l *Loaded) documentProblems(d project.Document, md []byte, err error) []diag.Diagnostic {
	idx := 0
	for i, x := range l.Project.Manifest.Documents {
		if x.ID == d.ID {
			idx = i
		}
	}
	if md == nil {
		// Composing failed: the template's problems, at their places.
		return l.characterPlaces(d, templateDiags(l, idx, err))
	}
	if ds, ok := diag.FromError(err); ok && len(ds) > 0 {
		return l.characterPlaces(d, ds)
	}
	return l.characterPlaces(d, []diag.Diagnostic{l.Project.Doc.Diag(diag.Error, CodeRender, fmt.Sprintf("/documents/%d", idx), fmt.Sprintf("document %s: %v", d.ID, err))})
}

// characterPlaces moves each problem about a character (one the fonts
// cannot draw, a control character a document cannot show) to the place
// in the data file that holds the character, where it is fixed; the
// message keeps where it was printed. The same character printed twice is
// one place to fix.
func (l *Loaded) characterPlaces(d project.Document, ds []diag.Diagnostic) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, p := range ds {
		if r, ok := runeIn(p.Message); ok {
			if dg, ok := l.locateRune(r); ok {
				dg.Code = p.Code
				msg := strings.TrimPrefix(p.Message, "document "+d.ID+": ")
				if p.File != "" && p.Line > 0 {
					msg += fmt.Sprintf(" (printed at %s:%d:%d)", p.File, p.Line, p.Col)
				}
				dg.Message = fmt.Sprintf("document %s: %s", d.ID, msg)
				p = dg
			}
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// runeCode finds the "U+2603" a message names a character by.
var runeCode = regexp.MustCompile(`U\+([0-9A-F]{4,6})`)

func runeIn(msg string) (rune, bool) {
	m := runeCode.FindStringSubmatch(msg)
	if m == nil {
		return 0, false
	}
	v, perr := strconv.ParseUint(m[1], 16, 32)
	return rune(v), perr == nil
}

// locateRune finds the first place a data file holds r, written as the
// character or as a \u escape, and returns a diagnostic there.
func (l *Loaded) locateRune(r rune) (diag.Diagnostic, bool) {
	var escapes [][]byte
	if r < 0x10000 {
		escapes = append(escapes, []byte(fmt.Sprintf(`\u%04x`, r)), []byte(fmt.Sprintf(`\u%04X`, r)))
	} else if hi, lo := utf16.EncodeRune(r); hi != utf8.RuneError {
		escapes = append(escapes, []byte(fmt.Sprintf(`\u%04x\u%04x`, hi, lo)), []byte(fmt.Sprintf(`\u%04X\u%04X`, hi, lo)))
	}
	for _, k := range model.Kinds() {
		doc, ok := l.Docs[k.Name]
		if !ok {
			continue
		}
		off := bytes.IndexRune(doc.Src, r)
		for _, e := range escapes {
			if i := bytes.Index(doc.Src, e); i >= 0 && (off < 0 || i < off) {
				off = i
			}
		}
		if off < 0 {
			continue
		}
		line, col := diag.NewLineIndex(doc.Src).LineCol(off)
		return diag.Diagnostic{Severity: diag.Error, File: doc.File, Line: line, Col: col}, true
	}
	return diag.Diagnostic{}, false
}

// pathHint says what a writer's habit made of a path that finds no file
// in fsys (the folder the path is relative to): a backslash, which only
// Windows reads as a separator, or a name whose capitals differ from the
// file's, which only case-blind disks (Windows, macOS) forgive — the build
// on a colleague's machine or in CI would fail. It returns "" when neither
// is the cause, else a remedy to append to the message, naming the path
// to write (after base, the folder fsys is, as the writer wrote it) when
// the file is there.
func pathHint(fsys fs.FS, base, rel string) string {
	if strings.Contains(rel, `\`) {
		slashed := strings.ReplaceAll(rel, `\`, "/")
		hint := "; use / in paths, also on Windows"
		if found, ok := findFold(fsys, slashed); ok {
			hint += ": write " + strconv.Quote(base+found)
		}
		return hint
	}
	if found, ok := findFold(fsys, rel); ok && found != rel {
		return "; " + strconv.Quote(base+found) + " exists with other capitals: write it so, as Linux and CI tell names apart by case"
	}
	return ""
}

// findFold finds the file rel names in fsys when its capitals may differ,
// and returns its real path, component by component; ok is false when no
// file matches even ignoring case, or more than one name matches a
// component (then the writer must choose).
func findFold(fsys fs.FS, rel string) (string, bool) {
	rel = path.Clean(strings.TrimPrefix(rel, "./"))
	if !fs.ValidPath(rel) || rel == "." {
		return "", false
	}
	dir := "."
	for _, name := range strings.Split(rel, "/") {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return "", false
		}
		match := ""
		for _, e := range entries {
			if e.Name() == name {
				match = name
				break
			}
			if strings.EqualFold(e.Name(), name) {
				if match != "" {
					return "", false
				}
				match = e.Name()
			}
		}
		if match == "" {
			return "", false
		}
		dir = path.Join(dir, match)
	}
	return dir, true
}

// missingPath rewords the failure to find a path given on the command
// line ("stat data/Process.json: no such file or directory") as the
// writer's problem and its likely cause; any other error is returned as
// it is. The error still wraps the original, so it stays an I/O error.
func missingPath(p string, err error) error {
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	base, rel, fsys := "", filepath.ToSlash(p), fs.FS(os.DirFS("."))
	if filepath.IsAbs(p) {
		vol := filepath.VolumeName(p)
		base = vol + "/"
		rel, fsys = strings.TrimPrefix(filepath.ToSlash(p[len(vol):]), "/"), os.DirFS(vol+string(filepath.Separator))
	}
	hint := ""
	if runtime.GOOS != "windows" || !strings.Contains(p, `\`) {
		hint = pathHint(fsys, base, rel)
	}
	return &hintedError{msg: p + ": no such file or folder" + hint, err: err}
}

// hintedError is an error told in the writer's words, wrapping the
// system's.
type hintedError struct {
	msg string
	err error
}

func (e *hintedError) Error() string { return e.msg }
func (e *hintedError) Unwrap() error { return e.err }
