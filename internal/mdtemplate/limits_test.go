package mdtemplate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/diag"
)

// problem returns the one diagnostic err carries, failing the test if err
// is not diag.Problems.
func problem(t *testing.T, err error) diag.Diagnostic {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	ds, ok := diag.FromError(err)
	if !ok || len(ds) == 0 {
		t.Fatalf("error is not positioned problems: %v", err)
	}
	return ds[0]
}

func wantProblem(t *testing.T, err error, code string, line, col int, words ...string) {
	t.Helper()
	d := problem(t, err)
	if d.Code != code || d.Line != line || (col > 0 && d.Col != col) {
		t.Errorf("problem %s at %d:%d, want %s at %d:%d\n%s", d.Code, d.Line, d.Col, code, line, col, d)
	}
	for _, w := range words {
		if !strings.Contains(d.Message, w) {
			t.Errorf("message lacks %q: %s", w, d.Message)
		}
	}
	for _, internal := range []string{escapeFunc, markFunc, "$"} {
		if strings.Contains(d.Message, internal) {
			t.Errorf("message names internal %q: %s", internal, d.Message)
		}
	}
}

func TestTemplateSizeLimit(t *testing.T) {
	_, err := Parse("big.md", strings.Repeat("x", MaxSourceBytes+1), nil)
	d := problem(t, err)
	if d.Code != CodeTooLarge || d.File != "big.md" || !strings.Contains(d.Message, "4 MiB") {
		t.Errorf("got %s", d)
	}
	if _, err := Parse("ok.md", strings.Repeat("x", MaxSourceBytes), nil); err != nil {
		t.Errorf("a template of exactly the limit refused: %v", err)
	}
}

// bomb is a template of nested defines: each level calls the one below
// eight times over a base text, so the top level expands to 8^levels ×
// len(base) bytes. The tests keep that at 64 MiB, so a broken limit makes
// them fail having used that much, not gigabytes.
func bomb(levels int, base string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{{define "l0"}}%s{{end}}`, base)
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "{{define \"l%d\"}}", i)
		for j := 0; j < 8; j++ {
			fmt.Fprintf(&b, "{{template \"l%d\"}}", i-1)
		}
		b.WriteString("{{end}}")
	}
	fmt.Fprintf(&b, "Start\n{{template \"l%d\"}}\n", levels)
	return b.String()
}

func TestOutputLimitStopsNestedTemplates(t *testing.T) {
	// 2.6 KB of template, 64 MiB of output, stopped at 1 MiB.
	src := bomb(8, "abc ")
	if len(src) > 3000 {
		t.Fatalf("the bomb is %d bytes", len(src))
	}
	tm, err := Parse("bomb.md", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	tm.maxOutput = 1 << 20
	md, err := tm.Render(nil)
	if md != nil {
		t.Errorf("%d bytes of output returned with the error", len(md))
	}
	wantProblem(t, err, CodeLimit, 1, 0, "limit of 1048576 bytes")
	if d := problem(t, err); d.File != "bomb.md" || d.Col < 1 {
		t.Errorf("limit error not positioned: %s", d)
	}

	// The default limit holds too: 64 MiB of expansion (fewer, larger
	// calls, to keep the test fast) stops at 32 MiB.
	tm, err = Parse("bomb.md", bomb(4, strings.Repeat("abcd ", 16<<10/5+1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tm.Render(nil)
	wantProblem(t, err, CodeLimit, 1, 0, fmt.Sprint(MaxOutputBytes))
}

func TestStepLimitStopsLongLoops(t *testing.T) {
	tm, err := Parse("loop.md", "a\n{{range 10000000}}{{end}}b\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	tm.maxSteps = 1000
	_, err = tm.Render(nil)
	wantProblem(t, err, CodeLimit, 2, 1, "loop passes")
}

func TestNumericArgumentsAreRangeChecked(t *testing.T) {
	cases := []struct{ src, words string }{
		{"{{fixed 100000000 1}}", "fixed: 100000000 decimals is out of range"},
		{"{{fixed -1 1}}", "fixed: -1 decimals"},
		{"{{pct 100000000 1}}", "pct: 100000000 decimals"},
		{"{{sig 100000000 1}}", "sig: 100000000 significant figures"},
		{"{{sig 0 1}}", "sig: 0 significant figures"},
		{"{{meansd 100000000 1.0 2.0}}", "meansd: 100000000 decimals"},
		{"{{numeral 9223372036854775807}}", "numeral: step index"},
		{"{{numeral -1}}", "numeral: step index"},
		{"{{add 9223372036854775807 1}}", "add: 9223372036854775807 + 1 overflows"},
		{`{{printf "%0100000000d" 1}}`, "printf: width or precision 0100000000 is out of range"},
		{`{{printf "%.100000000f" 1.0}}`, "printf: width or precision 100000000"},
		{`{{printf "%*d" 100000000 1}}`, "printf: width or precision 100000000"},
	}
	for _, c := range cases {
		tm, err := Parse("n.md", "Value: "+c.src+"\n", nil)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		_, err = tm.Render(nil)
		wantProblem(t, err, CodeExec, 1, 10, c.words)
	}
	// In range, they still work.
	tm, err := Parse("ok.md", `Values: {{fixed 20 1}} {{sig 17 1}} {{numeral 3}} {{add 2 3}} {{printf "%5d" 7}}`, nil)
	if err != nil {
		t.Fatal(err)
	}
	md, err := tm.Render(nil)
	if err != nil || string(md) != "Values: 1.00000000000000000000 1.0000000000000000 108 5     7" {
		t.Errorf("got %q, %v", md, err)
	}
}

func TestExecutionErrorsNameTheDataPath(t *testing.T) {
	type product struct{ Name string }
	type process struct {
		Product product
		Steps   []product
	}
	data := struct{ Process process }{process{Product: product{Name: "Evil \u202e reversed"}, Steps: []product{{"ok"}, {"bad\u0007"}}}}

	tm, err := Parse("p.md", "# Title\n\nName: {{.Process.Product.Name}}\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tm.Render(data)
	wantProblem(t, err, CodeValue, 3, 9, "the value of .Process.Product.Name", "U+202E")

	tm, err = Parse("p.md", "{{range $s := .Process.Steps}}\n- {{$s.Name}}{{end}}\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tm.Render(data)
	wantProblem(t, err, CodeValue, 2, 5, "the value of .Process.Steps[].Name", "U+0007")

	tm, err = Parse("p.md", "ok\n{{with .Process}}{{.Product.Nope}}{{end}}\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tm.Render(data)
	wantProblem(t, err, CodeExec, 2, 28, "the product (.Process.Product) has no field 'Nope' (fields: Name)")

	tm, err = Parse("p.md", "{{range $s := .Process.Steps}}\n{{$s.Nope}}{{end}}\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tm.Render(data)
	wantProblem(t, err, CodeExec, 2, 5, "(.Process.Steps[]) has no field 'Nope'")

	_, err = Parse("p.md", "ok\n{{template \"missing\" .}}\n", nil)
	wantProblem(t, err, CodeUndefined, 2, 1, `"missing"`)

	_, err = Parse("p.md", "ok\n\n{{if .A}}\n", nil)
	wantProblem(t, err, CodeSyntax, 4, 0, "unexpected EOF")
}

func TestAnalysisWorkIsBounded(t *testing.T) {
	defer func(v int) { maxVisits = v }(maxVisits)
	maxVisits = 200
	src := strings.Repeat("{{range .L}}a {{.}} b{{end}}\n", 100)
	_, err := Parse("big.md", src, nil)
	wantProblem(t, err, CodeEscape, 1, 1, "too complex to check")
	maxVisits = 1000
	if _, err := Parse("big.md", src, nil); err != nil {
		t.Errorf("within the budget: %v", err)
	}
}

func TestEscaperFunctionsCannotBeCalled(t *testing.T) {
	for _, src := range []string{"x {{_regdoc_escape 0 .V}}", "{{if true}}{{_regdoc_mark 1}}{{end}}", "{{.V | _regdoc_escape 0}}"} {
		_, err := Parse("own.md", src, nil)
		d := problem(t, err)
		if d.Code != CodeSyntax || d.Line != 1 || !strings.Contains(d.Message, "not defined") {
			t.Errorf("%s: %s", src, d)
		}
	}
}
