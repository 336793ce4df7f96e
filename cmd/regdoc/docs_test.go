package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/pipeline"
)

const docsDir = "../../docs"

// TestDataReferenceIsCurrent fails when the schemas changed and
// docs/data-reference.md was not regenerated from them.
func TestDataReferenceIsCurrent(t *testing.T) {
	want, err := pipeline.DataReference()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(docsDir, "data-reference.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/data-reference.md is stale: the schemas changed. Regenerate it with\n\tgo run ./cmd/regdoc schemas --doc --out docs/data-reference.md")
	}
}

// guideExample is one line of docs/templates.md of the form
//
//	{{pct 1 .Process.OverallYield}}  →  75.0 %
//
// in an indented code block: a template action and the text it gives on
// the IVIG example's data.
var guideExample = regexp.MustCompile(`(?m)^    (\S.*?)  →  (.*)$`)

// guideFunction is a function's heading in docs/templates.md.
var guideFunction = regexp.MustCompile("(?m)^### `([A-Za-z]+)`")

// mdEscape is a Markdown backslash escape of ASCII punctuation.
var mdEscape = regexp.MustCompile("\\\\([!-/:-@\\[-`{-~])")

func templateGuide(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(docsDir, "templates.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestTemplateGuideListsEveryFunction fails when a function is added to
// the template library without a section in docs/templates.md, or a
// section names a function that does not exist.
func TestTemplateGuideListsEveryFunction(t *testing.T) {
	guide := templateGuide(t)
	var documented []string
	for _, m := range guideFunction.FindAllStringSubmatch(guide, -1) {
		documented = append(documented, m[1])
	}
	for name := range mdtemplate.Funcs() {
		if !slices.Contains(documented, name) {
			t.Errorf("docs/templates.md has no section for the template function %q", name)
		}
	}
	for _, name := range documented {
		if _, ok := mdtemplate.Funcs()[name]; !ok {
			t.Errorf("docs/templates.md documents %q, which is not a template function", name)
		}
	}
}

// TestTemplateGuideExamples runs every example of docs/templates.md on the
// IVIG example's data and checks it gives what the guide says; and every
// function has at least one example.
func TestTemplateGuideExamples(t *testing.T) {
	guide := templateGuide(t)
	set, err := pipeline.Compile()
	if err != nil {
		t.Fatal(err)
	}
	l, ds, err := pipeline.Load(example, set, dataset.Options{})
	if err != nil || l == nil {
		t.Fatalf("loading the example: %v %v", err, ds)
	}
	data := pipeline.TemplateData{Project: l.Model}
	examples := guideExample.FindAllStringSubmatchIndex(guide, -1)
	if len(examples) == 0 {
		t.Fatal("no examples found in docs/templates.md")
	}
	sections := guideFunction.FindAllStringSubmatchIndex(guide, -1)
	tried := map[string]int{}
	for _, ix := range examples {
		src, want := guide[ix[2]:ix[3]], guide[ix[4]:ix[5]]
		// The section an example stands in names its function.
		fn := ""
		for _, s := range sections {
			if s[0] < ix[0] {
				fn = guide[s[2]:s[3]]
			}
		}
		if fn != "" {
			tried[fn]++
		}
		// Examples stand inside a sentence, as most actions do (at the start
		// of a line "75." would be escaped lest it start a list).
		tmpl, err := mdtemplate.Parse("example", "In a sentence: "+src, nil)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		out, err := tmpl.Render(data)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		// The guide shows the text as printed: Markdown escapes removed,
		// no-break spaces as spaces, and nothing as (nothing).
		got := strings.TrimPrefix(string(out), "In a sentence: ")
		got = mdEscape.ReplaceAllString(got, "$1")
		got = strings.ReplaceAll(got, "\u00a0", " ")
		if got == "" {
			got = "(nothing)"
		}
		// A long output (a figure block) is shown by its beginning, ending
		// in "…", with line breaks and indentation as single spaces.
		if prefix, long := strings.CutSuffix(want, "…"); long {
			got = strings.Join(strings.Fields(got), " ")
			if !strings.HasPrefix(got, strings.TrimSpace(prefix)) {
				t.Errorf("docs/templates.md: %s\n gives %.200q…\n guide says it starts %q", src, got, prefix)
			}
			continue
		}
		if got != want {
			t.Errorf("docs/templates.md: %s\n gives %q\n guide says %q", src, got, want)
		}
	}
	for name := range mdtemplate.Funcs() {
		if tried[name] == 0 {
			t.Errorf("docs/templates.md: the %q section has no example", name)
		}
	}
}
