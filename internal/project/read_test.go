package project

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// withDeadline runs f and fails the test if it has not returned within d:
// reading a FIFO must never block.
func withDeadline(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s still blocked after %v", what, d)
	}
}

// TestSpecialFilesAreRefusedUnread puts a FIFO, a socket, a device and a
// folder where a file is read, through every reader: each is refused,
// naming the path and what it is, without blocking.
func TestSpecialFilesAreRefusedUnread(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	sock := filepath.Join(dir, "sock.json")
	if l, err := net.Listen("unix", sock); err == nil {
		defer l.Close()
	} else {
		sock = ""
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.json")); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{"pipe.json": "named pipe (FIFO)", "folder.json": "directory"}
	if sock != "" {
		cases["sock.json"] = "socket"
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fsys, err := FolderFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	check := func(how, name, want string, err error) {
		t.Helper()
		var nr *NotRegularError
		if !errors.As(err, &nr) || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s %s: error %v, want a refusal naming it and saying %q", how, name, err, want)
		}
	}
	for name, want := range cases {
		withDeadline(t, 5*time.Second, "reading "+name, func() {
			_, err := ReadRegular(filepath.Join(dir, name), 1<<20)
			check("ReadRegular", name, want, err)
			_, err = OpenRegular(filepath.Join(dir, name))
			check("OpenRegular", name, want, err)
			_, err = readIn(root, name, name, 1<<20)
			check("readIn", name, want, err)
			_, err = fs.ReadFile(fsys, name)
			check("FolderFS", name, want, err)
		})
	}
	// /dev/zero never ends: read directly it is refused as a device.
	withDeadline(t, 5*time.Second, "reading /dev/zero", func() {
		_, err := ReadRegular("/dev/zero", 1<<20)
		check("ReadRegular", "/dev/zero", "character device", err)
	})
}

// TestReadLimit: a file over the limit is refused without being read
// (its size comes from the open file), and one at the limit is read.
func TestReadLimit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.md")
	if err := os.WriteFile(p, make([]byte, 1001), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadRegular(p, 1000)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 1001 || tl.Limit != 1000 || !strings.Contains(err.Error(), "big.md") {
		t.Errorf("1001 bytes with a limit of 1000: %v", err)
	}
	if b, err := ReadRegular(p, 1001); err != nil || len(b) != 1001 {
		t.Errorf("1001 bytes with a limit of 1001: %d bytes, %v", len(b), err)
	}
	// A sparse 4 GB file is refused at once.
	huge := filepath.Join(dir, "huge.json")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(4 << 30); err != nil {
		t.Skipf("cannot make a sparse file: %v", err)
	}
	f.Close()
	if _, err := ReadRegular(huge, 10<<20); !errors.As(err, &tl) || tl.Size != 4<<30 {
		t.Errorf("4 GB file: %v", err)
	}
}

// TestSymlinkSwappedInStaysRefused swaps a project file for a symbolic
// link to an outside file again and again while it is read through the
// project root: no read may ever return the outside content (the check
// and the open are one step).
func TestSymlinkSwappedInStaysRefused(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.json")
	if err := os.WriteFile(outside, []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	name := filepath.Join(dir, "data.json")
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			tmp := name + ".new"
			os.Remove(tmp)
			if i%2 == 0 {
				os.WriteFile(tmp, []byte("inside"), 0o644)
			} else {
				os.Symlink(outside, tmp)
			}
			os.Rename(tmp, name)
		}
	}()
	reads, refused := 0, 0
	deadline := time.Now().Add(300 * time.Millisecond)
	for time.Now().Before(deadline) {
		b, err := readIn(root, "data.json", "data.json", 1<<20)
		if err != nil {
			refused++
			continue
		}
		reads++
		if string(b) != "inside" {
			t.Fatalf("read %q through the project root", b)
		}
	}
	close(stop)
	<-done
	if reads == 0 || refused == 0 {
		t.Logf("%d reads, %d refusals: the swap did not interleave much", reads, refused)
	}
}
