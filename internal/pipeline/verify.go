package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/internal/provenance"
	"github.com/regdoc/regdoc/internal/safefile"
	"github.com/regdoc/regdoc/internal/version"
	"github.com/regdoc/regdoc/templates"
)

// maxVerifyPDF bounds the size of a PDF verify reads (the submission
// limit for one file).
const maxVerifyPDF = 400 << 20

// Verified is one PDF checked against a project.
type Verified struct {
	PDF string
	// Project is the folder the PDF was compared with.
	Project string
	Record  provenance.Record
	// Findings lists every input that no longer matches; none means the
	// PDF was built from the project as it is now.
	Findings []provenance.Finding
	// Err is set when the PDF could not be read or carries no record
	// (regdoc did not write it); Findings is then empty.
	Err error
}

// Verify reads each PDF's provenance record and compares it with the
// project in dir as it is now. With dir "", each PDF is compared with the
// project it lies in: the nearest folder above it that holds a
// regdoc.json (a build writes into DIR/out), or, for a PDF 'regdoc
// render' wrote, its own folder; when neither is found the call is refused
// (a usage mistake: the caller names the project). A PDF that cannot be read or that regdoc
// did not write is reported in its Verified, not as an error; the error
// is for a project folder that cannot be opened.
func Verify(pdfs []string, dir string) ([]Verified, error) {
	roots := map[string]*os.Root{}
	defer func() {
		for _, r := range roots {
			r.Close()
		}
	}()
	open := func(d string) (*os.Root, error) {
		if r, ok := roots[d]; ok {
			return r, nil
		}
		r, err := os.OpenRoot(d)
		if err != nil {
			return nil, ioFailure(fmt.Errorf("project folder: %w", err))
		}
		roots[d] = r
		return r, nil
	}
	if dir != "" {
		if _, err := open(dir); err != nil {
			return nil, err
		}
	}
	out := make([]Verified, len(pdfs))
	for i, p := range pdfs {
		out[i].PDF = p
		b, err := safefile.ReadRegular(p, maxVerifyPDF)
		if err != nil {
			out[i].Err = unwrapPath(err)
			continue
		}
		rec, err := provenance.Read(b)
		if err != nil {
			out[i].Err = err
			continue
		}
		out[i].Record = rec
		d := dir
		if d == "" {
			var found bool
			if d, found = projectOf(p, rec); !found {
				return nil, refusef("%s: no project was found for this PDF (no folder above it holds %s); name the project it was built from with --project DIR", p, project.ManifestName)
			}
		}
		out[i].Project = d
		root, err := open(d)
		if err != nil {
			return nil, err
		}
		out[i].Findings = provenance.Check(rec, root.FS(), templates.FS, version.Version)
	}
	return out, nil
}

// IsNoRecord reports whether err says a PDF carries no provenance record.
func IsNoRecord(err error) bool { return errors.Is(err, provenance.ErrNoRecord) }

// projectOf is the folder a PDF is verified against when none is named:
// the nearest folder above it holding a manifest, named the way the PDF
// is (relative or absolute), or, for a rendered Markdown file (whose
// record names it, not a manifest), the PDF's own folder. found is false
// when neither applies: comparing with whatever folder verify runs in
// would report every input of a sound PDF as changed.
func projectOf(pdf string, rec provenance.Record) (dir string, found bool) {
	for _, in := range rec.Inputs {
		if in.Role == provenance.RoleMarkdown {
			return filepath.Dir(pdf), true
		}
	}
	for d := filepath.Dir(pdf); ; d = filepath.Join(d, "..") {
		if st, err := os.Stat(filepath.Join(d, project.ManifestName)); err == nil && st.Mode().IsRegular() {
			return d, true
		}
		abs, err := filepath.Abs(d)
		if err != nil || filepath.Dir(abs) == abs {
			return "", false
		}
	}
}
