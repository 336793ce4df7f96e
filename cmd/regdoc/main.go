// Command regdoc turns manufacturing-process data (JSON checked against
// JSON Schemas) into CTD Module 3 sections and patent exhibits as PDF, and
// validates the data in CI. Each sub-command lives in its own file with its
// own flag set; main only maps their errors to exit codes.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Exit codes, documented in README.md and relied on by CI.
const (
	exitOK      = 0
	exitInvalid = 1 // the data or document is invalid
	exitUsage   = 2 // bad command line, or an I/O error
)

// errInvalid marks a run that found invalid input; the details have been
// reported already.
var errInvalid = errors.New("invalid input")

// usageError is a command-line mistake: exit 2 with a hint.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// env is what a command may touch of the process: streams, arguments and
// environment, injected so tests run commands in-process.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

type command struct {
	name    string
	summary string
	run     func(e env, args []string) error
}

func commands() []command {
	return []command{
		{"init", "create a new project from an example, ready to validate and build", runInit},
		{"build", "build every document of a project into PDF", runBuild},
		{"validate", "check data files and manifests against their schemas and the reviewer rules", runValidate},
		{"render", "typeset one Markdown file (or template) into PDF", runRender},
		{"schemas", "list the built-in JSON Schemas or write them to a folder", runSchemas},
		{"templates", "list the built-in templates or write them to a folder", runTemplates},
		{"version", "print regdoc's version and the versions of the libraries inside", runVersion},
	}
}

func main() {
	e := env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(e, os.Args[1:]))
}

// run executes one command line and returns the process exit code.
func run(e env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(e, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, errHelp):
			return exitOK
		case errors.Is(err, errInvalid):
			return exitInvalid
		case errors.As(err, &ue):
			fmt.Fprintf(e.stderr, "regdoc %s: %v\nRun 'regdoc %s --help' for usage.\n", c.name, err, c.name)
			return exitUsage
		default:
			fmt.Fprintf(e.stderr, "regdoc %s: %v\n", c.name, err)
			return exitUsage
		}
	}
	fmt.Fprintf(e.stderr, "regdoc: unknown command %q\n", args[0])
	if s := suggest(args[0]); s != "" {
		fmt.Fprintf(e.stderr, "Did you mean 'regdoc %s'?\n", s)
	}
	fmt.Fprintln(e.stderr, "Run 'regdoc --help' for the list of commands.")
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "regdoc turns manufacturing-process data into CTD Module 3 sections and patent exhibits.")
	fmt.Fprintln(w, "\nUsage:\n  regdoc <command> [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'regdoc <command> --help' for a command's flags and examples.")
}

// suggest returns the command closest to a mistyped one.
func suggest(s string) string {
	best, bestD := "", 3
	for _, c := range commands() {
		if d := distance(s, c.name); d < bestD {
			best, bestD = c.name, d
		}
	}
	return best
}

// distance is the Levenshtein edit distance.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
