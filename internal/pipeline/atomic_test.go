package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommitFailureSaysWhatIsOnDisk: should a rename fail half-way (here a
// folder appears in the way of the second file after it was staged), the
// error names the file, lists which files are new and which kept their
// earlier content, and no temporary file is left.
func TestCommitFailureSaysWhatIsOnDisk(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.pdf", "b.pdf", "c.pdf"} {
		os.WriteFile(filepath.Join(dir, n), []byte("old "+n), 0o644)
	}
	s, err := openOutputDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	for _, n := range []string{"a.pdf", "b.pdf", "c.pdf"} {
		if err := s.stage(context.Background(), n, []byte("new "+n)); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(filepath.Join(dir, "b.pdf"))
	os.MkdirAll(filepath.Join(dir, "b.pdf", "x"), 0o755)
	err = s.commit()
	var ioErr *IOError
	if !errors.As(err, &ioErr) || ioErr.Diagnostic.File != filepath.Join(dir, "b.pdf") {
		t.Fatalf("error %v, want an IOError naming b.pdf", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "these files are new: "+filepath.Join(dir, "a.pdf")) ||
		!strings.Contains(msg, "these kept their earlier content: "+filepath.Join(dir, "b.pdf")+", "+filepath.Join(dir, "c.pdf")) ||
		strings.Contains(msg, "nothing was written") {
		t.Errorf("the message does not say what is on disk: %s", msg)
	}
	for n, want := range map[string]string{"a.pdf": "new a.pdf", "c.pdf": "old c.pdf"} {
		if b, _ := os.ReadFile(filepath.Join(dir, n)); string(b) != want {
			t.Errorf("%s holds %q, want %q", n, b, want)
		}
	}
	if temps := relTemps(t, dir); len(temps) > 0 {
		t.Errorf("temporary files left: %v", temps)
	}
}

// TestWriteAtomicKeepsMode: 'regdoc render' replaces its PDF keeping the
// file's mode, and leaves no temporary file when the folder is missing
// and cannot be made.
func TestWriteAtomicKeepsMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.pdf")
	os.WriteFile(p, []byte("old"), 0o600)
	if err := WriteAtomic(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v after WriteAtomic, want 0600 (%v)", st.Mode().Perm(), err)
	}
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	err := WriteAtomic(filepath.Join(blocker, "y.pdf"), []byte("x"))
	var ioErr *IOError
	if !errors.As(err, &ioErr) {
		t.Errorf("writing under a file: %v, want an IOError", err)
	}
}
