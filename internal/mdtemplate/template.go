package mdtemplate

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"text/template"
)

// Template is a parsed, escape-rewritten Markdown template.
type Template struct {
	t *template.Template
}

// Parse parses src as a template named name (the name appears in error
// messages as the file, so use the template's path), with the function
// library and any extra functions, and rewrites every action to escape its
// value. Errors carry name:line:col.
func Parse(name, src string, extra template.FuncMap) (*Template, error) {
	funcs := Funcs()
	for k, v := range extra {
		funcs[k] = v
	}
	funcs[escInline] = mdInline
	funcs[escLineStart] = mdLineStart
	funcs[escCell] = mdCell
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(src)
	if err != nil {
		return nil, err
	}
	// Rewrite each defined template in a fixed order so errors are stable.
	var names []string
	for _, d := range t.Templates() {
		names = append(names, d.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		d := t.Lookup(n)
		if d == nil || d.Tree == nil {
			continue
		}
		r := &rewriter{name: n, tree: d.Tree}
		r.walk(d.Tree.Root, context{})
		if r.err != nil {
			return nil, r.err
		}
	}
	return &Template{t: t}, nil
}

// ParseFS parses the template at path in fsys.
func ParseFS(fsys fs.FS, path string, extra template.FuncMap) (*Template, error) {
	src, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, err
	}
	return Parse(path, string(src), extra)
}

// Execute runs the template on data and writes Markdown to w. Output is
// buffered so nothing is written when execution fails half-way.
func (t *Template) Execute(w io.Writer, data any) error {
	var buf bytes.Buffer
	if err := t.t.Execute(&buf, data); err != nil {
		return fmt.Errorf("%w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Render runs the template and returns the Markdown.
func (t *Template) Render(data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
