package mdtemplate

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/diag"
)

// execution is the state of one run of a template: its output, bounded,
// and the last place it reached, for positioning a limit passed.
type execution struct {
	t     *Template
	data  any // what the template runs on, for naming a field it lacks
	out   bytes.Buffer
	steps int
	last  int // site of the last value printed or place reached; -1 before any

	valueLen  int  // length of the value escape just returned (its Write comes next); -1 if none
	valueText bool // that value is running text or a table cell
	blankTail int  // output length when the output ends in a value's trailing blank; -1 if not
	textTail  int  // output length when the output ends in a value printed as text; -1 if not
}

// limitError is the output or step limit passed.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

// valueError is a data value that cannot be printed at a site.
type valueError struct {
	site int
	err  error
}

func (e *valueError) Error() string { return e.err.Error() }

func (x *execution) Write(p []byte) (int, error) {
	if len(p) > 0 && x.blankTail == x.out.Len() && strings.IndexByte("*_~", p[0]) >= 0 {
		// White space (a no-break space too) ending a value before an
		// emphasis delimiter would keep the delimiter from closing the
		// emphasis the template opened.
		b := x.out.Bytes()
		x.out.Truncate(len(bytes.TrimRightFunc(b, isBlank)))
	}
	guard := len(p) > 0 && x.textTail == x.out.Len() && x.completes(p)
	isValue := x.valueLen == len(p)
	x.valueLen, x.blankTail, x.textTail = -1, -1, -1
	if x.out.Len()+len(p)+1 > x.t.maxOutput {
		return 0, &limitError{fmt.Sprintf("the template's output passed the limit of %d bytes; a loop or nested templates repeat too much", x.t.maxOutput)}
	}
	if guard {
		x.out.WriteByte('\\')
	}
	n, err := x.out.Write(p)
	if r, _ := utf8.DecodeLastRune(p); isValue && isBlank(r) {
		x.blankTail = x.out.Len()
	}
	if isValue && x.valueText {
		x.textTail = x.out.Len()
	}
	return n, err
}

// closeBefore escapes what the template text just written leaves open
// for a value to complete: a trailing backslash, which would escape the
// backslash that escapes the value's first punctuation; a trailing "&",
// "&#" or "&#x", which the value's letters or digits would make an entity
// ("&" then "amp;"); a trailing "<", which they would make an autolink or
// a tag ("<" then "http:x" and the template's ">"). Each time the
// template's character is escaped in the output, which prints the same.
func (x *execution) closeBefore(value Markdown) {
	b := x.out.Bytes()
	n := len(b)
	run := 0
	for run < n && b[n-1-run] == '\\' {
		run++
	}
	if run%2 == 1 {
		x.out.WriteByte('\\')
		return
	}
	if value == "" {
		return
	}
	openers := []string{"<"} // any value can go on to make an autolink or a tag
	if c := value[0]; c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '#' {
		openers = append(openers, "&", "&#", "&#x", "&#X")
	}
	for _, open := range openers {
		k := n - len(open)
		if k >= 0 && string(b[k:]) == open && (k == 0 || b[k-1] != '\\') {
			tail := open
			x.out.Truncate(k)
			x.out.WriteString("\\" + tail)
			return
		}
	}
}

// isBlank reports whether r is white space within a line (a no-break
// space too), which CommonMark's emphasis rules treat as a blank.
func isBlank(r rune) bool { return unicode.IsSpace(r) && r != '\n' && r != '\r' }

// completes reports whether template text p, right after a value printed
// as text, would join the value's last characters into structure the
// value alone could not make: a number starting the line and ". x" (an
// ordered list), "Table" or "Figure" starting the line and ": x" (a
// caption), "http" and "://", "www" and "." or a word and "@host" (a
// link). Then p's first character is escaped.
func (x *execution) completes(p []byte) bool {
	if p[0] == '@' {
		return true // the value's last word and "@example.org" would make an e-mail link
	}
	if strings.IndexByte(".):", p[0]) < 0 {
		return false
	}
	b := x.out.Bytes()
	line := b[bytes.LastIndexByte(b, '\n')+1:]
	if len(line) > maxLookBack {
		return false
	}
	body := strings.TrimLeft(stripContainers(string(line)), " \t")
	word := body[strings.LastIndexAny(body, " \t")+1:]
	switch p[0] {
	case '.', ')':
		if n := len(body); n >= 1 && n <= 9 && strings.Trim(body, "0123456789") == "" {
			return true
		}
		return p[0] == '.' && strings.EqualFold(word, "www")
	case ':':
		if body == "Table" || body == "Figure" {
			return true
		}
		w := strings.ToLower(word)
		return bytes.HasPrefix(p, []byte("://")) && (w == "http" || w == "https" || w == "ftp")
	}
	return false
}

func (x *execution) escape(id int, v any) (Markdown, error) {
	if id < 0 || id >= len(x.t.sites) {
		return "", fmt.Errorf("unknown action %d", id)
	}
	x.last = id
	m := x.t.sites[id].mode
	x.refine(&m)
	out, err := escapeValue(m, v)
	if err != nil {
		return "", &valueError{site: id, err: err}
	}
	if m.kind == kindText || m.kind == kindCell {
		x.closeBefore(out)
	}
	x.valueLen, x.valueText = len(out), m.kind == kindText || m.kind == kindCell
	return out, nil
}

// maxLookBack bounds how much of the current output line refine reads; a
// longer line is left to the analysis's answer.
const maxLookBack = 4096

// refine settles, from the output so far, what the analysis could only
// bound: whether the value starts its line's text (the values before it
// may have printed nothing) and whether an emphasis delimiter stands
// right before it.
func (x *execution) refine(m *mode) {
	b := x.out.Bytes()
	line := b[bytes.LastIndexByte(b, '\n')+1:]
	if len(line) > maxLookBack {
		return
	}
	switch m.kind {
	case kindText, kindCell:
		t := strings.TrimSpace(stripContainers(string(line)))
		m.lineStart = t == ""
		m.unsettled = m.kind == kindText && !strings.HasPrefix(t, "|") && unsettledLine(t)
		m.trimLeft = len(line) > 0 && strings.IndexByte("*_~", line[len(line)-1]) >= 0
	case kindDest:
		// The destination so far: after "](" or a definition's "]:".
		if i := bytes.LastIndex(line, []byte("](")); i >= 0 {
			m.destSoFar = string(line[i+2:])
		} else if i := bytes.LastIndex(line, []byte("]:")); i >= 0 {
			m.destSoFar = strings.TrimLeft(string(line[i+2:]), " \t")
		}
		m.destSoFar = strings.TrimPrefix(m.destSoFar, "<")
	}
}

func (x *execution) mark(id int) (string, error) {
	x.last = id
	x.steps++
	if x.steps > x.t.maxSteps {
		return "", &limitError{fmt.Sprintf("the template made more than %d loop passes and template calls; a loop runs too long", x.t.maxSteps)}
	}
	return "", nil
}

// execProblem turns an execution error into a problem at the action that
// failed.
func (t *Template) execProblem(err error, x *execution) diag.Diagnostic {
	d := diag.Diagnostic{Severity: diag.Error, Code: CodeExec, File: t.file}
	var ve *valueError
	var le *limitError
	switch {
	case errors.As(err, &ve):
		s := t.sites[ve.site]
		d.Code, d.Line, d.Col = CodeValue, s.pos.Line, s.pos.Col
		d.Message = fmt.Sprintf("the value of %s %s", s.path, ve.err)
		return d
	case errors.As(err, &le):
		d.Code, d.Message = CodeLimit, le.msg
		if x.last >= 0 {
			d.Line, d.Col = t.sites[x.last].pos.Line, t.sites[x.last].pos.Col
			d.Message += " (the last place reached is shown)"
		}
		return d
	}
	// text/template writes "template: NAME:LINE:BYTE: executing "T" at
	// <NODE>: message"; NAME is ours, LINE and BYTE (0-based, in bytes)
	// locate the node.
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, "template: "+t.file+":")
	if !ok {
		d.Message = msg
		return d
	}
	loc, after, _ := strings.Cut(rest, ": ")
	lineText, byteText, _ := strings.Cut(loc, ":")
	line, err1 := strconv.Atoi(lineText)
	col, err2 := strconv.Atoi(byteText)
	off := -1
	if err1 == nil && err2 == nil {
		off = t.offset(line, col)
		d.Line, d.Col = t.lines.LineCol(off)
		rest = after
	} else {
		rest = strings.TrimSpace(rest) // no node: "template: NAME: message"
	}
	node := ""
	if _, after, ok := strings.Cut(rest, " at <"); ok {
		if n, m, ok := strings.Cut(after, ">: "); ok {
			node, rest = n, m
		}
	}
	if p, ok := t.paths[off]; ok && (strings.HasPrefix(node, ".") || strings.HasPrefix(node, "$")) {
		node = p // ".Nope" inside {{range .Process.Steps}} is .Process.Steps[].Nope
	}
	if m, ok := fieldProblem(node, rest, x.data, t.funcs); ok {
		d.Message = m
	} else {
		d.Message = cleanExecMessage(node, rest)
	}
	var de *dataError
	if errors.As(err, &de) {
		d.Code = CodeValue
	}
	return d
}

// offset turns text/template's line and 0-based byte offset in the line
// into a byte offset in the source.
func (t *Template) offset(line, byteInLine int) int {
	off, l := 0, 1
	for l < line {
		i := strings.IndexByte(t.src[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		l++
	}
	return min(off+byteInLine, len(t.src))
}

// cleanExecMessage says what failed in the template's terms: the function
// that failed and why, or the data path that is missing. It never names
// the rewriter's own functions.
func cleanExecMessage(node, msg string) string {
	if i := strings.Index(msg, "error calling "); i >= 0 {
		rest := msg[i+len("error calling "):]
		if fn, why, ok := strings.Cut(rest, ": "); ok {
			if fn == escapeFunc || fn == markFunc {
				return why
			}
			return fn + ": " + strings.TrimPrefix(why, fn+": ")
		}
	}
	if i := strings.Index(node, " | "+escapeFunc); i >= 0 {
		node = node[:i]
	}
	if strings.Contains(msg, "can't evaluate field") || strings.Contains(msg, "map has no entry") || strings.Contains(msg, "nil pointer evaluating") {
		return fmt.Sprintf("%s: %s; check the name against the data (see 'regdoc schemas')", node, msg)
	}
	if node != "" {
		return fmt.Sprintf("%s: %s", node, msg)
	}
	return msg
}
