package model

// Comparator is the conventional process the invention is compared with.
type Comparator struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	Basis                string            `json:"basis"`
	DeclaredOverallYield Quantity          `json:"declared_overall_yield"`
	TypicalIgA           Quantity          `json:"typical_iga"`
	TypicalPurity        Quantity          `json:"typical_purity"`
	Steps                []*ComparatorStep `json:"steps"`
}

// ComparatorStep is one step of the conventional process.
type ComparatorStep struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	StepYield Number `json:"step_yield"`
}

// YieldTable gives the comparator's step and cumulative yields; perLitre is
// filled from the starting material's product concentration when known.
func (c *Comparator) YieldTable(conc float64) []YieldRow {
	rows := make([]YieldRow, 0, len(c.Steps))
	cum := 1.0
	for _, s := range c.Steps {
		y := s.StepYield.Float()
		cum *= y / 100
		rows = append(rows, YieldRow{StepID: s.ID, StepName: s.Name, StepYield: y, Cumulative: 100 * cum, PerLitre: cum * conc})
	}
	return rows
}

// OverallYield is the comparator's cumulative yield in percent.
func (c *Comparator) OverallYield() float64 {
	rows := c.YieldTable(0)
	if len(rows) == 0 {
		return 0
	}
	return rows[len(rows)-1].Cumulative
}
