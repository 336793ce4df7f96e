package safefile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func openRoot(t *testing.T, dir string) *os.Root {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root
}

// notRegular checks that err refuses display as kind, by type and in words.
func notRegular(t *testing.T, err error, display, kind string) {
	t.Helper()
	var nr *NotRegularError
	if !errors.As(err, &nr) {
		t.Fatalf("error %v (%T), want a NotRegularError", err, err)
	}
	if nr.Path != display || nr.Kind() != kind {
		t.Errorf("refused %q as %q, want %q as %q", nr.Path, nr.Kind(), display, kind)
	}
	if msg := err.Error(); !strings.Contains(msg, display) || !strings.Contains(msg, kind) || !strings.Contains(msg, "regular file") {
		t.Errorf("message %q does not name the path, what it is and the rule", msg)
	}
}

// tooLarge checks that err is a TooLargeError for display with size (-1:
// known only to exceed) and limit, and says so.
func tooLarge(t *testing.T, err error, display string, size, limit int64) {
	t.Helper()
	var tl *TooLargeError
	if !errors.As(err, &tl) {
		t.Fatalf("error %v (%T), want a TooLargeError", err, err)
	}
	if tl.Path != display || tl.Size != size || tl.Limit != limit {
		t.Errorf("got %+v, want path %q size %d limit %d", *tl, display, size, limit)
	}
	if !strings.Contains(err.Error(), display) || !strings.Contains(err.Error(), "limit") {
		t.Errorf("message %q does not name the path and the limit", err)
	}
}

func TestReadRegularReadsUpToTheLimit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "data.json")
	write(t, path, "0123456789")
	for _, limit := range []int64{10, 11, 1 << 20} {
		b, err := ReadRegular(path, limit)
		if err != nil || string(b) != "0123456789" {
			t.Errorf("limit %d: %q, %v", limit, b, err)
		}
	}
	// One byte over: refused from the size on disk, nothing returned.
	b, err := ReadRegular(path, 9)
	if b != nil {
		t.Errorf("a file over the limit returned %d bytes", len(b))
	}
	tooLarge(t, err, path, 10, 9)
	// An empty file is a file.
	empty := filepath.Join(dir, "empty")
	write(t, empty, "")
	if b, err := ReadRegular(empty, 0); err != nil || len(b) != 0 {
		t.Errorf("empty file: %q, %v", b, err)
	}
}

// A file whose size on disk says nothing of its length (as /proc files
// report 0) is still cut at the limit while it is read.
func TestReadRegularLimitHoldsDuringTheRead(t *testing.T) {
	const path = "/proc/self/status"
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() != 0 {
		t.Skip("no /proc file that reports size 0")
	}
	_, err = ReadRegular(path, 8)
	tooLarge(t, err, path, -1, 8)
}

func TestReadRegularRefusesADirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := ReadRegular(dir, 100)
	notRegular(t, err, dir, "a directory")
	_, err = OpenRegular(dir)
	notRegular(t, err, dir, "a directory")
}

func TestMissingFileIsAPathError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.json")
	for name, err := range map[string]error{
		"ReadRegular": func() error { _, err := ReadRegular(path, 10); return err }(),
		"OpenRegular": func() error { _, err := OpenRegular(path); return err }(),
	} {
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != path || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: %v, want a not-exist PathError naming the path", name, err)
		}
	}
}

// On the command line a symbolic link is the user's own choice and is
// followed; what it leads to must still be a regular file.
func TestCommandLineFollowsSymlinksToRegularFiles(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.md")
	write(t, target, "# Title\n")
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	b, err := ReadRegular(link, 100)
	if err != nil || string(b) != "# Title\n" {
		t.Errorf("through a link: %q, %v", b, err)
	}
	f, err := OpenRegular(link)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	dirLink := filepath.Join(dir, "dirlink")
	if err := os.Symlink(dir, dirLink); err != nil {
		t.Fatal(err)
	}
	_, err = ReadRegular(dirLink, 100)
	notRegular(t, err, dirLink, "a directory")
}

func TestReadInStaysInsideTheRoot(t *testing.T) {
	base := t.TempDir()
	proj := filepath.Join(base, "proj")
	write(t, filepath.Join(proj, "data", "process.json"), `{"a":1}`)
	write(t, filepath.Join(base, "secret.txt"), "outside")
	root := openRoot(t, proj)

	b, err := ReadIn(root, "data/process.json", "data/process.json", 100)
	if err != nil || string(b) != `{"a":1}` {
		t.Fatalf("inside the root: %q, %v", b, err)
	}
	// ".." and absolute paths do not leave the root.
	for _, rel := range []string{"../secret.txt", "data/../../secret.txt", filepath.ToSlash(filepath.Join(base, "secret.txt"))} {
		if b, err := ReadIn(root, rel, "shown.txt", 100); err == nil {
			t.Errorf("%s read outside the root: %q", rel, b)
		} else if !strings.Contains(err.Error(), "shown.txt") {
			t.Errorf("%s: error %q does not use the display name", rel, err)
		}
	}
	// A symbolic link that stays inside is followed; one that leads out,
	// absolute or relative, is refused.
	links := map[string]string{
		"inside.json":   "data/process.json",
		"abs-out.txt":   filepath.Join(base, "secret.txt"),
		"rel-out.txt":   "../secret.txt",
		"data/deep.txt": "../../secret.txt",
	}
	for name, to := range links {
		if err := os.Symlink(to, filepath.Join(proj, name)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	if b, err := ReadIn(root, "inside.json", "inside.json", 100); err != nil || string(b) != `{"a":1}` {
		t.Errorf("a link inside the root: %q, %v", b, err)
	}
	for _, name := range []string{"abs-out.txt", "rel-out.txt", "data/deep.txt"} {
		if b, err := ReadIn(root, name, name, 100); err == nil {
			t.Errorf("the link %s read outside the root: %q", name, b)
		}
		if f, err := OpenIn(root, name, name); err == nil {
			f.Close()
			t.Errorf("OpenIn followed the link %s outside the root", name)
		}
	}
	// The limit and the regular-file rule hold inside the root too.
	_, err = ReadIn(root, "data/process.json", "process.json", 3)
	tooLarge(t, err, "process.json", 7, 3)
	_, err = ReadIn(root, "data", "the data folder", 100)
	notRegular(t, err, "the data folder", "a directory")
	_, err = OpenIn(root, "data", "the data folder")
	notRegular(t, err, "the data folder", "a directory")
}

func TestFSFollowsTheRules(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "img", "a.png"), "0123456789")
	fsys := FS(openRoot(t, dir), 5)

	// Open gives a readable regular file, whatever its size: the limit is
	// for ReadFile, which reads the whole file.
	f, err := fsys.Open("img/a.png")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(f)
	f.Close()
	if err != nil || string(b) != "0123456789" {
		t.Errorf("Open then read: %q, %v", b, err)
	}
	_, err = fs.ReadFile(fsys, "img/a.png")
	tooLarge(t, err, "img/a.png", 10, 5)
	_, err = fsys.Open("img")
	notRegular(t, err, "img", "a directory")
	for _, bad := range []string{"../x", "/etc/passwd", "img/../../x", "img//a.png", ""} {
		if _, err := fsys.Open(bad); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("Open(%q): %v, want fs.ErrInvalid", bad, err)
		}
		if _, err := fs.ReadFile(fsys, bad); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("ReadFile(%q): %v, want fs.ErrInvalid", bad, err)
		}
	}
}

func TestNotRegularKinds(t *testing.T) {
	for mode, want := range map[fs.FileMode]string{
		fs.ModeDir:                        "a directory",
		fs.ModeNamedPipe:                  "a named pipe (FIFO)",
		fs.ModeSocket:                     "a socket",
		fs.ModeDevice | fs.ModeCharDevice: "a character device",
		fs.ModeDevice:                     "a device",
		fs.ModeSymlink:                    "a symbolic link",
		fs.ModeIrregular:                  "a special file",
	} {
		if got := (&NotRegularError{Path: "x", Mode: mode}).Kind(); got != want {
			t.Errorf("%v: %q, want %q", mode, got, want)
		}
	}
}

// A file that grows after its size was checked is read no further than
// one byte past the limit, so a file still being written cannot fill the
// memory.
func TestAGrowingFileIsReadNoFurtherThanTheLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "growing.json")
	write(t, path, "0123456789")
	f, err := OpenRegular(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Repeat("x", 1<<20)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = readAll(f, st, path, 20)
	tooLarge(t, err, path, -1, 20)
	if at, err := f.Seek(0, io.SeekCurrent); err != nil || at > 21 {
		t.Errorf("read %d bytes of a file over the limit of 20, want at most 21 (%v)", at, err)
	}
}
