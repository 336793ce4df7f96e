package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/regdoc/regdoc/examples"
	"github.com/regdoc/regdoc/internal/build"
	"github.com/regdoc/regdoc/schemas"
)

// schemaRef matches a data file's "$schema" member so init can point it at
// the schemas written beside the project.
var schemaRef = regexp.MustCompile(`("\$schema":\s*")[^"]*/([a-z-]+\.schema\.json")`)

func runInit(e env, args []string) error {
	fset := newFlags(e, "init", "regdoc init DIR [--example ivig-liquid|mab-ds]",
		"  regdoc init my-product\n  regdoc init my-mab --example mab-ds\n")
	ex := fset.String("example", "ivig-liquid", "example to start from: "+strings.Join(examples.Names, " or "))
	pos, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"init takes one folder to create"}
	}
	known := false
	for _, n := range examples.Names {
		known = known || n == *ex
	}
	if !known {
		return usageError{fmt.Sprintf("--example %q: choose %s", *ex, strings.Join(examples.Names, " or "))}
	}
	dir := pos[0]
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s exists and is not empty; init never overwrites files — choose a new folder", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	var files []string
	err = fs.WalkDir(examples.FS, *ex, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, *ex+"/")
		b, err := fs.ReadFile(examples.FS, p)
		if err != nil {
			return err
		}
		// Data files refer to the schemas written into DIR/schemas.
		prefix := strings.Repeat("../", strings.Count(rel, "/")) + "schemas/"
		b = schemaRef.ReplaceAll(b, []byte("${1}"+prefix+"${2}"))
		files = append(files, rel)
		return writeNew(filepath.Join(dir, filepath.FromSlash(rel)), b)
	})
	if err != nil {
		return err
	}
	names, _ := fs.Glob(schemas.FS, "*.schema.json")
	for _, n := range names {
		b, _ := fs.ReadFile(schemas.FS, n)
		if err := writeNew(filepath.Join(dir, "schemas", n), b); err != nil {
			return err
		}
	}
	readme := fmt.Sprintf(projectReadme, path.Base(filepath.ToSlash(dir)), *ex)
	if err := writeNew(filepath.Join(dir, "README.md"), []byte(readme)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "created %s from the %s example (%d data files, %d schemas)\n", dir, *ex, len(files)-1, len(names))
	fmt.Fprintf(e.stdout, "next:\n  regdoc validate %s\n  regdoc build %s\n", dir, dir)
	return nil
}

func writeNew(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return build.WriteAtomic(path, b)
}

const projectReadme = `# %s

A regdoc project, started from the %s example. Its data are illustrative:
replace them with your own before any document leaves your desk.

- regdoc.json names the data files and the documents to build.
- data/*.json hold the facts: the process, specification, batches and
  viral clearance studies. Each names its schema in "$schema", so VS Code
  and other editors complete and check fields as you type, offline.
- schemas/ holds those schemas; regenerate them with 'regdoc schemas --out schemas'.

Check the data, then build the PDFs into out/:

    regdoc validate .
    regdoc build .

'regdoc validate' prints every problem as file:line:col with what to change.
Set "illustrative": false in regdoc.json once the data are real.
`
