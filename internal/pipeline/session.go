package pipeline

import (
	"context"
	"path/filepath"
	"slices"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/internal/schema"
	"github.com/regdoc/regdoc/internal/watch"
)

// Session builds one project folder, once or again after every change
// (build --watch): it compiles the schemas once, knows which files of the
// project a build reads, and decides which documents a change affects, so
// the command that runs it only reports.
type Session struct {
	dir string
	set *schema.Set
	opt Options
}

// NewSession prepares to build the project in dir with opt.
func NewSession(dir string, opt Options) (*Session, error) {
	set, err := Compile()
	if err != nil {
		return nil, err
	}
	return &Session{dir: dir, set: set, opt: opt}, nil
}

// Load reads and checks the project as Load does.
func (s *Session) Load() (*Loaded, []diag.Diagnostic, error) {
	return Load(s.dir, s.set, s.opt.Data)
}

// Build builds the loaded project with the session's options, limited to
// only when it is not empty (the documents a change affects). Cancelling
// ctx (Ctrl-C, SIGTERM) stops it and removes its temporary files.
func (s *Session) Build(ctx context.Context, l *Loaded, only []string, progress func(done, total int, id string)) ([]Output, error) {
	opt := s.opt
	if only != nil {
		opt.Only = only
	}
	opt.Progress = progress
	return l.BuildContext(ctx, opt)
}

// Documents lists the documents a build with only (or the session's
// --only, or all) makes, in manifest order.
func (s *Session) Documents(l *Loaded, only []string) []project.Document {
	if only == nil {
		only = s.opt.Only
	}
	if len(only) == 0 {
		return l.Project.Manifest.Documents
	}
	return filterDocs(l.Project.Manifest.Documents, only)
}

// Inputs lists what a build reads from the project folder, for a watcher
// to poll: the manifest, every data file it names and every template a
// document uses that is (or could become) a file of the project,
// overriding the built-in of that name. Without a loaded project (l nil:
// the manifest could not be read) it is the manifest alone.
func (s *Session) Inputs(l *Loaded) []string {
	files := []string{filepath.Join(s.dir, project.ManifestName)}
	if l == nil {
		return files
	}
	p := l.Project
	for _, rel := range p.Manifest.Data {
		if _, err := p.Resolve(rel); err == nil {
			files = append(files, filepath.Join(s.dir, filepath.FromSlash(rel)))
		}
	}
	for _, d := range p.Manifest.Documents {
		if _, err := p.Resolve(d.Template); err == nil {
			files = append(files, filepath.Join(s.dir, filepath.FromSlash(d.Template)))
		}
	}
	// The fallback font draws characters of any document: a change
	// rebuilds them all, as a data file's does.
	if f := p.Manifest.Font; f != "" {
		if _, err := p.Resolve(f); err == nil {
			files = append(files, filepath.Join(s.dir, filepath.FromSlash(f)))
		}
	}
	slices.Sort(files)
	return slices.Compact(files)
}

// Affected names the documents to rebuild after changed (paths as Inputs
// gives them): only those whose template changed when nothing but project
// templates did; nil, meaning all, when the manifest or a data file
// changed, since any document may show them.
func (s *Session) Affected(changed []string) []string {
	l, _, err := s.Load()
	if err != nil || l == nil {
		return nil
	}
	var ids []string
	for _, f := range changed {
		found := false
		for _, d := range l.Project.Manifest.Documents {
			if filepath.Join(s.dir, filepath.FromSlash(d.Template)) == f {
				if len(s.opt.Only) == 0 || slices.Contains(s.opt.Only, d.ID) {
					ids = append(ids, d.ID)
				}
				found = true
			}
		}
		if !found {
			return nil
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return slices.Compact(ids)
}

// Watch polls files until ctx is done and calls onChange with the files
// that changed. files is asked again after every change, so a manifest
// that names a new data file brings it under watch.
func (s *Session) Watch(ctx context.Context, files func() []string, onChange func(changed []string)) error {
	return watch.Run(ctx, watch.Options{Files: files}, onChange)
}

// Relative names a file of the project relative to its folder, as a
// writer sees it in the project.
func (s *Session) Relative(f string) string {
	if r, err := filepath.Rel(s.dir, f); err == nil {
		return filepath.ToSlash(r)
	}
	return f
}

// ValidatePaths is Validate with the schemas found for the caller: the
// built-in ones, or, with opt.SchemaFile set, that one JSON Schema for
// every file, with refs the further schema files its remote $refs find by
// their "$id" (--ref).
func ValidatePaths(paths []string, opt ValidateOptions, refs []string) ([]string, []diag.Diagnostic, error) {
	for _, r := range refs {
		opt.Schema.Refs = append(opt.Schema.Refs, schema.Ref{Path: r})
	}
	var set *schema.Set
	if opt.SchemaFile == "" {
		var err error
		if set, err = Compile(); err != nil {
			return nil, nil, err
		}
	}
	return Validate(paths, set, opt)
}
