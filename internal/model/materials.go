package model

import "strings"

// Materials is the content of materials.json: what 3.2.S.2.3 says about
// the materials the drug substance steps use, the plasma source and the
// cell banks. Materials of the drug product steps belong to 3.2.P (the
// container closure of drug-product.json, the steps of 3.2.P.3.3).
type Materials struct {
	Materials []*Material   `json:"materials"`
	Plasma    *PlasmaSource `json:"plasma"`
	CellBanks []*CellBank   `json:"cell_banks"`
}

// Material is one material used in manufacture.
type Material struct {
	Name         string `json:"name"`
	Grade        string `json:"grade"`
	Supplier     string `json:"supplier"`
	Function     string `json:"function"`
	Origin       string `json:"origin"`
	TSEStatement Rich   `json:"tse_statement"`
}

// Biological reports whether the material is of human or animal origin,
// the materials a TSE/BSE statement must cover.
func (m *Material) Biological() bool { return m.Origin == "human" || m.Origin == "animal" }

// PlasmaSource is the starting material of a plasma product.
type PlasmaSource struct {
	Source           Rich          `json:"source"`
	PlasmaMasterFile string        `json:"plasma_master_file"`
	DonorSelection   Rich          `json:"donor_selection"`
	DonationTests    []*MarkerTest `json:"donation_tests"`
	PoolTests        []*MarkerTest `json:"pool_tests"`
	InventoryHold    Rich          `json:"inventory_hold"`
	LookBack         Rich          `json:"look_back"`
	Storage          Rich          `json:"storage"`
}

// MarkerTest is one test of donations or pools.
type MarkerTest struct {
	Marker    string `json:"marker"`
	Method    string `json:"method"`
	Criterion string `json:"criterion"`
}

// CellBank is one bank of the cell bank system.
type CellBank struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DerivedFrom string `json:"derived_from"`
	Prepared    string `json:"prepared"`
	Vials       int    `json:"vials"`
	Storage     string `json:"storage"`
	Preparation Rich   `json:"preparation"`
	Stability   Rich   `json:"stability"`
	UsedInStep  string `json:"used_in_step"`
}

// MaterialName is the form material names are compared in: the steps and
// the materials list must name a material the same way, but case and
// surrounding spaces do not make another material.
func MaterialName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Material returns the listed material with the given name, or nil.
func (m *Materials) Material(name string) *Material {
	for _, x := range m.Materials {
		if x != nil && MaterialName(x.Name) == MaterialName(name) {
			return x
		}
	}
	return nil
}

// MaterialUse is a listed material with the steps that use it.
type MaterialUse struct {
	Material *Material
	Steps    []*Step
}

// StepIDs lists the ids of the steps using the material.
func (u MaterialUse) StepIDs() []string {
	out := make([]string, len(u.Steps))
	for i, s := range u.Steps {
		out[i] = s.ID
	}
	return out
}

// MaterialUses lists every material of materials.json, in its order, each
// with the steps of proc that use it (none for a material no step of proc
// names; rule PR-06 reports it).
func (m *Materials) MaterialUses(proc *Process) []MaterialUse {
	if m == nil {
		return nil
	}
	var out []MaterialUse
	for _, x := range m.Materials {
		if x == nil {
			continue
		}
		u := MaterialUse{Material: x}
		if proc != nil {
			for _, s := range proc.Steps {
				for _, name := range s.Materials {
					if MaterialName(name) == MaterialName(x.Name) {
						u.Steps = append(u.Steps, s)
						break
					}
				}
			}
		}
		out = append(out, u)
	}
	return out
}

// BiologicalUses are the MaterialUses of human or animal origin.
func (m *Materials) BiologicalUses(proc *Process) []MaterialUse {
	var out []MaterialUse
	for _, u := range m.MaterialUses(proc) {
		if u.Material.Biological() {
			out = append(out, u)
		}
	}
	return out
}

// BankTests are the test records of process.json that name the bank.
func (p *Process) BankTests(bank string) []*CellBankTest {
	var out []*CellBankTest
	for _, t := range p.StartingMaterial.CellBankTests {
		if t == nil {
			continue
		}
		for _, b := range t.Banks {
			if strings.EqualFold(strings.TrimSpace(b), strings.TrimSpace(bank)) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}
