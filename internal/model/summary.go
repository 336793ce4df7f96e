package model

import (
	"math"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/stats"
)

// ResultSummary is what a consistency table may say about one test over a
// set of lots. A result written "< 2" or "≥ 6.2" is censored: its true
// value is not known, so it is never averaged. A mean ± SD is stated only
// when every result is quantified; otherwise the table gives the range
// and says how many results are censored, and a test whose results are
// all censored is listed as such rather than dropped.
type ResultSummary struct {
	// Test is the test summarised: two tests whose results give the same
	// figures (two titres of the same range) are still two summaries.
	Test       string
	Lots       int // lots in the set
	N          int // lots with a result for the test
	Quantified int // plain numeric results
	Censored   int // numeric results with a qualifier (<, ≤, >, ≥)
	Titres     int
	Texts      int
	// Mean and SD are over the quantified results (SD 0 for one result);
	// Decimals is the most decimals among them, for printing.
	Mean, SD float64
	Decimals int
	// Low and High are the extreme numeric results, censored ones placed
	// just beside their limit ("< 2" below 2), for the range.
	Low, High *Result
	// LowTitre and HighTitre are the extreme reciprocal titres.
	LowTitre, HighTitre int
	texts               []string
}

// Summarise summarises one test over the lots.
func (b *Batches) Summarise(testID string) ResultSummary {
	s := ResultSummary{Test: testID, Lots: len(b.Lots)}
	var xs []float64
	for _, l := range b.Lots {
		r := l.Result(testID)
		if r == nil {
			continue
		}
		s.N++
		switch {
		case r.Text != "":
			s.Texts++
			s.texts = append(s.texts, r.Text)
		case r.Titre > 0:
			s.Titres++
			if s.LowTitre == 0 || r.Titre < s.LowTitre {
				s.LowTitre = r.Titre
			}
			if r.Titre > s.HighTitre {
				s.HighTitre = r.Titre
			}
		case r.Value != nil:
			if r.Qualifier == "" {
				s.Quantified++
				xs = append(xs, r.Value.Float())
				s.Decimals = max(s.Decimals, r.Value.Decimals())
			} else {
				s.Censored++
			}
			if s.Low == nil || orderOf(r) < orderOf(s.Low) {
				s.Low = r
			}
			if s.High == nil || orderOf(r) > orderOf(s.High) {
				s.High = r
			}
		}
	}
	if len(xs) > 0 {
		s.Mean = stats.Mean(xs)
		if len(xs) > 1 {
			s.SD = stats.SD(xs)
		}
	}
	return s
}

// orderOf orders numeric results: "< x" and "≤ x" just below x, "> x" and
// "≥ x" just above it, so a range reads from the smallest to the largest.
func orderOf(r *Result) float64 {
	x := r.Value.Float()
	switch r.Qualifier {
	case "<", "≤":
		return math.Nextafter(x, math.Inf(-1))
	case ">", "≥":
		return math.Nextafter(x, math.Inf(1))
	}
	return x
}

// HasMean reports whether a mean ± SD may be stated: every result of the
// test is a quantified number.
func (s ResultSummary) HasMean() bool {
	return s.Quantified > 0 && s.Quantified == s.N
}

// AllCensored reports whether every result is censored.
func (s ResultSummary) AllCensored() bool { return s.Censored > 0 && s.Censored == s.N }

const nbsp = "\u00a0"

// Text is the summary as a consistency table prints it:
//
//	"100.5 ± 0.7"                      every result quantified (mean ± SD)
//	"< 2 – 2 (2 of 3 censored)"        some censored: the range and the count
//	"< 0.16 (all 3 censored)"          every result censored
//	"1:8 – 1:16"                       titres: the range
//	"Complies (all 3)"                 one text for every lot
//
// Mixed kinds of result (numbers beside text) are listed one by one.
func (s ResultSummary) Text() string {
	if s.N == 0 {
		return "not tested"
	}
	kinds := 0
	for _, k := range []int{s.Quantified + s.Censored, s.Titres, s.Texts} {
		if k > 0 {
			kinds++
		}
	}
	if kinds > 1 {
		return "results of different kinds; see 3.2.S.4.4"
	}
	switch {
	case s.HasMean():
		if s.N == 1 {
			return stats.Format(s.Mean, s.Decimals)
		}
		return stats.Format(s.Mean, s.Decimals) + nbsp + "±" + nbsp + stats.Format(s.SD, s.Decimals)
	case s.AllCensored():
		if s.Low.Qualifier == s.High.Qualifier && s.Low.Value.String() == s.High.Value.String() {
			return valueText(s.Low) + " (all " + strconv.Itoa(s.N) + " censored)"
		}
		return valueText(s.Low) + " – " + valueText(s.High) + " (all " + strconv.Itoa(s.N) + " censored)"
	case s.Censored > 0:
		return valueText(s.Low) + " – " + valueText(s.High) + " (" + strconv.Itoa(s.Censored) + " of " + strconv.Itoa(s.N) + " censored)"
	case s.Titres > 0:
		if s.LowTitre == s.HighTitre {
			return "1:" + strconv.Itoa(s.LowTitre) + " (all " + strconv.Itoa(s.N) + ")"
		}
		return "1:" + strconv.Itoa(s.LowTitre) + " – 1:" + strconv.Itoa(s.HighTitre)
	}
	same := true
	for _, t := range s.texts {
		same = same && strings.EqualFold(t, s.texts[0])
	}
	if same {
		return s.texts[0] + " (all " + strconv.Itoa(s.N) + ")"
	}
	return strings.Join(s.texts, "; ")
}

// valueText prints a numeric result with its qualifier: "< 2", "2.4".
func valueText(r *Result) string {
	if r.Qualifier != "" {
		return r.Qualifier + nbsp + r.Value.String()
	}
	return r.Value.String()
}
