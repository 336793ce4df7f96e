package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// style colours short pieces of output when colour is on (see env.color)
// and passes them through unchanged otherwise.
type style bool

func (s style) wrap(code, text string) string {
	if !s {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s style) bold(t string) string  { return s.wrap("1", t) }
func (s style) dim(t string) string   { return s.wrap("2", t) }
func (s style) red(t string) string   { return s.wrap("1;31", t) }
func (s style) green(t string) string { return s.wrap("32", t) }

// verbosity is set by -q and -v.
type verbosity int

const (
	quiet verbosity = iota - 1
	normal
	verbose
)

func level(q, v bool) (verbosity, error) {
	switch {
	case q && v:
		return normal, usageError{"-q and -v cannot be used together"}
	case q:
		return quiet, nil
	case v:
		return verbose, nil
	}
	return normal, nil
}

// size writes a byte count the way a file manager does.
func size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// seconds writes a duration for people: "45 ms", "1.3 s".
func seconds(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// display shortens a path to one relative to the working folder when it
// lies inside it.
func display(path string) string {
	if !filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	if r, err := filepath.Rel(".", path); err == nil && !strings.HasPrefix(r, "..") {
		if abs, err := filepath.Abs(r); err == nil && abs == filepath.Clean(path) {
			return r
		}
	}
	return path
}

// progress draws a one-line bar on a terminal while documents are
// typeset, then erases it so the per-document lines follow cleanly:
//
//	building 7 documents  [========            ]  3/7  1.2 s
//
// The build reports each finished document (pipeline.Options.Progress);
// until the first one finishes the bar shows activity instead.
type progress struct {
	w     io.Writer
	label string
	start time.Time
	stop  chan struct{}
	done  sync.WaitGroup

	mu        sync.Mutex
	count, of int
}

// set records that count of total documents are done.
func (p *progress) set(count, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.count, p.of = count, total
	p.mu.Unlock()
}

const progressWidth = 20

// startProgress starts drawing on w every interval until end is called.
func startProgress(w io.Writer, label string, interval time.Duration) *progress {
	p := &progress{w: w, label: label, start: time.Now(), stop: make(chan struct{})}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for frame := 0; ; frame++ {
			p.draw(frame)
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *progress) draw(frame int) {
	p.mu.Lock()
	count, of := p.count, p.of
	p.mu.Unlock()
	if of > 0 {
		filled := progressWidth * count / of
		bar := strings.Repeat("=", filled) + strings.Repeat(" ", progressWidth-filled)
		fmt.Fprintf(p.w, "\r%s  [%s]  %d/%d  %s\x1b[K", p.label, bar, count, of, seconds(time.Since(p.start)))
		return
	}
	// Nothing finished yet: a block of four bounces across the bar.
	span := progressWidth - 4
	pos := frame % (2 * span)
	if pos > span {
		pos = 2*span - pos
	}
	bar := strings.Repeat(" ", pos) + "====" + strings.Repeat(" ", span-pos)
	fmt.Fprintf(p.w, "\r%s  [%s]  %s\x1b[K", p.label, bar, seconds(time.Since(p.start)))
}

// end stops drawing and erases the line.
func (p *progress) end() {
	if p == nil {
		return
	}
	close(p.stop)
	p.done.Wait()
	fmt.Fprint(p.w, "\r\x1b[K")
}
