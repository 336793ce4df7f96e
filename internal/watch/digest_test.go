package watch

import (
	"slices"
	"testing"

	"github.com/regdoc/regdoc/internal/diag"
)

func TestDigestShowsOnlyNewWarnings(t *testing.T) {
	w1 := diag.Diagnostic{Severity: diag.Warning, Code: "DP-01", File: "data/process.json", Line: 10, Pointer: "/a", Message: "old name"}
	w2 := diag.Diagnostic{Severity: diag.Warning, Code: "PT-04", File: "data/claims.json", Line: 3, Pointer: "/b", Message: "vague"}
	e1 := diag.Diagnostic{Severity: diag.Error, Code: "schema/enum", File: "data/process.json", Line: 5, Pointer: "/c", Message: "bad"}
	var g Digest

	show, unchanged := g.Warnings([]diag.Diagnostic{w1, w2})
	if !slices.Equal(show, []diag.Diagnostic{w1, w2}) || unchanged != 0 {
		t.Fatalf("first build: show %v, unchanged %d; want both, 0", show, unchanged)
	}
	// The same warnings, one moved down by an edit above it, and an error:
	// the error is shown, the warnings counted.
	moved := w1
	moved.Line = 14
	show, unchanged = g.Warnings([]diag.Diagnostic{moved, w2, e1})
	if !slices.Equal(show, []diag.Diagnostic{e1}) || unchanged != 2 {
		t.Fatalf("second build: show %v, unchanged %d; want the error, 2", show, unchanged)
	}
	// A warning fixed and a new one: only the new one is shown.
	w3 := w2
	w3.Message = "vaguer"
	show, unchanged = g.Warnings([]diag.Diagnostic{moved, w3})
	if !slices.Equal(show, []diag.Diagnostic{w3}) || unchanged != 1 {
		t.Fatalf("third build: show %v, unchanged %d; want w3, 1", show, unchanged)
	}
	// A build stopped by an error reports fewer warnings; those it did not
	// reach are not forgotten.
	if show, unchanged = g.Warnings([]diag.Diagnostic{e1}); !slices.Equal(show, []diag.Diagnostic{e1}) || unchanged != 0 {
		t.Fatalf("failed build: show %v, unchanged %d", show, unchanged)
	}
	if show, unchanged = g.Warnings([]diag.Diagnostic{moved, w3}); len(show) != 0 || unchanged != 2 {
		t.Fatalf("after the failed build: show %v, unchanged %d; want nothing, 2", show, unchanged)
	}
	// A warning that went away and came back is news again.
	g.Warnings(nil)
	if show, unchanged = g.Warnings([]diag.Diagnostic{w1}); len(show) != 1 || unchanged != 0 {
		t.Fatalf("after a build without it, a warning is shown again: show %v, unchanged %d", show, unchanged)
	}
}

func TestDigestSaysWhenErrorsAreGone(t *testing.T) {
	var g Digest
	steps := []struct{ errors, gone int }{
		{0, 0}, // a clean first build: nothing was wrong before
		{2, 0}, // two errors: shown by the build itself
		{1, 0}, // one fixed, one left: still failing
		{0, 1}, // the first build after the error: it is gone
		{0, 0}, // and said once only
	}
	for i, s := range steps {
		if got := g.Errors(s.errors); got != s.gone {
			t.Errorf("build %d with %d errors: gone %d, want %d", i+1, s.errors, got, s.gone)
		}
	}
}
