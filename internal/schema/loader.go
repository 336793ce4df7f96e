package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
)

// embeddedFolder is the retrieval URL of the folder of a schema file system
// that has no place on disk (the embedded schemas). The scheme is made up on
// purpose: no loader exists for it, so such a URL can only be served from
// the Set's own files.
const embeddedFolder = "regdoc-schema:///"

// source is one schema document.
type source struct {
	name string // display name: the file path as the user sees it
	path string // OS path of the file, "" for an embedded schema
	// retrieval is the URL the document was read from: a file URL inside
	// the schema folder, the folder URL of the embedded set, or the URL a
	// --ref was given under. It is the base a missing "$id" leaves.
	retrieval string
	url       string // canonical URL: "$id" resolved against retrieval
	id        string // "$id" as written, without an empty fragment; "" when absent
	doc       *dataset.Document
	body      []byte // the JSON text for the library's decoder
}

// builder gathers schema files, checks them one by one (JSON, then the
// draft's meta-schema, each with positions), then compiles them together.
//
// References resolve as the specification says: against the base URI of
// the schema that holds them ("$id", else the file's own URL), then by
// "$id" among the documents loaded. A URL inside the schema's folder that
// no loaded document claims is read from that folder on demand; nothing
// outside the folder is read and nothing is ever fetched from the network,
// so a remote URL resolves only to a schema given with --ref.
type builder struct {
	fsys    fs.FS    // the schema's folder tree; reads cannot leave it
	folder  *url.URL // retrieval URL of that folder, path ending in "/"
	display func(name string) string
	osPath  func(name string) string // "" when the folder is not on disk

	byURL  map[string]*source // retrieval and canonical URLs → document
	nested map[string]nestedResource
	order  []*source
	why    map[string]string // URL a $ref asked for → why it is not served
	ds     []diag.Diagnostic

	meta *jsonschema.Compiler // compiles the draft meta-schemas (built into the library)
}

// nestedResource is a subschema with its own "$id": another document may
// refer to it by that URI, which the library looks up only among whole
// documents, so it is served as a document of its own.
type nestedResource struct {
	owner *source
	body  []byte
}

func newBuilder(fsys fs.FS, folder string) *builder {
	meta := jsonschema.NewCompiler()
	meta.LoadURL = func(u string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("%s: meta-schemas are not fetched", u)
	}
	f, err := url.Parse(folder)
	if err != nil {
		panic("schema: folder URL " + folder + ": " + err.Error()) // built by this package
	}
	return &builder{
		fsys: fsys, folder: f,
		display: func(n string) string { return n },
		osPath:  func(string) string { return "" },
		byURL:   map[string]*source{}, nested: map[string]nestedResource{},
		why: map[string]string{}, meta: meta,
	}
}

// fileURL is the retrieval URL of an absolute OS path.
func fileURL(abs string, dir bool) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// local returns the folder-relative name u names, if it lies inside the
// schema's folder.
func (b *builder) local(u string) (name string, inside bool) {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != b.folder.Scheme || p.Host != b.folder.Host {
		return "", false
	}
	rel, ok := strings.CutPrefix(p.Path, b.folder.Path)
	if !ok || !fs.ValidPath(rel) || rel == "." {
		return "", false
	}
	return rel, true
}

// loadFile reads, parses and meta-validates one file of the schema folder.
// Problems with the file's content become diagnostics; the error is only
// for I/O.
func (b *builder) loadFile(name string) (*source, error) {
	src, err := fs.ReadFile(b.fsys, name)
	if err != nil {
		return nil, fmt.Errorf("schema: reading %s: %w", b.display(name), err)
	}
	u := *b.folder
	u.Path += name
	return b.add(b.display(name), b.osPath(name), u.String(), src, false), nil
}

// loadRef reads a schema given with --ref. Without ref.URL it must carry
// an absolute "$id": that is the only name a $ref can find it by.
func (b *builder) loadRef(ref Ref) error {
	src, err := os.ReadFile(ref.Path)
	if err != nil {
		return fmt.Errorf("--ref %s: %w", ref.Path, err)
	}
	abs, err := filepath.Abs(ref.Path)
	if err != nil {
		return fmt.Errorf("--ref %s: %w", ref.Path, err)
	}
	retrieval := ref.URL
	if retrieval == "" {
		retrieval = fileURL(abs, false)
	}
	b.add(ref.Path, abs, retrieval, src, ref.URL == "")
	return nil
}

// add registers one schema document read from retrieval.
func (b *builder) add(name, osPath, retrieval string, src []byte, needID bool) *source {
	doc, ds := dataset.Parse(name, src, dataset.Options{})
	b.ds = append(b.ds, ds...)
	if doc == nil {
		return nil
	}
	s := &source{name: name, path: osPath, retrieval: retrieval, url: retrieval, doc: doc, body: doc.Src}
	m, _ := doc.Value.(map[string]any)
	if id, ok := m["$id"].(string); ok {
		s.id = strings.TrimSuffix(id, "#")
		if u, err := resolve(s.retrieval, s.id); err == nil {
			s.url = u
		}
	}
	if needID {
		if p, err := url.Parse(s.id); s.id == "" || err != nil || !p.IsAbs() {
			b.ds = append(b.ds, doc.Diag(diag.Error, "schema/ref-id", "/$id",
				`a schema given with --ref needs an absolute "$id" (e.g. "https://example.com/common.schema.json"): a $ref finds it by that URI`))
			return nil
		}
	}
	b.checkMeta(s)
	if prev, dup := b.byURL[s.url]; dup && prev != s {
		b.ds = append(b.ds, doc.Diag(diag.Error, "schema/duplicate-id", "/$id",
			fmt.Sprintf("$id %q is also the $id of %s; every schema needs its own", s.id, prev.doc.File)))
		return nil
	}
	b.byURL[s.url] = s
	if _, taken := b.byURL[s.retrieval]; !taken {
		b.byURL[s.retrieval] = s
	}
	b.order = append(b.order, s)
	b.collectNested(s)
	return s
}

// collectNested records every subschema of s that declares its own
// absolute "$id". Values of keywords that hold data, not schemas (enum,
// const, examples, default), are not searched: an "$id" there is data.
func (b *builder) collectNested(s *source) {
	var walk func(v any, base string, root bool)
	walk = func(v any, base string, root bool) {
		switch v := v.(type) {
		case map[string]any:
			if id, ok := v["$id"].(string); ok && !root && !strings.HasPrefix(id, "#") {
				if u, err := resolve(base, strings.TrimSuffix(id, "#")); err == nil {
					base = u
					if _, taken := b.nested[u]; !taken {
						if body, err := json.Marshal(v); err == nil {
							b.nested[u] = nestedResource{owner: s, body: body}
						}
					}
				}
			}
			for k, e := range v {
				switch k {
				case "enum", "const", "examples", "default":
					continue
				}
				walk(e, base, false)
			}
		case []any:
			for _, e := range v {
				walk(e, base, false)
			}
		}
	}
	walk(s.doc.Value, s.url, true)
}

// checkMeta validates the raw schema against its draft's meta-schema, so a
// typo such as "type": "strng" is reported at its line and column rather
// than as a compile failure somewhere in the set.
func (b *builder) checkMeta(s *source) {
	draft := jsonschema.Draft2020
	if m, ok := s.doc.Value.(map[string]any); ok {
		if v, ok := m["$schema"]; ok {
			str, _ := v.(string)
			if draft = b.findDraft(str); draft == nil {
				b.ds = append(b.ds, s.doc.Diag(diag.Error, "schema/$schema", "/$schema",
					fmt.Sprintf("unsupported \"$schema\" %q: use %q, or give that meta-schema with --ref FILE", str, jsonschema.Draft2020.URL())))
				return
			}
		}
	}
	meta, err := b.meta.Compile(draft.URL())
	if err != nil {
		// The meta-schemas ship inside the library; failing here is a bug.
		b.ds = append(b.ds, s.doc.Diag(diag.Error, "schema/compile", "", "cannot load the meta-schema: "+err.Error()))
		return
	}
	err = meta.Validate(s.doc.Value)
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		r := reporter{doc: s.doc, prefix: "invalid schema: "}
		r.walk(ve)
		b.ds = append(b.ds, r.result()...)
	} else if err != nil {
		b.ds = append(b.ds, s.doc.Diag(diag.Error, "schema/compile", "", "invalid schema: "+err.Error()))
	}
}

// findDraft maps a "$schema" value to the draft the library implements:
// a draft's own URL, or a custom meta-schema given with --ref, which is
// checked by the draft its own "$schema" names.
func (b *builder) findDraft(u string) *jsonschema.Draft {
	if d := knownDraft(u); d != nil {
		return d
	}
	if s, ok := b.byURL[strings.TrimSuffix(u, "#")]; ok {
		if m, ok := s.doc.Value.(map[string]any); ok {
			if sch, ok := m["$schema"].(string); ok && strings.TrimSuffix(sch, "#") != strings.TrimSuffix(u, "#") {
				return knownDraft(sch)
			}
		}
	}
	return nil
}

func knownDraft(u string) *jsonschema.Draft {
	norm := func(s string) string {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "http://"), "https://")
		return strings.TrimSuffix(strings.TrimSuffix(s, "/"), "#")
	}
	if norm(u) == "json-schema.org/schema" {
		return jsonschema.Draft2020
	}
	for _, d := range []*jsonschema.Draft{jsonschema.Draft2020, jsonschema.Draft2019, jsonschema.Draft7, jsonschema.Draft6, jsonschema.Draft4} {
		if norm(d.URL()) == norm(u) {
			return d
		}
	}
	return nil
}

// loadURL is the compiler's only way to read a schema. It serves the
// documents loaded (by canonical or retrieval URL), subschemas with their
// own "$id", and files inside the schema's folder; everything else is
// refused, and why is kept for the diagnostic.
func (b *builder) loadURL(u string) (io.ReadCloser, error) {
	if s, ok := b.byURL[u]; ok {
		return io.NopCloser(bytes.NewReader(s.body)), nil
	}
	if n, ok := b.nested[u]; ok {
		return io.NopCloser(bytes.NewReader(n.body)), nil
	}
	if name, inside := b.local(u); inside {
		if _, err := fs.Stat(b.fsys, name); err != nil {
			b.why[u] = fmt.Sprintf("there is no file %s in the schema's folder", b.display(name))
			return nil, fmt.Errorf("%s: %w", u, err)
		}
		s, err := b.loadFile(name)
		if err != nil {
			b.why[u] = err.Error()
			return nil, err
		}
		if s == nil {
			// Its problems are already diagnostics of their own.
			b.why[u] = fmt.Sprintf("%s is not a valid schema (see its own problems)", b.display(name))
			return nil, fmt.Errorf("%s is not a valid schema", u)
		}
		return io.NopCloser(bytes.NewReader(s.body)), nil
	}
	if p, err := url.Parse(u); err == nil && p.Scheme == "file" {
		b.why[u] = "it points outside the schema's folder, and schema files are read only inside it"
	} else {
		b.why[u] = `no schema given has that "$id", and schemas are never fetched from the network: give the schema with --ref FILE`
	}
	return nil, fmt.Errorf("%s is not in the schema set", u)
}

func resolve(base, ref string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	r, err := url.Parse(ref)
	if err != nil {
		return "", err
	}
	return b.ResolveReference(r).String(), nil
}

// finish compiles every root and builds the Set, or returns a CompileError
// with every problem found.
func (b *builder) finish(roots []*source, opt Options) (*Set, error) {
	if len(b.ds) > 0 {
		return nil, b.compileError()
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = !opt.AnnotateFormats
	if opt.AnnotateFormats && !customMeta(roots) {
		// The library asserts formats whatever AssertFormat says for a
		// schema without "$schema" or of draft-07 and older; a checker that
		// accepts everything makes "format" an annotation for all of them.
		// A custom meta-schema decides for itself (its format-assertion
		// vocabulary), so it is left to the library.
		c.Formats = map[string]func(any) bool{}
		for name := range jsonschema.Formats {
			c.Formats[name] = func(any) bool { return true }
		}
	}
	c.LoadURL = b.loadURL
	c.RegisterExtension("regdoc-empty-enum", nil, emptyEnum{})
	for _, s := range b.order {
		if err := c.AddResource(s.url, bytes.NewReader(s.body)); err != nil {
			b.ds = append(b.ds, s.doc.Diag(diag.Error, "schema/compile", "", err.Error()))
		}
	}
	set := &Set{schemas: map[string]*jsonschema.Schema{}, fast: map[string]*fastSchema{}, byID: map[string]string{}, byName: map[string]string{}, raw: map[string]any{}}
	for _, s := range roots {
		key := s.key()
		clear(b.why)
		sch, err := c.Compile(s.url)
		if err != nil {
			b.ds = append(b.ds, b.compileDiag(s, err))
			continue
		}
		set.schemas[key] = sch
		if !(opt.AnnotateFormats && customMeta(roots)) {
			// With a custom meta-schema and formats as annotations, its
			// vocabulary decides whether formats are checked: v5 alone.
			set.fast[key] = buildFast(sch, !opt.AnnotateFormats)
		}
		set.byName[filepath.Base(key)] = key
		if s.id != "" {
			set.byID[s.id] = key
			set.byID[s.url] = key
		}
		set.keys = append(set.keys, key)
	}
	if len(b.ds) > 0 {
		return nil, b.compileError()
	}
	for _, s := range b.order {
		set.raw[s.url] = s.doc.Value
		set.raw[s.retrieval] = s.doc.Value
		if s.path != "" {
			set.files = append(set.files, s.path)
		}
	}
	for u, n := range b.nested {
		var v any
		if err := json.Unmarshal(n.body, &v); err == nil {
			set.raw[u] = v
		}
	}
	sort.Strings(set.keys)
	sort.Strings(set.files)
	return set, nil
}

// customMeta reports whether a root names a meta-schema that is not one
// of the drafts.
func customMeta(roots []*source) bool {
	for _, s := range roots {
		m, _ := s.doc.Value.(map[string]any)
		if u, ok := m["$schema"].(string); ok && knownDraft(u) == nil {
			return true
		}
	}
	return false
}

// key is how a compiled root is addressed: its folder-relative name, for
// the embedded set the file name.
func (s *source) key() string {
	if s.path == "" {
		return s.name
	}
	return filepath.Base(s.name)
}

func (b *builder) compileError() error {
	var ds []diag.Diagnostic
	seen := map[diag.Diagnostic]bool{}
	for _, d := range b.ds {
		if !seen[d] {
			seen[d] = true
			ds = append(ds, d)
		}
	}
	diag.Sort(ds)
	return &CompileError{Diagnostics: ds}
}

var notFound = regexp.MustCompile(`(\S+) not found`)

// compileDiag positions a compile failure. The usual cause is a $ref that
// names nothing the set can serve; then the diagnostic points at that
// "$ref" and says why.
func (b *builder) compileDiag(s *source, err error) diag.Diagnostic {
	msg := strings.TrimPrefix(err.Error(), "jsonschema ")
	type target struct{ url, why string }
	var targets []target
	urls := make([]string, 0, len(b.why))
	for u := range b.why {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	for _, u := range urls {
		targets = append(targets, target{u, b.why[u]})
	}
	if m := notFound.FindStringSubmatch(err.Error()); m != nil {
		targets = append(targets, target{strings.Trim(m[1], `"'`), "the schema it names has nothing at that fragment"})
	}
	for _, t := range targets {
		for _, cand := range b.order {
			if ptr, ref, ok := findRef(cand, t.url); ok {
				return cand.doc.Diag(diag.Error, "schema/ref", ptr, fmt.Sprintf("$ref %q does not resolve: %s", ref, t.why))
			}
		}
	}
	return s.doc.Diag(diag.Error, "schema/compile", "", msg)
}

// findRef finds a "$ref" in s that resolves to target (with or without its
// fragment), tracking "$id" scopes, and returns its pointer.
func findRef(s *source, target string) (ptr, ref string, ok bool) {
	var walk func(v any, base, p string) bool
	walk = func(v any, base, p string) bool {
		switch v := v.(type) {
		case map[string]any:
			if id, ok := v["$id"].(string); ok && p != "" {
				if u, err := resolve(base, id); err == nil {
					base = u
				}
			}
			if r, ok := v["$ref"].(string); ok {
				if u, err := resolve(base, r); err == nil {
					noFrag, _, _ := strings.Cut(u, "#")
					if u == target || noFrag == target || strings.TrimSuffix(u, "#") == target {
						ptr, ref = p+"/$ref", r
						return true
					}
				}
			}
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if walk(v[k], base, p+"/"+dataset.EscapeToken(k)) {
					return true
				}
			}
		case []any:
			for i, e := range v {
				if walk(e, base, fmt.Sprintf("%s/%d", p, i)) {
					return true
				}
			}
		}
		return false
	}
	ok = walk(s.doc.Value, s.url, "")
	return ptr, ref, ok
}

// emptyEnum makes "enum": [] match nothing, as the specification says
// ("an instance validates successfully if its value is equal to one of the
// elements"; there is none). The library skips an empty enum; this
// extension, run by the library itself, restores the rule.
type emptyEnum struct{}

func (emptyEnum) Compile(_ jsonschema.CompilerContext, m map[string]any) (jsonschema.ExtSchema, error) {
	if e, ok := m["enum"].([]any); ok && len(e) == 0 {
		return emptyEnumSchema{}, nil
	}
	return nil, nil
}

type emptyEnumSchema struct{}

func (emptyEnumSchema) Validate(ctx jsonschema.ValidationContext, _ any) error {
	return ctx.Error("enum", "the enum is empty: no value is allowed")
}
