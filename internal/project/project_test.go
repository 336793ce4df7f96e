package project

import (
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
