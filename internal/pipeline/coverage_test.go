package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/regdoc/regdoc/examples"
)

// A file in a folder walk that cannot be read — a FIFO, a dangling link —
// is an error line of its own: the other files are still checked and
// reported, the file is not counted as checked, and the run is an I/O
// failure.
func TestUnreadableFilesAreErrorLinesOfTheirOwn(t *testing.T) {
	dir := t.TempDir()
	good, err := examples.FS.ReadFile("ivig-liquid/data/specification.json")
	if err != nil {
		t.Fatal(err)
	}
	bad := []byte(`{"$schema": "https://regdoc.dev/schemas/v1/specification.schema.json", "id": 7}`)
	for name, b := range map[string][]byte{"a.json": good, "d.json": bad} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("nowhere.json", filepath.Join(dir, "c.json")); err != nil {
		t.Fatal(err)
	}
	fifo := syscall.Mkfifo(filepath.Join(dir, "b.json"), 0o644) == nil
	var notes []FileNote
	set, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	files, ds, err := Validate([]string{dir}, set, ValidateOptions{Partly: func(n FileNote) { notes = append(notes, n) }})
	if err == nil || ClassOf(err) != IO {
		t.Fatalf("err = %v (class %v), want an I/O failure", err, ClassOf(err))
	}
	if want := []string{filepath.Join(dir, "a.json"), filepath.Join(dir, "d.json")}; !slices.Equal(files, want) {
		t.Errorf("files checked %v, want %v", files, want)
	}
	unread := map[string]string{}
	invalid := 0
	for _, d := range ds {
		switch {
		case d.Code == CodeUnreadable:
			unread[filepath.Base(d.File)] = d.Message
		case filepath.Base(d.File) == "d.json":
			invalid++
		}
	}
	if unread["c.json"] != "cannot read the file: no such file" {
		t.Errorf("the dangling link: %q", unread["c.json"])
	}
	if fifo && unread["b.json"] != "cannot read the file: it is a named pipe (FIFO), not a regular file; regdoc reads only regular files" {
		t.Errorf("the FIFO: %q", unread["b.json"])
	}
	if invalid == 0 {
		t.Errorf("the invalid file's problems were not reported beside the unreadable ones: %v", ds)
	}
	for _, n := range notes {
		if n.Read {
			t.Errorf("note %+v: an unreadable file counted as read", n)
		}
	}
	if want := len(unread); len(notes) != want {
		t.Errorf("%d notes, want %d: %+v", len(notes), want, notes)
	}
}
