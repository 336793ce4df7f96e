package model

import (
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/regdoc/regdoc/internal/stability"
)

// Stability is a stability data file: conditions, the tests with their
// shelf-life criteria, the batches on study with every time point as
// measured, the proposal and the post-approval commitment. The evaluation
// (ICH Q1E) is derived here, once, so every section and every check reads
// the same numbers.
type Stability struct {
	Material                string                `json:"material"`
	Name                    string                `json:"name"`
	Storage                 string                `json:"storage"`
	ProposedShelfLifeMonths int                   `json:"proposed_shelf_life_months"`
	Extrapolation           *Extrapolation        `json:"extrapolation"`
	Conditions              []*StabilityCondition `json:"conditions"`
	Attributes              []*StabilityAttribute `json:"attributes"`
	Studies                 []*StabilityStudy     `json:"studies"`
	Commitment              StabilityCommitment   `json:"commitment"`

	once  sync.Once
	evals []*AttributeEvaluation
}

// Extrapolation is a claimed shelf life beyond the real-time data.
type Extrapolation struct {
	Months int    `json:"months"`
	Reason string `json:"reason"`
}

// StabilityCondition is one storage condition.
type StabilityCondition struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Temperature string `json:"temperature"`
	Humidity    string `json:"humidity"`
}

// StabilityAttribute is one test of the stability protocol.
type StabilityAttribute struct {
	ID               string     `json:"id"`
	Name             string     `json:"name"`
	Method           string     `json:"method"`
	Criterion        Criterion  `json:"criterion"`
	ReleaseCriterion *Criterion `json:"release_criterion"`
	Trend            string     `json:"trend"`
	Evaluate         bool       `json:"evaluate"`
}

// StabilityStudy is one batch at one condition.
type StabilityStudy struct {
	Batch        string                `json:"batch"`
	Scale        string                `json:"scale"`
	Manufactured string                `json:"manufactured"`
	Site         string                `json:"site"`
	Container    string                `json:"container"`
	Orientation  string                `json:"orientation"`
	Condition    string                `json:"condition"`
	TimePoints   []*StabilityTimePoint `json:"time_points"`
}

// StabilityTimePoint holds the results at one time on study.
type StabilityTimePoint struct {
	Month   Number             `json:"month"`
	Results []*StabilityResult `json:"results"`
}

// StabilityResult is one result as reported.
type StabilityResult struct {
	Test       string  `json:"test"`
	Value      *Number `json:"value"`
	Qualifier  string  `json:"qualifier"`
	Text       string  `json:"text"`
	OutOfTrend string  `json:"out_of_trend"`
}

// Result returns it as a batch-analysis result, so it prints the same way.
func (r *StabilityResult) Result() *Result {
	if r == nil {
		return nil
	}
	return &Result{Test: r.Test, Value: r.Value, Qualifier: r.Qualifier, Text: r.Text}
}

// Result returns the time point's result for a test, or nil.
func (t *StabilityTimePoint) Result(test string) *StabilityResult {
	for _, r := range t.Results {
		if r.Test == test {
			return r
		}
	}
	return nil
}

// StabilityCommitment is the post-approval protocol and commitment.
type StabilityCommitment struct {
	BatchesPerYear  int      `json:"batches_per_year"`
	Conditions      []string `json:"conditions"`
	Months          []Number `json:"months"`
	ContinuePrimary bool     `json:"continue_primary"`
	Reporting       string   `json:"reporting"`
}

// Condition returns the condition with the id, or nil.
func (s *Stability) Condition(id string) *StabilityCondition {
	for _, c := range s.Conditions {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// LongTerm returns the first long-term condition: the one that sets the
// shelf life (ICH Q5C: real-time, real-temperature data).
func (s *Stability) LongTerm() *StabilityCondition {
	for _, c := range s.Conditions {
		if c.Type == "long-term" {
			return c
		}
	}
	return nil
}

// StudiesAt returns the studies at a condition, in file order.
func (s *Stability) StudiesAt(condition string) []*StabilityStudy {
	var out []*StabilityStudy
	for _, st := range s.Studies {
		if st.Condition == condition {
			out = append(out, st)
		}
	}
	return out
}

// Batches returns the batches on study at any condition, in order of first
// appearance.
func (s *Stability) Batches() []string {
	var out []string
	seen := map[string]bool{}
	for _, st := range s.Studies {
		if !seen[st.Batch] {
			seen[st.Batch] = true
			out = append(out, st.Batch)
		}
	}
	return out
}

// LastMonth is the latest time point of a study.
func (st *StabilityStudy) LastMonth() float64 {
	m := 0.0
	for _, t := range st.TimePoints {
		m = math.Max(m, t.Month.Float())
	}
	return m
}

// RealTimeMonths is how far the real-time data reach: the longest time on
// study at the long-term condition that at least three batches have
// reached (ICH Q5C asks for three), or that every batch has reached when
// fewer than three are on study.
func (s *Stability) RealTimeMonths() float64 {
	lt := s.LongTerm()
	if lt == nil {
		return 0
	}
	var last []float64
	for _, st := range s.StudiesAt(lt.ID) {
		last = append(last, st.LastMonth())
	}
	if len(last) == 0 {
		return 0
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(last)))
	if len(last) >= 3 {
		return last[2]
	}
	return last[len(last)-1]
}

// ExcludedResult is a long-term result kept out of the regression.
type ExcludedResult struct {
	Batch  string
	Month  Number
	Reason string // "censored" or "out-of-trend"
	Result *StabilityResult
}

// AttributeEvaluation is the Q1E evaluation of one attribute on the
// long-term data.
type AttributeEvaluation struct {
	Attribute *StabilityAttribute
	Eval      *stability.Evaluation // nil when Err is set
	Err       error
	Excluded  []ExcludedResult
	// Supported is the shelf life in whole months: the crossing rounded
	// down, as proposals are (Q1E).
	Supported int
}

// Evaluations evaluates every attribute marked for evaluation, in file
// order. It is computed once per project.
func (s *Stability) Evaluations() []*AttributeEvaluation {
	s.once.Do(func() {
		for _, a := range s.Attributes {
			if a.Evaluate {
				s.evals = append(s.evals, s.evaluate(a))
			}
		}
	})
	return s.evals
}

// Evaluation returns the evaluation of one attribute, or nil.
func (s *Stability) Evaluation(test string) *AttributeEvaluation {
	for _, e := range s.Evaluations() {
		if e.Attribute.ID == test {
			return e
		}
	}
	return nil
}

func (s *Stability) evaluate(a *StabilityAttribute) *AttributeEvaluation {
	ae := &AttributeEvaluation{Attribute: a}
	lt := s.LongTerm()
	if lt == nil {
		ae.Err = fmt.Errorf("no long-term condition")
		return ae
	}
	var pts []stability.Point
	for _, st := range s.StudiesAt(lt.ID) {
		for _, tp := range st.TimePoints {
			r := tp.Result(a.ID)
			if r == nil || r.Value == nil {
				continue
			}
			p := stability.Point{Batch: st.Batch, Month: tp.Month.Float(), Value: r.Value.Float()}
			switch {
			case r.Qualifier != "":
				p.Excluded = "censored"
			case r.OutOfTrend != "":
				p.Excluded = "out-of-trend"
			}
			if p.Excluded != "" {
				ae.Excluded = append(ae.Excluded, ExcludedResult{Batch: st.Batch, Month: tp.Month, Reason: p.Excluded, Result: r})
			}
			pts = append(pts, p)
		}
	}
	crit, err := limits(a.Criterion)
	if err != nil {
		ae.Err = err
		return ae
	}
	ev, err := stability.Evaluate(pts, stability.Direction(a.Trend), crit, stability.Options{})
	if err != nil {
		ae.Err = err
		return ae
	}
	ae.Eval = ev
	ae.Supported = int(math.Floor(ev.ShelfLife + 1e-9))
	return ae
}

// limits turns an acceptance criterion into the limits the confidence
// band is compared with.
func limits(c Criterion) (stability.Criterion, error) {
	var out stability.Criterion
	switch c.Type {
	case "nlt", "gt":
		out.Lower, out.HasLower = c.Value.Float(), true
	case "nmt", "lt":
		out.Upper, out.HasUpper = c.Value.Float(), true
	case "range":
		out.Lower, out.HasLower = c.Low.Float(), true
		out.Upper, out.HasUpper = c.High.Float(), true
	default:
		return out, fmt.Errorf("a %s criterion has no numeric limit to evaluate against", c.Type)
	}
	return out, nil
}

// Support is the shelf life the statistics support: the shortest whole
// number of months over the evaluated attributes, and the attribute that
// sets it. ok is false when no attribute could be evaluated.
func (s *Stability) Support() (months int, limiting *AttributeEvaluation, ok bool) {
	for _, e := range s.Evaluations() {
		if e.Eval == nil {
			continue
		}
		if !ok || e.Supported < months {
			months, limiting, ok = e.Supported, e, true
		}
	}
	return months, limiting, ok
}

// SupportedMonths is Support for templates: 0 when nothing was evaluated.
func (s *Stability) SupportedMonths() int {
	m, _, _ := s.Support()
	return m
}

// Limiting is the evaluation that sets the supported shelf life, or nil.
func (s *Stability) Limiting() *AttributeEvaluation {
	_, e, _ := s.Support()
	return e
}

// Section is the CTD heading prefix: 3.2.S.7 for a drug substance, 3.2.P.8
// for a drug product.
func (s *Stability) Section() string {
	if s.Material == "drug-product" {
		return "3.2.P.8"
	}
	return "3.2.S.7"
}
