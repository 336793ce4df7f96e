package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/examples"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/schemas"
	"github.com/regdoc/regdoc/templates"
)

// ProjectSchemaDir is where a new project keeps the schemas: hidden, so
// `regdoc validate DIR` does not take them for data files, and out of the
// writer's way.
const ProjectSchemaDir = ".regdoc/schemas"

// schemaRef matches a data file's "$schema" member so Init can point it at
// the schemas written beside the project.
var schemaRef = regexp.MustCompile(`("\$schema":\s*")[^"]*/([a-z-]+\.schema\.json")`)

// Scaffold is what Init created.
type Scaffold struct {
	Dir     string
	Example string
	// DataFiles are the data files, relative to Dir, in the example's order.
	DataFiles []string
	Schemas   int
	// Files are every file Init wrote, relative to Dir with "/", sorted:
	// what 'regdoc init' lists, so a writer meets no file it did not
	// announce.
	Files []string
}

// IgnoredOutputs are the folders a new project's .gitignore keeps out of
// version control: the build's default output folder and the one the
// documentation's CI recipes write to with -o. Generated PDFs are rebuilt
// from the data, never committed.
var IgnoredOutputs = []string{"out/", "dist/"}

// Init creates a new project in dir from an example: the manifest, the data
// files (each naming its schema in "$schema"), the schemas in
// ProjectSchemaDir, VS Code settings mapping each data file to its schema,
// a .gitignore and a README. dir must not exist or be an empty folder; no
// file is ever overwritten, and when writing fails part-way the files
// written so far are removed again.
func Init(dir, example string) (*Scaffold, error) {
	if strings.TrimSpace(dir) == "" {
		return nil, refusef("init needs the name of a folder to create, as in 'regdoc init my-product'")
	}
	if !slices.Contains(examples.Names(), example) {
		msg := fmt.Sprintf("no example %q; choose %s", example, strings.Join(examples.Names(), " or "))
		if s, ok := diag.Closest(example, examples.Names()); ok {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return nil, refusef("%s", msg)
	}
	if err := mustBeEmpty(dir); err != nil {
		return nil, err
	}
	files, sc, err := scaffoldFiles(dir, example)
	if err != nil {
		return nil, err
	}
	w := &newFiles{}
	for _, f := range files {
		if err := w.write(filepath.Join(dir, filepath.FromSlash(f.rel)), f.data); err != nil {
			w.undo()
			return nil, err
		}
	}
	return sc, nil
}

// mustBeEmpty refuses a dir that holds anything, or is not a folder.
func mustBeEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
			return refusef("%s is a file, not a folder; init creates a new project folder — choose a new name", dir)
		}
		return ioFailure(err)
	case len(entries) > 0:
		return refusef("%s exists and is not empty; init never overwrites files — choose a new folder", dir)
	}
	return nil
}

type scaffoldFile struct {
	rel  string
	data []byte
}

// scaffoldFiles lays out a new project in memory.
func scaffoldFiles(dir, example string) ([]scaffoldFile, *Scaffold, error) {
	sc := &Scaffold{Dir: dir, Example: example}
	var files []scaffoldFile
	var manifest []byte
	err := fs.WalkDir(examples.FS, example, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, example+"/")
		b, err := fs.ReadFile(examples.FS, p)
		if err != nil {
			return err
		}
		// Data files refer to the schemas written into the project.
		prefix := strings.Repeat("../", strings.Count(rel, "/")) + ProjectSchemaDir + "/"
		b = schemaRef.ReplaceAll(b, []byte("${1}"+prefix+"${2}"))
		if strings.HasPrefix(rel, "data/") {
			sc.DataFiles = append(sc.DataFiles, rel)
		}
		if rel == project.ManifestName {
			manifest = b
		}
		files = append(files, scaffoldFile{rel, b})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	for _, n := range SchemaFiles() {
		b, err := fs.ReadFile(schemas.FS, n)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, scaffoldFile{ProjectSchemaDir + "/" + n, b})
	}
	sc.Schemas = len(SchemaFiles())
	settings, err := vscodeSettings(manifest)
	if err != nil {
		return nil, nil, err
	}
	name := filepath.Base(filepath.Clean(dir))
	if name == "." || name == string(filepath.Separator) {
		if wd, err := os.Getwd(); err == nil {
			name = filepath.Base(wd)
		}
	}
	files = append(files,
		scaffoldFile{".vscode/settings.json", settings},
		scaffoldFile{".gitignore", []byte("# regdoc build output: the default folder and the one CI builds into with -o\n" + strings.Join(IgnoredOutputs, "\n") + "\n")},
		scaffoldFile{"README.md", fmt.Appendf(nil, projectReadme, name, example)},
	)
	for _, f := range files {
		sc.Files = append(sc.Files, f.rel)
	}
	slices.Sort(sc.Files)
	return files, sc, nil
}

// vscodeSettings maps every data file of the new project, and the
// manifest, to its schema for VS Code (json.schemas), so the editor checks
// them even where "$schema" is removed.
func vscodeSettings(manifest []byte) ([]byte, error) {
	var m struct {
		Data map[string]string `json:"data"`
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, fmt.Errorf("example manifest: %w", err)
	}
	type assoc struct {
		FileMatch []string `json:"fileMatch"`
		URL       string   `json:"url"`
	}
	list := []assoc{{[]string{project.ManifestName}, "./" + ProjectSchemaDir + "/manifest.schema.json"}}
	names := slices.Sorted(maps.Keys(m.Data))
	for _, name := range names {
		k, ok := model.KindNamed(name)
		if !ok {
			return nil, fmt.Errorf("example manifest: unknown data kind %q", name)
		}
		list = append(list, assoc{[]string{m.Data[name]}, "./" + ProjectSchemaDir + "/" + k.Schema})
	}
	out, err := json.MarshalIndent(map[string]any{"json.schemas": list}, "", "  ")
	return append(out, '\n'), err
}

// ExportTemplates writes the built-in templates into dir as a starting
// point for a writer's own. A file that exists is never replaced unless
// force is set: without it, every such file is named and nothing is
// written. It returns the files written.
func ExportTemplates(dir string, force bool) ([]string, error) {
	names, err := TemplateNames()
	if err != nil {
		return nil, err
	}
	return export(dir, templates.FS, names, force, "templates")
}

// ExportSchemas writes the built-in schemas into dir, for editors that
// check data files offline. Schemas are regdoc's, not the writer's, so an
// older copy is replaced: that is how a project takes up a new release.
func ExportSchemas(dir string) ([]string, error) {
	return export(dir, schemas.FS, SchemaFiles(), true, "schemas")
}

// WriteDataReference writes the data reference (DataReference) to path.
func WriteDataReference(path string) error {
	md, err := DataReference()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return ioFailure(err)
	}
	return ioFailure(WriteAtomic(path, md))
}

// export copies names from fsys into dir.
func export(dir string, fsys fs.FS, names []string, replace bool, what string) ([]string, error) {
	if strings.TrimSpace(dir) == "" {
		return nil, refusef("--out needs a folder")
	}
	paths := make([]string, len(names))
	var existing []string
	for i, n := range names {
		paths[i] = filepath.Join(dir, filepath.FromSlash(n))
		if _, err := os.Lstat(paths[i]); err == nil {
			existing = append(existing, paths[i])
		}
	}
	if len(existing) > 0 && !replace {
		return nil, refusef("%s already %s; nothing was written. Use --force to replace %s with the built-in %s",
			listed(existing), map[bool]string{true: "exists", false: "exist"}[len(existing) == 1],
			map[bool]string{true: "it", false: "them"}[len(existing) == 1], what)
	}
	created := &newFiles{}
	for i, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err == nil && replace {
			if err = os.MkdirAll(filepath.Dir(paths[i]), 0o755); err == nil {
				err = ioFailure(WriteAtomic(paths[i], b))
			}
		} else if err == nil {
			// Created, never replaced: a file that appeared since the
			// check above is refused too.
			err = created.write(paths[i], b)
		}
		if err != nil {
			created.undo()
			return nil, classed(IO, err)
		}
	}
	return paths, nil
}

// listed names up to three paths and counts the rest.
func listed(paths []string) string {
	if len(paths) <= 3 {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:3], ", "), len(paths)-3)
}

// newFiles creates files that must not exist yet, remembering them so a
// failure part-way can take them back.
type newFiles struct {
	files, dirs []string
}

func (w *newFiles) write(p string, data []byte) error {
	if err := w.mkdirs(filepath.Dir(p)); err != nil {
		return err
	}
	// O_EXCL: a file that appeared since the folder was found empty is
	// refused, not replaced.
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if errors.Is(err, fs.ErrExist) {
		return refusef("%s appeared while regdoc was writing beside it; it was left as it is", p)
	}
	if err != nil {
		return ioFailure(err)
	}
	w.files = append(w.files, p)
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return ioFailure(err)
}

// mkdirs creates dir and its missing parents, remembering each it created.
func (w *newFiles) mkdirs(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := w.mkdirs(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o777); err != nil && !errors.Is(err, fs.ErrExist) {
		return ioFailure(err)
	}
	w.dirs = append(w.dirs, dir)
	return nil
}

// undo removes what write created, newest first. Folders go only when
// empty, so nothing else is ever removed.
func (w *newFiles) undo() {
	for _, f := range slices.Backward(w.files) {
		os.Remove(f)
	}
	for _, d := range slices.Backward(w.dirs) {
		os.Remove(d)
	}
}

// projectReadme is the README of a new project: %s the project's name,
// %s the example it started from.
const projectReadme = `# %s

A regdoc project, started from the %s example. Its data are illustrative:
replace them with your own before any document leaves your desk.

## What is here

- regdoc.json — the manifest: project name, sponsor, author, the document
  date, the confidentiality line of every footer, and the documents to
  build (CTD Module 3 sections and a patent exhibit), each with its
  template and output file. The product's own name is in
  data/process.json, under "product".
- data/*.json — the facts: the process with its steps, parameters and
  in-process controls; the specification; the batch results; the viral
  clearance studies. Numbers are written once here and computed into every
  document.
- .regdoc/schemas/ — the JSON Schemas of those files. Each data file names
  its schema in "$schema", so VS Code and other editors complete field names
  and flag mistakes as you type, offline.
- out/ — the PDFs, written by 'regdoc build'; .gitignore keeps them (and
  dist/, where CI builds) out of git, since they are rebuilt from the data.

## From data to a first draft

1. Edit a data file, e.g. data/process.json, in any text editor.
2. Check it:

       regdoc validate

   Every problem is listed with its file:line:col, the offending line and a
   caret under the spot, and what to change ("did you mean 'steps'?", the
   allowed values, the allowed range).
3. Build the documents:

       regdoc build            # PDFs in out/, one line per document
       regdoc build --watch    # rebuilds within a second of every save

Once the data are real, set "illustrative": false in regdoc.json and
replace the example's "confidentiality" line ("CONFIDENTIAL — illustrative
example") with your own; set "status": "final" when the draft watermark
should go.

More: 'regdoc --help', 'regdoc build --help', and the guides in regdoc's
docs/ folder (getting started, data reference, templates, CI).
`
