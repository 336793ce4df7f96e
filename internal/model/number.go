// Package model holds regdoc's domain types — process, comparator,
// specification, batches, viral clearance — decoded from validated data
// files, and the values derived from them (yields, statistics, evaluated
// results, log reduction totals). It does no I/O and knows nothing of
// templates or PDF, so every document computes its figures the same way.
package model

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/stats"
)

// Number is a JSON number kept exactly as written, so 7.0 prints as 7.0 and
// a limit's precision (its decimals) is known when results are compared.
type Number struct {
	text string
	f    float64
}

// NewNumber parses a number written in JSON syntax.
func NewNumber(text string) (Number, error) {
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return Number{}, fmt.Errorf("number %q: %w", text, err)
	}
	return Number{text: text, f: f}, nil
}

// Num is NewNumber for literals known to be valid (tests, derived values).
// It never fails: text that is not a number keeps its text and has the
// value NaN, which fails every comparison, so a mistake shows in the
// result instead of stopping the program.
func Num(text string) Number {
	n, err := NewNumber(text)
	if err != nil {
		return Number{text: text, f: math.NaN()}
	}
	return n
}

// UnmarshalJSON keeps the literal text of the number.
func (n *Number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	v, err := NewNumber(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// MarshalJSON writes the number exactly as it was read, so JSON written
// from the model (figure specs, --format json) keeps "7.0" as 7.0.
func (n Number) MarshalJSON() ([]byte, error) {
	if n.text == "" {
		return []byte("null"), nil
	}
	return []byte(n.text), nil
}

// String is the number as written in the data file.
func (n Number) String() string { return n.text }

// Float is the number's value.
func (n Number) Float() float64 { return n.f }

// Decimals is the number of digits after the decimal point as written.
func (n Number) Decimals() int { return stats.Decimals(n.text) }

// Valid reports whether the number was present in the data.
func (n Number) Valid() bool { return n.text != "" }

// Quantity is a number with a unit from the controlled list.
type Quantity struct {
	Value Number `json:"value"`
	Unit  string `json:"unit"`
}

// Valid reports whether the quantity was present in the data.
func (q Quantity) Valid() bool { return q.Value.Valid() }

// Text prints the quantity as written with its unit, "36.248 kg"; the
// dimensionless unit "1" prints as nothing.
func (q Quantity) Text() string {
	if q.Unit == "" || q.Unit == "1" {
		return q.Value.String()
	}
	return q.Value.String() + " " + q.Unit
}

// Range is an inclusive range with either bound optional.
type Range struct {
	Low  *Number `json:"low"`
	High *Number `json:"high"`
}

// Contains reports whether x lies inside the range, bounds included.
func (r Range) Contains(x float64) bool {
	if r.Low != nil && x < r.Low.Float() {
		return false
	}
	if r.High != nil && x > r.High.Float() {
		return false
	}
	return true
}

// Text prints the range as messages and charts quote it: "24–26 °C",
// "≥ 18 mM", "≤ 24 h", and "-7 to -3 °C" when a bound is negative, so the
// dash is not read as a minus. The dimensionless unit "1" prints as
// nothing; an unbounded range prints as "any value".
func (r Range) Text(unit string) string {
	with := func(num string) string {
		if unit == "" || unit == "1" {
			return num
		}
		return num + " " + unit
	}
	switch {
	case r.Low != nil && r.High != nil:
		lo, hi := r.Low.String(), r.High.String()
		if strings.HasPrefix(lo, "-") || strings.HasPrefix(hi, "-") {
			return with(lo + " to " + hi)
		}
		return with(lo + "–" + hi)
	case r.Low != nil:
		return "≥ " + with(r.Low.String())
	case r.High != nil:
		return "≤ " + with(r.High.String())
	}
	return "any value"
}

// Within reports whether r lies inside outer (bounds included); an open side
// of r only fits an open side of outer.
func (r Range) Within(outer Range) bool {
	if outer.Low != nil && (r.Low == nil || r.Low.Float() < outer.Low.Float()) {
		return false
	}
	if outer.High != nil && (r.High == nil || r.High.Float() > outer.High.Float()) {
		return false
	}
	return true
}

// Criterion is an acceptance criterion (see common.schema.json).
type Criterion struct {
	Type  string  `json:"type"`
	Low   *Number `json:"low"`
	High  *Number `json:"high"`
	Value *Number `json:"value"`
	Unit  string  `json:"unit"`
	Text  Rich    `json:"text"`
}
