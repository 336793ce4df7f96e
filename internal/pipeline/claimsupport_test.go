package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validate reads the claims against the exhibit it would build: the
// example is clean, and a claim endpoint the exhibit never states is an
// error on claims.json with the claim and element named.
func TestValidateJudgesClaimsAgainstTheExhibit(t *testing.T) {
	set, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	dir := copyTree(t, "../../examples/ivig-liquid")
	_, ds, err := Validate([]string{dir}, set, ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		t.Errorf("example: %s", d)
	}

	claims := filepath.Join(dir, "data", "claims.json")
	src, err := os.ReadFile(claims)
	if err != nil {
		t.Fatal(err)
	}
	planted := strings.Replace(string(src), `"claimed_range": { "low": 70, "unit": "%" }`, `"claimed_range": { "low": 72, "unit": "%" }`, 1)
	planted = strings.Replace(planted, "at least 70 % of the IgG", "at least 72 % of the IgG", 1)
	if planted == string(src) {
		t.Fatal("the planted edit did not apply")
	}
	if err := os.WriteFile(claims, []byte(planted), 0o644); err != nil {
		t.Fatal(err)
	}
	_, ds, err = Validate([]string{dir}, set, ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
		if d.Code == "PT-10" && strings.HasSuffix(d.File, "claims.json") && d.Line == 15 &&
			strings.Contains(d.Message, "claim 1, element 1f") && strings.Contains(d.Message, "lower endpoint 72 %") &&
			strings.Contains(d.Message, `"at least 70 %"`) {
			return
		}
	}
	t.Errorf("no PT-10 on claims.json:15 for element 1f; got:\n%s", strings.Join(got, "\n"))
}

// An abstract over 150 words, counted as typeset, is a finding on the
// exhibit's manifest entry; the example's is quiet (above).
func TestValidateCountsAbstractWords(t *testing.T) {
	set, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	dir := copyTree(t, "../../examples/ivig-liquid")
	process := filepath.Join(dir, "data", "process.json")
	src, err := os.ReadFile(process)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.TrimSpace(strings.Repeat("immune globulin for intravenous use ", 30))
	edited := strings.Replace(string(src), `"description": "Immune globulin intravenous (human), 10 % liquid"`, `"description": "`+long+`"`, 1)
	if edited == string(src) {
		t.Fatal("the edit did not apply")
	}
	if err := os.WriteFile(process, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	_, ds, err := Validate([]string{dir}, set, ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Code == CodeAbstract && strings.HasSuffix(d.File, "regdoc.json") && strings.Contains(d.Message, "document patent-process: the abstract has") && strings.Contains(d.Message, "at most 150") {
			return
		}
	}
	t.Errorf("no %s finding; got %v", CodeAbstract, ds)
}
