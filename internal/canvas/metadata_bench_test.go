package canvas

import (
	"bytes"
	"testing"
)

// BenchmarkStamp measures adding the provenance record to a finished
// one-page PDF (the cost every document pays).
func BenchmarkStamp(b *testing.B) {
	_, rec := stampedSample(&testing.T{}, "Title")
	p := NewPDF(nil, Info{Title: "Title"})
	p.AddPage(Letter, Portrait)
	p.SetFont(Font{Family: Serif}, 12)
	p.Text(72, 72, "Yield 75 %")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Stamp(buf.Bytes(), rec); err != nil {
			b.Fatal(err)
		}
	}
}
