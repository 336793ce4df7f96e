package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a command writing from another
// goroutine while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// terminalEnv is an env whose streams count as terminals.
func terminalEnv(stdout, stderr io.Writer, vars map[string]string) env {
	return env{
		stdout: stdout, stderr: stderr,
		getenv:     func(k string) string { return vars[k] },
		isTerminal: func(io.Writer) bool { return true },
	}
}

func TestColourOnlyOnTerminalsWithoutNoColor(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"$schema": "https://regdoc.dev/schemas/v1/specification.schema.json", "id": 5}`), 0o644)
	cases := []struct {
		name     string
		terminal bool
		vars     map[string]string
		colour   bool
	}{
		{"terminal", true, nil, true},
		{"pipe", false, nil, false},
		{"NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, false},
		{"dumb terminal", true, map[string]string{"TERM": "dumb"}, false},
		{"forced in a pipe", false, map[string]string{"CLICOLOR_FORCE": "1"}, true},
		{"NO_COLOR beats forcing", false, map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			e := env{stdout: &out, stderr: &errb, getenv: func(k string) string { return c.vars[k] },
				isTerminal: func(io.Writer) bool { return c.terminal }}
			if code := run(e, []string{"validate", bad}); code != 1 {
				t.Fatalf("exit %d: %s%s", code, out.String(), errb.String())
			}
			if got := strings.Contains(out.String(), "\x1b["); got != c.colour {
				t.Errorf("colour = %v, want %v:\n%q", got, c.colour, out.String())
			}
			// With or without colour, the words are the same.
			plain := strings.NewReplacer("\x1b[0m", "", "\x1b[1m", "", "\x1b[2m", "", "\x1b[1;31m", "", "\x1b[36m", "").Replace(out.String())
			if !strings.Contains(plain, bad+":1:") || !strings.Contains(plain, "wrong type: expected string, found number 5") {
				t.Errorf("message lost:\n%s", plain)
			}
		})
	}
}

func TestProgressBarOnlyOnATerminal(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr syncBuffer
	if code := run(terminalEnv(&stdout, &stderr, nil), []string{"build", example, "-o", out}); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	s := stderr.String()
	if !regexp.MustCompile(`\rbuilding \d+ documents  \[`).MatchString(s) || !strings.HasSuffix(s, "\r\x1b[K") {
		t.Errorf("no progress bar, or not erased at the end: %q", s)
	}
	if strings.Contains(stdout.String(), "\r") {
		t.Errorf("the bar leaked into stdout: %q", stdout.String())
	}
	// Not on a terminal, and not with -q.
	for _, args := range [][]string{{"build", example, "-o", out, "-q"}} {
		var o, e syncBuffer
		run(terminalEnv(&o, &e, nil), args)
		if e.String() != "" {
			t.Errorf("%v: stderr %q", args, e.String())
		}
	}
	_, _, errs := regdoc(t, nil, "build", example, "-o", out)
	if errs != "" {
		t.Errorf("bar drawn without a terminal: %q", errs)
	}
}

// TestWatchRebuildsAndStopsOnInterrupt runs build --watch in-process with
// an injected interrupt in place of Ctrl-C.
func TestWatchRebuildsAndStopsOnInterrupt(t *testing.T) {
	dir := copyExample(t)
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	e := env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" },
		interrupt: func() (context.Context, context.CancelFunc) { return ctx, func() {} }}
	code := make(chan int, 1)
	go func() { code <- run(e, []string{"build", dir, "-o", out, "--watch"}) }()

	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s\nstdout:\n%s\nstderr:\n%s", what, stdout.String(), stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("the first build", func() bool { return strings.Contains(stdout.String(), "watching ") })
	time.Sleep(300 * time.Millisecond)
	saved := time.Now()
	edit(t, filepath.Join(dir, "data", "batches.json"), `"site"`, `"site" `)
	built := regexp.MustCompile(`(?m)^built \d+ documents`)
	waitFor("the rebuild", func() bool { return len(built.FindAllString(stdout.String(), -1)) == 2 })
	if d := time.Since(saved); d > 30*time.Second {
		t.Errorf("rebuild took %v", d)
	}
	if !strings.Contains(stdout.String(), "data/batches.json changed; rebuilding all documents") {
		t.Errorf("the rebuild does not say what changed:\n%s", stdout.String())
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d after interrupt, want 0", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not stop on interrupt")
	}
	if !strings.HasSuffix(stdout.String(), "stopped watching\n") {
		t.Errorf("no goodbye:\n%s", stdout.String())
	}
}
