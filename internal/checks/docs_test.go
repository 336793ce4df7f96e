package checks

import (
	"os"
	"strings"
	"testing"
)

// TestRulesDocumented keeps docs/rules.md complete: every rule Run applies
// has a row there with its code and severity, and the page documents no
// rule that does not exist.
func TestRulesDocumented(t *testing.T) {
	b, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 {
			continue
		}
		code := strings.TrimSpace(cells[1])
		if len(code) == 5 && code[2] == '-' {
			rows[code] = strings.TrimSpace(cells[2])
		}
	}
	known := map[string]bool{}
	for _, r := range Rules() {
		known[r.Code] = true
		sev, ok := rows[r.Code]
		if !ok {
			t.Errorf("docs/rules.md has no row for %s (%s)", r.Code, r.Summary)
			continue
		}
		if sev != string(r.Severity) {
			t.Errorf("docs/rules.md gives %s as %s; the rule reports %s", r.Code, sev, r.Severity)
		}
	}
	for code := range rows {
		if !known[code] {
			t.Errorf("docs/rules.md documents %s, which no rule has", code)
		}
	}
}
