package diag

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestLineIndex(t *testing.T) {
	src := []byte("ab\nµc\n\nd")
	li := NewLineIndex(src)
	cases := []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 2}, {6, 2, 3}, {7, 3, 1}, {8, 4, 1}, {100, 4, 2}, {-1, 0, 0},
	}
	for _, c := range cases {
		l, col := li.LineCol(c.off)
		if l != c.line || col != c.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
}

// Editors end lines at LF, CRLF and a lone CR, and do not show a byte
// order mark as a column.
func TestLineIndexLineEndsAndBOM(t *testing.T) {
	src := []byte("\xEF\xBB\xBFa\r\nb\rc\nd")
	cases := []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 1}, {3, 1, 1}, {4, 1, 2}, {5, 1, 3}, {6, 2, 1}, {7, 2, 2}, {8, 3, 1}, {10, 4, 1}, {11, 4, 2},
	}
	li := NewLineIndex(src)
	for _, c := range cases {
		if l, col := li.LineCol(c.off); l != c.line || col != c.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
}

// Resolve, which builds no table, must agree with LineCol everywhere.
func TestResolveAgreesWithLineCol(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "µ", "\n", "\r", "\r\n", " ", "😀", "\xEF\xBB\xBF"}
	for round := 0; round < 200; round++ {
		var src []byte
		for i := rng.IntN(60); i > 0; i-- {
			src = append(src, alphabet[rng.IntN(len(alphabet))]...)
		}
		offs := make([]int, 10)
		for i := range offs {
			offs[i] = rng.IntN(len(src)+3) - 1
		}
		got := NewLineIndex(src).Resolve(offs)
		li := NewLineIndex(src)
		for i, off := range offs {
			l, c := li.LineCol(off)
			if got[i].Line != l || got[i].Col != c {
				t.Fatalf("%q offset %d: Resolve %d:%d, LineCol %d:%d", src, off, got[i].Line, got[i].Col, l, c)
			}
		}
		// Once the table exists Resolve uses it, with the same answers.
		again := li.Resolve(offs)
		for i := range offs {
			if again[i] != got[i] {
				t.Fatalf("%q offset %d: Resolve after LineCol %v, before %v", src, offs[i], again[i], got[i])
			}
		}
	}
}

func TestProblemsThroughWrapping(t *testing.T) {
	p := Problems{{Severity: Error, Code: "x/y", File: "a.md", Line: 3, Col: 4, Message: "bad"}}
	err := fmt.Errorf("rendering: %w", p)
	ds, ok := FromError(err)
	if !ok || len(ds) != 1 || ds[0].Line != 3 {
		t.Fatalf("FromError = %v, %v", ds, ok)
	}
	if _, ok := FromError(errors.New("plain")); ok {
		t.Fatal("a plain error has no diagnostics")
	}
	q := Problems{{Code: "a/b", File: "b.md", Line: 1}, {Code: "a/c", File: "b.md", Line: 2}}
	joined := errors.Join(fmt.Errorf("document a: %w", p), errors.New("document c: plain"), fmt.Errorf("document b: %w", q))
	if ds, ok := FromError(joined); !ok || len(ds) != 3 || ds[0].File != "a.md" || ds[2].Code != "a/c" {
		t.Fatalf("FromError(joined) = %v, %v; want the three diagnostics of both documents", ds, ok)
	}
	if got := p.Error(); got != "a.md:3:4: error x/y: bad" {
		t.Fatalf("Error() = %q", got)
	}
}
