package project

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestContain(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "escape")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "data"), filepath.Join(root, "alias")); err != nil {
		t.Fatal(err)
	}
	ok := []string{"data/process.json", "data/../data/x.json", "new/dir/file.pdf", "alias/p.json"}
	for _, rel := range ok {
		got, err := Contain(root, rel)
		if err != nil {
			t.Errorf("%q refused: %v", rel, err)
			continue
		}
		if !strings.HasPrefix(got, root) {
			t.Errorf("%q resolved to %q outside %q", rel, got, root)
		}
	}
	bad := map[string]string{
		"../x.json":           "outside",
		"data/../../x.json":   "outside",
		"/etc/passwd":         "absolute",
		"escape/secret.json":  "symbolic link",
		"escape/new/file.pdf": "symbolic link",
		"":                    "empty",
	}
	for rel, want := range bad {
		_, err := Contain(root, rel)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one mentioning %q", rel, err, want)
		}
	}
}

func TestFSStaysInside(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(root, "in.png"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(outside, "secret.png"), []byte("s"), 0o644)
	os.Symlink(filepath.Join(outside, "secret.png"), filepath.Join(root, "link.png"))
	fsys, err := FolderFS(root)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(fsys, "in.png"); err != nil || string(b) != "x" {
		t.Errorf("in.png: %q %v", b, err)
	}
	for _, name := range []string{"link.png", "../secret.png", "/etc/passwd"} {
		if _, err := fs.ReadFile(fsys, name); err == nil {
			t.Errorf("%s read through the project FS", name)
		}
	}
}
