package stability

import "testing"

// BenchmarkEvaluate measures one attribute's whole evaluation (fits,
// ANCOVA, crossing search) on three batches of seven time points.
func BenchmarkEvaluate(b *testing.B) {
	pts, dir, crit := loadSet(b, "purity-not-poolable")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Evaluate(pts, dir, crit, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStudentTQuantile measures the bisection on the t CDF.
func BenchmarkStudentTQuantile(b *testing.B) {
	for b.Loop() {
		StudentTQuantile(0.95, 17)
	}
}
