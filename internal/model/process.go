package model

// Process is a manufacturing process as described in process.json.
type Process struct {
	ID                   string           `json:"id"`
	Version              string           `json:"version"`
	Product              Product          `json:"product"`
	StartingMaterial     StartingMaterial `json:"starting_material"`
	BatchDefinition      string           `json:"batch_definition"`
	DeclaredOverallYield Quantity         `json:"declared_overall_yield"`
	Steps                []*Step          `json:"steps"`
}

// Product is what the process makes.
type Product struct {
	Name                 string   `json:"name"`
	Description          string   `json:"description"`
	DosageForm           string   `json:"dosage_form"`
	ProteinConcentration Quantity `json:"protein_concentration"`
	Stabiliser           string   `json:"stabiliser"`
	Containers           string   `json:"containers"`
}

// StartingMaterial is the plasma pool (or other starting material).
type StartingMaterial struct {
	Name             string   `json:"name"`
	ShortName        string   `json:"short_name"`
	IgGConcentration Quantity `json:"igg_concentration"`
	PoolVolume       Quantity `json:"pool_volume"`
	DonationsPerPool int      `json:"donations_per_pool"`
	Testing          string   `json:"testing"`
}

// Basis is the short name of the starting material for running text and
// yields per litre ("g IgG per L plasma").
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
	Purpose        string       `json:"purpose"`
	Description    string       `json:"description"`
	Equipment      string       `json:"equipment"`
	Materials      []string     `json:"materials"`
	VirusReduction bool         `json:"virus_reduction"`
	From           []string     `json:"from"`
	Intermediate   string       `json:"intermediate"`
	Holds          []*Hold      `json:"holds"`
	Parameters     []*Parameter `json:"parameters"`
	IPCs           []*IPC       `json:"ipcs"`
	IgGIn          Quantity     `json:"igg_in"`
	IgGOut         Quantity     `json:"igg_out"`

	// Index is the step's 0-based position, set when the project is assembled.
	Index int `json:"-"`
}

// Number is the step's 1-based position in the process.
func (s *Step) Number() int { return s.Index + 1 }

// Yield is the step yield in percent: product out over product in.
func (s *Step) Yield() float64 {
	in := s.IgGIn.Value.Float()
	if in == 0 {
		return 0
	}
	return 100 * s.IgGOut.Value.Float() / in
}

// CriticalParameters are the step's parameters classified CPP.
func (s *Step) CriticalParameters() []*Parameter {
	var out []*Parameter
	for _, p := range s.Parameters {
		if p.Criticality == "CPP" {
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
	StepID     string
	StepName   string
	StepYield  float64 // percent
	Cumulative float64 // percent of the starting material
	PerLitre   float64 // g of product per L of starting material; 0 when unknown
}

// YieldTable computes step and cumulative yields from the product masses
// entering and leaving each step. The cumulative yield is the product of
// the step yields, so it stays right when the input of a step differs from
// the output of the one before (samples, side streams).
func (p *Process) YieldTable() []YieldRow {
	rows := make([]YieldRow, 0, len(p.Steps))
	cum := 1.0
	conc := p.StartingMaterial.IgGConcentration.Value.Float()
	for _, s := range p.Steps {
		cum *= s.Yield() / 100
		rows = append(rows, YieldRow{StepID: s.ID, StepName: s.Name, StepYield: s.Yield(), Cumulative: 100 * cum, PerLitre: cum * conc})
	}
	return rows
}

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
	return p.OverallYield() / 100 * p.StartingMaterial.IgGConcentration.Value.Float()
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
