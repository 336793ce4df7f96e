package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/pdftest"
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

// The getting-started guide is the first page a newcomer reads, so what it
// shows must be what the tool prints. TestGettingStarted reads
// docs/getting-started.md as a script and runs it, in order:
//
//   - every command of a ```sh block that starts with "regdoc" or "cd"
//     (go install and the like are left to the reader; --watch runs until
//     stopped and is left out too);
//   - an unlabelled ``` block right after a ```sh block is what its last
//     command prints, stdout then stderr, byte for byte except the times a
//     build takes; a command shown without its output must succeed;
//   - "In `FILE`, change `OLD` to `NEW`" (and further "change `OLD` to
//     `NEW`" in the same paragraph) is an edit the reader makes: OLD must
//     be in FILE;
//   - "`FILE.pdf` now shows `TEXT`" is checked in the PDF's text;
//   - "no page of any PDF in `DIR` says `WORD`" is checked in every PDF
//     there, ignoring case.
//
// Any other unlabelled code block is output nothing produced, and fails.
// When the tool's output changes on purpose, rewrite the guide's output
// blocks with
//
//	go test ./cmd/regdoc -run TestGettingStarted -update-guide
var updateGuide = flag.Bool("update-guide", false, "rewrite the output blocks of docs/getting-started.md from the tool's output")

// guideStep is one thing the guide has the reader do or see.
type guideStep struct {
	line int      // in the guide, for messages
	cmd  []string // a command, or an edit ("replace", file, old, new), or a check
	// want is the index in guide.outputs of the output the command must
	// print; -1 when none is shown and the command must succeed.
	want int
}

// guideScript is the guide read as a script.
type guideScript struct {
	steps   []guideStep
	outputs []guideOutput
}

// guideOutput is one output block: its text and its lines in the guide.
type guideOutput struct {
	text       string
	start, end int // the lines between the fences, 0-based, end exclusive
}

var (
	guideEdit    = regexp.MustCompile("(?:[Ii]n `([^`]+)`, )?change `([^`]+)` (?:back )?to `([^`]+)`")
	guideShows   = regexp.MustCompile("`([^`]+\\.pdf)` now shows `([^`]+)`")
	guideLacks   = regexp.MustCompile("no page of any PDF in `([^`]+)` says `([^`]+)`")
	guideComment = regexp.MustCompile(`\s+#.*$`)
	// buildTime is a duration a build reports ("  48 ms", " in 1.2 s"),
	// with the spaces that align it: the one thing that differs between
	// runs.
	buildTime = regexp.MustCompile(` +\d+(?:\.\d+)? (?:ms|s)\b`)
)

// readGuide parses the guide into steps; problems are what it cannot
// check.
func readGuide(guide string) (g guideScript, problems []string) {
	lines := strings.Split(guide, "\n")
	var para []string
	paraLine := 0
	flush := func() {
		text := strings.Join(para, " ")
		file := ""
		type found struct {
			at   int
			step guideStep
		}
		var all []found
		for _, m := range guideEdit.FindAllStringSubmatchIndex(text, -1) {
			if m[2] >= 0 {
				file = text[m[2]:m[3]]
			}
			if file == "" {
				problems = append(problems, fmt.Sprintf("docs/getting-started.md:%d: %q names no file to change", paraLine, text[m[0]:m[1]]))
				continue
			}
			all = append(all, found{m[0], guideStep{paraLine, []string{"replace", file, text[m[4]:m[5]], text[m[6]:m[7]]}, -1}})
		}
		for _, m := range guideShows.FindAllStringSubmatchIndex(text, -1) {
			all = append(all, found{m[0], guideStep{paraLine, []string{"pdfshows", text[m[2]:m[3]], text[m[4]:m[5]]}, -1}})
		}
		for _, m := range guideLacks.FindAllStringSubmatchIndex(text, -1) {
			all = append(all, found{m[0], guideStep{paraLine, []string{"pdflacks", text[m[2]:m[3]], text[m[4]:m[5]]}, -1}})
		}
		slices.SortFunc(all, func(a, b found) int { return a.at - b.at })
		for _, f := range all {
			g.steps = append(g.steps, f.step)
		}
		para = para[:0]
	}
	lastShell := -2 // the line of the last ```sh block's closing fence
	shellSteps := 0 // the commands it holds that the test runs
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if !strings.HasPrefix(line, "```") {
			if strings.TrimSpace(line) == "" {
				flush()
			} else {
				if len(para) == 0 {
					paraLine = i + 1
				}
				para = append(para, strings.TrimSpace(line))
			}
			continue
		}
		flush()
		info := strings.TrimSpace(strings.TrimPrefix(line, "```"))
		open := i
		var body []string
		for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
			body = append(body, lines[i])
		}
		switch info {
		case "sh":
			shellSteps = len(g.steps)
			for j, c := range body {
				c = guideComment.ReplaceAllString(c, "")
				args := strings.Fields(c)
				if len(args) == 0 || (args[0] != "regdoc" && args[0] != "cd") || slices.Contains(args, "--watch") {
					continue
				}
				g.steps = append(g.steps, guideStep{open + 2 + j, args, -1})
			}
			lastShell = i
			shellSteps = len(g.steps) - shellSteps
		case "":
			blank := lastShell >= 0
			for j := lastShell + 1; blank && j < open; j++ {
				blank = strings.TrimSpace(lines[j]) == ""
			}
			n := len(g.steps)
			if !blank || shellSteps == 0 || g.steps[n-1].cmd[0] != "regdoc" {
				problems = append(problems, fmt.Sprintf("docs/getting-started.md:%d: an output block that does not follow a regdoc command: no test checks it against the tool", open+1))
				continue
			}
			g.steps[n-1].want = len(g.outputs)
			g.outputs = append(g.outputs, guideOutput{strings.Join(body, "\n") + "\n", open + 1, i})
		}
	}
	flush()
	return g, problems
}

// script writes the guide as a testscript, each output as a file of its
// archive.
func (g guideScript) script() string {
	var b strings.Builder
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	for _, s := range g.steps {
		fmt.Fprintf(&b, "# docs/getting-started.md:%d\n", s.line)
		switch s.cmd[0] {
		case "regdoc":
			fmt.Fprintf(&b, "guide %d", s.want)
		}
		for i, a := range s.cmd {
			if i > 0 || s.cmd[0] == "regdoc" {
				b.WriteByte(' ')
			}
			if s.cmd[0] == "cd" || i == 0 {
				b.WriteString(a)
			} else {
				b.WriteString(quote(a))
			}
		}
		b.WriteByte('\n')
	}
	for i, o := range g.outputs {
		fmt.Fprintf(&b, "-- want%d --\n%s", i, o.text)
	}
	return b.String()
}

func TestGettingStarted(t *testing.T) {
	path := filepath.Join(docsDir, "getting-started.md")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g, problems := readGuide(string(src))
	for _, p := range problems {
		t.Error(p)
	}
	if len(g.outputs) == 0 {
		t.Fatal("the guide shows no output: nothing to check")
	}
	var kinds []string
	for _, s := range g.steps {
		kinds = append(kinds, s.cmd[0])
	}
	for _, need := range []string{"replace", "pdfshows", "pdflacks"} {
		if !slices.Contains(kinds, need) {
			t.Errorf("the guide has no %s step: it no longer walks from init to a changed value in the PDF", need)
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "getting-started.txtar"), []byte(g.script()), 0o644); err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(g.outputs))
	// testscript runs the script as a parallel subtest; the outer subtest
	// returns only once it is done, so its outputs are all in got.
	t.Run("guide", func(t *testing.T) { runGuide(t, dir, g, got) })
	if *updateGuide && !t.Failed() {
		lines := strings.Split(string(src), "\n")
		for i := len(g.outputs) - 1; i >= 0; i-- {
			o := g.outputs[i]
			if got[i] == "" {
				t.Fatalf("no output was recorded for the block at docs/getting-started.md:%d", o.start)
			}
			if normalizeGuide(got[i]) == normalizeGuide(o.text) {
				continue // only the times differ: keep the guide as it is
			}
			repl := strings.Split(strings.TrimSuffix(got[i], "\n"), "\n")
			lines = append(lines[:o.start], append(repl, lines[o.end:]...)...)
		}
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runGuide runs the guide's script in dir, recording what each command
// shown with its output printed in got.
func runGuide(t *testing.T, dir string, g guideScript, got []string) {
	testscript.Run(t, testscript.Params{
		Dir: dir,
		Setup: func(e *testscript.Env) error {
			// As a reader's terminal would show it, minus the colours.
			e.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"replace": cmdReplace,
			"guide": func(ts *testscript.TestScript, neg bool, args []string) {
				n, err := strconv.Atoi(args[0])
				ts.Check(err)
				runErr := ts.Exec(args[1], args[2:]...)
				if n < 0 {
					if runErr != nil {
						ts.Fatalf("the guide shows %q without output, as if it succeeded: %v", strings.Join(args[1:], " "), runErr)
					}
					return
				}
				out := ts.ReadFile("stdout") + ts.ReadFile("stderr")
				got[n] = out
				want := ts.ReadFile(filepath.Join(ts.Getenv("WORK"), fmt.Sprintf("want%d", n)))
				if normalizeGuide(out) != normalizeGuide(want) && !*updateGuide {
					ts.Fatalf("docs/getting-started.md:%d: %q prints\n%s\nthe guide shows\n%s\n(rewrite the guide's outputs with go test ./cmd/regdoc -run TestGettingStarted -update-guide)",
						g.outputs[n].start, strings.Join(args[1:], " "), out, want)
				}
			},
			"pdfshows": func(ts *testscript.TestScript, neg bool, args []string) {
				text := guidePDFText(ts, ts.MkAbs(args[0]))
				if !strings.Contains(text, strings.Join(strings.Fields(args[1]), " ")) {
					ts.Fatalf("%s does not show %q; its text is\n%s", args[0], args[1], text)
				}
			},
			"pdflacks": func(ts *testscript.TestScript, neg bool, args []string) {
				pdfs, err := filepath.Glob(filepath.Join(ts.MkAbs(args[0]), "*.pdf"))
				ts.Check(err)
				if len(pdfs) == 0 {
					ts.Fatalf("no PDF in %s", args[0])
				}
				for _, p := range pdfs {
					if text := guidePDFText(ts, p); strings.Contains(strings.ToLower(text), strings.ToLower(args[1])) {
						i := strings.Index(strings.ToLower(text), strings.ToLower(args[1]))
						ts.Fatalf("%s still says %q: …%s…", filepath.Base(p), args[1], text[max(0, i-60):min(len(text), i+60)])
					}
				}
			},
		},
	})
}

// normalizeGuide leaves out of a command's output the times a build
// takes, which differ from run to run.
func normalizeGuide(s string) string { return buildTime.ReplaceAllString(s, " (time)") }

// guidePDFText is the text of a PDF with every run of white space one space,
// so a phrase is found however the lines broke.
func guidePDFText(ts *testscript.TestScript, path string) string {
	b, err := os.ReadFile(path)
	ts.Check(err)
	text, err := pdftest.Text(b)
	ts.Check(err)
	return strings.Join(strings.Fields(text), " ")
}

// The guide reader refuses output no command it runs printed, so stale
// output cannot hide in the guide.
func TestReadGuideRefusesUncheckedOutput(t *testing.T) {
	for name, guide := range map[string]string{
		"output with no command":                   "Text.\n\n```\nbuilt 6 documents\n```\n",
		"output after prose":                       "```sh\nregdoc build\n```\n\nIt prints:\n\n```\nbuilt 6 documents\n```\n",
		"output after a command not run":           "```sh\nregdoc build\n```\n\n```sh\nexport PATH=x\n```\n\n```\nbuilt\n```\n",
		"output after a --watch that runs forever": "```sh\nregdoc build --watch\n```\n\n```\nwatching\n```\n",
	} {
		if _, problems := readGuide(guide); len(problems) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
	g, problems := readGuide("In `a.json`, change `1` to `2` and change `3` back to `4`.\n\n```sh\nregdoc build   # comment\n```\n\n```\nok\n```\n\n`out/x.pdf` now shows `2`; no page of any PDF in `out` says `x`.\n")
	if len(problems) > 0 {
		t.Errorf("problems: %q", problems)
	}
	var got []string
	for _, s := range g.steps {
		got = append(got, fmt.Sprintf("%v→%d", s.cmd, s.want))
	}
	want := []string{"[replace a.json 1 2]→-1", "[replace a.json 3 4]→-1", "[regdoc build]→0", "[pdfshows out/x.pdf 2]→-1", "[pdflacks out x]→-1"}
	if !slices.Equal(got, want) {
		t.Errorf("steps %q, want %q", got, want)
	}
}
