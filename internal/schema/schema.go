// Package schema compiles regdoc's JSON Schemas (draft 2020-12) once,
// offline, and validates data Documents against them, turning every
// validation failure into a positioned, actionable diagnostic.
//
// JSON Schema libraries report one nested error tree in schema terms
// ("doesn't validate with #/$defs/step"); CI and regulatory writers need
// every individual fault, at a line and column, in plain words ("missing
// required property 'name'", "did you mean 'steps'?"). This package does
// that translation. Schemas never come from the network or from files
// outside the file system they were compiled from, so a build is
// reproducible and runs in a sandbox.
package schema

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/regdoc/regdoc/internal/diag"
)

// Suffix is the file-name ending that marks a schema file.
const Suffix = ".schema.json"

// Set is a compiled collection of schemas, addressed by key. A Set is
// immutable after Compile and safe for concurrent use by many goroutines.
type Set struct {
	schemas map[string]*jsonschema.Schema // key → compiled schema
	fast    map[string]*fastSchema        // key → its fast path, nil when the schema needs v5 alone
	byID    map[string]string             // "$id" (no empty fragment) → key
	byName  map[string]string             // file base name → key
	raw     map[string]any                // resource URL → raw schema document, for messages
	keys    []string
	files   []string // OS paths of every schema file read (CompileFile)
}

// Options control how a user-supplied schema is compiled.
type Options struct {
	// Refs are further schemas (`--ref FILE`, as ajv-cli's -r). A $ref to a
	// URL outside the schema's folder resolves only to one of them, by the
	// URI it carries; nothing is fetched from the network.
	Refs []Ref
	// AnnotateFormats treats "format" as an annotation, draft 2020-12's
	// default: values are not checked against it. regdoc asserts formats
	// unless told otherwise, as CI validators such as check-jsonschema do.
	AnnotateFormats bool
}

// Ref is one schema given besides the main one.
type Ref struct {
	Path string
	// URL is the URI the schema is known by when it has no "$id" of its
	// own (the official test suite serves its remotes that way). Empty for
	// --ref: the schema's absolute "$id" names it.
	URL string
}

// CompileError is returned by Compile and CompileFile when a schema file is
// broken: malformed JSON, not a valid JSON Schema, or a $ref that does not
// resolve. Each problem is a Diagnostic positioned in the schema file, so a
// schema author gets the same file:line:col reports as a data author.
type CompileError struct {
	Diagnostics []diag.Diagnostic
}

// Error lists every diagnostic, one per line.
func (e *CompileError) Error() string {
	lines := make([]string, 0, len(e.Diagnostics)+1)
	lines = append(lines, "schema: compiling the schemas failed:")
	for _, d := range e.Diagnostics {
		lines = append(lines, "  "+d.String())
	}
	return strings.Join(lines, "\n")
}

// Compile compiles every *.schema.json file at the root of fsys (typically
// the embedded schemas/ directory). A schema's key is its file base name,
// e.g. "process.schema.json". References resolve against each schema's
// "$id" (or its place in fsys) and find the other schemas by "$id" or by
// their place in fsys; nothing is fetched from the network or read from
// outside fsys. Format assertions (date, date-time, email, uri, ...) are on.
func Compile(fsys fs.FS) (*Set, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("schema: listing schema files: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), Suffix) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, errors.New("schema: no *" + Suffix + " files at the root of the schema file system")
	}
	sort.Strings(names)
	b := newBuilder(fsys, embeddedFolder)
	var roots []*source
	for _, name := range names {
		s, err := b.loadFile(name)
		if err != nil {
			return nil, err
		}
		if s != nil {
			roots = append(roots, s)
		}
	}
	return b.finish(roots, Options{})
}

// CompileFile compiles one user-supplied schema file (for
// `regdoc validate --schema FILE`) and returns the Set and the schema's
// key. A relative $ref resolves against the schema's base URI — its "$id",
// else the file's own place — and may name any schema file in the
// schema's folder or below it, loaded when referenced; nothing outside
// that folder is read (symbolic links included). A $ref to any other URL
// resolves only to a schema of opt.Refs whose "$id" it names.
func CompileFile(path string, opt Options) (*Set, string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, "", err
	}
	if fi.IsDir() {
		return nil, "", fmt.Errorf("schema: %s is a directory, not a schema file", path)
	}
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, "", err
	}
	root, err := os.OpenRoot(absDir)
	if err != nil {
		return nil, "", err
	}
	defer root.Close()
	b := newBuilder(root.FS(), fileURL(absDir, true))
	b.display = func(n string) string { return filepath.Join(dir, filepath.FromSlash(n)) }
	b.osPath = func(n string) string { return filepath.Join(absDir, filepath.FromSlash(n)) }
	// The --ref schemas first, so the main schema's "$schema" may name one.
	for _, r := range opt.Refs {
		if err := b.loadRef(r); err != nil {
			return nil, "", err
		}
	}
	main, err := b.loadFile(name)
	if err != nil {
		return nil, "", err
	}
	var roots []*source
	if main != nil {
		roots = append(roots, main)
	}
	s, err := b.finish(roots, opt)
	if err != nil {
		return nil, "", err
	}
	return s, name, nil
}

// Lookup resolves ref as written in a data file's "$schema" member to a
// key. ref matches an exact "$id", a key, or any path or URL whose base
// name is a known schema file, so "../schemas/process.schema.json" and
// "https://regdoc.dev/schemas/v1/process.schema.json" both find
// "process.schema.json": data files keep working whether editors resolve
// their "$schema" locally or online.
func (s *Set) Lookup(ref string) (key string, ok bool) {
	ref = strings.TrimSpace(ref)
	if key, ok := s.byID[strings.TrimSuffix(ref, "#")]; ok {
		return key, true
	}
	if _, ok := s.schemas[ref]; ok {
		return ref, true
	}
	if i := strings.IndexAny(ref, "#?"); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndexAny(ref, `/\`); i >= 0 {
		ref = ref[i+1:]
	}
	key, ok = s.byName[ref]
	return key, ok
}

// Keys returns the keys of the compiled schemas, sorted.
func (s *Set) Keys() []string {
	return slices.Clone(s.keys)
}

// Files returns the absolute paths of every schema file the Set was
// compiled from — the schema, the files it references and the --ref
// schemas — so a folder walk can leave them out of the data.
func (s *Set) Files() []string {
	return slices.Clone(s.files)
}
