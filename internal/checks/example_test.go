package checks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// The tests start from the worked example, which must pass every check,
// and break it one fault at a time with small edits of the JSON text, so
// each firing case is a realistic file and each quiet case the real one.

const exampleDir = "../../examples/ivig-liquid/data"

// exampleFiles maps each data kind to its file in the example.
var exampleFiles = map[string]string{
	model.KindProcess:        "process.json",
	model.KindComparator:     "comparator.json",
	model.KindSpecification:  "specification.json",
	model.KindBatches:        "batches.json",
	model.KindViralClearance: "viral-clearance.json",
	model.KindClaims:         "claims.json",
	model.KindStability:      "stability.json",
	model.KindDrugProduct:    "drug-product.json",
	model.KindJustification:  "justification.json",
	model.KindMaterials:      "materials.json",
	model.KindDevelopment:    "development.json",
}

// edit replaces one exact, unique piece of a kind's JSON text. Failing
// when old is missing or ambiguous keeps a test from silently testing
// nothing after the example changes.
type edit struct {
	kind     string
	old, new string
}

// example reads the example, applies the edits and decodes the result.
// It returns the input and the edited sources by kind.
func example(t *testing.T, edits ...edit) (Input, map[string]string) {
	t.Helper()
	srcs := map[string]string{}
	for kind, name := range exampleFiles {
		b, err := os.ReadFile(filepath.Join(exampleDir, name))
		if err != nil {
			t.Fatal(err)
		}
		srcs[kind] = string(b)
	}
	for _, e := range edits {
		if n := strings.Count(srcs[e.kind], e.old); n != 1 {
			t.Fatalf("edit of %s: %q occurs %d times, want exactly once", e.kind, e.old, n)
		}
		srcs[e.kind] = strings.Replace(srcs[e.kind], e.old, e.new, 1)
	}
	in := Input{Project: &model.Project{}, Docs: map[string]*dataset.Document{}}
	for kind, src := range srcs {
		doc, ds := dataset.Parse(exampleFiles[kind], []byte(src), dataset.Options{})
		if len(ds) > 0 || doc == nil {
			t.Fatalf("%s does not parse after the edits: %v", kind, ds)
		}
		if err := in.Project.Decode(kind, []byte(src)); err != nil {
			t.Fatal(err)
		}
		in.Docs[kind] = doc
	}
	return in, srcs
}

// position returns the 1-based line and rune column of the "»" marker in
// needle once needle (without the marker) is found, exactly once, in src.
func position(t *testing.T, src, needle string) (line, col int) {
	t.Helper()
	mark := strings.Index(needle, "»")
	if mark < 0 {
		t.Fatalf("needle %q has no » marker", needle)
	}
	plain := needle[:mark] + needle[mark+len("»"):]
	if n := strings.Count(src, plain); n != 1 {
		t.Fatalf("needle %q occurs %d times in the source, want exactly once", plain, n)
	}
	off := strings.Index(src, plain) + mark
	before := src[:off]
	line = strings.Count(before, "\n") + 1
	col = utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:]) + 1
	return line, col
}

func TestExampleIsClean(t *testing.T) {
	in, _ := example(t)
	for _, d := range Run(in) {
		t.Errorf("%s", d)
	}
}

func TestRunWithoutProject(t *testing.T) {
	if ds := Run(Input{}); ds != nil {
		t.Errorf("Run(Input{}) = %v, want nil", ds)
	}
}

// TestKindsMayBeAbsent runs every subset of the example's kinds: a kind
// missing from the project must not crash a rule or make it report the
// absence, and without documents the findings still carry pointers.
func TestKindsMayBeAbsent(t *testing.T) {
	full, _ := example(t)
	for mask := 0; mask < 1<<len(model.Kinds()); mask++ {
		p := &model.Project{}
		docs := map[string]*dataset.Document{}
		for i, kind := range model.Kinds() {
			if mask&(1<<i) == 0 {
				continue
			}
			switch kind.Name {
			case model.KindProcess:
				p.Process = full.Project.Process
			case model.KindComparator:
				p.Comparator = full.Project.Comparator
			case model.KindSpecification:
				p.Specification = full.Project.Specification
			case model.KindBatches:
				p.Batches = full.Project.Batches
			case model.KindViralClearance:
				p.ViralClearance = full.Project.ViralClearance
			}
			docs[kind.Name] = full.Docs[kind.Name]
		}
		for _, d := range Run(Input{Project: p, Docs: docs}) {
			t.Errorf("kinds %05b: %s", mask, d)
		}
	}
}

func TestRulesSortedAndUnique(t *testing.T) {
	rs := Rules()
	for i, r := range rs {
		if r.Code == "" || r.Summary == "" || (r.Severity != diag.Error && r.Severity != diag.Warning) {
			t.Errorf("rule %d incomplete: %+v", i, r)
		}
		if i > 0 && rs[i-1].Code >= r.Code {
			t.Errorf("rules out of order or repeated: %s before %s", rs[i-1].Code, r.Code)
		}
	}
}

// TestWithoutDocuments checks that a finding about a project built without
// its documents still names the rule and the pointer, with no position.
func TestWithoutDocuments(t *testing.T) {
	in, _ := example(t, edit{proc, `"set_point": 25, "nor": { "low": 24, "high": 26 }, "par": { "low": 22, "high": 27 }`, `"set_point": 27, "nor": { "low": 24, "high": 26 }, "par": { "low": 22, "high": 27 }`})
	in.Docs = nil
	ds := Run(in)
	if len(ds) != 1 {
		t.Fatalf("got %v, want one PR-01", ds)
	}
	d := ds[0]
	if d.Code != "PR-01" || d.Pointer != "/steps/3/parameters/2/set_point" || d.File != "" || d.Line != 0 || d.Col != 0 {
		t.Errorf("got %+v", d)
	}
}
