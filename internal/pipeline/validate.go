package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/regdoc/regdoc/internal/checks"
	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/internal/schema"
)

// ValidateOptions control Validate.
type ValidateOptions struct {
	Data dataset.Options
	// Sources, when set, receives the bytes of every project file read
	// (manifest, data, templates), for the error printer to quote.
	Sources *Sources
	// SchemaFile, when set, validates every file against this JSON Schema
	// (`--schema`) instead of the schema each file names. A folder walk
	// then leaves out the schema and every file it reads.
	SchemaFile string
	// Schema holds what compiling SchemaFile needs besides the file:
	// --ref schemas and whether formats are asserted.
	Schema schema.Options
	// Exclude holds glob patterns (`--exclude`) a folder walk leaves out:
	// a pattern without "/" matches a file or folder name anywhere
	// ("package.json", "*.lock.json", "fixtures"); one with "/" matches the
	// path below the walked folder ("test/fixtures/*", "vendor/**").
	Exclude []string
	// Skipped, when set, is told every JSON file a folder walk found but
	// did not check, and why, in path order once validation is done.
	Skipped func(path, reason string)
	// Partly, when set, is told every file of a project that was not
	// checked in full — not read at all, or read while errors kept later
	// checks from running — and why, in path order once validation is
	// done, so no such file is called "ok".
	Partly func(FileNote)
}

// neverData are folders that hold editor and tool settings, never data:
// 'regdoc init' writes its own files there.
var neverData = map[string]bool{".regdoc": true, ".vscode": true}

// walked is one JSON file a folder walk found.
type walked struct {
	path   string
	walked bool // found by walking, not named on the command line
}

// Validate checks files and folders the way CI does. A folder is walked
// for *.json files (hidden folders, build outputs and --exclude patterns
// skipped); a folder or file that is a project manifest is checked as a
// project: manifest, data files, reviewer checks, and a dry run of every
// document's template. A JSON file found by walking that names no regdoc
// schema (package.json, renovate.json) is not data: it is skipped, not
// reported. It returns every file checked and every problem found —
// including a --schema that does not compile, so it reaches every report
// format; err is for usage and I/O problems that stop validation.
func Validate(paths []string, set *schema.Set, opt ValidateOptions) ([]string, []diag.Diagnostic, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	skip := map[string]bool{}
	schemaKey := "" // the --schema's key in set; "" when each file names its schema
	if opt.SchemaFile != "" {
		s, k, err := schema.CompileFile(opt.SchemaFile, opt.Schema)
		var ce *schema.CompileError
		if errors.As(err, &ce) {
			return []string{opt.SchemaFile}, ce.Diagnostics, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("--schema %s: %w", opt.SchemaFile, err)
		}
		set, schemaKey = s, k
		for _, f := range s.Files() {
			skip[f] = true
		}
	}
	for _, pat := range opt.Exclude {
		if _, err := path.Match(pat, ""); err != nil {
			return nil, nil, fmt.Errorf("--exclude %q: %w", pat, err)
		}
	}
	var files []string
	var ds []diag.Diagnostic
	done := map[string]bool{}
	var standalone []walked
	var skipped []skippedFile
	var partial []FileNote
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, missingPath(p, err)
		}
		if !st.IsDir() {
			if inNeverData(p) {
				skipped = append(skipped, skippedFile{p, "editor and tool settings, not data"})
				continue
			}
			standalone = append(standalone, walked{p, false})
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path == p {
				return nil
			}
			rel, _ := filepath.Rel(p, path)
			if d.IsDir() {
				name := d.Name()
				if strings.HasPrefix(name, ".") || name == "out" || name == "node_modules" || excluded(opt.Exclude, rel, true) {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".json") {
				return nil
			}
			switch {
			case excluded(opt.Exclude, rel, false):
				skipped = append(skipped, skippedFile{path, "matches --exclude"})
			case skip[key(path)]:
				skipped = append(skipped, skippedFile{path, "the --schema or a schema it references"})
			default:
				standalone = append(standalone, walked{path, true})
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	// Projects first, so their data files are checked in project context.
	if opt.SchemaFile == "" {
		for _, f := range standalone {
			if filepath.Base(f.path) != project.ManifestName {
				continue
			}
			pf, pds, notes, err := validateProject(filepath.Dir(f.path), set, opt.Data, opt.Sources)
			if err != nil {
				return nil, nil, err
			}
			for _, n := range notes {
				done[key(n.Path)] = true
			}
			partial = append(partial, notes...)
			for _, x := range pf {
				done[key(x)] = true
			}
			files = append(files, pf...)
			ds = append(ds, pds...)
		}
	}
	var todo []walked
	for _, f := range standalone {
		if done[key(f.path)] {
			continue
		}
		done[key(f.path)] = true
		todo = append(todo, f)
	}
	results := validateFiles(todo, set, schemaKey, opt)
	if opt.SchemaFile == "" {
		// A data file of a project, checked alone (a pre-commit hook
		// passes the files that changed), is also checked against the
		// rest of its project, as CI would.
		ctx := projectContexts{set: set, opt: opt.Data, sources: opt.Sources, loaded: map[string]*projectContext{}, above: map[string]string{}}
		for i, f := range todo {
			if results[i].skip != "" || results[i].err != nil {
				continue
			}
			results[i].ds = append(results[i].ds, ctx.involving(f.path)...)
		}
	}
	var unread []error
	for i, r := range results {
		if r.err != nil {
			// One file that cannot be read does not hide the others'
			// problems: it is an error line of its own.
			d, note := unreadable(todo[i].path, r.err)
			ds, partial = append(ds, d), append(partial, note)
			unread = append(unread, r.err)
			continue
		}
		if r.skip != "" {
			skipped = append(skipped, skippedFile{todo[i].path, r.skip})
			continue
		}
		files = append(files, todo[i].path)
		ds = append(ds, r.ds...)
	}
	diag.Sort(ds)
	// A broken schema beside others is read again for each of them.
	ds = slices.Compact(ds)
	sort.Strings(files)
	if opt.Skipped != nil {
		sort.Slice(skipped, func(i, j int) bool { return skipped[i].path < skipped[j].path })
		for _, s := range skipped {
			opt.Skipped(s.path, s.reason)
		}
	}
	if opt.Partly != nil {
		sort.Slice(partial, func(i, j int) bool { return partial[i].Path < partial[j].Path })
		for _, n := range partial {
			opt.Partly(n)
		}
	}
	if len(unread) > 0 {
		// Reported with the rest, and still an I/O failure (exit 2).
		return files, ds, &Error{Class: IO, Err: &unreadError{n: len(unread), first: unread[0]}}
	}
	return files, ds, nil
}

type skippedFile struct{ path, reason string }

// inNeverData reports whether p lies in a folder of editor or tool
// settings.
func inNeverData(p string) bool {
	for _, part := range strings.Split(filepath.ToSlash(filepath.Clean(p)), "/") {
		if neverData[part] {
			return true
		}
	}
	return false
}

// excluded reports whether rel (a path below the walked folder) matches an
// --exclude pattern; see ValidateOptions.Exclude.
func excluded(patterns []string, rel string, dir bool) bool {
	rel = filepath.ToSlash(rel)
	name := path.Base(rel)
	for _, pat := range patterns {
		pat = strings.TrimPrefix(pat, "./")
		if !strings.Contains(strings.TrimSuffix(pat, "/"), "/") {
			if ok, _ := path.Match(strings.TrimSuffix(pat, "/"), name); ok && (dir || !strings.HasSuffix(pat, "/")) {
				return true
			}
			continue
		}
		if folder, ok := strings.CutSuffix(pat, "/**"); ok {
			if m, _ := path.Match(folder, rel); m && dir {
				return true
			}
			continue
		}
		if ok, _ := path.Match(pat, rel); ok {
			return true
		}
	}
	return false
}

func key(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}

// Garbage-collector pacing while a batch of files is validated; see
// validateFiles.
const (
	batchGCPercent   = 400
	batchMemoryLimit = 48 << 20
)

// fileResult is what validating one file gave: its problems, or why it
// was not data after all.
type fileResult struct {
	ds   []diag.Diagnostic
	skip string
	err  error
}

// validateFiles checks files on all cores, like kubeconform's worker pool:
// CI validates hundreds of files and each is independent. Results keep the
// files' order; a file that cannot be read has its error in its result.
func validateFiles(files []walked, set *schema.Set, key string, opt ValidateOptions) []fileResult {
	if len(files) > 1 && os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		// Each file's value tree is garbage once checked, and the live heap
		// stays small (a file per worker), so the collector, paced at 100 %
		// of it, would run every few files and take a fifth of the time.
		// For the batch it may let the heap grow to five times live, under
		// a soft limit well below what a CI job is given.
		defer debug.SetGCPercent(debug.SetGCPercent(batchGCPercent))
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(batchMemoryLimit))
	}
	results := make([]fileResult, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = validateFile(files[i], set, key, opt.Data)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// validateFile checks one JSON file against the schema it names (or the
// one given with --schema, whose key is key). A file found by walking that
// names no regdoc schema is not data: it is skipped.
func validateFile(f walked, set *schema.Set, key string, opt dataset.Options) fileResult {
	path := f.path
	doc, ds, err := dataset.Load(path, opt)
	if err != nil {
		return fileResult{err: err}
	}
	if doc == nil {
		return fileResult{ds: ds}
	}
	if key != "" {
		return fileResult{ds: append(ds, set.Validate(doc, key)...)}
	}
	ref, k, problem := declaredSchema(set, doc)
	if f.walked && !namesRegdocSchema(ref) {
		why := `names no regdoc schema ("$schema" ` + strconv.Quote(ref) + ")"
		if ref == "" {
			why = `names no regdoc schema (no "$schema" member)`
		}
		return fileResult{skip: why}
	}
	if ref == "" {
		return fileResult{ds: append(ds, doc.Diag(diag.Error, "schema/missing", "",
			`no "$schema" member: name the file's kind, e.g. "$schema": "https://regdoc.dev/schemas/v1/process.schema.json" (see 'regdoc schemas')`))}
	}
	if isMetaSchema(ref) {
		// A JSON Schema, e.g. written by 'regdoc schemas --out' into the
		// project: not data, but it must compile.
		return fileResult{ds: append(ds, checkSchemaFile(path, doc)...)}
	}
	if problem != nil {
		return fileResult{ds: append(ds, problem...)}
	}
	return fileResult{ds: append(ds, set.Validate(doc, k)...)}
}

// namesRegdocSchema reports whether a "$schema" value is meant for regdoc:
// a JSON Schema dialect (the file is a schema, checked as one), a
// regdoc.dev URL, or a relative path to a *.schema.json file. Other tools'
// files name their own schemas by absolute URL (renovate.json,
// package.json from schemastore) or none at all.
func namesRegdocSchema(ref string) bool {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return false
	}
	if isMetaSchema(ref) {
		return true
	}
	u, err := url.Parse(ref)
	if err != nil || u.Scheme == "" || len(u.Scheme) == 1 {
		// A relative path (or a Windows drive letter): a file of the project.
		p := ref
		if i := strings.IndexAny(p, "#?"); i >= 0 {
			p = p[:i]
		}
		return strings.HasSuffix(p, schema.Suffix)
	}
	return u.Host == "regdoc.dev" || strings.HasSuffix(u.Host, ".regdoc.dev")
}

// validateProject checks a project folder and dry-runs its templates.
func validateProject(dir string, set *schema.Set, opt dataset.Options, sources *Sources) ([]string, []diag.Diagnostic, []FileNote, error) {
	files := []string{filepath.Join(dir, project.ManifestName)}
	l, ds, err := Load(dir, set, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	if l != nil {
		defer sources.merge(l.Sources)
	}
	if l == nil {
		return files, ds, nil, nil
	}
	if diag.HasErrors(ds, false) {
		// Every problem at once: the reviewer rules still run on the data
		// files that passed their schema, so one run shows the writer the
		// schema errors and the cross-file findings together.
		if !checksRan(l) {
			ds = append(ds, l.partialChecks(ds)...)
		}
		files, notes := l.coverage(dir, ds, false)
		return files, ds, notes, nil
	}
	// Everything build does but write: compose and typeset every document
	// in memory, so a character the fonts lack, a figure that cannot be
	// drawn or an image that cannot be read fails here as in the build.
	date, err := l.DocumentDate(time.Time{})
	if err != nil {
		return nil, nil, nil, err
	}
	docs := l.Project.Manifest.Documents
	problems := make([][]diag.Diagnostic, len(docs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if md, _, _, err := l.typesetDocument(d, date); err != nil {
				problems[i] = l.documentProblems(d, md, err)
			}
		}()
	}
	wg.Wait()
	for _, p := range problems {
		ds = append(ds, p...)
	}
	ds = append(ds, l.claimTextProblems()...)
	files, notes := l.coverage(dir, ds, true)
	return files, ds, notes, nil
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
//
// The schemas beside it are given as --ref would give them: a set written
// by 'regdoc schemas --out' refers to its common.schema.json by "$id", and
// the folder is the set.
func checkSchemaFile(path string, doc *dataset.Document) []diag.Diagnostic {
	var opt schema.Options
	siblings, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*"+schema.Suffix))
	for _, sib := range siblings {
		if sib != path && hasAbsoluteID(sib) {
			opt.Refs = append(opt.Refs, schema.Ref{Path: sib})
		}
	}
	_, _, err := schema.CompileFile(path, opt)
	if err == nil {
		return nil
	}
	var ce *schema.CompileError
	if errors.As(err, &ce) {
		return ce.Diagnostics
	}
	return []diag.Diagnostic{doc.Diag(diag.Error, "schema/compile", "", err.Error())}
}

// hasAbsoluteID reports whether the JSON file at path has an absolute
// "$id", the only name by which a --ref schema can be found.
func hasAbsoluteID(path string) bool {
	doc, _, err := dataset.Load(path, dataset.Options{})
	if err != nil || doc == nil {
		return false
	}
	m, _ := doc.Value.(map[string]any)
	id, _ := m["$id"].(string)
	u, err := url.Parse(id)
	return err == nil && u.IsAbs()
}

// checksRan reports whether Load got as far as the reviewer rules: it
// decodes the data, and runs the rules, only once every file passed its
// schema.
func checksRan(l *Loaded) bool {
	m := l.Model
	return m.Process != nil || m.Comparator != nil || m.Specification != nil || m.Batches != nil ||
		m.ViralClearance != nil || m.Claims != nil || m.Stability != nil
}

// partialChecks runs the reviewer rules on the data files that passed
// their schema, when others did not. A file with errors is left out
// rather than decoded as far as it goes: its broken values would only
// bring findings that vanish once it is fixed. Rules that need a kind
// left out are skipped by checks.Run.
func (l *Loaded) partialChecks(ds []diag.Diagnostic) []diag.Diagnostic {
	broken := map[string]bool{}
	for _, d := range ds {
		if d.Severity == diag.Error {
			broken[d.File] = true
		}
	}
	m := *l.Model
	docs := map[string]*dataset.Document{}
	for _, k := range model.Kinds() {
		doc, ok := l.Docs[k.Name]
		if !ok || broken[doc.File] {
			continue
		}
		if err := m.Decode(k.Name, doc.Src); err != nil {
			continue
		}
		docs[k.Name] = doc
	}
	if len(docs) == 0 {
		return nil
	}
	return checks.Run(checks.Input{Project: &m, Docs: docs})
}

// projectContexts finds and loads, once each, the projects that single
// data files belong to.
type projectContexts struct {
	set     *schema.Set
	opt     dataset.Options
	sources *Sources
	loaded  map[string]*projectContext // by absolute manifest folder
	above   map[string]string          // a file's folder → its project folder, "" for none
}

// projectContext is a project loaded for its reviewer findings.
type projectContext struct {
	l  *Loaded
	ds []diag.Diagnostic // reviewer findings only, no schema problems
}

// involving returns the reviewer findings of the project a data file
// belongs to that involve the file: found in it, or naming it as the other
// place of a conflict ("process.json:42"). A file in no project, or one
// its project's manifest does not list, gets none; so does a project
// whose manifest cannot be read (validating that manifest reports why).
func (c *projectContexts) involving(file string) []diag.Diagnostic {
	if filepath.Base(file) == project.ManifestName {
		return nil
	}
	// Files of one folder share the answer: a walk of a large folder asks
	// once per folder, not once per file and level.
	folder := filepath.Dir(filepath.Clean(file))
	dir, seen := c.above[folder]
	if !seen {
		dir, _ = manifestAbove(file)
		c.above[folder] = dir
	}
	if dir == "" {
		return nil
	}
	abs := key(dir)
	pc, loaded := c.loaded[abs]
	if !loaded {
		pc = c.load(dir)
		c.loaded[abs] = pc
	}
	if pc == nil {
		return nil
	}
	fileAbs := key(file)
	var display string
	for _, rel := range pc.l.Project.Manifest.Data {
		if key(pc.l.Project.Display(rel)) == fileAbs {
			display = pc.l.Project.Display(rel)
		}
	}
	if display == "" {
		return nil
	}
	var out []diag.Diagnostic
	for _, d := range pc.ds {
		switch {
		case key(d.File) == fileAbs:
			d.File = file // as the user named it, like its schema problems
		case strings.Contains(d.Message, display+":"):
		default:
			continue
		}
		out = append(out, d)
	}
	return out
}

// load loads the project in dir and runs the reviewer rules on what could
// be read; nil when the project cannot be loaded.
func (c *projectContexts) load(dir string) *projectContext {
	l, ds, err := Load(dir, c.set, c.opt)
	if err != nil || l == nil {
		return nil
	}
	c.sources.merge(l.Sources)
	// The rules again, alone: Load mixes their findings with the schema
	// problems, which the file's own check reports already.
	findings := l.partialChecks(ds)
	if checksRan(l) {
		findings = checks.Run(checks.Input{Project: l.Model, Docs: l.Docs})
	}
	return &projectContext{l: l, ds: findings}
}

// manifestAbove finds the nearest folder above file that holds a project
// manifest, keeping the path in the form the user gave (relative stays
// relative) so messages name files as the user does.
func manifestAbove(file string) (string, bool) {
	dir := filepath.Dir(filepath.Clean(file))
	for {
		if st, err := os.Stat(filepath.Join(dir, project.ManifestName)); err == nil && st.Mode().IsRegular() {
			return dir, true
		}
		up := filepath.Join(dir, "..")
		if key(up) == key(dir) {
			return "", false
		}
		dir = up
	}
}
