package model

// Stages of a process step: which part of the dossier describes it. A
// drug substance step is described in 3.2.S.2.2; a drug product step
// (sterile filtration of the final product, filling, treatment in the
// final container) in 3.2.P.3.3. A step without a stage is a drug substance
// step, so a process written before stages existed reads as it always did.
const (
	StageDrugSubstance = "drug_substance"
	StageDrugProduct   = "drug_product"
)

// IsDrugProduct reports whether the step belongs to the drug product
// (3.2.P.3) rather than the drug substance (3.2.S.2).
func (s *Step) IsDrugProduct() bool { return s.Stage == StageDrugProduct }

// DrugSubstance is the process as the 3.2.S documents describe it: the
// same process with only its drug substance steps. The steps are shared,
// so a step keeps its number and its place in the whole process; the
// view's yields run over the drug substance steps alone (the yield of the
// drug substance), while the whole process's OverallYield still spans
// every step to the final container.
func (p *Process) DrugSubstance() *Process { return p.stageView(false) }

// DrugProduct is the process as 3.2.P.3 describes it: only its drug
// product steps, sharing the steps as DrugSubstance does.
func (p *Process) DrugProduct() *Process { return p.stageView(true) }

func (p *Process) stageView(product bool) *Process {
	v := *p
	v.Steps = nil
	for _, s := range p.Steps {
		if s != nil && s.IsDrugProduct() == product {
			v.Steps = append(v.Steps, s)
		}
	}
	return &v
}

// HasDrugProductSteps reports whether any step is a drug product step;
// only then do the 3.2.S documents refer to 3.2.P.3 for the rest of the
// process.
func (p *Process) HasDrugProductSteps() bool {
	for _, s := range p.Steps {
		if s != nil && s.IsDrugProduct() {
			return true
		}
	}
	return false
}

// YieldSpan names the steps a yield over this process covers, first and
// last step with a mass balance: "P1–P9", or "P1" for one step, or ""
// when no step has a mass balance. Documents print it beside every yield
// so a reader knows whether the figure ends at the drug substance or at
// the final container.
func (p *Process) YieldSpan() string {
	var first, last *Step
	for _, s := range p.Steps {
		if s != nil && s.HasMassBalance() {
			if first == nil {
				first = s
			}
			last = s
		}
	}
	switch {
	case first == nil:
		return ""
	case first == last:
		return first.ID
	}
	return first.ID + "–" + last.ID
}

// StepIDs lists the ids of the steps in order, for running text.
func (p *Process) StepIDs() []string {
	out := make([]string, 0, len(p.Steps))
	for _, s := range p.Steps {
		if s != nil {
			out = append(out, s.ID)
		}
	}
	return out
}

// LastStep is the last step of the process (of a stage view: the step that
// gives the drug substance), or nil when it has none.
func (p *Process) LastStep() *Step {
	for i := len(p.Steps) - 1; i >= 0; i-- {
		if p.Steps[i] != nil {
			return p.Steps[i]
		}
	}
	return nil
}
