package pipeline

import (
	"testing"
	"time"
)

// BenchmarkTrace measures what --emit trace adds to one document (the
// process description): composing again with traced actions, reading the
// pages back and resolving every value; BenchmarkTypeset is the document
// without it, for comparison.
func BenchmarkTrace(b *testing.B) {
	l := loadProject(b, "../../examples/ivig-liquid")
	d := filterDocs(l.Project.Manifest.Documents, []string{"s222"})[0]
	date := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	md, pdf, _, err := l.typesetDocument(d, date)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.traceDocument(d, md, pdf, date); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTypeset(b *testing.B) {
	l := loadProject(b, "../../examples/ivig-liquid")
	d := filterDocs(l.Project.Manifest.Documents, []string{"s222"})[0]
	date := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := l.typesetDocument(d, date); err != nil {
			b.Fatal(err)
		}
	}
}
