package model

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
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
	// CriterionReason says why the criteria differ from the
	// specification's, or why the specification does not test it.
	CriterionReason string `json:"criterion_reason"`
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

// ChartMonths is the end of the time axis of an attribute's chart: past
// the data, the proposal and (when it is not far beyond the data) the
// shelf-life estimate, rounded up to a whole half-year.
func (s *Stability) ChartMonths(test string) float64 {
	end := float64(s.ProposedShelfLifeMonths)
	if e := s.Evaluation(test); e != nil && e.Eval != nil {
		last := e.Eval.LastMonth
		end = math.Max(end, last)
		// An estimate within three times the data is shown with a
		// margin after it; one further out would squeeze the data.
		if e.Eval.Reached && e.Eval.ShelfLife <= 3*last {
			end = math.Max(end, 1.1*e.Eval.ShelfLife)
		}
	}
	return math.Ceil((end+1)/6) * 6
}

// The text helpers below print the evaluation the way the sections state
// it, so the summary, the data section and the checks say the same thing.

// PText prints a p-value: three decimals, or "< 0.001".
func PText(p float64) string {
	if p < 0.001 {
		return "< 0.001"
	}
	return strconv.FormatFloat(p, 'f', 3, 64)
}

// MonthsText prints a time in months to one decimal, rounded down so that
// an estimate never reads as more than it is (23.97 prints 23.9).
func MonthsText(m float64) string {
	return strconv.FormatFloat(math.Floor(m*10+1e-9)/10, 'f', 1, 64)
}

// ModelText names the model the poolability tests chose.
func (e *AttributeEvaluation) ModelText() string {
	switch e.Eval.Model {
	case stability.Pooled:
		return "batches pooled (common slope and intercept)"
	case stability.CommonSlope:
		return "common slope, separate intercepts"
	case stability.Separate:
		return "batches evaluated separately"
	}
	return "one batch"
}

// LimitText names the confidence limit compared with the criterion.
func (e *AttributeEvaluation) LimitText() string {
	switch e.Eval.Direction {
	case stability.Decreasing:
		return "lower one-sided 95 % confidence limit of the mean"
	case stability.Increasing:
		return "upper one-sided 95 % confidence limit of the mean"
	}
	return "two-sided 95 % confidence interval of the mean (97.5 % each side)"
}

// Poolable reports whether an ANCOVA was run (two or more batches).
func (e *AttributeEvaluation) Poolable() bool { return e.Eval.Slopes != nil }

// SlopesText is the equality-of-slopes test: "F(2, 15) = 0.83, p = 0.454".
func (e *AttributeEvaluation) SlopesText() string { return ftext(e.Eval.Slopes) }

// InterceptsText is the equality-of-intercepts test.
func (e *AttributeEvaluation) InterceptsText() string { return ftext(e.Eval.Intercepts) }

func ftext(t *stability.FTest) string {
	if t == nil {
		return "not applicable"
	}
	p := PText(t.P)
	if p[0] != '<' {
		p = "= " + p
	}
	return fmt.Sprintf("F(%d, %d) = %s, p %s", t.DF1, t.DF2, strconv.FormatFloat(t.F, 'f', 2, 64), p)
}

// ShelfLifeText is the estimate: "53.5 months", or, when the limit does
// not meet the criterion within the horizon searched, "more than 120
// months".
func (e *AttributeEvaluation) ShelfLifeText() string {
	if !e.Eval.Reached {
		return "more than " + strconv.FormatFloat(e.Eval.Options.Horizon, 'f', -1, 64) + " months"
	}
	return MonthsText(e.Eval.ShelfLife) + " months"
}

// HorizonText is how far the crossing was searched, in months.
func (e *AttributeEvaluation) HorizonText() string {
	return strconv.FormatFloat(e.Eval.Options.Horizon, 'f', -1, 64)
}

// SDText is the residual standard deviation of the model used, with its
// degrees of freedom: "0.031 (df 17)".
func (e *AttributeEvaluation) SDText() string {
	return fmt.Sprintf("%s (df %d)", strconv.FormatFloat(e.Eval.ResidualSD, 'g', 3, 64), e.Eval.DF)
}

// signed prints a negative number with the typographic minus sign, as
// the tables print every other negative number.
func signed(s string) string {
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	return s
}

// FitRow is one batch's own regression as the data section prints it.
type FitRow struct {
	Batch                        string
	N, DF                        int
	Intercept, Slope, ResidualSD string
}

// Fits lists each batch's own regression: intercept with five significant
// figures, slope per month and residual SD with three.
func (e *AttributeEvaluation) Fits() []FitRow {
	var out []FitRow
	for _, b := range e.Eval.Batches {
		out = append(out, FitRow{Batch: b.Batch, N: b.N, DF: b.DF,
			Intercept:  signed(strconv.FormatFloat(b.Line.Intercept, 'g', 5, 64)),
			Slope:      signed(strconv.FormatFloat(b.Line.Slope, 'g', 3, 64)),
			ResidualSD: strconv.FormatFloat(b.ResidualSD, 'g', 3, 64)})
	}
	return out
}

// Months lists the time points of a study: "0, 3, 6, 9, 12, 18, 24".
func (st *StabilityStudy) Months() string {
	var parts []string
	for _, t := range st.TimePoints {
		parts = append(parts, t.Month.String())
	}
	return strings.Join(parts, ", ")
}

// OutOfTrend lists the out-of-trend results of a study, in order.
func (st *StabilityStudy) OutOfTrend() []OutOfTrendResult {
	var out []OutOfTrendResult
	for _, t := range st.TimePoints {
		for _, r := range t.Results {
			if r.OutOfTrend != "" {
				out = append(out, OutOfTrendResult{Month: t.Month, Result: r})
			}
		}
	}
	return out
}

// OutOfTrendResult is an out-of-trend result and when it was found.
type OutOfTrendResult struct {
	Month  Number
	Result *StabilityResult
}

// Evaluated lists the evaluations that succeeded.
func (s *Stability) Evaluated() []*AttributeEvaluation {
	var out []*AttributeEvaluation
	for _, e := range s.Evaluations() {
		if e.Eval != nil {
			out = append(out, e)
		}
	}
	return out
}

// RealTimeText is RealTimeMonths as written: "24".
func (s *Stability) RealTimeText() string {
	return strconv.FormatFloat(s.RealTimeMonths(), 'f', -1, 64)
}

// Supports reports whether the proposal is within what the statistics
// support.
func (s *Stability) Supports() bool {
	m, _, ok := s.Support()
	return ok && s.ProposedShelfLifeMonths <= m
}

// Covered reports whether the proposal is within the real-time data.
func (s *Stability) Covered() bool {
	return float64(s.ProposedShelfLifeMonths) <= s.RealTimeMonths()
}

// ConditionRow summarises one attribute at one condition: the results at
// the first and the last time point over the batches, as written, and the
// results that do not meet the shelf-life criterion.
type ConditionRow struct {
	Attribute      *StabilityAttribute
	Initial, Final string // "99.4–99.8", or the single value, or "–"
	FinalMonth     string // the last time point common to the studies' ends
	Results        int
	Outside        []OutsideResult
}

// OutsideResult is a result that does not meet its shelf-life criterion.
type OutsideResult struct {
	Batch  string
	Month  Number
	Result *StabilityResult
}

// ConditionSummary summarises every attribute at a condition, in file
// order: what a reviewer reads first about accelerated and stressed data
// (how far each attribute moved, and whether anything failed).
func (s *Stability) ConditionSummary(condition string) []ConditionRow {
	studies := s.StudiesAt(condition)
	var rows []ConditionRow
	for _, a := range s.Attributes {
		row := ConditionRow{Attribute: a}
		var first, last []*StabilityResult
		lastMonth := ""
		for _, st := range studies {
			if len(st.TimePoints) == 0 {
				continue
			}
			first = append(first, st.TimePoints[0].Result(a.ID))
			end := st.TimePoints[len(st.TimePoints)-1]
			last = append(last, end.Result(a.ID))
			if lastMonth == "" || end.Month.Float() < mustFloat(lastMonth) {
				lastMonth = end.Month.String()
			}
			for _, tp := range st.TimePoints {
				r := tp.Result(a.ID)
				if r == nil {
					continue
				}
				row.Results++
				if !meets(a.Criterion, r) {
					row.Outside = append(row.Outside, OutsideResult{Batch: st.Batch, Month: tp.Month, Result: r})
				}
			}
		}
		row.Initial, row.Final, row.FinalMonth = spread(first), spread(last), lastMonth
		rows = append(rows, row)
	}
	return rows
}

func mustFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// MeetsShelfLife reports whether a result meets its shelf-life criterion.
func MeetsShelfLife(c Criterion, r *StabilityResult) bool { return meets(c, r) }

// Attribute returns the attribute with the id, or nil.
func (s *Stability) Attribute(id string) *StabilityAttribute {
	for _, a := range s.Attributes {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// meets judges a stability result against its shelf-life criterion: a
// text criterion is met by a result reported as complying (or written as
// the criterion); numbers as Evaluate judges release results.
func meets(c Criterion, r *StabilityResult) bool {
	if c.Type == "text" {
		return strings.EqualFold(r.Text, "complies") || strings.EqualFold(r.Text, string(c.Text))
	}
	return Evaluate(c, r.Result()) == Pass
}

// spread prints the smallest and largest numeric results as written
// ("0.35–0.42"), the one value when they agree, the text when every result
// is the same text, and "–" when there is nothing to show. Censored
// results print with their qualifier.
func spread(rs []*StabilityResult) string {
	var lo, hi *StabilityResult
	text := ""
	for _, r := range rs {
		if r == nil {
			continue
		}
		if r.Value == nil {
			if text == "" {
				text = r.Text
			} else if text != r.Text {
				text = "various"
			}
			continue
		}
		key := func(x *StabilityResult) float64 { return x.Value.Float() }
		if lo == nil || key(r) < key(lo) {
			lo = r
		}
		if hi == nil || key(r) > key(hi) {
			hi = r
		}
	}
	show := func(r *StabilityResult) string {
		if r.Qualifier != "" {
			return r.Qualifier + "\u00a0" + signed(r.Value.String())
		}
		return signed(r.Value.String())
	}
	switch {
	case lo != nil && show(lo) == show(hi):
		return show(lo)
	case lo != nil:
		return show(lo) + "–" + show(hi)
	case text != "":
		return text
	}
	return "–"
}
