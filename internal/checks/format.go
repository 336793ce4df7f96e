package checks

import (
	"strconv"

	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/stats"
)

// Messages quote numbers as the data file writes them and put units after
// them the way the documents print them, so a writer can find the value and
// see the same figure the reviewer will.

// withUnit appends a unit to a number; "1" (dimensionless) and "" print none.
func withUnit(num, unit string) string {
	if unit == "" || unit == "1" {
		return num
	}
	return num + " " + unit
}

// quantity prints a quantity as written, e.g. "36.248 kg".
func quantity(q model.Quantity) string { return q.Text() }

// fixed prints a computed value with the given decimals, rounding half up as
// the documents do.
func fixed(x float64, decimals int) string {
	return stats.Format(x, decimals)
}

// rangeText prints a range with its unit (model.Range.Text).
func rangeText(r model.Range, unit string) string { return r.Text(unit) }

// criterionText prints an acceptance criterion as a specification table
// does: "90–110 g/L", "≤ 2.0 %", "≤ 1:64", "Complies".
func criterionText(c model.Criterion) string {
	val := func() string {
		if c.Value == nil {
			return "?"
		}
		return c.Value.String()
	}
	switch c.Type {
	case "range":
		return rangeText(model.Range{Low: c.Low, High: c.High}, c.Unit)
	case "nlt":
		return "≥ " + withUnit(val(), c.Unit)
	case "nmt":
		return "≤ " + withUnit(val(), c.Unit)
	case "lt":
		return "< " + withUnit(val(), c.Unit)
	case "gt":
		return "> " + withUnit(val(), c.Unit)
	case "titre_max":
		return "≤ 1:" + val()
	case "text":
		return strconv.Quote(string(c.Text))
	case "report":
		return "report result"
	}
	return c.Type
}

// resultText prints a result as a batch table does: "< 2 µg/mL", "1:16",
// "Complies".
func resultText(r *model.Result, unit string) string {
	switch {
	case r.Value != nil:
		s := withUnit(r.Value.String(), unit)
		if r.Qualifier != "" {
			s = r.Qualifier + " " + s
		}
		return s
	case r.Titre != 0:
		return "1:" + strconv.Itoa(r.Titre)
	case r.Text != "":
		return strconv.Quote(r.Text)
	}
	return "(empty)"
}
