package checks

import (
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// A patent claim reciting a range the process has not validated claims
// what the applicant cannot show works (written description, MPEP 2163);
// a CMC reviewer reading the same numbers sees a range nobody proved. The
// claimed range of an element must therefore lie within the PAR of each
// process parameter it cites in the same unit. PT-04 marks the claim chart;
// this rule points at both files so the writer knows which one to change.

func claimCoverFamily() family {
	return family{
		rules: []Rule{
			{"XF-08", diag.Error, "A claimed range lies within the proven acceptable range of every process parameter in the same unit that the claim element cites."},
		},
		check: checkClaimCover,
	}
}

func checkClaimCover(r *reporter) {
	c, pr := r.p.Claims, r.p.Process
	if c == nil || pr == nil {
		return
	}
	for ci, cl := range c.Claims {
		if cl == nil {
			continue
		}
		for ei, e := range cl.Elements {
			if e == nil || e.ClaimedRange == nil {
				continue
			}
			claimed := e.ClaimedRange.Range()
			for _, l := range e.Supports {
				if l.Parameter == "" {
					continue
				}
				si, qi, q := findParameter(pr, l.Parameter)
				if q == nil || q.Unit != e.ClaimedRange.Unit {
					continue // a missing link is CL-02; another unit is a different quantity
				}
				at := ptr("steps", si, "parameters", qi, "par")
				if q.PAR == nil {
					r.errorf(model.KindClaims, "XF-08", ptr("claims", ci, "elements", ei, "claimed_range"),
						"claim element %s claims %s for parameter %s, which has no proven acceptable range (%s); validate a PAR that covers the claim, or narrow the claim",
						e.ID, rangeText(claimed, q.Unit), q.ID, r.at(model.KindProcess, ptr("steps", si, "parameters", qi)))
					continue
				}
				if !claimed.Within(*q.PAR) {
					r.errorf(model.KindClaims, "XF-08", ptr("claims", ci, "elements", ei, "claimed_range"),
						"claim element %s claims %s, but the PAR of %s (%s) is %s at %s: the claim reaches values the process has not validated; narrow the claim or validate the wider range",
						e.ID, rangeText(claimed, q.Unit), q.ID, q.Name, rangeText(*q.PAR, q.Unit), r.at(model.KindProcess, at))
				}
			}
		}
	}
}

// findParameter returns the step and parameter indexes of a parameter id.
func findParameter(pr *model.Process, id string) (int, int, *model.Parameter) {
	for i, s := range pr.Steps {
		if s == nil {
			continue
		}
		for j, q := range s.Parameters {
			if q != nil && q.ID == id {
				return i, j, q
			}
		}
	}
	return 0, 0, nil
}
