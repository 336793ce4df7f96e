package checks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// The stability protocol tests the product against criteria of its own
// (stability.json), and the specification (specification.json, or the
// drug product's in drug-product.json) says what the product must meet.
// When they disagree, a lot can pass its stability study and fail its
// specification, or the shelf life is set on a limit nobody files. A
// review found the IVIG example's stability pH range 0.4 wider on each
// side than the specification's, and its stopper chlorobutyl where
// 3.2.P.1 says bromobutyl; these rules catch both kinds.

func stabilitySpecFamily() family {
	return family{
		rules: []Rule{
			{"XF-09", diag.Error, "Each stability attribute is a test of the specification, with the specification's shelf-life criterion (the one it lists apart, else release) and release criterion, unless the attribute states why not; drug product studies are in the container closure the drug product data describe."},
		},
		check: checkStabilitySpec,
	}
}

func checkStabilitySpec(r *reporter) {
	s := r.p.Stability
	if s == nil {
		return
	}
	if sp := r.stabilitySpec(); sp != nil {
		for i, a := range s.Attributes {
			if a != nil && strings.TrimSpace(a.CriterionReason) == "" {
				checkAttributeAgainstSpec(r, sp, i, a)
			}
		}
	}
	checkStudyContainers(r, s)
}

// stabilitySpec is the specification the stability data answer to and
// where it is written.
type stabilitySpec struct {
	spec *model.Specification
	kind string // the data kind of its file
	at   string // pointer of the specification in that file
	// shelfLife is the criterion a test must meet at the end of shelf
	// life, with its pointer; apart says the specification lists it apart
	// from release.
	shelfLife func(testIndex int) (c model.Criterion, pointer string, apart bool)
}

// stabilitySpec picks the specification: the drug product's for drug
// product studies when the drug product data give one, else
// specification.json; nil when there is none.
func (r *reporter) stabilitySpec() *stabilitySpec {
	s := r.p.Stability
	if dp := r.p.DrugProduct; s.Material == "drug-product" && dp != nil && dp.Specification != nil {
		ps := dp.Specification
		return &stabilitySpec{spec: &ps.Specification, kind: model.KindDrugProduct, at: "/specification",
			shelfLife: func(ti int) (model.Criterion, string, bool) {
				t := ps.Tests[ti]
				for j, v := range ps.ShelfLife {
					if v != nil && v.Test == t.ID {
						return v.Criterion, ptr("specification", "shelf_life", j, "criterion"), true
					}
				}
				return t.Criterion, ptr("specification", "tests", ti, "criterion"), false
			}}
	}
	if sp := r.p.Specification; sp != nil {
		return &stabilitySpec{spec: sp, kind: model.KindSpecification, at: "",
			shelfLife: func(ti int) (model.Criterion, string, bool) {
				return sp.Tests[ti].Criterion, ptr("tests", ti, "criterion"), false
			}}
	}
	return nil
}

func (sp *stabilitySpec) testIndex(id string) int {
	for i, t := range sp.spec.Tests {
		if t != nil && t.ID == id {
			return i
		}
	}
	return -1
}

const reasonRemedy = `, or say why under "criterion_reason"`

func checkAttributeAgainstSpec(r *reporter, sp *stabilitySpec, i int, a *model.StabilityAttribute) {
	k := model.KindStability
	specName := fmt.Sprintf("specification %s", sp.spec.ID)
	ti := sp.testIndex(a.ID)
	if ti < 0 {
		first := firstResult(r.p.Stability, a.ID)
		if first == "" {
			return // on the protocol, never reported: nothing contradicts
		}
		r.errorf(k, "XF-09", ptr("attributes", i, "id"),
			"stability attribute %s (%s) has results (the first at %s), but %s at %s does not test %s%s: a stability result answers to a criterion the specification files; give the attribute the id of the specification's test it measures, add the test to the specification%s",
			a.ID, a.Name, r.at(k, first), specName, r.at(sp.kind, sp.at+"/tests"), a.ID, sameMethod(sp.spec, r.p.Stability, a), reasonRemedy)
		return
	}
	t := sp.spec.Tests[ti]
	shelf, shelfAt, apart := sp.shelfLife(ti)
	which := "release criterion, which holds until the end of shelf life as the specification lists no shelf-life criterion apart"
	if apart {
		which = "shelf-life criterion"
	}
	if how := compareCriteria(a.Criterion, shelf); how != "" {
		r.errorf(k, "XF-09", ptr("attributes", i, "criterion"),
			"the stability shelf-life criterion of %s, %s, is %s %s's for test %s, %s at %s (its %s): %s; make them the same%s",
			a.Name, criterionText(a.Criterion), how, specName, t.ID, criterionText(shelf), r.at(sp.kind, shelfAt), which, consequence(how, false), reasonRemedy)
	}
	if a.ReleaseCriterion != nil {
		relAt := sp.at + ptr("tests", ti, "criterion")
		if how := compareCriteria(*a.ReleaseCriterion, t.Criterion); how != "" {
			r.errorf(k, "XF-09", ptr("attributes", i, "release_criterion"),
				"the stability release criterion of %s, %s, is %s %s's release criterion for test %s, %s at %s: %s; make them the same%s",
				a.Name, criterionText(*a.ReleaseCriterion), how, specName, t.ID, criterionText(t.Criterion), r.at(sp.kind, relAt), consequence(how, true), reasonRemedy)
		}
	}
}

// consequence says what a difference does, in the words of a reviewer;
// release is true for the release criterion.
func consequence(how string, release bool) string {
	switch how {
	case "looser than":
		return "a lot could meet the stability protocol and fail the specification"
	case "tighter than":
		return "a lot within specification would count as failing on stability"
	}
	if release {
		return "the study's starting point would be judged on a criterion the specification does not file"
	}
	return "the shelf life would be set on a criterion the specification does not file"
}

// firstResult is the pointer of the first result of a test in the
// stability studies, "" when there is none.
func firstResult(s *model.Stability, test string) string {
	for i, st := range s.Studies {
		for j, tp := range st.TimePoints {
			for m, res := range tp.Results {
				if res != nil && res.Test == test {
					return ptr("studies", i, "time_points", j, "results", m)
				}
			}
		}
	}
	return ""
}

// sameMethod names the specification's tests by the attribute's method
// that no other attribute is on study as: the likely right id.
func sameMethod(spec *model.Specification, s *model.Stability, a *model.StabilityAttribute) string {
	method := methodName(a.Method)
	if method == "" {
		return ""
	}
	var ids []string
	for _, t := range spec.Tests {
		if t == nil || !strings.EqualFold(methodName(t.Method), method) || s.Attribute(t.ID) != nil {
			continue
		}
		ids = append(ids, t.ID)
	}
	if len(ids) == 0 {
		return ""
	}
	return fmt.Sprintf(" (by %s it tests %s)", method, strings.Join(ids, ", "))
}

// methodName is a method without its reference: "SEC-HPLC (3.2.S.4.2)"
// is SEC-HPLC.
func methodName(m string) string {
	if i := strings.Index(m, "("); i >= 0 {
		m = m[:i]
	}
	return strings.TrimSpace(m)
}

// numeric criteria are compared; a text or report-only criterion says
// nothing a number can contradict.
func numericCriterion(c model.Criterion) bool {
	switch c.Type {
	case "range", "nlt", "nmt", "lt", "gt", "titre_max":
		return true
	}
	return false
}

// compareCriteria says how criterion a stands to b: "" when they accept
// the same results (or cannot be compared as numbers), else "looser
// than", "tighter than" or "different from".
func compareCriteria(a, b model.Criterion) string {
	an, bn := numericCriterion(a), numericCriterion(b)
	switch {
	case !an && !bn:
		return ""
	case an != bn, a.Type != b.Type, a.Unit != b.Unit:
		return "different from"
	}
	// wider reports whether a's bound accepts more than b's on one side:
	// +1 wider, -1 narrower, 0 the same. up is true for an upper bound.
	side := func(x, y *model.Number, up bool) int {
		switch {
		case x == nil && y == nil:
			return 0
		case x == nil:
			return 1
		case y == nil:
			return -1
		case x.Float() == y.Float():
			return 0
		case (x.Float() > y.Float()) == up:
			return 1
		}
		return -1
	}
	var lo, hi int
	switch a.Type {
	case "range":
		lo, hi = side(a.Low, b.Low, false), side(a.High, b.High, true)
	case "nlt", "gt":
		lo = side(a.Value, b.Value, false)
	default: // nmt, lt, titre_max
		hi = side(a.Value, b.Value, true)
	}
	switch {
	case lo == 0 && hi == 0:
		return ""
	case lo >= 0 && hi >= 0:
		return "looser than"
	case lo <= 0 && hi <= 0:
		return "tighter than"
	}
	return "different from"
}

// closureWords are the words that name a container closure material
// unambiguously, by family: a stopper is of one elastomer, a vial of
// one glass type.
var closureWords = []struct {
	family string
	re     *regexp.Regexp
}{
	{"stopper elastomer", regexp.MustCompile(`(?i)\b(bromobutyl|chlorobutyl|halobutyl|butyl|silicone|ethylene propylene)\b`)},
	{"glass type", regexp.MustCompile(`(?i)\bType (I{1,3})\b`)},
}

// checkStudyContainers compares the container of each drug product study
// with the materials of the drug product's container closure.
func checkStudyContainers(r *reporter, s *model.Stability) {
	dp := r.p.DrugProduct
	if s.Material != "drug-product" || dp == nil || len(dp.ContainerClosure) == 0 {
		return
	}
	for _, w := range closureWords {
		closure := map[string]int{} // word → component index
		var words []string
		for ci, c := range dp.ContainerClosure {
			if c == nil {
				continue
			}
			for _, m := range w.re.FindAllStringSubmatch(c.Material, -1) {
				word := strings.ToLower(m[1])
				if _, ok := closure[word]; !ok {
					closure[word] = ci
					words = append(words, word)
				}
			}
		}
		if len(closure) == 0 {
			continue
		}
		for i, st := range s.Studies {
			if st == nil {
				continue
			}
			for _, m := range w.re.FindAllStringSubmatch(st.Container, -1) {
				word := strings.ToLower(m[1])
				if _, ok := closure[word]; ok {
					continue
				}
				ci := closure[words[0]]
				c := dp.ContainerClosure[ci]
				r.errorf(model.KindStability, "XF-09", ptr("studies", i, "container"),
					"batch %s is on study at %s in %q (%s: %s), but the drug product's %s is %q at %s: stability data support only the container closure they were made in; correct the study's container, or the container closure in the drug product data",
					st.Batch, st.Condition, st.Container, w.family, m[0], strings.ToLower(c.Component), c.Material, r.at(model.KindDrugProduct, ptr("container_closure", ci, "material")))
			}
		}
	}
}
