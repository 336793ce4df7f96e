package trace

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/claimsupport"
	"github.com/regdoc/regdoc/internal/model"
)

// The patent documents' figures: a claim as the exhibit's claims page
// prints it, and the claim chart's rows (claimsupport) and evidence
// (model.ClaimSupport). A chart row names its claim and element by
// position; each explainer checks that position against the claims data
// (number, id) before it names a source.
func init() {
	register[model.Claim](map[string]explainer{"Sentence": claimSentence})
	register[claimsupport.Chart](map[string]explainer{"Elements": chartRows})
	register[model.Project](map[string]explainer{"ClaimSupport": supportRows})
	register[claimsupport.Element](map[string]explainer{
		"Claim":   chartRowExplainer("Claim"),
		"Element": chartRowExplainer("Element"),
		"Text":    chartRowExplainer("Text"),
		"Cited":   chartRowExplainer("Cited"),
		"Reason":  chartRowExplainer("Reason"),
	})
	register[model.Evidence](map[string]explainer{
		"Ref":    evidenceExplainer("Ref"),
		"Label":  evidenceExplainer("Label"),
		"Detail": evidenceExplainer("Detail"),
	})
}

// text is a figure whose printed value is the string want.
func text(want string) func(reflect.Value) bool {
	return func(v reflect.Value) bool { return v.Kind() == reflect.String && v.String() == want }
}

// claimSentence explains a claim printed as one sentence.
func claimSentence(recv reflect.Value, _ *Index) (figure, bool) {
	c := recv.Addr().Interface().(*model.Claim)
	f := figure{formula: "claim = the claim's preamble and the text of each of its elements, in order, joined by spaces",
		inputs: []reflect.Value{field(&c.Preamble)}}
	parts := []string{strings.TrimSpace(c.Preamble)}
	for _, e := range c.Elements {
		if e == nil || strings.TrimSpace(e.Text) == "" {
			continue
		}
		parts = append(parts, strings.TrimSpace(e.Text))
		f.inputs = append(f.inputs, field(&e.Text))
	}
	f.matches = text(strings.Join(parts, " "))
	return f, true
}

// claimOf is the claim and element (nil for the preamble) a chart row
// names by position, when the claims data hold them there.
func (ix *Index) claimOf(row claimsupport.Element) (*model.Claim, *model.Element, bool) {
	if ix.claims == nil || row.ClaimIndex < 0 || row.ClaimIndex >= len(ix.claims.Claims) {
		return nil, nil, false
	}
	c := ix.claims.Claims[row.ClaimIndex]
	if c == nil || c.Number != row.Claim {
		return nil, nil, false
	}
	if row.ElementIndex < 0 {
		return c, nil, row.Element == "preamble"
	}
	if row.ElementIndex >= len(c.Elements) {
		return nil, nil, false
	}
	e := c.Elements[row.ElementIndex]
	if e == nil || e.ID != row.Element {
		return nil, nil, false
	}
	return c, e, true
}

// paragraphs prints paragraph numbers as the exhibit numbers them: "¶"
// and four digits, ascending, each once.
func paragraphs(ns []int) string {
	ns = slices.Clone(ns)
	slices.Sort(ns)
	ns = slices.Compact(ns)
	refs := make([]string, len(ns))
	for i, n := range ns {
		refs[i] = fmt.Sprintf("¶ %04d", n)
	}
	return strings.Join(refs, ", ")
}

// claimedRangeText is a claimed range as the chart words it: "23 to 27 %
// v/v", "at least 70 %", the unit "1" left out.
func claimedRangeText(cr *model.ClaimedRange) string {
	with := func(n string) string {
		if cr.Unit == "" || cr.Unit == "1" {
			return n
		}
		return n + " " + cr.Unit
	}
	switch {
	case cr.Low != nil && cr.High != nil:
		return cr.Low.String() + " to " + with(cr.High.String())
	case cr.Low != nil:
		return "at least " + with(cr.Low.String())
	case cr.High != nil:
		return "at most " + with(cr.High.String())
	}
	return ""
}

// rangeInputs are the claimed range's data.
func rangeInputs(cr *model.ClaimedRange) []reflect.Value {
	var in []reflect.Value
	if cr.Low != nil {
		in = append(in, field(cr.Low))
	}
	if cr.High != nil {
		in = append(in, field(cr.High))
	}
	return append(in, field(&cr.Unit))
}

// citedFormula says how the chart found the paragraphs it cites.
const citedFormula = "paragraphs cited = the numbered paragraphs of the process exhibit, as typeset, that describe the claim element (hold at least 60 % of its terms), state an endpoint of its claimed range, or define a measured term it limits; each printed as ¶ and its number in four digits"

// chartRowExplainer explains a column of the claim chart's first table
// (claimsupport): the claim number, element id and text come straight
// from the claims data; the paragraphs cited and the reason of a
// supported element are recomputed from the paragraphs the chart found
// in the typeset exhibit and the element's claimed range.
func chartRowExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		row := recv.Interface().(claimsupport.Element)
		c, e, ok := ix.claimOf(row)
		if !ok {
			return figure{}, false
		}
		switch member {
		case "Claim":
			return figure{direct: true, inputs: []reflect.Value{field(&c.Number)}, matches: func(v reflect.Value) bool {
				return v.CanInt() && v.Int() == int64(c.Number)
			}}, true
		case "Element":
			if e == nil {
				return figure{}, false
			}
			return figure{direct: true, inputs: []reflect.Value{field(&e.ID)}, matches: text(e.ID)}, true
		case "Text":
			if e == nil {
				return figure{direct: true, inputs: []reflect.Value{field(&c.Preamble)}, matches: text(c.Preamble)}, true
			}
			return figure{direct: true, inputs: []reflect.Value{field(&e.Text)}, matches: text(e.Text)}, true
		}
		if e == nil || len(row.Paragraphs) == 0 {
			return figure{}, false
		}
		in := []reflect.Value{field(&e.Text)}
		if e.ClaimedRange != nil {
			in = append(in, rangeInputs(e.ClaimedRange)...)
		}
		if member == "Cited" {
			return figure{formula: citedFormula + " (" + strconv.Itoa(len(row.Paragraphs)) + " found)", inputs: in, matches: text(paragraphs(row.Paragraphs))}, true
		}
		// Reason: only a supported element's reason is composed from
		// these data alone; a problem's message quotes the text.
		if row.Verdict != claimsupport.Supported {
			return figure{}, false
		}
		var want, formula string
		if cr := e.ClaimedRange; cr != nil {
			kind := "range"
			if cr.Low == nil || cr.High == nil {
				kind = "limit"
			}
			if len(row.Stated) == 0 {
				return figure{}, false
			}
			want = "the " + kind + " " + claimedRangeText(cr) + " is stated in " + paragraphs(row.Stated)
			formula = "reason = the element's claimed range and the paragraphs of the process exhibit, as typeset, that state each of its endpoints"
		} else {
			want = "described in " + paragraphs(row.Paragraphs)
			formula = "reason = the paragraphs of the process exhibit, as typeset, that describe the claim element (hold at least 60 % of its terms)"
		}
		for _, d := range row.Defined {
			if len(d.Paragraphs) == 0 {
				return figure{}, false
			}
			want += "; " + strconv.Quote(d.Term) + " is defined in " + paragraphs(d.Paragraphs)
		}
		if len(row.Defined) > 0 {
			formula += ", and each measured term the element limits with the paragraphs defining it"
		}
		return figure{formula: formula, inputs: in, matches: text(want)}, true
	}
}

// chartRows explains the rows of the claim chart's first table: each
// claim's preamble and each of its elements, in the claims' order.
func chartRows(recv reflect.Value, ix *Index) (figure, bool) {
	if ix.claims == nil {
		return figure{}, false
	}
	f := figure{formula: "rows = each claim's preamble and each of its elements, in the claims' order"}
	type at struct{ claim, element int }
	var want []at
	for ci, c := range ix.claims.Claims {
		if c == nil {
			continue
		}
		want = append(want, at{ci, -1})
		f.inputs = append(f.inputs, field(&c.Preamble))
		for ei, e := range c.Elements {
			if e == nil {
				continue
			}
			want = append(want, at{ci, ei})
			f.inputs = append(f.inputs, reflect.ValueOf(e))
		}
	}
	f.matches = func(v reflect.Value) bool {
		rows, ok := v.Interface().([]claimsupport.Element)
		if !ok || len(rows) != len(want) {
			return false
		}
		for i, r := range rows {
			if r.ClaimIndex != want[i].claim || r.ElementIndex != want[i].element {
				return false
			}
			if _, _, ok := ix.claimOf(r); !ok {
				return false
			}
		}
		return true
	}
	return f, len(want) > 0
}

// supportRows explains the rows of the claim chart's second table
// (model.ClaimSupport): every element of every claim, in order.
func supportRows(recv reflect.Value, ix *Index) (figure, bool) {
	if ix.claims == nil {
		return figure{}, false
	}
	f := figure{formula: "claim elements = the elements of every claim, in the claims' order"}
	var want []*model.Element
	for _, c := range ix.claims.Claims {
		if c == nil {
			continue
		}
		for _, e := range c.Elements {
			want = append(want, e)
			f.inputs = append(f.inputs, reflect.ValueOf(e))
		}
	}
	f.matches = func(v reflect.Value) bool {
		rows, ok := v.Interface().([]model.ElementSupport)
		if !ok || len(rows) != len(want) {
			return false
		}
		for i, r := range rows {
			if r.Element != want[i] {
				return false
			}
		}
		return true
	}
	return f, len(want) > 0
}

// evidenceExplainer explains a piece of evidence of the claim chart's
// second table: the id the claim links (its place in the claims data),
// and the label and data of the step, parameter, test or yield the link
// names, recomputed from them as the chart composes them.
func evidenceExplainer(member string) explainer {
	return func(recv reflect.Value, ix *Index) (figure, bool) {
		ev := recv.Interface().(model.Evidence)
		l := ev.Link
		if l == nil {
			return figure{}, false
		}
		link := reflect.Value{}
		switch {
		case ev.Kind == "step" && l.Step == ev.Ref:
			link = field(&l.Step)
		case ev.Kind == "parameter" && l.Parameter == ev.Ref:
			link = field(&l.Parameter)
		case ev.Kind == "test" && l.Test == ev.Ref:
			link = field(&l.Test)
		case ev.Kind == "yield" && l.Yield == ev.Ref:
			link = field(&l.Yield)
		default:
			return figure{}, false
		}
		if member == "Ref" {
			return figure{direct: true, inputs: []reflect.Value{link}, matches: text(ev.Ref)}, true
		}
		switch ev.Kind {
		case "step":
			s := ix.stepByID(ev.Ref)
			if s == nil || member != "Label" {
				return figure{}, false
			}
			return figure{direct: true, inputs: []reflect.Value{field(&s.Name)}, matches: text(s.Name)}, true
		case "parameter":
			s, q := ix.parameterByID(ev.Ref)
			if q == nil {
				return figure{}, false
			}
			if member == "Label" {
				return figure{formula: "parameter label = the id of the step holding the parameter the claim links, and the parameter's name",
					inputs: []reflect.Value{link, field(&s.ID), field(&q.Name)}, matches: text(s.ID + " " + q.Name)}, true
			}
			in := []reflect.Value{link}
			var parts []string
			if q.SetPoint != nil {
				parts = append(parts, "set point "+model.Quantity{Value: *q.SetPoint, Unit: q.Unit}.Text())
				in = append(in, field(q.SetPoint))
			}
			parts = append(parts, "NOR "+q.NOR.Text(q.Unit))
			in = append(in, field(&q.NOR))
			if q.PAR != nil {
				parts = append(parts, "PAR "+q.PAR.Text(q.Unit))
				in = append(in, field(q.PAR))
			}
			in = append(in, field(&q.Unit))
			return figure{formula: "parameter data = the set point, NOR and PAR of the parameter the claim links, with its unit",
				inputs: in, matches: text(strings.Join(parts, ", "))}, true
		case "test":
			t := ix.testByID(ev.Ref)
			if t == nil || ix.batches == nil {
				return figure{}, false
			}
			if member == "Label" {
				return figure{direct: true, inputs: []reflect.Value{field(&t.Name)}, matches: text(t.Name)}, true
			}
			in := []reflect.Value{link}
			var vals []string
			for _, lot := range ix.batches.Lots {
				r := lot.Result(t.ID)
				if r == nil {
					continue
				}
				vals = append(vals, lot.Lot+": "+r.Reported())
				in = append(in, field(&lot.Lot), reflect.ValueOf(r))
			}
			if len(vals) == 0 {
				return figure{}, false
			}
			want := strings.Join(vals, "; ")
			if u := t.Criterion.Unit; u != "" && u != "1" {
				want += " " + u
				in = append(in, field(&t.Criterion.Unit))
			}
			return figure{formula: "test data = each lot's name and its result of the test the claim links, in the lots' order, joined by semicolons, with the test's unit",
				inputs: in, matches: text(want)}, true
		case "yield":
			if ev.Ref != "overall" || member != "Detail" || ix.process == nil {
				return figure{}, false
			}
			f, ok := cumulative(ix.process, nil)
			if !ok {
				return figure{}, false
			}
			f.formula = "yield data = the overall " + f.formula + ", to one decimal, in %"
			f.inputs = append([]reflect.Value{link}, f.inputs...)
			f.matches = text(fmt.Sprintf("%.1f %%", f.value))
			return f, true
		}
		return figure{}, false
	}
}

// stepByID is the process step of that id, nil when there is none.
func (ix *Index) stepByID(id string) *model.Step {
	if ix.process == nil {
		return nil
	}
	return ix.process.Step(id)
}

// parameterByID is the process parameter of that id and its step, nil
// when there is none.
func (ix *Index) parameterByID(id string) (*model.Step, *model.Parameter) {
	if ix.process == nil {
		return nil, nil
	}
	s, err := ix.process.StepOfParameter(id)
	if err != nil {
		return nil, nil
	}
	q, _ := ix.process.Parameter(id)
	return s, q
}

// testByID is the specification's test of that id.
func (ix *Index) testByID(id string) *model.Test {
	if ix.spec == nil {
		return nil
	}
	for _, t := range ix.spec.Tests {
		if t != nil && t.ID == id {
			return t
		}
	}
	return nil
}
