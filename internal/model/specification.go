package model

import (
	"math"
	"strings"

	"github.com/regdoc/regdoc/internal/stats"
)

// Specification is a release specification.
type Specification struct {
	ID            string  `json:"id"`
	Title         string  `json:"title"`
	Version       string  `json:"version"`
	EffectiveDate string  `json:"effective_date"`
	Tests         []*Test `json:"tests"`
}

// Test is one test of a specification.
type Test struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Category  string    `json:"category"`
	Method    string    `json:"method"`
	Criterion Criterion `json:"criterion"`
	Decimals  *int      `json:"decimals"`
}

// Test returns the test with the given id, or nil.
func (s *Specification) Test(id string) *Test {
	for _, t := range s.Tests {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// Batches is the content of batches.json.
type Batches struct {
	Specification string `json:"specification"`
	LotPattern    string `json:"lot_pattern"`
	Lots          []*Lot `json:"lots"`
}

// Lot is one manufactured lot.
type Lot struct {
	Lot             string    `json:"lot"`
	Purpose         string    `json:"purpose"`
	Site            string    `json:"site"`
	PlasmaPool      string    `json:"plasma_pool"`
	PlasmaVolume    Quantity  `json:"plasma_volume"`
	ManufactureDate string    `json:"manufacture_date"`
	TestDate        string    `json:"test_date"`
	ReleaseDate     string    `json:"release_date"`
	Yield           Quantity  `json:"yield"`
	Results         []*Result `json:"results"`
}

// Result returns the lot's result for a test, or nil.
func (l *Lot) Result(testID string) *Result {
	for _, r := range l.Results {
		if r.Test == testID {
			return r
		}
	}
	return nil
}

// Result is one reported result.
type Result struct {
	Test      string  `json:"test"`
	Value     *Number `json:"value"`
	Qualifier string  `json:"qualifier"`
	Titre     int     `json:"titre"`
	Text      string  `json:"text"`
}

// Verdict is the outcome of comparing a result with its criterion.
type Verdict string

// Verdicts. Indeterminate covers a "< LOQ" result whose LOQ lies above an
// upper limit: it can be neither passed nor failed (CHECKS.md SP-02).
const (
	Pass          Verdict = "pass"
	Fail          Verdict = "fail"
	Indeterminate Verdict = "indeterminate"
	NotTested     Verdict = "not tested"
)

// Title is the verdict as a table prints it: "Pass", "Fail", "Indeterminate",
// "Not tested".
func (v Verdict) Title() string {
	if v == "" {
		return ""
	}
	return strings.ToUpper(string(v[:1])) + string(v[1:])
}

// Evaluate compares a result with a criterion the way a QC reviewer does:
// the result is first rounded to the decimals the limit is written with
// (round half up, once, from the unrounded value), then compared.
func Evaluate(c Criterion, r *Result) Verdict {
	if r == nil {
		return NotTested
	}
	switch c.Type {
	case "report":
		return Pass
	case "text":
		if r.Text != "" && strings.EqualFold(r.Text, c.Text) {
			return Pass
		}
		return Fail
	case "titre_max":
		if r.Titre == 0 || c.Value == nil {
			return Fail
		}
		if float64(r.Titre) <= c.Value.Float() {
			return Pass
		}
		return Fail
	}
	if r.Value == nil {
		return Fail
	}
	// A criterion missing the bound its type needs cannot judge anything;
	// checks report it (UN-06), and here it must not crash a build.
	if c.Type == "range" && (c.Low == nil || c.High == nil) || c.Type != "range" && c.Value == nil {
		return Indeterminate
	}
	limitDecimals := 0
	for _, n := range []*Number{c.Low, c.High, c.Value} {
		if n != nil && n.Decimals() > limitDecimals {
			limitDecimals = n.Decimals()
		}
	}
	v := stats.RoundHalfUp(r.Value.Float(), limitDecimals)
	switch r.Qualifier {
	case "<":
		// The true value lies below v (the LOQ).
		switch c.Type {
		case "nmt":
			if v <= c.Value.Float() {
				return Pass
			}
			return Indeterminate
		case "lt":
			if v <= c.Value.Float() {
				return Pass
			}
			return Indeterminate
		case "nlt", "gt":
			return Fail
		case "range":
			return Indeterminate
		}
	case ">":
		switch c.Type {
		case "nlt":
			if v >= c.Value.Float() {
				return Pass
			}
			return Indeterminate
		case "gt":
			if v >= c.Value.Float() {
				return Pass
			}
			return Indeterminate
		case "nmt", "lt":
			return Fail
		case "range":
			return Indeterminate
		}
	}
	ok := false
	switch c.Type {
	case "range":
		ok = v >= c.Low.Float() && v <= c.High.Float()
	case "nlt":
		ok = v >= c.Value.Float()
	case "nmt":
		ok = v <= c.Value.Float()
	case "lt":
		ok = v < c.Value.Float()
	case "gt":
		ok = v > c.Value.Float()
	}
	if ok {
		return Pass
	}
	return Fail
}

// BatchSummary is what a batch-analysis narrative states, computed from the
// evaluated results, never typed.
type BatchSummary struct {
	Lots          int
	Results       int
	Passed        int
	Failed        []LotTest // failing results (OOS)
	Indeterminate []LotTest
	Missing       []LotTest
}

// LotTest names one lot's result for one test.
type LotTest struct {
	Lot  string
	Test string
}

// AllPassed is true when every test of the specification has a passing
// result for every lot; only then may a document say "all batches met the
// acceptance criteria" (CHECKS.md SP-04).
func (b BatchSummary) AllPassed() bool {
	return b.Lots > 0 && len(b.Failed) == 0 && len(b.Indeterminate) == 0 && len(b.Missing) == 0
}

// Summarise evaluates every lot against every test of the specification.
func Summarise(spec *Specification, batches *Batches) BatchSummary {
	var s BatchSummary
	if spec == nil || batches == nil {
		return s
	}
	s.Lots = len(batches.Lots)
	for _, l := range batches.Lots {
		for _, t := range spec.Tests {
			r := l.Result(t.ID)
			switch Evaluate(t.Criterion, r) {
			case Pass:
				s.Passed++
				s.Results++
			case Fail:
				s.Failed = append(s.Failed, LotTest{l.Lot, t.ID})
				s.Results++
			case Indeterminate:
				s.Indeterminate = append(s.Indeterminate, LotTest{l.Lot, t.ID})
				s.Results++
			case NotTested:
				s.Missing = append(s.Missing, LotTest{l.Lot, t.ID})
			}
		}
	}
	return s
}

// TestMean is the mean and sample SD of the numeric results of one test over
// all lots; ok is false when fewer than one lot has a plain numeric result.
func TestMean(batches *Batches, testID string) (mean, sd float64, n int, ok bool) {
	var xs []float64
	for _, l := range batches.Lots {
		if r := l.Result(testID); r != nil && r.Value != nil && r.Qualifier == "" {
			xs = append(xs, r.Value.Float())
		}
	}
	if len(xs) == 0 {
		return 0, 0, 0, false
	}
	sd = stats.SD(xs)
	if math.IsNaN(sd) {
		sd = 0
	}
	return stats.Mean(xs), sd, len(xs), true
}

// LotYields lists each lot's overall yield in the unit the data give.
func (b *Batches) LotYields() []float64 {
	var ys []float64
	for _, l := range b.Lots {
		if l.Yield.Valid() {
			ys = append(ys, l.Yield.Value.Float())
		}
	}
	return ys
}

// LotVerdict is a lot's overall release verdict against the specification:
// fail when any result fails, indeterminate or not tested when any result
// is, pass only when every test passed.
func (s *Specification) LotVerdict(l *Lot) Verdict {
	v := Pass
	for _, t := range s.Tests {
		switch Evaluate(t.Criterion, l.Result(t.ID)) {
		case Fail:
			return Fail
		case Indeterminate:
			v = Indeterminate
		case NotTested:
			if v == Pass {
				v = NotTested
			}
		}
	}
	return v
}

// Stat is the mean, sample SD and RSD of a series of plain numeric results.
type Stat struct {
	Mean, SD, RSD float64
	N             int
	Decimals      int // the largest number of decimals among the results, for printing
}

// TestStat summarises one test over all lots; N is 0 when no lot has a
// plain numeric result (all "<LOQ", titres or text).
func (b *Batches) TestStat(testID string) Stat {
	var st Stat
	mean, sd, n, ok := TestMean(b, testID)
	if !ok {
		return st
	}
	st.Mean, st.SD, st.N = mean, sd, n
	if mean != 0 {
		st.RSD = 100 * sd / mean
	}
	for _, l := range b.Lots {
		if r := l.Result(testID); r != nil && r.Value != nil && r.Qualifier == "" && r.Value.Decimals() > st.Decimals {
			st.Decimals = r.Value.Decimals()
		}
	}
	return st
}

// YieldStat summarises the lots' overall yields.
func (b *Batches) YieldStat() Stat {
	var st Stat
	ys := b.LotYields()
	if len(ys) == 0 {
		return st
	}
	st.N = len(ys)
	st.Mean = stats.Mean(ys)
	if len(ys) > 1 {
		st.SD = stats.SD(ys)
	}
	if st.Mean != 0 {
		st.RSD = 100 * st.SD / st.Mean
	}
	for _, l := range b.Lots {
		if l.Yield.Valid() && l.Yield.Value.Decimals() > st.Decimals {
			st.Decimals = l.Yield.Value.Decimals()
		}
	}
	return st
}
