//go:build unix

package safefile

import (
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// within fails the test when fn does not return in time: opening a FIFO
// with no writer would block forever without O_NONBLOCK.
func within(t *testing.T, what string, fn func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("%s blocked", what)
		return nil
	}
}

func TestFIFOIsRefusedWithoutWaiting(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "data.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("cannot make a FIFO:", err)
	}
	err := within(t, "ReadRegular of a FIFO", func() error { _, err := ReadRegular(fifo, 100); return err })
	notRegular(t, err, fifo, "a named pipe (FIFO)")
	err = within(t, "OpenRegular of a FIFO", func() error { _, err := OpenRegular(fifo); return err })
	notRegular(t, err, fifo, "a named pipe (FIFO)")

	root := openRoot(t, dir)
	err = within(t, "ReadIn of a FIFO", func() error { _, err := ReadIn(root, "data.json", "data/data.json", 100); return err })
	notRegular(t, err, "data/data.json", "a named pipe (FIFO)")
	err = within(t, "FS.Open of a FIFO", func() error { _, err := FS(root, 100).Open("data.json"); return err })
	notRegular(t, err, "data.json", "a named pipe (FIFO)")

	// A link to the FIFO is refused for what it leads to.
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	err = within(t, "ReadRegular of a link to a FIFO", func() error { _, err := ReadRegular(link, 100); return err })
	notRegular(t, err, link, "a named pipe (FIFO)")
}

func TestDeviceIsRefused(t *testing.T) {
	const dev = "/dev/null" // endless reads of /dev/zero would be the danger; /dev/null is the same kind
	if st, err := os.Stat(dev); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no character device at", dev)
	}
	_, err := ReadRegular(dev, 100)
	notRegular(t, err, dev, "a character device")
	_, err = OpenRegular(dev)
	notRegular(t, err, dev, "a character device")
}

func TestSocketIsRefused(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "s")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skip("cannot make a Unix socket:", err)
	}
	defer l.Close()
	_, err = ReadRegular(sock, 100)
	notRegular(t, err, sock, "a socket")
	_, err = ReadIn(openRoot(t, dir), "s", "s", 100)
	notRegular(t, err, "s", "a socket")
}
