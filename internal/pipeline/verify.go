package pipeline

import (
	"errors"
	"fmt"
	"os"

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
	PDF    string
	Record provenance.Record
	// Findings lists every input that no longer matches; none means the
	// PDF was built from the project as it is now.
	Findings []provenance.Finding
	// Err is set when the PDF could not be read or carries no record
	// (regdoc did not write it); Findings is then empty.
	Err error
}

// Verify reads each PDF's provenance record and compares it with the
// project in dir as it is now. A PDF that cannot be read or that regdoc did
// not write is reported in its Verified, not as an error; the error is for
// a project folder that cannot be opened.
func Verify(pdfs []string, dir string) ([]Verified, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, ioFailure(fmt.Errorf("project folder: %w", err))
	}
	defer root.Close()
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
		out[i].Findings = provenance.Check(rec, root.FS(), templates.FS, version.Version)
	}
	return out, nil
}

// IsNoRecord reports whether err says a PDF carries no provenance record.
func IsNoRecord(err error) bool { return errors.Is(err, provenance.ErrNoRecord) }
