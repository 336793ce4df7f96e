package figure

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/diag"
)

// errorf returns a problem with field's value, placed at the field's
// position when the spec was parsed, or at the object that lacks it when
// it is missing.
func (s Spec) errorf(field, format string, args ...any) diag.Problems {
	return s.problem(CodeValue, field, fmt.Sprintf(format, args...))
}

// fitf is errorf for text that does not fit the figure's space.
func (s Spec) fitf(field, format string, args ...any) diag.Problems {
	return s.problem(CodeFit, field, fmt.Sprintf(format, args...))
}

// problem is errorf with a code of the caller's choosing.
func (s Spec) problem(code, field, msg string) diag.Problems {
	if s.src == nil {
		return specProblem(code, 0, 0, field, msg)
	}
	for p := field; ; {
		if off, ok := s.src.at[p]; ok {
			line, col := s.src.lineCol(off)
			return specProblem(code, line, col, field, msg)
		}
		if p == "" {
			return specProblem(code, 0, 0, field, msg)
		}
		p = p[:max(0, strings.LastIndexAny(p, ".["))]
	}
}

// Validate checks a spec for everything that does not depend on fonts:
// the kind, required fields, fields of another kind, numbers and their
// ranges, unique identifiers and reference numerals. Parse calls it; Draw
// and Layout call it again for specs built in Go.
func (s Spec) Validate() error {
	if err := s.validateText(); err != nil {
		return err
	}
	switch s.Kind {
	case ProcessFlow:
		return s.validateFlow()
	case YieldChart, TrendChart:
		return s.validateChart()
	case RegressionChart:
		return s.validateRegression()
	case "":
		return s.errorf("kind", "missing; want %q, %q, %q or %q", ProcessFlow, YieldChart, TrendChart, RegressionChart)
	}
	return s.errorf("kind", "unknown kind %q; want %q, %q, %q or %q", string(s.Kind), ProcessFlow, YieldChart, TrendChart, RegressionChart)
}

// foreign reports the first field that is set but belongs to another kind.
func (s Spec) foreign() (string, bool) {
	set := []struct {
		name string
		on   bool
		kind []Kind
	}{
		{"steps", s.Steps != nil, []Kind{ProcessFlow}},
		{"numerals_from", s.NumeralsFrom != 0, []Kind{ProcessFlow}},
		{"x_label", s.XLabel != "", []Kind{YieldChart, TrendChart, RegressionChart}},
		{"y_label", s.YLabel != "", []Kind{YieldChart, TrendChart, RegressionChart}},
		{"unit", s.Unit != "", []Kind{YieldChart, TrendChart, RegressionChart}},
		{"y_min", s.YMin != "", []Kind{YieldChart, TrendChart}},
		{"y_max", s.YMax != "", []Kind{YieldChart, TrendChart}},
		{"categories", s.Categories != nil, []Kind{YieldChart, TrendChart}},
		{"series", s.Series != nil, []Kind{YieldChart, TrendChart}},
		{"lower", s.Lower != "", []Kind{TrendChart, RegressionChart}},
		{"upper", s.Upper != "", []Kind{TrendChart, RegressionChart}},
		{"x_max", s.XMax != "", []Kind{RegressionChart}},
		{"batches", s.Batches != nil, []Kind{RegressionChart}},
		{"limit_label", s.LimitLabel != "", []Kind{RegressionChart}},
		{"shelf_life", s.ShelfLife != "", []Kind{RegressionChart}},
		{"shelf_label", s.ShelfLabel != "", []Kind{RegressionChart}},
	}
	for _, f := range set {
		if f.on && !slices.Contains(f.kind, s.Kind) {
			return f.name, true
		}
	}
	return "", false
}

// numeral is the reference numeral step i gets in the BW variant.
func (s Spec) numeral(i int) int {
	if n := s.Steps[i].Numeral; n != 0 {
		return n
	}
	from := s.NumeralsFrom
	if from == 0 {
		from = 10
	}
	return from + 2*i
}

func (s Spec) validateFlow() error {
	if f, bad := s.foreign(); bad {
		return s.errorf(f, "does not apply to a %s", s.Kind)
	}
	if len(s.Steps) == 0 {
		return s.errorf("steps", "a process flow needs at least one step")
	}
	if s.NumeralsFrom < 0 {
		return s.errorf("numerals_from", "must be a positive number")
	}
	ids := map[string]int{}
	numerals := map[int]int{}
	for i, st := range s.Steps {
		p := fmt.Sprintf("steps[%d]", i)
		if strings.TrimSpace(st.ID) == "" {
			return s.errorf(p+".id", "missing")
		}
		if j, dup := ids[st.ID]; dup {
			return s.errorf(p+".id", "%q is also the id of steps[%d]", st.ID, j)
		}
		ids[st.ID] = i
		if strings.TrimSpace(st.Label) == "" {
			return s.errorf(p+".label", "missing")
		}
		for j, m := range st.Materials {
			if strings.TrimSpace(m) == "" {
				return s.errorf(fmt.Sprintf("%s.materials[%d]", p, j), "empty")
			}
		}
		for j, c := range st.Controls {
			if strings.TrimSpace(c) == "" {
				return s.errorf(fmt.Sprintf("%s.controls[%d]", p, j), "empty")
			}
		}
		if st.Numeral < 0 {
			return s.errorf(p+".numeral", "must be a positive number")
		}
		n := s.numeral(i)
		if j, dup := numerals[n]; dup {
			return s.errorf(p+".numeral", "reference numeral %d is also used by steps[%d]; "+
				"one numeral must name one thing", n, j)
		}
		numerals[n] = i
	}
	return nil
}

func (s Spec) validateChart() error {
	if f, bad := s.foreign(); bad {
		return s.errorf(f, "does not apply to a %s", s.Kind)
	}
	if len(s.Series) == 0 {
		return s.errorf("series", "a chart needs at least one series")
	}
	names := map[string]int{}
	numerals := map[int]int{}
	longest := 0
	for i, se := range s.Series {
		p := fmt.Sprintf("series[%d]", i)
		if len(s.Series) > 1 && strings.TrimSpace(se.Name) == "" {
			return s.errorf(p+".name", "missing; a chart with several series names each in its legend")
		}
		if j, dup := names[se.Name]; dup && se.Name != "" {
			return s.errorf(p+".name", "%q is also the name of series[%d]", se.Name, j)
		}
		names[se.Name] = i
		if len(se.Values) == 0 {
			return s.errorf(p+".values", "at least one value is needed")
		}
		for j, v := range se.Values {
			if err := s.checkNumber(fmt.Sprintf("%s.values[%d]", p, j), v); err != nil {
				return err
			}
		}
		longest = max(longest, len(se.Values))
		if se.Numeral < 0 {
			return s.errorf(p+".numeral", "must be a positive number")
		}
		if se.Numeral != 0 {
			if j, dup := numerals[se.Numeral]; dup {
				return s.errorf(p+".numeral", "reference numeral %d is also used by series[%d]", se.Numeral, j)
			}
			numerals[se.Numeral] = i
		}
	}
	for j, c := range s.Categories {
		if strings.TrimSpace(c) == "" {
			return s.errorf(fmt.Sprintf("categories[%d]", j), "empty")
		}
	}
	if s.Kind == TrendChart {
		if len(s.Categories) == 0 {
			return s.errorf("categories", "a trend chart needs one category (lot) per value")
		}
		for i, se := range s.Series {
			if len(se.Values) != len(s.Categories) {
				return s.errorf(fmt.Sprintf("series[%d].values", i), "has %d values for %d categories; "+
					"a trend chart needs one value per lot", len(se.Values), len(s.Categories))
			}
		}
	} else if s.Categories != nil && len(s.Categories) < longest {
		return s.errorf("categories", "has %d labels but a series has %d values", len(s.Categories), longest)
	}
	for _, f := range []struct {
		name string
		n    Number
	}{{"y_min", s.YMin}, {"y_max", s.YMax}, {"lower", s.Lower}, {"upper", s.Upper}} {
		if f.n != "" {
			if err := s.checkNumber(f.name, f.n); err != nil {
				return err
			}
		}
	}
	if s.Lower != "" && s.Upper != "" && s.Lower.value() >= s.Upper.value() {
		return s.errorf("lower", "%s is not below the upper limit %s", s.Lower, s.Upper)
	}
	lo, hi := s.valueAxis()
	if lo >= hi {
		return s.errorf("y_max", "the value axis runs from %g to %g; y_max must be above y_min", lo, hi)
	}
	// A value outside a fixed axis would be drawn outside the figure.
	for i, se := range s.Series {
		for j, v := range se.Values {
			if x := v.value(); x < lo || x > hi {
				return s.errorf(fmt.Sprintf("series[%d].values[%d]", i, j), "%s lies outside the value axis %g to %g", v, lo, hi)
			}
		}
	}
	for _, f := range []struct {
		name string
		n    Number
	}{{"lower", s.Lower}, {"upper", s.Upper}} {
		if x := f.n.value(); f.n != "" && (x < lo || x > hi) {
			return s.errorf(f.name, "%s lies outside the value axis %g to %g", f.n, lo, hi)
		}
	}
	return nil
}

func (s Spec) checkNumber(field string, n Number) error {
	v, err := n.Float()
	if err != nil {
		return s.errorf(field, "%v", err)
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return s.errorf(field, "%s is out of range", n)
	}
	return nil
}

// validateText refuses control characters (a newline in a label, a tab):
// the figure wraps text itself, and the fonts have no glyph for them.
func (s Spec) validateText() error {
	for _, t := range s.texts() {
		for _, r := range t.s {
			if unicode.IsControl(r) {
				return s.errorf(t.field, "contains the control character U+%04X; write the text on one line", r)
			}
		}
	}
	return nil
}

// specText is one piece of spec text and the face it is drawn in.
type specText struct {
	field string
	s     string
	bold  bool
}

// texts lists every string of the spec that gets drawn, with its field.
func (s Spec) texts() []specText {
	var out []specText
	add := func(field, v string, bold bool) {
		if v != "" {
			out = append(out, specText{field, v, bold})
		}
	}
	for i, st := range s.Steps {
		p := fmt.Sprintf("steps[%d]", i)
		add(p+".id", st.ID, true)
		add(p+".label", st.Label, false)
		for j, m := range st.Materials {
			add(fmt.Sprintf("%s.materials[%d]", p, j), m, false)
		}
		for j, c := range st.Controls {
			add(fmt.Sprintf("%s.controls[%d]", p, j), c, false)
		}
	}
	add("x_label", s.XLabel, false)
	add("y_label", s.YLabel, false)
	add("unit", s.Unit, false)
	for i, c := range s.Categories {
		add(fmt.Sprintf("categories[%d]", i), c, false)
	}
	for i, se := range s.Series {
		add(fmt.Sprintf("series[%d].name", i), se.Name, false)
	}
	for i, b := range s.Batches {
		add(fmt.Sprintf("batches[%d].name", i), b.Name, false)
	}
	add("limit_label", s.LimitLabel, false)
	add("shelf_label", s.ShelfLabel, false)
	return out
}

// Check validates the spec and makes sure the embedded fonts can draw every
// character of its text. A character they cannot draw is an error naming
// the character and the field, never a blank box or a substitute.
func (s Spec) Check(m canvas.Measurer) error {
	if err := s.Validate(); err != nil {
		return err
	}
	st := newStyle(s.BW)
	for _, t := range s.texts() {
		f := st.regular
		if t.bold {
			f = st.bold
		}
		if r, missing := m.MissingGlyph(f, t.s); missing {
			return s.errorf(t.field, "the embedded font %s cannot draw %U %q; remove it or write it in words", f.Name(), r, r)
		}
	}
	return nil
}
