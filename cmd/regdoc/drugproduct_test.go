package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDrugProductDocuments builds the IVIG example and reads the drug
// product sections back from the PDFs: the steps 3.2.S.2.2 no longer
// describes are in 3.2.P.3.3 with their parameters and controls, the
// composition gives amounts per unit computed from the content per mL, and
// the specification keeps release and shelf-life criteria apart.
func TestDrugProductDocuments(t *testing.T) {
	out := t.TempDir()
	if code, stdout, stderr := regdoc(t, nil, "build", example, "-o", out); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, c := range []struct {
		file  string
		words []string // checked as words in order (table cells wrap)
		not   []string
	}{
		{"description-and-composition.pdf", []string{
			"3.2.P.1 Description and Composition of the Drug Product",
			"Human normal Active 100 mg 5.00 g 10.0 g 20.0 g",
			"Glycine (0.20 M) Stabiliser, 15.0 mg 0.750 g 1.50 g 3.00 g",
			"Water for injections Solvent to 1 mL to 50 mL",
			"Stopper Bromobutyl rubber, siliconised Ph. Eur.",
		}, nil},
		{"batch-formula.pdf", []string{
			"Human normal immunoglobulin G 30.437 kg", "Glycine 4.57 kg", "Water for injections 278.493 kg", "Total 313.5 kg",
			"300.0 L of nominal volume",
		}, nil},
		{"dp-manuf-process-and-controls.pdf", []string{
			"3.2.P.3.3 Description of Manufacturing Process and Process Controls",
			"2 steps (P8, P9),",
			"P8 Sterile filtration and 30.437 kg 30.000 kg 98.6 % 75.0 %",
			"P9 Low-pH incubation in the final container",
			"Over the drug product steps (P8–P9) 98.6 % of the IgG in the drug substance reaches the final containers; the overall yield of the process from plasma to the final container is 75.0 %.",
			"Sterilising filter integrity (bubble bar – ≥ 3.5 ≥ 3.5 CPP",
			"Incubation time d – ≥ 21 ≥ 21 CPP",
			"Fill weight Filling line Within ± 2 % of target",
			"Sterile-filtered bulk",
		}, []string{"Caprylate incubation", "P7 Ultrafiltration"}},
		{"dp-control-critical-steps.pdf", []string{
			"4 critical process parameters (CPP), in 2 steps,",
			"P9 Incubation time and temperature record",
		}, []string{"Ethanol concentration"}},
		{"dp-process-validation.pdf", []string{
			"MF-23-01 2023-09-12 Isolator 5600 5588 0 Maximum duration Pass",
			"RGX-24-002-F RGX-24-002 2750 27 1.0 %",
		}, nil},
		{"specifications.pdf", []string{
			"Release criterion Shelf-life criterion",
			"Polymers and aggregates SEC-HPLC ≤ 2.0 % ≤ 3.0 %",
			"Monomer + dimer SEC-HPLC ≥ 95.0 % ≥ 90 %",
			"Sterility Ph. Eur. 2.6.1 Complies Complies",
		}, nil},
		{"analytical-procedures.pdf", []string{"Monomer + dimer SEC-HPLC Polymers and aggregates SEC-HPLC", "Sterility Ph. Eur. 2.6.1"}, nil},
		{"dp-batch-analyses.pdf", []string{
			"RGX-24-001-F PPQ RGX-24-001",
			"All 3 batches met every release criterion (33 of 33 results).",
			"Osmolality 240–300 mOsm/kg 258 262 255",
		}, nil},
	} {
		text := flat(pdfText(t, filepath.Join(out, c.file)))
		for _, w := range c.words {
			if !containsWords(text, w) {
				t.Errorf("%s lacks the words %q in order", c.file, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(text, n) {
				t.Errorf("%s describes a drug substance step: %q", c.file, n)
			}
		}
	}
}
