package figure

import (
	"bytes"
	"io"
	"testing"

	"github.com/regdoc/regdoc/internal/canvas"
)

// The benchmarks measure layout and drawing on a Recorder (the figure's
// own cost) and on the PDF canvas (what a build pays), sharing one font
// table as a build does.

func BenchmarkProcessFlow9(b *testing.B) {
	s := loadSpec(b, "ivig-flow.json")
	fonts := canvas.NewFonts()
	for _, bw := range []bool{false, true} {
		s.BW = bw
		b.Run(map[bool]string{false: "colour", true: "bw"}[bw], func(b *testing.B) {
			h := s.Height(fonts, 468)
			b.ReportAllocs()
			for b.Loop() {
				r := canvas.NewRecorder(fonts)
				r.AddPage(canvas.Letter, canvas.Portrait)
				if err := Draw(r, s, 72, 72, 468, h); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	s.BW = false
	b.Run("pdf", func(b *testing.B) {
		h := s.Height(fonts, 468)
		b.ReportAllocs()
		for b.Loop() {
			p := canvas.NewPDF(fonts, canvas.Info{})
			p.AddPage(canvas.Letter, canvas.Portrait)
			if err := Draw(p, s, 72, 72, 468, h); err != nil {
				b.Fatal(err)
			}
			if err := p.Output(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkYieldChart(b *testing.B) {
	s := loadSpec(b, "yield.json")
	fonts := canvas.NewFonts()
	b.Run("recorder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r := canvas.NewRecorder(fonts)
			r.AddPage(canvas.Letter, canvas.Portrait)
			if err := Draw(r, s, 72, 72, 468, 280); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pdf", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p := canvas.NewPDF(fonts, canvas.Info{})
			p.AddPage(canvas.Letter, canvas.Portrait)
			if err := Draw(p, s, 72, 72, 468, 280); err != nil {
				b.Fatal(err)
			}
			if err := p.Output(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkRenderSheets(b *testing.B) {
	sheets := patentSheets(b)
	opt := SheetOptions{Fonts: canvas.NewFonts()}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if _, err := RenderSheets(&buf, sheets, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
