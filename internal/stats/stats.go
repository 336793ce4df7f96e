// Package stats holds the numeric helpers regulatory tables need: rounding a
// value the way pharmacopoeias do before it is compared with a limit, and the
// mean, standard deviation and relative standard deviation of a series.
package stats

import (
	"math"
	"strconv"
	"strings"
)

// RoundHalfUp rounds x to the given number of decimals, halves away from
// zero on the absolute value (USP General Notices 7.20: round once, from the
// unrounded value). The value is rounded through its shortest decimal
// representation so that 2.05 rounds to 2.1 even though the nearest binary
// double is 2.04999...
func RoundHalfUp(x float64, decimals int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	r := roundDecimalString(s, decimals)
	v, err := strconv.ParseFloat(r, 64)
	if err != nil {
		return x
	}
	if x < 0 {
		return -v
	}
	return v
}

// Format renders x with exactly the given number of decimals after rounding
// half up, so 74.95 prints as "75.0" (strconv would print "74.9" because it
// rounds the binary value half to even).
func Format(x float64, decimals int) string {
	if decimals < 0 {
		decimals = 0
	}
	neg := x < 0
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	r := roundDecimalString(s, decimals)
	if neg && strings.Trim(r, "0.") != "" {
		return "-" + r
	}
	return r
}

// roundDecimalString rounds a non-negative plain decimal string to n
// decimals, half up, and pads with zeros to exactly n decimals.
func roundDecimalString(s string, n int) string {
	intPart, frac, _ := strings.Cut(s, ".")
	if len(frac) <= n {
		if n == 0 {
			return intPart
		}
		return intPart + "." + frac + strings.Repeat("0", n-len(frac))
	}
	digits := []byte(intPart + frac[:n])
	if frac[n] >= '5' {
		i := len(digits) - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	ip := string(digits[:len(digits)-n])
	if n == 0 {
		return ip
	}
	return ip + "." + string(digits[len(digits)-n:])
}

// Decimals reports how many digits follow the decimal point in a number as
// written ("2.0" has 1, "20" has 0, "1.50e2" has 0 after scaling). Limits are
// compared at the precision they are written with.
func Decimals(written string) int {
	mant, exp, hasExp := strings.Cut(strings.ToLower(written), "e")
	_, frac, _ := strings.Cut(mant, ".")
	d := len(frac)
	if hasExp {
		e, err := strconv.Atoi(exp)
		if err == nil {
			d -= e
		}
	}
	if d < 0 {
		d = 0
	}
	return d
}

// Mean is the arithmetic mean; NaN for an empty series.
func Mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// SD is the sample standard deviation (n−1 denominator), as batch-analysis
// tables report it; NaN for fewer than two values.
func SD(xs []float64) float64 {
	if len(xs) < 2 {
		return math.NaN()
	}
	m := Mean(xs)
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

// RSD is the relative standard deviation in percent.
func RSD(xs []float64) float64 {
	return 100 * SD(xs) / Mean(xs)
}
