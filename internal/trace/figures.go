package trace

import (
	"reflect"
	"strings"
	"unicode"

	fig "github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/model"
)

// The labels a figure draws from data. A template draws a figure by
// calling a figure function (mdtemplate.FigureFuncs) with the data; the
// function writes a figure spec, which the typesetter draws. The figure's
// texts are part of its page's text, in the order the figure draws them.
// For each figure function, figureLabelers list the labels it draws from
// its arguments' data, in that order, each with the datum's place: a
// label is listed only when the spec the call printed holds, where the
// function puts it, exactly the text the datum gives. What the renderer
// or the drawing scheme chooses (axis ticks, the yield chart's step
// ordinals, reference numerals) and the words the figure writes itself
// ("Materials added", "lower limit") are no datum and are not listed.

// figureLabel is one label a figure draws from data, as drawn, with its
// sources.
type figureLabel struct {
	text    string
	sources []Source
}

// figureLabeler lists the labels a figure function's call drew: args are
// the call's arguments, spec the spec it printed.
type figureLabeler = func(ix *Index, args []reflect.Value, spec fig.Spec) []figureLabel

var figureLabelers = map[string]figureLabeler{
	"flowFigure":  flowLabels,
	"trendFigure": trendLabels,
}

// figureLabels lists the labels a printed value draws when it is a call
// of a figure function; ok is false for any other value, which is
// traced as printed text.
func (ix *Index) figureLabels(p mdtemplate.Traced) (labels []figureLabel, ok bool) {
	for i, fn := range p.Funcs {
		if fn == "" {
			continue
		}
		if i >= len(p.Sources) || i >= len(p.Args) {
			return nil, true
		}
		labeler, known := figureLabelers[fn]
		spec, parsed := printedSpec(p.Sources[i])
		if !known || !parsed {
			return nil, true
		}
		for _, l := range labeler(ix, p.Args[i], spec) {
			if strings.ContainsFunc(l.text, unicode.IsDigit) {
				labels = append(labels, l)
			}
		}
		return labels, true
	}
	return nil, false
}

// printedSpec reads the figure spec out of the fenced block a figure
// function printed.
func printedSpec(v reflect.Value) (fig.Spec, bool) {
	if !v.IsValid() || v.Kind() != reflect.String {
		return fig.Spec{}, false
	}
	lines := strings.Split(strings.Trim(v.String(), "\n"), "\n")
	if len(lines) < 3 || !strings.HasSuffix(lines[0], fig.FenceInfo) {
		return fig.Spec{}, false
	}
	s, err := fig.Parse([]byte(strings.Join(lines[1:len(lines)-1], "\n")))
	return s, err == nil
}

// arg is the call's i-th argument as a T, or false.
func arg[T any](args []reflect.Value, i int) (T, bool) {
	var zero T
	if i >= len(args) || !args[i].IsValid() || !args[i].CanInterface() {
		return zero, false
	}
	t, ok := args[i].Interface().(T)
	return t, ok
}

// datum is a label drawn from the single datum at v, when v resolves in
// the data files.
func (ix *Index) datum(text string, v reflect.Value) (figureLabel, bool) {
	s, ok := ix.Resolve(v)
	if !ok {
		return figureLabel{}, false
	}
	return figureLabel{text: text, sources: []Source{s}}, true
}

// flowLabels: the process flow draws, step by step, the step's id, its
// name, the materials added and the tests of its in-process controls
// (flowFigure draws each from the step of the same place).
func flowLabels(ix *Index, args []reflect.Value, spec fig.Spec) []figureLabel {
	p, ok := arg[*model.Process](args, 0)
	if !ok || p == nil || spec.Kind != fig.ProcessFlow || len(spec.Steps) != len(p.Steps) {
		return nil
	}
	var out []figureLabel
	add := func(drawn, data string, v reflect.Value) {
		if drawn != data {
			return
		}
		if l, ok := ix.datum(drawn, v); ok {
			out = append(out, l)
		}
	}
	for i, st := range p.Steps {
		fs := spec.Steps[i]
		add(fs.ID, st.ID, field(&st.ID))
		add(fs.Label, st.Name, field(&st.Name))
		for j := range fs.Materials {
			if j < len(st.Materials) {
				add(fs.Materials[j], st.Materials[j], field(&st.Materials[j]))
			}
		}
		for j := range fs.Controls {
			if j < len(st.IPCs) && st.IPCs[j] != nil {
				add(fs.Controls[j], st.IPCs[j].Test, field(&st.IPCs[j].Test))
			}
		}
	}
	return out
}

// trendLabels: the trend chart draws the lots with a quantified result
// of the test as its categories, the test's name as the value axis's
// title, the criterion's limits, and each lot's result over its point
// (trendFigure plots the lots in order, leaving out those without a
// number or with a qualifier such as "<").
func trendLabels(ix *Index, args []reflect.Value, spec fig.Spec) []figureLabel {
	b, ok1 := arg[*model.Batches](args, 0)
	sp, ok2 := arg[*model.Specification](args, 1)
	testID, ok3 := arg[string](args, 2)
	if !ok1 || !ok2 || !ok3 || b == nil || sp == nil || spec.Kind != fig.TrendChart || len(spec.Series) != 1 {
		return nil
	}
	t := sp.Test(testID)
	if t == nil {
		return nil
	}
	type plotted struct {
		lot *model.Lot
		r   *model.Result
	}
	var pts []plotted
	for _, l := range b.Lots {
		if r := l.Result(testID); r != nil && r.Value != nil && r.Qualifier == "" {
			pts = append(pts, plotted{l, r})
		}
	}
	values := spec.Series[0].Values
	if len(pts) != len(spec.Categories) || len(pts) != len(values) {
		return nil
	}
	var out []figureLabel
	add := func(drawn, data string, v reflect.Value) {
		if drawn != data {
			return
		}
		if l, ok := ix.datum(drawn, v); ok {
			out = append(out, l)
		}
	}
	for k, pt := range pts {
		add(spec.Categories[k], pt.lot.Lot, field(&pt.lot.Lot))
	}
	add(spec.YLabel, t.Name, field(&t.Name))
	out = append(out, ix.limitLabels(spec, t.Criterion, &t.Criterion)...)
	for k, pt := range pts {
		add(string(values[k]), pt.r.Value.String(), reflect.ValueOf(pt.r.Value))
	}
	return out
}

// limitLabels are the labels of the criterion's limits a chart draws,
// lower then upper: a range's low and high, a lower or upper limit's
// value. c is the criterion as held in the model (at).
func (ix *Index) limitLabels(spec fig.Spec, c model.Criterion, at *model.Criterion) []figureLabel {
	var out []figureLabel
	limit := func(drawn fig.Number, n *model.Number) {
		if drawn == "" || n == nil || string(drawn) != n.String() {
			return
		}
		if l, ok := ix.datum(string(drawn), reflect.ValueOf(n)); ok {
			out = append(out, l)
		}
	}
	switch c.Type {
	case "range":
		limit(spec.Lower, at.Low)
		limit(spec.Upper, at.High)
	case "nlt", "gt":
		limit(spec.Lower, at.Value)
	case "nmt", "lt":
		limit(spec.Upper, at.Value)
	}
	return out
}
