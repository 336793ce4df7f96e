package model

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Data kinds, as named in the manifest's "data" object.
const (
	KindProcess        = "process"
	KindComparator     = "comparator"
	KindSpecification  = "specification"
	KindBatches        = "batches"
	KindViralClearance = "viral_clearance"
	KindClaims         = "claims"
	KindStability      = "stability"
	KindDrugProduct    = "drug_product"
	KindJustification  = "justification"
	KindMaterials      = "materials"
	KindDevelopment    = "development"
)

// Kind is one kind of data file: the key naming it in the manifest's
// "data" object, the schema its files follow and where its content goes in
// a Project. Kinds is the only list of them; the loader, the checks, the
// scaffolding of a new project and the data reference all read it, so a
// new kind is added here (and its schema in schemas/) and nowhere else.
type Kind struct {
	// Name is the manifest key, e.g. "viral_clearance".
	Name string
	// Schema is the schema file in schemas/, e.g. "viral-clearance.schema.json".
	Schema string
	// decode fills the Project's field for this kind from a data file.
	decode func(p *Project, dec *json.Decoder) error
}

// Kinds lists every data kind in the order documents are assembled. It
// returns a fresh slice, so no caller can change the registry.
func Kinds() []Kind {
	return []Kind{
		{KindProcess, "process.schema.json", func(p *Project, dec *json.Decoder) error {
			if err := dec.Decode(fresh(&p.Process)); err != nil {
				return err
			}
			// normalise numbers the steps and reads the first schemas' names.
			p.aliases = append(p.aliases, p.Process.normalise()...)
			return nil
		}},
		{KindComparator, "comparator.schema.json", func(p *Project, dec *json.Decoder) error {
			if err := dec.Decode(fresh(&p.Comparator)); err != nil {
				return err
			}
			p.aliases = append(p.aliases, p.Comparator.normalise()...)
			return nil
		}},
		{KindSpecification, "specification.schema.json", func(p *Project, dec *json.Decoder) error { return dec.Decode(fresh(&p.Specification)) }},
		{KindBatches, "batches.schema.json", func(p *Project, dec *json.Decoder) error {
			if err := dec.Decode(fresh(&p.Batches)); err != nil {
				return err
			}
			p.aliases = append(p.aliases, p.Batches.normalise()...)
			return nil
		}},
		{KindViralClearance, "viral-clearance.schema.json", func(p *Project, dec *json.Decoder) error { return dec.Decode(fresh(&p.ViralClearance)) }},
		{KindClaims, "claims.schema.json", func(p *Project, dec *json.Decoder) error { return dec.Decode(fresh(&p.Claims)) }},
		{KindStability, "stability.schema.json", func(p *Project, dec *json.Decoder) error { return dec.Decode(fresh(&p.Stability)) }},
		{KindDrugProduct, "drug-product.schema.json", func(p *Project, dec *json.Decoder) error { return dec.Decode(fresh(&p.DrugProduct)) }},
		{KindJustification, "justification.schema.json", func(p *Project, dec *json.Decoder) error { return dec.Decode(fresh(&p.Justification)) }},
		{KindMaterials, "materials.schema.json", func(p *Project, dec *json.Decoder) error { return dec.Decode(fresh(&p.Materials)) }},
		{KindDevelopment, "development.schema.json", func(p *Project, dec *json.Decoder) error { return dec.Decode(fresh(&p.Development)) }},
	}
}

// KindNamed returns the kind a manifest key names.
func KindNamed(name string) (Kind, bool) {
	for _, k := range Kinds() {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// fresh points *field at a new zero value and returns it, for decoding.
func fresh[T any](field **T) *T {
	*field = new(T)
	return *field
}

// Project is everything a document template can see: the manifest's
// metadata and the decoded data, with derived values as methods.
type Project struct {
	Name            string
	Sponsor         string
	Author          string
	Date            string
	Status          string
	Confidentiality string
	Illustrative    bool
	// Sections lists the CTD sections the project's documents are filed
	// under, in manifest order, so a document cites a section the
	// project builds rather than one it does not.
	Sections []string

	Process        *Process
	Comparator     *Comparator
	Specification  *Specification
	Batches        *Batches
	ViralClearance *ViralClearance
	Claims         *Claims
	Stability      *Stability
	DrugProduct    *DrugProduct
	Justification  *Justification
	Materials      *Materials
	Development    *Development

	aliases []Alias
}

// Aliases lists the fields the data give under the names of the first
// schemas, in the order the files were decoded.
func (p *Project) Aliases() []Alias { return p.aliases }

// Decode decodes one validated data file of the given kind into p. The data
// must already have passed its schema, so errors here mean a schema and this
// package disagree — a bug, reported as such.
func (p *Project) Decode(kind string, src []byte) error {
	k, ok := KindNamed(kind)
	if !ok {
		return fmt.Errorf("unknown data kind %q", kind)
	}
	if err := k.decode(p, json.NewDecoder(bytes.NewReader(src))); err != nil {
		return fmt.Errorf("decoding %s data: %w", kind, err)
	}
	return nil
}

// Comparison sets this process against the conventional one on the figures
// patent counsel cite: overall yield, number of steps and the release
// tests the comparator names (purity, an impurity …).
type Comparison struct {
	Yield           float64 // percent, this process
	ComparatorYield float64 // percent, conventional
	YieldGain       float64 // percentage points
	RelativeGain    float64 // percent more product from the same starting material
	Steps           int
	ComparatorSteps int
	Tests           []ComparedResult
}

// ComparedResult is one compared release test: the lots' mean beside the
// conventional product's typical value.
type ComparedResult struct {
	Test     *Test
	Mean     float64
	Decimals int
	N        int // lots with a plain numeric result; 0 when the mean is unknown
	Unit     string
	Typical  Quantity
}

// Compare computes the comparison; ok is false without both processes.
func (p *Project) Compare() (c Comparison, ok bool) {
	if p.Process == nil || p.Comparator == nil {
		return c, false
	}
	c.Yield = p.Process.OverallYield()
	c.ComparatorYield = p.Comparator.OverallYield()
	c.YieldGain = c.Yield - c.ComparatorYield
	if c.ComparatorYield > 0 {
		c.RelativeGain = 100 * (c.Yield/c.ComparatorYield - 1)
	}
	c.Steps = len(p.Process.Steps)
	c.ComparatorSteps = len(p.Comparator.Steps)
	if p.Specification == nil {
		return c, true
	}
	for _, ct := range p.Comparator.ComparedTests {
		t := p.Specification.Test(ct.Test)
		if t == nil {
			continue // ID-02 reports the unknown test
		}
		r := ComparedResult{Test: t, Unit: t.Criterion.Unit, Typical: ct.Typical}
		if p.Batches != nil {
			st := p.Batches.TestStat(t.ID)
			r.Mean, r.N, r.Decimals = st.Mean, st.N, st.Decimals
		}
		c.Tests = append(c.Tests, r)
	}
	return c, true
}

// Comparison is Compare for templates: the zero Comparison when either
// process is missing.
func (p *Project) Comparison() Comparison {
	c, _ := p.Compare()
	return c
}

// BatchSummary evaluates the batches against the specification.
func (p *Project) BatchSummary() BatchSummary {
	return Summarise(p.Specification, p.Batches)
}

// PPQSummary evaluates the PPQ batches alone against the specification.
func (p *Project) PPQSummary() BatchSummary {
	if p.Batches == nil {
		return BatchSummary{}
	}
	return Summarise(p.Specification, p.Batches.PPQ())
}

// SpecificationSection is the section the project files its specification
// under: the drug substance's (3.2.S.4.1) when it builds one, else the drug
// product's (3.2.P.5.1), else "" when it builds neither.
func (p *Project) SpecificationSection() string {
	for _, want := range []string{SectionDrugSubstanceSpecification, SectionDrugProductSpecification} {
		for _, s := range p.Sections {
			if s == want {
				return want
			}
		}
	}
	return ""
}

// Sections of the specification.
const (
	SectionDrugSubstanceSpecification = "3.2.S.4.1"
	SectionDrugProductSpecification   = "3.2.P.5.1"
)
