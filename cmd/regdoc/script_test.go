package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts run "regdoc" as a command: the test binary,
// started under that name, runs the real command line through run.
func TestMain(m *testing.M) {
	os.Exit(testscript.RunMain(m, map[string]func() int{
		"regdoc": func() int { return run(processEnv(), os.Args[1:]) },
	}))
}

// TestScripts runs the command-line scripts in testdata/script: each is
// what a user types and what they must see, exit codes included.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"sleep":    cmdSleep,
			"waitfor":  cmdWaitFor,
			"replace":  cmdReplace,
			"exitcode": cmdExitCode,
		},
		Condition: func(cond string) (bool, error) {
			if cond == "root" {
				// Root writes into read-only folders, so permission
				// cases need another user.
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// exitcode N PROG ARGS... runs PROG and checks that it exits with N, the
// documented code (0 ok, 1 problems in the inputs, 2 usage or I/O error);
// its stdout and stderr stay for the lines that follow.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N PROG [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	code := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		code = ee.ExitCode()
	}
	if code != want {
		ts.Fatalf("%s exited %d, want %d", args[1], code, want)
	}
}

// sleep DURATION pauses the script (for a watcher to take its first look).
func cmdSleep(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sleep DURATION")
	}
	d, err := time.ParseDuration(args[0])
	ts.Check(err)
	time.Sleep(d)
}

// waitfor FILE waits up to 60 s for FILE to exist.
func cmdWaitFor(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitfor FILE")
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(ts.MkAbs(args[0])); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Fatalf("%s did not appear within 60 s", args[0])
}

// replace FILE OLD NEW replaces the first OLD in FILE by NEW, as a writer
// editing the data would; OLD must be there. \n in NEW is a line break.
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	path := ts.MkAbs(args[0])
	b, err := os.ReadFile(path)
	ts.Check(err)
	if !bytes.Contains(b, []byte(args[1])) {
		ts.Fatalf("%s does not contain %q", args[0], args[1])
	}
	b = bytes.Replace(b, []byte(args[1]), []byte(args[2]), 1)
	ts.Check(os.WriteFile(path, b, 0o644))
}
