package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// Unit names: every unit is one regdoc knows or one the project declares
// with its dimension, and a field that holds a mass, a volume, a time …
// takes only a unit of that dimension. The schema accepts any text as a
// unit so projects can add their own; these checks keep the list closed.

func unitNameFamily() family {
	return family{
		rules: []Rule{
			{"UN-01", diag.Error, "Every unit is a built-in unit or one process.json declares under units with its dimension; a field that holds a mass, volume, time, concentration or yield takes only a unit of that dimension; a declared unit does not redefine a built-in one."},
		},
		check: checkUnitNames,
	}
}

// expectedDimensions lists (beyond declared yields and hold times, which
// YB-01 and PR-07 check with their own words), for the fields whose meaning fixes what their
// unit measures, the dimensions allowed. The pattern's "*" matches one
// array index.
func expectedDimensions() []struct {
	kind, pattern string
	dims          []string
} {
	massOrActivity := []string{model.Mass, model.Activity}
	return []struct {
		kind, pattern string
		dims          []string
	}{
		{model.KindProcess, "/starting_material/concentration/unit", []string{model.MassConcentration, model.ActivityConc}},
		{model.KindProcess, "/starting_material/igg_concentration/unit", []string{model.MassConcentration, model.ActivityConc}},
		{model.KindProcess, "/starting_material/volume/unit", []string{model.Volume}},
		{model.KindProcess, "/starting_material/pool_volume/unit", []string{model.Volume}},
		{model.KindProcess, "/product/protein_concentration/unit", []string{model.MassConcentration}},
		{model.KindProcess, "/product/yield_attribute/unit", massOrActivity},
		{model.KindProcess, "/steps/*/product_in/unit", massOrActivity},
		{model.KindProcess, "/steps/*/product_out/unit", massOrActivity},
		{model.KindProcess, "/steps/*/igg_in/unit", massOrActivity},
		{model.KindProcess, "/steps/*/igg_out/unit", massOrActivity},
		{model.KindProcess, "/steps/*/capacity/unit", []string{model.Volume, "area"}},
		{model.KindBatches, "/lots/*/scale/unit", []string{model.Volume, model.Mass}},
		{model.KindBatches, "/lots/*/plasma_volume/unit", []string{model.Volume, model.Mass}},
		{model.KindBatches, "/lots/*/yield/unit", []string{model.MassConcentration, model.ActivityConc}},
	}
}

// matchPointer matches a pointer against a pattern whose "*" tokens match
// array indexes.
func matchPointer(pattern, pointer string) bool {
	p, q := strings.Split(pattern, "/"), strings.Split(pointer, "/")
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if p[i] != q[i] && !(p[i] == "*" && q[i] != "" && strings.Trim(q[i], "0123456789") == "") {
			return false
		}
	}
	return true
}

func checkUnitNames(r *reporter) {
	known := r.p.Units()
	builtin := model.BuiltinUnits()
	if pr := r.p.Process; pr != nil {
		seen := map[string]int{}
		for i, d := range pr.Units {
			if dim, ok := builtin[d.Symbol]; ok {
				r.errorf(model.KindProcess, "UN-01", ptr("units", i, "symbol"), "unit %q is built in (%s); remove it from units, a project cannot redefine it", d.Symbol, dim)
			}
			if j, ok := seen[d.Symbol]; ok {
				r.errorf(model.KindProcess, "UN-01", ptr("units", i, "symbol"), "unit %q is declared twice (also at %s)", d.Symbol, r.where(model.KindProcess, ptr("units", j, "symbol")))
			}
			seen[d.Symbol] = i
		}
	}
	for _, kind := range model.Kinds() {
		k := kind.Name
		doc := r.docs[k]
		if doc == nil {
			continue
		}
		walkUnits(doc.Value, nil, func(pointer, unit string) {
			dim, ok := known[unit]
			if !ok {
				msg := fmt.Sprintf("unit %q is neither built in nor declared", unit)
				if s := model.SuggestUnit(unit, known); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				} else {
					msg += fmt.Sprintf(`; if it is right, declare it in process.json under "units" with what it measures: {"symbol": %q, "dimension": …}, the dimension being one of the data reference's (mass, volume, mass concentration, amount per mass …)`, unit)
				}
				r.errorf(k, "UN-01", pointer, "%s", msg)
				return
			}
			for _, e := range expectedDimensions() {
				if e.kind == k && matchPointer(e.pattern, pointer) && !slices.Contains(e.dims, dim) {
					r.errorf(k, "UN-01", pointer, "unit %q measures %s, but this field holds %s", unit, dim, strings.Join(e.dims, " or "))
				}
			}
		})
	}
}

// walkUnits calls f for every string member named "unit", in document
// order of keys (sorted, so findings come in a stable order).
func walkUnits(v any, path []string, f func(pointer, unit string)) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if s, ok := x[k].(string); ok && k == "unit" {
				f(dataset.Pointer(append(path, k)...), s)
				continue
			}
			walkUnits(x[k], append(slices.Clip(path), k), f)
		}
	case []any:
		for i, e := range x {
			walkUnits(e, append(slices.Clip(path), fmt.Sprint(i)), f)
		}
	}
}
