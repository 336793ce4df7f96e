// Package watch notices when a project's files change so `regdoc build
// --watch` can rebuild within a second of a save. It polls modification
// times and sizes rather than asking the operating system for events:
// polling a few dozen files every 200 ms costs nothing, needs no
// dependency, and works the same on every system, network drives and
// editors that save by renaming a temporary file included. Its Digest
// remembers what the last build reported, so each rebuild tells only what
// is news.
package watch

import (
	"context"
	"os"
	"slices"
	"time"
)

// DefaultInterval is how often files are polled.
const DefaultInterval = 200 * time.Millisecond

// stamp is what is compared between polls: a save changes at least one.
type stamp struct {
	exists bool
	mod    time.Time
	size   int64
}

// Snapshot records the state of a set of files at one moment.
type Snapshot map[string]stamp

// Scan records the state of files. A file that does not exist is recorded
// as missing, so its creation is a change too.
func Scan(files []string) Snapshot {
	s := make(Snapshot, len(files))
	for _, f := range files {
		st, err := os.Stat(f)
		switch {
		case err == nil:
			s[f] = stamp{exists: true, mod: st.ModTime(), size: st.Size()}
		default:
			// Missing or unreadable: either way a later success is a change.
			s[f] = stamp{}
		}
	}
	return s
}

// Changed lists, sorted, the files whose state differs between s and
// next, counting files that appear in only one of them.
func (s Snapshot) Changed(next Snapshot) []string {
	var out []string
	for f, a := range next {
		if b, ok := s[f]; !ok || a != b {
			out = append(out, f)
		}
	}
	for f := range s {
		if _, ok := next[f]; !ok {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

// Options configure Run.
type Options struct {
	// Files returns the files to watch; it is called again after every
	// change, so a manifest that names a new data file brings it under
	// watch.
	Files func() []string
	// Interval between polls; 0 means DefaultInterval.
	Interval time.Duration
	// Tick, when set, replaces the clock: every value received is one
	// poll. Tests use it to step the watcher without sleeping.
	Tick <-chan time.Time
}

// Run polls the files until ctx is done and calls onChange with the files
// that changed. A change is reported once the files have stopped changing
// for one poll, so an editor's write-then-rename save, or a script writing
// several files, is one change and not a partial file. onChange runs on
// Run's goroutine; changes made while it runs are reported afterwards.
// Run returns nil when ctx is done.
func Run(ctx context.Context, opt Options, onChange func(changed []string)) error {
	tick := opt.Tick
	if tick == nil {
		iv := opt.Interval
		if iv <= 0 {
			iv = DefaultInterval
		}
		t := time.NewTicker(iv)
		defer t.Stop()
		tick = t.C
	}
	files := opt.Files()
	base := Scan(files)
	var pending []string // changed files waiting for the tree to settle
	var last Snapshot
	for {
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-tick:
			if !ok {
				return nil
			}
		}
		cur := Scan(files)
		if pending == nil {
			if ch := base.Changed(cur); len(ch) > 0 {
				pending, last = ch, cur
			}
			continue
		}
		if ch := last.Changed(cur); len(ch) > 0 {
			// Still being written: wait one more poll.
			pending = union(pending, ch)
			last = cur
			continue
		}
		if ctx.Err() != nil {
			return nil
		}
		onChange(pending)
		pending = nil
		files = opt.Files()
		// Compare later polls with the files as they are now, after
		// onChange, so its own reads do not count and edits made while it
		// ran are caught at the next poll.
		base = last
		for _, f := range files {
			if _, ok := base[f]; !ok {
				base[f] = Scan([]string{f})[f]
			}
		}
	}
}

func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
