package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/diag"
)

func sources(files map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		s, ok := files[name]
		if !ok {
			return nil, errors.New("no such file")
		}
		return []byte(s), nil
	}
}

func writeText(t *testing.T, opt TextOptions, ds ...diag.Diagnostic) string {
	t.Helper()
	var buf bytes.Buffer
	if err := NewText(opt).Write(&buf, []string{"a.json"}, ds); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestTextExcerptPutsCaretUnderColumn(t *testing.T) {
	src := "{\n  \"steps\": [\n    { \"criticality\": \"critical\" }\n  ]\n}\n"
	d := diag.Diagnostic{Severity: diag.Error, Code: "schema/enum", File: "p.json", Line: 3, Col: 22, Pointer: "/steps/0/criticality",
		Message: `value "critical" is not one of the allowed values: "CPP", "KPP", "non-critical"`}
	got := writeText(t, TextOptions{Source: sources(map[string]string{"p.json": src})}, d)
	want := d.String() + "\n" +
		"   3 |     { \"criticality\": \"critical\" }\n" +
		"     |                      ^\n" +
		"1 file checked: 1 error, 0 warnings\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// The caret stands under the opening quote of the value.
	lines := strings.Split(got, "\n")
	if i := strings.Index(lines[2], "^"); lines[1][i] != '"' || lines[1][i+1] != 'c' {
		t.Errorf("caret at %d is not under the value: %q", i, lines[1][i:])
	}
}

func TestTextExcerptCountsRunesAndKeepsTabs(t *testing.T) {
	src := "{\n\t\"unit\": \"µg/mL\", \"x\": 1\n}"
	// Column 19 (in characters) is the 'x' key's quote; µ is two bytes.
	d := diag.Diagnostic{Severity: diag.Warning, Code: "W", File: "f.json", Line: 2, Col: 19, Message: "m"}
	got := writeText(t, TextOptions{Source: sources(map[string]string{"f.json": src})}, d)
	lines := strings.Split(got, "\n")
	caretLine := lines[2]
	if !strings.HasPrefix(caretLine, "     | \t") {
		t.Fatalf("tab not kept in the caret line: %q", caretLine)
	}
	under := []rune(strings.TrimPrefix(caretLine, "     | "))
	shown := []rune(strings.TrimPrefix(lines[1], "   2 | "))
	if len(under) != 19 || shown[18] != '"' || shown[19] != 'x' {
		t.Errorf("caret at rune %d, want 19, under %q", len(under), string(shown))
	}
}

func TestTextExcerptOfLongLineIsWindowed(t *testing.T) {
	long := `{"a":"` + strings.Repeat("x", 300) + `","bad":true}`
	col := strings.Index(long, `"bad"`) + 1
	d := diag.Diagnostic{Severity: diag.Error, Code: "c", File: "m.json", Line: 1, Col: col, Message: "m"}
	got := writeText(t, TextOptions{Source: sources(map[string]string{"m.json": long})}, d)
	lines := strings.Split(got, "\n")
	if n := len([]rune(lines[1])); n > excerptWidth+20 {
		t.Errorf("excerpt line is %d characters long", n)
	}
	i := slices.Index([]rune(lines[2]), '^')
	if !strings.HasPrefix(string([]rune(lines[1])[i:]), `"bad"`) {
		t.Errorf("caret not under \"bad\": %q / %q", lines[1], lines[2])
	}
}

func TestTextWithoutSourceOrPosition(t *testing.T) {
	ds := []diag.Diagnostic{
		{Severity: diag.Error, Code: "json/too-large", File: "big.json", Message: "too large"},
		{Severity: diag.Error, Code: "c", File: "gone.json", Line: 2, Col: 1, Message: "m"},
		{Severity: diag.Error, Code: "c", File: "p.json", Line: 9, Col: 1, Message: "past the end"},
	}
	got := writeText(t, TextOptions{Source: sources(map[string]string{"p.json": "{}\n"})}, ds...)
	if n := strings.Count(got, "\n"); n != 4 {
		t.Errorf("want the three diagnostics and the summary only, got\n%s", got)
	}
	// Without options the text format is exactly New("text").
	var a, b bytes.Buffer
	plain, _ := New("text")
	plain.Write(&a, nil, ds)
	NewText(TextOptions{}).Write(&b, nil, ds)
	if a.String() != b.String() || strings.Contains(a.String(), "\x1b") {
		t.Errorf("NewText(TextOptions{}) differs from New(\"text\"):\n%s\n%s", a.String(), b.String())
	}
}

func TestTextColour(t *testing.T) {
	d := diag.Diagnostic{Severity: diag.Error, Code: "schema/required", File: "p.json", Line: 1, Col: 1, Pointer: "/name", Message: "missing required property 'name'"}
	got := writeText(t, TextOptions{Color: true, Source: sources(map[string]string{"p.json": "{}"})}, d)
	for _, want := range []string{sgrRed + "error" + sgrReset, sgrBold + "p.json:1:1:" + sgrReset, sgrDim + "(/name)" + sgrReset, sgrRed + "^" + sgrReset} {
		if !strings.Contains(got, want) {
			t.Errorf("coloured output lacks %q:\n%q", want, got)
		}
	}
	// Stripped of its escapes, the coloured line is the plain line.
	first := strings.SplitN(got, "\n", 2)[0]
	for _, s := range []string{sgrRed, sgrYellow, sgrBold, sgrDim, sgrCyan, sgrReset} {
		first = strings.ReplaceAll(first, s, "")
	}
	if first != d.String() {
		t.Errorf("coloured line reads %q, want %q", first, d.String())
	}
}

func TestTextNoSummary(t *testing.T) {
	d := diag.Diagnostic{Severity: diag.Error, Code: "c", File: "f.json", Line: 1, Col: 1, Message: "m"}
	got := writeText(t, TextOptions{NoSummary: true}, d)
	if got != d.String()+"\n" {
		t.Errorf("got %q", got)
	}
}

// endless is a file that never ends: numbered lines, forever. It counts
// what is read from it.
type endless struct{ read, line int }

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		s := fmt.Sprintf("line %d\n", e.line+1)
		if n+len(s) > len(p) {
			break
		}
		n += copy(p[n:], s)
		e.line++
	}
	e.read += n
	return n, nil
}

func (e *endless) Close() error { return nil }

// TestExcerptsReadOnlyTheLinesShown: quoting line 3 of a file that never
// ends (a 4 GB file, /dev/zero behind a name) reads a few kilobytes, not
// the file; a device named by a diagnostic is not read at all.
func TestExcerptsReadOnlyTheLinesShown(t *testing.T) {
	src := &endless{}
	w := NewText(TextOptions{Open: func(string) (io.ReadCloser, error) { return src, nil }})
	var out strings.Builder
	ds := []diag.Diagnostic{{Severity: diag.Error, Code: "x", File: "huge.json", Line: 3, Col: 2, Message: "m"}}
	if err := w.Write(&out, nil, ds); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "3 | line 3\n") {
		t.Errorf("line 3 not quoted:\n%s", out.String())
	}
	if src.read > 256<<10 {
		t.Errorf("read %d bytes to quote line 3", src.read)
	}
	done := make(chan string)
	go func() {
		var out strings.Builder
		NewText(TextOptions{Open: OpenFile}).Write(&out, nil, []diag.Diagnostic{{Severity: diag.Error, Code: "x", File: "/dev/zero", Line: 1, Message: "m"}})
		done <- out.String()
	}()
	select {
	case s := <-done:
		if strings.Contains(s, " | ") {
			t.Errorf("a device was quoted:\n%s", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("quoting /dev/zero did not return within 10 s")
	}
}
