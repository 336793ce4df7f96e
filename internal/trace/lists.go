package trace

import (
	"reflect"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/internal/model"
)

// Lists and counts the model composes from the process: the ids of a
// stage's steps ("P8, P9"), the span of steps a yield covers ("P1–P7"),
// the parameters counted by criticality ("22 critical process parameters
// (CPP), …"), the steps that use a material and the viruses a step is
// counted for. Each is recomputed from the data its formula names, the
// id or name of every item listed among them, and must equal what the
// template printed from.
func init() {
	register[model.Process](processLists())
	registerCalls[model.Process](map[string]callExplainer{
		// the parameters of one criticality class, as
		// {{$p.CountByCriticality "CPP"}} counts them
		"CountByCriticality": func(recv reflect.Value, args []reflect.Value, ix *Index) (figure, bool) {
			if len(args) != 1 || args[0].Kind() != reflect.String {
				return figure{}, false
			}
			class := args[0].String()
			sel, ok := ix.selection(recv.Addr().Interface().(*model.Process))
			if !ok {
				return figure{}, false
			}
			in := criticalityInputs(sel.steps, class)
			if len(in) == 0 {
				return figure{}, false
			}
			return figure{formula: "count = the number of process parameters of " + sel.what + " whose criticality is " + class,
				inputs: append(sel.inputs, in...), value: float64(len(in))}, true
		},
	})
	register[model.MaterialUse](map[string]explainer{
		"StepIDs": func(recv reflect.Value, ix *Index) (figure, bool) {
			return ix.materialSteps(recv.Interface().(model.MaterialUse))
		},
	})
	register[model.CountedStep](map[string]explainer{
		"Viruses": func(recv reflect.Value, ix *Index) (figure, bool) {
			return ix.countedViruses(recv.Interface().(model.CountedStep))
		},
	})
}

// criticalities are the parameter classes the model counts, with the
// words ParameterCounts writes for one and for many.
var criticalities = []struct{ class, one, many string }{
	{"CPP", "critical process parameter (CPP)", "critical process parameters (CPP)"},
	{"KPP", "key process parameter (KPP)", "key process parameters (KPP)"},
	{"non-critical", "non-critical parameter", "non-critical parameters"},
}

func processLists() map[string]explainer {
	m := map[string]explainer{
		"StepIDs": func(recv reflect.Value, ix *Index) (figure, bool) {
			sel, ok := ix.selection(recv.Addr().Interface().(*model.Process))
			if !ok || len(sel.steps) == 0 {
				return figure{}, false
			}
			f := figure{formula: "step ids = the ids of " + sel.what + ", in process order", inputs: sel.inputs}
			var want []string
			for _, s := range sel.steps {
				f.inputs = append(f.inputs, field(&s.ID))
				want = append(want, s.ID)
			}
			f.matches = func(v reflect.Value) bool { return sameStrings(v, want) }
			return f, true
		},
		"YieldSpan": func(recv reflect.Value, ix *Index) (figure, bool) {
			sel, ok := ix.selection(recv.Addr().Interface().(*model.Process))
			if !ok {
				return figure{}, false
			}
			f := figure{formula: "yield span = the ids of the first and the last of " + sel.what + " with both masses (product_in, product_out), joined by –", inputs: sel.inputs}
			var first, last *model.Step
			for _, s := range sel.steps {
				if !s.HasMassBalance() {
					continue
				}
				if first == nil {
					first = s
				}
				last = s
				f.inputs = append(f.inputs, masses(s)...)
			}
			if first == nil {
				return figure{}, false
			}
			want := first.ID
			f.inputs = append(f.inputs, field(&first.ID))
			if last != first {
				want += "–" + last.ID
				f.inputs = append(f.inputs, field(&last.ID))
			}
			f.matches = func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }
			return f, true
		},
		"ParameterCounts": func(recv reflect.Value, ix *Index) (figure, bool) {
			sel, ok := ix.selection(recv.Addr().Interface().(*model.Process))
			if !ok {
				return figure{}, false
			}
			f := figure{formula: "parameter counts = the number of process parameters of " + sel.what + " of each criticality (CPP, KPP, non-critical), each written with its noun, classes with none left out", inputs: sel.inputs}
			var parts []string
			for _, c := range criticalities {
				in := criticalityInputs(sel.steps, c.class)
				if len(in) > 0 {
					parts = append(parts, model.Count(len(in), c.one, c.many))
				}
				f.inputs = append(f.inputs, in...)
			}
			if len(parts) == 0 {
				return figure{}, false
			}
			want := model.ListText(parts)
			f.matches = func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }
			return f, true
		},
	}
	return m
}

// criticalityInputs are the criticality fields of the parameters of
// steps that have the class.
func criticalityInputs(steps []*model.Step, class string) []reflect.Value {
	var out []reflect.Value
	for _, s := range steps {
		for _, q := range s.Parameters {
			if q != nil && q.Criticality == class {
				out = append(out, field(&q.Criticality))
			}
		}
	}
	return out
}

// stepSelection is the part of the process's steps a process the
// template holds is made of: all of them, or one stage's (the views
// DrugSubstance and DrugProduct).
type stepSelection struct {
	steps []*model.Step
	// what names the steps in a formula.
	what string
	// inputs are the data that choose them: the stage of each step
	// that writes one, for a stage's steps.
	inputs []reflect.Value
}

// selection finds which steps of the indexed process p holds: p is the
// process itself or a view of one stage of it, sharing its steps. It
// reports false for a process the index does not hold.
func (ix *Index) selection(p *model.Process) (stepSelection, bool) {
	if ix.process == nil || p == nil {
		return stepSelection{}, false
	}
	all := ix.process.Steps
	var ds, dp []*model.Step
	var stages []reflect.Value
	for _, s := range all {
		if s == nil {
			return stepSelection{}, false
		}
		if s.IsDrugProduct() {
			dp = append(dp, s)
		} else {
			ds = append(ds, s)
		}
		if s.Stage != "" {
			stages = append(stages, field(&s.Stage))
		}
	}
	switch {
	case slices.Equal(p.Steps, all):
		return stepSelection{steps: all, what: "the steps of the process"}, true
	case slices.Equal(p.Steps, ds):
		return stepSelection{steps: ds, what: "the drug substance steps (stage not drug_product)", inputs: stages}, true
	case slices.Equal(p.Steps, dp):
		return stepSelection{steps: dp, what: "the drug product steps (stage drug_product)", inputs: stages}, true
	}
	return stepSelection{}, false
}

// viewed is the indexed process p is a stage view of (DrugSubstance,
// DrugProduct), whose members other than its steps are the data's; p
// itself when it is no view of it.
func (ix *Index) viewed(p *model.Process) *model.Process {
	if p == nil || ix.process == nil || p == ix.process {
		return p
	}
	if _, ok := ix.selection(p); ok && p.ID == ix.process.ID && p.Version == ix.process.Version {
		return ix.process
	}
	return p
}

// sameStrings says v is a list of strings equal to want.
func sameStrings(v reflect.Value, want []string) bool {
	got, ok := v.Interface().([]string)
	return ok && len(got) == len(want) && strings.Join(got, "\x00") == strings.Join(want, "\x00")
}

// materialSteps explains the steps listed for a material in 3.2.S.2.3:
// the steps of the process, or of its drug substance, whose materials
// name it (case and surrounding spaces aside), in process order.
func (ix *Index) materialSteps(u model.MaterialUse) (figure, bool) {
	if ix.process == nil || u.Material == nil {
		return figure{}, false
	}
	got := make([]string, len(u.Steps))
	for i, s := range u.Steps {
		got[i] = s.ID
	}
	for _, p := range []*model.Process{ix.process.DrugSubstance(), ix.process} {
		sel, ok := ix.selection(p)
		if !ok {
			continue
		}
		f := figure{formula: "steps = the ids of " + sel.what + " whose materials name the material, in process order",
			inputs: append(append([]reflect.Value{}, sel.inputs...), field(&u.Material.Name))}
		var want []string
		for _, s := range sel.steps {
			for j, name := range s.Materials {
				if model.MaterialName(name) == model.MaterialName(u.Material.Name) {
					want = append(want, s.ID)
					f.inputs = append(f.inputs, field(&s.ID), field(&s.Materials[j]))
					break
				}
			}
		}
		if len(want) == 0 || strings.Join(want, "\x00") != strings.Join(got, "\x00") {
			continue
		}
		f.matches = func(v reflect.Value) bool { return sameStrings(v, want) }
		return f, true
	}
	return figure{}, false
}

// countedViruses explains the viruses a row of the counted-steps table
// is counted for: the panel's viruses, in panel order, that have a
// claimed study of the row's steps and mechanism.
func (ix *Index) countedViruses(c model.CountedStep) (figure, bool) {
	v := ix.viral
	if v == nil {
		return figure{}, false
	}
	f := figure{formula: "counted for = the viruses of the panel, in panel order, with a study of these steps and this mechanism that is claimed"}
	var want []string
	for _, vir := range v.Viruses {
		for _, s := range v.Studies {
			if s == nil || s.Virus != vir.ID || s.StepKey() != c.StepKey || s.Mechanism != c.Mechanism || !s.Claimed {
				continue
			}
			want = append(want, vir.ID)
			f.inputs = append(f.inputs, field(&vir.ID), field(&s.Virus), field(&s.Mechanism), field(&s.Claimed))
			for i := range s.Steps {
				f.inputs = append(f.inputs, field(&s.Steps[i]))
			}
			break
		}
	}
	if len(want) == 0 {
		return figure{}, false
	}
	f.matches = func(v reflect.Value) bool { return sameStrings(v, want) }
	return f, true
}
