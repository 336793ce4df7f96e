package checks

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// Identifiers are how files refer to each other and how tables are keyed;
// a duplicate silently hides a row (the model looks records up by the first
// match) and a dangling reference silently drops data from a document.

func idFamily() family {
	return family{
		rules: []Rule{
			{"ID-01", diag.Error, "Identifiers (steps, parameters, IPCs, comparator steps, tests, lots, results per lot, viruses, studies) are unique, ignoring case and surrounding spaces."},
			{"ID-02", diag.Error, "Every reference resolves exactly: batches → specification, result → test, study → process steps and virus."},
			{"ID-03", diag.Error, "Lot numbers match the batches' lot_pattern, and a lot listed twice never carries two manufacture dates, sites or scales."},
		},
		check: checkIDs,
	}
}

func checkIDs(r *reporter) {
	p := r.p
	if pr := p.Process; pr != nil {
		k := model.KindProcess
		steps, params, ipcs := r.ids(k, "step"), r.ids(k, "parameter"), r.ids(k, "in-process control")
		for i, s := range pr.Steps {
			if s == nil {
				continue
			}
			steps.add(s.ID, ptr("steps", i, "id"))
			for j, q := range s.Parameters {
				if q != nil {
					params.add(q.ID, ptr("steps", i, "parameters", j, "id"))
				}
			}
			for j, c := range s.IPCs {
				if c != nil {
					ipcs.add(c.ID, ptr("steps", i, "ipcs", j, "id"))
				}
			}
		}
	}
	if c := p.Comparator; c != nil {
		steps := r.ids(model.KindComparator, "comparator step")
		for i, s := range c.Steps {
			if s != nil {
				steps.add(s.ID, ptr("steps", i, "id"))
			}
		}
	}
	if s := p.Specification; s != nil {
		tests := r.ids(model.KindSpecification, "test")
		for i, t := range s.Tests {
			if t != nil {
				tests.add(t.ID, ptr("tests", i, "id"))
			}
		}
	}
	if b := p.Batches; b != nil {
		checkLots(r, b)
	}
	if v := p.ViralClearance; v != nil {
		checkStudyIDs(r, v)
	}
	checkReferences(r)
}

// idSet finds duplicates in one collection.
type idSet struct {
	r    *reporter
	kind string
	what string
	seen map[string]idSeen
}

type idSeen struct {
	id      string
	pointer string
}

func (r *reporter) ids(kind, what string) *idSet {
	return &idSet{r: r, kind: kind, what: what, seen: map[string]idSeen{}}
}

// add records id and reports it when it repeats an earlier one; it returns
// the pointer of the first occurrence, or "" when id is new.
func (s *idSet) add(id, pointer string) string {
	k := key(id)
	if k == "" {
		return ""
	}
	first, dup := s.seen[k]
	if !dup {
		s.seen[k] = idSeen{id, pointer}
		return ""
	}
	if first.id == id {
		s.r.errorf(s.kind, "ID-01", pointer, "%s id %q is already used at %s", s.what, id, s.r.where(s.kind, first.pointer))
	} else {
		s.r.errorf(s.kind, "ID-01", pointer, "%s id %q repeats %q at %s; identifiers are compared ignoring case and surrounding spaces", s.what, id, first.id, s.r.where(s.kind, first.pointer))
	}
	return first.pointer
}

// checkLots checks lot numbers: unique (ID-01), one result per test per lot
// (ID-01), the declared pattern and consistent duplicates (ID-03).
func checkLots(r *reporter, b *model.Batches) {
	k := model.KindBatches
	var re *regexp.Regexp
	if b.LotPattern != "" {
		var err error
		// The schema's "regex" format is ECMA-262; Go's RE2 accepts the
		// common subset. A pattern it cannot compile is reported rather than
		// ignored, so a lot pattern never silently stops being checked.
		if re, err = regexp.Compile(b.LotPattern); err != nil {
			r.errorf(k, "ID-03", ptr("lot_pattern"), "lot_pattern %q cannot be used to check lot numbers: %v", b.LotPattern, err)
			re = nil
		}
	}
	lots := r.ids(k, "lot")
	index := map[string]int{}
	for i, l := range b.Lots {
		if l == nil {
			continue
		}
		if re != nil && !re.MatchString(l.Lot) {
			r.errorf(k, "ID-03", ptr("lots", i, "lot"), "lot number %q does not match the lot pattern %s", l.Lot, b.LotPattern)
		}
		if first := lots.add(l.Lot, ptr("lots", i, "lot")); first != "" {
			compareDuplicateLot(r, b.Lots[index[key(l.Lot)]], index[key(l.Lot)], l, i)
		} else {
			index[key(l.Lot)] = i
		}
		// One result per test: the model looks a lot's result up by test,
		// so a second one would never be printed or judged.
		tests := map[string]int{}
		for j, res := range l.Results {
			if res == nil || key(res.Test) == "" {
				continue
			}
			f, dup := tests[key(res.Test)]
			if !dup {
				tests[key(res.Test)] = j
				continue
			}
			r.errorf(k, "ID-01", ptr("lots", i, "results", j, "test"), "lot %s has a second result for test %q (the first, for %q, is at %s); the batch table can show only one", l.Lot, res.Test, l.Results[f].Test, r.where(k, ptr("lots", i, "results", f, "test")))
		}
	}
}

// compareDuplicateLot reports what two records of the same lot disagree on:
// beyond the duplicate itself, conflicting records mean one of them
// describes a different lot.
func compareDuplicateLot(r *reporter, a *model.Lot, ai int, b *model.Lot, bi int) {
	k := model.KindBatches
	conflict := func(field, what, va, vb string) {
		if va != vb {
			r.errorf(k, "ID-03", ptr("lots", bi, field), "lot %s appears again with %s %s, but %s at %s", b.Lot, what, orNone(vb), orNone(va), r.where(k, ptr("lots", ai, field)))
		}
	}
	conflict("manufacture_date", "manufacture date", a.ManufactureDate, b.ManufactureDate)
	conflict("site", "site", a.Site, b.Site)
	av, bv := "", ""
	if a.Scale.Valid() {
		av = quantity(a.Scale)
	}
	if b.Scale.Valid() {
		bv = quantity(b.Scale)
	}
	field := "scale"
	if b.PlasmaVolume.Valid() && b.PlasmaVolume == b.Scale {
		field = "plasma_volume"
	}
	conflict(field, "scale", av, bv)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// checkStudyIDs checks viruses and studies for duplicates, including two
// studies of the same steps, mechanism and virus: the LRV table has one cell
// for that combination and would show only one of them.
func checkStudyIDs(r *reporter, v *model.ViralClearance) {
	k := model.KindViralClearance
	viruses := r.ids(k, "virus")
	for i, x := range v.Viruses {
		if x != nil {
			viruses.add(x.ID, ptr("viruses", i, "id"))
		}
	}
	studies := r.ids(k, "study")
	cells := map[string]int{}
	for i, s := range v.Studies {
		if s == nil {
			continue
		}
		studies.add(s.ID, ptr("studies", i, "id"))
		cell := key(s.StepKey()) + "|" + s.Mechanism + "|" + key(s.Virus)
		if j, dup := cells[cell]; dup {
			f := v.Studies[j]
			r.errorf(k, "ID-01", ptr("studies", i, "id"), "study %s covers the same steps (%s), mechanism (%s) and virus (%s) as study %s at %s; the LRV table has one cell for them, so one study would not be shown — merge the runs into one study", s.ID, s.StepKey(), s.Mechanism, s.Virus, f.ID, r.where(k, ptr("studies", j, "id")))
			continue
		}
		cells[cell] = i
	}
}

// checkReferences checks ID-02. References are matched exactly, as the model
// looks them up; a reference that matches only when case and spaces are
// ignored gets a hint.
func checkReferences(r *reporter) {
	p := r.p
	if b, s := p.Batches, p.Specification; b != nil && s != nil {
		if b.Specification != s.ID {
			r.errorf(model.KindBatches, "ID-02", ptr("specification"), "batches refer to specification %q, but the specification file defines %q%s", b.Specification, s.ID, hint(b.Specification, []string{s.ID}))
		} else {
			var tests []string
			for _, t := range s.Tests {
				if t != nil {
					tests = append(tests, t.ID)
				}
			}
			for i, l := range b.Lots {
				if l == nil {
					continue
				}
				for j, res := range l.Results {
					if res != nil && s.Test(res.Test) == nil {
						r.errorf(model.KindBatches, "ID-02", ptr("lots", i, "results", j, "test"), "lot %s reports a result for test %q, which specification %s does not define%s", l.Lot, res.Test, s.ID, hint(res.Test, tests))
					}
				}
			}
		}
	}
	v := p.ViralClearance
	if v == nil {
		return
	}
	var viruses []string
	for _, x := range v.Viruses {
		if x != nil {
			viruses = append(viruses, x.ID)
		}
	}
	var steps []string
	if p.Process != nil {
		for _, s := range p.Process.Steps {
			if s != nil {
				steps = append(steps, s.ID)
			}
		}
	}
	for i, s := range v.Studies {
		if s == nil {
			continue
		}
		if !slices.Contains(viruses, s.Virus) {
			r.errorf(model.KindViralClearance, "ID-02", ptr("studies", i, "virus"), "study %s names virus %q, which is not in the virus panel%s", s.ID, s.Virus, hint(s.Virus, viruses))
		}
		if p.Process == nil {
			continue
		}
		for j, id := range s.Steps {
			if !slices.Contains(steps, id) {
				r.errorf(model.KindViralClearance, "ID-02", ptr("studies", i, "steps", j), "study %s names step %q, which the process does not have%s", s.ID, id, hint(id, steps))
			}
		}
	}
}

// hint suggests the identifier a reference was probably meant to be: the
// same one in another case, else the closest of the ids the data define
// ("heam" for "haem"), and lists them when they are few.
func hint(ref string, ids []string) string {
	for _, id := range ids {
		if key(id) == key(ref) {
			return fmt.Sprintf("; did you mean %q? references must match exactly", id)
		}
	}
	guess := ""
	if best, ok := diag.Closest(ref, ids); ok {
		guess = fmt.Sprintf("; did you mean %q?", best)
	}
	if len(ids) > 0 && len(ids) <= 12 {
		return guess + " (known: " + strings.Join(ids, ", ") + ")"
	}
	return guess
}
