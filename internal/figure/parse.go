package figure

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
)

// Stable codes of the problems a figure spec can have.
const (
	CodeSyntax = "figure/syntax" // not JSON, empty, or data after the spec
	CodeField  = "figure/field"  // a field unknown, duplicated or of the wrong JSON type
	CodeValue  = "figure/value"  // a field missing, out of range or not drawable
	CodeFit    = "figure/fit"    // text that does not fit the space the figure has
)

// A problem with a figure spec is a diag.Problems of one diagnostic: a
// field that is unknown, of the wrong type, missing or out of range, or
// text the embedded fonts cannot draw. Its Pointer is the field's JSON
// pointer in the spec and its Message names the field as
// "steps[3].label"; for a parsed spec Line and Col say where it is, line 1
// being the spec's first line (the first line inside the fence), so a
// typesetter can move the position into its Markdown file. File is empty:
// the spec does not know where it came from.
func specProblem(code string, line, col int, field, msg string) diag.Problems {
	m := "figure spec: " + msg
	if field != "" {
		m = "figure spec: " + field + ": " + msg
	}
	return diag.Problems{{Severity: diag.Error, Code: code, Line: line, Col: col, Pointer: fieldPointer(field), Message: m}}
}

// fieldPointer turns a field path ("steps[3].label") into the RFC 6901
// pointer of the same value ("/steps/3/label").
func fieldPointer(field string) string {
	if field == "" {
		return ""
	}
	var b strings.Builder
	b.WriteByte('/')
	for _, r := range field {
		switch r {
		case '.', '[':
			b.WriteByte('/')
		case ']':
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteRune(r)
		}
	}
	return strings.ReplaceAll(b.String(), "//", "/")
}

// maxDepth bounds the nesting Parse follows; a spec is three levels deep,
// and hostile input must not exhaust the stack.
const maxDepth = 32

// Parse reads a figure spec strictly and validates it. Unknown fields,
// values of the wrong JSON type, duplicate keys, trailing data and fields
// of another kind are errors (diag.Problems) naming the field and its line:
// a template that fills a spec wrongly must fail the build, not draw a
// figure with something silently missing.
func Parse(src []byte) (Spec, error) {
	sm, err := scan(src)
	if err != nil {
		return Spec{}, err
	}
	if err := sm.exactKeys(); err != nil {
		return Spec{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	var s Spec
	if err := dec.Decode(&s); err != nil {
		return Spec{}, sm.explain(err)
	}
	s.src = sm
	if err := s.Validate(); err != nil {
		return Spec{}, err
	}
	return s, nil
}

// sourceMap remembers where every value of a parsed spec is, so errors
// found after decoding can still point at a line.
type sourceMap struct {
	src    []byte
	at     map[string]int // indexed path ("steps[2].label") -> byte offset of the value
	values []valueAt      // every value in document order
	keys   []keyAt        // every object key in document order
	lines  *diag.LineIndex
}

// valueAt is one JSON value: its indexed path, the path encoding/json
// reports (struct fields joined by dots, no indices) and its JSON type.
type valueAt struct {
	path, plain, kind string
	off               int
}

// keyAt is one object key and the indexed path of its member.
type keyAt struct {
	name, path string
	off        int
}

// scan walks the token stream once to record positions and to refuse
// duplicate keys, which encoding/json would silently resolve to the last.
func scan(src []byte) (*sourceMap, error) {
	sm := &sourceMap{src: src, at: map[string]int{}}
	d := json.NewDecoder(bytes.NewReader(src))
	d.UseNumber()
	if err := sm.value(d, "", "", 0); err != nil {
		return nil, sm.syntax(err)
	}
	off := sm.next(int(d.InputOffset()))
	if _, err := d.Token(); err != io.EOF {
		return nil, sm.errorAt(off, CodeSyntax, "", "unexpected data after the figure spec; a figure block holds one JSON object")
	}
	return sm, nil
}

// next skips white space and the separators ':' and ',' from off, giving
// the offset where the next token starts.
func (sm *sourceMap) next(off int) int {
	for off < len(sm.src) {
		switch sm.src[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return off
}

func (sm *sourceMap) value(d *json.Decoder, path, plain string, depth int) error {
	if depth > maxDepth {
		return sm.errorAt(sm.next(int(d.InputOffset())), CodeSyntax, path, fmt.Sprintf("nested too deeply (more than %d levels); a figure spec is three levels deep", maxDepth))
	}
	start := sm.next(int(d.InputOffset()))
	tok, err := d.Token()
	if err != nil {
		return err
	}
	kind := "number"
	switch t := tok.(type) {
	case json.Delim:
		kind = map[json.Delim]string{'{': "object", '[': "array"}[t]
	case string:
		kind = "string"
	case bool:
		kind = "bool"
	case nil:
		kind = "null"
	}
	sm.at[path] = start
	sm.values = append(sm.values, valueAt{path: path, plain: plain, kind: kind, off: start})
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for d.More() {
			kstart := sm.next(int(d.InputOffset()))
			kt, err := d.Token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			kpath, kplain := join(path, key), join(plain, key)
			if seen[key] {
				return sm.errorAt(kstart, CodeField, kpath, fmt.Sprintf("duplicate key %q; keep one of them", key))
			}
			seen[key] = true
			sm.keys = append(sm.keys, keyAt{name: key, path: kpath, off: kstart})
			if err := sm.value(d, kpath, kplain, depth+1); err != nil {
				return err
			}
		}
		_, err = d.Token()
	case json.Delim('['):
		for i := 0; d.More(); i++ {
			if err := sm.value(d, fmt.Sprintf("%s[%d]", path, i), plain, depth+1); err != nil {
				return err
			}
		}
		_, err = d.Token()
	}
	return err
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// lineCol converts a byte offset to a 1-based line and column (in runes).
func (sm *sourceMap) lineCol(off int) (line, col int) {
	if sm.lines == nil {
		sm.lines = diag.NewLineIndex(sm.src)
	}
	return sm.lines.LineCol(off)
}

func (sm *sourceMap) errorAt(off int, code, field, msg string) diag.Problems {
	line, col := sm.lineCol(off)
	return specProblem(code, line, col, field, msg)
}

// syntax turns a tokenizer error into a positioned problem.
func (sm *sourceMap) syntax(err error) error {
	if _, ok := diag.FromError(err); ok {
		return err
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return sm.errorAt(int(syn.Offset), CodeSyntax, "", "invalid JSON: "+strings.TrimPrefix(syn.Error(), "json: ")+"; a figure spec is one JSON object")
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		if len(bytes.TrimSpace(sm.src)) == 0 {
			return specProblem(CodeSyntax, 0, 0, "", "empty figure spec; write a JSON object with at least a \"kind\"")
		}
		return sm.errorAt(len(sm.src), CodeSyntax, "", "invalid JSON: unexpected end of the spec; close every { and [")
	}
	return specProblem(CodeSyntax, 0, 0, "", "invalid JSON: "+err.Error())
}

// explain turns an encoding/json decoding error into a problem that names
// the field with its index and points at its line.
func (sm *sourceMap) explain(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		msg := fmt.Sprintf("want %s, got %s", want(te.Type), te.Value)
		for _, v := range sm.values {
			// Numbers are reported as "number 12.5".
			if v.plain == te.Field && strings.HasPrefix(te.Value, v.kind) {
				return sm.errorAt(v.off, CodeField, v.path, msg)
			}
		}
		return specProblem(CodeField, 0, 0, te.Field, msg)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if n, uerr := strconv.Unquote(name); uerr == nil {
			name = n
		}
		msg := fmt.Sprintf("unknown field %q; remove it or correct its name", name)
		for _, k := range sm.keys {
			if k.name == name {
				return sm.errorAt(k.off, CodeField, k.path, msg)
			}
		}
		return specProblem(CodeField, 0, 0, name, msg)
	}
	return sm.syntax(err)
}

// want describes the JSON a Go type accepts, in the words of a spec author.
func want(t reflect.Type) string {
	if t == reflect.TypeFor[Number]() {
		return "a number"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}

// exactKeys refuses object keys that are not field names of the object
// they are in. encoding/json matches names case-insensitively ("Label" and
// "lABel" fill label) and reports unknown ones without a position; a
// strict spec wants the exact name, and the line.
func (sm *sourceMap) exactKeys() error {
	known := map[string]map[string]bool{
		"":       fieldNames(reflect.TypeFor[Spec]()),
		"steps":  fieldNames(reflect.TypeFor[Step]()),
		"series": fieldNames(reflect.TypeFor[Series]()),
	}
	for _, k := range sm.keys {
		parent := k.path[:max(0, len(k.path)-len(k.name)-1)]
		names, ok := known[plainPath(parent)]
		if !ok || names[k.name] {
			continue // not a spec object (decoding reports the type), or a known field
		}
		msg := fmt.Sprintf("unknown field %q", k.name)
		fix := "; remove it or correct its name"
		for n := range names {
			if strings.EqualFold(n, k.name) {
				fix = fmt.Sprintf("; field names are case-sensitive: %q", n)
			}
		}
		return sm.errorAt(k.off, CodeField, k.path, msg+fix)
	}
	return nil
}

// fieldNames are the JSON names of a struct's fields.
func fieldNames(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		if tag, ok := t.Field(i).Tag.Lookup("json"); ok {
			names[strings.Split(tag, ",")[0]] = true
		}
	}
	return names
}

// plainPath drops the indices from an indexed path: "steps[2].x" -> "steps.x".
func plainPath(p string) string {
	var b strings.Builder
	skip := false
	for _, r := range p {
		switch {
		case r == '[':
			skip = true
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}
