//go:build unix

package pipeline

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// render opens its input once and refuses what is not a regular file: a
// FIFO nobody writes to must not hang it.
func TestRenderFileRefusesAFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "note.md")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := RenderFile(fifo, RenderOptions{})
		done <- err
	}()
	select {
	case err := <-done:
		if msg := fmt.Sprint(err); ClassOf(err) != Refused || !strings.Contains(msg, "note.md") || !strings.Contains(msg, "pipe") || !strings.Contains(msg, "not a regular file") {
			t.Fatalf("err = %v (class %v), want a refusal naming the pipe", err, ClassOf(err))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("render blocked on a FIFO")
	}
}
