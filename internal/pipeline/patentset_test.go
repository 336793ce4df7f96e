package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/pdftest"
)

// exhibitPages builds the example's process exhibit (with the manifest
// edited by edit) and returns the text of its pages as a reader sees it.
func exhibitPages(t *testing.T, edit func(manifest string) string) []string {
	t.Helper()
	dir := copyTree(t, "../../examples/ivig-liquid")
	if edit != nil {
		m := filepath.Join(dir, "regdoc.json")
		src, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(m, []byte(edit(string(src))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	l, ds, err := Load(dir, set, dataset.Options{})
	if err != nil || l == nil {
		t.Fatalf("load: %v %v", err, ds)
	}
	d := l.exhibit()
	if d == nil {
		t.Fatal("the example has no exhibit")
	}
	_, pdf, _, err := l.typesetDocument(*d, time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pdftest.PageTexts(pdf)
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

var paraNumber = regexp.MustCompile(`\[(\d{4})\]`)

func TestExhibitClaimsAndAbstract(t *testing.T) {
	pages := exhibitPages(t, nil)
	all := strings.Join(pages, "\n")

	// The numbered description starts with the field; the notice stands
	// outside the numbering.
	first := paraNumber.FindStringIndex(all)
	if first == nil || all[first[0]:first[1]] != "[0001]" {
		t.Fatalf("no [0001] in the exhibit")
	}
	if after := all[first[1]:]; !strings.HasPrefix(strings.TrimSpace(after), "The present disclosure relates to") {
		t.Errorf("[0001] is not the field of the invention: %.80q", after)
	}
	if !strings.Contains(all[:first[0]], "Illustrative data generated") {
		t.Errorf("the illustrative notice is not before the numbered paragraphs")
	}

	// Claims and abstract each begin a page (below the running header), and carry no paragraph numbers.
	claimsAt, abstractAt := -1, -1
	for i, p := range pages {
		lines := bodyLines(pages, i)
		switch {
		case strings.Contains(p, "What is claimed is:"):
			claimsAt = i
			if !strings.HasPrefix(strings.TrimSpace(lines[0]), "What is claimed is:") {
				t.Errorf("the claims do not begin their page: %q", lines[:min(3, len(lines))])
			}
		case strings.Contains(p, "Abstract of the Disclosure"):
			abstractAt = i
			if !strings.HasPrefix(strings.TrimSpace(lines[0]), "Abstract of the Disclosure") {
				t.Errorf("the abstract does not begin its page: %q", lines[:min(3, len(lines))])
			}
		}
	}
	if claimsAt < 0 || abstractAt <= claimsAt {
		t.Fatalf("claims on page %d, abstract on page %d", claimsAt+1, abstractAt+1)
	}
	claims := strings.Join(pages[claimsAt:abstractAt], "\n")
	if paraNumber.MatchString(claims) || paraNumber.MatchString(pages[abstractAt]) {
		t.Error("claims or abstract carry paragraph numbers")
	}
	for _, want := range []string{"1. A process for producing", "2. The process of claim 1, wherein", "4. The process of claim 1, further comprising"} {
		if !strings.Contains(strings.Join(strings.Fields(claims), " "), want) {
			t.Errorf("claims page lacks %q", want)
		}
	}

	// The abstract: at most 150 words, counted as printed (without its
	// heading and the page furniture).
	body := strings.Join(bodyLines(pages, abstractAt), " ")
	body = strings.TrimSpace(strings.TrimPrefix(body, "Abstract of the Disclosure"))
	words := strings.Fields(body)
	if len(words) < 40 || len(words) > 150 {
		t.Errorf("abstract has %d words, want 40…150: %q", len(words), body)
	}
	if strings.Contains(body, " said ") || strings.Contains(body, "comprising") {
		t.Errorf("abstract uses claim language: %q", body)
	}
}

func TestExhibitWithoutIllustrativeNotice(t *testing.T) {
	pages := exhibitPages(t, func(m string) string {
		return strings.Replace(m, `"illustrative": true,`, `"illustrative": false,`, 1)
	})
	if all := strings.Join(pages, "\n"); strings.Contains(all, "Illustrative data") {
		t.Error("the notice is printed for a project not marked illustrative")
	}
}

var pageNumber = regexp.MustCompile(`^\d+$`)

// bodyLines are page i's lines without the page furniture: the page
// number and the lines most pages share (running header and footer).
func bodyLines(pages []string, i int) []string {
	count := map[string]int{}
	for _, p := range pages {
		seen := map[string]bool{}
		for _, l := range strings.Split(p, "\n") {
			l = strings.TrimSpace(l)
			if !seen[l] {
				seen[l] = true
				count[l]++
			}
		}
	}
	var out []string
	for _, l := range strings.Split(pages[i], "\n") {
		if l = strings.TrimSpace(l); l != "" && 2*count[l] <= len(pages) && !pageNumber.MatchString(l) {
			out = append(out, l)
		}
	}
	return out
}

// The description gives each parameter as patent text does, broadest
// first (the PAR, preferably the NOR, more preferably the set point),
// compares the lots with the comparator the data name, with n, mean and
// SD, and uses no regulatory classification.
func TestExhibitRangesAndComparison(t *testing.T) {
	all := strings.Join(strings.Fields(strings.Join(exhibitPages(t, nil), " ")), " ")
	for _, want := range []string{
		"the ethanol concentration is from 23 to 27 % v/v, preferably from 24 to 26 % v/v, more preferably about 25 % v/v",
		"the pH is from 4.0 to 4.4, preferably from 4.1 to 4.3",
		"In some embodiments, the overall yield of IgG is at least 70 %",
		"compared with conventional cold-ethanol fractionation (Cohn–Oncley) with ion-exchange polishing",
		"Property Unit n Process of the", "mean ± SD",
		"IgG purity % 3 99.2 ± 0.2 98.0",
		"IgA µg/mL 3 5 ± 1 37",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the exhibit lacks %q", want)
		}
	}
	for _, word := range []string{"critical", "essential"} {
		if strings.Contains(strings.ToLower(all), word) {
			t.Errorf("the exhibit says %q, a regulatory word that invites a rejection", word)
		}
	}
}
