package model

// DrugProduct is the content of drug-product.json: what 3.2.P.1, 3.2.P.3
// and 3.2.P.5 say beyond the drug product steps of the process.
type DrugProduct struct {
	Name              string                `json:"name"`
	Description       Rich                  `json:"description"`
	Presentations     []*Presentation       `json:"presentations"`
	Composition       []*Component          `json:"composition"`
	ContainerClosure  []*ClosureComponent   `json:"container_closure"`
	Manufacturers     []*Manufacturer       `json:"manufacturers"`
	BatchFormula      BatchFormula          `json:"batch_formula"`
	ProcessValidation DPValidation          `json:"process_validation"`
	Specification     *ProductSpecification `json:"specification"`
	Lots              []*Lot                `json:"lots"`
}

// Presentation is one filled unit the product is supplied in.
type Presentation struct {
	ID            string   `json:"id"`
	NominalVolume Quantity `json:"nominal_volume"`
	Container     string   `json:"container"`
}

// Millilitres is the nominal volume in mL, or 0 when it is given in
// another unit (the checks report that).
func (p *Presentation) Millilitres() float64 {
	switch p.NominalVolume.Unit {
	case "mL":
		return p.NominalVolume.Value.Float()
	case "L":
		return 1000 * p.NominalVolume.Value.Float()
	}
	return 0
}

// Component is one line of the composition table.
type Component struct {
	Component     string   `json:"component"`
	Function      string   `json:"function"`
	Concentration Quantity `json:"concentration"`
	QS            bool     `json:"qs"`
	Note          string   `json:"note"`
	Standard      string   `json:"standard"`
}

// HasAmount reports whether the component has a content the composition
// table can print per mL and per unit: a content in g/L that is not made
// up to volume.
func (c *Component) HasAmount() bool {
	return !c.QS && c.Concentration.Valid() && c.Concentration.Unit == "g/L"
}

// PerUnit is the amount of the component in one unit of a presentation,
// in g: a content in g/L is the same number of mg per mL. It is 0 without
// an amount (HasAmount) or a volume in mL or L.
func (c *Component) PerUnit(p *Presentation) float64 {
	if !c.HasAmount() || p == nil {
		return 0
	}
	return c.Concentration.Value.Float() * p.Millilitres() / 1000
}

// ClosureComponent is one part of the container closure system.
type ClosureComponent struct {
	Component string `json:"component"`
	Material  string `json:"material"`
	Standard  string `json:"standard"`
	Supplier  string `json:"supplier"`
}

// Manufacturer is one site responsible for the drug product.
type Manufacturer struct {
	Name           string `json:"name"`
	Address        string `json:"address"`
	Responsibility string `json:"responsibility"`
}

// BatchFormula is the quantity of each component in one batch.
type BatchFormula struct {
	BatchSize  Quantity       `json:"batch_size"`
	Components []*FormulaLine `json:"components"`
	Fill       []*FilledUnits `json:"fill"`
}

// FormulaLine is one component's quantity per batch.
type FormulaLine struct {
	Component string   `json:"component"`
	Quantity  Quantity `json:"quantity"`
}

// FilledUnits is how many units of a presentation one batch fills.
type FilledUnits struct {
	Presentation string `json:"presentation"`
	Units        int    `json:"units"`
}

// Kilograms converts a mass to kg; ok is false for a quantity that is not
// a mass in kg or g.
func Kilograms(q Quantity) (kg float64, ok bool) {
	switch q.Unit {
	case "kg":
		return q.Value.Float(), true
	case "g":
		return q.Value.Float() / 1000, true
	}
	return 0, false
}

// Total is the sum of the component quantities in kg; ok is false when a
// quantity is not a mass.
func (b BatchFormula) Total() (kg float64, ok bool) {
	for _, c := range b.Components {
		if c == nil {
			continue
		}
		m, isMass := Kilograms(c.Quantity)
		if !isMass {
			return 0, false
		}
		kg += m
	}
	return kg, true
}

// Presentation returns the presentation with the given id, or nil.
func (d *DrugProduct) Presentation(id string) *Presentation {
	for _, p := range d.Presentations {
		if p != nil && p.ID == id {
			return p
		}
	}
	return nil
}

// FilledVolume is the nominal volume of all units one batch fills, in L.
func (d *DrugProduct) FilledVolume() float64 {
	var ml float64
	for _, f := range d.BatchFormula.Fill {
		if p := d.Presentation(f.Presentation); p != nil {
			ml += float64(f.Units) * p.Millilitres()
		}
	}
	return ml / 1000
}

// DPValidation is the validation of the drug product steps.
type DPValidation struct {
	MediaFills []*MediaFill `json:"media_fills"`
	PPQ        []*FillPPQ   `json:"ppq"`
}

// MediaFill is one aseptic process simulation.
type MediaFill struct {
	ID             string `json:"id"`
	Date           string `json:"date"`
	Line           string `json:"line"`
	UnitsFilled    int    `json:"units_filled"`
	UnitsIncubated int    `json:"units_incubated"`
	Contaminated   int    `json:"contaminated"`
	WorstCase      string `json:"worst_case"`
}

// Passed applies the acceptance criterion of the PIC/S and FDA aseptic
// processing guidance for runs of 5000 to 10000 units and above: no
// contaminated unit. One contaminated unit calls for an investigation and
// a repeat, so a run with any growth is not a pass.
func (m *MediaFill) Passed() bool { return m.Contaminated == 0 && m.UnitsIncubated > 0 }

// FillPPQ is one drug product PPQ batch.
type FillPPQ struct {
	Lot              string `json:"lot"`
	DrugSubstanceLot string `json:"drug_substance_lot"`
	UnitsFilled      int    `json:"units_filled"`
	UnitsRejected    int    `json:"units_rejected"`
	Outcome          string `json:"outcome"`
}

// RejectedPercent is the share of filled units rejected at inspection.
func (f *FillPPQ) RejectedPercent() float64 {
	if f.UnitsFilled == 0 {
		return 0
	}
	return 100 * float64(f.UnitsRejected) / float64(f.UnitsFilled)
}

// ProductSpecification is the drug product specification: a specification
// whose tests carry the release criterion, with the shelf-life criteria
// that differ from it listed apart.
type ProductSpecification struct {
	Specification
	ShelfLife []*VersionCriterion `json:"shelf_life"`
}

// ShelfLifeCriterion is the criterion test t must meet until the end of
// shelf life: the one listed under shelf_life, else the release criterion.
func (s *ProductSpecification) ShelfLifeCriterion(t *Test) Criterion {
	for _, v := range s.ShelfLife {
		if v != nil && v.Test == t.ID {
			return v.Criterion
		}
	}
	return t.Criterion
}

// HasShelfLifeCriteria reports whether any shelf-life criterion differs
// from release; only then does a specification table need both columns.
func (s *ProductSpecification) HasShelfLifeCriteria() bool { return len(s.ShelfLife) > 0 }

// Spec is the specification the lots are judged against (release
// criteria).
func (d *DrugProduct) Spec() *Specification {
	if d.Specification == nil {
		return nil
	}
	return &d.Specification.Specification
}

// Batches is the drug product lots as a batch set, so the batch analysis
// code of the drug substance serves the drug product as well.
func (d *DrugProduct) Batches() *Batches {
	b := &Batches{Lots: d.Lots}
	if d.Specification != nil {
		b.Specification = d.Specification.ID
	}
	return b
}

// BatchSummary evaluates the drug product lots against the release
// criteria of the drug product specification.
func (d *DrugProduct) BatchSummary() BatchSummary { return Summarise(d.Spec(), d.Batches()) }
