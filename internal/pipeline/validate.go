package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/internal/schema"
)

// ValidateOptions control Validate.
type ValidateOptions struct {
	Data dataset.Options
	// Schema, when set, validates every file against this one schema key
	// (from schema.CompileFile) instead of the schema each file names.
	Schema string
}

// Validate checks files and folders the way CI does. A folder is walked
// for *.json files (hidden folders and build outputs skipped); a folder or
// file that is a project manifest is checked as a project: manifest, data
// files, reviewer checks, and a dry run of every document's template. It
// returns every file checked and every problem found; err is for usage and
// I/O problems that stop validation.
func Validate(paths []string, set *schema.Set, opt ValidateOptions) ([]string, []diag.Diagnostic, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var files []string
	var ds []diag.Diagnostic
	done := map[string]bool{}
	var standalone []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		if !st.IsDir() {
			standalone = append(standalone, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				name := d.Name()
				if path != p && (strings.HasPrefix(name, ".") || name == "out" || name == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(path, ".json") {
				standalone = append(standalone, path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	// Projects first, so their data files are checked in project context.
	if opt.Schema == "" {
		for _, f := range standalone {
			if filepath.Base(f) != project.ManifestName {
				continue
			}
			pf, pds, err := validateProject(filepath.Dir(f), set, opt.Data)
			if err != nil {
				return nil, nil, err
			}
			for _, x := range pf {
				done[key(x)] = true
			}
			files = append(files, pf...)
			ds = append(ds, pds...)
		}
	}
	var todo []string
	for _, f := range standalone {
		if done[key(f)] {
			continue
		}
		done[key(f)] = true
		todo = append(todo, f)
	}
	fds, err := validateFiles(todo, set, opt)
	if err != nil {
		return nil, nil, err
	}
	files = append(files, todo...)
	ds = append(ds, fds...)
	diag.Sort(ds)
	sort.Strings(files)
	return files, ds, nil
}

func key(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}

// validateFiles checks files on all cores, like kubeconform's worker pool:
// CI validates hundreds of files and each is independent. Results keep the
// files' order; the first I/O error (in file order) wins.
func validateFiles(files []string, set *schema.Set, opt ValidateOptions) ([]diag.Diagnostic, error) {
	type result struct {
		ds  []diag.Diagnostic
		err error
	}
	results := make([]result, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ds, err := validateFile(files[i], set, opt)
				results[i] = result{ds, err}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	var ds []diag.Diagnostic
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		ds = append(ds, r.ds...)
	}
	return ds, nil
}

// validateFile checks one JSON file against the schema it names (or the
// one given with --schema).
func validateFile(path string, set *schema.Set, opt ValidateOptions) ([]diag.Diagnostic, error) {
	doc, ds, err := dataset.Load(path, opt.Data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if doc == nil {
		return ds, nil
	}
	if opt.Schema != "" {
		return append(ds, set.Validate(doc, opt.Schema)...), nil
	}
	obj, isObj := doc.Value.(map[string]any)
	ref, _ := obj["$schema"].(string)
	if !isObj || ref == "" {
		return append(ds, doc.Diag(diag.Error, "schema/missing", "",
			`no "$schema" member: name the file's kind, e.g. "$schema": "https://regdoc.dev/schemas/v1/process.schema.json" (see 'regdoc schemas')`)), nil
	}
	if isMetaSchema(ref) {
		// A JSON Schema, e.g. written by 'regdoc schemas --out' into the
		// project: not data, but it must compile.
		return append(ds, checkSchemaFile(path, doc)...), nil
	}
	k, ok := set.Lookup(ref)
	if !ok {
		return append(ds, doc.Diag(diag.Error, "schema/unknown", "/$schema", fmt.Sprintf("unknown schema %q; regdoc knows %s", ref, strings.Join(set.Keys(), ", ")))), nil
	}
	return append(ds, set.Validate(doc, k)...), nil
}

// validateProject checks a project folder and dry-runs its templates.
func validateProject(dir string, set *schema.Set, opt dataset.Options) ([]string, []diag.Diagnostic, error) {
	files := []string{filepath.Join(dir, project.ManifestName)}
	l, ds, err := Load(dir, set, opt)
	if err != nil {
		return nil, nil, err
	}
	if l == nil {
		return files, ds, nil
	}
	// Every data file the manifest names counts as checked, loaded or not.
	for _, rel := range l.Project.Manifest.Data {
		files = append(files, filepath.Join(dir, filepath.FromSlash(rel)))
	}
	if diag.HasErrors(ds, false) {
		return files, ds, nil
	}
	for i, d := range l.Project.Manifest.Documents {
		if _, err := l.Compose(d); err != nil {
			ds = append(ds, templateDiags(l, i, err)...)
		}
	}
	return files, ds, nil
}

// templateDiags gives a template's problems, positioned in the template
// by mdtemplate, naming the document they belong to; any other error (the
// template cannot be found or read) is placed on the manifest's entry.
func templateDiags(l *Loaded, i int, err error) []diag.Diagnostic {
	d := l.Project.Manifest.Documents[i]
	if ds, ok := diag.FromError(err); ok {
		out := make([]diag.Diagnostic, len(ds))
		for j, p := range ds {
			p.Message = fmt.Sprintf("document %s: %s", d.ID, p.Message)
			out[j] = p
		}
		return out
	}
	return []diag.Diagnostic{l.Project.Doc.Diag(diag.Error, "template/error", fmt.Sprintf("/documents/%d/template", i), err.Error())}
}

// isMetaSchema reports whether a "$schema" names a JSON Schema dialect
// (draft-07, 2019-09, 2020-12 …), i.e. the file is itself a schema.
func isMetaSchema(ref string) bool {
	return strings.HasPrefix(ref, "https://json-schema.org/") || strings.HasPrefix(ref, "http://json-schema.org/")
}

// checkSchemaFile compiles a schema file found among the data, so a broken
// schema beside the data is reported rather than skipped.
func checkSchemaFile(path string, doc *dataset.Document) []diag.Diagnostic {
	_, _, err := schema.CompileFile(path)
	if err == nil {
		return nil
	}
	var ce *schema.CompileError
	if errors.As(err, &ce) {
		return ce.Diagnostics
	}
	return []diag.Diagnostic{doc.Diag(diag.Error, "schema/compile", "", err.Error())}
}
