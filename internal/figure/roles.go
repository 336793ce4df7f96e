package figure

import (
	"fmt"

	"github.com/regdoc/regdoc/internal/canvas"
)

// Role says what a text a figure draws is: a label drawn from the spec's
// data (a step's id, a lot, a plotted value), or one the renderer or the
// drawing scheme chooses (an axis tick, a reference numeral) or writes
// itself (a column heading). A reader of the drawn figure — a check that
// every number a document prints is accounted for — tells them apart by
// role, not by what the text looks like.
type Role string

// The roles of the texts figures draw.
const (
	// RoleTick is a tick label of a value or time axis: a round number
	// the renderer chooses to span the data.
	RoleTick Role = "tick"
	// RoleCategory is a category label under a chart: Spec.Categories,
	// or the ordinals 1…n the chart numbers itself when there are none.
	RoleCategory Role = "category"
	// RoleTitle is an axis title (Spec.XLabel, Spec.YLabel).
	RoleTitle Role = "title"
	// RoleLimit is an acceptance limit's label ("lower limit 90 %").
	RoleLimit Role = "limit"
	// RoleValue is a plotted value's label: a trend chart's point, a
	// yield chart's last value of a series.
	RoleValue Role = "value"
	// RoleLegend is a legend entry naming a series or batch.
	RoleLegend Role = "legend"
	// RoleKey is a legend entry naming a kind of line or mark (the
	// confidence limit, the results not regressed).
	RoleKey Role = "key"
	// RoleShelfLife is the label of a regression chart's shelf-life line.
	RoleShelfLife Role = "shelf_life"
	// RoleNumeral is a reference numeral of a black-and-white drawing,
	// assigned by the drawing scheme (Spec.NumeralsFrom, Series.Numeral).
	RoleNumeral Role = "numeral"
	// RoleStepID, RoleStepLabel, RoleMaterial and RoleControl are a
	// process flow step's id, a line of its label, and a line of one of
	// its materials or in-process controls.
	RoleStepID    Role = "step_id"
	RoleStepLabel Role = "step_label"
	RoleMaterial  Role = "material"
	RoleControl   Role = "control"
	// RoleTag is a step's fixed tag ("virus reduction", "critical step").
	RoleTag Role = "tag"
	// RoleHeading is a process flow's column heading ("Materials added").
	RoleHeading Role = "heading"
	// RoleConnector is the text of an arrow continuing a process flow on
	// another page.
	RoleConnector Role = "connector"
)

// Text is one text a figure draws, and its role.
type Text struct {
	Role Role
	Text string
}

// Texts lays the figure out at width, unsplit, and returns the texts it
// draws in drawing order, each with its role: what Draw would draw, as
// it would be measured with the embedded fonts.
func (s Spec) Texts(width float64) ([]Text, error) {
	rec := canvas.NewRecorder(nil)
	rec.AddPage(canvas.Letter, canvas.Portrait)
	const tall = 1e6
	parts, err := s.Layout(rec, width, tall, tall)
	if err != nil {
		return nil, err
	}
	var out []Text
	for _, pt := range parts {
		if err := pt.draw(rec, 0, 0, &out); err != nil {
			return nil, err
		}
	}
	if len(parts) != 1 {
		return nil, fmt.Errorf("figure: Texts: the figure was split into %d parts", len(parts))
	}
	return out, nil
}
