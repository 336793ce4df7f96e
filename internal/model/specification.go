package model

import (
	"math"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/internal/stats"
)

// Specification is a release specification.
type Specification struct {
	ID            string         `json:"id"`
	Title         string         `json:"title"`
	Version       string         `json:"version"`
	EffectiveDate string         `json:"effective_date"`
	History       []*SpecVersion `json:"history"`
	Tests         []*Test        `json:"tests"`
}

// SpecVersion is an earlier version of a specification: when it took
// effect and the criteria in which it differed from the current version.
type SpecVersion struct {
	Version       string              `json:"version"`
	EffectiveDate string              `json:"effective_date"`
	Change        string              `json:"change"`
	Criteria      []*VersionCriterion `json:"criteria"`
}

// VersionCriterion is a test's criterion in an earlier version.
type VersionCriterion struct {
	Test      string    `json:"test"`
	Criterion Criterion `json:"criterion"`
}

// Versions lists every version, earlier ones and the current one, in the
// order they took effect.
func (s *Specification) Versions() []*SpecVersion {
	out := make([]*SpecVersion, 0, len(s.History)+1)
	for _, v := range s.History {
		if v != nil {
			out = append(out, v)
		}
	}
	out = append(out, &SpecVersion{Version: s.Version, EffectiveDate: s.EffectiveDate})
	slices.SortStableFunc(out, func(a, b *SpecVersion) int { return strings.Compare(a.EffectiveDate, b.EffectiveDate) })
	return out
}

// JudgedOn is the date a lot's results are judged on: the test date, or
// without it the release date; "" when neither is known.
func (l *Lot) JudgedOn() string {
	if l.TestDate != "" {
		return l.TestDate
	}
	return l.ReleaseDate
}

// VersionFor is the version in force on a lot's test date: the latest
// version effective on or before it. ok is false when the lot was tested
// before the first version took effect (a historic development lot). A lot
// with no test or release date is judged against the current version.
func (s *Specification) VersionFor(l *Lot) (v *SpecVersion, ok bool) {
	when := l.JudgedOn()
	vs := s.Versions()
	if when == "" {
		for _, v := range vs {
			if v.Version == s.Version && v.EffectiveDate == s.EffectiveDate {
				return v, true
			}
		}
	}
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].EffectiveDate <= when {
			return vs[i], true
		}
	}
	return nil, false
}

// Criterion is the criterion test t had in version v.
func (s *Specification) criterionIn(v *SpecVersion, t *Test) Criterion {
	for _, c := range v.Criteria {
		if c != nil && c.Test == t.ID {
			return c.Criterion
		}
	}
	return t.Criterion
}

// Judgement is one lot's result for one test, judged against the version
// of the specification in force on the lot's test date.
type Judgement struct {
	Result    *Result
	Criterion Criterion
	Version   string // "" when no version was in force (Verdict NotJudged)
	Verdict   Verdict
}

// Judge judges a lot's result for a test the way a QC reviewer does.
func (s *Specification) Judge(l *Lot, testID string) Judgement {
	t := s.Test(testID)
	if t == nil {
		return Judgement{Result: l.Result(testID), Verdict: NotTested}
	}
	j := Judgement{Result: l.Result(testID), Criterion: t.Criterion}
	v, ok := s.VersionFor(l)
	if !ok {
		j.Verdict = NotJudged
		if j.Result == nil {
			j.Verdict = NotTested
		}
		return j
	}
	j.Version = v.Version
	j.Criterion = s.criterionIn(v, t)
	j.Verdict = Evaluate(j.Criterion, j.Result)
	return j
}

// AppliedVersion names the version that judged a lot, or "" for a lot
// tested before the first version took effect.
func (s *Specification) AppliedVersion(l *Lot) string {
	if v, ok := s.VersionFor(l); ok {
		return v.Version
	}
	return ""
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
	Lot                 string   `json:"lot"`
	Purpose             string   `json:"purpose"`
	Site                string   `json:"site"`
	Investigation       string   `json:"investigation"`
	DrugProductLots     []string `json:"drug_product_lots"`
	StartingMaterialLot string   `json:"starting_material_lot"`
	Scale               Quantity `json:"scale"`
	ManufactureDate     string   `json:"manufacture_date"`
	TestDate            string   `json:"test_date"`
	ReleaseDate         string   `json:"release_date"`
	Yield               Quantity `json:"yield"`
	// DrugSubstanceYield is the yield at the end of the last drug
	// substance step, given where Yield runs on through drug product
	// steps to the final container (see Process.HasDrugProductSteps).
	DrugSubstanceYield Quantity  `json:"drug_substance_yield"`
	Results            []*Result `json:"results"`

	// Names of the first schemas, read as aliases (see Project.Aliases).
	PlasmaPool   string   `json:"plasma_pool"`
	PlasmaVolume Quantity `json:"plasma_volume"`
}

// HasDrugProductYield reports whether the lot gives both its drug
// substance yield and its yield to the final container in the same unit,
// so the share the drug product steps kept can be computed.
func (l *Lot) HasDrugProductYield() bool {
	return l.Yield.Valid() && l.DrugSubstanceYield.Valid() && l.Yield.Unit == l.DrugSubstanceYield.Unit && l.DrugSubstanceYield.Value.Float() > 0
}

// DrugProductYield is the share of the drug substance's product that
// reached the final containers, in percent: 100 × Yield ÷
// DrugSubstanceYield, or 0 without both (HasDrugProductYield).
func (l *Lot) DrugProductYield() float64 {
	if !l.HasDrugProductYield() {
		return 0
	}
	return 100 * l.Yield.Value.Float() / l.DrugSubstanceYield.Value.Float()
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
	// NotJudged is a result of a lot tested before the first version of
	// the specification took effect: reported, not judged.
	NotJudged Verdict = "not judged"
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
		if r.Text != "" && strings.EqualFold(r.Text, string(c.Text)) {
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
	// Investigated are the failing results whose lot carries an
	// investigation reference (also in Failed).
	Investigated []LotTest
	// Historic are the lots tested before the first version of the
	// specification took effect; their results are reported, not judged.
	Historic []string
	// Versions lists the versions that judged the lots, in the order they
	// took effect.
	Versions []string
}

// LotTest names one lot's result for one test.
type LotTest struct {
	Lot           string
	Test          string
	Investigation string
}

// Judged is the number of lots judged against a specification version.
func (b BatchSummary) Judged() int { return b.Lots - len(b.Historic) }

// Unexplained are the failing results without an investigation reference.
func (b BatchSummary) Unexplained() int { return len(b.Failed) - len(b.Investigated) }

// AllPassed is true when every test of the specification has a passing
// result for every lot; only then may a document say "all batches met the
// acceptance criteria" (CHECKS.md SP-04).
func (b BatchSummary) AllPassed() bool {
	return b.Lots > 0 && len(b.Failed) == 0 && len(b.Indeterminate) == 0 && len(b.Missing) == 0 && len(b.Historic) == 0
}

// Summarise evaluates every lot against every test of the version of the
// specification in force on the lot's test date.
func Summarise(spec *Specification, batches *Batches) BatchSummary {
	var s BatchSummary
	if spec == nil || batches == nil {
		return s
	}
	s.Lots = len(batches.Lots)
	used := map[string]bool{}
	for _, l := range batches.Lots {
		if v, ok := spec.VersionFor(l); ok {
			used[v.Version] = true
		} else {
			s.Historic = append(s.Historic, l.Lot)
		}
		for _, t := range spec.Tests {
			lt := LotTest{l.Lot, t.ID, l.Investigation}
			switch spec.Judge(l, t.ID).Verdict {
			case Pass:
				s.Passed++
				s.Results++
			case Fail:
				s.Failed = append(s.Failed, lt)
				if l.Investigation != "" {
					s.Investigated = append(s.Investigated, lt)
				}
				s.Results++
			case Indeterminate:
				s.Indeterminate = append(s.Indeterminate, lt)
				s.Results++
			case NotJudged:
				s.Results++
			case NotTested:
				s.Missing = append(s.Missing, lt)
			}
		}
	}
	for _, v := range spec.Versions() {
		if used[v.Version] {
			s.Versions = append(s.Versions, v.Version)
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
func (b *Batches) LotYields() []float64 { return b.yields(overallYield) }

// DrugSubstanceYields lists each lot's drug substance yield (the yield at
// the end of the last drug substance step) in the unit the data give.
func (b *Batches) DrugSubstanceYields() []float64 { return b.yields(drugSubstanceYield) }

// A lot's yields: to the final container, and to the drug substance.
func overallYield(l *Lot) Quantity       { return l.Yield }
func drugSubstanceYield(l *Lot) Quantity { return l.DrugSubstanceYield }

func (b *Batches) yields(of func(*Lot) Quantity) []float64 {
	var ys []float64
	for _, l := range b.Lots {
		if q := of(l); q.Valid() {
			ys = append(ys, q.Value.Float())
		}
	}
	return ys
}

// LotVerdict is a lot's overall release verdict against the specification:
// fail when any result fails, indeterminate or not tested when any result
// is, pass only when every test passed.
func (s *Specification) LotVerdict(l *Lot) Verdict {
	if _, ok := s.VersionFor(l); !ok {
		return NotJudged
	}
	v := Pass
	for _, t := range s.Tests {
		switch s.Judge(l, t.ID).Verdict {
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
// plain numeric result (all "<LOQ", titres or text), and also when any lot's
// result is censored ("< 2", "≥ 6.2"): averaging only the quantified ones
// would report "2.4 ± 0.0, n = 1" for a test whose other lots lie below
// 2. Such a test is summarised by Batches.Summarise, as a range.
func (b *Batches) TestStat(testID string) Stat {
	var st Stat
	if b.Summarise(testID).Censored > 0 {
		return st
	}
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
func (b *Batches) YieldStat() Stat { return b.yieldStat(overallYield) }

// DrugSubstanceStat is the statistic of the lots' drug substance yields: a
// Stat under a type of its own, so a reader of it (the trace) knows which
// series it is over and need not search for a series that gives the same
// figures.
type DrugSubstanceStat Stat

// DrugSubstanceYieldStat summarises the lots' drug substance yields.
func (b *Batches) DrugSubstanceYieldStat() DrugSubstanceStat {
	return DrugSubstanceStat(b.yieldStat(drugSubstanceYield))
}

func (b *Batches) yieldStat(of func(*Lot) Quantity) Stat {
	var st Stat
	ys := b.yields(of)
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
		if q := of(l); q.Valid() && q.Value.Decimals() > st.Decimals {
			st.Decimals = q.Value.Decimals()
		}
	}
	return st
}

// YieldUnit is the unit the lots' yields are given in (that of the first
// lot with a yield), or "".
func (b *Batches) YieldUnit() string { return b.yieldUnit(overallYield) }

// DrugSubstanceYieldUnit is the unit the lots' drug substance yields are
// given in (that of the first lot with one), or "".
func (b *Batches) DrugSubstanceYieldUnit() string { return b.yieldUnit(drugSubstanceYield) }

func (b *Batches) yieldUnit(of func(*Lot) Quantity) string {
	for _, l := range b.Lots {
		if q := of(l); q.Valid() {
			return q.Unit
		}
	}
	return ""
}

// VersionsText names the specification versions that judged the lots:
// "version 2.0", "versions 1.0 and 2.0".
func (b BatchSummary) VersionsText() string {
	if len(b.Versions) == 1 {
		return "version " + b.Versions[0]
	}
	return "versions " + ListText(b.Versions)
}

// JudgedPassed is true when every result of every lot judged against a
// version of the specification passed; lots tested before the first
// version (Historic) are left out, and are reported without a verdict.
func (b BatchSummary) JudgedPassed() bool {
	return b.Judged() > 0 && len(b.Failed) == 0 && len(b.Indeterminate) == 0 && len(b.Missing) == 0
}

// ChangedIn reports whether test testID had, in the given earlier version,
// a criterion other than its current one; a results table then prints the
// criterion that judged the lot beside its result.
func (s *Specification) ChangedIn(version, testID string) bool {
	for _, v := range s.History {
		if v == nil || v.Version != version {
			continue
		}
		for _, c := range v.Criteria {
			if c != nil && c.Test == testID {
				return true
			}
		}
	}
	return false
}

// PPQ is the batches made for process performance qualification, the ones
// 3.2.S.2.5 reports; when no lot is marked PPQ, every lot.
func (b *Batches) PPQ() *Batches {
	out := &Batches{Specification: b.Specification, LotPattern: b.LotPattern}
	for _, l := range b.Lots {
		if l.Purpose == "PPQ" {
			out.Lots = append(out.Lots, l)
		}
	}
	if len(out.Lots) == 0 {
		return b
	}
	return out
}
