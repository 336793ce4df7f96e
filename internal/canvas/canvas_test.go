package canvas

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
	"github.com/regdoc/regdoc/internal/pdftest"
)

const special = "µ ± ≤ ≥ β – ° café"

// TestWidthsMatchGofpdf checks our cached widths against the writer's own
// measurement, since the PDF's /W array comes from the writer: if they
// disagreed, justified or right-aligned text would be visibly off.
func TestWidthsMatchGofpdf(t *testing.T) {
	fonts := NewFonts()
	samples := []string{"Hello, world", "Yield 75 % (IgG)", special, "WWW iii", "0123456789"}
	for i := 0; i < numFaces; i++ {
		f := Font{Family: Family(i / 4), Bold: i%4 >= 2, Italic: i%2 == 1}
		g := gofpdf.New("P", "pt", "Letter", "")
		fam, style := gofpdfName(f)
		g.AddUTF8FontFromBytes(fam, style, fontData(i))
		g.SetFont(fam, style, 12)
		for _, s := range samples {
			want := g.GetStringWidth(s)
			got := fonts.StringWidth(f, 12, s)
			if math.Abs(got-want) > 1e-9 {
				t.Errorf("%s: width(%q) = %v, gofpdf says %v", f.Name(), s, got, want)
			}
		}
	}
}

func TestHasGlyph(t *testing.T) {
	fonts := NewFonts()
	for _, f := range []Font{{Family: Serif}, {Family: Sans, Bold: true}, {Family: Mono, Italic: true}} {
		for _, r := range "µ±≤≥β–°Aé" {
			if !fonts.HasGlyph(f, r) {
				t.Errorf("%s lacks %q", f.Name(), r)
			}
		}
		for _, r := range []rune{'😀', '中', 0x0007} {
			if fonts.HasGlyph(f, r) {
				t.Errorf("%s claims to draw U+%04X", f.Name(), r)
			}
		}
	}
	if r, missing := fonts.MissingGlyph(Font{}, "ok 😀 then"); !missing || r != '😀' {
		t.Errorf("MissingGlyph = %q, %v; want 😀, true", r, missing)
	}
	if err := fonts.Err(); err != nil {
		t.Fatal(err)
	}
}

func samplePDF(t *testing.T) []byte {
	t.Helper()
	date := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	p := NewPDF(nil, Info{Title: "Canvas test — β", Author: "QA", Subject: "S", Keywords: "k1, k2", Creator: "regdoc test", Producer: "regdoc 0.1.0", Date: date})
	p.AddPage(Letter, Portrait)
	p.SetFont(Font{Family: Serif}, 12)
	p.Bookmark("First page", 0, 72)
	p.Text(72, 100, "Serif "+special)
	p.SetFont(Font{Family: Sans, Bold: true}, 10)
	p.Text(72, 120, "Sans bold")
	p.SetTextColor(LinkBlue)
	p.SetFont(Font{Family: Mono}, 9)
	p.Text(72, 140, "https://example.com/")
	p.URLArea(72, 131, p.StringWidth(Font{Family: Mono}, 9, "https://example.com/"), 11, "https://example.com/")
	p.SetTextColor(Black)
	link := p.AddLink()
	p.LinkArea(72, 150, 100, 12, link)
	p.SetLineWidth(0.5)
	p.Line(72, 160, 300, 160)
	p.SetFillColor(LightGrey)
	p.Rect(72, 170, 100, 20, Fill)
	p.Polygon([]Point{{200, 170}, {220, 190}, {180, 190}}, FillStroke)
	p.Circle(300, 180, 10, Stroke)
	p.Text(72, 760, "Page 1 of 2")
	p.AddPage(A4, Landscape)
	p.Bookmark("Second page", 1, 50)
	p.Text(72, 100, "Landscape A4")
	p.RotatedText(300, 400, 45, "DRAFT")
	p.SetLink(link, 2, 50)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPDFReadsBack(t *testing.T) {
	pdf := samplePDF(t)
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.4")) {
		t.Errorf("header = %q, want %%PDF-1.4", pdf[:8])
	}
	if err := pdftest.Validate(pdf); err != nil {
		t.Errorf("validate: %v", err)
	}
	pages, err := pdftest.PageTexts(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("got %d pages, want 2", len(pages))
	}
	for _, want := range []string{"Serif " + special, "Sans bold", "https://example.com/", "Page 1 of 2"} {
		if !strings.Contains(pages[0], want) {
			t.Errorf("page 1 text %q lacks %q", pages[0], want)
		}
	}
	if !strings.Contains(pages[1], "Landscape A4") || !strings.Contains(pages[1], "DRAFT") {
		t.Errorf("page 2 text = %q", pages[1])
	}
	info, err := pdftest.Info(pdf)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Title": "Canvas test — β", "Author": "QA", "Subject": "S", "Keywords": "k1, k2",
		"Creator": "regdoc test", "Producer": "regdoc 0.1.0", "Version": "14", "PageCount": "2"}
	for k, v := range want {
		if info[k] != v {
			t.Errorf("info %s = %q, want %q", k, info[k], v)
		}
	}
	bms, err := pdftest.Bookmarks(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(bms) != 1 || bms[0].Title != "First page" || bms[0].Page != 1 ||
		len(bms[0].Children) != 1 || bms[0].Children[0].Title != "Second page" || bms[0].Children[0].Page != 2 {
		t.Errorf("bookmarks = %+v", bms)
	}
	sizes, err := pdftest.PageSizes(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(sizes) != 2 || math.Abs(sizes[0].W-612) > 0.5 || math.Abs(sizes[0].H-792) > 0.5 ||
		math.Abs(sizes[1].W-841.89) > 0.5 || math.Abs(sizes[1].H-595.28) > 0.5 {
		t.Errorf("page sizes = %+v, want Letter portrait then A4 landscape", sizes)
	}
	links, err := pdftest.Links(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var uri, internal bool
	for _, l := range links {
		uri = uri || (l.Page == 1 && l.URI == "https://example.com/")
		internal = internal || (l.Page == 1 && l.DestPage == 2)
	}
	if !uri || !internal {
		t.Errorf("links = %+v, want a URI link and an internal link to page 2 on page 1", links)
	}
	// Text drawn after going back to page 1 (Letter portrait) from page 2
	// (A4 landscape) lands where asked, in page 1's coordinates.
	chars, err := pdftest.Chars(pdf)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range chars {
		if c.Page == 1 && c.Rune == 'P' && c.X0 > 71 && c.X0 < 74 {
			found = true
			if c.Y1 < 755 || c.Y1 > 764 || c.Size < 8.9 || c.Size > 9.1 {
				t.Errorf("'Page 1 of 2' glyph box %+v, want baseline near y=760 at 9 pt", c)
			}
		}
	}
	if !found {
		t.Error("no 'P' of the footer found on page 1")
	}
}

func TestPDFIsReproducible(t *testing.T) {
	a, b := samplePDF(t), samplePDF(t)
	if !bytes.Equal(a, b) {
		t.Error("two identical drawings gave different bytes")
	}
}

func TestMissingGlyphIsAnError(t *testing.T) {
	p := NewPDF(nil, Info{})
	p.AddPage(Letter, Portrait)
	p.SetFont(Font{Family: Serif}, 12)
	p.Text(72, 72, "smile 😀")
	var buf bytes.Buffer
	err := p.Output(&buf)
	if err == nil || !strings.Contains(err.Error(), "U+1F600") {
		t.Errorf("Output error = %v, want one naming U+1F600", err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written despite the error", buf.Len())
	}
}

func TestRecorder(t *testing.T) {
	r := NewRecorder(nil)
	r.AddPage(A4, Portrait)
	r.SetFont(Font{Family: Serif, Bold: true}, 14)
	r.SetTextColor(LinkBlue)
	r.Text(10, 20, "Heading")
	r.Bookmark("Heading", 0, 10)
	id := r.AddLink()
	r.SetLink(id, 1, 10)
	r.Line(0, 0, 10, 10)
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	texts := r.Texts()
	if len(texts) != 1 {
		t.Fatalf("texts = %+v", texts)
	}
	got := texts[0]
	if got.Text != "Heading" || got.Size != 14 || !got.Font.Bold || got.Color != LinkBlue || got.Page != 1 {
		t.Errorf("recorded %+v", got)
	}
	if w := r.StringWidth(Font{Family: Serif, Bold: true}, 14, "Heading"); got.W != w || w <= 0 {
		t.Errorf("recorded width %v, measured %v", got.W, w)
	}
	if w, h := r.PageSize(); math.Abs(w-595.28) > 0.01 || math.Abs(h-841.89) > 0.01 {
		t.Errorf("page size %v x %v, want A4", w, h)
	}
	if r.Targets[id] != (Target{Page: 1, Y: 10}) {
		t.Errorf("targets = %v", r.Targets)
	}
	r.Text(0, 0, "β 中")
	if err := r.Err(); err == nil || !strings.Contains(err.Error(), "U+4E2D") {
		t.Errorf("err = %v, want missing glyph U+4E2D", err)
	}
}

func BenchmarkStringWidth(b *testing.B) {
	fonts := NewFonts()
	f := Font{Family: Serif}
	s := "The liquid IVIG process reaches about 75 % IgG yield from plasma — µ ± β."
	fonts.StringWidth(f, 12, s)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fonts.StringWidth(f, 12, s)
	}
}

// TestImagesAreReproducible draws two different images of the same width:
// gofpdf orders images by width alone, from a map, so without the tie
// break the file changed from run to run.
func TestImagesAreReproducible(t *testing.T) {
	mk := func(c color.Gray) []byte {
		img := image.NewGray(image.Rect(0, 0, 50, 20))
		for i := range img.Pix {
			img.Pix[i] = c.Y
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b := mk(color.Gray{Y: 10}), mk(color.Gray{Y: 200})
	draw := func() []byte {
		p := NewPDF(nil, Info{Title: "images"})
		p.AddPage(Letter, Portrait)
		p.Image("a.png", a, PNG, 72, 72, 100, 40)
		p.Image("b.png", b, PNG, 72, 172, 100, 40)
		p.Image("a.png", a, PNG, 72, 272, 50, 20) // same name: embedded once
		var out bytes.Buffer
		if err := p.Output(&out); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	first := draw()
	if n := bytes.Count(first, []byte("/Subtype /Image")); n != 2 {
		t.Errorf("%d image objects, want 2", n)
	}
	for i := 0; i < 20; i++ {
		if !bytes.Equal(first, draw()) {
			t.Fatalf("render %d differs from the first", i+2)
		}
	}
}
