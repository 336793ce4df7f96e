package pipeline

// Tests of the output side: all or none on a full disk, modes, the output
// folder as a symbolic link.

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/diag"
)

// relTemps lists the temporary files under dir.
func relTemps(t testing.TB, dir string) []string {
	t.Helper()
	var temps []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && relTmpName.MatchString(d.Name()) {
			temps = append(temps, p)
		}
		return nil
	})
	return temps
}

// relSmallDisk mounts a tmpfs of size bytes on a fresh folder, unmounted
// when the test ends, or skips the test saying why where mounting is not
// allowed (not root, no tmpfs).
func relSmallDisk(t *testing.T, size string) string {
	t.Helper()
	if _, err := exec.LookPath("mount"); err != nil {
		t.Skip("no mount command: the full-disk test needs a small tmpfs")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a %s tmpfs (needs root): %v %s", size, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// relFill writes a file into dir that leaves about free bytes free.
func relFill(t *testing.T, dir string, free int64) {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	avail := int64(st.Bavail) * int64(st.Bsize)
	if avail <= free {
		t.Fatalf("only %d bytes free, want more than %d", avail, free)
	}
	if err := os.WriteFile(filepath.Join(dir, "filler"), make([]byte, avail-free), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDiskFullLeavesEveryEarlierOutput is the review's reproduction: build
// with --emit md,html onto a 4 MB disk, fill it to about 156 KB free,
// change the data and build again. The build fails part-way through
// writing; every file of the first build must be unchanged, no temporary
// file or new folder left, the error an I/O error (exit 2) naming the
// file and saying that nothing was written. The same holds for the eCTD
// tree, whose folders the failed build must remove again.
func TestDiskFullLeavesEveryEarlierOutput(t *testing.T) {
	for _, layout := range []string{LayoutFlat, LayoutECTD} {
		t.Run(layout, func(t *testing.T) {
			if raceEnabled && layout != LayoutFlat {
				t.Skip("under the race detector only the flat layout runs; go test without -race runs both")
			}
			disk := relSmallDisk(t, "4m")
			_, dir := relCopyExample(t)
			out := filepath.Join(disk, "out")
			opt := Options{Out: out, Emit: []string{"md", "html"}, Layout: layout}
			if r := relBuild(t, dir, opt); r.Code != relExitOK {
				t.Fatalf("first build: exit %d, %v", r.Code, r.Err)
			}
			relFill(t, disk, 156<<10)
			relEdit(t, filepath.Join(dir, "data", "process.json"), `"name": "RGX-IVIG 10 %"`, `"name": "RGX-IVIG 10 % liquid, renamed"`)
			if layout == LayoutECTD {
				// A new document in a folder of its own, so the failed
				// build has folders to create and to remove again.
				relEdit(t, filepath.Join(dir, "regdoc.json"), `"ctd_section": "3.2.S.4.1"`, `"ctd_section": "3.2.S.5"`)
			}
			before := relSnapshot(t, disk)
			r := relBuild(t, dir, opt)
			after := relSnapshot(t, disk)
			relAssertNothingWritten(t, before, after)
			if temps := relTemps(t, disk); len(temps) > 0 {
				t.Errorf("temporary files left: %v", temps)
			}
			if r.Code != relExitUsage {
				t.Fatalf("exit %d, want %d (an I/O error): %v", r.Code, relExitUsage, r.Err)
			}
			var ioErr *IOError
			if !errors.As(r.Err, &ioErr) || !errors.Is(r.Err, syscall.ENOSPC) {
				t.Fatalf("error %v, want an IOError for a full disk", r.Err)
			}
			msg := r.Err.Error()
			if !strings.HasPrefix(ioErr.Diagnostic.File, out) || !strings.Contains(msg, "no space left") || !strings.Contains(msg, "nothing was written") {
				t.Errorf("the message does not name the file, the cause and what is on disk: %s", msg)
			}
		})
	}
}

// TestOutputModes: a new output gets 0666 less the umask, as any
// program's new file; a replaced output keeps its mode (a 0600 PDF stayed
// 0600, not 0644).
func TestOutputModes(t *testing.T) {
	root, dir := relCopyExample(t)
	out := filepath.Join(root, "out")
	old := syscall.Umask(0o077)
	r := relBuild(t, dir, Options{Out: out, Only: []string{"s241"}, Emit: []string{"md"}})
	syscall.Umask(old)
	if r.Code != relExitOK {
		t.Fatalf("build: exit %d, %v", r.Code, r.Err)
	}
	for _, name := range []string{"specification.pdf", "specification.md"} {
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("under umask 077, new %s has mode %v, want 0600 (%v)", name, st.Mode().Perm(), err)
		}
	}
	// Replaced under umask 022: each keeps its own mode.
	os.Chmod(filepath.Join(out, "specification.md"), 0o640)
	old = syscall.Umask(0o022)
	r = relBuild(t, dir, Options{Out: out, Only: []string{"s241", "s222"}, Emit: []string{"md"}, Date: relOtherDate})
	syscall.Umask(old)
	if r.Code != relExitOK {
		t.Fatalf("rebuild: exit %d, %v", r.Code, r.Err)
	}
	for name, want := range map[string]fs.FileMode{"specification.pdf": 0o600, "specification.md": 0o640, "manuf-process-and-controls.pdf": 0o644} {
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Mode().Perm() != want {
			t.Errorf("after the rebuild under umask 022, %s has mode %v, want %v (%v)", name, st.Mode().Perm(), want, err)
		}
	}
}

// TestOutputFolderSymlinks: the default out/ may be a link to a folder of
// the project, but one leading outside is refused (exit 2, nothing
// written anywhere) — the user never named that place; named with -o the
// same link is followed. A link inside the output folder that leads out
// of it (an eCTD subfolder) is refused too.
func TestOutputFolderSymlinks(t *testing.T) {
	t.Run("default out leads outside", func(t *testing.T) {
		root, dir := relCopyExample(t)
		elsewhere := filepath.Join(root, "elsewhere")
		os.Mkdir(elsewhere, 0o755)
		if err := os.Symlink(elsewhere, filepath.Join(dir, "out")); err != nil {
			t.Fatal(err)
		}
		before := relSnapshot(t, root)
		r := relBuild(t, dir, Options{Only: []string{"s241"}})
		relAssertNothingWritten(t, before, relSnapshot(t, root))
		if r.Code != relExitUsage || r.Err == nil || !strings.Contains(r.Err.Error(), "outside the project") || !strings.Contains(r.Err.Error(), "-o "+elsewhere) {
			t.Fatalf("exit %d, %v; want exit 2 saying the link leads outside and how to write there", r.Code, r.Err)
		}
		// Named with -o, the link is followed.
		r = relBuild(t, dir, Options{Out: filepath.Join(dir, "out"), Only: []string{"s241"}})
		if _, err := os.Stat(filepath.Join(elsewhere, "specification.pdf")); r.Code != relExitOK || err != nil {
			t.Errorf("with -o the link was not followed: exit %d, %v, %v", r.Code, r.Err, err)
		}
	})
	t.Run("default out leads inside", func(t *testing.T) {
		_, dir := relCopyExample(t)
		os.Mkdir(filepath.Join(dir, "pdfs"), 0o755)
		if err := os.Symlink("pdfs", filepath.Join(dir, "out")); err != nil {
			t.Fatal(err)
		}
		r := relBuild(t, dir, Options{Only: []string{"s241"}})
		if _, err := os.Stat(filepath.Join(dir, "pdfs", "specification.pdf")); r.Code != relExitOK || err != nil {
			t.Errorf("exit %d, %v, %v", r.Code, r.Err, err)
		}
	})
	t.Run("link inside the output tree", func(t *testing.T) {
		root, dir := relCopyExample(t)
		out := filepath.Join(root, "out")
		elsewhere := filepath.Join(root, "elsewhere")
		os.MkdirAll(out, 0o755)
		os.Mkdir(elsewhere, 0o755)
		if err := os.Symlink(elsewhere, filepath.Join(out, "m3")); err != nil {
			t.Fatal(err)
		}
		before := relSnapshot(t, root)
		r := relBuild(t, dir, Options{Out: out, Layout: LayoutECTD, Only: []string{"s241"}})
		relAssertNothingWritten(t, before, relSnapshot(t, root))
		if r.Code != relExitUsage {
			t.Errorf("exit %d, %v; want 2", r.Code, r.Err)
		}
	})
}

// TestOutputIOErrorsExit2: a read-only output folder and a file where the
// output folder belongs are I/O errors (exit 2) that name the place and
// leave everything as it was.
func TestOutputIOErrorsExit2(t *testing.T) {
	t.Run("file where the folder belongs", func(t *testing.T) {
		root, dir := relCopyExample(t)
		out := filepath.Join(root, "out")
		os.WriteFile(out, []byte("a file"), 0o644)
		before := relSnapshot(t, root)
		r := relBuild(t, dir, Options{Out: out, Only: []string{"s241"}})
		relAssertNothingWritten(t, before, relSnapshot(t, root))
		var ioErr *IOError
		if r.Code != relExitUsage || !errors.As(r.Err, &ioErr) || ioErr.Diagnostic.File != out {
			t.Errorf("exit %d, %v; want 2 naming %s", r.Code, r.Err, out)
		}
	})
	t.Run("read-only file system", func(t *testing.T) {
		// A read-only mount stops root too, where a folder's mode does not.
		disk := relSmallDisk(t, "4m")
		_, dir := relCopyExample(t)
		out := filepath.Join(disk, "out")
		relMustBuild(t, dir, Options{Out: out, Only: []string{"s241"}})
		if msg, err := exec.Command("mount", "-o", "remount,ro", disk).CombinedOutput(); err != nil {
			t.Skipf("cannot remount read-only: %v %s", err, msg)
		}
		before := relSnapshot(t, disk)
		r := relBuild(t, dir, Options{Out: out, Only: []string{"s241"}, Date: relOtherDate})
		relAssertNothingWritten(t, before, relSnapshot(t, disk))
		var ioErr *IOError
		if r.Code != relExitUsage || !errors.As(r.Err, &ioErr) || !errors.Is(r.Err, syscall.EROFS) || !strings.Contains(r.Err.Error(), "nothing was written") {
			t.Errorf("exit %d, %v; want 2, a read-only file system, nothing written", r.Code, r.Err)
		}
	})
	t.Run("read-only folder", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("running as root: a read-only folder does not stop root (the read-only file system case covers it)")
		}
		root, dir := relCopyExample(t)
		out := filepath.Join(root, "out")
		relMustBuild(t, dir, Options{Out: out, Only: []string{"s241"}})
		os.Chmod(out, 0o555)
		defer os.Chmod(out, 0o755)
		before := relSnapshot(t, root)
		r := relBuild(t, dir, Options{Out: out, Only: []string{"s241"}, Date: relOtherDate})
		relAssertNothingWritten(t, before, relSnapshot(t, root))
		if r.Code != relExitUsage || !diag.HasErrors([]diag.Diagnostic{r.Err.(*IOError).Diagnostic}, false) {
			t.Errorf("exit %d, %v; want 2", r.Code, r.Err)
		}
	})
}

// relOtherDate is a document date other than the example's, so a rebuild
// with it changes every PDF.
var relOtherDate = time.Date(2021, 3, 4, 12, 0, 0, 0, time.UTC)

// TestConcurrentBuildsLeaveOneWholeSet runs two builds (child processes)
// into one folder at once, each with its own date, again and again: when
// both are done the folder must hold one build's whole set, never a mix
// (the review saw 2 mixed sets in 20 rounds).
func TestConcurrentBuildsLeaveOneWholeSet(t *testing.T) {
	rounds := 5
	if testing.Short() || raceEnabled {
		rounds = 2 // the children are this test binary, slow under the race detector
	}
	root, dir := relCopyExample(t)
	dates := []time.Time{relOtherDate, relOtherDate.AddDate(1, 0, 0)}
	var sets []map[string][]byte
	for i, d := range dates {
		sets = append(sets, relMustBuild(t, dir, Options{Out: filepath.Join(root, "ref"+string(rune('a'+i))), Date: d}))
	}
	out := filepath.Join(root, "out")
	for round := range rounds {
		os.RemoveAll(out)
		var cmds []*exec.Cmd
		for _, d := range dates {
			cmd := relHelper(t, relHelperSpec{Dir: dir, Out: out, Date: d.Format(time.RFC3339)})
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds = append(cmds, cmd)
		}
		for _, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Fatalf("round %d: a build failed: %v", round, err)
			}
		}
		got := relReadDir(t, out)
		from := -1
		for name, b := range got {
			which := -1
			for i, set := range sets {
				if bytes.Equal(set[name], b) {
					which = i
				}
			}
			if which < 0 {
				t.Fatalf("round %d: %s is from neither build", round, name)
			}
			if from >= 0 && which != from {
				t.Fatalf("round %d: a mixed set (%s is from build %d, others from build %d)", round, name, which, from)
			}
			from = which
		}
		if len(got) != len(sets[0]) {
			t.Fatalf("round %d: %d files, want %d", round, len(got), len(sets[0]))
		}
	}
}

// TestBuildWaitsForTheFolderLock: while another build holds the output
// folder, a build typesets but writes nothing; it puts its set in place
// once the folder is free. This is what keeps concurrent builds from
// mixing their sets, however their renames would interleave.
func TestBuildWaitsForTheFolderLock(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("flock(2) is Unix")
	}
	root, dir := relCopyExample(t)
	out := filepath.Join(root, "out")
	os.Mkdir(out, 0o755)
	r, err := os.OpenRoot(out)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	unlock, err := lockFolder(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan relResult, 1)
	go func() { done <- relBuild(t, dir, Options{Out: out, Only: []string{"s241"}}) }()
	select {
	case res := <-done:
		t.Fatalf("the build finished (exit %d) while another held the folder", res.Code)
	case <-time.After(3 * time.Second):
	}
	if names, _ := os.ReadDir(out); len(names) != 0 {
		t.Fatalf("the build wrote %d entries while another held the folder", len(names))
	}
	unlock()
	select {
	case res := <-done:
		if res.Code != relExitOK {
			t.Fatalf("exit %d: %v", res.Code, res.Err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the build did not finish within 60 s of the folder's release")
	}
	if _, err := os.Stat(filepath.Join(out, "specification.pdf")); err != nil {
		t.Error(err)
	}
}
