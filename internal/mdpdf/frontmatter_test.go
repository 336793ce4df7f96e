package mdpdf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pdftest"
)

func TestYAMLFrontMatter(t *testing.T) {
	src := "---\ntitle: Ownership in Rust\nsubtitle: A chapter\nauthor:\n  - Ada Lovelace\n  - Alan Turing\ndate: 2024-05-06\ntoc: true\nlang: en\nuntranslated: true\n---\n\n# Moves\n\nText.\n\n## Borrows\n\nMore text.\n"
	var buf bytes.Buffer
	res, err := Render(&buf, []byte(src), Options{File: "ch.md", Meta: Metadata{Title: "ch"}})
	if err != nil {
		t.Fatal(err)
	}
	// Unknown keys are warnings at their line, never printed.
	if len(res.Warnings) != 2 || res.Warnings[0].Line != 9 || res.Warnings[1].Line != 10 ||
		res.Warnings[0].Severity != diag.Warning || !strings.Contains(res.Warnings[0].Message, `"lang"`) {
		t.Errorf("warnings %v, want lang (line 9) and untranslated (line 10)", res.Warnings)
	}
	pages, err := pdftest.PageTexts(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(pages, "\n")
	for _, bad := range []string{"lang", "untranslated", "---"} {
		if strings.Contains(all, bad) {
			t.Errorf("front matter printed (%q):\n%s", bad, all)
		}
	}
	first := strings.Join(strings.Fields(pages[0]), " ")
	for _, want := range []string{"Ownership in Rust · 2024-05-06", "Ownership in Rust A chapter Ada Lovelace, Alan Turing 2024-05-06", "Table of Contents", "Moves", "Borrows"} {
		if !strings.Contains(first, want) {
			t.Errorf("first page lacks %q:\n%s", want, first)
		}
	}
	info, err := pdftest.Info(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if info["Title"] != "Ownership in Rust" || info["Author"] != "Ada Lovelace, Alan Turing" {
		t.Errorf("info %v", info)
	}
}

func TestFrontMatterProblems(t *testing.T) {
	_, err := Render(&bytes.Buffer{}, []byte("---\ntitle: [unclosed\n---\n\nText.\n"), Options{File: "a.md"})
	ds, ok := diag.FromError(err)
	if !ok || len(ds) != 1 || ds[0].Code != "markdown/front-matter" || ds[0].File != "a.md" {
		t.Errorf("err = %v, want one front-matter error", err)
	}
	// A rule followed by a blank line is a rule, not front matter.
	var buf bytes.Buffer
	if _, err := Render(&buf, []byte("---\n\ntitle: x\n"), Options{}); err != nil {
		t.Fatal(err)
	}
	if txt, _ := pdftest.Text(buf.Bytes()); !strings.Contains(txt, "title: x") {
		t.Errorf("text after a rule lost: %q", txt)
	}
}
