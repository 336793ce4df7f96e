package schema

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
)

// baseURL is where a schema without an absolute "$id" lives. The scheme is
// made up on purpose: no loader exists for it, so such a URL can only be
// served from the Set's own files.
const baseURL = "regdoc-schema:///"

// source is one schema file.
type source struct {
	name string // base name in the file system
	url  string // canonical URL: the absolute "$id", else baseURL+name resolved with "$id"
	id   string // "$id" as written, without an empty fragment; "" when absent
	doc  *dataset.Document
	body []byte // Src without a byte order mark, for the library's decoder
}

// builder gathers schema files, checks them one by one (JSON, then the
// draft's meta-schema, each with positions), then compiles them together.
type builder struct {
	fsys     fs.FS
	onDemand bool // load referenced siblings lazily (CompileFile)
	display  func(name string) string

	sources map[string]*source // by base name
	byURL   map[string]*source
	order   []*source
	missing []string // URLs a $ref asked for that are not in the set
	ds      []diag.Diagnostic

	meta *jsonschema.Compiler // compiles the draft meta-schemas (built into the library)
}

func newBuilder(fsys fs.FS, onDemand bool) *builder {
	meta := jsonschema.NewCompiler()
	meta.LoadURL = func(u string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("%s: meta-schemas are not fetched", u)
	}
	return &builder{
		fsys: fsys, onDemand: onDemand, display: func(n string) string { return n },
		sources: map[string]*source{}, byURL: map[string]*source{}, meta: meta,
	}
}

// load reads, parses and meta-validates one file. Problems with the
// file's content become diagnostics; the error is only for I/O.
func (b *builder) load(name string) error {
	src, err := fs.ReadFile(b.fsys, name)
	if err != nil {
		return fmt.Errorf("schema: reading %s: %w", b.display(name), err)
	}
	doc, ds := dataset.Parse(b.display(name), src, dataset.Options{})
	b.ds = append(b.ds, ds...)
	if doc == nil {
		return nil
	}
	s := &source{name: name, doc: doc, body: bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))}
	s.url = baseURL + url.PathEscape(name)
	if m, ok := doc.Value.(map[string]any); ok {
		if id, ok := m["$id"].(string); ok {
			s.id = strings.TrimSuffix(id, "#")
			if u, err := resolve(s.url, s.id); err == nil {
				s.url = u
			}
		}
	}
	b.checkMeta(s)
	if prev, dup := b.byURL[s.url]; dup {
		b.ds = append(b.ds, doc.Diag(diag.Error, "schema/duplicate-id", "/$id",
			fmt.Sprintf("$id %q is also the $id of %s; every schema needs its own", s.id, prev.doc.File)))
		return nil
	}
	b.sources[name] = s
	b.byURL[s.url] = s
	b.order = append(b.order, s)
	return nil
}

// checkMeta validates the raw schema against its draft's meta-schema, so a
// typo such as "type": "strng" is reported at its line and column rather
// than as a compile failure somewhere in the set.
func (b *builder) checkMeta(s *source) {
	draft := jsonschema.Draft2020
	if m, ok := s.doc.Value.(map[string]any); ok {
		if v, ok := m["$schema"]; ok {
			str, _ := v.(string)
			if draft = findDraft(str); draft == nil {
				b.ds = append(b.ds, s.doc.Diag(diag.Error, "schema/$schema", "/$schema",
					fmt.Sprintf("unsupported \"$schema\" %q: use %q", str, jsonschema.Draft2020.URL())))
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

// findDraft maps a "$schema" value to the draft the library implements.
func findDraft(u string) *jsonschema.Draft {
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
// Set's own files, by canonical URL or by base name, and refuses the rest.
func (b *builder) loadURL(u string) (io.ReadCloser, error) {
	if s, ok := b.byURL[u]; ok {
		return io.NopCloser(bytes.NewReader(s.body)), nil
	}
	name := baseName(u)
	s, ok := b.sources[name]
	if !ok && b.onDemand && strings.HasSuffix(name, ".json") && fs.ValidPath(name) {
		if err := b.load(name); err == nil {
			s, ok = b.sources[name]
		}
	}
	if ok {
		return io.NopCloser(bytes.NewReader(s.body)), nil
	}
	b.missing = append(b.missing, u)
	return nil, fmt.Errorf("%s is not in the schema set", u)
}

func baseName(u string) string {
	if i := strings.IndexAny(u, "#?"); i >= 0 {
		u = u[:i]
	}
	if p, err := url.Parse(u); err == nil && p.Path != "" {
		u = p.Path
	}
	return path.Base(u)
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

// finish compiles every key and builds the Set, or returns a CompileError
// with every problem found.
func (b *builder) finish(keys []string) (*Set, error) {
	if len(b.ds) > 0 {
		return nil, b.compileError()
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	c.LoadURL = b.loadURL
	for _, s := range b.order {
		if err := c.AddResource(s.url, bytes.NewReader(s.body)); err != nil {
			b.ds = append(b.ds, s.doc.Diag(diag.Error, "schema/compile", "", err.Error()))
		}
	}
	set := &Set{
		schemas: map[string]*jsonschema.Schema{}, byID: map[string]string{},
		byName: map[string]string{}, raw: map[string]any{}, rawName: map[string]any{},
	}
	for _, key := range keys {
		s, ok := b.sources[key]
		if !ok {
			continue // its load already reported why
		}
		b.missing = b.missing[:0]
		sch, err := c.Compile(s.url)
		if err != nil {
			b.ds = append(b.ds, b.compileDiag(s, err))
			continue
		}
		set.schemas[key] = sch
		set.byName[key] = key
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
		set.rawName[s.name] = s.doc.Value
	}
	sort.Strings(set.keys)
	return set, nil
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
// names nothing in the set; then the diagnostic points at that "$ref".
func (b *builder) compileDiag(s *source, err error) diag.Diagnostic {
	msg := strings.TrimPrefix(err.Error(), "jsonschema ")
	type target struct{ url, why string }
	var targets []target
	for _, u := range b.missing {
		targets = append(targets, target{u, "no schema in the set has that $id or file name (references are resolved offline, never fetched)"})
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
