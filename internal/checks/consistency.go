package checks

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// Each value below is right on its own and printed faithfully; together
// they say something false. A reviewer who reads 3.2.S.2.2 beside 3.2.S.2.4
// and the specification catches them; these rules catch them first. Every
// message names both places, file and line.

func consistencyFamily() family {
	return family{
		rules: []Rule{
			{"XF-01", diag.Error, "A step that takes its solution unchanged from an earlier step (or holds the final product) has a PAR for pH, conductivity or protein that covers what the earlier step's PAR, or the specification, allows."},
			{"XF-02", diag.Error, "A hold time allowed by a step's PAR is not longer than the validated maximum hold of the step's intermediate."},
			{"XF-03", diag.Error, "An in-process control's numeric limits on a parameter cover the parameter's PAR: no batch run inside the PAR fails the control."},
			{"XF-04", diag.Error, "Product loaded per cycle on the column or filter the data give does not exceed the loading PAR."},
			{"XF-05", diag.Error, "A step marked critical has a CPP or a critical control; a step marked not critical has neither."},
			{"XF-07", diag.Error, "A thaw temperature range lies above 0 °C: frozen plasma does not thaw at or below it (yields above 100 % are YB-04, ranges that end before they start UN-06)."},
		},
		check: checkConsistency,
	}
}

func checkConsistency(r *reporter) {
	pr := r.p.Process
	if pr == nil {
		return
	}
	checkReachable(r, pr)
	for i, s := range pr.Steps {
		if s == nil {
			continue
		}
		checkHoldPAR(r, i, s)
		checkControlsCoverPAR(r, i, s)
		checkLoad(r, i, s)
		checkCriticalMark(r, i, s)
		checkThaw(r, i, s)
	}
}

// at names a value of a kind's file for a message: "process.json:24".
func (r *reporter) at(kind, pointer string) string {
	d := r.docs[kind]
	if d == nil {
		return pointer
	}
	if l, _ := d.Locate(pointer); l > 0 {
		return fmt.Sprintf("%s:%d", d.File, l)
	}
	return d.File + " " + pointer
}

// words splits a name into lower-case words.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// property is the solution property a parameter or test measures — "ph",
// "conductivity" or "protein" — or "" for any other (temperature, time,
// load), which a step sets itself rather than inherits.
func property(name string) string {
	for _, w := range words(name) {
		switch w {
		case "ph", "conductivity", "protein":
			return w
		}
	}
	return ""
}

// inherits reports whether a step passes its solution on unchanged: a
// filtration, virus filtration, filling or hold, or an inactivation that
// adds nothing.
func inherits(s *model.Step) bool {
	switch s.Type {
	case "filtration", "virus-removal", "filling", "hold":
		return true
	case "virus-inactivation":
		return len(s.Materials) == 0
	}
	return false
}

// checkReachable is XF-01. P9 of the review: its pH PAR 4.0–4.4, while P7
// and the specification allow up to 4.5 and P9 adjusts nothing, so a lot
// within specification could be incubated outside the validated range.
func checkReachable(r *reporter, pr *model.Process) {
	k := model.KindProcess
	final := true // every step from here to the end passes its solution on
	finalFrom := len(pr.Steps)
	for i := len(pr.Steps) - 1; i >= 0; i-- {
		s := pr.Steps[i]
		if s == nil || !inherits(s) {
			final = false
		}
		if final {
			finalFrom = i
		}
	}
	for i, s := range pr.Steps {
		if s == nil || !inherits(s) {
			continue
		}
		for j, q := range s.Parameters {
			if q == nil || q.PAR == nil || property(q.Name) == "" {
				continue
			}
			prop := property(q.Name)
			// The nearest earlier step measuring the same property, through
			// steps that all pass the solution on.
		earlier:
			for e := i - 1; e >= 0; e-- {
				es := pr.Steps[e]
				if es == nil {
					break
				}
				for m, eq := range es.Parameters {
					if eq == nil || eq.PAR == nil || property(eq.Name) != prop || eq.Unit != q.Unit {
						continue
					}
					if !eq.PAR.Within(*q.PAR) {
						r.errorf(k, "XF-01", ptr("steps", i, "parameters", j, "par"),
							"step %s takes its solution from step %s unchanged, but its PAR for %s, %s, does not cover the PAR of %s (%s) at %s: a batch run within step %s's PAR can reach step %s outside its validated range; widen the PAR of %s or narrow that of %s",
							s.ID, es.ID, q.Name, rangeText(*q.PAR, q.Unit), eq.ID, rangeText(*eq.PAR, eq.Unit), r.at(k, ptr("steps", e, "parameters", m, "par")), es.ID, s.ID, s.ID, es.ID)
					}
					break earlier
				}
				if !inherits(es) {
					break
				}
			}
			// After the last step that changes the solution, the product
			// is what the specification describes.
			if i < finalFrom || r.p.Specification == nil {
				continue
			}
			for ti, t := range r.p.Specification.Tests {
				c := t.Criterion
				if t == nil || c.Type != "range" || c.Low == nil || c.High == nil || property(t.Name) != prop || c.Unit != q.Unit {
					continue
				}
				allowed := model.Range{Low: c.Low, High: c.High}
				if !allowed.Within(*q.PAR) {
					r.errorf(k, "XF-01", ptr("steps", i, "parameters", j, "par"),
						"step %s holds the final product, but its PAR for %s, %s, does not cover the specification's %s (%s) at %s: a lot within specification can be outside the validated range of step %s",
						s.ID, q.Name, rangeText(*q.PAR, q.Unit), t.Name, rangeText(allowed, c.Unit), r.at(model.KindSpecification, ptr("tests", ti, "criterion")), s.ID)
				}
			}
		}
	}
}

// hours converts a time to hours; ok is false for a unit that is not one.
func hours(v float64, unit string) (float64, bool) {
	switch unit {
	case "min":
		return v / 60, true
	case "h":
		return v, true
	case "d":
		return v * 24, true
	}
	return 0, false
}

// checkHoldPAR is XF-02: P1 of the review allowed a 36 h hold by its PAR
// while the hold study validated 24 h.
func checkHoldPAR(r *reporter, i int, s *model.Step) {
	k := model.KindProcess
	for j, q := range s.Parameters {
		if q == nil || q.PAR == nil || q.PAR.High == nil || !containsWord(q.Name, "hold") {
			continue
		}
		par, ok := hours(q.PAR.High.Float(), q.Unit)
		if !ok {
			continue
		}
		for h, hold := range s.Holds {
			if hold == nil || !hold.MaxHold.Valid() {
				continue
			}
			max, ok := hours(hold.MaxHold.Value.Float(), hold.MaxHold.Unit)
			if ok && par > max+1e-9 {
				r.errorf(k, "XF-02", ptr("steps", i, "parameters", j, "par", "high"),
					"parameter %s (%s) allows a hold of %s, longer than the validated maximum hold of %s, %s, at %s; shorten the PAR or validate the longer hold",
					q.ID, q.Name, withUnit(q.PAR.High.String(), q.Unit), hold.Intermediate, hold.MaxHold.Text(), r.at(k, ptr("steps", i, "holds", h, "max_hold")))
			}
		}
	}
}

func containsWord(name, w string) bool {
	for _, x := range words(name) {
		if x == w {
			return true
		}
	}
	return false
}

// checkControlsCoverPAR is XF-03: P9 of the review had an IPC rejecting
// outside 23–27 °C under a PAR of 22–28 °C, so a batch run within its PAR
// would be rejected.
func checkControlsCoverPAR(r *reporter, i int, s *model.Step) {
	k := model.KindProcess
	for c, ipc := range s.IPCs {
		if ipc == nil {
			continue
		}
		cr := ipc.Criterion
		var limits model.Range
		switch cr.Type {
		case "range":
			limits = model.Range{Low: cr.Low, High: cr.High}
		case "nlt":
			limits = model.Range{Low: cr.Value}
		case "nmt":
			limits = model.Range{High: cr.Value}
		default:
			continue
		}
		for j, q := range s.Parameters {
			if q == nil || q.PAR == nil || !sameQuantity(ipc.Test, cr.Unit, q.Name, q.Unit) {
				continue
			}
			if !q.PAR.Within(limits) {
				r.errorf(k, "XF-03", ptr("steps", i, "parameters", j, "par"),
					"the PAR of %s (%s), %s, is wider than what in-process control %s (%s) accepts, %s, at %s (action: %s): a batch run within the PAR fails the control; make the control's limits the PAR, or narrow the PAR",
					q.ID, q.Name, rangeText(*q.PAR, q.Unit), ipc.ID, ipc.Test, rangeText(limits, cr.Unit), r.at(k, ptr("steps", i, "ipcs", c, "criterion")), ipc.Action)
			}
		}
	}
}

// sameQuantity reports whether a control and a parameter measure the same
// thing: the same unit and a word in common other than generic ones.
func sameQuantity(a, unitA, b, unitB string) bool {
	if unitA == "" || unitA != unitB {
		return false
	}
	generic := map[string]bool{"final": true, "load": true, "at": true, "of": true, "start": true, "the": true, "in": true, "before": true, "after": true, "inactivation": true, "hold": true, "pool": true, "concentration": true}
	seen := map[string]bool{}
	for _, w := range words(a) {
		if !generic[w] {
			seen[w] = true
		}
	}
	for _, w := range words(b) {
		if seen[w] {
			return true
		}
	}
	return false
}

// checkLoad is XF-04: the review's AEX step put 33.4 kg IgG on two 200 L
// columns, 83 g/L against a loading PAR of ≤ 80 g/L, with no cycles stated.
// A filter loaded in L/m² is checked through the volume the product makes
// at the lowest protein concentration the step allows (the most volume).
func checkLoad(r *reporter, i int, s *model.Step) {
	k := model.KindProcess
	if !s.Capacity.Valid() || !s.ProductIn.Valid() || s.Capacity.Value.Float() <= 0 {
		return
	}
	grams := map[string]float64{"g": 1, "kg": 1000, "mg": 1e-3}[s.ProductIn.Unit]
	if grams == 0 {
		return
	}
	cycles := max(s.Cycles, 1)
	size := s.Capacity.Value.Float() * float64(cycles)
	mass := s.ProductIn.Value.Float() * grams
	for j, q := range s.Parameters {
		if q == nil || q.PAR == nil || q.PAR.High == nil {
			continue
		}
		var load float64
		how := ""
		switch {
		case s.Capacity.Unit == "L" && (q.Unit == "g/L resin" || q.Unit == "g/L" && containsWord(q.Name, "load")):
			load = mass / size
		case s.Capacity.Unit == "m²" && q.Unit == "g/m²":
			load = mass / size
		case s.Capacity.Unit == "m²" && q.Unit == "L/m²":
			conc, at, ok := lowestConcentration(s)
			if !ok {
				continue
			}
			load = mass / conc / size
			how = fmt.Sprintf(" (as %s L at %s g/L, the lowest protein concentration the step allows, at %s)", fixed(mass/conc, 0), fixed(conc, 1), r.at(k, ptr("steps", i, "parameters", at)))
		default:
			continue
		}
		if load > q.PAR.High.Float()+1e-9 {
			r.errorf(k, "XF-04", ptr("steps", i, "capacity"),
				"step %s loads %s%s on %s in %s: %s %s per cycle, above the PAR of %s (%s) at %s; give the number of cycles, a larger column or filter, or a wider validated PAR",
				s.ID, s.ProductIn.Text(), how, s.Capacity.Text(), diag.Plural(cycles, "cycle"), fixed(load, 1), q.Unit, q.ID, rangeText(*q.PAR, q.Unit), r.at(k, ptr("steps", i, "parameters", j, "par")))
		}
	}
}

// lowestConcentration is the lowest protein concentration (g/L) a step's
// parameters allow — the PAR's lower bound, else the NOR's, else the set
// point — with the parameter's index; ok is false when none says.
func lowestConcentration(s *model.Step) (float64, int, bool) {
	for j, q := range s.Parameters {
		if q == nil || q.Unit != "g/L" || property(q.Name) != "protein" {
			continue
		}
		for _, n := range []*model.Number{parLow(q), q.NOR.Low, q.SetPoint} {
			if n != nil && n.Float() > 0 {
				return n.Float(), j, true
			}
		}
	}
	return 0, 0, false
}

func parLow(q *model.Parameter) *model.Number {
	if q.PAR == nil {
		return nil
	}
	return q.PAR.Low
}

// checkCriticalMark is XF-05: the review found P1 flagged critical with only
// KPPs and P2, P7, P8 unflagged with CPPs.
func checkCriticalMark(r *reporter, i int, s *model.Step) {
	if s.Critical == nil {
		return
	}
	k := model.KindProcess
	has := s.HasCriticalControl()
	switch {
	case *s.Critical && !has:
		r.errorf(k, "XF-05", ptr("steps", i, "critical"), "step %s is marked critical but has no CPP and no critical in-process control (parameters at %s); classify what makes it critical, or remove the marking", s.ID, r.at(k, ptr("steps", i, "parameters")))
	case !*s.Critical && has:
		what := "a critical in-process control"
		at := ptr("steps", i, "ipcs")
		if cpps := s.CriticalParameters(); len(cpps) > 0 {
			what = "CPP " + cpps[0].ID
			for j, q := range s.Parameters {
				if q == cpps[0] {
					at = ptr("steps", i, "parameters", j, "criticality")
				}
			}
		}
		r.errorf(k, "XF-05", ptr("steps", i, "critical"), "step %s is marked not critical but has %s (%s); a step with a critical parameter or control is a critical step", s.ID, what, r.at(k, at))
	}
}

// checkThaw is XF-07 for thawing: frozen plasma does not thaw at or below
// 0 °C, so a thaw range reaching there cannot be the range the step runs in.
func checkThaw(r *reporter, i int, s *model.Step) {
	k := model.KindProcess
	for j, q := range s.Parameters {
		if q == nil || q.Unit != "°C" || !containsWord(q.Name, "thaw") {
			continue
		}
		for _, rg := range []struct {
			name string
			r    *model.Range
		}{{"nor", &q.NOR}, {"par", q.PAR}} {
			if rg.r != nil && rg.r.Low != nil && rg.r.Low.Float() <= 0 {
				r.errorf(k, "XF-07", ptr("steps", i, "parameters", j, rg.name, "low"),
					"parameter %s (%s): a %s reaching down to %s cannot thaw frozen plasma; give the range the step thaws in (above 0 °C)",
					q.ID, q.Name, strings.ToUpper(rg.name), withUnit(rg.r.Low.String(), q.Unit))
			}
		}
	}
}
