package main

import (
	"path/filepath"
	"regexp"
	"testing"
)

// TestMaterialsAndDevelopmentDocuments builds the IVIG and mAb examples and
// reads 3.2.S.2.3 and 3.2.S.2.6 back from the PDFs: the plasma source for
// the plasma product, the cell banks with their tests for the cell line,
// materials with the steps that use them (drug product materials left to
// 3.2.P), and the comparison of the lots before and after a change,
// computed from the batch data.
func TestMaterialsAndDevelopmentDocuments(t *testing.T) {
	for _, c := range []struct {
		example, file string
		words         []string
		not           []string
	}{
		{example, "control-of-materials.pdf", []string{
			"Table 1. Tests on each donation", "Parvovirus B19 DNA Quantitative NAT Not more than 10⁴ IU/mL",
			"Inventory hold. Each donation is held for at least 60 days before pooling,",
			"Look-back.", "PMF EMEA/H/PMF/000000/00.",
			"Sodium caprylate Ph. Eur. 1471", "P3, P4 chemical",
			"Apart from the human plasma that is the starting material (3.2.S.2.3.1), no material of human or animal origin is used",
		}, []string{"Bromobutyl stoppers", "Type I glass vials", "cell bank"}},
		{example, "manuf-process-development.pdf", []string{
			"PC-02 2023-06-05 P5", "Conclusion (comparable).",
		}, []string{"Before: n"}},
		{"../../examples/mab-ds", "control-of-materials.pdf", []string{
			"WCB WCB-03 One vial of MCB-01 2023-02-07 200", "step U1",
			"Mycoplasma (culture and indicator cell Ph. Eur. 2.6.7 MCB, Not detected",
			"Protein A affinity resin", "M2 microbial",
			"No material of human or animal origin is used in the manufacture of the drug substance.",
		}, []string{"plasma", "donation"}},
		{"../../examples/mab-ds", "manuf-process-development.pdf", []string{
			// Means before and after change PC-01 and the shift, from batches.json.
			"High-molecular-weight species ≤ 1.5 % 2 2.4–2.8 2.60 3 0.5–0.8 0.63 −1.97",
			"Protein concentration 140–160 g/L 2 151 151.0 3 149–151 150.0 −1.0 (5 %)",
			"Leached Protein A ≤ 10 ng/mg 0 < 2 (2 lots) – 1 2.4; < 2",
			"Conclusion (comparable).",
		}, nil},
	} {
		out := t.TempDir()
		if code, stdout, stderr := regdoc(t, nil, "build", c.example, "-o", out); code != 0 {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
		text := flat(pdfText(t, filepath.Join(out, c.file)))
		for _, w := range c.words {
			if !containsWords(text, w) {
				t.Errorf("%s of %s lacks the words %q in order", c.file, filepath.Base(c.example), w)
			}
		}
		for _, n := range c.not {
			if regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(n) + `\b`).MatchString(text) {
				t.Errorf("%s of %s says %q", c.file, filepath.Base(c.example), n)
			}
		}
	}
}
