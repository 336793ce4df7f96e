package schema

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
)

// Validate checks doc against the schema with the given key and returns
// one diagnostic per fault — every leaf of the validator's error tree, not
// only the first — sorted by position. Codes are "schema/<keyword>"
// (schema/required, schema/type, ...); pointers are instance locations.
// A nil doc gives no diagnostics (its parse errors were already reported).
func (s *Set) Validate(doc *dataset.Document, key string) []diag.Diagnostic {
	if doc == nil {
		return nil
	}
	sch, ok := s.schemas[key]
	if !ok {
		return []diag.Diagnostic{doc.Diag(diag.Error, "schema/unknown", "",
			fmt.Sprintf("no schema %q is known; known schemas: %s", key, strings.Join(s.keys, ", ")))}
	}
	if s.fast[key].quick(doc.Value, 0) {
		// Surely valid; v5 would find nothing (see fast.go).
		return nil
	}
	return s.validateLibrary(doc, sch)
}

// validateLibrary is Validate by jsonschema/v5 alone, the engine of
// record: the verdict and every diagnostic come from it.
func (s *Set) validateLibrary(doc *dataset.Document, sch *jsonschema.Schema) []diag.Diagnostic {
	err := sch.Validate(doc.Value)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		// An infinite $ref loop or a value of a Go type JSON does not have.
		return []diag.Diagnostic{doc.Diag(diag.Error, "schema/internal", "", "the schema could not be applied: "+err.Error())}
	}
	r := reporter{doc: doc, set: s}
	r.walk(ve)
	return r.result()
}

// reporter turns a ValidationError tree into diagnostics.
type reporter struct {
	doc    *dataset.Document
	set    *Set   // nil when validating a schema against its meta-schema
	prefix string // put before every message
	out    []leaf
}

// leaf is one diagnostic plus what the anyOf/oneOf heuristics need to know.
type leaf struct {
	d        diag.Diagnostic // Line and Col filled in by result
	atKey    bool            // position at the member's name, not its value
	expected []string        // for schema/type: the types the schema allows
}

func (r *reporter) result() []diag.Diagnostic {
	// Every position is found in one scan of the file, however many
	// faults it has.
	wants := make([]dataset.Want, len(r.out))
	for i, l := range r.out {
		wants[i] = dataset.Want{Pointer: l.d.Pointer, Key: l.atKey}
	}
	for i, p := range r.doc.LocateAll(wants) {
		r.out[i].d.Line, r.out[i].d.Col = p.Line, p.Col
	}
	r.placeObjects()
	ds := make([]diag.Diagnostic, 0, len(r.out))
	seen := map[diag.Diagnostic]bool{}
	for _, l := range r.out {
		if r.set != nil {
			// Data, not a schema: say whose fault it is as the writer
			// knows it.
			if who := subject(r.doc.Value, l.d.Pointer); who != "" {
				l.d.Message = who + ": " + l.d.Message
			}
		}
		if !seen[l.d] {
			seen[l.d] = true
			ds = append(ds, l.d)
		}
	}
	diag.Sort(ds)
	return ds
}

// placeObjects moves the diagnostics placed on an object's opening brace —
// about a member the object lacks (a required property, say), or about
// the object as a whole — to the object's first member, when the brace
// stands bare on its line ("{" or "[{" in an array): an excerpt showing a
// bare brace does not tell which object is meant; its first line, usually
// its id, does. A brace after its member's name ("criterion": {) stays:
// that line names the object.
func (r *reporter) placeObjects() {
	type object struct{ leaf, from, to int } // its members' wants are wants[from:to]
	var objects []object
	var wants []dataset.Want
	var starts []int
	for i, l := range r.out {
		if l.atKey {
			continue
		}
		ptr := l.d.Pointer
		v, ok := r.doc.At(ptr)
		if !ok {
			ptr = parentPointer(ptr)
			v, _ = r.doc.At(ptr)
		}
		members, _ := v.(map[string]any)
		if len(members) == 0 || !r.bareBrace(&starts, l.d.Line, l.d.Col) {
			continue
		}
		o := object{leaf: i, from: len(wants)}
		for name := range members {
			wants = append(wants, dataset.Want{Pointer: join(ptr, name), Key: true})
		}
		o.to = len(wants)
		objects = append(objects, o)
	}
	if len(objects) == 0 {
		return
	}
	pos := r.doc.LocateAll(wants)
	for _, o := range objects {
		first := pos[o.from]
		for _, p := range pos[o.from+1 : o.to] {
			if p.Line < first.Line || (p.Line == first.Line && p.Col < first.Col) {
				first = p
			}
		}
		if d := &r.out[o.leaf].d; first.Line > d.Line {
			d.Line, d.Col = first.Line, first.Col
		}
	}
}

// bareBrace reports whether the "{" at line:col (runes) has nothing
// before it on its line but white space and array brackets or commas.
// starts holds the offsets of the lines of the source, found on first use.
func (r *reporter) bareBrace(starts *[]int, line, col int) bool {
	src := r.doc.Src
	if *starts == nil {
		*starts = append(*starts, 0)
		for i := 0; i < len(src); i++ {
			switch src[i] {
			case '\r':
				if i+1 < len(src) && src[i+1] == '\n' {
					i++
				}
				*starts = append(*starts, i+1)
			case '\n':
				*starts = append(*starts, i+1)
			}
		}
	}
	if line < 1 || line > len(*starts) || col < 1 {
		return false
	}
	text := src[(*starts)[line-1]:]
	for len(text) > 0 {
		r, n := utf8.DecodeRune(text)
		if col--; col == 0 {
			return r == '{'
		}
		if !strings.ContainsRune(" \t[,\ufeff", r) {
			return false
		}
		text = text[n:]
	}
	return false
}

// walk reports every leaf below ve. Wrappers ($ref, allOf, if/then,
// "doesn't validate with") add nothing a writer can act on, so only their
// causes are reported.
func (r *reporter) walk(ve *jsonschema.ValidationError) {
	kw := keywordAt(ve.AbsoluteKeywordLocation)
	switch {
	case len(ve.Causes) == 0:
		r.leaf(ve, kw)
	case kw.atSchema:
		// One branch of an anyOf/oneOf (or a property's schema) that
		// failed on several keywords: each is a fault of its own.
		for _, c := range ve.Causes {
			r.walk(c)
		}
	case kw.name == "anyOf" || kw.name == "oneOf":
		r.alternatives(ve, kw)
	case kw.name == "minContains":
		// Its causes are the items that do not match "contains"; the
		// fault is the count, not each of them.
		r.leaf(ve, kw)
	default:
		for _, c := range ve.Causes {
			r.walk(c)
		}
	}
}

// alternatives reports a failed anyOf/oneOf. Listing the failures of every
// alternative would bury the real fault, so branches whose type or
// discriminator (a const or enum at or just under the value) does not even
// match are set aside; of the rest, the one with the fewest faults is
// reported. When no branch is close, one summary diagnostic is given.
func (r *reporter) alternatives(ve *jsonschema.ValidationError, kw keyword) {
	ptr := instancePointer(ve.InstanceLocation)
	type branch struct {
		leaves   []leaf
		mismatch bool
		typeOnly bool // the only fault is the type of the value itself
	}
	var order []int
	branches := map[int]*branch{}
	for i, c := range ve.Causes {
		idx := -1 - i
		if rest, ok := strings.CutPrefix(c.KeywordLocation, ve.KeywordLocation+"/"); ok {
			first, _, _ := strings.Cut(rest, "/")
			if n, err := strconv.Atoi(first); err == nil {
				idx = n
			}
		}
		b, ok := branches[idx]
		if !ok {
			b = &branch{}
			branches[idx] = b
			order = append(order, idx)
		}
		sub := reporter{doc: r.doc, set: r.set, prefix: r.prefix}
		sub.walk(c)
		b.leaves = append(b.leaves, sub.out...)
	}
	// Tiers: a branch with no mismatch is close; failing that, a branch
	// whose value has the right type but a wrong const/enum value; a branch
	// of the wrong type is never close.
	var close, valueOnly []*branch
	for _, idx := range order {
		b := branches[idx]
		typeMismatch := false
		for _, l := range b.leaves {
			code, p := l.d.Code, l.d.Pointer
			if code == "schema/type" && p == ptr {
				b.mismatch, typeMismatch = true, true
				b.typeOnly = len(b.leaves) == 1
			}
			if (code == "schema/const" || code == "schema/enum") && (p == ptr || parentPointer(p) == ptr) {
				b.mismatch = true
			}
		}
		switch {
		case !b.mismatch:
			close = append(close, b)
		case !typeMismatch:
			valueOnly = append(valueOnly, b)
		}
	}
	if len(close) == 0 && len(valueOnly) == 1 {
		close = valueOnly
	}
	if len(close) > 0 {
		best := close[0]
		for _, b := range close[1:] {
			if len(b.leaves) < len(best.leaves) {
				best = b
			}
		}
		r.out = append(r.out, best.leaves...)
		return
	}
	// No branch is close. If every branch failed only on the value's type,
	// say which types would do; otherwise summarize each branch.
	allType := true
	var types, summaries []string
	for _, idx := range order {
		b := branches[idx]
		allType = allType && b.typeOnly
		for _, l := range b.leaves {
			for _, t := range l.expected {
				if !slices.Contains(types, t) {
					types = append(types, t)
				}
			}
		}
		if len(b.leaves) > 0 {
			summaries = append(summaries, strings.TrimPrefix(b.leaves[0].d.Message, r.prefix))
		}
	}
	v, _ := r.doc.At(ptr)
	if allType && len(types) > 0 {
		r.add(ptr, false, "schema/type", "wrong type: expected "+orList(types)+", found "+describe(v)+numberHint(types, v), types)
		return
	}
	msg := fmt.Sprintf("value matches none of the %d allowed forms (%s)", len(order), kw.name)
	if len(summaries) > 0 {
		msg += ": " + strings.Join(summaries, "; or ")
	}
	r.add(ptr, false, "schema/"+kw.name, msg, nil)
}

// add records one diagnostic; atKey positions it at the member's name
// instead of its value.
func (r *reporter) add(ptr string, atKey bool, code, msg string, expected []string) {
	r.out = append(r.out, leaf{d: diag.Diagnostic{
		Severity: diag.Error, Code: code, File: r.doc.File,
		Pointer: ptr, Message: r.prefix + msg,
	}, atKey: atKey, expected: expected})
}

// instancePointer converts the library's instance location, whose tokens
// are URL-path-escaped on top of RFC 6901 escaping, into a plain RFC 6901
// pointer.
func instancePointer(loc string) string {
	if loc == "" || !strings.Contains(loc, "%") {
		return loc
	}
	parts := strings.Split(loc, "/")
	for i, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			parts[i] = u
		}
	}
	return strings.Join(parts, "/")
}

func parentPointer(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

func lastToken(p string) string {
	tokens, ok := dataset.SplitPointer(p)
	if !ok || len(tokens) == 0 {
		return ""
	}
	return tokens[len(tokens)-1]
}

// keyword describes where in a schema a validation error arose.
type keyword struct {
	url    string   // schema document URL
	schema []string // tokens of the schema object that holds the keyword
	name   string   // the keyword, e.g. "minimum", "additionalProperties"
	args   []string // tokens after the keyword ("dependentRequired/name/0")
	// inNames is set when the error arose inside "propertyNames": the
	// instance is then a member name, not a value.
	inNames bool
	// atSchema is set when the location is a whole subschema of an
	// applicator ("anyOf/0", "properties/x"), not a keyword in it: the
	// error only groups the subschema's own failures.
	atSchema bool
}

// Keywords whose value holds subschemas under a name or an index; the
// rest of the path below them is another schema.
var (
	namedSchemas   = map[string]bool{"properties": true, "patternProperties": true, "$defs": true, "definitions": true, "dependentSchemas": true}
	indexedSchemas = map[string]bool{"allOf": true, "anyOf": true, "oneOf": true, "prefixItems": true}
	singleSchema   = map[string]bool{
		"additionalProperties": true, "unevaluatedProperties": true, "unevaluatedItems": true,
		"additionalItems": true, "contains": true, "not": true, "if": true, "then": true,
		"else": true, "propertyNames": true, "contentSchema": true,
	}
)

// keywordAt parses an absolute keyword location ("URL#/properties/a/type").
func keywordAt(abs string) keyword {
	u, frag, _ := strings.Cut(abs, "#")
	kw := keyword{url: u}
	var tokens []string
	if frag != "" {
		for _, t := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
			if d, err := url.PathUnescape(t); err == nil {
				t = d
			}
			t = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
			tokens = append(tokens, t)
		}
	}
	for i := 0; i < len(tokens); {
		name := tokens[i]
		kw.schema, kw.name, kw.args = tokens[:i], name, tokens[i+1:]
		if name == "propertyNames" {
			kw.inNames = true
		}
		i++
		switch {
		case namedSchemas[name] || indexedSchemas[name]:
			i++
			kw.atSchema = i == len(tokens)
		case name == "items" || name == "dependencies":
			// Draft-07 array forms: "items/0" is a schema; "dependencies/x"
			// is a schema or, followed by an index, a list of names.
			if name == "dependencies" {
				i++
				if i == len(tokens)-1 {
					return kw
				}
			} else if i < len(tokens) {
				if _, err := strconv.Atoi(tokens[i]); err == nil {
					i++
				}
			}
		case singleSchema[name]:
		default:
			return kw
		}
	}
	return kw
}
