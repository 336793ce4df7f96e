package mdtemplate

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/regdoc/regdoc/internal/diag"
)

// Limits on what a template may be and do, so a hostile or mistaken
// template cannot exhaust memory or time. They are documented in
// docs/templates.md.
const (
	// MaxSourceBytes is the largest template accepted: 4 MiB, far above
	// any real template and below the data files' 10 MiB.
	MaxSourceBytes = 4 << 20
	// MaxOutputBytes is the most Markdown one execution may write: 32 MiB,
	// some thousands of pages.
	MaxOutputBytes = 32 << 20
	// MaxSteps is the most range passes and template calls one execution
	// may make, so a loop printing nothing still ends.
	MaxSteps = 10_000_000
)

// Problem codes of template errors; scripts key on them.
const (
	CodeSyntax    = "template/syntax"    // the template does not parse
	CodeTooLarge  = "template/too-large" // the template is over MaxSourceBytes
	CodeEscape    = "template/escape"    // an action prints where a value cannot be escaped
	CodeBranch    = "template/branch"    // branches end in different Markdown contexts
	CodeRange     = "template/range"     // a range body ends elsewhere than it starts
	CodeUndefined = "template/undefined" // a called template is not defined
	CodeExec      = "template/exec"      // execution failed (missing field, function error)
	CodeValue     = "template/value"     // a data value cannot be printed
	CodeLimit     = "template/limit"     // execution passed a limit
)

// Template is a parsed, escape-rewritten Markdown template.
type Template struct {
	t     *template.Template
	file  string
	lines *diag.LineIndex
	src   string
	sites []*site
	paths map[int]string   // data path of each field and variable, by byte offset
	funcs template.FuncMap // every function the template may call, for naming the types they return
	extra template.FuncMap // the caller's functions, for RenderTrace's own parse

	// Limits of one execution; the defaults unless a test lowers them.
	maxOutput int
	maxSteps  int
}

// Parse parses src as a template named name (the name is the file in
// every problem, so use the template's path), with the function library
// and any extra functions, and rewrites every action to escape its value.
// Errors are diag.Problems positioned in the template.
func Parse(name, src string, extra template.FuncMap) (*Template, error) {
	lines := diag.NewLineIndex([]byte(src))
	if len(src) > MaxSourceBytes {
		return nil, diag.Problems{{Severity: diag.Error, Code: CodeTooLarge, File: name,
			Message: fmt.Sprintf("the template is %d bytes, more than the limit of %d (4 MiB); split it into smaller templates", len(src), MaxSourceBytes)}}
	}
	funcs := Funcs()
	for k, v := range extra {
		funcs[k] = v
	}
	// Placeholders: each execution binds its own (see Execute).
	funcs[escapeFunc] = func(int, any) (Markdown, error) { return "", errors.New("not executing") }
	funcs[markFunc] = func(int) (string, error) { return "", nil }
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(src)
	if err != nil {
		d := syntaxProblem(name, err)
		unknownFunction(&d, src, lines, funcs)
		return nil, diag.Problems{d}
	}
	a := &analysis{set: t, src: src, file: name, lines: lines, seen: map[string]bool{},
		siteOf: map[*parse.ActionNode]*site{}, paths: map[int]string{}, derived: map[string]*derivation{}, making: map[string]*derivation{}, marked: map[*parse.ListNode]map[int]bool{}}
	if t.Tree != nil {
		a.walk(t.Tree.Root, single(state{}), ".", vars{})
	}
	a.rewrite()
	if len(a.problems) > 0 {
		return nil, a.problems
	}
	return &Template{t: t, file: name, lines: lines, src: src, sites: a.sites, paths: a.paths, funcs: funcs, extra: extra, maxOutput: MaxOutputBytes, maxSteps: MaxSteps}, nil
}

// syntaxProblem positions a parse error. text/template writes them as
// "template: NAME:LINE: message"; NAME is ours, so the line is read from
// right after it.
func syntaxProblem(name string, err error) diag.Diagnostic {
	d := diag.Diagnostic{Severity: diag.Error, Code: CodeSyntax, File: name, Message: err.Error()}
	rest, ok := strings.CutPrefix(err.Error(), "template: "+name+":")
	if !ok {
		return d
	}
	num, msg, ok := strings.Cut(rest, ": ")
	if line, err := strconv.Atoi(num); ok && err == nil {
		// "unclosed action started at NAME:3" names the file again.
		d.Line, d.Message = line, strings.ReplaceAll(msg, name+":", "line ")
	}
	return d
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
// buffered so nothing is written when execution fails half-way. Errors are
// diag.Problems positioned in the template, except a failure of w itself.
func (t *Template) Execute(w io.Writer, data any) error {
	md, err := t.Render(data)
	if err != nil {
		return err
	}
	_, err = w.Write(md)
	return err
}

// Render runs the template and returns the Markdown.
func (t *Template) Render(data any) ([]byte, error) {
	x := &execution{t: t, data: data, last: -1, valueLen: -1, blankTail: -1, textTail: -1}
	run, err := t.t.Clone()
	if err != nil {
		return nil, err
	}
	run.Funcs(template.FuncMap{escapeFunc: x.escape, markFunc: x.mark})
	if err := run.Execute(x, data); err != nil {
		return nil, diag.Problems{t.execProblem(err, x)}
	}
	return x.out.Bytes(), nil
}
