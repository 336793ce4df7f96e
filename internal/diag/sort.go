package diag

import (
	"cmp"
	"slices"
)

// Sort orders ds by file, line, column, code and message (then pointer and
// severity), so that output does not depend on the order in which parallel
// workers or map iteration produced the diagnostics.
func Sort(ds []Diagnostic) {
	slices.SortStableFunc(ds, Compare)
}

// Compare is the order Sort uses; it returns a negative number when a sorts
// before b, a positive number when after, and 0 when they are equal.
func Compare(a, b Diagnostic) int {
	if c := cmp.Compare(a.File, b.File); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Col, b.Col); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Message, b.Message); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Pointer, b.Pointer); c != 0 {
		return c
	}
	return cmp.Compare(a.Severity, b.Severity)
}

// HasErrors reports whether ds holds anything that should fail a check: any
// error, or in strict mode any warning too.
func HasErrors(ds []Diagnostic, strict bool) bool {
	for _, d := range ds {
		if strict || d.IsError() {
			return true
		}
	}
	return false
}

// Count returns how many errors and warnings ds holds, with the same rule as
// IsError for an empty Severity.
func Count(ds []Diagnostic) (errors, warnings int) {
	for _, d := range ds {
		if d.IsError() {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}
