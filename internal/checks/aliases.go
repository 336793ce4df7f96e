package checks

import (
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// Renamed fields: a project written for the first schemas (igg_in,
// plasma_volume, typical_iga …) still builds; each old name is read as the
// new one and reported once, naming the field to write instead. Giving
// both names is an error: which one is meant cannot be guessed.

func aliasFamily() family {
	return family{
		rules: []Rule{
			{"DP-01", diag.Warning, "Fields use their current names: igg_in, igg_out, igg_concentration, pool_volume, plasma_pool, plasma_volume, typical_iga and typical_purity are read under their new names, with a warning naming the new field."},
			{"DP-02", diag.Error, "A field is not given under both its old and its new name."},
			{"PD-01", diag.Warning, "The process declares the product's active substance (product.active_substance) and the kind of its starting material, so documents and messages name them."},
			{"PD-02", diag.Error, "The starting material gives only the fields of its kind: donations_per_pool for a plasma pool; cell_line, bank_system and cell_bank_tests for a cell bank vial."},
		},
		check: checkAliases,
	}
}

func checkAliases(r *reporter) {
	for _, a := range r.p.Aliases() {
		if a.Conflict {
			r.errorf(a.Kind, "DP-02", a.Pointer, "%s is given together with %s, its new name; remove %s", a.Old, a.New, a.Old)
			continue
		}
		r.warnf(a.Kind, "DP-01", a.Pointer, "%s is deprecated: rename it %s (it is read as %s for now)", a.Old, a.New, a.New)
	}
	pr := r.p.Process
	if pr == nil {
		return
	}
	if pr.Product.ActiveSubstance == nil {
		s := pr.Substance()
		r.warnf(model.KindProcess, "PD-01", ptr("product"), `the product declares no active_substance, so documents call it %q; add e.g. "active_substance": {"name": "human albumin", "label": "albumin"}`, s.Label)
	}
	sm := pr.StartingMaterial
	for _, f := range []struct {
		name, kind string
		given      bool
	}{
		{"donations_per_pool", model.PlasmaPool, sm.DonationsPerPool > 0},
		{"cell_line", model.CellBankVial, sm.CellLine != ""},
		{"bank_system", model.CellBankVial, sm.BankSystem != ""},
		{"cell_bank_tests", model.CellBankVial, len(sm.CellBankTests) > 0},
	} {
		if f.given && sm.Kind != "" && sm.Kind != f.kind {
			r.errorf(model.KindProcess, "PD-02", ptr("starting_material", f.name), "%s belongs to a starting material of kind %s, but this one is a %s; remove it or correct the kind", f.name, f.kind, sm.Kind)
		}
	}
	if sm.Kind == "" {
		r.warnf(model.KindProcess, "PD-01", ptr("starting_material"), `the starting material declares no kind; add "kind": "plasma_pool", "cell_bank_vial", "harvest" or "other" so documents describe it as such`)
	}
}
