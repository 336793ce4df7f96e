package mdtemplate

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/stats"
)

// Figure functions turn the model into figure specs and emit them as
// fenced ```figure blocks, which the typesetter draws as vector figures.
// The spec is data inside a code block, where Markdown escapes do not
// apply, so the block is fenced with more backticks than any run inside
// it: no value can close the fence early.

// fence wraps a spec in a ```figure block.
func fence(s figure.Spec) (Markdown, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return "", err
	}
	run, longest := 0, 0
	for _, c := range b {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	f := strings.Repeat("`", max(3, longest+1))
	return Markdown("\n" + f + figure.FenceInfo + "\n" + string(b) + "\n" + f + "\n"), nil
}

// FlowFigure draws the process flow diagram: a box per step, materials
// added on the left, in-process controls on the right, virus reduction
// and critical steps marked. bw selects the patent drawing variant.
func FlowFigure(p *model.Process, bw bool) (Markdown, error) {
	if p == nil {
		return "", fmt.Errorf("flowFigure: no process data")
	}
	s := figure.Spec{Kind: figure.ProcessFlow, BW: bw}
	if bw {
		s.NumeralsFrom = firstStepNumeral
	}
	for i, st := range p.Steps {
		name, err := label("flowFigure", fmt.Sprintf(".Steps[%d].Name", i), st.Name)
		if err != nil {
			return "", err
		}
		fs := figure.Step{ID: st.ID, Label: name, VirusReduction: st.VirusReduction, Critical: st.IsCritical()}
		for j, m := range st.Materials {
			l, err := label("flowFigure", fmt.Sprintf(".Steps[%d].Materials[%d]", i, j), m)
			if err != nil {
				return "", err
			}
			fs.Materials = append(fs.Materials, l)
		}
		for j, c := range st.IPCs {
			l, err := label("flowFigure", fmt.Sprintf(".Steps[%d].IPCs[%d].Test", i, j), c.Test)
			if err != nil {
				return "", err
			}
			fs.Controls = append(fs.Controls, l)
		}
		s.Steps = append(s.Steps, fs)
	}
	return fence(s)
}

// YieldFigure plots the cumulative yield of the process, step by step,
// against the comparator when there is one. The axis names what the
// process declares yields are computed on ("Cumulative albumin yield").
func YieldFigure(p *model.Process, c *model.Comparator, bw bool) (Markdown, error) {
	if p == nil {
		return "", fmt.Errorf("yieldFigure: no process data")
	}
	s := figure.Spec{Kind: figure.YieldChart, BW: bw, XLabel: "Step", YLabel: "Cumulative " + oneLine(p.YieldLabel()) + " yield (%)", Unit: "%"}
	series := func(name string, rows []model.YieldRow, numeral int) figure.Series {
		out := figure.Series{Name: name}
		if bw {
			out.Numeral = numeral
		}
		for _, r := range rows {
			out.Values = append(out.Values, figure.Number(stats.Format(r.Cumulative, 1)))
		}
		return out
	}
	rows := p.YieldTable()
	n := len(rows)
	base := curveBase(len(p.Steps))
	s.Series = append(s.Series, series("This process", rows, base+2))
	if c != nil {
		cr := c.YieldTable(0)
		n = max(n, len(cr))
		s.Series = append(s.Series, series("Conventional process", cr, base+4))
	}
	for i := 1; i <= n; i++ {
		s.Categories = append(s.Categories, fmt.Sprint(i))
	}
	return fence(s)
}

// TrendFigure plots one test's results per lot with its acceptance limits.
// Results reported as "< LOQ", titres or text are not plotted.
func TrendFigure(b *model.Batches, spec *model.Specification, testID string, bw bool) (Markdown, error) {
	if b == nil || spec == nil {
		return "", fmt.Errorf("trendFigure: no batch or specification data")
	}
	t := spec.Test(testID)
	if t == nil {
		return "", fmt.Errorf("trendFigure: specification %s has no test %q", spec.ID, testID)
	}
	name, err := label("trendFigure", fmt.Sprintf("the name of test %q", testID), t.Name)
	if err != nil {
		return "", err
	}
	s := figure.Spec{Kind: figure.TrendChart, BW: bw, XLabel: "Lot", YLabel: name, Unit: Unit(t.Criterion.Unit)}
	ser := figure.Series{Name: name}
	for i, l := range b.Lots {
		r := l.Result(testID)
		if r == nil || r.Value == nil || r.Qualifier != "" {
			continue
		}
		lot, err := label("trendFigure", fmt.Sprintf(".Lots[%d].Lot", i), l.Lot)
		if err != nil {
			return "", err
		}
		s.Categories = append(s.Categories, lot)
		ser.Values = append(ser.Values, figure.Number(r.Value.String()))
	}
	if len(ser.Values) == 0 {
		return "", fmt.Errorf("trendFigure: no numeric results for test %q", testID)
	}
	s.Series = []figure.Series{ser}
	c := t.Criterion
	// A trend is read against its limits, so the value axis spans the
	// results and the limits with a margin, not zero to the largest value
	// (purities of 99 % would sit in a flat line at the top).
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range ser.Values {
		f, err := v.Float()
		if err != nil {
			return "", err
		}
		lo, hi = math.Min(lo, f), math.Max(hi, f)
	}
	for _, n := range []*model.Number{c.Low, c.High, c.Value} {
		if n != nil && c.Type != "text" && c.Type != "titre_max" {
			lo, hi = math.Min(lo, n.Float()), math.Max(hi, n.Float())
		}
	}
	span := hi - lo
	if span == 0 {
		span = math.Max(math.Abs(hi)*0.1, 1)
	}
	ymin, ymax := lo-0.25*span, hi+0.25*span
	if lo >= 0 && ymin < 0 {
		ymin = 0
	}
	dec := max(0, 2-int(math.Floor(math.Log10(span))))
	s.YMin, s.YMax = figure.Number(stats.Format(ymin, dec)), figure.Number(stats.Format(ymax, dec))
	switch c.Type {
	case "range":
		s.Lower, s.Upper = figure.Number(c.Low.String()), figure.Number(c.High.String())
	case "nlt", "gt":
		s.Lower = figure.Number(c.Value.String())
	case "nmt", "lt":
		s.Upper = figure.Number(c.Value.String())
	}
	return fence(s)
}

// oneLine joins the lines of a data value with spaces: a figure label is
// one run of text, as a value printed in a paragraph is.
func oneLine(s string) string { return lineBreaks.Replace(s) }

// label checks a data value drawn as a figure label and puts it on one
// line: a figure can no more show a control or bidirectional character
// than a paragraph can.
func label(fn, what, s string) (string, error) {
	if err := checkControls(s); err != nil {
		return "", &dataError{fmt.Errorf("%s: the value of %s %w", fn, what, err)}
	}
	return oneLine(s), nil
}

// firstStepNumeral is the numeral of the first step in the patent flow
// diagram (FIG. 1). Each figure's numerals keep to a hundred of their own
// (FIG. 1: 102, 104 …; FIG. 2: 202, 204 …), so no numeral designates a
// step on one sheet and a curve on another (37 CFR 1.84(p)(4)).
const firstStepNumeral = 102

// Numeral is the reference numeral of the i-th (0-based) step in the
// patent flow diagram: 102, 104, 106 … as FlowFigure's black-and-white
// variant assigns them, so the description and FIG. 1 agree.
func Numeral(i int) (int, error) {
	if i < 0 || i > maxNumeral {
		return 0, fmt.Errorf("numeral: step index %d is out of range; give 0 to %d", i, maxNumeral)
	}
	return firstStepNumeral + 2*i, nil
}

// CurveNumeral is the reference numeral of line k (0 the process, 1 the
// comparator) of the yield chart of a process of steps steps: 202, 204 …
// in the first hundred above every step's numeral, as YieldFigure's
// black-and-white variant assigns them.
func CurveNumeral(steps, k int) (int, error) {
	if steps < 0 || steps > maxNumeral || k < 0 || k > maxNumeral {
		return 0, fmt.Errorf("curveNumeral: %d steps, line %d: out of range; give 0 to %d", steps, k, maxNumeral)
	}
	return curveBase(steps) + 2 + 2*k, nil
}

func curveBase(steps int) int { return 100 * ((firstStepNumeral+2*steps)/100 + 1) }
