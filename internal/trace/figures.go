package trace

import (
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"

	fig "github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/stats"
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
	"stabFigure":  stabilityLabels,
	"yieldFigure": yieldLabels,
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

// drawn appends to out the label a figure drew from the datum at v, when
// the figure drew exactly the datum's text and v resolves in the data
// files.
func (ix *Index) drawn(out []figureLabel, drawn, data string, v reflect.Value) []figureLabel {
	if drawn != data {
		return out
	}
	if l, ok := ix.datum(drawn, v); ok {
		out = append(out, l)
	}
	return out
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
	for i, st := range p.Steps {
		fs := spec.Steps[i]
		out = ix.drawn(out, fs.ID, st.ID, field(&st.ID))
		out = ix.drawn(out, fs.Label, st.Name, field(&st.Name))
		for j := range fs.Materials {
			if j < len(st.Materials) {
				out = ix.drawn(out, fs.Materials[j], st.Materials[j], field(&st.Materials[j]))
			}
		}
		for j := range fs.Controls {
			if j < len(st.IPCs) && st.IPCs[j] != nil {
				out = ix.drawn(out, fs.Controls[j], st.IPCs[j].Test, field(&st.IPCs[j].Test))
			}
		}
	}
	return out
}

// trendLabels: the trend chart draws the lots with a quantified result
// of the test as its categories, the test's name as the value axis's
// title, the criterion's limits, and each lot's result over its point
// (trendFigure plots the lots in order, leaving out those without a
// number or with a qualifier such as "<"). A chart too crowded to label
// every point or lot labels every n-th; the labels are listed for all,
// and one the chart left out is not found on its page and gets no entry
// unless the same text follows it there.
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
	for k, pt := range pts {
		out = ix.drawn(out, spec.Categories[k], pt.lot.Lot, field(&pt.lot.Lot))
	}
	out = ix.drawn(out, spec.YLabel, t.Name, field(&t.Name))
	out = append(out, ix.limitLabels(spec, t.Criterion, &t.Criterion)...)
	for k, pt := range pts {
		out = ix.drawn(out, string(values[k]), pt.r.Value.String(), reflect.ValueOf(pt.r.Value))
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

// stabilityLabels: the regression chart draws the long-term storage
// temperature in its time axis's title ("Time at 5 °C (months)"), the
// attribute's name in the value axis's title, the criterion's limits, the
// shelf-life estimate where the confidence limit meets the criterion, and
// the batches in the legend (stabFigure plots the long-term studies of
// the batches the evaluation regressed). The months of the points are not
// labelled; the time axis's ticks are the chart's own.
func stabilityLabels(ix *Index, args []reflect.Value, spec fig.Spec) []figureLabel {
	s, ok1 := arg[*model.Stability](args, 0)
	testID, ok2 := arg[string](args, 1)
	if !ok1 || !ok2 || s == nil || spec.Kind != fig.RegressionChart {
		return nil
	}
	lt, e := s.LongTerm(), s.Evaluation(testID)
	if lt == nil || e == nil || e.Attribute == nil || e.Eval == nil {
		return nil
	}
	a := e.Attribute
	var out []figureLabel
	if spec.XLabel == "Time at "+lt.Temperature+" (months)" {
		if l, ok := ix.datum(lt.Temperature, field(&lt.Temperature)); ok {
			out = append(out, l)
		}
	}
	if spec.YLabel == a.Name || strings.HasPrefix(spec.YLabel, a.Name+" (") {
		if l, ok := ix.datum(a.Name, field(&a.Name)); ok {
			out = append(out, l)
		}
	}
	out = append(out, ix.limitLabels(spec, a.Criterion, &a.Criterion)...)
	if spec.ShelfLabel != "" {
		// The evaluation is run again from the data; the label is the
		// crossing rounded down to 0.1 month, as stabFigure writes it.
		if ev, in, ok := ix.q1e(s, a, ""); ok && ev.Reached {
			want := "shelf-life estimate " + strconv.FormatFloat(math.Floor(ev.ShelfLife*10)/10, 'f', 1, 64) + " months"
			if want == spec.ShelfLabel {
				src := Source{Formula: evalFormulas["ShelfLifeText"]}
				for _, v := range in {
					if s, ok := ix.locate(v); ok {
						src.Inputs = append(src.Inputs, s)
					} else {
						src.Inputs = nil
						break
					}
				}
				if src.Inputs != nil {
					out = append(out, figureLabel{text: spec.ShelfLabel, sources: []Source{src}})
				}
			}
		}
	}
	studies := s.StudiesAt(lt.ID)
	for i, name := range e.Eval.Names() {
		if i >= len(spec.Batches) || spec.Batches[i].Name != name {
			break
		}
		for _, st := range studies {
			if st.Batch == name {
				if l, ok := ix.datum(name, field(&st.Batch)); ok {
					out = append(out, l)
				}
				break
			}
		}
	}
	return out
}

// yieldLabels: the yield chart labels each line's last point with the
// cumulative yield it reaches — the process's over its steps, the
// conventional process's over its own — highest first, as the chart
// stacks the labels from the top (yieldFigure plots the cumulative
// yields of the yield tables, to one decimal). Each is traced with the
// cumulative-yield formula and its inputs, as the yield tables' are. The
// categories are the step ordinals 1…n, no datum.
func yieldLabels(ix *Index, args []reflect.Value, spec fig.Spec) []figureLabel {
	p, ok := arg[*model.Process](args, 0)
	if !ok || p == nil || spec.Kind != fig.YieldChart {
		return nil
	}
	tables := [][]model.YieldRow{p.YieldTable()}
	if c, ok := arg[*model.Comparator](args, 1); ok && c != nil {
		tables = append(tables, c.YieldTable(0))
	}
	if len(spec.Series) != len(tables) {
		return nil
	}
	type end struct {
		label figureLabel
		value float64
	}
	var ends []end
	for i, rows := range tables {
		vs := spec.Series[i].Values
		if len(rows) == 0 || len(vs) != len(rows) {
			return nil
		}
		last := rows[len(rows)-1]
		text := stats.Format(last.Cumulative, 1)
		if string(vs[len(vs)-1]) != text {
			continue
		}
		src, ok := ix.explain(reflect.ValueOf(last.Cumulative), reflect.ValueOf(last), "Cumulative")
		if !ok {
			continue
		}
		drawn, err := vs[len(vs)-1].Float()
		if err != nil {
			continue
		}
		ends = append(ends, end{figureLabel{text: text, sources: []Source{src}}, drawn})
	}
	sort.SliceStable(ends, func(a, b int) bool { return ends[a].value > ends[b].value })
	var out []figureLabel
	for _, e := range ends {
		out = append(out, e.label)
	}
	return out
}
