package pipeline

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/mdpdf"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/internal/safefile"
)

// RenderOptions control RenderFile.
type RenderOptions struct {
	// Out is the PDF to write; "" means the input with .pdf.
	Out string
	// Style is "ctd" or "patent"; Paper "letter" or "a4" ("" means the
	// typesetter's default, ctd on letter).
	Style, Paper string
	// Title is the document title; "" means the file name without extension.
	Title string
	// TOC adds a table of contents.
	TOC bool
	// Data, when set, names a project folder: the file is first run as a
	// template on that project's data.
	Data string
	// Date overrides the document date (SOURCE_DATE_EPOCH). Zero means the
	// file's modification time: stable across runs, never the clock.
	Date time.Time
	// Font names a TrueType font file drawing the characters the embedded
	// Liberation fonts lack (CJK, Devanagari, symbols).
	Font string
}

// RenderFile typesets one Markdown file (or template, with Data) into PDF
// through the same door as Build: the same template engine, the same
// typesetter options, the same atomic write. It returns the PDF's path.
// When the project's data are invalid, their diagnostics come back with an
// Invalid error; a problem in the file itself is an Invalid error naming
// file:line:col.
func RenderFile(in string, opt RenderOptions) (string, []diag.Diagnostic, error) {
	out := opt.Out
	if out == "" {
		out = strings.TrimSuffix(in, filepath.Ext(in)) + ".pdf"
	}
	src, mod, err := readSource(in)
	if err != nil {
		return "", nil, err
	}
	raw := src
	var loaded *Loaded
	if err := notTheSameFile(in, out); err != nil {
		return "", nil, err
	}
	date := opt.Date
	if date.IsZero() {
		date = mod.UTC().Truncate(time.Second)
	}
	if opt.Data != "" {
		set, err := Compile()
		if err != nil {
			return "", nil, err
		}
		l, ds, err := Load(opt.Data, set, dataset.Options{})
		if err != nil {
			return "", ds, err
		}
		if l == nil || diag.HasErrors(ds, false) {
			return "", ds, invalid(fmt.Errorf("the data of %s are invalid; nothing was rendered", opt.Data))
		}
		loaded = l
		t, err := mdtemplate.Parse(in, string(src), nil)
		if err != nil {
			return "", nil, invalid(err)
		}
		if src, err = t.Render(TemplateData{Project: l.Model, Document: project.Document{Title: opt.Title}}); err != nil {
			return "", nil, invalid(err)
		}
	}
	title := opt.Title
	if title == "" {
		title = strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
	}
	// Images beside the file, by the input rules: inside its folder
	// (os.Root), regular files only, within the image size limit.
	images, err := project.FolderFS(filepath.Dir(in))
	if err != nil {
		return "", nil, ioFailure(err)
	}
	popt := pdfOptions(in, opt.Style, opt.Paper, opt.TOC, images, mdpdf.Metadata{Title: title, Date: date})
	popt.KeepTitle = opt.Title != "" // --title wins over the file's front matter
	if opt.Font != "" {
		// The font file by the input rules too: a regular file, read
		// through a limit.
		font, err := safefile.ReadRegular(opt.Font, project.MaxFontBytes)
		if err != nil {
			return "", nil, ioFailure(fmt.Errorf("--font: %w", err))
		}
		if err := canvas.NewFonts().SetFallback(font); err != nil {
			return "", nil, invalid(fmt.Errorf("--font %s: %w", opt.Font, err))
		}
		popt.FallbackFont = font
	}
	// Problems name the file as given: "note.md:3:1: …". Warnings (front
	// matter the typesetter does not read) come back with the PDF.
	log := newReadLog(popt.Images)
	popt.Images = log
	pdf, _, warnings, err := typesetReport(src, popt)
	if err != nil {
		return "", nil, err
	}
	if pdf, err = stamp(pdf, renderRecord(in, raw, loaded, opt.Font, popt.FallbackFont, log)); err != nil {
		return "", nil, err
	}
	if err := WriteAtomic(out, pdf); err != nil {
		return "", nil, ioFailure(err)
	}
	return out, warnings, nil
}

// readSource reads the file to render by the input rules (safefile.OpenRegular):
// opened once without waiting, refused by name unless a regular file (a
// FIFO, a device, a folder), so render cannot hang on a pipe nobody
// writes to, and read through the template size limit.
func readSource(path string) ([]byte, time.Time, error) {
	f, err := safefile.OpenRegular(path)
	var nr *safefile.NotRegularError
	if errors.As(err, &nr) {
		return nil, time.Time{}, refusef("%v", err)
	} else if err != nil {
		return nil, time.Time{}, ioFailure(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, ioFailure(err)
	}
	limit := int64(project.MaxTemplateBytes)
	if st.Size() > limit {
		return nil, time.Time{}, invalid(&safefile.TooLargeError{Path: path, Size: st.Size(), Limit: limit})
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, time.Time{}, ioFailure(err)
	}
	if int64(len(b)) > limit {
		return nil, time.Time{}, invalid(&safefile.TooLargeError{Path: path, Size: -1, Limit: limit})
	}
	return b, st.ModTime(), nil
}

// notTheSameFile refuses an output that is the input, by name or through
// another path to the same file (a link, "./x.md" for "x.md"): writing it
// would destroy the source.
func notTheSameFile(in, out string) error {
	same := false
	if a, err := filepath.Abs(in); err == nil {
		if b, err := filepath.Abs(out); err == nil && a == b {
			same = true
		}
	}
	if !same {
		si, err1 := os.Stat(in)
		so, err2 := os.Stat(out)
		same = err1 == nil && err2 == nil && os.SameFile(si, so)
	}
	if same {
		return refusef("-o %s is the input file itself; writing the PDF there would destroy %s — name another output", out, in)
	}
	return nil
}
