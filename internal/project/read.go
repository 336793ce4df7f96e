package project

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/regdoc/regdoc/internal/safefile"
)

// Read limits for the files regdoc reads besides data files (whose limit
// is dataset.Options.MaxBytes, 10 MiB by default). They are far above any
// real template or image and keep a mistaken or hostile file from
// filling memory; a file over its limit is refused before it is read.
const (
	// MaxTemplateBytes is the largest template file read, and the
	// largest Markdown file 'regdoc render' reads.
	MaxTemplateBytes = 4 << 20
	// MaxImageBytes is the largest image file read.
	MaxImageBytes = 32 << 20
	// MaxFontBytes is the largest fallback font read (the manifest's
	// "font", 'regdoc render --font'): a CJK font is some 20 MB.
	MaxFontBytes = 64 << 20
)

// ReadFile reads the project file rel (a path as the manifest writes it)
// through the project's root, refusing anything but a regular file and
// anything over limit. Errors name the file as the user reaches it.
func (p *Project) ReadFile(rel string, limit int64) ([]byte, error) {
	return safefile.ReadIn(p.root, rel, p.Display(rel), limit)
}

// Display names a project path as the user reaches it (relative to where
// regdoc was started, or absolute), e.g. "my-product/data/process.json".
func (p *Project) Display(rel string) string {
	return filepath.Join(filepath.Dir(p.File), filepath.FromSlash(rel))
}

// Folder is the project folder as an os.Root: every name opened through
// it stays inside the project.
func (p *Project) Folder() *os.Root { return p.root }

// FolderFS is dir as an fs.FS for images: every name is opened through an
// os.Root of dir, refused unless a regular file, and read through
// MaxImageBytes. 'regdoc build' uses the project's folder, 'regdoc render'
// the Markdown file's.
func FolderFS(dir string) (fs.FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return safefile.FS(r, MaxImageBytes), nil
}

// FS is the project folder as an fs.FS for the typesetter's images (see
// FolderFS).
func (p *Project) FS() fs.FS { return safefile.FS(p.root, MaxImageBytes) }
