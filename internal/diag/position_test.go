package diag

import (
	"errors"
	"fmt"
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
	if got := p.Error(); got != "a.md:3:4: error x/y: bad" {
		t.Fatalf("Error() = %q", got)
	}
}
