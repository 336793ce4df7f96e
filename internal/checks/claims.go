package checks

import (
	"fmt"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// Claims are read by an examiner against the description: a claim that
// depends on a later claim, an element linked to nothing, or a claimed
// range the data do not cover weakens the application (CHECKS.md §10).

func claimFamily() family {
	return family{
		rules: []Rule{
			{"CL-01", diag.Error, "Claims are numbered 1, 2, 3 … in order, and a dependent claim depends on an earlier claim."},
			{"CL-02", diag.Error, "Every claim element links to steps, parameters, tests or yields that exist."},
			{"PT-04", diag.Warning, "A claimed range is covered by the data it cites: within the parameter's PAR, containing every batch result and the computed yield."},
		},
		check: checkClaims,
	}
}

func checkClaims(r *reporter) {
	c := r.p.Claims
	if c == nil {
		return
	}
	k := model.KindClaims
	elements := r.ids(k, "claim element")
	for i, cl := range c.Claims {
		if cl == nil {
			continue
		}
		if cl.Number != i+1 {
			r.errorf(k, "CL-01", ptr("claims", i, "number"), "claim %d is the claim in position %d; number claims 1, 2, 3 … in order", cl.Number, i+1)
		}
		if forwardDependency(cl) {
			remedy := "the first claim cannot depend on another: remove depends_on"
			if cl.Number > 1 {
				remedy = fmt.Sprintf("make it depend on one of claims 1 to %d, or move it after claim %d", cl.Number-1, cl.DependsOn)
			}
			r.errorf(k, "CL-01", ptr("claims", i, "depends_on"), "claim %d depends on claim %d, which is not an earlier claim; a dependent claim may only refer to a claim previously set forth (37 CFR 1.75(c)): %s", cl.Number, cl.DependsOn, remedy)
		}
		for j, e := range cl.Elements {
			if e == nil {
				continue
			}
			elements.add(e.ID, ptr("claims", i, "elements", j, "id"))
			for s, l := range e.Supports {
				if why := r.missingSupport(l); why != "" {
					r.errorf(k, "CL-02", ptr("claims", i, "elements", j, "supports", s), "claim element %s: %s", e.ID, why)
				}
			}
		}
	}
	if r.p.Process == nil {
		return
	}
	for _, row := range r.p.ClaimSupport() {
		if row.Status != model.NotCovered && row.Status != model.UnitMismatch {
			continue
		}
		ci, ei := claimIndex(c, row.Element)
		for _, n := range row.Notes {
			r.warnf(k, "PT-04", ptr("claims", ci, "elements", ei, "claimed_range"), "claim element %s: %s", row.Element.ID, n)
		}
	}
}

// forwardDependency reports whether a claim depends on itself or a later
// claim: CL-01 reports it, once, where the number is written
// (depends_on); PT-14, which reads the preamble's words, leaves it.
func forwardDependency(cl *model.Claim) bool {
	return cl.DependsOn != 0 && cl.DependsOn >= cl.Number
}

// missingSupport explains why a support link does not resolve, or returns "".
func (r *reporter) missingSupport(l model.SupportLink) string {
	p := r.p
	switch {
	case l.Step != "":
		if p.Process != nil && p.Process.Step(l.Step) == nil {
			return fmt.Sprintf("step %q does not exist in the process%s", l.Step, hint(l.Step, stepIDs(p.Process)))
		}
	case l.Parameter != "":
		if p.Process != nil && !hasParameter(p.Process, l.Parameter) {
			return fmt.Sprintf("parameter %q does not exist in the process", l.Parameter)
		}
	case l.Test != "":
		if p.Specification != nil && p.Specification.Test(l.Test) == nil {
			return fmt.Sprintf("test %q is not in specification %s", l.Test, p.Specification.ID)
		}
	}
	return ""
}

func stepIDs(pr *model.Process) []string {
	var ids []string
	for _, s := range pr.Steps {
		if s != nil {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

func hasParameter(pr *model.Process, id string) bool {
	for _, s := range pr.Steps {
		if s == nil {
			continue
		}
		for _, q := range s.Parameters {
			if q != nil && q.ID == id {
				return true
			}
		}
	}
	return false
}

func claimIndex(c *model.Claims, e *model.Element) (int, int) {
	for i, cl := range c.Claims {
		if cl == nil {
			continue
		}
		for j, x := range cl.Elements {
			if x == e {
				return i, j
			}
		}
	}
	return 0, 0
}
