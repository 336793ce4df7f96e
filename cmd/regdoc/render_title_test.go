package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

// TestRenderTitleFlagWinsOverFrontMatter: --title is the more specific,
// later choice, so it names the PDF (info, running header, title block)
// even when the file's front matter has a title of its own; without the
// flag the front matter's title holds.
func TestRenderTitleFlagWinsOverFrontMatter(t *testing.T) {
	dir := t.TempDir()
	md := filepath.Join(dir, "note.md")
	src := "---\ntitle: Draft from the front matter\ndate: 2026-01-02\n---\n\n# Scope\n\nText.\n"
	if err := os.WriteFile(md, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	read := func(pdf string) (map[string]string, string) {
		t.Helper()
		b, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		info, err := pdftest.Info(b)
		if err != nil {
			t.Fatal(err)
		}
		pages, err := pdftest.PageTexts(b)
		if err != nil {
			t.Fatal(err)
		}
		return info, strings.Join(strings.Fields(pages[0]), " ")
	}

	withFlag := filepath.Join(dir, "flag.pdf")
	if code, _, errOut := regdoc(t, nil, "render", md, "--title", "Reviewed note", "-o", withFlag); code != 0 {
		t.Fatalf("render --title exited %d: %s", code, errOut)
	}
	info, first := read(withFlag)
	if info["Title"] != "Reviewed note" {
		t.Errorf("with --title the PDF's title is %q, want %q", info["Title"], "Reviewed note")
	}
	if strings.Contains(first, "front matter") {
		t.Errorf("with --title the first page still shows the front-matter title:\n%s", first)
	}
	if strings.Count(first, "Reviewed note") < 2 { // running header and title block
		t.Errorf("with --title the first page lacks it in the header and the title block:\n%s", first)
	}

	without := filepath.Join(dir, "plain.pdf")
	if code, _, errOut := regdoc(t, nil, "render", md, "-o", without); code != 0 {
		t.Fatalf("render exited %d: %s", code, errOut)
	}
	if info, first := read(without); info["Title"] != "Draft from the front matter" || !strings.Contains(first, "Draft from the front matter") {
		t.Errorf("without --title: info title %q, first page:\n%s", info["Title"], first)
	}
}
