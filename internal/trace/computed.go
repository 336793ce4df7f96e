package trace

import (
	"math"
	"reflect"

	"github.com/regdoc/regdoc/internal/model"
)

// figure explains one computed figure: the data it is computed from and
// how. value recomputes it from those data, so an entry is written only
// when the explanation gives the figure the document printed from.
type figure struct {
	formula string
	inputs  []reflect.Value // data fields, as Resolve takes them
	value   float64
	// matches, when set, replaces the comparison with value: it says
	// whether the recomputed figure is the printed one (a text, a count).
	matches func(printed reflect.Value) bool
	// direct says the printed value is the single input itself, read
	// through a method that copies it (a stability result printed as a
	// batch result): its source is the input's pointer, not a formula.
	direct bool
}

// explainer explains one member of a receiver.
type explainer = func(recv reflect.Value, ix *Index) (figure, bool)

// explainers know the figures the model computes, by the receiver's type
// and the member a template reads. Each is written from the model's own
// definition of the figure; the recomputation check catches a model that
// changes without them.
var explainers = map[reflect.Type]map[string]explainer{
	reflect.TypeFor[model.Step](): {
		"Yield": func(recv reflect.Value, _ *Index) (figure, bool) {
			s := recv.Addr().Interface().(*model.Step)
			if !s.HasMassBalance() {
				return figure{}, false
			}
			return figure{formula: "step yield = 100 × product_out ÷ product_in (%)", inputs: masses(s),
				value: 100 * s.ProductOut.Value.Float() / s.ProductIn.Value.Float()}, true
		},
	},
	reflect.TypeFor[model.Process](): {
		"OverallYield": func(recv reflect.Value, _ *Index) (figure, bool) {
			return cumulative(recv.Addr().Interface().(*model.Process), nil)
		},
		"OverallYieldPerLitre": func(recv reflect.Value, ix *Index) (figure, bool) {
			p := recv.Addr().Interface().(*model.Process)
			f, ok := cumulative(p, nil)
			if !ok || !p.StartingMaterial.Concentration.Valid() {
				return figure{}, false
			}
			// a stage view (the drug substance's yield) holds a copy of
			// the starting material; the datum is the process's
			c := &ix.viewed(p).StartingMaterial.Concentration.Value
			f.formula = "overall yield per litre = (100 × ∏ product_out ÷ product_in over the steps with both masses) ÷ 100 × starting-material concentration"
			f.inputs = append(f.inputs, field(c))
			f.value = f.value / 100 * c.Float()
			return f, true
		},
	},
	reflect.TypeFor[model.YieldRow](): {
		"StepYield": func(recv reflect.Value, ix *Index) (figure, bool) {
			r := recv.Interface().(model.YieldRow)
			if r.Step == nil {
				return ix.comparatorRow(r, "StepYield")
			}
			if !r.Step.HasMassBalance() {
				return figure{}, false
			}
			return figure{formula: "step yield = 100 × product_out ÷ product_in (%)", inputs: masses(r.Step),
				value: 100 * r.Step.ProductOut.Value.Float() / r.Step.ProductIn.Value.Float()}, true
		},
		"PerLitre": func(recv reflect.Value, ix *Index) (figure, bool) {
			r := recv.Interface().(model.YieldRow)
			if r.Step == nil {
				return ix.comparatorRow(r, "PerLitre")
			}
			if ix.process == nil || !ix.process.StartingMaterial.Concentration.Valid() {
				return figure{}, false
			}
			f, ok := cumulative(ix.process, r.Step)
			if !ok {
				return figure{}, false
			}
			c := &ix.process.StartingMaterial.Concentration.Value
			f.formula = "yield per litre = (100 × ∏ product_out ÷ product_in over the steps with both masses, up to this step) ÷ 100 × starting-material concentration"
			f.inputs = append(f.inputs, field(c))
			f.value = f.value / 100 * c.Float()
			return f, true
		},
		"Cumulative": func(recv reflect.Value, ix *Index) (figure, bool) {
			r := recv.Interface().(model.YieldRow)
			if r.Step == nil {
				return ix.comparatorRow(r, "Cumulative")
			}
			if ix.process == nil {
				return figure{}, false
			}
			return cumulative(ix.process, r.Step)
		},
	},
	reflect.TypeFor[model.VirusRun](): {
		"LRV": func(recv reflect.Value, _ *Index) (figure, bool) {
			if !recv.CanAddr() {
				return figure{}, false
			}
			r := recv.Addr().Interface().(*model.VirusRun)
			return figure{formula: "LRV = log10(volume_in) + log_titre_in − log10(volume_out) − log_titre_out (ICH Q5A)",
				inputs: []reflect.Value{field(&r.VolumeIn), field(&r.LogTitreIn), field(&r.VolumeOut), field(&r.LogTitreOut)},
				value:  math.Log10(r.VolumeIn.Float()) + r.LogTitreIn.Float() - math.Log10(r.VolumeOut.Float()) - r.LogTitreOut.Float()}, true
		},
	},
	reflect.TypeFor[model.VirusTotal](): {
		"Total": func(recv reflect.Value, _ *Index) (figure, bool) {
			t := recv.Interface().(model.VirusTotal)
			f := figure{formula: "claimed total LRV = sum of the reported LRVs of the studies claimed for this virus, rounded to one decimal"}
			sum := 0.0
			for _, s := range t.Studies {
				f.inputs = append(f.inputs, field(&s.ReportedLRV.Value))
				sum += s.ReportedLRV.Value.Float()
			}
			f.value = math.Round(sum*10) / 10
			return f, len(f.inputs) > 0
		},
	},
}

// field is the addressable value of a model field, as Resolve takes it.
func field[T any](p *T) reflect.Value { return reflect.ValueOf(p).Elem() }

func masses(s *model.Step) []reflect.Value {
	return []reflect.Value{field(&s.ProductIn.Value), field(&s.ProductOut.Value)}
}

// cumulative is the yield over the steps with a mass balance, up to and
// including until (nil: all), as the model's yield table computes it.
func cumulative(p *model.Process, until *model.Step) (figure, bool) {
	f := figure{formula: "cumulative yield = 100 × ∏ product_out ÷ product_in over the steps with both masses", value: 1}
	found := until == nil
	for _, s := range p.Steps {
		if !s.HasMassBalance() {
			if s == until {
				return figure{}, false
			}
			continue
		}
		f.inputs = append(f.inputs, masses(s)...)
		f.value *= s.Yield() / 100
		if s == until {
			found = true
			break
		}
	}
	if !found || len(f.inputs) == 0 {
		return figure{}, false
	}
	f.value *= 100
	if until != nil {
		f.formula += " up to this step"
	}
	return f, true
}

// callExplainer explains one method of a receiver called with arguments
// (Component.PerUnit of a presentation): args are the values the template
// passed, as it named them.
type callExplainer = func(recv reflect.Value, args []reflect.Value, ix *Index) (figure, bool)

// callExplainers know the figures model methods compute from their
// arguments, by the receiver's type and the method's name; see
// registerCalls.
var callExplainers = map[reflect.Type]map[string]callExplainer{}

// explain resolves a computed figure: the receiver's explainer, each input
// found in the data files, and the recomputed value equal to the one the
// template printed (v). args, when given, are the arguments of a method
// call (member), explained by its callExplainer.
func (ix *Index) explain(v, recv reflect.Value, member string, args ...reflect.Value) (Source, bool) {
	if member == "" || !recv.IsValid() {
		return Source{}, false
	}
	for recv.Kind() == reflect.Pointer || recv.Kind() == reflect.Interface {
		if recv.IsNil() {
			return Source{}, false
		}
		recv = recv.Elem()
	}
	var explain explainer
	var ok bool
	if args != nil {
		var call callExplainer
		if call, ok = callExplainers[recv.Type()][member]; ok {
			explain = func(recv reflect.Value, ix *Index) (figure, bool) { return call(recv, args, ix) }
		}
	} else {
		explain, ok = explainers[recv.Type()][member]
		if !ok {
			explain, ok = moreExplainers[recv.Type()][member]
		}
	}
	if !ok {
		return Source{}, false
	}
	if recv.Kind() == reflect.Struct && !recv.CanAddr() {
		c := reflect.New(recv.Type()).Elem()
		c.Set(recv)
		recv = c
	}
	f, ok := explain(recv, ix)
	if !ok || !v.IsValid() {
		return Source{}, false
	}
	if f.matches != nil {
		if !f.matches(v) {
			return Source{}, false
		}
	} else {
		var got float64
		switch {
		case v.CanFloat():
			got = v.Float()
		case v.CanInt():
			got = float64(v.Int()) // a count
		default:
			return Source{}, false
		}
		if math.Abs(got-f.value) > 1e-9*math.Max(1, math.Abs(f.value)) {
			return Source{}, false
		}
	}
	if f.direct {
		if len(f.inputs) != 1 {
			return Source{}, false
		}
		return ix.locate(f.inputs[0])
	}
	src := Source{Formula: f.formula}
	for _, in := range f.inputs {
		s, ok := ix.locate(in)
		if !ok {
			return Source{}, false
		}
		src.Inputs = append(src.Inputs, s)
	}
	return src, true
}

// register adds explainers for members of the type T, in a file of their
// own (an init function), so each kind of document keeps its figures
// together. A member explained twice is a programming error: the second
// explanation would silently replace the first.
func register[T any](members map[string]explainer) {
	t := reflect.TypeFor[T]()
	if moreExplainers[t] == nil {
		moreExplainers[t] = map[string]explainer{}
	}
	for name, e := range members {
		if _, dup := moreExplainers[t][name]; dup {
			panic("trace: " + t.String() + "." + name + " is explained twice")
		}
		if _, dup := explainers[t][name]; dup {
			panic("trace: " + t.String() + "." + name + " is explained twice")
		}
		moreExplainers[t][name] = e
	}
}

// registerCalls adds explainers for methods of the type T called with
// arguments, as register does for members read without.
func registerCalls[T any](methods map[string]callExplainer) {
	t := reflect.TypeFor[T]()
	if callExplainers[t] == nil {
		callExplainers[t] = map[string]callExplainer{}
	}
	for name, e := range methods {
		if _, dup := callExplainers[t][name]; dup {
			panic("trace: " + t.String() + "." + name + " is explained twice")
		}
		callExplainers[t][name] = e
	}
}
