package pipeline

// Attacks made on the real regdoc command: signals during a build, FIFOs
// where files belong (build, validate, render, --watch), a full disk.
// Every command runs under a deadline; a command still running when it
// fires fails the test (the attack hung regdoc).

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	pngenc "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// relCommand is the regdoc command, built once for all the command tests.
type relCommand struct{ bin string }

// run runs regdoc with args from dir under a deadline and returns its exit
// code and output; the test fails if the deadline fires.
func (c relCommand) run(t *testing.T, dir string, deadline time.Duration, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("regdoc %s still running after %v (hung):\n%s", strings.Join(args, " "), deadline, out.String())
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String()
}

func TestCommandUnderAttack(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the regdoc command")
	}
	if _, err := os.Stat("/dev/null"); err != nil {
		t.Skip("needs a Unix system")
	}
	c := relCommand{bin: relRegdocBinary(t)}
	t.Run("FIFO where a file belongs", func(t *testing.T) { testFIFOs(t, c) })
	t.Run("signal during a build", func(t *testing.T) { testSignals(t, c) })
	t.Run("watch with a FIFO stops on Ctrl-C", func(t *testing.T) { testWatchFIFO(t, c) })
	t.Run("full disk", func(t *testing.T) { testDiskFullCommand(t, c) })
	t.Run("render image through a link out of its folder", func(t *testing.T) { testRenderImageLink(t, c) })
	t.Run("4 GB data file", func(t *testing.T) { testHugeDataFile(t, c) })
}

// relMkfifo replaces path with a FIFO nobody writes to.
func relMkfifo(t *testing.T, path string) {
	t.Helper()
	os.Remove(path)
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("cannot make a FIFO: %v", err)
	}
}

// testFIFOs puts a FIFO where the manifest, a data file, a template and an
// image belong, and runs build and validate; and where render's Markdown
// file and its image belong. Each is refused naming the FIFO, within the
// deadline, and nothing is written.
func testFIFOs(t *testing.T, c relCommand) {
	custom := func(t *testing.T, dir string) {
		os.WriteFile(filepath.Join(dir, "custom.md"), []byte("# Custom\n\n![Fig](fig.png)\n"), 0o644)
		relEdit(t, filepath.Join(dir, "regdoc.json"), `"template": "cmc/s241-specification.md"`, `"template": "custom.md"`)
	}
	cases := []struct {
		name, fifo  string
		setup       func(t *testing.T, dir string)
		build, vali int // exit codes of build and validate
	}{
		{"manifest", "regdoc.json", nil, 2, 2},
		{"data file", "data/comparator.json", nil, 1, 1},
		{"template", "custom.md", custom, 1, 1},
		{"image", "fig.png", custom, 1, 1},
	}
	for _, k := range cases {
		t.Run(k.name, func(t *testing.T) {
			root, dir := relCopyExample(t)
			if k.setup != nil {
				k.setup(t, dir)
			}
			relMkfifo(t, filepath.Join(dir, filepath.FromSlash(k.fifo)))
			before := relSnapshot(t, root)
			code, out := c.run(t, root, 60*time.Second, "build", "proj")
			relAssertNothingWritten(t, before, relSnapshot(t, root))
			if code != k.build || !strings.Contains(out, filepath.Base(k.fifo)) || !strings.Contains(out, "FIFO") {
				t.Errorf("build: exit %d (want %d), output not naming the FIFO:\n%s", code, k.build, out)
			}
			code, out = c.run(t, root, 60*time.Second, "validate", "proj")
			if code != k.vali || !strings.Contains(out, filepath.Base(k.fifo)) || !strings.Contains(out, "FIFO") {
				t.Errorf("validate: exit %d (want %d), output not naming the FIFO:\n%s", code, k.vali, out)
			}
		})
	}
	t.Run("render", func(t *testing.T) {
		dir := t.TempDir()
		relMkfifo(t, filepath.Join(dir, "doc.md"))
		code, out := c.run(t, dir, 30*time.Second, "render", "doc.md")
		if code != 2 || !strings.Contains(out, "doc.md") || !strings.Contains(out, "FIFO") {
			t.Errorf("render of a FIFO: exit %d, want 2 naming it:\n%s", code, out)
		}
		os.WriteFile(filepath.Join(dir, "img.md"), []byte("# Doc\n\n![Fig](fig.png)\n"), 0o644)
		relMkfifo(t, filepath.Join(dir, "fig.png"))
		code, out = c.run(t, dir, 30*time.Second, "render", "img.md")
		if code != 1 || !strings.Contains(out, "fig.png") || !strings.Contains(out, "FIFO") {
			t.Errorf("render with a FIFO image: exit %d, want 1 naming it:\n%s", code, out)
		}
		if _, err := os.Stat(filepath.Join(dir, "img.pdf")); err == nil {
			t.Errorf("render wrote img.pdf although it failed")
		}
	})
}

// testSignals builds into a folder holding an earlier build and sends
// SIGINT or SIGTERM the moment the build's first temporary file appears:
// the command must remove its temporaries, leave the earlier files (or,
// if the signal came after the renames began, the complete new set) and
// exit 2 saying it was interrupted.
func testSignals(t *testing.T, c relCommand) {
	root, _ := relCopyExample(t)
	out := filepath.Join(root, "out")
	if code, msg := c.run(t, root, 120*time.Second, "build", "proj", "-o", out, "--emit", "md,html"); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, msg)
	}
	old := relSnapshot(t, out)
	hits := 0
	for i := range 8 {
		sig := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM}[i%2]
		cmd := exec.Command(c.bin, "build", "proj", "-o", out, "--emit", "md,html")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "NO_COLOR=1", "SOURCE_DATE_EPOCH=1600000000")
		var msg bytes.Buffer
		cmd.Stdout, cmd.Stderr = &msg, &msg
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		sent := false
		deadline := time.After(120 * time.Second)
	poll:
		for {
			select {
			case err := <-exited:
				exited <- err
				break poll
			case <-deadline:
				cmd.Process.Kill()
				t.Fatal("the build did not end within 120 s")
			default:
			}
			if len(relTemps(t, out)) > 0 {
				cmd.Process.Signal(sig)
				sent = true
				break
			}
		}
		var err error
		select {
		case err = <-exited:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: the build did not stop within 60 s of the signal", sig)
		}
		if temps := relTemps(t, root); len(temps) > 0 {
			t.Errorf("%v: temporary files left: %v", sig, temps)
			for _, p := range temps {
				os.Remove(p)
			}
		}
		now := relSnapshot(t, out)
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee) && ee.ExitCode() == 2:
			if !strings.Contains(msg.String(), "interrupted; nothing was written") {
				t.Errorf("%v: exit 2 without saying it was interrupted:\n%s", sig, msg.String())
			}
			if ch := relChanges(old, now); len(ch) > 0 {
				t.Errorf("%v: interrupted, yet the earlier files changed:\n%s", sig, strings.Join(ch, "\n"))
			}
			hits++
		case err == nil:
			// The signal came once the renames had begun: the whole new
			// set is in place, none of the old files is left.
			for p, h := range now {
				if old[p] == h && h != "dir" {
					t.Errorf("%v: build finished but %s is still the old file", sig, p)
				}
			}
			// Back to the old set for the next round.
			if code, m := c.run(t, root, 120*time.Second, "build", "proj", "-o", out, "--emit", "md,html"); code != 0 {
				t.Fatalf("rebuild: %d %s", code, m)
			}
		default:
			t.Errorf("%v (sent: %v): %v\n%s", sig, sent, err, msg.String())
		}
	}
	if hits == 0 {
		t.Error("no signal arrived while temporary files existed; the test proved nothing")
	}
	t.Logf("%d of 8 signals arrived while the outputs were being written", hits)
}

// testWatchFIFO starts 'regdoc build --watch', replaces a data file with a
// FIFO, and presses Ctrl-C: the watch reports the FIFO and stops.
func testWatchFIFO(t *testing.T, c relCommand) {
	root, dir := relCopyExample(t)
	cmd := exec.Command(c.bin, "build", "proj", "--watch", "--only", "s241")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	defer cmd.Process.Kill()
	lines := make(chan string, 100)
	go func() {
		s := bufio.NewScanner(pr)
		for s.Scan() {
			lines <- s.Text()
		}
		close(lines)
	}()
	var seen []string
	waitFor := func(what string) {
		t.Helper()
		timeout := time.After(60 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("regdoc ended before %q:\n%s", what, strings.Join(seen, "\n"))
				}
				seen = append(seen, l)
				if strings.Contains(l, what) {
					return
				}
			case <-timeout:
				t.Fatalf("no %q within 60 s:\n%s", what, strings.Join(seen, "\n"))
			}
		}
	}
	waitFor("watching")
	// The watch takes its first look at the files just after saying it
	// watches; a change before that look is no change to it.
	time.Sleep(2 * time.Second)
	relMkfifo(t, filepath.Join(dir, "data", "comparator.json"))
	waitFor("FIFO")
	waitFor("watching")
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("watch exited with %v after Ctrl-C", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("watch still running 30 s after Ctrl-C:\n%s", strings.Join(seen, "\n"))
	}
}

// testDiskFullCommand is the review's first reproduction on the command:
// exit 2, a message naming the file, the cause and what is on disk.
func testDiskFullCommand(t *testing.T, c relCommand) {
	disk := relSmallDisk(t, "4m")
	root, dir := relCopyExample(t)
	out := filepath.Join(disk, "out")
	if code, msg := c.run(t, root, 120*time.Second, "build", "proj", "-o", out, "--emit", "md,html"); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, msg)
	}
	relFill(t, disk, 156<<10)
	relEdit(t, filepath.Join(dir, "data", "process.json"), `"name": "RGX-IVIG 10 %"`, `"name": "RGX-IVIG 10 % liquid, renamed"`)
	before := relSnapshot(t, disk)
	code, msg := c.run(t, root, 120*time.Second, "build", "proj", "-o", out, "--emit", "md,html")
	relAssertNothingWritten(t, before, relSnapshot(t, disk))
	if code != 2 || !strings.Contains(msg, "no space left on device") || !strings.Contains(msg, "nothing was written") || strings.Contains(msg, "Nothing was written; the PDFs") {
		t.Errorf("exit %d, want 2 with a message saying what is on disk:\n%s", code, msg)
	}
}

// testHugeDataFile is the review's fifth reproduction: a 4 GB (sparse)
// data file is refused as too large by validate and build, quickly and in
// little memory — the text reporter used to read the whole file for an
// excerpt. Memory is the command's peak resident set, from the kernel,
// measured through a fresh process (see TestPeakMemoryOfCommand): Linux
// counts a child's peak from the memory of the process that forked it,
// and this test binary holds a PDF reader of several hundred MiB.
func testHugeDataFile(t *testing.T, c relCommand) {
	root, dir := relCopyExample(t)
	f, err := os.OpenFile(filepath.Join(dir, "data", "comparator.json"), os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(4 << 30); err != nil {
		t.Skipf("cannot make a sparse 4 GB file: %v", err)
	}
	f.Close()
	for _, verb := range []string{"validate", "build"} {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestPeakMemoryOfCommand$")
		cmd.Env = append(os.Environ(), measureEnv+"="+c.bin+"\x1f"+verb+"\x1fproj")
		cmd.Dir = root
		raw, _ := cmd.Output()
		hung := ctx.Err() != nil
		cancel()
		if hung {
			t.Fatalf("%s still running after 60 s", verb)
		}
		head, out, found := strings.Cut(string(raw), "\n")
		var code, peak int
		if _, err := fmt.Sscanf(head, "exit %d peak %d", &code, &peak); !found || err != nil {
			t.Fatalf("%s: the measuring process printed %q", verb, raw)
		}
		if code != 1 || !strings.Contains(out, "4294967296 bytes, larger than the limit") {
			t.Errorf("%s: exit %d, want 1 with the size and the limit:\n%s", verb, code, out)
		}
		t.Logf("%s: peak memory %d MiB", verb, peak)
		if peak > 200 {
			t.Errorf("%s took %d MiB for a file it refuses", verb, peak)
		}
	}
}

// measureEnv names the command TestPeakMemoryOfCommand runs: the binary
// and its arguments, separated by the unit separator U+001F (an
// environment variable cannot hold a NUL byte).
const measureEnv = "REGDOC_TEST_MEASURE_COMMAND"

// TestPeakMemoryOfCommand is not a test of its own: run by
// testHugeDataFile as a fresh, small process, it runs the command named
// in measureEnv and prints "exit N peak M" (M the command's peak resident
// set in MiB) and then the command's output. It skips when the variable
// is unset.
func TestPeakMemoryOfCommand(t *testing.T) {
	spec := os.Getenv(measureEnv)
	if spec == "" {
		t.Skip("run by testHugeDataFile")
	}
	args := strings.Split(spec, "\x1f")
	cmd := exec.Command(args[0], args[1:]...)
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState == nil {
		t.Fatalf("%s: %v", args[0], err)
	}
	peak := int64(-1)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peak = int64(ru.Maxrss) >> 10 // KiB on Linux
	}
	fmt.Printf("exit %d peak %d\n%s", cmd.ProcessState.ExitCode(), peak, out)
}

// testRenderImageLink is the review's ninth reproduction for render: an
// image beside the Markdown file that is a symbolic link to a real PNG
// outside its folder is refused, as build refuses it; the same PNG
// inside the folder renders.
func testRenderImageLink(t *testing.T, c relCommand) {
	root := t.TempDir()
	dir := filepath.Join(root, "doc")
	os.Mkdir(dir, 0o755)
	var png bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "secret.png"), png.Bytes(), 0o644)
	os.Symlink(filepath.Join(root, "secret.png"), filepath.Join(dir, "link.png"))
	os.WriteFile(filepath.Join(dir, "doc.md"), []byte("# Doc\n\n![Fig](link.png)\n"), 0o644)
	code, out := c.run(t, dir, 30*time.Second, "render", "doc.md")
	if code != 1 || !strings.Contains(out, "link.png") {
		t.Errorf("render through a link out of the folder: exit %d, want 1 naming link.png:\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "doc.pdf")); err == nil {
		t.Error("render wrote doc.pdf although it refused the image")
	}
	os.Remove(filepath.Join(dir, "link.png"))
	os.WriteFile(filepath.Join(dir, "link.png"), png.Bytes(), 0o644)
	if code, out := c.run(t, dir, 30*time.Second, "render", "doc.md"); code != 0 {
		t.Errorf("render with the image inside its folder: exit %d\n%s", code, out)
	}
}
