package templates

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// action is a template action, whose text is Go, not Markdown.
var action = regexp.MustCompile(`(?s)\{\{.*?\}\}`)

// superscript is the one use of "^" in a template's Markdown: ^x^ with no
// space inside.
var superscript = regexp.MustCompile(`\^[^^\s]+\^`)

// The built-in templates write powers as superscripts (10^4^ or the sci
// function), never in caret notation such as "10^4", which prints the caret.
func TestNoCaretNotation(t *testing.T) {
	err := fs.WalkDir(FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(FS, path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			text := superscript.ReplaceAllString(action.ReplaceAllString(line, ""), "")
			if strings.Contains(text, "^") {
				t.Errorf("%s:%d: caret notation outside ^superscript^: %s", path, i+1, line)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
