package checks

import (
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// 3.2.S.2.6 compares the lots made before and after each process change
// from batches.json; a cited lot the batch data do not hold would drop out
// of the comparison unnoticed, and a change to a step the process does not
// have describes another process.

func developmentFamily() family {
	return family{
		rules: []Rule{
			{"DV-01", diag.Error, "Every process change names steps of the process and lots of batches.json."},
		},
		check: checkDevelopment,
	}
}

func checkDevelopment(r *reporter) {
	d := r.p.Development
	if d == nil {
		return
	}
	k := model.KindDevelopment
	if pr := r.p.Process; pr != nil {
		for i, c := range d.Changes {
			if c == nil {
				continue
			}
			for j, id := range c.Steps {
				if pr.Step(id) == nil {
					r.errorf(k, "DV-01", ptr("changes", i, "steps", j), "change %s names step %q, which the process does not have%s", c.ID, id, hint(id, stepIDs(pr)))
				}
			}
		}
	}
	b := r.p.Batches
	if b == nil {
		return
	}
	held := map[string]bool{}
	var lots []string
	for _, l := range b.Lots {
		if l != nil {
			held[key(l.Lot)] = true
			lots = append(lots, l.Lot)
		}
	}
	for i, c := range d.Changes {
		if c == nil {
			continue
		}
		for _, g := range []struct {
			field string
			lots  []string
		}{{"lots_before", c.LotsBefore}, {"lots_after", c.LotsAfter}} {
			for j, lot := range g.lots {
				if !held[key(lot)] {
					r.errorf(k, "DV-01", ptr("changes", i, g.field, j), "change %s cites lot %q, which batches.json does not hold, so it cannot enter the comparison%s", c.ID, lot, hint(lot, lots))
				}
			}
		}
	}
}
