package checks

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/stability"
)

// Stability: the proposed shelf life is judged as ICH Q1E and Q5C require —
// no longer than the statistics support, no longer than the real-time
// long-term data cover unless an extrapolation is claimed and justified,
// and a claimed extrapolation within the Q1E limits. Findings are
// warnings: the documents still build, so the writer sees the evaluation
// that disagrees with the proposal.

func stabilityFamily() family {
	return family{
		rules: []Rule{
			{"ST-01", diag.Warning, "The proposed shelf life is not longer than the shelf life the long-term data support by the ICH Q1E evaluation of every evaluated attribute."},
			{"ST-02", diag.Warning, "The proposed shelf life is not longer than the real-time long-term data cover (the time on study three batches have reached), unless an extrapolation is claimed with its reason."},
			{"ST-03", diag.Warning, "A claimed extrapolation covers the proposal, stays within ICH Q1E's limit for refrigerated products (1.5 times the real-time period and no more than 6 months beyond it), and is not claimed over significant change at the accelerated condition."},
			{"ST-05", diag.Warning, "No result at the long-term condition within the proposed shelf life is outside its shelf-life acceptance criterion."},
			{"ST-04", diag.Error, "Every study names a condition of the file, every result a test of the file, and each evaluated attribute can be evaluated."},
		},
		check: checkStability,
	}
}

func checkStability(r *reporter) {
	s := r.p.Stability
	if s == nil {
		return
	}
	k := model.KindStability
	tests := map[string]bool{}
	var ids []string
	for _, a := range s.Attributes {
		tests[a.ID] = true
		ids = append(ids, a.ID)
	}
	var conds []string
	for _, c := range s.Conditions {
		conds = append(conds, c.ID)
	}
	broken := false
	for i, st := range s.Studies {
		if s.Condition(st.Condition) == nil {
			broken = true
			r.errorf(k, "ST-04", ptr("studies", i, "condition"), "batch %s is on study at condition %q, which the file does not define%s", st.Batch, st.Condition, hint(st.Condition, conds))
		}
		for j, tp := range st.TimePoints {
			for m, res := range tp.Results {
				if !tests[res.Test] {
					broken = true
					r.errorf(k, "ST-04", ptr("studies", i, "time_points", j, "results", m, "test"), "batch %s at %s months reports test %q, which the file does not define%s", st.Batch, tp.Month.String(), res.Test, hint(res.Test, ids))
				}
			}
		}
	}
	if s.LongTerm() == nil {
		r.errorf(k, "ST-04", ptr("conditions"), "no condition is long-term; the shelf life is set by real-time data at the long-term condition (ICH Q5C): add one with \"type\": \"long-term\"")
		return
	}
	if broken {
		return
	}
	for i, a := range s.Attributes {
		if e := s.Evaluation(a.ID); e != nil && e.Err != nil {
			r.errorf(k, "ST-04", ptr("attributes", i), "attribute %s cannot be evaluated: %v", a.ID, e.Err)
		}
	}

	proposed := s.ProposedShelfLifeMonths
	lt := s.LongTerm()
	for i, st := range s.Studies {
		if st.Condition != lt.ID {
			continue
		}
		for j, tp := range st.TimePoints {
			if tp.Month.Float() > float64(proposed) {
				continue
			}
			for m, res := range tp.Results {
				a := s.Attribute(res.Test)
				if a != nil && !model.MeetsShelfLife(a.Criterion, res) {
					r.warnf(k, "ST-05", ptr("studies", i, "time_points", j, "results", m), "batch %s fails %s at %s months, within the proposed shelf life of %d months: a result outside the shelf-life criterion is out of specification; report it with its investigation and reconsider the proposal", st.Batch, a.Name, tp.Month.String(), proposed)
				}
			}
		}
	}
	if months, limiting, ok := s.Support(); ok && proposed > months {
		var reasons []string
		for _, e := range s.Evaluations() {
			if e.Eval != nil && e.Supported < proposed {
				reasons = append(reasons, supportReason(e))
			}
		}
		r.warnf(k, "ST-01", ptr("proposed_shelf_life_months"), "the proposed shelf life of %d months is longer than the %d months the long-term data support (limited by %s): %s; shorten the proposal or add data", proposed, months, limiting.Attribute.Name, strings.Join(reasons, "; "))
	}

	real := s.RealTimeMonths()
	x := s.Extrapolation
	if float64(proposed) > real && x == nil {
		r.warnf(k, "ST-02", ptr("proposed_shelf_life_months"), "the proposed shelf life of %d months is longer than the real-time long-term data cover (%s months, the time on study three batches have reached: %s) and no extrapolation is claimed; for a biotechnological product the shelf life rests on real-time data (ICH Q5C): shorten the proposal, or state the extrapolation and its reason under \"extrapolation\"", proposed, fmtMonths(real), lastMonths(s))
	}
	if x != nil {
		limit := math.Min(1.5*real, real+6)
		switch {
		case x.Months < proposed:
			r.warnf(k, "ST-03", ptr("extrapolation", "months"), "the claimed extrapolation reaches %d months, short of the proposed %d", x.Months, proposed)
		case float64(x.Months) > limit:
			r.warnf(k, "ST-03", ptr("extrapolation", "months"), "the claimed extrapolation to %d months goes beyond ICH Q1E's limit for refrigerated products of %s months (1.5 times the %s months of real-time data, and no more than 6 months beyond them)", x.Months, fmtMonths(limit), fmtMonths(real))
		}
		// Q1E allows extrapolation only without significant change at
		// the accelerated condition; a result there outside its
		// shelf-life criterion is one.
		for _, c := range s.Conditions {
			if c.Type != "accelerated" {
				continue
			}
			var failed []string
			for _, row := range s.ConditionSummary(c.ID) {
				for _, o := range row.Outside {
					failed = append(failed, fmt.Sprintf("%s of %s at %s months", row.Attribute.Name, o.Batch, o.Month.String()))
				}
			}
			if len(failed) > 0 {
				r.warnf(k, "ST-03", ptr("extrapolation"), "an extrapolation is claimed although the accelerated condition %s shows significant change (results outside the shelf-life criterion: %s); ICH Q1E allows extrapolation only without significant change at the accelerated condition", c.ID, strings.Join(failed, "; "))
			}
		}
	}
}

// supportReason says why one attribute supports less than the proposal:
// its model, the limit and where it meets the criterion.
func supportReason(e *model.AttributeEvaluation) string {
	ev := e.Eval
	side := "lower"
	if ev.Direction == stability.Increasing {
		side = "upper"
	}
	conf := "one-sided 95 %"
	if ev.Direction == stability.Either {
		side, conf = "lower or upper", "two-sided 95 %"
	}
	where := ""
	if ev.Governing != "" {
		where = ", batch " + ev.Governing
	}
	excl := ""
	if n := len(e.Excluded); n > 0 {
		excl = ", " + diag.Plural(n, "result") + " excluded"
	}
	return fmt.Sprintf("%s (%s%s%s): the %s %s confidence limit of the mean meets the criterion at %s months", e.Attribute.Name, modelName(ev.Model), where, excl, conf, side, strconv.FormatFloat(ev.ShelfLife, 'f', 1, 64))
}

func modelName(m stability.Model) string {
	switch m {
	case stability.Pooled:
		return "batches pooled"
	case stability.CommonSlope:
		return "common slope, separate intercepts"
	case stability.Separate:
		return "batches evaluated separately"
	}
	return "one batch"
}

// lastMonths lists each long-term study's last time point.
func lastMonths(s *model.Stability) string {
	var parts []string
	for _, st := range s.StudiesAt(s.LongTerm().ID) {
		parts = append(parts, st.Batch+" "+fmtMonths(st.LastMonth()))
	}
	return strings.Join(parts, ", ")
}

func fmtMonths(m float64) string { return strconv.FormatFloat(m, 'f', -1, 64) }
