package model

import (
	"fmt"
	"math"
	"strings"
)

// Claims is the content of claims.json.
type Claims struct {
	Application string   `json:"application"`
	Title       string   `json:"title"`
	Claims      []*Claim `json:"claims"`
}

// Claim is one patent claim.
type Claim struct {
	Number    int        `json:"number"`
	DependsOn int        `json:"depends_on"`
	Preamble  string     `json:"preamble"`
	Elements  []*Element `json:"elements"`
}

// Element is one limitation of a claim, linked to its support.
type Element struct {
	ID           string        `json:"id"`
	Text         string        `json:"text"`
	Supports     []SupportLink `json:"supports"`
	ClaimedRange *ClaimedRange `json:"claimed_range"`
}

// SupportLink points at one piece of support; exactly one field is set.
type SupportLink struct {
	Step      string `json:"step"`
	Parameter string `json:"parameter"`
	Test      string `json:"test"`
	Yield     string `json:"yield"`
}

// ClaimedRange is a numeric range a claim element claims.
type ClaimedRange struct {
	Low  *Number `json:"low"`
	High *Number `json:"high"`
	Unit string  `json:"unit"`
}

// Range is the claimed range without its unit.
func (c ClaimedRange) Range() Range { return Range{Low: c.Low, High: c.High} }

// SupportStatus says how well the data support a claim element.
type SupportStatus string

// Support statuses, from best to worst. A chart flags every status other
// than Supported so counsel sees where the data fall short of the claim.
const (
	Supported    SupportStatus = "supported"
	NotCovered   SupportStatus = "range not covered by the data"
	MissingLink  SupportStatus = "missing link"
	UnitMismatch SupportStatus = "unit differs from the data"
)

// Evidence is one piece of support as a chart prints it.
type Evidence struct {
	Kind   string // "step", "parameter", "test", "yield"
	Ref    string // the id linked
	Label  string // what it is, in words
	Detail string // the data: ranges, results, computed values
	Status SupportStatus
	// Link is the link of the claims data this evidence resolves, so a
	// printed id can be traced to the place the claim names it.
	Link *SupportLink
}

// ElementSupport is one row of a claim-support chart.
type ElementSupport struct {
	Claim    *Claim
	Element  *Element
	Evidence []Evidence
	Status   SupportStatus // the worst status of its evidence
	Notes    []string      // why the status is not Supported
}

// ClaimSupport evaluates every claim element against the data it links to.
// Nothing is taken on trust: a parameter's claimed range must lie inside
// its proven acceptable range, every batch result of a linked test must lie
// inside the claimed range, and a claimed yield must contain the yield
// computed from the step masses.
func (p *Project) ClaimSupport() []ElementSupport {
	if p.Claims == nil {
		return nil
	}
	var rows []ElementSupport
	for _, c := range p.Claims.Claims {
		for _, e := range c.Elements {
			rows = append(rows, p.elementSupport(c, e))
		}
	}
	return rows
}

// AllSupported is true when every element of every claim is supported.
func (p *Project) AllSupported() bool {
	for _, r := range p.ClaimSupport() {
		if r.Status != Supported {
			return false
		}
	}
	return p.Claims != nil
}

func (p *Project) elementSupport(c *Claim, e *Element) ElementSupport {
	row := ElementSupport{Claim: c, Element: e, Status: Supported}
	if len(e.Supports) == 0 {
		row.Status = MissingLink
		row.Notes = append(row.Notes, "no data linked to this element")
		return row
	}
	rangeChecked := e.ClaimedRange == nil
	for i, l := range e.Supports {
		ev := p.evidence(l, e.ClaimedRange)
		ev.Link = &e.Supports[i]
		if ev.Status == Supported && e.ClaimedRange != nil && (ev.Kind == "parameter" || ev.Kind == "test" || ev.Kind == "yield") {
			rangeChecked = true
		}
		if ev.Status != Supported {
			row.Notes = append(row.Notes, fmt.Sprintf("%s %s: %s", ev.Kind, ev.Ref, ev.Status))
		}
		row.Evidence = append(row.Evidence, ev)
		row.Status = worse(row.Status, ev.Status)
	}
	if !rangeChecked && row.Status == Supported {
		row.Status = NotCovered
		row.Notes = append(row.Notes, "the claimed range is not compared with any parameter, test or yield of the same unit")
	}
	return row
}

func rank(s SupportStatus) int {
	switch s {
	case Supported:
		return 0
	case NotCovered:
		return 1
	case UnitMismatch:
		return 2
	}
	return 3
}

func worse(a, b SupportStatus) SupportStatus {
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// evidence resolves one link and judges it against the claimed range.
func (p *Project) evidence(l SupportLink, cr *ClaimedRange) Evidence {
	switch {
	case l.Step != "":
		ev := Evidence{Kind: "step", Ref: l.Step, Status: MissingLink}
		if p.Process != nil {
			if s := p.Process.Step(l.Step); s != nil {
				ev.Label, ev.Status = s.Name, Supported
			}
		}
		return ev
	case l.Parameter != "":
		ev := Evidence{Kind: "parameter", Ref: l.Parameter, Status: MissingLink}
		s, q := p.parameter(l.Parameter)
		if q == nil {
			return ev
		}
		ev.Label = s.ID + " " + q.Name
		ev.Detail = describeParameter(q)
		ev.Status = Supported
		if cr != nil {
			switch {
			case q.Unit != cr.Unit:
				// A parameter in another unit (a time beside a pH) supports
				// the element's wording but not its range.
			case q.PAR == nil || !cr.Range().Within(*q.PAR):
				ev.Status = NotCovered
			}
		}
		return ev
	case l.Test != "":
		ev := Evidence{Kind: "test", Ref: l.Test, Status: MissingLink}
		if p.Specification == nil || p.Batches == nil {
			return ev
		}
		t := p.Specification.Test(l.Test)
		if t == nil {
			return ev
		}
		ev.Label = t.Name
		ev.Status = Supported
		var vals []string
		for _, lot := range p.Batches.Lots {
			r := lot.Result(t.ID)
			if r == nil {
				continue
			}
			vals = append(vals, lot.Lot+": "+r.Reported())
			if cr == nil {
				continue
			}
			if cr.Unit != t.Criterion.Unit {
				ev.Status = worse(ev.Status, UnitMismatch)
				continue
			}
			if !resultWithin(r, cr.Range()) {
				ev.Status = worse(ev.Status, NotCovered)
			}
		}
		if len(vals) == 0 {
			ev.Status = MissingLink
		}
		ev.Detail = strings.Join(vals, "; ")
		if u := t.Criterion.Unit; u != "" && u != "1" && len(vals) > 0 {
			ev.Detail += " " + u
		}
		return ev
	case l.Yield == "overall":
		ev := Evidence{Kind: "yield", Ref: "overall", Label: "Overall yield computed from the step masses", Status: MissingLink}
		if p.Process == nil {
			return ev
		}
		y := p.Process.OverallYield()
		ev.Detail = fmt.Sprintf("%.1f %%", y)
		ev.Status = Supported
		if cr != nil {
			if cr.Unit != "%" {
				ev.Status = UnitMismatch
			} else if !cr.Range().Contains(y) {
				ev.Status = NotCovered
			}
		}
		return ev
	}
	return Evidence{Kind: "link", Status: MissingLink}
}

func (p *Project) parameter(id string) (*Step, *Parameter) {
	if p.Process == nil {
		return nil, nil
	}
	for _, s := range p.Process.Steps {
		for _, q := range s.Parameters {
			if q.ID == id {
				return s, q
			}
		}
	}
	return nil, nil
}

func describeParameter(q *Parameter) string {
	var parts []string
	if q.SetPoint != nil {
		parts = append(parts, "set point "+Quantity{Value: *q.SetPoint, Unit: q.Unit}.Text())
	}
	parts = append(parts, "NOR "+q.NOR.Text(q.Unit))
	if q.PAR != nil {
		parts = append(parts, "PAR "+q.PAR.Text(q.Unit))
	}
	return strings.Join(parts, ", ")
}

// Reported is a lot's result as reported and printed: its text, its
// titre ("1:16"), its qualified value ("< 0.5"), its value, or "n.t."
// for a result without any.
func (r *Result) Reported() string {
	switch {
	case r.Text != "":
		return r.Text
	case r.Titre > 0:
		return fmt.Sprintf("1:%d", r.Titre)
	case r.Value != nil && r.Qualifier != "":
		return r.Qualifier + " " + r.Value.String()
	case r.Value != nil:
		return r.Value.String()
	}
	return "n.t."
}

// resultWithin reports whether a result certainly lies inside a range; a
// "< LOQ" result does when the LOQ is at or below the upper bound and there
// is no lower bound.
func resultWithin(r *Result, rg Range) bool {
	if r.Value == nil {
		return false
	}
	v := r.Value.Float()
	switch r.Qualifier {
	case "<":
		return rg.Low == nil && (rg.High == nil || v <= rg.High.Float())
	case ">":
		return rg.High == nil && (rg.Low == nil || v >= rg.Low.Float())
	}
	return rg.Contains(v)
}

// YieldEmbodiment is the overall yield a patent description states as a
// hierarchy of embodiments, each a fallback position in prosecution:
// broadest "at least Broad %", preferred "at least Preferred %", most
// preferred "about Typical %".
type YieldEmbodiment struct {
	Broad     float64 // the lowest lot's yield rounded down to a multiple of 5 %
	Preferred float64 // the lowest lot's yield rounded down to a whole percent
	Typical   float64 // the overall yield computed from the step masses
}

// YieldEmbodiment derives the hierarchy from the lots' yields (converted
// to percent of the product in the starting material) and the computed
// overall yield. Without lots whose yields can be converted, the computed
// yield stands for the lowest. It is nil without step masses.
func (p *Project) YieldEmbodiment() *YieldEmbodiment {
	if p.Process == nil || len(p.Process.YieldTable()) == 0 {
		return nil
	}
	y := &YieldEmbodiment{}
	y.Typical = p.Process.OverallYield()
	lowest := y.Typical
	if b := p.Batches; b != nil && p.Process.PerLitreKnown() && b.YieldUnit() == "g/L" {
		conc := p.Process.StartingMaterial.Concentration.Value.Float()
		for _, v := range b.LotYields() {
			lowest = math.Min(lowest, v/conc*100)
		}
	}
	y.Preferred = math.Floor(lowest)
	y.Broad = 5 * math.Floor(lowest/5)
	return y
}

// Sentence is the claim as one sentence: its preamble and its elements in
// order, as a claims page prints it.
func (c *Claim) Sentence() string {
	parts := []string{strings.TrimSpace(c.Preamble)}
	for _, e := range c.Elements {
		if e != nil && strings.TrimSpace(e.Text) != "" {
			parts = append(parts, strings.TrimSpace(e.Text))
		}
	}
	return strings.Join(parts, " ")
}
