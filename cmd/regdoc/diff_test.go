package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/regdoc/regdoc/internal/provenance"
)

// proposeFourChanges edits a copy of the IVIG example the way a
// post-approval supplement might: step P2 renamed, the PAR of the
// caprylate concentration widened, the Anti-HBs test removed from the
// specification (with its results, as the data rules require) and a
// fourth batch added.
func proposeFourChanges(t *testing.T, dir string) {
	t.Helper()
	data := filepath.Join(dir, "data")
	edit(t, filepath.Join(data, "process.json"), `"name": "Cold-ethanol precipitation of Fraction I+II+III"`, `"name": "Cold-ethanol precipitation (Fraction I+II+III)"`)
	process, err := os.ReadFile(filepath.Join(data, "process.json"))
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Index(string(process), `"id": "P3-caprylate"`)
	par := regexp.MustCompile(`"par": \{ "low": 15, "high": 25 \}`).FindStringIndex(string(process)[at:])
	if at < 0 || par == nil {
		t.Fatal("the example's caprylate PAR moved; update the test")
	}
	process = []byte(string(process)[:at+par[0]] + `"par": { "low": 15, "high": 28 }` + string(process)[at+par[1]:])
	if err := os.WriteFile(filepath.Join(data, "process.json"), process, 0o644); err != nil {
		t.Fatal(err)
	}
	spec, err := os.ReadFile(filepath.Join(data, "specification.json"))
	if err != nil {
		t.Fatal(err)
	}
	spec = regexp.MustCompile(`\n    \{ "id": "anti-hbs"[^\n]*`).ReplaceAll(spec, nil)
	if err := os.WriteFile(filepath.Join(data, "specification.json"), spec, 0o644); err != nil {
		t.Fatal(err)
	}
	batches, err := os.ReadFile(filepath.Join(data, "batches.json"))
	if err != nil {
		t.Fatal(err)
	}
	b := regexp.MustCompile(`\n\s*\{ "test": "anti-hbs"[^\n]*`).ReplaceAllString(string(batches), "")
	// The new batch: lot RGX-24-003 again, as RGX-24-004.
	start := strings.LastIndex(b[:strings.Index(b, `"lot": "RGX-24-003"`)], "{")
	depth, end := 0, 0
	for i := start; i < len(b); i++ {
		switch b[i] {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth == 0 {
			end = i + 1
			break
		}
	}
	lot := strings.ReplaceAll(b[start:end], "RGX-24-003", "RGX-24-004")
	b = b[:end] + ",\n    " + lot + b[end:]
	if err := os.WriteFile(filepath.Join(data, "batches.json"), []byte(b), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDiffReportsExactlyTheFourChanges compares the IVIG example with a
// copy carrying four changes and checks that the text, the JSON and the
// Summary of Changes PDF each report exactly those four.
func TestDiffReportsExactlyTheFourChanges(t *testing.T) {
	approved, proposed := copyExample(t), copyExample(t)
	proposeFourChanges(t, proposed)
	if code, out, errs := regdoc(t, nil, "validate", proposed, "-q"); code != 0 {
		t.Fatalf("the proposed copy is invalid: %s%s", out, errs)
	}
	// The writer's justification of the PAR, keyed as the JSON output keys it.
	just := `{ "justifications": { "process/steps[P3]/parameters[P3-caprylate]/par": "Characterisation study PC-07 (2025) shows purity and clearance unchanged up to 30 mM." } }`
	if err := os.WriteFile(filepath.Join(proposed, "justifications.json"), []byte(just), 0o644); err != nil {
		t.Fatal(err)
	}

	code, text, errs := regdoc(t, nil, "diff", approved, proposed, "--approved", "sequence 0000", "--proposed", "sequence 0001")
	if code != 0 {
		t.Fatalf("diff exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"4 changes:",
		"renamed step P2 (Cold-ethanol precipitation (Fraction I+II+III)) › name  [3.2.S.2.2]",
		"approved: Cold-ethanol precipitation of Fraction I+II+III",
		"changed step P3 (Caprylate precipitation and depth filtration) › parameter P3-caprylate (Caprylate concentration) › PAR  [3.2.S.2.2, 3.2.S.2.4]",
		"approved: 15–25 mM", "proposed: 15–28 mM",
		"justification: Characterisation study PC-07",
		"removed specification test anti-hbs (Anti-HBs), and its results in 3 batches or time points  [3.2.S.4.1]",
		"added batch RGX-24-004  [3.2.S.4.4]",
		"specification.pdf: page 1 changed",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
	if n := len(regexp.MustCompile(`(?m)^ +\d+\. `).FindAllString(text, -1)); n != 4 {
		t.Errorf("text output lists %d changes, want 4:\n%s", n, text)
	}
	if !regexp.MustCompile(`(?m)^  \d+ documents unchanged$`).MatchString(text) || strings.Contains(text, "adventitious-agents-summary.pdf") {
		t.Errorf("the viral-safety document does not show the changes and must be unchanged:\n%s", text)
	}

	code, js, errs := regdoc(t, nil, "diff", approved, proposed, "--format", "json", "--pages=false")
	if code != 0 {
		t.Fatalf("diff --format json exit %d: %s", code, errs)
	}
	var res struct {
		Changes []struct{ Key, Action, Old, New, Justification, Section string } `json:"changes"`
	}
	if err := json.Unmarshal([]byte(js), &res); err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	var got []string
	for _, c := range res.Changes {
		got = append(got, c.Action+" "+c.Key)
	}
	want := []string{
		"renamed process/steps[P2]/name",
		"changed process/steps[P3]/parameters[P3-caprylate]/par",
		"removed specification/tests[anti-hbs]",
		"added batches/lots[RGX-24-004]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("JSON changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Changes) == 4 && (res.Changes[1].Old != "15–25 mM" || res.Changes[1].New != "15–28 mM" || !strings.HasPrefix(res.Changes[1].Justification, "Characterisation study PC-07")) {
		t.Errorf("PAR change: %+v", res.Changes[1])
	}

	pdf := filepath.Join(t.TempDir(), "summary-of-changes.pdf")
	if code, _, errs := regdoc(t, nil, "diff", approved, proposed, "--pdf", pdf, "--approved", "sequence 0000", "--proposed", "sequence 0001"); code != 0 {
		t.Fatalf("diff --pdf exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if err := pdftest.Validate(b); err != nil {
		t.Fatal(err)
	}
	info, err := pdftest.Info(b)
	if err != nil || info["Title"] != "Summary of Changes" || info["Version"] != "14" {
		t.Errorf("info %v, %v", info, err)
	}
	all := flat(pdfText(t, pdf))
	// Table cells wrap, so the words of each cell are checked, and the
	// rows are counted by their action.
	for _, want := range []string{
		"Summary of Changes", "(sequence 0000)", "(sequence 0001).",
		"Approved Proposed Justification",
		"Renamed: step P2", "Cold-ethanol precipitation of",
		"Changed: step P3", "15–25 mM 15–28 mM Characterisation",
		"Removed:", "anti-hbs (Anti-HBs),", "NLT",
		"Added: batch", "RGX-24-004",
		"Documents to re-file", "3.2.S.4.1 Specification 3.2.S.4.1 page 1 of 1",
	} {
		if !containsWords(all, want) {
			t.Errorf("Summary of Changes lacks %q:\n%s", want, all)
		}
	}
	rows := regexp.MustCompile(`\b\d+ (Renamed|Changed|Removed|Added|Reordered):`).FindAllString(all, -1)
	if strings.Join(rows, ", ") != "1 Renamed:, 2 Changed:, 3 Removed:, 4 Added:" {
		t.Errorf("Summary of Changes rows %q, want the four changes", rows)
	}
	// The summary says what it was built from: verify against the
	// proposed folder matches.
	if _, err := provenance.Read(b); err != nil {
		t.Error(err)
	}
	if code, out, _ := regdoc(t, nil, "verify", "--project", proposed, pdf); code != 0 {
		t.Errorf("verify of the summary against the proposed folder: exit %d\n%s", code, out)
	}
}

// TestDiffFoldsTheRemovedTestsJustification: removing the Anti-HBs test
// with its entry in the justification of the specification, as rule SJ-02
// asks, is still the four changes; the justification goes with the test.
func TestDiffFoldsTheRemovedTestsJustification(t *testing.T) {
	approved, proposed := copyExample(t), copyExample(t)
	proposeFourChanges(t, proposed)
	just := filepath.Join(proposed, "data", "justification.json")
	src, err := os.ReadFile(just)
	if err != nil {
		t.Fatal(err)
	}
	cut := regexp.MustCompile(`\n    \{ "test": "anti-hbs"[^\n]*`).ReplaceAll(src, nil)
	if len(cut) == len(src) {
		t.Fatal("the example's justification of anti-hbs moved; update the test")
	}
	if err := os.WriteFile(just, cut, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := regdoc(t, nil, "validate", proposed); code != 0 || strings.Contains(out+errs, "SJ-02") {
		t.Fatalf("the proposed copy: exit %d\n%s%s", code, out, errs)
	}
	code, text, errs := regdoc(t, nil, "diff", approved, proposed, "--pages=false")
	if code != 0 {
		t.Fatalf("diff exit %d: %s", code, errs)
	}
	if n := len(regexp.MustCompile(`(?m)^ +\d+\. `).FindAllString(text, -1)); n != 4 || !strings.Contains(text, "4 changes:") {
		t.Errorf("text output lists %d changes, want 4:\n%s", n, text)
	}
	if want := "removed specification test anti-hbs (Anti-HBs), and its results in 3 batches or time points, and its justification  [3.2.S.4.1]"; !strings.Contains(text, want) {
		t.Errorf("text output lacks %q:\n%s", want, text)
	}
	if strings.Contains(text, "justification/tests") {
		t.Errorf("the justification is listed on its own:\n%s", text)
	}
}

// TestDiffRefusesToOverwrite: --pdf never replaces an input of either
// version nor any file that is not a PDF regdoc wrote, and a folder it
// cannot create is said in words with a remedy; each is exit 2 with
// nothing written. A summary written before is replaced.
func TestDiffRefusesToOverwrite(t *testing.T) {
	approved, proposed := copyExample(t), copyExample(t)
	edit(t, filepath.Join(proposed, "data", "process.json"), `"name": "Cold-ethanol precipitation of Fraction I+II+III"`, `"name": "Cold-ethanol precipitation"`)
	other := t.TempDir()
	notes := filepath.Join(other, "notes.txt")
	just := filepath.Join(other, "just.json")
	for _, f := range [][2]string{{notes, "my notes\n"}, {just, `{ "justifications": {} }`}} {
		if err := os.WriteFile(f[0], []byte(f[1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ name, pdf, want string }{
		{"a data file of the proposed version", filepath.Join(proposed, "data", "batches.json"), "is the data file data/batches.json of the proposed version; writing the Summary of Changes there would destroy it"},
		{"the manifest of the approved version", filepath.Join(approved, "regdoc.json"), "is the manifest regdoc.json of the approved version"},
		{"the justifications file", just, "is the justifications file of the proposed version"},
		{"a file regdoc did not write", notes, "exists and is not a PDF regdoc wrote: not a PDF file"},
		{"a folder", other, "is a folder, so nothing was written; name a PDF file in it"},
		{"a folder that cannot be created", filepath.Join(notes, "soc.pdf"), "cannot create the folder " + notes},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var before []byte
			if st, err := os.Stat(tc.pdf); err == nil && !st.IsDir() {
				before, _ = os.ReadFile(tc.pdf)
			}
			code, out, errs := regdoc(t, nil, "diff", approved, proposed, "--pages=false", "--justifications", just, "--pdf", tc.pdf)
			if code != 2 || !strings.Contains(errs, tc.want) || !strings.Contains(errs, "nothing was written") || !strings.Contains(errs, "name a") {
				t.Errorf("exit %d, want 2 and %q with a remedy:\n%s", code, tc.want, errs)
			}
			if before != nil {
				if after, _ := os.ReadFile(tc.pdf); string(after) != string(before) {
					t.Errorf("%s was overwritten", tc.pdf)
				}
			}
			if strings.Contains(out, "wrote the Summary") {
				t.Errorf("stdout: %s", out)
			}
		})
	}
	// A summary written before is regdoc's own PDF: it is replaced.
	soc := filepath.Join(other, "out", "soc.pdf")
	for range 2 {
		if code, _, errs := regdoc(t, nil, "diff", approved, proposed, "--pages=false", "--pdf", soc); code != 0 {
			t.Fatalf("writing the summary again: exit %d: %s", code, errs)
		}
	}
}

// TestSummaryCarriesTheIllustrativeNotice: the Summary of Changes prints
// data of both versions, so it carries the illustrative-data notice on
// every page when either version's data are illustrative, and only then.
func TestSummaryCarriesTheIllustrativeNotice(t *testing.T) {
	approved, proposed := copyExample(t), copyExample(t)
	proposeFourChanges(t, proposed)
	edit(t, filepath.Join(proposed, "regdoc.json"), `"illustrative": true`, `"illustrative": false`)
	notice := func() (pages, marked int) {
		t.Helper()
		pdf := filepath.Join(t.TempDir(), "soc.pdf")
		if code, _, errs := regdoc(t, nil, "diff", approved, proposed, "--pages=false", "--pdf", pdf); code != 0 {
			t.Fatalf("diff --pdf exit %d: %s", code, errs)
		}
		texts := pdfText(t, pdf)
		for _, p := range texts {
			if containsWords(p, "ILLUSTRATIVE DATA — NOT A REAL PRODUCT") {
				marked++
			}
		}
		return len(texts), marked
	}
	if pages, marked := notice(); marked != pages {
		t.Errorf("approved version illustrative: %d of %d pages carry the notice, want every one", marked, pages)
	}
	edit(t, filepath.Join(approved, "regdoc.json"), `"illustrative": true`, `"illustrative": false`)
	if pages, marked := notice(); marked != 0 {
		t.Errorf("neither version illustrative: %d of %d pages carry the notice, want none", marked, pages)
	}
}

// TestDiffOfTheSameProjectIsEmpty: no change, no document changed — not
// even when the manifest gives the new version another date and document
// versions, which only the running headers print.
func TestDiffOfTheSameProjectIsEmpty(t *testing.T) {
	a, b := copyExample(t), copyExample(t)
	edit(t, filepath.Join(b, "regdoc.json"), `"date": "2026-11-24"`, `"date": "2027-03-01"`)
	edit(t, filepath.Join(b, "regdoc.json"), `"version": "1.0"`, `"version": "2.0"`)
	code, out, errs := regdoc(t, nil, "diff", a, b)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var manifest struct{ Documents []json.RawMessage }
	if src, err := os.ReadFile(filepath.Join(a, "regdoc.json")); err != nil || json.Unmarshal(src, &manifest) != nil {
		t.Fatalf("reading the manifest: %v", err)
	}
	unchanged := fmt.Sprintf(`(?m)^  %d documents unchanged$`, len(manifest.Documents))
	if !strings.Contains(out, "The data do not differ.") || !regexp.MustCompile(unchanged).MatchString(out) {
		t.Errorf("diff of equal projects:\n%s", out)
	}
}

// TestDiffGitRevisions compares two commits of one project folder kept in
// a subfolder of a git repository.
func TestDiffGitRevisions(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	repo, run := gitRepo(t)
	proj := filepath.Join(repo, "cmc", "ivig")
	if err := os.MkdirAll(filepath.Dir(proj), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(copyExample(t), proj); err != nil {
		t.Fatal(err)
	}
	if out, err := run("git", "add", "-A"); err != nil {
		t.Fatal(out)
	}
	if out, err := run("git", "commit", "-qm", "approved"); err != nil {
		t.Fatal(out)
	}
	if out, err := run("git", "tag", "approved"); err != nil {
		t.Fatal(out)
	}
	proposeFourChanges(t, proj)
	if out, err := run("git", "commit", "-qam", "proposed"); err != nil {
		t.Fatal(out)
	}
	// The working tree is changed further, and must not be read.
	edit(t, filepath.Join(proj, "data", "process.json"), `"name": "Caprylate incubation"`, `"name": "Caprylate hold"`)
	code, out, errs := regdoc(t, nil, "diff", "--git", "approved..HEAD", proj, "--format", "json", "--pages=false")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{`"key": "process/steps[P2]/name"`, `"key": "batches/lots[RGX-24-004]"`, `"approved": "` + display(proj) + ` at approved"`} {
		if !strings.Contains(out, want) {
			t.Errorf("--git output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Caprylate hold") || strings.Count(out, `"key"`) != 4 {
		t.Errorf("--git read more than the two revisions:\n%s", out)
	}
	code, _, errs = regdoc(t, nil, "diff", "--git", "approved..nope", proj)
	if code != 2 || !strings.Contains(errs, `"nope" is not a revision`) {
		t.Errorf("unknown revision: exit %d, %s", code, errs)
	}
}

// writeOldNames rewrites a copy of the IVIG example in the words of the
// first schemas, which the model still reads: step P1's product_in and
// product_out as igg_in and igg_out, the starting material's
// concentration and volume as igg_concentration and pool_volume with its
// kind left for the model to infer, the first lot's starting_material_lot
// and scale as plasma_pool and plasma_volume; and it writes out a
// default, an in-process control marked "critical": false.
func writeOldNames(t *testing.T, dir string) {
	t.Helper()
	process := filepath.Join(dir, "data", "process.json")
	for _, r := range [][2]string{
		{`"product_in": { "value": 40.000`, `"igg_in": { "value": 40.000`},
		{`"product_out": { "value": 39.400`, `"igg_out": { "value": 39.400`},
		{`"kind": "plasma_pool", `, ``},
		{`"concentration": { "value": 10.0, "unit": "g/L" }`, `"igg_concentration": { "value": 10.0, "unit": "g/L" }`},
		{`"volume": { "value": 4000, "unit": "L" }`, `"pool_volume": { "value": 4000, "unit": "L" }`},
		{`"action": "Recorded for yield" }`, `"action": "Recorded for yield", "critical": false }`},
	} {
		edit(t, process, r[0], r[1])
	}
	batches := filepath.Join(dir, "data", "batches.json")
	edit(t, batches, `"starting_material_lot": "PP-2024-0117"`, `"plasma_pool": "PP-2024-0117"`)
	edit(t, batches, `"scale": { "value": 4000, "unit": "L" }`, `"plasma_volume": { "value": 4000, "unit": "L" }`)
}

// TestDiffReadsOldNamesAsTheBuildDoes: the same data written under the
// old member names, and with a default written out, are no change — in
// the text, the JSON and the Summary of Changes — because diff compares
// what the build reads, not the words of the files.
func TestDiffReadsOldNamesAsTheBuildDoes(t *testing.T) {
	approved, proposed := copyExample(t), copyExample(t)
	writeOldNames(t, proposed)
	// The copy does use the old names: validate warns of each.
	if code, out, errs := regdoc(t, nil, "validate", proposed); code != 0 || strings.Count(out+errs, "igg_in") == 0 || strings.Count(out+errs, "plasma_pool") == 0 {
		t.Fatalf("the copy in old names: exit %d\n%s%s", code, out, errs)
	}
	code, text, errs := regdoc(t, nil, "diff", approved, proposed)
	if code != 0 {
		t.Fatalf("diff exit %d: %s", code, errs)
	}
	if !strings.Contains(text, "The data do not differ.") || !regexp.MustCompile(`(?m)^  \d+ documents unchanged$`).MatchString(text) || strings.Contains(text, "changed (") {
		t.Errorf("old names reported as changes:\n%s", text)
	}
	code, js, errs := regdoc(t, nil, "diff", approved, proposed, "--format", "json", "--pages=false")
	if code != 0 {
		t.Fatalf("diff --format json exit %d: %s", code, errs)
	}
	var res struct{ Changes []json.RawMessage }
	if err := json.Unmarshal([]byte(js), &res); err != nil || len(res.Changes) != 0 {
		t.Errorf("JSON: %v, changes %s", err, js)
	}
	pdf := filepath.Join(t.TempDir(), "soc.pdf")
	if code, _, errs := regdoc(t, nil, "diff", approved, proposed, "--pdf", pdf); code != 0 {
		t.Fatalf("diff --pdf exit %d: %s", code, errs)
	}
	all := flat(pdfText(t, pdf))
	if !containsWords(all, "The data of the two versions do not differ.") || !containsWords(all, "No document’s text changed.") || strings.Contains(all, "Changes from the approved") {
		t.Errorf("Summary of Changes of the same data in old names:\n%s", all)
	}
}

// TestDiffReportsAChangeWrittenUnderAnOldName: a value changed where the
// file uses the old name is one change, named by the new member, keyed as
// any other, and placed at the line of the old member in the proposed
// file.
func TestDiffReportsAChangeWrittenUnderAnOldName(t *testing.T) {
	approved, proposed := copyExample(t), copyExample(t)
	writeOldNames(t, proposed)
	process := filepath.Join(proposed, "data", "process.json")
	edit(t, process, `"igg_out": { "value": 39.400`, `"igg_out": { "value": 39.600`)
	line := lineOf(t, process, `"igg_out": { "value": 39.600`)
	code, js, errs := regdoc(t, nil, "diff", approved, proposed, "--format", "json", "--pages=false")
	if code != 0 {
		t.Fatalf("diff exit %d: %s", code, errs)
	}
	var res struct{ Changes []changeJSON }
	if err := json.Unmarshal([]byte(js), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 1 {
		t.Fatalf("want exactly one change:\n%s", js)
	}
	c := res.Changes[0]
	place := fmt.Sprintf("data/process.json:%d:", line)
	if c.Action != "changed" || c.Key != "process/steps[P1]/product_out" || c.Old != "39.400 kg" || c.New != "39.600 kg" ||
		c.NewPointer != "/steps/0/igg_out" || c.OldPointer != "/steps/0/product_out" || !strings.HasPrefix(c.NewPlace, place) {
		t.Errorf("change %+v, want product_out 39.400 kg → 39.600 kg at %s", c, place)
	}
	code, text, errs := regdoc(t, nil, "diff", approved, proposed, "--pages=false")
	if code != 0 {
		t.Fatalf("diff exit %d: %s", code, errs)
	}
	if !strings.Contains(text, "1 change:") || !strings.Contains(text, "changed step P1 (Pooling, thawing and cryoprecipitate removal) › product out") || !strings.Contains(text, "at "+place) {
		t.Errorf("text output:\n%s", text)
	}
}

type changeJSON struct {
	Key, Action, Old, New string
	OldPointer            string `json:"old_pointer"`
	NewPointer            string `json:"new_pointer"`
	OldPlace              string `json:"old_place"`
	NewPlace              string `json:"new_place"`
}
