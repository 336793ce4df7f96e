package model

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
)

// Process is a manufacturing process as described in process.json.
type Process struct {
	ID               string           `json:"id"`
	Version          string           `json:"version"`
	Units            []DeclaredUnit   `json:"units"`
	Product          Product          `json:"product"`
	StartingMaterial StartingMaterial `json:"starting_material"`
	BatchDefinition  string           `json:"batch_definition"`
	// DrugSubstanceBatch is what 3.2.S.2.2 says of a batch when the process
	// continues into drug product steps: BatchDefinition then runs to the
	// final container, which is the drug product's to describe.
	DrugSubstanceBatch   DrugSubstanceBatch `json:"drug_substance_batch"`
	DeclaredOverallYield Quantity           `json:"declared_overall_yield"`
	Steps                []*Step            `json:"steps"`
}

// DrugSubstanceBatch is the batch up to the drug substance: how it is
// defined and the container it is stored or shipped in, if any.
type DrugSubstanceBatch struct {
	Definition string `json:"definition"`
	Container  string `json:"container"`
}

// Product is what the process makes, and the words documents use for it.
type Product struct {
	Name                 string     `json:"name"`
	Description          string     `json:"description"`
	DosageForm           string     `json:"dosage_form"`
	ProteinConcentration Quantity   `json:"protein_concentration"`
	Stabiliser           string     `json:"stabiliser"`
	Containers           string     `json:"containers"`
	ActiveSubstance      *Substance `json:"active_substance"`
	YieldAttribute       *Substance `json:"yield_attribute"`
}

// Substance is something documents name: in full (Name) and in tables,
// axes and running text by its Label.
type Substance struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Unit  string `json:"unit"`
}

// legacySubstance is what a process written before products were declared
// meant: every such project was an immune globulin.
var legacySubstance = Substance{Name: "immunoglobulin G", Label: "IgG"}

// genericSubstance names a product nobody has named yet.
var genericSubstance = Substance{Name: "product", Label: "product"}

// Substance is the active substance as declared, or the words earlier
// versions of regdoc printed when the process uses the old igg_* names, or
// plain "product".
func (p *Process) Substance() Substance {
	if s := p.Product.ActiveSubstance; s != nil {
		return *s
	}
	if p.legacyNames() {
		return legacySubstance
	}
	return genericSubstance
}

// Yielded is what yields are computed on: the declared yield attribute,
// else the active substance.
func (p *Process) Yielded() Substance {
	if s := p.Product.YieldAttribute; s != nil {
		return *s
	}
	return p.Substance()
}

// YieldLabel is the short label of what yields are computed on ("IgG",
// "albumin", "MAB-X"), for tables, axes and running text.
func (p *Process) YieldLabel() string { return p.Yielded().Label }

// legacyNames reports whether the file uses the field names of the first
// schemas (igg_in, igg_concentration …), i.e. was written for an IVIG.
func (p *Process) legacyNames() bool {
	if p.StartingMaterial.IgGConcentration.Valid() {
		return true
	}
	for _, s := range p.Steps {
		if s != nil && (s.IgGIn.Valid() || s.IgGOut.Valid()) {
			return true
		}
	}
	return false
}

// Starting-material kinds.
const (
	PlasmaPool   = "plasma_pool"
	CellBankVial = "cell_bank_vial"
	Harvest      = "harvest"
)

// StartingMaterial is what the process starts from; Kind decides which of
// the kind-specific fields apply and what documents say about it.
type StartingMaterial struct {
	Kind          string   `json:"kind"`
	Name          string   `json:"name"`
	ShortName     string   `json:"short_name"`
	Concentration Quantity `json:"concentration"`
	Volume        Quantity `json:"volume"`
	Testing       Rich     `json:"testing"`
	// Plasma pools.
	DonationsPerPool int `json:"donations_per_pool"`
	// Cell bank vials.
	CellLine      string          `json:"cell_line"`
	BankSystem    string          `json:"bank_system"`
	CellBankTests []*CellBankTest `json:"cell_bank_tests"`

	// Names of the first schemas, read as aliases (see Project.Aliases).
	IgGConcentration Quantity `json:"igg_concentration"`
	PoolVolume       Quantity `json:"pool_volume"`
}

// CellBankTest is one test of the cell banks with its result.
type CellBankTest struct {
	Test   string   `json:"test"`
	Banks  []string `json:"banks"`
	Method string   `json:"method"`
	Result string   `json:"result"`
}

// IsPlasma reports whether the process starts from a plasma pool; only
// then do documents speak of donations, pools and pool testing.
func (m StartingMaterial) IsPlasma() bool { return m.Kind == PlasmaPool }

// IsCellBank reports whether the process starts from a cell bank vial.
func (m StartingMaterial) IsCellBank() bool { return m.Kind == CellBankVial }

// Basis is the short name of the starting material for running text and
// yields per litre ("g albumin per L plasma").
func (m StartingMaterial) Basis() string {
	if m.ShortName != "" {
		return m.ShortName
	}
	return "starting material"
}

// Step is one unit operation.
type Step struct {
	ID             string       `json:"id"`
	Name           string       `json:"name"`
	Type           string       `json:"type"`
	Purpose        Rich         `json:"purpose"`
	Description    Rich         `json:"description"`
	Equipment      string       `json:"equipment"`
	Materials      []string     `json:"materials"`
	VirusReduction bool         `json:"virus_reduction"`
	Stage          string       `json:"stage"`
	From           []string     `json:"from"`
	Intermediate   string       `json:"intermediate"`
	Holds          []*Hold      `json:"holds"`
	Parameters     []*Parameter `json:"parameters"`
	IPCs           []*IPC       `json:"ipcs"`
	ProductIn      Quantity     `json:"product_in"`
	ProductOut     Quantity     `json:"product_out"`

	// Critical, when given, is the writer's own marking of the step as
	// critical; without it a step is critical when it has a CPP or a
	// critical in-process control (see IsCritical).
	Critical *bool `json:"critical"`
	// Capacity is the resin volume or filter area one cycle loads, and
	// Cycles how many cycles run per batch (0: not stated, one).
	Capacity Quantity `json:"capacity"`
	Cycles   int      `json:"cycles"`

	// Names of the first schemas, read as aliases (see Project.Aliases).
	IgGIn  Quantity `json:"igg_in"`
	IgGOut Quantity `json:"igg_out"`

	// Index is the step's 0-based position, set when the project is assembled.
	Index int `json:"-"`
}

// Number is the step's 1-based position in the process.
func (s *Step) Number() int { return s.Index + 1 }

// HasMassBalance reports whether the step gives the product entering and
// leaving it; steps before the product exists (cell expansion) do not.
func (s *Step) HasMassBalance() bool { return s.ProductIn.Valid() && s.ProductOut.Valid() }

// Yield is the step yield in percent: product out over product in.
func (s *Step) Yield() float64 {
	in := s.ProductIn.Value.Float()
	if in == 0 {
		return 0
	}
	return 100 * s.ProductOut.Value.Float() / in
}

// HasCriticalControl reports whether the step has a CPP or an in-process
// control flagged critical: what makes a step critical (ICH Q11 3.2.S.2.4).
func (s *Step) HasCriticalControl() bool {
	if len(s.CriticalParameters()) > 0 {
		return true
	}
	for _, c := range s.IPCs {
		if c != nil && c.Critical {
			return true
		}
	}
	return false
}

// IsCritical reports whether documents mark the step critical: as the data
// mark it, or, unmarked, when it has a CPP or a critical control.
func (s *Step) IsCritical() bool {
	if s.Critical != nil {
		return *s.Critical
	}
	return s.HasCriticalControl()
}

// CriticalSteps are the steps documents mark critical, in process order.
func (p *Process) CriticalSteps() []*Step {
	var out []*Step
	for _, s := range p.Steps {
		if s.IsCritical() {
			out = append(out, s)
		}
	}
	return out
}

// MarksCritical reports whether any step carries the writer's own
// critical marking, so a document can say where the marking comes from.
func (p *Process) MarksCritical() bool {
	for _, s := range p.Steps {
		if s.Critical != nil {
			return true
		}
	}
	return false
}

// VirusReductionStepsWithCPP are the virus reduction steps that have CPPs.
func (p *Process) VirusReductionStepsWithCPP() []*Step {
	var out []*Step
	for _, s := range p.VirusReductionSteps() {
		if len(s.CriticalParameters()) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// CPPsHavePAR reports whether every CPP has a proven acceptable range, so a
// document may say that each has one.
func (p *Process) CPPsHavePAR() bool {
	for _, s := range p.Steps {
		for _, q := range s.CriticalParameters() {
			if q.PAR == nil {
				return false
			}
		}
	}
	return true
}

// CriticalParameters are the step's parameters classified CPP.
func (s *Step) CriticalParameters() []*Parameter {
	var out []*Parameter
	for _, p := range s.Parameters {
		if p != nil && p.Criticality == "CPP" {
			out = append(out, p)
		}
	}
	return out
}

// Parameter is a process parameter with set point, NOR and PAR.
type Parameter struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	Unit          string  `json:"unit"`
	SetPoint      *Number `json:"set_point"`
	NOR           Range   `json:"nor"`
	PAR           *Range  `json:"par"`
	Criticality   string  `json:"criticality"`
	Justification string  `json:"justification"`
	// CitesSpecification marks a range that is the specification's:
	// documents follow the justification with the section the project
	// files its specification under (Project.SpecificationSection), which
	// the data cannot know.
	CitesSpecification bool `json:"cites_specification"`
}

// Hold is a validated hold time of an intermediate.
type Hold struct {
	Intermediate string   `json:"intermediate"`
	Container    string   `json:"container"`
	Temperature  Range    `json:"temperature"`
	MaxHold      Quantity `json:"max_hold"`
	Study        string   `json:"study"`
}

// Holds lists every validated hold with its step, in process order.
func (p *Process) Holds() []StepHold {
	var out []StepHold
	for _, s := range p.Steps {
		for _, h := range s.Holds {
			out = append(out, StepHold{Step: s, Hold: h})
		}
	}
	return out
}

// StepHold pairs a hold with its step.
type StepHold struct {
	Step *Step
	Hold *Hold
}

// IPC is an in-process control.
type IPC struct {
	ID          string     `json:"id"`
	Test        string     `json:"test"`
	SamplePoint string     `json:"sample_point"`
	Method      string     `json:"method"`
	Criterion   Criterion  `json:"criterion"`
	Alert       *Criterion `json:"alert"`
	Action      string     `json:"action"`
	Critical    bool       `json:"critical"`
}

// YieldRow is one line of a step-by-step yield table.
type YieldRow struct {
	Step       *Step // nil for a comparator step
	StepID     string
	StepName   string
	StepYield  float64 // percent
	Cumulative float64 // percent of the starting material
	PerLitre   float64 // g of product per L of starting material; 0 when unknown
}

// YieldTable computes step and cumulative yields from the product masses
// entering and leaving each step that has them. The cumulative yield is the
// product of the step yields, so it stays right when the input of a step
// differs from the output of the one before (samples, side streams).
func (p *Process) YieldTable() []YieldRow {
	rows := make([]YieldRow, 0, len(p.Steps))
	cum := 1.0
	conc := p.StartingMaterial.Concentration.Value.Float()
	for _, s := range p.Steps {
		if !s.HasMassBalance() {
			continue
		}
		cum *= s.Yield() / 100
		rows = append(rows, YieldRow{Step: s, StepID: s.ID, StepName: s.Name, StepYield: s.Yield(), Cumulative: 100 * cum, PerLitre: cum * conc})
	}
	return rows
}

// YieldFrom is the step whose input the overall yield is measured from:
// the first step with a mass balance, or nil.
func (p *Process) YieldFrom() *Step {
	for _, s := range p.Steps {
		if s.HasMassBalance() {
			return s
		}
	}
	return nil
}

// PerLitreKnown reports whether yields can be given per litre of starting
// material: only when its product concentration is known.
func (p *Process) PerLitreKnown() bool { return p.StartingMaterial.Concentration.Valid() }

// OverallYield is the cumulative yield after the last step, in percent.
func (p *Process) OverallYield() float64 {
	rows := p.YieldTable()
	if len(rows) == 0 {
		return 0
	}
	return rows[len(rows)-1].Cumulative
}

// OverallYieldPerLitre is the overall yield in g of product per L of
// starting material.
func (p *Process) OverallYieldPerLitre() float64 {
	return p.OverallYield() / 100 * p.StartingMaterial.Concentration.Value.Float()
}

// Step returns the step with the given id, or nil.
func (p *Process) Step(id string) *Step {
	for _, s := range p.Steps {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Parameter returns the parameter with the given id, for a template that
// prints one parameter's range in running text; an id no step holds is an
// error that names it, so the template fails rather than print nothing.
func (p *Process) Parameter(id string) (*Parameter, error) {
	_, q, err := p.parameterNamed(id)
	return q, err
}

// StepOfParameter returns the step that holds the parameter with the given
// id, or an error naming the id.
func (p *Process) StepOfParameter(id string) (*Step, error) {
	s, _, err := p.parameterNamed(id)
	return s, err
}

func (p *Process) parameterNamed(id string) (*Step, *Parameter, error) {
	for _, s := range p.Steps {
		if s == nil {
			continue
		}
		for _, q := range s.Parameters {
			if q != nil && q.ID == id {
				return s, q, nil
			}
		}
	}
	var ids []string
	for _, s := range p.Steps {
		if s != nil {
			for _, q := range s.Parameters {
				if q != nil {
					ids = append(ids, q.ID)
				}
			}
		}
	}
	hint := "name a parameter by its id in process.json"
	if near, ok := diag.Closest(id, ids); ok {
		hint = fmt.Sprintf("did you mean %q? Name a parameter by its id in process.json", near)
	}
	return nil, nil, fmt.Errorf("no step of process %s has a parameter with id %q; %s", p.ID, id, hint)
}

// VirusReductionSteps are the dedicated virus inactivation and removal steps.
func (p *Process) VirusReductionSteps() []*Step {
	var out []*Step
	for _, s := range p.Steps {
		if s.VirusReduction {
			out = append(out, s)
		}
	}
	return out
}

// CriticalIPCs are the in-process controls flagged critical, with their steps.
func (p *Process) CriticalIPCs() []StepIPC {
	var out []StepIPC
	for _, s := range p.Steps {
		for _, c := range s.IPCs {
			if c.Critical {
				out = append(out, StepIPC{Step: s, IPC: c})
			}
		}
	}
	return out
}

// AllIPCs lists every in-process control with its step, in process order.
func (p *Process) AllIPCs() []StepIPC {
	var out []StepIPC
	for _, s := range p.Steps {
		for _, c := range s.IPCs {
			out = append(out, StepIPC{Step: s, IPC: c})
		}
	}
	return out
}

// StepIPC pairs a control with the step it belongs to.
type StepIPC struct {
	Step *Step
	IPC  *IPC
}

// StepsWithCPP are the steps that have at least one critical process
// parameter.
func (p *Process) StepsWithCPP() []*Step {
	var out []*Step
	for _, s := range p.Steps {
		if len(s.CriticalParameters()) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// CountByCriticality counts parameters of the given class over all steps.
func (p *Process) CountByCriticality(class string) int {
	n := 0
	for _, s := range p.Steps {
		for _, q := range s.Parameters {
			if q.Criticality == class {
				n++
			}
		}
	}
	return n
}

// YieldOf is the yield-table row of a step, or nil for a step without a
// mass balance.
//
// It walks the steps only up to s and builds no table: a template calls it
// once per step, and building the whole table each time made a process of
// thousands of steps quadratic in allocations.
func (p *Process) YieldOf(s *Step) *YieldRow {
	if s == nil || !s.HasMassBalance() {
		return nil
	}
	cum := 1.0
	for _, t := range p.Steps {
		if !t.HasMassBalance() {
			continue
		}
		cum *= t.Yield() / 100
		if t == s {
			conc := p.StartingMaterial.Concentration.Value.Float()
			return &YieldRow{Step: t, StepID: t.ID, StepName: t.Name, StepYield: t.Yield(), Cumulative: 100 * cum, PerLitre: cum * conc}
		}
	}
	return nil
}

// ParameterCounts says how many parameters of each class the process has,
// in words with number agreement, leaving out classes with none:
// "13 critical process parameters (CPP) and 1 key process parameter (KPP)".
func (p *Process) ParameterCounts() string {
	var parts []string
	for _, c := range []struct{ class, one, many string }{
		{"CPP", "critical process parameter (CPP)", "critical process parameters (CPP)"},
		{"KPP", "key process parameter (KPP)", "key process parameters (KPP)"},
		{"non-critical", "non-critical parameter", "non-critical parameters"},
	} {
		if n := p.CountByCriticality(c.class); n > 0 {
			parts = append(parts, Count(n, c.one, c.many))
		}
	}
	return ListText(parts)
}

// Count writes a number with its noun in the right number: "1 step",
// "3 steps".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// ListText joins items as running text does: "a", "a and b", "a, b and c".
func ListText(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// YieldBasis names what the overall yield is a percentage of, for running
// text: the starting material ("plasma") when the mass balance starts with
// the first step, else the input of the first step that has one ("the
// input of step M1"), as for a process that starts from a cell bank.
func (p *Process) YieldBasis() string {
	if s := p.YieldFrom(); s != nil && s.Index > 0 {
		return "input of step " + s.ID
	}
	return p.StartingMaterial.Basis()
}
