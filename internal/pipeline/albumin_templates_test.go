package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

// TestAlbuminTemplatesPrintProcessRanges: the albumin project's own
// templates print the incubation (A8) and pasteurisation (A7) conditions
// from process.json, so a changed range reaches 3.2.P.5.1 and 3.2.A.2.
func TestAlbuminTemplatesPrintProcessRanges(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example")
	}
	texts := func(dir string) map[string]string {
		l := loadProject(t, dir)
		out := t.TempDir()
		only := map[string]string{"p51": "specifications.pdf", "a2": "adventitious-agents-summary.pdf"}
		if _, err := l.Build(Options{Out: out, Only: []string{"p51", "a2"}}); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for id, name := range only {
			b, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			text, err := pdftest.Text(b)
			if err != nil {
				t.Fatal(err)
			}
			got[id] = strings.Join(strings.Fields(strings.ReplaceAll(text, "\u00a0", " ")), " ")
		}
		return got
	}
	contains := func(what, text, want string) {
		t.Helper()
		if !strings.Contains(text, want) {
			t.Errorf("%s: %q is not in the text:\n%s", what, want, text)
		}
	}
	src := filepath.Join("..", "..", "examples", "albumin-20")
	before := texts(src)
	contains("p51", before["p51"], "incubation of every container at 30–32 °C for at least 14 d (3.2.P.3.3)")
	contains("a2", before["a2"], "held at 60.0 °C (normal operating range 59.5–60.5 °C) for 10–11 h (step A7)")

	dir := copyTree(t, src)
	p := filepath.Join(dir, "data", "process.json")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, r := range []struct{ old, new string }{
		// A8-temp: set point 31, NOR and PAR 30–32 °C, moved to 31–33 °C.
		{`"id": "A8-temp",
          "name": "Incubation temperature",
          "unit": "°C",
          "set_point": 31,
          "nor": {
            "low": 30,
            "high": 32
          },
          "par": {
            "low": 30,
            "high": 32
          },`, `"id": "A8-temp",
          "name": "Incubation temperature",
          "unit": "°C",
          "set_point": 32,
          "nor": {
            "low": 31,
            "high": 33
          },
          "par": {
            "low": 31,
            "high": 33
          },`},
		// A7-time: NOR 10–11 h, moved to 10–10.5 h.
		{`"id": "A7-time",
          "name": "Time at temperature",
          "unit": "h",
          "set_point": 10,
          "nor": {
            "low": 10,
            "high": 11
          },`, `"id": "A7-time",
          "name": "Time at temperature",
          "unit": "h",
          "set_point": 10,
          "nor": {
            "low": 10,
            "high": 10.5
          },`},
	} {
		if !strings.Contains(s, r.old) {
			t.Fatalf("%s no longer holds\n%s", p, r.old)
		}
		s = strings.Replace(s, r.old, r.new, 1)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	after := texts(dir)
	contains("p51 after A8-temp changed", after["p51"], "incubation of every container at 31–33 °C for at least 14 d (3.2.P.3.3)")
	contains("a2 after A7-time changed", after["a2"], "held at 60.0 °C (normal operating range 59.5–60.5 °C) for 10–10.5 h (step A7)")
	for id, text := range after {
		if strings.Contains(text, "30 to 32") || strings.Contains(text, "30–32") || strings.Contains(text, "10 hours") {
			t.Errorf("%s still prints the old conditions:\n%s", id, text)
		}
	}
}
