package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// stepper drives Run one poll at a time and collects what it reports.
type stepper struct {
	t       *testing.T
	tick    chan time.Time
	changes chan []string
	cancel  context.CancelFunc
	done    chan error
}

func start(t *testing.T, files func() []string) *stepper {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &stepper{t: t, tick: make(chan time.Time), changes: make(chan []string, 10), cancel: cancel, done: make(chan error, 1)}
	go func() {
		s.done <- Run(ctx, Options{Files: files, Tick: s.tick}, func(ch []string) { s.changes <- ch })
	}()
	t.Cleanup(func() { s.stop() })
	return s
}

// poll lets the watcher poll n times.
func (s *stepper) poll(n int) {
	for range n {
		s.tick <- time.Time{}
	}
	// One more tick makes sure the last poll's onChange has run.
	s.tick <- time.Time{}
}

func (s *stepper) stop() error {
	s.cancel()
	select {
	case err := <-s.done:
		s.done <- err
		return err
	case <-time.After(5 * time.Second):
		s.t.Fatal("Run did not return after cancel")
	}
	return nil
}

func (s *stepper) reported() [][]string {
	var out [][]string
	for {
		select {
		case ch := <-s.changes:
			out = append(out, ch)
		default:
			return out
		}
	}
}

func write(t *testing.T, path, s string, age time.Duration) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	// Distinct modification times, whatever the file system's resolution.
	m := time.Now().Add(-age)
	os.Chtimes(path, m, m)
}

func TestRunReportsASavedFileOnceItSettles(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	write(t, a, "{}", time.Hour)
	write(t, b, "{}", time.Hour)
	s := start(t, func() []string { return []string{a, b} })
	s.poll(3)
	if got := s.reported(); len(got) != 0 {
		t.Fatalf("reported %v with nothing changed", got)
	}
	write(t, a, `{"x":1}`, time.Minute)
	s.poll(1) // sees the change, waits for it to settle
	s.poll(1) // settled: reported
	got := s.reported()
	if len(got) != 1 || !slices.Equal(got[0], []string{a}) {
		t.Fatalf("reported %v, want [[%s]]", got, a)
	}
	s.poll(3)
	if got := s.reported(); len(got) != 0 {
		t.Errorf("one save reported again: %v", got)
	}
}

func TestRunWaitsWhileFilesKeepChanging(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	write(t, a, "1", time.Hour)
	write(t, b, "1", time.Hour)
	changes := make(chan []string, 10)
	tick := make(chan time.Time)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		Run(ctx, Options{Files: func() []string { return []string{a, b} }, Tick: tick}, func(ch []string) { changes <- ch })
		close(done)
	}()
	tick <- time.Time{}
	write(t, a, "22", 3*time.Minute)
	tick <- time.Time{} // change seen
	write(t, b, "22", 2*time.Minute)
	tick <- time.Time{} // still changing
	tick <- time.Time{} // settled: one report naming both
	tick <- time.Time{}
	cancel()
	<-done
	close(changes)
	var got [][]string
	for ch := range changes {
		got = append(got, ch)
	}
	if len(got) != 1 || !slices.Equal(got[0], []string{a, b}) {
		t.Errorf("reported %v, want one change of both files", got)
	}
}

func TestRunSeesCreatedAndDeletedFilesAndNewWatchLists(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "new.json")
	write(t, a, "{}", time.Hour)
	list := []string{a}
	lists := make(chan []string, 1)
	s := start(t, func() []string {
		select {
		case l := <-lists:
			list = l
		default:
		}
		return list
	})
	s.poll(1)
	os.Remove(a)
	s.poll(2)
	if got := s.reported(); len(got) != 1 || got[0][0] != a {
		t.Fatalf("deletion: reported %v", got)
	}
	// The watch list grows after a change (a manifest naming a new file).
	lists <- []string{a, b}
	write(t, a, "{}", time.Minute)
	s.poll(2)
	s.reported()
	write(t, b, "{}", 0)
	s.poll(2)
	if got := s.reported(); len(got) != 1 || got[0][0] != b {
		t.Fatalf("file added to the watch list: reported %v", got)
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Run(ctx, Options{Files: func() []string { return nil }, Interval: time.Hour}, func([]string) { t.Error("onChange called") })
	if err != nil {
		t.Errorf("Run = %v, want nil on cancel", err)
	}
}

func TestRunPollsOnItsOwnClock(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.json")
	write(t, a, "{}", time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got := make(chan []string, 1)
	go Run(ctx, Options{Files: func() []string { return []string{a} }, Interval: 10 * time.Millisecond}, func(ch []string) {
		select {
		case got <- ch:
		default:
		}
	})
	time.Sleep(30 * time.Millisecond)
	start := time.Now()
	write(t, a, `{"a":1}`, 0)
	select {
	case ch := <-got:
		if d := time.Since(start); d > time.Second {
			t.Errorf("change reported after %v, want well within a second", d)
		}
		if ch[0] != a {
			t.Errorf("reported %v", ch)
		}
	case <-ctx.Done():
		t.Fatal("no change reported")
	}
}
