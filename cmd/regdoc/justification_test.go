package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJustificationFollowsTheBatchData builds the IVIG example, changes one
// lot's aggregates result in batches.json and builds again: 3.2.S.4.5
// recomputes the PPQ statistics, the capability index and the basis, and
// the figure of lot results plots the new value.
func TestJustificationFollowsTheBatchData(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(example)); err != nil {
		t.Fatal(err)
	}
	build := func() (pdf, section, md string) {
		t.Helper()
		out := t.TempDir()
		if code, stdout, stderr := regdoc(t, nil, "build", dir, "-o", out, "--emit", "md"); code != 0 {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
		text := flat(pdfText(t, filepath.Join(out, "justification-of-specification.pdf")))
		start := strings.Index(text, "3.2.S.4.5.3.4 Polymers and aggregates")
		end := strings.Index(text, "3.2.S.4.5.3.5 ")
		if start < 0 || end < start {
			t.Fatalf("no section for polymers and aggregates in\n%s", text)
		}
		b, err := os.ReadFile(filepath.Join(out, "justification-of-specification.md"))
		if err != nil {
			t.Fatal(err)
		}
		return text, text[start:end], string(b)
	}

	text, section, md := build()
	for _, w := range []string{
		// Summary: PPQ n, min–max, mean ± SD, Ppk.
		"3 0.2–0.3 0.23 ± 0.06 10.2",
		// Censored tests are listed, never averaged.
		"IgM ≤ 10 µg/mL < 2 (3 lots) 0",
		"Prekallikrein activator ≤ 10 IU/mL < 2 (2 lots) 1",
	} {
		if !containsWords(text, w) {
			t.Errorf("3.2.S.4.5 lacks the words %q in order", w)
		}
	}
	if !containsWords(section, "Clinical 2 2 0.2 0.3 0.25 ± 0.07") || !strings.Contains(section, "Ppk = 10.2") {
		t.Errorf("aggregates section before the change:\n%s", section)
	}
	if !strings.Contains(md, "\"values\": [\n        0.2,\n        0.3,\n        0.2\n      ]") {
		t.Errorf("the aggregates figure does not plot 0.2, 0.3, 0.2")
	}

	p := filepath.Join(dir, "data", "batches.json")
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	const from, to = `{ "test": "aggregates", "value": 0.3 }`, `{ "test": "aggregates", "value": 1.2 }`
	if strings.Count(string(src), from) != 1 {
		t.Fatalf("%q is not once in batches.json", from)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(src), from, to, 1)), 0o644); err != nil {
		t.Fatal(err)
	}

	text, section, md = build()
	// {0.2, 1.2, 0.2}: mean 0.533, SD 0.577, Ppk (2.0 − 0.533)/(3 × 0.577) = 0.85.
	if !containsWords(text, "3 0.2–1.2 0.53 ± 0.58 0.8") {
		t.Errorf("summary row of aggregates not recomputed")
	}
	if !containsWords(section, "Clinical 2 2 0.2 1.2 0.70 ± 0.71") || !containsWords(section, "PPQ 3 3 0.2 1.2 0.53 ± 0.58") {
		t.Errorf("lot results of aggregates not recomputed:\n%s", section)
	}
	if !strings.Contains(section, "Ppk = 0.8 against the criterion (n = 3), below 1.0") {
		t.Errorf("capability statement not recomputed:\n%s", section)
	}
	if strings.Contains(section, "process capability") {
		t.Errorf("a Ppk below 1 is still named as a basis:\n%s", section)
	}
	if !strings.Contains(md, "\"values\": [\n        0.2,\n        1.2,\n        0.2\n      ]") {
		t.Errorf("the aggregates figure does not plot the new result 1.2")
	}
	// The chart is drawn from its limit line on; its data labels follow.
	if i := strings.Index(section, "upper limit 2.0 %"); i < 0 || !containsWords(section[i:], "1.2 Figure") {
		t.Errorf("the figure does not label the new result 1.2:\n%s", section)
	}
}
