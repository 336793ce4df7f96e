package figure

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
)

// FenceInfo is the info string of a fenced Markdown code block that holds
// a figure spec (```figure). Templates emit such blocks and the typesetter
// draws them; the name lives here so both sides spell it the same.
const FenceInfo = "figure"

// Kind selects the figure a Spec draws.
type Kind string

// The figure kinds.
const (
	// ProcessFlow is a top-to-bottom flow diagram: one numbered box per
	// step, arrows between consecutive steps, materials added on the left
	// and in-process controls on the right.
	ProcessFlow Kind = "process-flow"
	// YieldChart plots cumulative yield step by step, one line per process,
	// with the final value of each line labelled.
	YieldChart Kind = "yield-chart"
	// TrendChart plots one test's result per lot, with acceptance limits as
	// horizontal lines and every value labelled.
	TrendChart Kind = "trend-chart"
	// RegressionChart plots results against time (stability): each
	// batch's points, fitted line and confidence limit, the acceptance
	// criterion and the shelf-life estimate (regression.go).
	RegressionChart Kind = "regression-chart"
)

// Spec is a figure spec: everything needed to draw one figure and nothing
// from the domain model. Fields that belong to another kind must be left
// out; Parse and Validate reject them rather than ignore them. A Spec is
// never modified by this package, so one parsed spec may be drawn from
// several goroutines.
type Spec struct {
	// Kind selects the figure; required.
	Kind Kind `json:"kind"`
	// BW selects the black-and-white patent variant.
	BW bool `json:"bw,omitempty"`

	// Steps are the process-flow steps, in process order.
	Steps []Step `json:"steps,omitempty"`
	// NumeralsFrom is the first reference numeral assigned to steps that
	// have none (process-flow, BW only); numerals go up by two, as in
	// patent practice (10, 12, 14 …). Zero means 10.
	NumeralsFrom int `json:"numerals_from,omitempty"`

	// XLabel and YLabel are the axis titles (charts).
	XLabel string `json:"x_label,omitempty"`
	YLabel string `json:"y_label,omitempty"`
	// Unit follows labelled values, after a space ("75.0 %").
	Unit string `json:"unit,omitempty"`
	// YMin and YMax fix the value axis; empty means chosen from the data
	// (a yield chart in % runs from 0 to 100).
	YMin Number `json:"y_min,omitempty"`
	YMax Number `json:"y_max,omitempty"`
	// Categories label the x axis: step numbers for a yield chart (default
	// 1, 2, 3 …), lot numbers for a trend chart (required there).
	Categories []string `json:"categories,omitempty"`
	// Series are the plotted lines; a yield chart compares several, a
	// trend chart usually has one.
	Series []Series `json:"series,omitempty"`
	// Lower and Upper are the acceptance limits of a trend chart, drawn as
	// horizontal lines; either may be empty.
	Lower Number `json:"lower,omitempty"`
	Upper Number `json:"upper,omitempty"`

	// XMax ends the time axis of a regression chart (months from 0).
	XMax Number `json:"x_max,omitempty"`
	// Batches are the batches of a regression chart.
	Batches []Batch `json:"batches,omitempty"`
	// LimitLabel names the dashed confidence limit in the legend.
	LimitLabel string `json:"limit_label,omitempty"`
	// ShelfLife marks the shelf-life estimate on the time axis, with
	// ShelfLabel written above the plot.
	ShelfLife  Number `json:"shelf_life,omitempty"`
	ShelfLabel string `json:"shelf_label,omitempty"`

	// src is where each value was in the parsed source, so errors found
	// after parsing still point at a line; nil for a spec built in Go.
	src *sourceMap
}

// Step is one box of a process flow.
type Step struct {
	// ID is the short step identifier printed first in the box ("P4").
	ID string `json:"id"`
	// Label says what the step does.
	Label string `json:"label"`
	// Materials are drawn as side notes on the left, with an arrow into
	// the box: what is added at this step.
	Materials []string `json:"materials,omitempty"`
	// Controls are drawn as side notes on the right, with an arrow out of
	// the box: the in-process controls taken at this step.
	Controls []string `json:"controls,omitempty"`
	// VirusReduction marks a dedicated virus inactivation or removal step
	// (heavier border and a "virus reduction" tag).
	VirusReduction bool `json:"virus_reduction,omitempty"`
	// Critical marks a critical step (double border and a "critical step"
	// tag).
	Critical bool `json:"critical,omitempty"`
	// Numeral is the step's reference numeral in the BW variant; zero
	// means assigned from Spec.NumeralsFrom.
	Numeral int `json:"numeral,omitempty"`
}

// Series is one plotted line of a chart.
type Series struct {
	// Name is shown in the legend; required when a chart has more than one
	// series.
	Name string `json:"name"`
	// Values are plotted against the categories in order, one per
	// category; a yield chart's series may be shorter than others (a
	// process with fewer steps).
	Values []Number `json:"values"`
	// Numeral, if not zero, labels the line with a reference numeral in
	// the BW variant.
	Numeral int `json:"numeral,omitempty"`
}

// Number is a JSON number kept exactly as written, so a labelled value
// shows the precision the author reported ("75.0", not "75"). It holds
// the literal text; the empty Number means "not given".
type Number string

// UnmarshalJSON accepts a JSON number token only. A string holding digits,
// or null, is a type error: a spec is strict so that a template bug shows
// up as an error rather than as a silently missing value.
func (n *Number) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || !(b[0] == '-' || (b[0] >= '0' && b[0] <= '9')) {
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeFor[Number]()}
	}
	*n = Number(b)
	return nil
}

// MarshalJSON writes the number as written.
func (n Number) MarshalJSON() ([]byte, error) {
	if _, err := n.Float(); err != nil {
		return nil, err
	}
	return []byte(n), nil
}

// Float returns the number's value.
func (n Number) Float() (float64, error) {
	if n == "" {
		return 0, fmt.Errorf("no number")
	}
	v, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", string(n))
	}
	return v, nil
}

// value returns the number's value, or 0 for one Validate would reject.
func (n Number) value() float64 {
	v, _ := n.Float()
	return v
}

// jsonKind names the JSON type of a raw value for error messages.
func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return "number"
}
