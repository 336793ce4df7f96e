package pipeline

import (
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/internal/provenance"
	"github.com/regdoc/regdoc/internal/version"
	"github.com/regdoc/regdoc/templates"
)

// record is the provenance of one document: the manifest, every data file
// (a template may show any of them), its template, the fonts and the
// images the typesetter read (images). Every project file is hashed from
// the bytes this build read, never read again.
func (l *Loaded) record(d project.Document, images *readLog) provenance.Record {
	p := l.Project
	rec := provenance.Record{Version: version.Version}
	add := func(role, name string, src []byte) {
		rec.Inputs = append(rec.Inputs, provenance.Input{Role: role, Name: name, SHA256: provenance.Hash(src)})
	}
	add(provenance.RoleManifest, project.ManifestName, p.Doc.Src)
	for _, rel := range p.Manifest.Data {
		if src, err := l.Sources.Read(p.Display(rel)); err == nil {
			add(provenance.RoleData, path.Clean(rel), src)
		}
	}
	if src, err := l.Sources.Read(p.Display(d.Template)); err == nil {
		add(provenance.RoleTemplate, path.Clean(d.Template), src)
	} else if src, err := fs.ReadFile(templates.FS, d.Template); err == nil {
		rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleTemplate, Name: d.Template, SHA256: provenance.Hash(src), Builtin: true})
	}
	rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleFont, Name: provenance.BuiltinFonts, Builtin: true})
	if f := p.Manifest.Font; f != "" && l.font != nil {
		add(provenance.RoleFont, path.Clean(f), l.font)
	}
	for name, sum := range images.files() {
		rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleImage, Name: name, SHA256: sum})
	}
	return rec.Sorted()
}

// stamp adds rec to a typeset PDF (see canvas.Stamp).
func stamp(pdf []byte, rec provenance.Record) ([]byte, error) {
	return canvas.Stamp(pdf, rec)
}

// readLog is an fs.FS that remembers the SHA-256 of every file read
// through it, so a document's record names the images it shows.
type readLog struct {
	fs   fs.FS
	mu   sync.Mutex
	sums map[string]string
}

func newReadLog(fsys fs.FS) *readLog { return &readLog{fs: fsys, sums: map[string]string{}} }

// Open implements fs.FS; only ReadFile records.
func (r *readLog) Open(name string) (fs.File, error) { return r.fs.Open(name) }

// ReadFile implements fs.ReadFileFS.
func (r *readLog) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(r.fs, name)
	if err == nil {
		r.mu.Lock()
		r.sums[name] = provenance.Hash(b)
		r.mu.Unlock()
	}
	return b, err
}

func (r *readLog) files() map[string]string {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]string, len(r.sums))
	for k, v := range r.sums {
		out[k] = v
	}
	return out
}

// renderRecord is the provenance of a PDF 'regdoc render' wrote from the
// Markdown file in (its bytes src): names are relative to the file's
// folder, which 'regdoc verify --project' then names. With --data, the
// project's manifest and data files are inputs too; the fallback font is
// one when it lies in or below that folder.
func renderRecord(in string, src []byte, l *Loaded, fontPath string, font []byte, images *readLog) provenance.Record {
	dir := filepath.Dir(in)
	rel := func(p string) (string, bool) {
		r, err := filepath.Rel(dir, p)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return "", false
		}
		return filepath.ToSlash(r), true
	}
	rec := provenance.Record{Version: version.Version}
	rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleMarkdown, Name: filepath.Base(in), SHA256: provenance.Hash(src)})
	if l != nil {
		p := l.Project
		if name, ok := rel(p.File); ok {
			rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleManifest, Name: name, SHA256: provenance.Hash(p.Doc.Src)})
		}
		for _, d := range p.Manifest.Data {
			b, err := l.Sources.Read(p.Display(d))
			if name, ok := rel(p.Display(d)); ok && err == nil {
				rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleData, Name: name, SHA256: provenance.Hash(b)})
			}
		}
	}
	rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleFont, Name: provenance.BuiltinFonts, Builtin: true})
	if name, ok := rel(fontPath); ok && font != nil {
		rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleFont, Name: name, SHA256: provenance.Hash(font)})
	}
	for name, sum := range images.files() {
		rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleImage, Name: name, SHA256: sum})
	}
	return rec.Sorted()
}
