package checks

import (
	"fmt"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// Process parameters are printed in 3.2.S.2.2 and defended in 3.2.S.2.4 and
// S.2.6; a set point outside its own NOR or a NOR wider than the PAR is the
// first inconsistency a reviewer looks for (ICH Q8(R2)/Q11).

func processFamily() family {
	return family{
		rules: []Rule{
			{"PR-01", diag.Error, "For every parameter the set point lies in the NOR and the NOR lies in the PAR, bounds inclusive."},
			{"PR-02", diag.Error, "Every CPP has a PAR and a justification citing the study behind it."},
		},
		check: checkProcess,
	}
}

func checkProcess(r *reporter) {
	pr := r.p.Process
	if pr == nil {
		return
	}
	k := model.KindProcess
	for i, s := range pr.Steps {
		if s == nil {
			continue
		}
		for j, q := range s.Parameters {
			if q == nil {
				continue
			}
			at := func(field string) string {
				if field == "" {
					return ptr("steps", i, "parameters", j)
				}
				return ptr("steps", i, "parameters", j, field)
			}
			name := fmt.Sprintf("parameter %s (%s)", q.ID, q.Name)
			// An unordered range is reported by UN-06; comparing with it
			// would only add a confusing second message.
			norOK := ordered(q.NOR)
			if q.SetPoint != nil && norOK && !q.NOR.Contains(q.SetPoint.Float()) {
				r.errorf(k, "PR-01", at("set_point"), "%s: set point %s lies outside the NOR %s", name, withUnit(q.SetPoint.String(), q.Unit), rangeText(q.NOR, q.Unit))
			}
			if q.PAR != nil && norOK && ordered(*q.PAR) && !q.NOR.Within(*q.PAR) {
				r.errorf(k, "PR-01", at("nor"), "%s: NOR %s is not inside the PAR %s: %s", name, rangeText(q.NOR, q.Unit), rangeText(*q.PAR, q.Unit), beyond(q.NOR, *q.PAR, q.Unit))
			}
			if q.Criticality == "CPP" {
				if q.PAR == nil {
					r.errorf(k, "PR-02", at(""), "%s is a CPP but has no PAR; a critical parameter needs the proven acceptable range its classification rests on", name)
				}
				if strings.TrimSpace(q.Justification) == "" {
					r.errorf(k, "PR-02", at(""), "%s is a CPP but has no justification; cite the study (S.2.6 or A.2) that supports its classification and range", name)
				}
			}
		}
	}
}

// ordered reports whether a range's bounds are in order (or one-sided).
func ordered(r model.Range) bool {
	return r.Low == nil || r.High == nil || r.Low.Float() <= r.High.Float()
}

// beyond says which side of inner leaves outer, for a PR-01 message.
func beyond(inner, outer model.Range, unit string) string {
	var why []string
	if outer.Low != nil {
		switch {
		case inner.Low == nil:
			why = append(why, "the NOR has no lower bound but the PAR starts at "+withUnit(outer.Low.String(), unit))
		case inner.Low.Float() < outer.Low.Float():
			why = append(why, fmt.Sprintf("NOR low %s is below PAR low %s", inner.Low.String(), outer.Low.String()))
		}
	}
	if outer.High != nil {
		switch {
		case inner.High == nil:
			why = append(why, "the NOR has no upper bound but the PAR ends at "+withUnit(outer.High.String(), unit))
		case inner.High.Float() > outer.High.Float():
			why = append(why, fmt.Sprintf("NOR high %s is above PAR high %s", inner.High.String(), outer.High.String()))
		}
	}
	return strings.Join(why, "; ")
}
