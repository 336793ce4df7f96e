package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/pdftest"
)

// The drug substance documents (3.2.S) describe the process up to the drug
// substance; filling and the treatment in the final container are the drug
// product's (3.2.P.3). A 3.2.S document may name a drug product step only
// in a sentence that points to where the drug product part describes it:
// "The drug product steps (P8, P9: …) are described in 3.2.P.3.3."

// maxPointer is the length, in characters, above which a sentence is not
// read as a pointer: a table's cells run on into the next sentence in the
// extracted text, and a table that names a step must not pass because a
// pointer follows it.
const maxPointer = 300

// sentenceEnd ends a sentence of extracted text: a full stop, question or
// exclamation mark before white space. A section number's dots
// ("3.2.P.3.3") are followed by a digit or letter and end nothing.
var sentenceEnd = regexp.MustCompile(`[.!?]\s+`)

// heading is a section heading in extracted text ("3.2.S.2.4.3 Virus
// Reduction Steps"): it ends the text before it, which may be a table
// whose cells end in no full stop.
var heading = regexp.MustCompile(`\s3\.2\.[A-Z](?:\.\d+)*\s+\p{Lu}`)

// stepMentions lists the drug product steps a sentence names, by id (a
// whole word: "P9" in "P1–P9", not in "P90") or by name, ignoring case.
func stepMentions(sentence string, steps []*model.Step) []string {
	var out []string
	lower := strings.ToLower(sentence)
	for _, s := range steps {
		id := regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(s.ID) + `($|[^\pL\pN])`)
		if id.MatchString(sentence) {
			out = append(out, s.ID)
		}
		if s.Name != "" && strings.Contains(lower, strings.ToLower(s.Name)) {
			out = append(out, s.Name)
		}
	}
	return out
}

// isPointer reports whether a sentence only points to the drug product
// part: it cites a section of 3.2.P and is short enough to be a sentence.
func isPointer(sentence string) bool {
	return strings.Contains(sentence, "3.2.P.") && utf8.RuneCountInString(sentence) <= maxPointer
}

// drugProductLeaks returns the sentences of text that name a drug product
// step and are not pointers, each with the steps it names.
func drugProductLeaks(text string, steps []*model.Step) []string {
	var out []string
	for _, s := range sentences(text) {
		if named := stepMentions(s, steps); len(named) > 0 && !isPointer(s) {
			out = append(out, strings.Join(named, ", ")+": "+s)
		}
	}
	return out
}

// fillingWords is wording that describes filling or the final container,
// which only the drug product part (3.2.P.3) describes, whichever step it
// comes from: a batch definition in free text, a containers row.
var fillingWords = regexp.MustCompile(`(?i)\bfill lots?\b|\bfilled\b|\bvials?\b|\bfinal containers?\b`)

// fillingLeaks returns the sentences of text that use filling or
// final-container wording and are not pointers, each with the words.
func fillingLeaks(text string) []string {
	var out []string
	for _, s := range sentences(text) {
		if words := fillingWords.FindAllString(s, -1); len(words) > 0 && !isPointer(s) {
			out = append(out, strings.Join(words, ", ")+": "+s)
		}
	}
	return out
}

// sentences splits extracted text into sentences, a heading ending the
// text before it.
func sentences(text string) []string {
	flat := strings.Join(strings.Fields(strings.ReplaceAll(text, "\u00a0", " ")), " ")
	flat = heading.ReplaceAllStringFunc(flat, func(h string) string { return ". " + h[1:] })
	return sentenceEnd.Split(flat, -1)
}

func TestFillingLeaksFindsFillingWording(t *testing.T) {
	for _, leak := range []string{
		// what 3.2.S.2.2's batch definition printed before
		"One batch is processed without combining intermediates from other pools, and the formulated bulk of one batch is filled into one fill lot.",
		"One batch is processed without combining intermediates from other pools and filled as one fill lot; the pasteurisation loads and the incubation of one fill lot belong to the batch.",
		// and its containers row
		"Final product Solution for infusion, 200 g/L Containers Type II glass vials of 50 mL and 100 mL 3.2.S.2.2.2 Process Overview",
		"The filled and closed containers are heated.",
		"All Final Containers are inspected.",
	} {
		if got := fillingLeaks(leak); len(got) == 0 {
			t.Errorf("not found: %q", leak)
		}
	}
	for _, fine := range []string{
		"The drug product steps (A6, A7, A8: sterile filtration and filling; pasteurisation in the final container; incubation of the final containers) are described in 3.2.P.3.3.",
		"Its filling into the final containers is described in 3.2.P.3.3.",
		"The filtrate is refilled into the tank.",
		"Filling volume is checked.",
	} {
		if got := fillingLeaks(fine); len(got) != 0 {
			t.Errorf("a pointer or no filling wording read as a leak: %v", got)
		}
	}
}

func TestDrugProductLeaksFindsDescriptions(t *testing.T) {
	steps := []*model.Step{{ID: "P8", Name: "Sterile filtration and aseptic filling"}, {ID: "P9", Name: "Low-pH incubation in the final container"}}
	for _, leak := range []string{
		// what 3.2.S.2.5's yield table printed before
		"Table 2: Expected step yields Step Step yield Cumulative yield P7 Ultrafiltration 98.5 % 76.1 % P8 Sterile filtration and aseptic filling 98.6 % 75.0 %.",
		// 3.2.S.2.2's overall yield row
		"Overall IgG yield (computed from step masses, steps P1–P9, to the final container) 75.0 % (7.50 g IgG per L plasma).",
		"It includes 2 dedicated virus reduction steps (P4, P6); the drug product steps add P9.",
		"The solution is then filled into vials and held for 21 days: low-pH incubation in the final container.",
		// a long run of table cells that ends in a pointer is no pointer
		"3.2.S.2.4.3 Virus Reduction Steps P9 Low pH " + strings.Repeat("4.0–4.4 CPP ", 30) + "described in 3.2.P.3.3.",
		"P9 " + strings.Repeat("4.0–4.4 CPP ", 30) + "described in 3.2.P.3.3.",
	} {
		if got := drugProductLeaks(leak, steps); len(got) == 0 {
			t.Errorf("not found: %q", leak)
		}
	}
	for _, fine := range []string{
		"The drug product steps (P8, P9: sterile filtration and aseptic filling; low-pH incubation in the final container) are described in 3.2.P.3.3.",
		"Materials used only in the drug product steps (P8, P9) are described in 3.2.P.3.3 and 3.2.P.7.",
		"Pool PP-2024-0117 gave P90 and P19 fractions.",
		// a table without full stops, then a heading and a pointer
		"Step Test A5 Dissolution " + strings.Repeat("≤ 0.1 % v/v ", 30) + "3.2.S.2.4.3 Virus Reduction Steps The virus reduction step is a drug product step: P9 (low-pH incubation in the final container), described in 3.2.P.3.3.",
	} {
		if got := drugProductLeaks(fine, steps); len(got) != 0 {
			t.Errorf("a pointer or no step read as a leak: %v", got)
		}
	}
}

// TestDrugSubstanceDocumentsLeaveOutDrugProductSteps builds every 3.2.S
// document of the examples whose process has drug product steps and reads
// each page as PDFium extracts it: no drug product step's id or name, and
// no filling or final-container wording, may appear but in a pointer
// sentence.
func TestDrugSubstanceDocumentsLeaveOutDrugProductSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the examples")
	}
	for _, ex := range []string{"ivig-liquid", "albumin-20"} {
		l := loadProject(t, filepath.Join("..", "..", "examples", ex))
		dp := l.Model.Process.DrugProduct().Steps
		if len(dp) == 0 {
			t.Fatalf("%s: the process has no drug product steps; the test would check nothing", ex)
		}
		var only []string
		outputs := map[string]string{}
		for _, d := range l.Project.Manifest.Documents {
			if strings.HasPrefix(d.CTDSection, "3.2.S.") {
				only = append(only, d.ID)
				outputs[d.ID] = d.Output
			}
		}
		if len(only) < 4 {
			t.Fatalf("%s: only %d drug substance documents: %v", ex, len(only), only)
		}
		out := t.TempDir()
		if _, err := l.Build(Options{Out: out, Only: only}); err != nil {
			t.Fatal(err)
		}
		for _, id := range only {
			b, err := os.ReadFile(filepath.Join(out, outputs[id]))
			if err != nil {
				t.Fatal(err)
			}
			text, err := pdftest.Text(b)
			if err != nil {
				t.Fatal(err)
			}
			for _, leak := range drugProductLeaks(text, dp) {
				t.Errorf("%s %s names a drug product step outside a pointer to 3.2.P: %s", ex, id, leak)
			}
			for _, leak := range fillingLeaks(text) {
				t.Errorf("%s %s describes filling or the final container outside a pointer to 3.2.P: %s", ex, id, leak)
			}
		}
	}
}

// TestDrugSubstanceContainerOnlyFromData: 3.2.S.2.2 names a container for
// the drug substance only when the data hold one, and never the product's
// final containers.
func TestDrugSubstanceContainerOnlyFromData(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example")
	}
	build := func(dir string) string {
		l := loadProject(t, dir)
		out := t.TempDir()
		if _, err := l.Build(Options{Out: out, Only: []string{"s222"}}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, "manuf-process-and-controls.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		text, err := pdftest.Text(b)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(text), " ")
	}
	src := filepath.Join("..", "..", "examples", "albumin-20")
	before := build(src)
	if strings.Contains(before, "Drug substance container") || strings.Contains(before, "Type II glass") {
		t.Errorf("a container printed though the data hold none for the drug substance:\n%s", before)
	}
	dir := copyTree(t, src)
	p := filepath.Join(dir, "data", "process.json")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	const def = `"definition": "One batch is processed without combining intermediates from other pools."`
	if !strings.Contains(string(b), def) {
		t.Fatalf("%s no longer holds %s", p, def)
	}
	b = []byte(strings.Replace(string(b), def, def+`, "container": "Polypropylene bottles of 10 L"`, 1))
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	after := build(dir)
	if !strings.Contains(after, "Drug substance container Polypropylene bottles of 10 L") {
		t.Errorf("the drug substance's container from the data is not printed:\n%s", after)
	}
	if strings.Contains(after, "Type II glass") {
		t.Errorf("the final containers printed in 3.2.S.2.2:\n%s", after)
	}
}
