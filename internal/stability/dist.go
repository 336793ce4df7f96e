package stability

import (
	"math"
)

// The t and F distributions both reduce to the regularized incomplete beta
// function I_x(a, b); it is evaluated by its continued fraction (modified
// Lentz), on the side of the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where the
// fraction converges quickly.

const (
	betaEpsilon  = 1e-16
	betaTiny     = 1e-300
	betaMaxTerms = 10000
)

// RegIncBeta returns the regularized incomplete beta function I_x(a, b) for
// a, b > 0 and 0 ≤ x ≤ 1; NaN outside that domain.
func RegIncBeta(x, a, b float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsNaN(a) || math.IsNaN(b) || a <= 0 || b <= 0 || x < 0 || x > 1:
		return math.NaN()
	case x == 0:
		return 0
	case x == 1:
		return 1
	}
	// The continued fraction converges for x < (a+1)/(a+b+2); beyond that
	// evaluate the complement, whose fraction then converges.
	if x > (a+1)/(a+b+2) {
		return 1 - RegIncBeta(1-x, b, a)
	}
	lga, _ := math.Lgamma(a)
	lgb, _ := math.Lgamma(b)
	lgab, _ := math.Lgamma(a + b)
	front := math.Exp(a*math.Log(x) + b*math.Log1p(-x) - lga - lgb + lgab)
	return front * betaContinuedFraction(x, a, b) / a
}

// betaContinuedFraction evaluates the continued fraction of I_x(a,b) by the
// modified Lentz method (Numerical Recipes §6.4, Lentz 1976).
func betaContinuedFraction(x, a, b float64) float64 {
	qab, qap, qam := a+b, a+1, a-1
	c := 1.0
	d := 1 - qab*x/qap
	if math.Abs(d) < betaTiny {
		d = betaTiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= betaMaxTerms; m++ {
		fm := float64(m)
		m2 := 2 * fm
		// Even step.
		aa := fm * (b - fm) * x / ((qam + m2) * (a + m2))
		d = 1 + aa*d
		if math.Abs(d) < betaTiny {
			d = betaTiny
		}
		c = 1 + aa/c
		if math.Abs(c) < betaTiny {
			c = betaTiny
		}
		d = 1 / d
		h *= d * c
		// Odd step.
		aa = -(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2))
		d = 1 + aa*d
		if math.Abs(d) < betaTiny {
			d = betaTiny
		}
		c = 1 + aa/c
		if math.Abs(c) < betaTiny {
			c = betaTiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < betaEpsilon {
			return h
		}
	}
	return h
}

// StudentTCDF returns P(T ≤ t) for Student's t with df degrees of freedom.
func StudentTCDF(t, df float64) float64 {
	if math.IsNaN(t) || df <= 0 {
		return math.NaN()
	}
	if math.IsInf(t, 1) {
		return 1
	}
	if math.IsInf(t, -1) {
		return 0
	}
	// P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2).
	tail := 0.5 * RegIncBeta(df/(df+t*t), df/2, 0.5)
	if t >= 0 {
		return 1 - tail
	}
	return tail
}

// StudentTQuantile returns t such that P(T ≤ t) = p, for 0 < p < 1.
func StudentTQuantile(p, df float64) float64 {
	if math.IsNaN(p) || p <= 0 || p >= 1 || df <= 0 {
		return math.NaN()
	}
	if p == 0.5 {
		return 0
	}
	if p < 0.5 {
		return -StudentTQuantile(1-p, df)
	}
	// Bracket, then bisect to the last representable step: the CDF is
	// monotone, so bisection cannot fail, and a few hundred evaluations
	// are nothing beside a document build.
	lo, hi := 0.0, 1.0
	for StudentTCDF(hi, df) < p {
		lo, hi = hi, hi*2
		if hi > 1e300 {
			return math.Inf(1)
		}
	}
	for i := 0; i < 2000; i++ {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi {
			break
		}
		if StudentTCDF(mid, df) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2
}

// FSurvival returns P(F > f) for the F distribution with (d1, d2) degrees of
// freedom: the p-value of an F test.
func FSurvival(f, d1, d2 float64) float64 {
	if math.IsNaN(f) || d1 <= 0 || d2 <= 0 {
		return math.NaN()
	}
	if f <= 0 {
		return 1
	}
	if math.IsInf(f, 1) {
		return 0
	}
	// P(F > f) = I_{d2/(d2+d1 f)}(d2/2, d1/2).
	return RegIncBeta(d2/(d2+d1*f), d2/2, d1/2)
}
