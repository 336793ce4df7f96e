// Package dataset reads regdoc's JSON data files. Unlike encoding/json it
// rejects what a reviewer would call an error but JSON decoders shrug off
// (duplicate keys, numbers that overflow, invalid UTF-8), keeps every number
// exactly as written (json.Number), and can say at which line and column any
// JSON pointer's value sits, so that every later check — schema or domain —
// can report a position the writer can jump to.
//
// Positions are computed lazily: parsing a clean file records nothing but the
// value tree, and the byte offsets of the pointers a diagnostic asks for are
// found by one re-scan of the source that follows only their paths; nothing
// the size of the file is kept (LocateAll places many at once).
package dataset

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"sync"
	"syscall"

	"github.com/regdoc/regdoc/internal/diag"
)

// Diagnostic codes produced by this package. They are stable: CI scripts and
// documentation refer to them.
const (
	// CodeSyntax marks malformed JSON; the position is where parsing broke.
	CodeSyntax = "json/syntax"
	// CodeDuplicateKey marks an object member whose name occurred before in
	// the same object; JSON decoders silently keep one of the two values.
	CodeDuplicateKey = "json/duplicate-key"
	// CodeNumber marks a number with a fraction or exponent that cannot be
	// represented as a float64 (1e400). Integers of any length are kept:
	// validators compare them exactly.
	CodeNumber = "json/number"
	// CodeTooDeep marks nesting deeper than Options.MaxDepth.
	CodeTooDeep = "json/too-deep"
	// CodeTooLarge marks input longer than Options.MaxBytes.
	CodeTooLarge = "json/too-large"
)

// Defaults used when an Options field is zero (or negative).
const (
	DefaultMaxBytes = 10 << 20
	DefaultMaxDepth = 512
	// HardMaxDepth caps MaxDepth whatever the caller asks for: the parser
	// recurses once per nesting level, and this bound keeps the goroutine
	// stack small. encoding/json uses the same limit.
	HardMaxDepth = 10000
)

// Options bound the resources one file may consume, so that a hostile or
// broken file fails with a diagnostic instead of exhausting memory or stack.
type Options struct {
	// MaxBytes is the largest accepted input; 0 means DefaultMaxBytes.
	MaxBytes int64
	// MaxDepth is the deepest accepted nesting of objects and arrays;
	// 0 means DefaultMaxDepth. Values above HardMaxDepth are lowered to it.
	MaxDepth int
}

// Limit is the largest input accepted, the default filled in, for
// callers that read the bytes themselves and pass them to Parse.
func (o Options) Limit() int64 { return o.maxBytes() }

func (o Options) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

func (o Options) maxDepth() int {
	switch {
	case o.MaxDepth <= 0:
		return DefaultMaxDepth
	case o.MaxDepth > HardMaxDepth:
		return HardMaxDepth
	}
	return o.MaxDepth
}

// Document is one parsed JSON file.
//
// Value holds map[string]any, []any, json.Number (the number's text exactly
// as written), string, bool or nil — the same shapes encoding/json produces
// with UseNumber, which is what the schema validator expects.
//
// A Document may be built by hand (for tests); positions then come from
// re-scanning Src, and are 0 when Src is not the JSON text of Value.
type Document struct {
	File  string
	Src   []byte
	Value any

	linesOnce sync.Once
	lines     *diag.LineIndex

	locMu sync.Mutex
	spans map[string]span // pointer → offsets of the pointers asked for so far
}

// Parse parses src, which was read from file (used only in diagnostics). It
// returns a nil Document when src cannot be parsed (syntax errors, nesting
// too deep, too large); otherwise a Document together with any diagnostics
// about content that parsed but is wrong (duplicate keys, numbers that
// overflow). Syntax errors stop parsing, so at most one is reported; the
// other kinds are all reported.
//
// A UTF-8 byte order mark at the start (Windows Notepad writes one) is
// accepted, as RFC 8259 allows, and left out of Src: every later reader of
// the text — the manifest, the domain model, the schema compiler — then
// sees plain JSON, so a file passes or fails the same way whichever
// command reads it. Line 1's columns do not count it, as editors do not
// show it.
func Parse(file string, src []byte, opt Options) (*Document, []diag.Diagnostic) {
	src = bytes.TrimPrefix(src, utf8BOM)
	doc := &Document{File: file, Src: src}
	if max := opt.maxBytes(); int64(len(src)) > max {
		return nil, []diag.Diagnostic{tooLarge(file, int64(len(src)), max)}
	}
	p := parser{src: src, text: string(src), maxDepth: opt.maxDepth(), doc: doc}
	v, ok := p.parseDocument()
	if !ok {
		return nil, p.ds
	}
	doc.Value = v
	return doc, p.ds
}

// Load reads and parses the file at path. The error is only for I/O: a
// missing or unreadable file, or a directory. A file larger than
// Options.MaxBytes is not read; it gives a "json/too-large" diagnostic.
func Load(path string, opt Options) (*Document, []diag.Diagnostic, error) {
	// Opened without waiting, so a named pipe (FIFO) is refused below
	// instead of blocking until a writer comes.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if fi.IsDir() {
		return nil, nil, fmt.Errorf("read %s: is a directory, not a JSON file", path)
	}
	if !fi.Mode().IsRegular() {
		// A FIFO would block, a device never end: never read them.
		return nil, nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("it is %s, not a regular file; regdoc reads only regular files", specialKind(fi.Mode()))}
	}
	max := opt.maxBytes()
	if fi.Mode().IsRegular() && fi.Size() > max {
		return nil, []diag.Diagnostic{tooLarge(path, fi.Size(), max)}, nil
	}
	// The limit also guards files that grow while read and special files
	// whose Stat size means nothing.
	src, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(src)) > max {
		return nil, []diag.Diagnostic{tooLarge(path, int64(len(src)), max)}, nil
	}
	doc, ds := Parse(path, src, opt)
	return doc, ds, nil
}

// specialKind names what a path that is not a regular file is.
func specialKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// utf8BOM is the UTF-8 encoding of U+FEFF, the byte order mark.
var utf8BOM = []byte("\xEF\xBB\xBF")

func tooLarge(file string, size, max int64) diag.Diagnostic {
	msg := "file is larger than the limit of " + strconv.FormatInt(max, 10) + " bytes"
	if size > max && size < 1<<62 {
		msg = "file is " + strconv.FormatInt(size, 10) + " bytes, larger than the limit of " + strconv.FormatInt(max, 10) + " bytes"
	}
	msg += "; raise the limit with --max-file-size BYTES if the file is meant to be this large"
	return diag.Diagnostic{Severity: diag.Error, Code: CodeTooLarge, File: file, Message: msg}
}
