package stability

import (
	"errors"
	"math"
)

// leastSquares is an ordinary least-squares fit y = Xβ + ε with its
// residual sum of squares, degrees of freedom and (XᵀX)⁻¹, which the
// confidence limit of the mean needs.
type leastSquares struct {
	beta []float64
	inv  [][]float64 // (XᵀX)⁻¹
	sse  float64
	df   int
}

var errSingular = errors.New("design matrix is singular")

// fitLeastSquares solves the normal equations. The designs here are tiny
// (at most two columns per batch) and well conditioned (months 0–60), so
// Gauss–Jordan elimination with partial pivoting is exact enough; the
// tests hold it to a reference implementation at 1e-9.
func fitLeastSquares(x [][]float64, y []float64) (*leastSquares, error) {
	n := len(y)
	if n == 0 {
		return nil, errSingular
	}
	p := len(x[0])
	xtx := make([][]float64, p)
	xty := make([]float64, p)
	for i := range xtx {
		xtx[i] = make([]float64, p)
	}
	for r := 0; r < n; r++ {
		for i := 0; i < p; i++ {
			xty[i] += x[r][i] * y[r]
			for j := 0; j < p; j++ {
				xtx[i][j] += x[r][i] * x[r][j]
			}
		}
	}
	inv, err := invert(xtx)
	if err != nil {
		return nil, err
	}
	beta := make([]float64, p)
	for i := 0; i < p; i++ {
		for j := 0; j < p; j++ {
			beta[i] += inv[i][j] * xty[j]
		}
	}
	sse := 0.0
	for r := 0; r < n; r++ {
		fit := 0.0
		for i := 0; i < p; i++ {
			fit += x[r][i] * beta[i]
		}
		d := y[r] - fit
		sse += d * d
	}
	return &leastSquares{beta: beta, inv: inv, sse: sse, df: n - p}, nil
}

// invert returns the inverse of a symmetric positive definite matrix by
// Gauss–Jordan elimination with partial pivoting.
func invert(a [][]float64) ([][]float64, error) {
	p := len(a)
	m := make([][]float64, p)
	scale := 0.0
	for i := range a {
		m[i] = make([]float64, 2*p)
		copy(m[i], a[i])
		m[i][p+i] = 1
		for _, v := range a[i] {
			scale = math.Max(scale, math.Abs(v))
		}
	}
	for c := 0; c < p; c++ {
		piv := c
		for r := c + 1; r < p; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[piv][c]) {
				piv = r
			}
		}
		if math.Abs(m[piv][c]) <= 1e-12*scale {
			return nil, errSingular
		}
		m[c], m[piv] = m[piv], m[c]
		d := m[c][c]
		for j := range m[c] {
			m[c][j] /= d
		}
		for r := 0; r < p; r++ {
			if r == c || m[r][c] == 0 {
				continue
			}
			f := m[r][c]
			for j := range m[r] {
				m[r][j] -= f * m[c][j]
			}
		}
	}
	out := make([][]float64, p)
	for i := range m {
		out[i] = m[i][p:]
	}
	return out, nil
}

// mean returns x₀ᵀβ and the standard error factor √(x₀ᵀ(XᵀX)⁻¹x₀) (to be
// multiplied by the residual SD).
func (f *leastSquares) mean(x0 []float64) (fit, factor float64) {
	q := 0.0
	for i := range x0 {
		fit += x0[i] * f.beta[i]
		for j := range x0 {
			q += x0[i] * f.inv[i][j] * x0[j]
		}
	}
	return fit, math.Sqrt(math.Max(q, 0))
}

// residualSD is √(SSE/df), the s of the confidence limit.
func (f *leastSquares) residualSD() float64 {
	if f.df <= 0 {
		return math.NaN()
	}
	return math.Sqrt(f.sse / float64(f.df))
}
