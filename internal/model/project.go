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
)

// Kinds lists every data kind in the order documents are assembled.
var Kinds = []string{KindProcess, KindComparator, KindSpecification, KindBatches, KindViralClearance, KindClaims, KindStability}

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
	Stability      *Stability
}

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
	case KindStability:
		p.Stability = &Stability{}
		target = p.Stability
	default:
		return fmt.Errorf("unknown data kind %q", kind)
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(target); err != nil {
		return fmt.Errorf("decoding %s data: %w", kind, err)
	}
	if kind == KindProcess {
		for i, s := range p.Process.Steps {
			s.Index = i
		}
	}
	return nil
}

// Comparison sets this process against the conventional one on the figures
// patent counsel cite: overall yield, number of steps, IgA and purity.
type Comparison struct {
	Yield           float64 // percent, this process
	ComparatorYield float64 // percent, conventional
	YieldGain       float64 // percentage points
	RelativeGain    float64 // percent more product from the same plasma
	Steps           int
	ComparatorSteps int
	IgAMean         float64 // mean IgA of the lots, when known
	IgAKnown        bool
	IgAUnit         string
	PurityMean      float64
	PurityKnown     bool
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
	if p.Batches != nil {
		if m, _, n, ok := TestMean(p.Batches, "iga"); ok && n > 0 {
			c.IgAMean, c.IgAKnown = m, true
			if p.Specification != nil {
				if t := p.Specification.Test("iga"); t != nil {
					c.IgAUnit = t.Criterion.Unit
				}
			}
		}
		if m, _, n, ok := TestMean(p.Batches, "igg-purity"); ok && n > 0 {
			c.PurityMean, c.PurityKnown = m, true
		}
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
