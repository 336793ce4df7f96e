package model

import (
	"testing"
)

func lotsWith(results ...*Result) *Batches {
	b := &Batches{}
	for i, r := range results {
		l := &Lot{Lot: string(rune('A' + i))}
		if r != nil {
			l.Results = []*Result{r}
		}
		b.Lots = append(b.Lots, l)
	}
	return b
}

func val(q, v string) *Result {
	n := Num(v)
	return &Result{Test: "t", Qualifier: q, Value: &n}
}

// The review found "2 ± 0, n = 1" for a test with two lots "< 2" and one
// lot "2": censored results must never be averaged.
func TestSummariseNeverAveragesCensored(t *testing.T) {
	cases := []struct {
		name string
		b    *Batches
		want string
		n    int
		mean bool
	}{
		{"all quantified", lotsWith(val("", "4.2"), val("", "4.4"), val("", "4.3")), "4.3\u00a0±\u00a00.1", 3, true},
		{"some censored (PKA)", lotsWith(val("<", "2"), val("", "2"), val("<", "2")), "<\u00a02 – 2 (2 of 3 censored)", 3, false},
		{"leached protein A", lotsWith(val("<", "2"), val("<", "2"), val("", "2.4")), "<\u00a02 – 2.4 (2 of 3 censored)", 3, false},
		{"all censored, one limit", lotsWith(val("<", "0.16"), val("<", "0.16"), val("<", "0.16")), "<\u00a00.16 (all 3 censored)", 3, false},
		{"all censored, two limits", lotsWith(val("<", "0.05"), val("<", "0.1")), "<\u00a00.05 – <\u00a00.1 (all 2 censored)", 2, false},
		{"above range", lotsWith(val("≥", "6.2"), val("", "5.9")), "5.9 – ≥\u00a06.2 (1 of 2 censored)", 2, false},
		{"titres", lotsWith(&Result{Test: "t", Titre: 16}, &Result{Test: "t", Titre: 8}), "1:8 – 1:16", 2, false},
		{"text", lotsWith(&Result{Test: "t", Text: "Complies"}, &Result{Test: "t", Text: "Complies"}), "Complies (all 2)", 2, false},
		{"one lot untested", lotsWith(val("", "1.0"), nil), "1.0", 1, true},
		{"none", lotsWith(nil), "not tested", 0, false},
	}
	for _, c := range cases {
		s := c.b.Summarise("t")
		if got := s.Text(); got != c.want {
			t.Errorf("%s: Text() = %q, want %q", c.name, got, c.want)
		}
		if s.N != c.n || s.HasMean() != c.mean {
			t.Errorf("%s: N = %d, HasMean = %v; want %d, %v", c.name, s.N, s.HasMean(), c.n, c.mean)
		}
	}
}

// A mean over the quantified lots alone, beside censored ones, is the
// review's "2.4 ± 0.0, n = 1": TestStat gives no mean for such a test, so
// no document (the patent exhibit's comparison included) can print one.
func TestTestStatRefusesPartlyCensored(t *testing.T) {
	b := lotsWith(val("<", "2"), val("<", "2"), val("", "2.4"))
	if st := b.TestStat("t"); st.N != 0 {
		t.Errorf("TestStat over two censored and one quantified result = %+v; want no mean (N 0)", st)
	}
	b = lotsWith(val("", "2.2"), val("", "2.4"))
	if st := b.TestStat("t"); st.N != 2 || st.Mean < 2.29 || st.Mean > 2.31 {
		t.Errorf("TestStat over two quantified results = %+v; want mean 2.3, N 2", st)
	}
}
