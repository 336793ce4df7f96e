package mdtemplate

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"unicode"

	"github.com/regdoc/regdoc/internal/diag"
)

// text/template says "can't evaluate field Nmae in type model.Product": a
// Go error about a Go type. A template author knows the product, not
// model.Product, and wants the name that was meant. The type is found
// among those the data and the functions can lead to, so the message can
// list its fields and suggest the closest.

var (
	noField    = regexp.MustCompile(`^can't evaluate field (\S+) in type (\S+)$`)
	noFunction = regexp.MustCompile(`^function "([^"]+)" not defined$`)
)

// unknownFunction completes the parse error for a function the template
// calls that does not exist: the column of the name on its line, and the
// function probably meant ("lcfrist" → "lcfirst").
func unknownFunction(d *diag.Diagnostic, src string, lines *diag.LineIndex, funcs template.FuncMap) {
	m := noFunction.FindStringSubmatch(d.Message)
	if m == nil {
		return
	}
	name := m[1]
	// The line's first use of the name, inside an action.
	off := 0
	for l := 1; l < d.Line && off >= 0; l++ {
		if i := strings.IndexByte(src[off:], '\n'); i >= 0 {
			off += i + 1
		} else {
			off = -1
		}
	}
	if off >= 0 {
		line := src[off:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		if i := strings.Index(line, name); i >= 0 && strings.Contains(line[:i], "{{") {
			d.Line, d.Col = lines.LineCol(off + i)
		}
	}
	names := make([]string, 0, len(funcs))
	for n := range funcs {
		if n != escapeFunc && n != markFunc {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	if best, ok := diag.Closest(name, names); ok {
		d.Message += "; did you mean '" + best + "'?"
	} else {
		d.Message += "; the functions a template can call are listed in docs/templates.md"
	}
}

// fieldProblem rewords text/template's missing-field error about the value
// at node (".Process.Product.Nmae"): "the product (.Process.Product) has no
// field 'Nmae'; did you mean 'Name'? (fields: …)". ok is false for any
// other message.
func fieldProblem(node, msg string, data any, funcs template.FuncMap) (string, bool) {
	m := noField.FindStringSubmatch(msg)
	if m == nil {
		return "", false
	}
	field, typeName := m[1], strings.TrimLeft(m[2], "*")
	at := ""
	if parent, ok := strings.CutSuffix(node, "."+field); ok && parent != "" {
		at = " (" + parent + ")"
	}
	switch {
	case strings.HasPrefix(typeName, "[]"):
		return "the value" + at + " is a list, which has no field '" + field + "'; take its items with {{range}} or one with {{index}}", true
	case strings.HasPrefix(typeName, "map["):
		return "the value" + at + " is a map, which has no field '" + field + "'", true
	case !strings.Contains(typeName, "."):
		return "the value" + at + " is a " + typeName + ", which has no fields; it has no field '" + field + "'", true
	}
	out := "the " + typeWords(typeName) + at + " has no field '" + field + "'"
	typ := findType(typeName, data, funcs)
	if typ == nil {
		return out + "; check the name against the data (see 'regdoc schemas')", true
	}
	fields, names := members(typ)
	if best, ok := diag.Closest(field, names); ok {
		out += "; did you mean '" + best + "'?"
	}
	if len(fields) > 0 {
		out += " (fields: " + strings.Join(fields, ", ") + ")"
	}
	return out, true
}

// typeWords is how a writer says a Go type's name: "model.Product" →
// "product", "model.ViralClearance" → "viral clearance", "model.LRVRow" →
// "LRV row".
func typeWords(typeName string) string {
	name := typeName[strings.LastIndexByte(typeName, '.')+1:]
	if i := strings.IndexAny(name, "[ "); i >= 0 {
		name = name[:i] // a generic type's arguments
	}
	rs := []rune(name)
	var words []string
	start := 0
	for i := 1; i <= len(rs); i++ {
		boundary := i == len(rs) ||
			(unicode.IsUpper(rs[i]) && !unicode.IsUpper(rs[i-1])) ||
			(unicode.IsUpper(rs[i]) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))
		if boundary {
			words = append(words, string(rs[start:i]))
			start = i
		}
	}
	for i, w := range words {
		if r := []rune(w); len(r) > 1 && unicode.IsUpper(r[1]) {
			continue // an acronym keeps its capitals
		}
		words[i] = strings.ToLower(w)
	}
	if len(words) == 0 {
		return "value"
	}
	return strings.Join(words, " ")
}

// findType finds the type named typeName (as reflect writes it) among
// the types the data and the functions' results lead to, through fields,
// elements, pointers and method results.
func findType(typeName string, data any, funcs template.FuncMap) reflect.Type {
	seen := map[reflect.Type]bool{}
	var found reflect.Type
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		if t == nil || seen[t] || found != nil {
			return
		}
		seen[t] = true
		if t.String() == typeName {
			found = t
			return
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
			visit(t.Elem())
		case reflect.Map:
			visit(t.Key())
			visit(t.Elem())
		case reflect.Struct:
			for i := 0; i < t.NumField(); i++ {
				if f := t.Field(i); f.IsExported() {
					visit(f.Type)
				}
			}
		}
		for _, mt := range []reflect.Type{t, reflect.PointerTo(t)} {
			if t.Kind() == reflect.Pointer && mt != t {
				continue
			}
			for i := 0; i < mt.NumMethod(); i++ {
				results(mt.Method(i).Type, visit)
			}
		}
	}
	if data != nil {
		visit(reflect.TypeOf(data))
	}
	names := make([]string, 0, len(funcs))
	for n := range funcs {
		names = append(names, n)
	}
	slices.Sort(names) // the same answer whatever the map's order
	for _, n := range names {
		if ft := reflect.TypeOf(funcs[n]); ft != nil && ft.Kind() == reflect.Func {
			results(ft, visit)
		}
	}
	return found
}

// results visits the result types of function type ft.
func results(ft reflect.Type, visit func(reflect.Type)) {
	for i := 0; i < ft.NumOut(); i++ {
		visit(ft.Out(i))
	}
}

// members returns the exported fields of struct type t (after pointers),
// its own and those promoted from embedded structs, in declaration order,
// and the names a template can write after a dot: those fields, the
// embedded structs and the exported methods of t and *t.
func members(t reflect.Type) (fields, names []string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var embedded []string
	if t.Kind() == reflect.Struct {
		// Fields promoted from an embedded struct are written like the
		// struct's own ({{.Process}} on data embedding the project); the
		// embedded struct itself is rarely what is meant, so it is a
		// candidate but not listed.
		seen := map[string]int{}
		for _, f := range reflect.VisibleFields(t) {
			seen[f.Name]++
		}
		for _, f := range reflect.VisibleFields(t) {
			if !f.IsExported() || seen[f.Name] > 1 {
				continue // hidden, or ambiguous between two embedded structs
			}
			if f.Anonymous {
				embedded = append(embedded, f.Name)
			} else {
				fields = append(fields, f.Name)
			}
		}
	}
	names = append(slices.Clone(fields), embedded...)
	pt := reflect.PointerTo(t)
	for i := 0; i < pt.NumMethod(); i++ {
		if n := pt.Method(i).Name; !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return fields, names
}
