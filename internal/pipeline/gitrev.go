package pipeline

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// GitVersions splits "REV1..REV2" into its two revisions.
func GitVersions(spec string) (string, string, error) {
	a, b, ok := strings.Cut(spec, "..")
	if !ok || a == "" || b == "" || strings.HasPrefix(b, ".") || strings.HasPrefix(a, "-") || strings.HasPrefix(b, "-") {
		return "", "", refusef("--git %q: give two revisions as REV1..REV2, e.g. --git v1.0..HEAD", spec)
	}
	return a, b, nil
}

// GitSnapshot writes the project folder dir as it was at revision rev of
// its git repository into a new temporary folder, through the git
// command, and returns that folder and a func that removes it. Only
// regular files and folders are written, each inside the new folder.
func GitSnapshot(dir, rev string) (string, func(), error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return "", nil, refusef("--git needs the git command, which is not installed or not on PATH")
	}
	run := func(args ...string) ([]byte, error) {
		cmd := exec.Command(git, args...)
		cmd.Dir = dir
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			msg := strings.TrimSpace(errb.String())
			if msg == "" {
				msg = err.Error()
			}
			return nil, errors.New(msg)
		}
		return out.Bytes(), nil
	}
	prefix, err := run("rev-parse", "--show-prefix")
	if err != nil {
		return "", nil, refusef("%s is not in a git repository (%v); --git compares revisions of a project folder kept in git", dir, err)
	}
	if _, err := run("rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return "", nil, refusef("--git: %q is not a revision of the repository of %s; name a commit, tag or branch", rev, dir)
	}
	tree := rev
	if p := strings.TrimSpace(string(prefix)); p != "" {
		tree = rev + ":" + strings.TrimSuffix(p, "/")
	}
	top, err := run("rev-parse", "--show-toplevel")
	if err != nil {
		return "", nil, refusef("%s: %v", dir, err)
	}
	// From the top of the work tree, "REV:PREFIX" names the folder.
	dir = strings.TrimSpace(string(top))
	archive, err := run("archive", "--format=tar", tree)
	if err != nil {
		return "", nil, refusef("--git: the folder %s does not exist at %s: %v", dir, rev, err)
	}
	tmp, err := os.MkdirTemp("", "regdoc-diff-")
	if err != nil {
		return "", nil, ioFailure(err)
	}
	cleanup := func() { os.RemoveAll(tmp) }
	if err := untar(tmp, archive); err != nil {
		cleanup()
		return "", nil, ioFailure(fmt.Errorf("--git %s: %w", rev, err))
	}
	return tmp, cleanup, nil
}

// untar writes the regular files and folders of a tar archive into dir,
// refusing any name that would land outside it.
func untar(dir string, archive []byte) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	tr := tar.NewReader(bytes.NewReader(archive))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.FromSlash(strings.TrimSuffix(h.Name, "/"))
		if name == "." || name == "" {
			continue
		}
		if !filepath.IsLocal(name) {
			return fmt.Errorf("archive entry %q leaves the folder", h.Name)
		}
		switch h.Typeflag {
		case tar.TypeDir:
			if err := root.MkdirAll(name, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				return err
			}
			f, err := root.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, io.LimitReader(tr, h.Size))
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}
