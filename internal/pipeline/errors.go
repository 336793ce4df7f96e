package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"github.com/regdoc/regdoc/internal/diag"
)

// Class says whose move a failure is, which is what decides the exit code
// of a command: the pipeline classifies, the CLI maps classes to codes.
type Class int

const (
	// Unclassified is an error the pipeline did not expect.
	Unclassified Class = iota
	// Invalid is a problem in the inputs — the data, a template, a
	// Markdown file or the manifest — that the writer fixes (exit 1).
	Invalid
	// Refused is a request that cannot be carried out as asked: it would
	// overwrite a file, or names nothing (exit 2, like a usage mistake).
	Refused
	// IO is a failure to read or write that is no fault of the inputs: a
	// full disk, a read-only folder, a file where a folder belongs (exit 2).
	IO
)

func (c Class) String() string {
	switch c {
	case Invalid:
		return "invalid input"
	case Refused:
		return "refused"
	case IO:
		return "I/O error"
	}
	return "error"
}

// Error is a failure with its class. Its message is Err's.
type Error struct {
	Class Class
	Err   error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// ClassOf classifies err: the class the pipeline gave it, else IO for an
// error of the file system or the operating system, Invalid for positioned
// problems, and Unclassified otherwise.
func ClassOf(err error) Class {
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	var ioe *IOError
	var pe *fs.PathError
	var le *os.LinkError
	var se *os.SyscallError
	var errno syscall.Errno
	switch {
	case errors.As(err, &ioe), errors.As(err, &pe), errors.As(err, &le), errors.As(err, &se), errors.As(err, &errno):
		return IO
	}
	if _, ok := diag.FromError(err); ok {
		return Invalid
	}
	return Unclassified
}

func invalid(err error) error   { return classed(Invalid, err) }
func ioFailure(err error) error { return classed(IO, err) }

// refusef is a refusal, worded like fmt.Errorf.
func refusef(format string, args ...any) error {
	return &Error{Class: Refused, Err: fmt.Errorf(format, args...)}
}

// classed gives err a class unless it has one already (an inner class is
// the more precise) or is nil.
func classed(c Class, err error) error {
	var e *Error
	if err == nil || errors.As(err, &e) {
		return err
	}
	return &Error{Class: c, Err: err}
}
