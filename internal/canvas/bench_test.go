package canvas_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifregular"
	"github.com/jung-kurt/gofpdf"
	"github.com/regdoc/regdoc/internal/mdpdf"
)

// The benchmarks compare the typesetter with a baseline that draws the
// same words with bare gofpdf MultiCell in the same fonts. The baseline
// lives here because internal/canvas is the only package that may import
// gofpdf.

// benchBlock is one block of the benchmark document.
type benchBlock struct {
	kind  string // "h", "p", "li", "row"
	depth int
	text  string
	cells []string
}

// benchDoc builds a document of about pages Letter pages (as mdpdf sets
// it): per 30 pages, 17 sections of headings, paragraphs and nested lists
// and a 200-row table.
func benchDoc(pages int) []benchBlock {
	rng := rand.New(rand.NewSource(42))
	vocab := strings.Fields("plasma fractionation immune globulin yield purity caprylate chromatography " +
		"nanofiltration virus reduction solvent detergent ethanol precipitation supernatant cryoprecipitate " +
		"albumin diafiltration formulation glycine concentration potency sterility endotoxin")
	sentence := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[rng.Intn(len(vocab))]
		}
		return strings.Join(w, " ")
	}
	var out []benchBlock
	for part := 0; part < (pages+29)/30; part++ {
		for s := 0; s < 17; s++ {
			out = append(out, benchBlock{kind: "h", text: fmt.Sprintf("Section %d.%d %s", part+1, s+1, sentence(3))})
			for p := 0; p < 4; p++ {
				out = append(out, benchBlock{kind: "p", text: sentence(60+rng.Intn(60)) + "."})
			}
			for i := 0; i < 4; i++ {
				out = append(out, benchBlock{kind: "li", depth: i % 3, text: sentence(8 + rng.Intn(20))})
			}
		}
		for i := 0; i < 200; i++ {
			out = append(out, benchBlock{kind: "row", cells: []string{fmt.Sprintf("B%04d", i), sentence(3), fmt.Sprintf("%d.%d", 60+rng.Intn(30), rng.Intn(10)), sentence(4)}})
		}
	}
	return out
}

func benchMarkdown(blocks []benchBlock) []byte {
	var b strings.Builder
	inTable := false
	for _, bl := range blocks {
		if bl.kind != "row" && inTable {
			b.WriteString("\n")
			inTable = false
		}
		switch bl.kind {
		case "h":
			b.WriteString("## " + bl.text + "\n\n")
		case "p":
			b.WriteString(bl.text + "\n\n")
		case "li":
			b.WriteString(strings.Repeat("  ", bl.depth) + "- " + bl.text + "\n")
		case "row":
			if !inTable {
				b.WriteString("\n| Batch | Step | Yield (%) | Comment |\n|---|---|--:|---|\n")
				inTable = true
			}
			b.WriteString("| " + strings.Join(bl.cells, " | ") + " |\n")
		}
		if bl.kind == "li" {
			continue
		}
	}
	return []byte(b.String())
}

// baseline draws the blocks with gofpdf MultiCell: no links, outline,
// widow control or table layout, just the same words in the same faces.
func baseline(w io.Writer, blocks []benchBlock) error {
	f := gofpdf.New("P", "pt", "Letter", "")
	f.SetMargins(72, 72, 72)
	f.SetAutoPageBreak(true, 72)
	f.AddUTF8FontFromBytes("serif", "", liberationserifregular.TTF)
	f.AddUTF8FontFromBytes("serif", "B", liberationserifbold.TTF)
	f.SetCreationDate(time.Unix(0, 0))
	f.SetModificationDate(time.Unix(0, 0))
	f.SetCatalogSort(true)
	f.AddPage()
	for _, bl := range blocks {
		switch bl.kind {
		case "h":
			f.SetFont("serif", "B", 14)
			f.MultiCell(0, 17, bl.text, "", "L", false)
		case "p":
			f.SetFont("serif", "", 12)
			f.MultiCell(0, 14.4, bl.text, "", "L", false)
		case "li":
			f.SetFont("serif", "", 12)
			f.SetX(72 + 18*float64(bl.depth+1))
			f.MultiCell(0, 14.4, "• "+bl.text, "", "L", false)
		case "row":
			f.SetFont("serif", "", 10)
			f.MultiCell(0, 12, strings.Join(bl.cells, "   "), "1", "L", false)
		}
	}
	return f.Output(w)
}

func render(w io.Writer, blocks []benchBlock) error {
	_, err := mdpdf.Render(w, benchMarkdown(blocks), mdpdf.Options{Meta: mdpdf.Metadata{
		Title: "Benchmark", DocumentNumber: "B-1", Version: "1", Confidentiality: "CONFIDENTIAL", Date: time.Unix(0, 0),
	}})
	return err
}

func BenchmarkBaseline30(b *testing.B) { benchmark(b, 30, baseline) }
func BenchmarkRender30(b *testing.B)   { benchmark(b, 30, render) }
func BenchmarkRender100(b *testing.B)  { benchmark(b, 100, render) }
func BenchmarkRender1000(b *testing.B) { benchmark(b, 1000, render) }

// countWriter counts bytes and page objects so the benchmark reports the
// output size without keeping the file.
type countWriter struct {
	n     int64
	pages int
}

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	c.pages += bytes.Count(p, []byte("<</Type /Page\n"))
	return len(p), nil
}

func benchmark(b *testing.B, pages int, fn func(io.Writer, []benchBlock) error) {
	blocks := benchDoc(pages)
	b.ReportAllocs()
	b.ResetTimer()
	var cw countWriter
	for i := 0; i < b.N; i++ {
		cw = countWriter{}
		if err := fn(&cw, blocks); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cw.n), "pdf-bytes")
	b.ReportMetric(float64(cw.pages), "pages")
}
