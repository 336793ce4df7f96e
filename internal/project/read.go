package project

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// Read limits for the files regdoc reads besides data files (whose limit
// is dataset.Options.MaxBytes, 10 MiB by default). They are far above any
// real template or image and keep a mistaken or hostile file from
// filling memory; a file over its limit is refused before it is read.
const (
	// MaxTemplateBytes is the largest template file read, and the
	// largest Markdown file 'regdoc render' reads.
	MaxTemplateBytes = 4 << 20
	// MaxImageBytes is the largest image file read.
	MaxImageBytes = 32 << 20
)

// NotRegularError is a path that names something other than a regular
// file: a folder, a named pipe (FIFO), a device or a socket. regdoc never
// reads such a thing — a FIFO would block forever, a device never end.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file; regdoc reads only regular files", e.Path, e.Kind())
}

// Kind says what the path is instead: "a named pipe (FIFO)", "a directory" …
func (e *NotRegularError) Kind() string { return describeMode(e.Mode) }

func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// TooLargeError is a file over its read limit. Size is -1 when only known
// to be larger than Limit (a file that grew while it was read).
type TooLargeError struct {
	Path        string
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("%s is larger than the limit of %d bytes", e.Path, e.Limit)
	}
	return fmt.Sprintf("%s is %s bytes, larger than the limit of %d bytes", e.Path, strconv.FormatInt(e.Size, 10), e.Limit)
}

// openFlags opens without waiting: opening a FIFO for reading otherwise
// blocks until a writer comes, before the file can be checked.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// checkRegular refuses an open file that is not a regular file, naming it
// as display.
func checkRegular(f *os.File, display string) (fs.FileInfo, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Path: display, Mode: st.Mode()}
	}
	return st, nil
}

// readAll reads an open regular file through the limit.
func readAll(f *os.File, st fs.FileInfo, display string, limit int64) ([]byte, error) {
	if st.Size() > limit {
		return nil, &TooLargeError{Path: display, Size: st.Size(), Limit: limit}
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: display, Err: unwrapPath(err)}
	}
	if int64(len(b)) > limit {
		return nil, &TooLargeError{Path: display, Size: -1, Limit: limit}
	}
	return b, nil
}

// openError names display in an open error, and turns the error a
// socket gives (ENXIO) into the refusal it deserves.
func openError(err error, display string, lstat func() (fs.FileInfo, error)) error {
	if errors.Is(err, syscall.ENXIO) || errors.Is(err, syscall.EOPNOTSUPP) {
		if st, serr := lstat(); serr == nil && !st.Mode().IsRegular() {
			return &NotRegularError{Path: display, Mode: st.Mode()}
		}
	}
	return &fs.PathError{Op: "open", Path: display, Err: unwrapPath(err)}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// OpenRegular opens a file the user named on the command line for
// reading, without blocking, and refuses anything but a regular file.
func OpenRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, openError(err, path, func() (fs.FileInfo, error) { return os.Lstat(path) })
	}
	if _, err := checkRegular(f, path); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadRegular reads a file the user named on the command line: opened
// once, refused unless a regular file, read through limit.
func ReadRegular(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, openError(err, path, func() (fs.FileInfo, error) { return os.Lstat(path) })
	}
	defer f.Close()
	st, err := checkRegular(f, path)
	if err != nil {
		return nil, err
	}
	return readAll(f, st, path, limit)
}

// readIn reads rel (slash-separated) inside root: opened once through
// the root, so neither ".." nor a symbolic link — one there from the
// start or one swapped in while regdoc runs — leads outside; refused
// unless a regular file; read through limit. display names the file in
// errors.
func readIn(root *os.Root, rel, display string, limit int64) ([]byte, error) {
	name := filepath.FromSlash(rel)
	f, err := root.OpenFile(name, openFlags, 0)
	if err != nil {
		return nil, openError(err, display, func() (fs.FileInfo, error) { return root.Lstat(name) })
	}
	defer f.Close()
	st, err := checkRegular(f, display)
	if err != nil {
		return nil, err
	}
	return readAll(f, st, display, limit)
}

// ReadFile reads the project file rel (a path as the manifest writes it)
// through the project's root, refusing anything but a regular file and
// anything over limit. Errors name the file as the user reaches it.
func (p *Project) ReadFile(rel string, limit int64) ([]byte, error) {
	return readIn(p.root, rel, p.Display(rel), limit)
}

// Display names a project path as the user reaches it (relative to where
// regdoc was started, or absolute), e.g. "my-product/data/process.json".
func (p *Project) Display(rel string) string {
	return filepath.Join(filepath.Dir(p.File), filepath.FromSlash(rel))
}

// Folder is the project folder as an os.Root: every name opened through
// it stays inside the project.
func (p *Project) Folder() *os.Root { return p.root }

// FolderFS is dir as an fs.FS for images: every name is opened through an
// os.Root of dir, refused unless a regular file, and read through
// MaxImageBytes. 'regdoc build' uses the project's folder, 'regdoc render'
// the Markdown file's.
func FolderFS(dir string) (fs.FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return rootFS{root: r, dir: dir}, nil
}

// FS is the project folder as an fs.FS for the typesetter's images (see
// FolderFS).
func (p *Project) FS() fs.FS { return rootFS{root: p.root, dir: filepath.Dir(p.File)} }

type rootFS struct {
	root *os.Root
	dir  string
}

func (r rootFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := r.root.OpenFile(filepath.FromSlash(name), openFlags, 0)
	if err != nil {
		return nil, openError(err, name, func() (fs.FileInfo, error) { return r.root.Lstat(filepath.FromSlash(name)) })
	}
	if _, err := checkRegular(f, name); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadFile makes fs.ReadFile read through the limit.
func (r rootFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return readIn(r.root, name, name, MaxImageBytes)
}
