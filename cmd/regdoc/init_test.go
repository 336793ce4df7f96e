package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pipeline"
)

// initRow is one row of what 'regdoc init' says it wrote: a file, or a
// folder ending in "/".
var initRow = regexp.MustCompile(`(?m)^  (\S+) {2,}\S`)

// TestInitListsEveryFileItWrites: a writer meets no file in the new
// project that init did not announce, and init announces nothing it did
// not write.
func TestInitListsEveryFileItWrites(t *testing.T) {
	for _, ex := range pipeline.Examples() {
		t.Run(ex, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "p")
			code, out, errs := regdoc(t, nil, "init", dir, "--example", ex)
			if code != 0 {
				t.Fatalf("init: exit %d: %s", code, errs)
			}
			listing, _, _ := strings.Cut(out, "\nNext:")
			var rows []string
			for _, m := range initRow.FindAllStringSubmatch(listing, -1) {
				rows = append(rows, m[1])
			}
			var files []string
			err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dir, p)
					files = append(files, filepath.ToSlash(rel))
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				if !slices.ContainsFunc(rows, func(r string) bool { return r == f || strings.HasSuffix(r, "/") && strings.HasPrefix(f, r) }) {
					t.Errorf("init wrote %s but does not list it:\n%s", f, out)
				}
			}
			for _, r := range rows {
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(r))); err != nil {
					t.Errorf("init lists %s, which it did not write", r)
				}
			}
			if !slices.Contains(rows, ".gitignore") {
				t.Errorf("the listing has no .gitignore row:\n%s", out)
			}
		})
	}
}

// outputFolder is an output folder a command in the documentation builds
// into: "regdoc build … -o dist".
var outputFolder = regexp.MustCompile("regdoc build[^`\n]*?(?:-o|--out)[ =]([^ `\n]+)")

// TestInitIgnoresEveryOutputFolderTheDocsUse: the .gitignore of a new
// project keeps out of git the default output folder and every folder the
// README and the guides build into, so following any of them never puts
// generated PDFs in a commit.
func TestInitIgnoresEveryOutputFolderTheDocsUse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	if code, _, errs := regdoc(t, nil, "init", dir); code != 0 {
		t.Fatalf("init: %s", errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if err != nil {
		t.Fatal(err)
	}
	ignored := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			ignored[strings.Trim(line, "/")] = true
		}
	}
	docs, _ := filepath.Glob(filepath.Join(docsDir, "*.md"))
	docs = append(docs, filepath.Join(docsDir, "..", "README.md"))
	want := map[string]string{"out": "the default output folder"}
	for _, d := range docs {
		src, err := os.ReadFile(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range outputFolder.FindAllStringSubmatch(string(src), -1) {
			if filepath.IsAbs(m[1]) || strings.HasPrefix(m[1], "$") {
				continue // outside any project
			}
			top, _, _ := strings.Cut(strings.TrimPrefix(m[1], "./"), "/")
			want[top] = filepath.Base(d) + ": " + m[0]
		}
	}
	if len(want) < 2 {
		t.Fatalf("found no output folder in the docs; is the pattern still right? %v", want)
	}
	for folder, where := range want {
		if !ignored[folder] {
			t.Errorf(".gitignore does not ignore %s/ (%s):\n%s", folder, where, b)
		}
	}
}
