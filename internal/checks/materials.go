package checks

import (
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// 3.2.S.2.3 lists the materials the steps of 3.2.S.2.2 use; a material a
// step adds that the list lacks is uncontrolled, and a listed material no
// step uses is a left-over (CHECKS.md PR-06). A material of human or
// animal origin carries a TSE/BSE risk the dossier must address. A cell
// bank from which manufacture starts must have been tested (ICH Q5D).

func materialsFamily() family {
	return family{
		rules: []Rule{
			{"PR-06", diag.Warning, "Every material a drug substance step names is in the materials list (materials.json), and every listed material is used by a drug substance step."},
			{"MT-01", diag.Error, "A material of human or animal origin has a TSE/BSE statement."},
			{"CB-01", diag.Error, "A cell bank used in manufacture names a step of the process and has test records (cell_bank_tests of process.json)."},
		},
		check: checkMaterials,
	}
}

func checkMaterials(r *reporter) {
	m := r.p.Materials
	if m == nil {
		return
	}
	k := model.KindMaterials
	for i, x := range m.Materials {
		if x != nil && x.Biological() && x.TSEStatement == "" {
			r.errorf(k, "MT-01", ptr("materials", i), "material %s is of %s origin but has no TSE/BSE statement; give the source species and tissue, country of origin and the certificate of suitability or other evidence in tse_statement", x.Name, x.Origin)
		}
	}
	pr := r.p.Process
	if pr == nil {
		return
	}
	var listed []string
	for _, x := range m.Materials {
		if x != nil {
			listed = append(listed, x.Name)
		}
	}
	used := map[string]bool{}
	for i, s := range pr.Steps {
		// The drug product's materials belong to 3.2.P, not to this list.
		if s == nil || s.IsDrugProduct() {
			continue
		}
		for j, name := range s.Materials {
			used[model.MaterialName(name)] = true
			if m.Material(name) == nil {
				r.warnf(model.KindProcess, "PR-06", ptr("steps", i, "materials", j), "step %s uses %q, which materials.json does not list; add it with its grade, supplier and origin, or name it as the list does%s", s.ID, name, hint(name, listed))
			}
		}
	}
	for i, x := range m.Materials {
		if x != nil && !used[model.MaterialName(x.Name)] {
			r.warnf(k, "PR-06", ptr("materials", i, "name"), "material %q is listed but no drug substance step uses it; remove it (materials of the drug product steps belong to 3.2.P) or add it to the materials of the step that uses it", x.Name)
		}
	}
	for i, b := range m.CellBanks {
		if b == nil || b.UsedInStep == "" {
			continue
		}
		if pr.Step(b.UsedInStep) == nil {
			r.errorf(k, "CB-01", ptr("cell_banks", i, "used_in_step"), "cell bank %s is used in step %q, which the process does not have%s", b.ID, b.UsedInStep, hint(b.UsedInStep, stepIDs(pr)))
		}
		if len(pr.BankTests(b.ID)) == 0 {
			r.errorf(k, "CB-01", ptr("cell_banks", i), "cell bank %s (%s) is used in manufacture but no test of starting_material.cell_bank_tests in process.json names it; add its test records (sterility, mycoplasma, adventitious viruses, identity)", b.ID, b.Name)
		}
	}
}
