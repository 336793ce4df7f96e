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
)

// Kinds lists every data kind in the order documents are assembled.
var Kinds = []string{KindProcess, KindComparator, KindSpecification, KindBatches, KindViralClearance, KindClaims}

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

	Process        *Process
	Comparator     *Comparator
	Specification  *Specification
	Batches        *Batches
	ViralClearance *ViralClearance
	Claims         *Claims

	aliases []Alias
}

// Aliases lists the fields the data give under the names of the first
// schemas, in the order the files were decoded.
func (p *Project) Aliases() []Alias { return p.aliases }

// Decode decodes one validated data file of the given kind into p. The data
// must already have passed its schema, so errors here mean a schema and this
// package disagree — a bug, reported as such.
func (p *Project) Decode(kind string, src []byte) error {
	var target any
	switch kind {
	case KindProcess:
		p.Process = &Process{}
		target = p.Process
	case KindComparator:
		p.Comparator = &Comparator{}
		target = p.Comparator
	case KindSpecification:
		p.Specification = &Specification{}
		target = p.Specification
	case KindBatches:
		p.Batches = &Batches{}
		target = p.Batches
	case KindViralClearance:
		p.ViralClearance = &ViralClearance{}
		target = p.ViralClearance
	case KindClaims:
		p.Claims = &Claims{}
		target = p.Claims
	default:
		return fmt.Errorf("unknown data kind %q", kind)
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(target); err != nil {
		return fmt.Errorf("decoding %s data: %w", kind, err)
	}
	switch kind {
	case KindProcess:
		p.aliases = append(p.aliases, p.Process.normalise()...)
	case KindBatches:
		p.aliases = append(p.aliases, p.Batches.normalise()...)
	case KindComparator:
		p.aliases = append(p.aliases, p.Comparator.normalise()...)
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
