package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/examples"
	"github.com/regdoc/regdoc/internal/pipeline"
	"github.com/regdoc/regdoc/schemas"
)

// schemaDir is where init writes the schemas inside a project: hidden, so
// `regdoc validate DIR` does not take the schemas for data files, and out
// of the writer's way.
const schemaDir = ".regdoc/schemas"

// schemaRef matches a data file's "$schema" member so init can point it at
// the schemas written beside the project.
var schemaRef = regexp.MustCompile(`("\$schema":\s*")[^"]*/([a-z-]+\.schema\.json")`)

var initHelp = help{
	usage: "regdoc init DIR [--example ivig-liquid|mab-ds|albumin-20]",
	about: `Create a new project in DIR (which must not exist or be empty) from one of
the worked examples, ready to validate and build at once: the manifest
regdoc.json, the data files (each naming its schema in "$schema"), the JSON
Schemas in .regdoc/schemas so editors complete and check the data offline,
VS Code settings that map each data file to its schema, and a short README
that says what to do next. Nothing is ever overwritten.`,
	examples: `  regdoc init my-product                     a liquid IVIG from human plasma
  regdoc init my-mab --example mab-ds         a monoclonal antibody drug substance from a cell bank
  regdoc init my-alb --example albumin-20     human albumin 20 % from plasma, with templates of its own
`,
}

func runInit(e env, args []string) error {
	fset := newFlags(e, "init", initHelp)
	ex := fset.String("example", "ivig-liquid", "`example` to start from: "+strings.Join(examples.Names, " or "))
	pos, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"init takes one folder to create, as in 'regdoc init my-product'"}
	}
	if !slices.Contains(examples.Names, *ex) {
		msg := fmt.Sprintf("--example %q: choose %s", *ex, strings.Join(examples.Names, " or "))
		if s := closest(*ex, examples.Names); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return usageError{msg}
	}
	dir := pos[0]
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s exists and is not empty; init never overwrites files — choose a new folder", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	var dataFiles []string
	err = fs.WalkDir(examples.FS, *ex, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, *ex+"/")
		b, err := fs.ReadFile(examples.FS, p)
		if err != nil {
			return err
		}
		// Data files refer to the schemas written into DIR/.regdoc/schemas.
		prefix := strings.Repeat("../", strings.Count(rel, "/")) + schemaDir + "/"
		b = schemaRef.ReplaceAll(b, []byte("${1}"+prefix+"${2}"))
		if strings.HasPrefix(rel, "data/") {
			dataFiles = append(dataFiles, rel)
		}
		return writeNew(filepath.Join(dir, filepath.FromSlash(rel)), b)
	})
	if err != nil {
		return err
	}
	names, _ := fs.Glob(schemas.FS, "*.schema.json")
	for _, n := range names {
		b, _ := fs.ReadFile(schemas.FS, n)
		if err := writeNew(filepath.Join(dir, filepath.FromSlash(schemaDir), n), b); err != nil {
			return err
		}
	}
	settings, err := vscodeSettings(dir)
	if err != nil {
		return err
	}
	name := path.Base(filepath.ToSlash(filepath.Clean(dir)))
	if name == "." || name == "/" {
		if wd, err := os.Getwd(); err == nil {
			name = filepath.Base(wd)
		}
	}
	files := map[string]string{
		".vscode/settings.json": settings,
		".gitignore":            "# regdoc build output\nout/\n",
		"README.md":             fmt.Sprintf(projectReadme, name, *ex),
	}
	for _, rel := range []string{".vscode/settings.json", ".gitignore", "README.md"} {
		if err := writeNew(filepath.Join(dir, filepath.FromSlash(rel)), []byte(files[rel])); err != nil {
			return err
		}
	}
	st := style(e.color(e.stdout))
	where := dir
	if filepath.Clean(dir) == "." {
		where = "a project in this folder"
	}
	fmt.Fprintf(e.stdout, "%s %s from the %s example:\n", st.green("Created"), where, *ex)
	kinds := make([]string, len(dataFiles))
	for i, f := range dataFiles {
		kinds[i] = strings.TrimSuffix(path.Base(f), ".json")
	}
	for _, row := range [][2]string{
		{"regdoc.json", "the manifest: product, dates and the documents to build"},
		{"data/", plural(len(dataFiles), "data file") + ": " + strings.Join(kinds, ", ")},
		{schemaDir + "/", plural(len(names), "JSON Schema") + ", so editors complete and check the data offline"},
		{".vscode/settings.json", "maps each data file to its schema in VS Code"},
		{"README.md", "what to do next, for the writer"},
	} {
		fmt.Fprintf(e.stdout, "  %-24s %s\n", row[0], row[1])
	}
	fmt.Fprintln(e.stdout, "\nNext:")
	if filepath.Clean(dir) != "." {
		fmt.Fprintf(e.stdout, "  cd %s\n", dir)
	}
	fmt.Fprint(e.stdout, "  regdoc validate          check the data\n")
	fmt.Fprint(e.stdout, "  regdoc build             write the PDFs into out/\n")
	fmt.Fprint(e.stdout, "  regdoc build --watch     rebuild as you edit the data\n")
	return nil
}

// vscodeSettings maps every data file of the new project, and the
// manifest, to its schema for VS Code (json.schemas), so the editor checks
// them even where "$schema" is removed.
func vscodeSettings(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "regdoc.json"))
	if err != nil {
		return "", err
	}
	var m struct {
		Data map[string]string `json:"data"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return "", fmt.Errorf("example manifest: %w", err)
	}
	type assoc struct {
		FileMatch []string `json:"fileMatch"`
		URL       string   `json:"url"`
	}
	list := []assoc{{[]string{"regdoc.json"}, "./" + schemaDir + "/manifest.schema.json"}}
	kinds := make([]string, 0, len(m.Data))
	for k := range m.Data {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		list = append(list, assoc{[]string{m.Data[k]}, "./" + schemaDir + "/" + strings.ReplaceAll(k, "_", "-") + ".schema.json"})
	}
	out, err := json.MarshalIndent(map[string]any{"json.schemas": list}, "", "  ")
	return string(out) + "\n", err
}

func writeNew(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return pipeline.WriteAtomic(path, b)
}

const projectReadme = `# %s

A regdoc project, started from the %s example. Its data are illustrative:
replace them with your own before any document leaves your desk.

## What is here

- regdoc.json — the manifest: product name, sponsor, author, the document
  date, and the documents to build (CTD Module 3 sections and a patent
  exhibit), each with its template and output file.
- data/*.json — the facts: the process with its steps, parameters and
  in-process controls; the specification; the batch results; the viral
  clearance studies. Numbers are written once here and computed into every
  document.
- .regdoc/schemas/ — the JSON Schemas of those files. Each data file names
  its schema in "$schema", so VS Code and other editors complete field names
  and flag mistakes as you type, offline.
- out/ — the PDFs, written by 'regdoc build'.

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

Set "illustrative": false in regdoc.json once the data are real, and
"status": "final" when the draft watermark should go.

More: 'regdoc --help', 'regdoc build --help', and the guides in regdoc's
docs/ folder (getting started, data reference, templates, CI).
`
