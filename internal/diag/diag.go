// Package diag owns the one problem type and the one position conversion in
// regdoc: a Diagnostic says what is wrong and exactly where (file, line,
// column, JSON pointer); Problems is an error made of them; LineIndex turns
// byte offsets into line:column. Parsers, the schema validator, the domain
// checks, the typesetter and the figure reader all emit Diagnostics so that
// the report package can print them in any format and CI can decide the
// exit code from them alone. It also holds the words those messages are
// written with — the one did-you-mean (Closest) and the one way of counting
// things (Plural) — so every message reads alike.
//
// The package depends on the standard library only, so every other package
// can import it without pulling anything else in.
package diag

import (
	"strconv"
	"strings"
)

// Severity says whether a Diagnostic makes the data invalid (Error) or only
// deserves a writer's attention (Warning). Warnings fail CI only in strict mode.
type Severity string

// The severities a Diagnostic can carry.
const (
	// Error marks data that must not be rendered into a submission.
	Error Severity = "error"
	// Warning marks data that is acceptable but probably not what the author meant.
	Warning Severity = "warning"
)

// Diagnostic is one problem found in one file. Positions are 1-based and
// count characters (runes), not bytes, because that is what editors show;
// Line and Col are 0 when the position is unknown (for example a file that is
// too large to read).
type Diagnostic struct {
	Severity Severity `json:"severity"`
	// Code is a stable rule identifier such as "json/syntax",
	// "schema/required" or "PR-01"; scripts and suppressions key on it, so
	// it never changes once released.
	Code string `json:"code"`
	File string `json:"file"`
	// Line is 1-based; 0 when unknown.
	Line int `json:"line"`
	// Col is 1-based and counts runes, not bytes; 0 when unknown.
	Col int `json:"column"`
	// Pointer is the RFC 6901 JSON pointer of the value concerned, "" for
	// the whole document.
	Pointer string `json:"pointer"`
	Message string `json:"message"`
}

// String formats d the way compilers do, so editors and terminals can jump to
// the position:
//
//	file:line:col: error CODE: message (pointer)
//
// " (pointer)" is left out when Pointer is "", and ":line:col" parts that are
// 0 are left out. When File is "" the position prefix starts at the line.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.Grow(len(d.File) + len(d.Code) + len(d.Message) + len(d.Pointer) + 32)
	pos := d.File
	if d.Line > 0 {
		if pos != "" {
			pos += ":"
		}
		pos += strconv.Itoa(d.Line)
		if d.Col > 0 {
			pos += ":" + strconv.Itoa(d.Col)
		}
	}
	if pos != "" {
		b.WriteString(pos)
		b.WriteString(": ")
	}
	sev := d.Severity
	if sev == "" {
		// A zero Severity is a programming slip; treating it as an error
		// keeps the data layer failing closed.
		sev = Error
	}
	b.WriteString(string(sev))
	b.WriteByte(' ')
	b.WriteString(d.Code)
	b.WriteString(": ")
	b.WriteString(d.Message)
	if d.Pointer != "" {
		b.WriteString(" (")
		b.WriteString(d.Pointer)
		b.WriteByte(')')
	}
	return b.String()
}

// IsError reports whether d counts as an error. A Diagnostic with an empty
// Severity counts as an error so that a forgotten field never lets bad data
// through.
func (d Diagnostic) IsError() bool {
	return d.Severity != Warning
}
