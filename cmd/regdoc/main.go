// Command regdoc turns manufacturing-process data (JSON checked against
// JSON Schemas) into CTD Module 3 sections and patent exhibits as PDF, and
// validates the data in CI. Each sub-command lives in its own file with its
// own flag set and is flags, output and exit codes only: every decision is
// internal/pipeline's, problems are printed by internal/report, and main
// maps the pipeline's failure classes to exit codes.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pipeline"
)

// Exit codes, documented in README.md and relied on by CI.
const (
	exitOK      = 0
	exitInvalid = 1 // the data or document is invalid
	exitUsage   = 2 // bad command line, or an I/O error
)

// exitCode maps a failure the pipeline classified to the documented exit
// code: problems in the inputs are 1; refusals, I/O failures and anything
// unforeseen are 2.
func exitCode(err error) int {
	if pipeline.ClassOf(err) == pipeline.Invalid {
		return exitInvalid
	}
	return exitUsage
}

// errInvalid marks a run that found invalid input; the details have been
// reported already.
var errInvalid = errors.New("invalid input")

// usageError is a command-line mistake: exit 2 with a hint.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// env is what a command may touch of the process: streams, environment,
// whether a stream is a terminal, and Ctrl-C — injected so tests run
// commands in-process. Nil funcs mean: not a terminal, never interrupted.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// isTerminal reports whether w is a terminal, for colour and progress.
	isTerminal func(w io.Writer) bool
	// interrupt returns a context cancelled by Ctrl-C (SIGINT) or
	// SIGTERM, for commands that run until stopped and builds that must
	// clean up before they exit.
	interrupt func() (context.Context, context.CancelFunc)
	// now is the clock for the times watch mode prints; nil means the
	// system clock. Documents never read it (their date comes from the
	// manifest).
	now func() time.Time
}

func (e env) clock() time.Time {
	if e.now == nil {
		return time.Now()
	}
	return e.now()
}

func (e env) env(key string) string {
	if e.getenv == nil {
		return ""
	}
	return e.getenv(key)
}

func (e env) terminal(w io.Writer) bool {
	return e.isTerminal != nil && e.isTerminal(w)
}

// color reports whether output to w may be coloured: never when NO_COLOR
// is set (no-color.org), always when CLICOLOR_FORCE is set to anything but
// 0, otherwise only on a terminal.
func (e env) color(w io.Writer) bool {
	if e.env("NO_COLOR") != "" {
		return false
	}
	if f := e.env("CLICOLOR_FORCE"); f != "" && f != "0" {
		return true
	}
	return e.terminal(w) && e.env("TERM") != "dumb"
}

func (e env) interrupted() (context.Context, context.CancelFunc) {
	if e.interrupt == nil {
		return context.WithCancel(context.Background())
	}
	return e.interrupt()
}

type command struct {
	name    string
	summary string
	run     func(e env, args []string) error
}

func commands() []command {
	return []command{
		{"init", "create a new project from an example, ready to validate and build", runInit},
		{"validate", "check data files and manifests against their schemas and the reviewer rules", runValidate},
		{"build", "build every document of a project into PDF (--watch rebuilds on save)", runBuild},
		{"render", "typeset one Markdown file (or template) into PDF", runRender},
		{"diff", "compare two versions of a project by meaning and write the Summary of Changes", runDiff},
		{"verify", "say whether PDFs were built from the project as it is now, and what changed", runVerify},
		{"schemas", "list the JSON Schemas, write them for editors, or document them (--doc)", runSchemas},
		{"templates", "list the built-in templates or write them to a folder", runTemplates},
		{"version", "print regdoc's version and the versions of the libraries inside", runVersion},
		{"help", "show help for a command", runHelp},
	}
}

func main() {
	os.Exit(run(processEnv(), os.Args[1:]))
}

// processEnv is the env of a real process: its streams, environment,
// terminal and Ctrl-C.
func processEnv() env {
	return env{
		stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv,
		isTerminal: isTerminal,
		interrupt: func() (context.Context, context.CancelFunc) {
			return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		},
	}
}

// isTerminal reports whether w is a character device: a terminal, not a
// file or a pipe.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// run executes one command line and returns the process exit code.
func run(e env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(e.stdout)
		return exitOK
	case "-version", "--version":
		args = []string{"version"}
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
		case errors.As(err, &ue) && c.name == "help":
			fmt.Fprintf(e.stderr, "regdoc help: %v\nRun 'regdoc --help' for the list of commands.\n", err)
			return exitUsage
		case errors.As(err, &ue):
			fmt.Fprintf(e.stderr, "regdoc %s: %v\nRun 'regdoc %s --help' for usage.\n", c.name, err, c.name)
			return exitUsage
		default:
			fmt.Fprintf(e.stderr, "regdoc %s: %v\n", c.name, err)
			return exitCode(err)
		}
	}
	if strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(e.stderr, "regdoc: %s is a flag, and flags come after the command, as in 'regdoc build %s'\n", args[0], args[0])
	} else {
		fmt.Fprintf(e.stderr, "regdoc: unknown command %q\n", args[0])
		if s := suggest(args[0]); s != "" {
			fmt.Fprintf(e.stderr, "Did you mean 'regdoc %s'?\n", s)
		}
	}
	fmt.Fprintln(e.stderr, "Run 'regdoc --help' for the list of commands.")
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `regdoc turns manufacturing-process data into CTD Module 3 sections and patent exhibits.

Usage:
  regdoc <command> [arguments]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Start here:
  regdoc init my-product        a new project with example data
  regdoc validate my-product    check the data; every problem with file:line:col
  regdoc build my-product       write the PDFs into my-product/out

Run 'regdoc <command> --help' for a command's flags and examples.
Exit codes: 0 success, 1 invalid data or document, 2 usage or I/O error.
`)
}

func runHelp(e env, args []string) error {
	if len(args) == 0 {
		usage(e.stdout)
		return nil
	}
	if len(args) > 1 {
		return usageError{"help takes one command name"}
	}
	for _, c := range commands() {
		if c.name == args[0] && c.name != "help" {
			return c.run(e, []string{"--help"})
		}
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if s := suggest(args[0]); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return usageError{msg}
}

// suggest returns the command closest to a mistyped one.
func suggest(s string) string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	best, _ := diag.Closest(s, names)
	return best
}
