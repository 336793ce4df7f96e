package model

import (
	"math"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/internal/stats"
)

// Justification is the content of justification.json: for each test of
// the drug substance specification, what a writer cannot compute — the
// compendial requirement, the safety reasoning — and which lots supplied
// the clinical studies. Everything numeric in 3.2.S.4.5 (lot statistics,
// capability, the figures) is computed from batches.json and the
// specification, never typed here.
type Justification struct {
	Specification string               `json:"specification"`
	ClinicalLots  []string             `json:"clinical_lots"`
	Tests         []*TestJustification `json:"tests"`
}

// TestJustification is what the data say about one test's criterion.
type TestJustification struct {
	Test       string `json:"test"`
	Compendial string `json:"compendial"`
	Safety     Rich   `json:"safety"`
	Rationale  Rich   `json:"rationale"`
}

// For returns the justification of a test, or nil.
func (j *Justification) For(testID string) *TestJustification {
	if j == nil {
		return nil
	}
	for _, t := range j.Tests {
		if t != nil && t.Test == testID {
			return t
		}
	}
	return nil
}

// LotStats summarises one test over a set of lots, counting only
// quantified results in the statistics: a censored result ("< 2", "> 64")
// says only on which side of a number the value lies, so averaging its
// number would invent a value. Censored results are counted apart.
type LotStats struct {
	Lots     []string // lots with a result, in the order of batches.json
	N        int      // quantified (plain numeric) results
	Min, Max float64
	Mean, SD float64 // SD is 0 for fewer than two quantified results
	Decimals int     // the most decimals among the quantified results
	Censored []*Result
	Titres   []int    // reciprocal titres (titre tests)
	Texts    []string // text results ("Complies")
}

// HasSD reports whether an SD can be given (two or more quantified results).
func (s LotStats) HasSD() bool { return s.N >= 2 }

// AllCensored reports whether every result is censored: the test is
// listed among the censored tests and has no statistics.
func (s LotStats) AllCensored() bool { return s.N == 0 && len(s.Censored) > 0 }

// CensoredText is the censored results as printed, "< 2 (2 lots)", each
// distinct bound once with its count, in the order they first occur.
func (s LotStats) CensoredText() string {
	texts := make([]string, len(s.Censored))
	for i, r := range s.Censored {
		texts[i] = r.Qualifier + " " + r.Value.String()
	}
	return countedOnce(texts)
}

// TextSummary is the text results as printed, each distinct text once
// with its count: "Complies (3 lots)".
func (s LotStats) TextSummary() string { return countedOnce(s.Texts) }

// countedOnce lists each distinct text once, in the order it first
// occurs, with how many lots gave it: "< 2 (2 lots), < 1 (1 lot)".
func countedOnce(texts []string) string {
	var order []string
	count := map[string]int{}
	for _, t := range texts {
		if count[t] == 0 {
			order = append(order, t)
		}
		count[t]++
	}
	parts := make([]string, len(order))
	for i, t := range order {
		parts[i] = t + " (" + Count(count[t], "lot", "lots") + ")"
	}
	return strings.Join(parts, ", ")
}

// TitreRange is the range of reciprocal titres, "1:8 to 1:16", or "1:16".
func (s LotStats) TitreRange() string {
	if len(s.Titres) == 0 {
		return ""
	}
	lo, hi := slices.Min(s.Titres), slices.Max(s.Titres)
	if lo == hi {
		return "1:" + itoa(hi)
	}
	return "1:" + itoa(lo) + " to 1:" + itoa(hi)
}

func itoa(n int) string { return stats.Format(float64(n), 0) }

// statsOf summarises test testID over the given lots.
func statsOf(lots []*Lot, testID string) LotStats {
	var s LotStats
	var xs []float64
	for _, l := range lots {
		r := l.Result(testID)
		if r == nil {
			continue
		}
		s.Lots = append(s.Lots, l.Lot)
		switch {
		case r.Titre > 0:
			s.Titres = append(s.Titres, r.Titre)
		case r.Value != nil && r.Qualifier != "":
			s.Censored = append(s.Censored, r)
		case r.Value != nil:
			xs = append(xs, r.Value.Float())
			s.Decimals = max(s.Decimals, r.Value.Decimals())
		case r.Text != "":
			s.Texts = append(s.Texts, r.Text)
		}
	}
	s.N = len(xs)
	if s.N == 0 {
		return s
	}
	s.Min, s.Max, s.Mean = slices.Min(xs), slices.Max(xs), stats.Mean(xs)
	if s.N >= 2 {
		s.SD = stats.SD(xs)
	}
	return s
}

// TestBasis is everything 3.2.S.4.5 says about one test: the data's
// reasoning and the statistics computed from the lots.
type TestBasis struct {
	Test          *Test
	Justification *TestJustification // nil when the data say nothing of the test
	Clinical      LotStats           // the lots that supplied the clinical studies
	PPQ           LotStats           // the PPQ lots
	All           LotStats           // every lot of batches.json
}

// Bases names the kinds of evidence behind the criterion, in the order a
// reviewer weighs them: "compendial", "clinical lots", "PPQ lots",
// "process capability", "safety".
func (b TestBasis) Bases() []string {
	var out []string
	if b.Justification != nil && b.Justification.Compendial != "" {
		out = append(out, "compendial")
	}
	if len(b.Clinical.Lots) > 0 {
		out = append(out, "clinical lots")
	}
	if len(b.PPQ.Lots) > 0 {
		out = append(out, "PPQ lots")
	}
	// A capability index below 1 does not support the criterion; the
	// summary still prints it.
	if ppk, ok := b.Capability(); ok && ppk >= 1 {
		out = append(out, "process capability")
	}
	if b.Justification != nil && b.Justification.Safety != "" {
		out = append(out, "safety")
	}
	return out
}

// Capability is the process performance index Ppk of the PPQ lots against
// the acceptance criterion: the distance from the mean to the nearer limit
// in units of three standard deviations. ok is false without a numeric
// limit, with fewer than two quantified PPQ results or with an SD of 0.
func (b TestBasis) Capability() (ppk float64, ok bool) {
	s, c := b.PPQ, b.Test.Criterion
	if s.N < 2 || s.SD == 0 || len(s.Censored) > 0 {
		return 0, false
	}
	ppk = math.Inf(1)
	switch c.Type {
	case "range":
		if c.Low == nil || c.High == nil {
			return 0, false
		}
		ppk = math.Min(s.Mean-c.Low.Float(), c.High.Float()-s.Mean) / (3 * s.SD)
	case "nlt", "gt":
		if c.Value == nil {
			return 0, false
		}
		ppk = (s.Mean - c.Value.Float()) / (3 * s.SD)
	case "nmt", "lt":
		if c.Value == nil {
			return 0, false
		}
		ppk = (c.Value.Float() - s.Mean) / (3 * s.SD)
	default:
		return 0, false
	}
	return ppk, true
}

// PPK is Capability for templates: the index, 0 when there is none.
func (b TestBasis) PPK() float64 {
	v, _ := b.Capability()
	return v
}

// HasCapability reports whether Capability has a value.
func (b TestBasis) HasCapability() bool {
	_, ok := b.Capability()
	return ok
}

// Figured reports whether the test has quantified results to plot against
// its limits.
func (b TestBasis) Figured() bool {
	switch b.Test.Criterion.Type {
	case "text", "titre_max", "report":
		return false
	}
	return b.All.N > 0
}

// SpecJustification computes the basis of every test of the drug
// substance specification from the batches and the justification data.
// Clinical lots are those justification.json names; PPQ lots those whose
// purpose is PPQ (every lot when none is).
func (p *Project) SpecJustification() []TestBasis {
	if p.Specification == nil || p.Batches == nil {
		return nil
	}
	clinical := map[string]bool{}
	if p.Justification != nil {
		for _, l := range p.Justification.ClinicalLots {
			clinical[strings.ToLower(strings.TrimSpace(l))] = true
		}
	}
	var cl []*Lot
	for _, l := range p.Batches.Lots {
		if l != nil && clinical[strings.ToLower(strings.TrimSpace(l.Lot))] {
			cl = append(cl, l)
		}
	}
	// As in 3.2.S.2.5, the PPQ lots are those marked PPQ, or every lot
	// when none is.
	ppq := p.Batches.PPQ().Lots
	out := make([]TestBasis, 0, len(p.Specification.Tests))
	for _, t := range p.Specification.Tests {
		if t == nil {
			continue
		}
		out = append(out, TestBasis{
			Test:          t,
			Justification: p.Justification.For(t.ID),
			Clinical:      statsOf(cl, t.ID),
			PPQ:           statsOf(ppq, t.ID),
			All:           statsOf(p.Batches.Lots, t.ID),
		})
	}
	return out
}

// CensoredTests are the tests of bases with a censored result in any lot:
// their statistics leave those results out, and 3.2.S.4.5 lists them.
func CensoredTests(bases []TestBasis) []TestBasis {
	var out []TestBasis
	for _, b := range bases {
		if len(b.All.Censored) > 0 {
			out = append(out, b)
		}
	}
	return out
}

// CensoredSpecTests are the tests of the drug substance specification with
// a censored result in any lot (CensoredTests of SpecJustification).
func (p *Project) CensoredSpecTests() []TestBasis { return CensoredTests(p.SpecJustification()) }
