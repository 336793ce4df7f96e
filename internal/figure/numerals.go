package figure

import (
	"fmt"
	"sort"
)

// CodeNumeral marks one reference numeral that designates two things
// across a set of drawing sheets (37 CFR 1.84(p)(4)).
const CodeNumeral = "figure/numeral"

// Numeral is one reference numeral a figure's black-and-white variant
// shows, and what it designates, so a set of sheets and the description
// can be checked to use each numeral for one thing only.
type Numeral struct {
	Value int
	Thing string // "step P6", "curve This process"
}

// Numerals lists the reference numerals the black-and-white variant of s
// draws, in drawing order: one per process step, one per chart line that
// has a numeral and is drawn as a line (two values or more).
func (s Spec) Numerals() []Numeral {
	var out []Numeral
	switch s.Kind {
	case ProcessFlow:
		for i, st := range s.Steps {
			out = append(out, Numeral{s.numeral(i), "step " + st.ID})
		}
	default:
		for _, se := range s.Series {
			if se.Numeral != 0 && len(se.Values) >= 2 {
				out = append(out, Numeral{se.Numeral, "curve " + se.Name})
			}
		}
	}
	return out
}

// checkNumerals refuses a set of sheets in which one numeral designates
// two things: the same part always has the same numeral, and one numeral
// never designates two parts (1.84(p)(4)).
func checkNumerals(sheets []Sheet) error {
	type use struct {
		thing, label string
	}
	seen := map[int]use{}
	for _, sh := range sheets {
		nums := sh.Spec.Numerals()
		sort.SliceStable(nums, func(i, j int) bool { return nums[i].Value < nums[j].Value })
		for _, n := range nums {
			u, ok := seen[n.Value]
			if !ok {
				seen[n.Value] = use{n.Thing, sh.Label}
				continue
			}
			if u.thing != n.Thing {
				return sh.problem(CodeNumeral, fmt.Sprintf("reference numeral %d designates %s here and %s in %s; give each its own numeral (37 CFR 1.84(p)(4))", n.Value, n.Thing, u.thing, u.label))
			}
		}
	}
	return nil
}
