package pipeline

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// A path that finds no file says so plainly; when a writer's habit is the
// cause — a Windows backslash, capitals that differ from the file's — it
// says what to write instead.
func TestPathHint(t *testing.T) {
	fsys := fstest.MapFS{
		"data/process.json":        {},
		"Templates/cmc/s222.md":    {},
		"twins/a.json":             {},
		"twins/A.json":             {},
		"data/specification.json":  {},
		"data/batches/lot-1.json":  {},
		"notes/readme.md":          {},
		"notes/Other/readme.md":    {},
		"notes/other/readme.md":    {},
		"notes/other/extra.md":     {},
		"notes/Other/only-here.md": {},
	}
	tests := []struct{ rel, want string }{
		{`data\process.json`, `; use / in paths, also on Windows: write "data/process.json"`},
		{`data\Process.json`, `; use / in paths, also on Windows: write "data/process.json"`},
		{`data\nothing.json`, `; use / in paths, also on Windows`},
		{"Data/Process.json", `; "data/process.json" exists with other capitals: write it so, as Linux and CI tell names apart by case`},
		{"templates/CMC/S222.md", `; "Templates/cmc/s222.md" exists with other capitals`},
		{"./data/PROCESS.json", `; "data/process.json" exists with other capitals`},
		// Quiet: no file by any capitals, or two the writer must choose from.
		{"data/proces.json", ""},
		{"twins/A.JSON", ""},
		{"NOTES/OTHER/extra.md", ""},
		{"../data/process.json", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got := pathHint(fsys, "", tt.rel)
		if !strings.HasPrefix(got, tt.want) || (tt.want == "" && got != "") {
			t.Errorf("pathHint(%q) = %q, want %q", tt.rel, got, tt.want)
		}
	}
}

// A path on the command line that names nothing is the writer's slip in
// the writer's words, and still an I/O error (exit 2).
func TestMissingPathOnTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "process.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	_, _, err := Validate([]string{"Data/process.json"}, nil, ValidateOptions{})
	if err == nil || err.Error() != `Data/process.json: no such file or folder; "data/process.json" exists with other capitals: write it so, as Linux and CI tell names apart by case` {
		t.Errorf("err = %v", err)
	}
	if !errors.Is(err, fs.ErrNotExist) || ClassOf(err) != IO {
		t.Errorf("err %v is not an I/O error (class %v)", err, ClassOf(err))
	}
	abs := filepath.Join(dir, "DATA", "process.json")
	_, _, err = Validate([]string{abs}, nil, ValidateOptions{})
	if want := `"` + filepath.ToSlash(filepath.Join(dir, "data", "process.json")) + `" exists with other capitals`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want it to name %s", err, want)
	}
	_, _, err = Validate([]string{"nothing.json"}, nil, ValidateOptions{})
	if err == nil || err.Error() != "nothing.json: no such file or folder" {
		t.Errorf("err = %v", err)
	}
}
