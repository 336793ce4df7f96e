package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/project"
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
	// Open opens the file a diagnostic names, for a file Source does not
	// give (Source nil or returning an error); only the lines shown are
	// read from it, so a huge file (or one that never ends) costs no more
	// than its first lines up to the last one quoted. OpenFile is the one
	// for files on disk.
	Open func(file string) (io.ReadCloser, error)
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
	ds = sorted(ds)
	src := newSourceCache(t.opt.Source, t.opt.Open, ds)
	for _, d := range ds {
		ew.printf("%s\n", t.line(d))
		if line, ok := src.line(d.File, d.Line); ok {
			t.excerpt(ew, line, d)
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

// OpenFile opens a file on disk for Open: without blocking, and only a
// regular file (a FIFO or a device is never read).
func OpenFile(name string) (io.ReadCloser, error) {
	return project.OpenRegular(name)
}

// Limits of what the excerpts read: the longest line kept (longer ones
// are cut, the excerpt shows a window of it anyway) and the most bytes
// read from one file to reach the lines quoted.
const (
	maxExcerptLine = 64 << 10
	maxExcerptRead = 64 << 20
)

// sourceCache holds, per file, the lines the diagnostics quote, each file
// read once and only up to its last quoted line.
type sourceCache struct {
	read  func(string) ([]byte, error)
	open  func(string) (io.ReadCloser, error)
	want  map[string]map[int]bool // file → lines quoted
	files map[string]map[int]string
}

func newSourceCache(read func(string) ([]byte, error), open func(string) (io.ReadCloser, error), ds []diag.Diagnostic) *sourceCache {
	c := &sourceCache{read: read, open: open, want: map[string]map[int]bool{}, files: map[string]map[int]string{}}
	for _, d := range ds {
		if d.File != "" && d.Line > 0 {
			if c.want[d.File] == nil {
				c.want[d.File] = map[int]bool{}
			}
			c.want[d.File][d.Line] = true
		}
	}
	return c
}

// line returns line n (1-based) of file, when it can be read.
func (c *sourceCache) line(file string, n int) (string, bool) {
	if file == "" || n <= 0 || c.read == nil && c.open == nil {
		return "", false
	}
	lines, ok := c.files[file]
	if !ok {
		lines = c.load(file)
		c.files[file] = lines
	}
	l, ok := lines[n]
	return l, ok
}

func (c *sourceCache) load(file string) map[int]string {
	want := c.want[file]
	last := 0
	for n := range want {
		last = max(last, n)
	}
	got := map[int]string{}
	if c.read != nil {
		if b, err := c.read(file); err == nil {
			for i, l := range strings.SplitN(string(b), "\n", last+1) {
				if want[i+1] {
					got[i+1] = l
				}
			}
			return got
		}
	}
	if c.open == nil {
		return got
	}
	f, err := c.open(file)
	if err != nil {
		return got
	}
	defer f.Close()
	r := bufio.NewReaderSize(io.LimitReader(f, maxExcerptRead), 64<<10)
	var cur []byte
	for n := 1; n <= last; {
		chunk, err := r.ReadSlice('\n')
		if len(cur) < maxExcerptLine && want[n] {
			cur = append(cur, chunk[:min(len(chunk), maxExcerptLine-len(cur))]...)
		}
		if err == bufio.ErrBufferFull {
			continue // the rest of a long line
		}
		if want[n] && (err == nil || len(chunk) > 0 || len(cur) > 0) {
			got[n] = strings.TrimSuffix(string(cur), "\n")
		}
		cur = cur[:0]
		n++
		if err != nil {
			break
		}
	}
	return got
}
