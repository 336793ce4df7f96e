package trace

import (
	"reflect"

	"github.com/regdoc/regdoc/internal/model"
)

// The figures of the drug product documents (3.2.P.1's amounts per unit,
// 3.2.P.3.2's filled volume, 3.2.P.5.1's shelf-life criteria) and the
// specification version that judged each lot of a batch analysis
// (3.2.S.4.4, 3.2.P.5.4), each recomputed from the model's definition.
func init() {
	registerCalls[model.Component](map[string]callExplainer{"PerUnit": perUnit})
	register[model.DrugProduct](map[string]explainer{"FilledVolume": filledVolume})
	registerCalls[model.ProductSpecification](map[string]callExplainer{"ShelfLifeCriterion": shelfLifeCriterion})
	registerCalls[model.Specification](map[string]callExplainer{"AppliedVersion": appliedVersion})
	register[model.Judgement](map[string]explainer{"Version": judgedBy("Version"), "Criterion": judgedBy("Criterion")})
	register[model.BatchSummary](map[string]explainer{"Historic": historic(false), "Judged": historic(true)})
}

// perUnit explains Component.PerUnit(presentation): a content in g/L is
// the same number of mg per mL, so the amount in one unit is the content
// times the nominal volume in mL, in g.
func perUnit(recv reflect.Value, args []reflect.Value, _ *Index) (figure, bool) {
	c := recv.Addr().Interface().(*model.Component)
	p, ok := argument[*model.Presentation](args)
	if !ok || !c.HasAmount() {
		return figure{}, false
	}
	ml := p.Millilitres()
	if ml == 0 {
		return figure{}, false
	}
	return figure{formula: "amount per unit = content (g/L, the same number of mg/mL) × nominal volume (mL) ÷ 1000 (g)",
		inputs: []reflect.Value{field(&c.Concentration), field(&p.NominalVolume)},
		value:  c.Concentration.Value.Float() * ml / 1000}, true
}

// filledVolume explains DrugProduct.FilledVolume: the units of each
// presentation one batch fills times its nominal volume, added up, in L.
func filledVolume(recv reflect.Value, _ *Index) (figure, bool) {
	d := recv.Addr().Interface().(*model.DrugProduct)
	f := figure{formula: "filled volume = Σ units filled × nominal volume of their presentation (mL) ÷ 1000 (L)"}
	ml := 0.0
	for _, u := range d.BatchFormula.Fill {
		if u == nil {
			continue
		}
		p := d.Presentation(u.Presentation)
		if p == nil || p.Millilitres() == 0 {
			return figure{}, false
		}
		f.inputs = append(f.inputs, field(&u.Presentation), field(&u.Units), field(&p.NominalVolume))
		ml += float64(u.Units) * p.Millilitres()
	}
	f.value = ml / 1000
	return f, len(f.inputs) > 0
}

// shelfLifeCriterion explains ProductSpecification.ShelfLifeCriterion(test):
// the criterion listed for the test under shelf_life, else its release
// criterion. The criterion printed is that datum itself.
func shelfLifeCriterion(recv reflect.Value, args []reflect.Value, _ *Index) (figure, bool) {
	s := recv.Addr().Interface().(*model.ProductSpecification)
	t, ok := argument[*model.Test](args)
	if !ok {
		return figure{}, false
	}
	c := &t.Criterion
	for _, v := range s.ShelfLife {
		if v != nil && v.Test == t.ID {
			c = &v.Criterion
			break
		}
	}
	return figure{direct: true, inputs: []reflect.Value{field(c)}, matches: func(v reflect.Value) bool {
		got, ok := v.Interface().(model.Criterion)
		return ok && reflect.DeepEqual(got, *c)
	}}, true
}

// appliedVersion explains Specification.AppliedVersion(lot): the latest
// version whose effective date is on or before the lot's test date (its
// release date without one; the current version without either).
func appliedVersion(recv reflect.Value, args []reflect.Value, _ *Index) (figure, bool) {
	s := recv.Addr().Interface().(*model.Specification)
	l, ok := argument[*model.Lot](args)
	if !ok {
		return figure{}, false
	}
	version, inputs, ok := inForce(s, l)
	if !ok {
		return figure{}, false
	}
	return figure{formula: "specification version = the latest version effective on or before the lot's test date (release date without one; the current version without either)",
		inputs: inputs, matches: func(v reflect.Value) bool {
			return v.Kind() == reflect.String && v.String() == *version
		}}, true
}

// inForce finds the version of s that judged lot l as the model does
// (Specification.VersionFor) and returns its name, with the data that
// decide it: the version's name and effective date, the next version's
// effective date (after the lot's date), and the lot's date.
func inForce(s *model.Specification, l *model.Lot) (version *string, inputs []reflect.Value, ok bool) {
	v, ok := s.VersionFor(l)
	if !ok {
		return nil, nil, false
	}
	// The versions in the order they took effect, as the data hold them.
	type held struct{ name, date *string }
	var vs []held
	for _, h := range s.History {
		if h != nil {
			vs = append(vs, held{&h.Version, &h.EffectiveDate})
		}
	}
	vs = append(vs, held{&s.Version, &s.EffectiveDate})
	at := -1
	for i, h := range vs {
		if *h.name == v.Version && *h.date == v.EffectiveDate {
			at = i
		}
	}
	if at < 0 {
		return nil, nil, false
	}
	inputs = []reflect.Value{field(vs[at].name), field(vs[at].date)}
	var next *string // the version that followed, if any
	for _, h := range vs {
		if *h.date > v.EffectiveDate && (next == nil || *h.date < *next) {
			next = h.date
		}
	}
	if next != nil {
		inputs = append(inputs, field(next))
	}
	switch {
	case l.TestDate != "":
		inputs = append(inputs, field(&l.TestDate))
	case l.ReleaseDate != "":
		inputs = append(inputs, field(&l.ReleaseDate))
	}
	return vs[at].name, inputs, true
}

// judgedBy explains the version and the criterion of a judgement a
// template holds (Specification.Judge of a lot and a test): the judgement
// is told apart from every other by the result it judged, which is one
// lot's result of one test; judging that lot's result again must give
// the judgement printed from. The version is explained as appliedVersion
// explains it; the criterion printed is the datum of the version in
// force: the test's criterion as that version changed it, else the
// current one.
func judgedBy(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		j := recv.Interface().(model.Judgement)
		s, l, t, ok := ix.judged(j)
		if !ok || j.Version == "" {
			return figure{}, false
		}
		version, inputs, ok := inForce(s, l)
		if !ok {
			return figure{}, false
		}
		if member == "Version" {
			return figure{formula: "specification version = the latest version effective on or before the lot's test date (release date without one; the current version without either)",
				inputs: inputs, matches: func(v reflect.Value) bool {
					return v.Kind() == reflect.String && v.String() == *version
				}}, true
		}
		c := &t.Criterion
		for _, h := range s.History {
			if h == nil || &h.Version != version {
				continue
			}
			for _, vc := range h.Criteria {
				if vc != nil && vc.Test == t.ID {
					c = &vc.Criterion
					break
				}
			}
		}
		return figure{direct: true, inputs: []reflect.Value{field(c)}, matches: func(v reflect.Value) bool {
			got, ok := v.Interface().(model.Criterion)
			return ok && reflect.DeepEqual(got, *c)
		}}, true
	}
}

// judged finds the specification, lot and test a judgement is of: the
// lot (of the drug substance or of the drug product) holding the result
// it judged, judged again to the same judgement.
func (ix *Index) judged(j model.Judgement) (*model.Specification, *model.Lot, *model.Test, bool) {
	if j.Result == nil {
		return nil, nil, nil, false
	}
	type set struct {
		spec *model.Specification
		lots []*model.Lot
	}
	var sets []set
	if ix.spec != nil && ix.batches != nil {
		sets = append(sets, set{ix.spec, ix.batches.Lots})
	}
	if dp := ix.drugProduct; dp != nil && dp.Spec() != nil {
		sets = append(sets, set{dp.Spec(), dp.Lots})
	}
	for _, s := range sets {
		for _, l := range s.lots {
			if l == nil {
				continue
			}
			for _, r := range l.Results {
				if r != j.Result {
					continue
				}
				t := s.spec.Test(r.Test)
				if t == nil || !reflect.DeepEqual(s.spec.Judge(l, r.Test), j) {
					return nil, nil, nil, false
				}
				return s.spec, l, t, true
			}
		}
	}
	return nil, nil, nil, false
}

// historic explains the lots of a batch summary tested before the first
// version of the specification took effect (printed as their lot
// numbers, or counted), or, judged, the number of the other lots: the
// lots whose test date (release date without one) comes before the
// earliest effective date, with those dates and the lots as inputs.
func historic(judged bool) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		spec, lots, ok := ix.summarised(recv.Interface().(model.BatchSummary))
		if !ok {
			return figure{}, false
		}
		var first *string // the earliest effective date
		for _, h := range spec.History {
			if h != nil && (first == nil || h.EffectiveDate < *first) {
				first = &h.EffectiveDate
			}
		}
		if first == nil || spec.EffectiveDate < *first {
			first = &spec.EffectiveDate
		}
		f := figure{inputs: []reflect.Value{field(first)}}
		var names []string
		for _, l := range lots {
			if _, inForce := spec.VersionFor(l); inForce {
				if judged {
					f.inputs = append(f.inputs, reflect.ValueOf(l))
				}
				continue
			}
			names = append(names, l.Lot)
			f.inputs = append(f.inputs, field(&l.Lot))
			switch {
			case l.TestDate != "":
				f.inputs = append(f.inputs, field(&l.TestDate))
			case l.ReleaseDate != "":
				f.inputs = append(f.inputs, field(&l.ReleaseDate))
			}
		}
		if judged {
			f.formula = "lots judged = the lots analysed but those tested (released without a test date) before the first version of the specification took effect"
			f.value = float64(len(lots) - len(names))
			return f, true
		}
		f.formula = "lots tested (released without a test date) before the first version of the specification took effect, in the order analysed"
		f.matches = func(v reflect.Value) bool {
			got, ok := v.Interface().([]string)
			return ok && reflect.DeepEqual(got, names)
		}
		return f, len(names) > 0
	}
}

// summarised finds the specification and lots a batch summary is of:
// the drug substance's lots (all, or the PPQ lots) against its
// specification, or the drug product's against its own; two that give
// the summary over different lots are no answer.
func (ix *Index) summarised(sum model.BatchSummary) (*model.Specification, []*model.Lot, bool) {
	type judged struct {
		spec *model.Specification
		lots *model.Batches
	}
	var candidates []judged
	if ix.batches != nil && ix.spec != nil {
		candidates = append(candidates, judged{ix.spec, ix.batches}, judged{ix.spec, ix.batches.PPQ()})
	}
	if dp := ix.drugProduct; dp != nil && dp.Spec() != nil {
		candidates = append(candidates, judged{dp.Spec(), dp.Batches()})
	}
	var spec *model.Specification
	var lots []*model.Lot
	for _, c := range candidates {
		if c.lots == nil || !reflect.DeepEqual(model.Summarise(c.spec, c.lots), sum) {
			continue
		}
		if spec != nil && (spec != c.spec || !reflect.DeepEqual(lots, c.lots.Lots)) {
			return nil, nil, false
		}
		spec, lots = c.spec, c.lots.Lots
	}
	return spec, lots, spec != nil
}

// argument is the single argument of a call, of type T.
func argument[T any](args []reflect.Value) (T, bool) {
	var zero T
	if len(args) != 1 || !args[0].IsValid() {
		return zero, false
	}
	a := args[0]
	for a.Kind() == reflect.Interface && !a.IsNil() {
		a = a.Elem()
	}
	t, ok := a.Interface().(T)
	if !ok {
		return zero, false
	}
	if v := reflect.ValueOf(t); v.Kind() == reflect.Pointer && v.IsNil() {
		return zero, false
	}
	return t, true
}
