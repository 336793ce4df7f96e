package report

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/diag"
)

// textWriter writes one line per diagnostic, as Diagnostic.String gives it
// (file:line:col: severity code: message (pointer)), which editors and
// terminals turn into links, then a summary line. A line break inside a
// message is written as \n so that every diagnostic's first line stays one
// diagnostic for grep and for editors' problem matchers.
//
// With a Source, each diagnostic that has a line is followed by the
// offending line of its file and a caret under the column, indented so the
// diagnostic lines themselves are still the only lines that start at the
// left margin:
//
//	data/process.json:12:7: error schema/enum: value "critical" is not …
//	   12 |       "criticality": "critical",
//	      |                      ^
type textWriter struct {
	opt TextOptions
}

// TextOptions configure the text format for people at a terminal.
type TextOptions struct {
	// Source returns the bytes of the file a diagnostic names, so the
	// offending line can be shown under it; nil shows no excerpts. An
	// error (a file that cannot be read, say) shows no excerpt for that
	// file.
	Source func(file string) ([]byte, error)
	// Color marks severities, positions and carets with ANSI colours. Set
	// it only when the output is a terminal and NO_COLOR is unset.
	Color bool
	// NoSummary leaves out the closing "N files checked" line, for callers
	// such as build that say what follows from the diagnostics themselves.
	NoSummary bool
}

// NewText returns the text Writer with options; New("text") is
// NewText(TextOptions{}), one line per diagnostic and no colour.
func NewText(opt TextOptions) Writer {
	return textWriter{opt: opt}
}

var oneLine = strings.NewReplacer("\r", `\r`, "\n", `\n`)

// ANSI SGR sequences used when TextOptions.Color is set.
const (
	sgrReset  = "\x1b[0m"
	sgrBold   = "\x1b[1m"
	sgrDim    = "\x1b[2m"
	sgrRed    = "\x1b[1;31m"
	sgrYellow = "\x1b[1;33m"
	sgrCyan   = "\x1b[36m"
)

func (t textWriter) Write(w io.Writer, files []string, ds []diag.Diagnostic) error {
	ew := &errWriter{w: w}
	src := newSourceCache(t.opt.Source)
	for _, d := range sorted(ds) {
		ew.printf("%s\n", t.line(d))
		if lines := src.lines(d.File); d.Line > 0 && d.Line <= len(lines) {
			t.excerpt(ew, lines[d.Line-1], d)
		}
	}
	if t.opt.NoSummary {
		return ew.err
	}
	s := summary(len(files), ds)
	if t.opt.Color {
		s = sgrBold + s + sgrReset
	}
	ew.printf("%s\n", s)
	return ew.err
}

// line formats the diagnostic's own line, coloured when asked.
func (t textWriter) line(d diag.Diagnostic) string {
	if !t.opt.Color {
		return oneLine.Replace(d.String())
	}
	// Colour the parts of Diagnostic.String's layout: the position bold,
	// the severity red or yellow, the pointer dim.
	plain := d
	plain.Pointer = ""
	s := oneLine.Replace(plain.String())
	sev := string(d.Severity)
	colour := sgrYellow
	if d.IsError() {
		sev, colour = string(diag.Error), sgrRed
	}
	if i := strings.Index(s, sev+" "+d.Code+": "); i >= 0 {
		pos := s[:i]
		rest := s[i+len(sev):]
		if pos != "" {
			pos = sgrBold + strings.TrimSuffix(pos, " ") + sgrReset + " "
		}
		s = pos + colour + sev + sgrReset + rest
	}
	if d.Pointer != "" {
		s += " " + sgrDim + "(" + oneLine.Replace(d.Pointer) + ")" + sgrReset
	}
	return s
}

// excerptWidth is the most characters of a source line shown; longer lines
// (minified JSON) are cut to a window around the column.
const excerptWidth = 100

// excerpt writes the source line and, when the column is known, a caret
// under it. Tabs are kept in the caret line so the caret lines up whatever
// the terminal's tab width.
func (t textWriter) excerpt(ew *errWriter, line string, d diag.Diagnostic) {
	line = strings.TrimRight(line, "\r")
	if !utf8.ValidString(line) {
		line = strings.ToValidUTF8(line, "\uFFFD")
	}
	runes := []rune(line)
	col := d.Col
	if col > len(runes)+1 {
		col = 0 // a position past the end of the line: show the line only
	}
	start, end := 0, len(runes)
	lead, tail := "", ""
	if len(runes) > excerptWidth {
		c := max(col-1, 0)
		start = max(0, c-excerptWidth/2)
		end = min(len(runes), start+excerptWidth)
		if start > 0 {
			lead = "…"
		}
		if end < len(runes) {
			tail = "…"
		}
	}
	shown := lead + string(runes[start:end]) + tail
	num := strconv.Itoa(d.Line)
	pad := strings.Repeat(" ", len(num))
	gutter, caret := " | ", "^"
	if t.opt.Color {
		gutter = sgrCyan + " | " + sgrReset
		caret = sgrRed + "^" + sgrReset
		if !d.IsError() {
			caret = sgrYellow + "^" + sgrReset
		}
	}
	ew.printf("   %s%s%s\n", num, gutter, shown)
	if col <= 0 {
		return
	}
	var under strings.Builder
	if lead != "" {
		under.WriteByte(' ')
	}
	for _, r := range runes[start : col-1] {
		if r == '\t' {
			under.WriteByte('\t')
		} else {
			under.WriteByte(' ')
		}
	}
	ew.printf("   %s%s%s%s\n", pad, gutter, under.String(), caret)
}

// sourceCache reads each file once per Write and splits it into lines.
type sourceCache struct {
	read  func(string) ([]byte, error)
	files map[string][]string
}

func newSourceCache(read func(string) ([]byte, error)) *sourceCache {
	return &sourceCache{read: read, files: map[string][]string{}}
}

func (c *sourceCache) lines(file string) []string {
	if c.read == nil || file == "" {
		return nil
	}
	if l, ok := c.files[file]; ok {
		return l
	}
	var l []string
	if b, err := c.read(file); err == nil {
		l = strings.Split(string(b), "\n")
	}
	c.files[file] = l
	return l
}
