package pipeline

import (
	"errors"
	"io/fs"
	"strings"
	"sync"

	"github.com/regdoc/regdoc/templates"
)

// Sources keeps the bytes of the files a run read — manifest, data files,
// templates — by the name its diagnostics give them, so the error printer
// quotes exactly what was checked instead of opening the file again (which
// could meanwhile be another file, a symbolic link out of the project or
// a FIFO). Safe for concurrent use.
type Sources struct {
	mu    sync.Mutex
	files map[string][]byte
}

// NewSources returns an empty set, to pass in ValidateOptions.
func NewSources() *Sources { return &Sources{files: map[string][]byte{}} }

func (s *Sources) add(file string, src []byte) {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.files[file] = src
	s.mu.Unlock()
}

func (s *Sources) merge(o *Sources) {
	if s == nil || o == nil || s == o {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for f, b := range o.files {
		s.add(f, b)
	}
}

// Read returns the bytes read for file, or a built-in template's text
// (report.TextOptions.Source); for any other file, fs.ErrNotExist, and the
// printer opens the file itself (report.TextOptions.Open).
func (s *Sources) Read(file string) ([]byte, error) {
	if s != nil {
		s.mu.Lock()
		b, ok := s.files[file]
		s.mu.Unlock()
		if ok {
			return b, nil
		}
	}
	if name, ok := strings.CutPrefix(file, "templates/"); ok {
		if b, err := fs.ReadFile(templates.FS, name); err == nil {
			return b, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, fs.ErrNotExist
}
