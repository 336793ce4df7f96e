package model

// Comparator is the conventional process the invention is compared with.
type Comparator struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	Basis                string            `json:"basis"`
	DeclaredOverallYield Quantity          `json:"declared_overall_yield"`
	ComparedTests        []*ComparedTest   `json:"compared_tests"`
	Steps                []*ComparatorStep `json:"steps"`

	// Names of the first schemas, read as aliases (see Project.Aliases).
	TypicalIgA    Quantity `json:"typical_iga"`
	TypicalPurity Quantity `json:"typical_purity"`
}

// ComparedTest is a release test the patent exhibit compares, with the
// conventional product's typical result.
type ComparedTest struct {
	Test    string   `json:"test"`
	Typical Quantity `json:"typical"`
}

// Compared returns the compared test with the given id, or nil.
func (c *Comparator) Compared(test string) *ComparedTest {
	for _, t := range c.ComparedTests {
		if t != nil && t.Test == test {
			return t
		}
	}
	return nil
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
