package model

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/schemas"
)

// TestRichFieldsAreTheMarkedOnes keeps the schemas and the Go types in
// step: a property marked "x-regdoc-rich" decodes into a Rich field, and
// every Rich field is a marked property, so the schema (and the data
// reference made from it) says truthfully which fields keep their marks.
func TestRichFieldsAreTheMarkedOnes(t *testing.T) {
	project := reflect.TypeOf(Project{})
	marked := map[string]bool{}
	for _, k := range Kinds() {
		src, err := schemas.FS.ReadFile(k.Schema)
		if err != nil {
			t.Fatal(err)
		}
		var root map[string]any
		if err := json.Unmarshal(src, &root); err != nil {
			t.Fatal(err)
		}
		field, ok := project.FieldByNameFunc(func(n string) bool {
			return strings.EqualFold(n, strings.ReplaceAll(k.Name, "_", ""))
		})
		if !ok {
			t.Fatalf("no Project field for kind %s", k.Name)
		}
		w := richWalk{t: t, file: k.Schema, root: root, marked: marked, seen: map[string]bool{}}
		w.walk(root, field.Type, k.Schema)
	}
	if len(marked) == 0 {
		t.Fatal("no schema marks a property rich")
	}
	found := map[string]bool{}
	richFields(project, found, map[reflect.Type]bool{})
	for f := range found {
		if !marked[f] {
			t.Errorf("%s is of type Rich but no schema marks its property \"x-regdoc-rich\"", f)
		}
	}
	for f := range marked {
		if !found[f] {
			t.Errorf("%s is marked rich in its schema but is not reachable as a Rich field", f)
		}
	}
}

type richWalk struct {
	t      *testing.T
	file   string
	root   map[string]any
	marked map[string]bool
	seen   map[string]bool
}

func (w richWalk) walk(node any, typ reflect.Type, at string) {
	s, ok := node.(map[string]any)
	if !ok {
		return
	}
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
		typ = typ.Elem()
	}
	if ref, ok := s["$ref"].(string); ok && strings.Contains(ref, "#/") {
		// A reference into this file or another (common.schema.json#/…),
		// whose definitions are walked with that file's root.
		file, path, _ := strings.Cut(ref, "#/")
		into := w
		if file != "" && file != w.file {
			src, err := schemas.FS.ReadFile(file)
			if err != nil {
				w.t.Fatal(err)
			}
			into.file, into.root = file, nil
			if err := json.Unmarshal(src, &into.root); err != nil {
				w.t.Fatal(err)
			}
		}
		key := into.file + "#/" + path + " " + typ.String()
		if !w.seen[key] {
			w.seen[key] = true
			var target any = into.root
			for _, part := range strings.Split(path, "/") {
				target = target.(map[string]any)[part]
			}
			into.walk(target, typ, into.file+"#/"+path)
		}
	}
	for _, k := range []string{"items", "additionalProperties"} {
		w.walk(s[k], typ, at+"/"+k)
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		list, _ := s[k].([]any)
		for _, sub := range list {
			w.walk(sub, typ, at+"/"+k)
		}
	}
	props, _ := s["properties"].(map[string]any)
	for name, p := range props {
		pm, _ := p.(map[string]any)
		f, ok := jsonField(typ, name)
		if pm["x-regdoc-rich"] == true {
			switch {
			case !ok:
				w.t.Errorf("%s/properties/%s is marked rich but %s has no field for it", at, name, typ)
			case f.Type != reflect.TypeOf(Rich("")):
				w.t.Errorf("%s/properties/%s is marked rich but %s.%s is a %s", at, name, typ.Name(), f.Name, f.Type)
			default:
				w.marked[typ.Name()+"."+f.Name] = true
			}
		}
		if ok {
			w.walk(p, f.Type, at+"/properties/"+name)
		}
	}
}

func jsonField(typ reflect.Type, name string) (reflect.StructField, bool) {
	if typ.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if strings.Split(f.Tag.Get("json"), ",")[0] == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func richFields(typ reflect.Type, found map[string]bool, seen map[reflect.Type]bool) {
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || seen[typ] {
		return
	}
	seen[typ] = true
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if f.Type == reflect.TypeOf(Rich("")) {
			found[typ.Name()+"."+f.Name] = true
		}
		if f.IsExported() {
			richFields(f.Type, found, seen)
		}
	}
}
