package checks

import (
	"fmt"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// The flow diagram is drawn from the step order and the "from" links
// (CHECKS.md PR-05); a link to a later step or to nothing would draw a
// process that cannot run. Hold times are printed in 3.2.S.2.2 and must be
// stated in a unit of time at an ordered temperature range.

func flowFamily() family {
	return family{
		rules: []Rule{
			{"PR-05", diag.Error, "A step takes material only from earlier steps (its \"from\" list names steps before it)."},
			{"PR-07", diag.Error, "Every hold time is given in a unit of time (min, h, d) at an ordered temperature range."},
		},
		check: checkFlow,
	}
}

func checkFlow(r *reporter) {
	pr := r.p.Process
	if pr == nil {
		return
	}
	k := model.KindProcess
	pos := map[string]int{}
	for i, s := range pr.Steps {
		if s != nil {
			pos[s.ID] = i
		}
	}
	for i, s := range pr.Steps {
		if s == nil {
			continue
		}
		for j, from := range s.From {
			at, ok := pos[from]
			switch {
			case !ok:
				r.errorf(k, "PR-05", ptr("steps", i, "from", j), "step %s takes material from step %q, which does not exist%s", s.ID, from, hint(from, stepIDs(pr)))
			case at >= i:
				r.errorf(k, "PR-05", ptr("steps", i, "from", j), "step %s takes material from step %s, which comes %s it; list steps in manufacturing order", s.ID, from, order(at, i))
			}
		}
		for j, h := range s.Holds {
			if h == nil {
				continue
			}
			switch h.MaxHold.Unit {
			case "min", "h", "d":
			default:
				r.errorf(k, "PR-07", ptr("steps", i, "holds", j, "max_hold", "unit"), "hold of %s: maximum hold is in %q; use min, h or d", h.Intermediate, h.MaxHold.Unit)
			}
			checkOrder(r, k, ptr("steps", i, "holds", j, "temperature"), fmt.Sprintf("hold of %s: temperature", h.Intermediate), h.Temperature, "°C")
		}
	}
}

func order(at, i int) string {
	if at == i {
		return "from itself, not before"
	}
	return "after"
}
