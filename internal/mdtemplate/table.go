package mdtemplate

import (
	"fmt"
	"reflect"
	"strings"
)

// Table builds a GFM table from a slice of records: one row per element,
// one column per spec "Header=Field" (left-aligned) or "Header=Field>"
// (right-aligned, for numbers). Field is a field or argument-free method
// of the element, or a dotted path of them ("IgGOut.Value"); nil pointers
// print as an en dash. Every cell is escaped like any data value, so the
// table's structure cannot be broken by what the data hold.
//
//	{{table .Batches.Lots "Lot=Lot" "Purpose=Purpose" "Yield (g/L)=Yield.Value>"}}
func Table(rows any, columns ...string) (Markdown, error) {
	if len(columns) == 0 {
		return "", fmt.Errorf("table: no columns; give \"Header=Field\" for each")
	}
	type column struct {
		header string
		path   []string
		right  bool
	}
	cols := make([]column, len(columns))
	for i, spec := range columns {
		h, f, ok := strings.Cut(spec, "=")
		if !ok || h == "" || f == "" {
			return "", fmt.Errorf("table: column %q: write it as \"Header=Field\"", spec)
		}
		c := column{header: h}
		if strings.HasSuffix(f, ">") {
			c.right, f = true, strings.TrimSuffix(f, ">")
		}
		c.path = strings.Split(f, ".")
		cols[i] = c
	}
	v := reflect.ValueOf(rows)
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return "", fmt.Errorf("table: rows must be a list, not %T", rows)
	}
	var b strings.Builder
	b.WriteString("\n|")
	for _, c := range cols {
		h, err := mdCell(c.header)
		if err != nil {
			return "", fmt.Errorf("table: header: %w", err)
		}
		b.WriteString(" " + string(h) + " |")
	}
	b.WriteString("\n|")
	for _, c := range cols {
		if c.right {
			b.WriteString("--:|")
		} else {
			b.WriteString(":--|")
		}
	}
	for i := 0; i < v.Len(); i++ {
		b.WriteString("\n|")
		for _, c := range cols {
			val, err := lookup(v.Index(i), c.path)
			if err != nil {
				return "", fmt.Errorf("table: row %d, column %q: %w", i+1, c.header, err)
			}
			cell, err := mdCell(val)
			if err != nil {
				return "", &dataError{fmt.Errorf("table: the value of .%s in row %d (column %q) %w", strings.Join(c.path, "."), i+1, c.header, err)}
			}
			b.WriteString(" " + string(cell) + " |")
		}
	}
	b.WriteString("\n")
	return Markdown(b.String()), nil
}

// lookup follows a path of fields and methods from v; a nil pointer on the
// way gives nil (printed as an en dash).
func lookup(v reflect.Value, path []string) (any, error) {
	for _, name := range path {
		for v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		if !v.IsValid() || (v.Kind() == reflect.Pointer && v.IsNil()) {
			return nil, nil
		}
		if m := v.MethodByName(name); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() >= 1 {
			v = m.Call(nil)[0]
			continue
		}
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return nil, nil
			}
			v = v.Elem()
		}
		if m := v.MethodByName(name); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() >= 1 {
			v = m.Call(nil)[0]
			continue
		}
		if v.Kind() != reflect.Struct {
			return nil, fmt.Errorf("%s: not a record (%s)", name, v.Type())
		}
		f := v.FieldByName(name)
		if !f.IsValid() || !f.CanInterface() {
			return nil, fmt.Errorf("no field or method %q in %s", name, v.Type())
		}
		v = f
	}
	if !v.IsValid() || (v.Kind() == reflect.Pointer && v.IsNil()) {
		return nil, nil
	}
	return v.Interface(), nil
}
