package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/examples"
	"github.com/regdoc/regdoc/internal/pdftest"
)

const example = "../../examples/ivig-liquid"

// regdoc runs one command line in-process and returns exit code and output.
func regdoc(t *testing.T, envVars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{stdout: &out, stderr: &errb, getenv: func(k string) string { return envVars[k] }}
	code := run(e, args)
	return code, out.String(), errb.String()
}

// copyExample copies the IVIG example (its manifest and data, as embedded
// for 'regdoc init') into a temporary folder so tests can change its data.
func copyExample(t *testing.T) string {
	t.Helper()
	src, err := fs.Sub(examples.FS, "ivig-liquid")
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	if err := os.CopyFS(dst, src); err != nil {
		t.Fatal(err)
	}
	return dst
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lineOf finds the 1-based line of the first occurrence of s in a file.
func lineOf(t *testing.T, path, s string) int {
	t.Helper()
	b, _ := os.ReadFile(path)
	i := bytes.Index(b, []byte(s))
	if i < 0 {
		t.Fatalf("%q not in %s", s, path)
	}
	return bytes.Count(b[:i], []byte("\n")) + 1
}

func pdfText(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pdftest.PageTexts(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return pages
}

// flat joins page texts with white space normalised, so assertions do not
// depend on where lines break.
func flat(pages []string) string {
	return strings.Join(strings.Fields(strings.Join(pages, " ")), " ")
}

func TestBuildExampleWritesRealDocuments(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := regdoc(t, nil, "build", example, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	s222 := filepath.Join(out, "manuf-process-and-controls.pdf")
	pages := pdfText(t, s222)
	text := flat(pages)
	for _, want := range []string{
		"3.2.S.2.2 Description of Manufacturing Process and Process Controls",
		"Cold-ethanol precipitation of Fraction I+II+III",
		"Anion-exchange chromatography, two columns in series, flow-through",
		"76.1 % (7.61 g IgG per L plasma)",
		"It includes 2 dedicated virus reduction steps (P4, P6); the drug product steps add P9, described in 3.2.P.3.3.",
		"22 critical process parameters (CPP), 3 key process parameters (KPP) and 1 non-critical parameter.",
		"are described in 3.2.P.3.3",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("3.2.S.2.2 lacks %q", want)
		}
	}
	// Table cells wrap, and a reader extracts wrapped cells line by line, so
	// cell contents are checked as words in order.
	for _, want := range []string{
		"Ethanol 25 24–26 23–27 CPP",
		"Temperature °C −5 −6 to −4 −7 to −3 CPP",
		"Free caprylate mM – ≥ 18 ≥ 18 CPP",
		"IgA in flow-through AEX flow-through ≤ 10 µg/mL Yes",
		"P7 Ultrafiltration/diafiltration and formulation", "30.901 kg 30.437 kg 98.5 % 76.1 %",
		"IgG yield to the drug substance (computed from step masses, steps P1–P7)",
	} {
		if !containsWords(text, want) {
			t.Errorf("3.2.S.2.2 lacks the words %q in order", want)
		}
	}
	// Filling and the final-container incubation are drug product steps,
	// described in 3.2.P.3.3, not here; nor is the yield to the final
	// container (3.2.P.3.3, 3.2.P.3.5).
	for _, absent := range []string{"P8 Sterile filtration and aseptic filling", "Fill weight", "Incubation time and temperature record", "Sterile-filtered bulk", "to the final container", "75.0 %"} {
		if strings.Contains(text, absent) {
			t.Errorf("3.2.S.2.2 still describes the drug product: %q", absent)
		}
	}
	for i, p := range pages {
		if !strings.Contains(p, "ILLUSTRATIVE DATA") {
			t.Errorf("3.2.S.2.2 page %d does not say the data are illustrative", i+1)
		}
		if !strings.Contains(p, "of "+strconv.Itoa(len(pages))) {
			t.Errorf("3.2.S.2.2 page %d lacks 'of %d' (page X of Y)", i+1, len(pages))
		}
	}
	raw, _ := os.ReadFile(s222)
	if !bytes.HasPrefix(raw, []byte("%PDF-1.4")) {
		t.Errorf("3.2.S.2.2 header %q, want %%PDF-1.4", raw[:8])
	}
	info, err := pdftest.Info(raw)
	if err != nil {
		t.Fatal(err)
	}
	if info["Title"] != "3.2.S.2.2 Description of Manufacturing Process and Process Controls" || info["Author"] == "" || !strings.Contains(info["Subject"], "3.2.S.2.2") {
		t.Errorf("document info = %v", info)
	}
	marks, err := pdftest.Bookmarks(raw)
	if err != nil || len(marks) == 0 {
		t.Fatalf("no bookmarks (%v)", err)
	}

	patent := flat(pdfText(t, filepath.Join(out, "patent-process-exhibit.pdf")))
	for _, want := range []string{"[0001]", "[0002]", "75.0 %", "44.6 %", "Fraction II precipitation", "Caprylate incubation", "30.4 percentage points"} {
		if !strings.Contains(patent, want) {
			t.Errorf("patent exhibit lacks %q", want)
		}
	}
	if !strings.Contains(stdout, "manuf-process-and-controls.pdf") || !strings.Contains(stdout, "pages") {
		t.Errorf("build output does not list the documents: %q", stdout)
	}
}

// containsWords reports whether the words of phrase occur in text in order,
// each word whole, with at most a few other words between neighbours.
func containsWords(text, phrase string) bool {
	words := strings.Fields(text)
	want := strings.Fields(phrase)
	for start := range words {
		if words[start] != want[0] {
			continue
		}
		i, gap := start+1, 0
		k := 1
		for ; k < len(want) && i < len(words) && gap <= 12; i++ {
			if words[i] == want[k] {
				k++
				gap = 0
				continue
			}
			gap++
		}
		if k == len(want) {
			return true
		}
	}
	return false
}

func TestBuildIsReproducible(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if code, _, stderr := regdoc(t, nil, "build", example, "-o", a, "-q"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := regdoc(t, map[string]string{"TZ": "Asia/Tokyo"}, "build", example, "-o", b, "-q"); code != 0 {
		t.Fatal(stderr)
	}
	for _, name := range []string{"manuf-process-and-controls.pdf", "patent-process-exhibit.pdf"} {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds (%d vs %d bytes)", name, len(x), len(y))
		}
	}
}

func TestChangedDataChangesTheDocuments(t *testing.T) {
	dir := copyExample(t)
	// Lose more product in sterile filtration and filling (P8, a drug
	// product step): 30.000 → 29.000 kg out, so the overall yield to the
	// final container falls from 75.0 % to 72.5 %; the drug substance's,
	// 76.1 %, stays.
	p := filepath.Join(dir, "data", "process.json")
	edit(t, p, `"product_out": { "value": 30.000, "unit": "kg" }`, `"product_out": { "value": 29.000, "unit": "kg" }`)
	edit(t, p, `"product_in": { "value": 30.000, "unit": "kg" }`, `"product_in": { "value": 29.000, "unit": "kg" }`)
	edit(t, p, `"product_out": { "value": 30.000, "unit": "kg" }`, `"product_out": { "value": 29.000, "unit": "kg" }`)
	edit(t, p, `"declared_overall_yield": { "value": 75.0, "unit": "%" }`, `"declared_overall_yield": { "value": 72.5, "unit": "%" }`)
	out := t.TempDir()
	if code, stdout, stderr := regdoc(t, nil, "build", dir, "-o", out); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	text := flat(pdfText(t, filepath.Join(out, "dp-process-validation.pdf")))
	if !strings.Contains(text, "to the final container, is 72.5 %") || strings.Contains(text, "75.0 %") {
		t.Errorf("3.2.P.3.5 does not show the recomputed 72.5 %% yield")
	}
	text = flat(pdfText(t, filepath.Join(out, "manuf-process-and-controls.pdf")))
	if !strings.Contains(text, "76.1 % (7.61 g IgG per L plasma)") || strings.Contains(text, "72.5 %") {
		t.Errorf("3.2.S.2.2 does not keep the drug substance yield, 76.1 %%, or gives the final container's")
	}
	patent := flat(pdfText(t, filepath.Join(out, "patent-process-exhibit.pdf")))
	if !strings.Contains(patent, "72.5 %") || !strings.Contains(patent, "27.9 percentage points") {
		t.Errorf("patent exhibit does not show the recomputed comparison")
	}
}

func TestValidateExampleIsClean(t *testing.T) {
	code, stdout, stderr := regdoc(t, nil, "validate", example)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "0 errors") {
		t.Errorf("summary missing: %q", stdout)
	}
}

func TestValidateReportsPositions(t *testing.T) {
	cases := []struct {
		name, file, old, new, find, code string
	}{
		{"duplicate key", "process.json", `"id": "P2-ph", "name": "pH",`, `"id": "P2-ph", "name": "pH", "name": "pH again",`, `"name": "pH again"`, "json/duplicate-key"},
		{"wrong type", "batches.json", `{ "test": "protein", "value": 101.2 }`, `{ "test": "protein", "value": "101.2" }`, `"101.2"`, "schema/"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copyExample(t)
			path := filepath.Join(dir, "data", c.file)
			edit(t, path, c.old, c.new)
			code, stdout, stderr := regdoc(t, nil, "validate", dir)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
			}
			want := filepath.Join(dir, "data", c.file) + ":" + strconv.Itoa(lineOf(t, path, c.find)) + ":"
			if !strings.Contains(stdout, want) || !strings.Contains(stdout, c.code) {
				t.Errorf("output lacks %q with %s:\n%s", want, c.code, stdout)
			}
		})
	}
}

func TestInvalidDataBuildsNothing(t *testing.T) {
	dir := copyExample(t)
	out := filepath.Join(dir, "out")
	if code, _, stderr := regdoc(t, nil, "build", dir); code != 0 {
		t.Fatal(stderr)
	}
	before, _ := os.ReadFile(filepath.Join(out, "manuf-process-and-controls.pdf"))
	edit(t, filepath.Join(dir, "data", "process.json"), `"criticality": "CPP"`, `"criticality": "critical"`)
	code, _, stderr := regdoc(t, nil, "build", dir)
	if code != 1 || !strings.Contains(stderr, "nothing was built") || !strings.Contains(stderr, "CPP") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	after, _ := os.ReadFile(filepath.Join(out, "manuf-process-and-controls.pdf"))
	if !bytes.Equal(before, after) {
		t.Error("a failed build changed the earlier output")
	}
}

func TestUsageErrors(t *testing.T) {
	if code, _, stderr := regdoc(t, nil, "biuld"); code != 2 || !strings.Contains(stderr, "regdoc build") {
		t.Errorf("unknown command: exit %d, %q", code, stderr)
	}
	if code, _, _ := regdoc(t, nil, "validate", "--format", "xml", example); code != 2 {
		t.Errorf("bad format: exit %d", code)
	}
	if code, _, _ := regdoc(t, nil, "build", "/nonexistent/project"); code != 2 {
		t.Errorf("missing folder: exit %d", code)
	}
	// Asked-for help goes to stdout, so it can be paged.
	if code, stdout, _ := regdoc(t, nil, "build", "--help"); code != 0 || !strings.Contains(stdout, "Examples:") {
		t.Errorf("help: exit %d, %q", code, stdout)
	}
}
