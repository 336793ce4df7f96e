package model

import "fmt"

// Alias is a field written under the name the first schemas gave it. The
// file is read as if it used the new name, and the checks warn, naming the
// new field, so projects written before the rename keep building while
// their writers move to the new names.
type Alias struct {
	Kind    string // data kind of the file, e.g. KindProcess
	Pointer string // JSON pointer of the old member
	Old     string // old member name
	New     string // the member to write instead
	// Conflict is true when the file gives both names; the old one is then
	// ignored and the checks report an error.
	Conflict bool
}

// quantityAlias moves an old quantity into its new field.
func quantityAlias(kind, at, old, new string, oldQ *Quantity, newQ *Quantity, out *[]Alias) {
	if !oldQ.Valid() {
		return
	}
	a := Alias{Kind: kind, Pointer: at + "/" + old, Old: old, New: new}
	if newQ.Valid() {
		a.Conflict = true
	} else {
		*newQ = *oldQ
	}
	*out = append(*out, a)
}

// normalise reads the first schemas' names of a process into the new
// fields and records each alias.
func (p *Process) normalise() []Alias {
	var out []Alias
	sm := &p.StartingMaterial
	quantityAlias(KindProcess, "/starting_material", "igg_concentration", "concentration", &sm.IgGConcentration, &sm.Concentration, &out)
	quantityAlias(KindProcess, "/starting_material", "pool_volume", "volume", &sm.PoolVolume, &sm.Volume, &out)
	if sm.Kind == "" && (sm.IgGConcentration.Valid() || sm.DonationsPerPool > 0) {
		// The first schemas knew only plasma pools.
		sm.Kind = PlasmaPool
	}
	for i, s := range p.Steps {
		if s == nil {
			continue
		}
		s.Index = i
		at := fmt.Sprintf("/steps/%d", i)
		quantityAlias(KindProcess, at, "igg_in", "product_in", &s.IgGIn, &s.ProductIn, &out)
		quantityAlias(KindProcess, at, "igg_out", "product_out", &s.IgGOut, &s.ProductOut, &out)
	}
	return out
}

// normalise reads a lot's old plasma_* names into the new fields.
func (b *Batches) normalise() []Alias {
	var out []Alias
	for i, l := range b.Lots {
		if l == nil {
			continue
		}
		at := fmt.Sprintf("/lots/%d", i)
		quantityAlias(KindBatches, at, "plasma_volume", "scale", &l.PlasmaVolume, &l.Scale, &out)
		if l.PlasmaPool != "" {
			a := Alias{Kind: KindBatches, Pointer: at + "/plasma_pool", Old: "plasma_pool", New: "starting_material_lot"}
			if l.StartingMaterialLot != "" {
				a.Conflict = true
			} else {
				l.StartingMaterialLot = l.PlasmaPool
			}
			out = append(out, a)
		}
	}
	return out
}

// normalise reads the comparator's typical_iga and typical_purity, which
// the first templates compared with the tests "iga" and "igg-purity", as
// compared tests.
func (c *Comparator) normalise() []Alias {
	var out []Alias
	for _, old := range []struct {
		name, test string
		q          Quantity
	}{{"typical_purity", "igg-purity", c.TypicalPurity}, {"typical_iga", "iga", c.TypicalIgA}} {
		if !old.q.Valid() {
			continue
		}
		a := Alias{Kind: KindComparator, Pointer: "/" + old.name, Old: old.name, New: fmt.Sprintf(`compared_tests {"test": %q, "typical": …}`, old.test)}
		if c.Compared(old.test) != nil {
			a.Conflict = true
		} else {
			c.ComparedTests = append(c.ComparedTests, &ComparedTest{Test: old.test, Typical: old.q})
		}
		out = append(out, a)
	}
	return out
}
