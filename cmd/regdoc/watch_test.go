package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestWatchTellsTimeAndNews: in watch mode each rebuild line starts with
// the time, a warning already shown is counted rather than repeated, and
// the first build after an error says the error is gone — once.
func TestWatchTellsTimeAndNews(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	if code, _, errs := regdoc(t, nil, "init", dir); code != 0 {
		t.Fatalf("init: %s", errs)
	}
	process := filepath.Join(dir, "data", "process.json")
	// Old field names: two warnings (DP-01) on every build.
	edit(t, process, `"product_in": { "value": 40.000`, `"igg_in": { "value": 40.000`)
	edit(t, process, `"product_out": { "value": 39.400`, `"igg_out": { "value": 39.400`)

	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A clock that says 09:30:00 and goes one minute on at every look.
	clock := time.Date(2026, 11, 29, 9, 29, 0, 0, time.UTC)
	e := env{stdout: &stdout, stderr: &stderr,
		interrupt: func() (context.Context, context.CancelFunc) { return ctx, cancel },
		now: func() time.Time {
			clock = clock.Add(time.Minute)
			return clock
		}}
	done := make(chan int, 1)
	go func() { done <- run(e, []string{"build", dir, "--watch", "--only", "s241"}) }()

	// waitFor waits until stdout holds n matches of re.
	waitFor := func(re string, n int) {
		t.Helper()
		r := regexp.MustCompile(re)
		deadline := time.Now().Add(60 * time.Second)
		for len(r.FindAllString(stdout.String(), -1)) < n {
			if time.Now().After(deadline) {
				t.Fatalf("no %d× %q after 60 s\nstdout:\n%s\nstderr:\n%s", n, re, stdout.String(), stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		// The watcher takes its snapshot right after saying it watches; an
		// edit before that would be part of it.
		time.Sleep(300 * time.Millisecond)
	}
	watching := `(?m)^watching \d+ files for changes; press Ctrl-C to stop$`
	waitFor(watching, 1)
	if n := strings.Count(stderr.String(), "warning DP-01"); n != 2 {
		t.Fatalf("first build: %d DP-01 warnings, want 2:\n%s", n, stderr.String())
	}

	// A save that changes nothing the warnings are about.
	batches := filepath.Join(dir, "data", "batches.json")
	edit(t, batches, `"site"`, `"site" `)
	waitFor(watching, 2)
	// An error, then its fix.
	edit(t, process, `"criticality": "CPP"`, `"criticality": "critical"`)
	waitFor(watching, 3)
	edit(t, process, `"criticality": "critical"`, `"criticality": "CPP"`)
	waitFor(watching, 4)
	// Another save: the error was reported gone already.
	edit(t, batches, `"site" `, `"site"  `)
	waitFor(watching, 5)
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("stopped watching with exit %d, want 0", code)
	}

	out, errs := stdout.String(), stderr.String()
	for _, want := range []string{
		"\n09:30:00 data/batches.json changed; rebuilding all documents\n",
		"\n09:31:00 data/process.json changed; rebuilding all documents\n",
		"\n09:32:00 data/process.json changed; rebuilding all documents\n",
		"\n09:33:00 data/batches.json changed; rebuilding all documents\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	// The fix is announced once, right after the first good build.
	if n := strings.Count(out, "the error of the last build is gone"); n != 1 {
		t.Errorf("%d announcements that the error is gone, want 1:\n%s", n, out)
	}
	fixed := regexp.MustCompile(`(?s)09:32:00 data/process.json changed; rebuilding all documents\n[^\n]*specification.pdf[^\n]*\nthe error of the last build is gone\nwatching`)
	if !fixed.MatchString(out) {
		t.Errorf("the first build after the error does not end by saying it is gone:\n%s", out)
	}
	// The warnings were printed by the first build only; later builds
	// count them.
	if n := strings.Count(errs, "warning DP-01"); n != 2 {
		t.Errorf("DP-01 printed %d times, want 2 (the first build only):\n%s", n, errs)
	}
	// Every rebuild that reached the checks counts them; the one stopped
	// by the schema error did not reach them.
	if n := strings.Count(errs, "2 warnings unchanged since the last build, not shown again\n"); n != 3 {
		t.Errorf("%d notes of unchanged warnings, want 3:\n%s", n, errs)
	}
	if !strings.Contains(errs, `value "critical" is not one of the allowed values`) {
		t.Errorf("the error was not shown:\n%s", errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "specification.pdf")); err != nil {
		t.Error(err)
	}
}
