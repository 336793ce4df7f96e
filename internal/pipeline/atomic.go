package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/regdoc/regdoc/internal/diag"
)

// CodeWrite is the diagnostic code of a failure to write an output.
const CodeWrite = "io/write"

// outputSet writes the files of one build all or none. Each file is
// written and synced under a temporary name in its final folder; only
// when every one is on disk are they renamed over their final names, one
// after another, a step that needs no space and does not fail in
// practice. Any failure before that — a full disk, a read-only folder,
// a signal — removes the temporaries and the folders the build created,
// and leaves every earlier output as it was.
//
// Every name is opened through an os.Root of the output folder, so no
// symbolic link inside it (put there before or during the build) can
// make a write land outside it.
type outputSet struct {
	root *os.Root
	dir  string // the output folder as the user names it, for messages
	// undoOut removes the output folder and its parents where this build
	// created them, innermost first.
	undoOut []func()
	// created are the folders inside root this build created (relative,
	// outermost first).
	created []string
	staged  []stagedFile
}

type stagedFile struct {
	name, tmp string // slash-separated, relative to the output folder
}

// writeError is the I/O error for a failure while writing name: exit 2,
// with a message saying what the failure left on disk.
func writeError(name string, err error, left string) *IOError {
	return &IOError{Err: err, Diagnostic: diag.Diagnostic{Severity: diag.Error, Code: CodeWrite, File: name,
		Message: fmt.Sprintf("cannot write: %v; %s", unwrapPath(err), left)}}
}

// nothingWritten is what an output failure before the renames leaves.
const nothingWritten = "nothing was written: every file of the last build is unchanged and no temporary file is left"

// openOutputDir creates the output folder (and its parents) when missing
// and opens it as a root. The folder itself may be a symbolic link: the
// caller decides whether that is allowed.
func openOutputDir(dir string) (*outputSet, error) {
	s := &outputSet{dir: dir}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, writeError(dir, err, nothingWritten)
	}
	// Create the missing folders one by one, outermost first, so exactly
	// those can be removed again.
	var missing []string
	for p := abs; ; p = filepath.Dir(p) {
		if _, err := os.Stat(p); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, writeError(dir, err, nothingWritten)
		}
		missing = append(missing, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o777); err != nil && !errors.Is(err, fs.ErrExist) {
			s.abort()
			return nil, writeError(dir, err, nothingWritten)
		} else if err == nil {
			p := missing[i]
			s.undoOut = append([]func(){func() { os.Remove(p) }}, s.undoOut...)
		}
	}
	r, err := os.OpenRoot(abs)
	if err != nil {
		s.abort()
		return nil, writeError(dir, err, nothingWritten)
	}
	s.root = r
	return s, nil
}

// openProjectOutput opens the default output folder, "out" inside the
// project, through the project's own root: it may be a symbolic link to
// another folder of the project, but one leading outside is refused, as
// the user never named that place. (With -o, openOutputDir follows the
// link: there the user named the folder.)
func openProjectOutput(proj *os.Root, projDir, projRoot string) (*outputSet, error) {
	dir := filepath.Join(projDir, "out")
	s := &outputSet{dir: dir}
	outside := func() error {
		target, _ := os.Readlink(dir)
		return &IOError{Err: fs.ErrPermission, Diagnostic: diag.Diagnostic{Severity: diag.Error, Code: CodeWrite, File: dir,
			Message: fmt.Sprintf("the output folder is a symbolic link to %s, outside the project folder %s; nothing was written. "+
				"regdoc writes outside the project only where you name the place: build with -o %s, or replace the link with a folder", target, projRoot, target)}}
	}
	if st, err := proj.Lstat("out"); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		if t, err := filepath.EvalSymlinks(dir); err != nil || !insideFolder(projRoot, t) {
			return nil, outside()
		}
	} else if errors.Is(err, fs.ErrNotExist) {
		if err := proj.Mkdir("out", 0o777); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, writeError(dir, err, nothingWritten)
		} else if err == nil {
			s.undoOut = []func(){func() { proj.Remove("out") }}
		}
	}
	r, err := proj.OpenRoot("out")
	if err != nil {
		s.abort()
		if st, lerr := proj.Lstat("out"); lerr == nil && st.Mode()&fs.ModeSymlink != 0 {
			return nil, outside() // swapped for a link since the check
		}
		return nil, writeError(dir, err, nothingWritten)
	}
	s.root = r
	return s, nil
}

// insideFolder reports whether p is root or inside it (both absolute,
// symbolic links resolved).
func insideFolder(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

// display is name as the user reaches it.
func (s *outputSet) display(name string) string {
	return filepath.Join(s.dir, filepath.FromSlash(name))
}

// stage writes data under a temporary name beside name and syncs it. A
// new file gets mode 0666 less the umask (as any program's new file);
// a file that replaces another keeps that file's mode.
func (s *outputSet) stage(ctx context.Context, name string, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.mkdirs(path.Dir(name)); err != nil {
		return err
	}
	removeStaleTemps(s.root, name)
	mode := fs.FileMode(0)
	if st, err := s.root.Lstat(name); err == nil {
		switch {
		case st.IsDir():
			return writeError(s.display(name), errors.New("a folder is in the way of the file"), nothingWritten)
		case st.Mode().IsRegular():
			mode = st.Mode().Perm()
		}
	}
	f, tmp, err := s.createTemp(name)
	if err != nil {
		return writeError(s.display(name), err, nothingWritten)
	}
	s.staged = append(s.staged, stagedFile{name: name, tmp: tmp})
	_, err = f.Write(data)
	if err == nil && mode != 0 {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return writeError(s.display(name), err, nothingWritten)
	}
	return nil
}

// createTemp creates ".NAME.tmp-DIGITS" beside name, never an existing file.
func (s *outputSet) createTemp(name string) (*os.File, string, error) {
	dir, base := path.Split(name)
	for range 100 {
		tmp := dir + "." + base + ".tmp-" + strconv.FormatUint(uint64(rand.Uint32()), 10)
		f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, tmp, err
	}
	return nil, "", errors.New("cannot find a free temporary name")
}

// mkdirs creates the folders of dir (slash-separated, inside the root)
// that are missing, remembering them.
func (s *outputSet) mkdirs(dir string) error {
	if dir == "." || dir == "" {
		return nil
	}
	var prefix string
	for _, part := range strings.Split(dir, "/") {
		prefix = path.Join(prefix, part)
		st, err := s.root.Stat(prefix)
		if err == nil {
			if !st.IsDir() {
				return writeError(s.display(prefix), errors.New("a file is where a folder belongs"), nothingWritten)
			}
			continue
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return writeError(s.display(prefix), err, nothingWritten)
		}
		if err := s.root.Mkdir(prefix, 0o777); err != nil {
			return writeError(s.display(prefix), err, nothingWritten)
		}
		s.created = append(s.created, prefix)
	}
	return nil
}

// commit renames every staged file over its final name and syncs the
// folders, so the renames survive a crash. It runs to the end whatever
// happens to the build's context: the renames take moments, and stopping
// half-way would leave a mixed set. Should a rename fail all the same,
// the error lists which files are new and which kept their old content.
func (s *outputSet) commit() error {
	dirs := map[string]bool{}
	for i, f := range s.staged {
		if err := s.root.Rename(f.tmp, f.name); err != nil {
			var done, kept []string
			for _, g := range s.staged[:i] {
				done = append(done, s.display(g.name))
			}
			for _, g := range s.staged[i:] {
				kept = append(kept, s.display(g.name))
				s.root.Remove(g.tmp)
			}
			s.staged = nil
			left := "nothing was replaced; every file of the last build is unchanged"
			if len(done) > 0 {
				left = fmt.Sprintf("these files are new: %s; these kept their earlier content: %s", strings.Join(done, ", "), strings.Join(kept, ", "))
			}
			return writeError(s.display(f.name), err, left)
		}
		dirs[path.Dir(f.name)] = true
	}
	s.staged = nil
	for d := range dirs {
		if f, err := s.root.Open(d); err == nil {
			f.Sync()
			f.Close()
		}
	}
	return nil
}

// abort removes every temporary file and every folder this build
// created (when empty, as they are unless someone else wrote there).
func (s *outputSet) abort() {
	for _, f := range s.staged {
		if s.root != nil {
			s.root.Remove(f.tmp)
		}
	}
	s.staged = nil
	for i := len(s.created) - 1; i >= 0 && s.root != nil; i-- {
		s.root.Remove(s.created[i])
	}
	s.created = nil
	if s.root != nil {
		s.root.Close()
		s.root = nil
	}
	for _, undo := range s.undoOut {
		undo()
	}
	s.undoOut = nil
}

func (s *outputSet) close() {
	if s.root != nil {
		s.root.Close()
	}
}

// WriteAtomic writes data to path so that path always holds either its old
// content or the complete new content: the bytes go to a temporary file in
// the same folder, are synced, and the file is renamed over path. A
// failure or a kill at any moment leaves no partial file under the final
// name; a failure removes the temporary file. The folder is created when
// missing. A new file gets 0666 less the umask; a replaced file keeps its
// mode.
func WriteAtomic(path string, data []byte) error {
	s, err := openOutputDir(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer s.close()
	if err := s.stage(context.Background(), filepath.Base(path), data); err != nil {
		s.abort()
		return err
	}
	return s.commit()
}

// staleAfter is how old a temporary file must be before a build removes
// it: old enough that no build still running can be writing it.
const staleAfter = 10 * time.Minute

// removeStaleTemps deletes temporary files that a build killed while
// writing name left behind (".NAME.tmp-*"), so they do not pile up.
func removeStaleTemps(root *os.Root, name string) {
	dir, base := path.Split(name)
	d := dir
	if d == "" {
		d = "."
	}
	f, err := root.Open(d)
	if err != nil {
		return
	}
	names, _ := f.Readdirnames(-1)
	f.Close()
	prefix := "." + base + ".tmp-"
	for _, n := range names {
		if !strings.HasPrefix(n, prefix) {
			continue
		}
		if st, err := root.Lstat(dir + n); err == nil && st.Mode().IsRegular() && time.Since(st.ModTime()) > staleAfter {
			root.Remove(dir + n)
		}
	}
}
