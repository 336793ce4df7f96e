//go:build unix

package pipeline

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"
)

// lockFolder takes an exclusive lock on the output folder for the time a
// build writes into it, so two builds into one folder at once each put
// their whole set in place, one after the other, instead of a mix. It
// waits for a build holding the lock, or until ctx is done.
func lockFolder(ctx context.Context, root *os.Root) (unlock func(), err error) {
	f, err := root.Open(".")
	if err != nil {
		return func() {}, nil // cannot lock: the writes will say what is wrong
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil // closing releases the lock
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return func() {}, nil // a file system without locks: write unlocked
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
