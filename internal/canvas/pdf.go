package canvas

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// PDF is the Canvas that writes a PDF file through gofpdf. It is the only
// code in the repository that imports gofpdf, and it applies the settings
// every submitted file needs:
//
//   - PDF 1.4 header (SetAlpha(1, "Normal") once the first page exists;
//     called earlier it corrupts the file);
//   - embedded subset TrueType fonts with ToUnicode maps, so text extracts;
//   - fixed creation/modification dates and a sorted catalog, so the same
//     drawing gives the same bytes;
//   - no automatic page breaks, margins or headers: layout is the caller's.
type PDF struct {
	measurer
	fpdf *gofpdf.Fpdf
	err  error

	added   [numFaces]bool // faces registered with gofpdf (lazily: unused faces are not embedded)
	images  map[string]bool
	marks   []mark    // outline entries, written at Output
	heights []float64 // page heights in points, by page index
	lifted  bool      // header lifted to 1.4
	// fallbackAdded says the fallback font is registered with gofpdf.
	fallbackAdded bool
	fontSet       bool // a font has been selected on the current page
	font          Font
	size          float64
	text          Color
	stroke        Color
	fill          Color
	lineW         float64
	dash          [2]float64
	// known says the colour or width above is the writer's current one;
	// gofpdf writes an operator for every call, so unchanged settings are
	// skipped (drawing a table sets them for every rule).
	textKnown, strokeKnown, fillKnown, lineKnown bool
}

// mark is a deferred outline entry.
type mark struct {
	title string
	level int
	page  int
	y     float64
}

// NewPDF returns an empty PDF canvas measuring with fonts (nil means a new
// table) and carrying info as its document information.
func NewPDF(fonts *Fonts, info Info) *PDF {
	w, h := Letter.Size(Portrait)
	f := gofpdf.NewCustom(&gofpdf.InitType{
		UnitStr:        "pt",
		OrientationStr: "P",
		Size:           gofpdf.SizeType{Wd: w, Ht: h},
	})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	f.SetCompression(true)
	f.SetCatalogSort(true)
	date := info.Date
	if date.IsZero() {
		// gofpdf falls back to the clock for a zero date; a fixed epoch
		// keeps output reproducible when the caller gave no date.
		date = time.Unix(0, 0)
	}
	date = date.UTC()
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetTitle(info.Title, true)
	f.SetAuthor(info.Author, true)
	f.SetSubject(info.Subject, true)
	f.SetKeywords(info.Keywords, true)
	f.SetCreator(info.Creator, true)
	f.SetProducer(info.Producer, true)
	return &PDF{measurer: newMeasurer(fonts), fpdf: f, images: map[string]bool{}, lineW: 1, size: 12}
}

// fail records the first error; later drawing calls become no-ops.
func (p *PDF) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

func (p *PDF) ok() bool {
	if p.err != nil {
		return false
	}
	if err := p.fpdf.Error(); err != nil {
		p.err = fmt.Errorf("canvas: pdf: %w", err)
		return false
	}
	return true
}

// AddPage implements Canvas.
func (p *PDF) AddPage(paper Paper, o Orientation) {
	if !p.ok() {
		return
	}
	w, h := paper.Size(Portrait)
	orient := "P"
	if o == Landscape {
		orient = "L"
	}
	p.fpdf.AddPageFormat(orient, gofpdf.SizeType{Wd: w, Ht: h})
	_, ph := paper.Size(o)
	p.heights = append(p.heights, ph)
	if !p.lifted {
		// Lifts the header to %PDF-1.4 with no visible effect. It must
		// come after the first AddPage: before it, gofpdf writes the
		// graphics-state operator ahead of the header.
		p.fpdf.SetAlpha(1, "Normal")
		p.lifted = true
	}
	// gofpdf restores colours, width and dash on a new page but not our
	// notion of the selected font.
	p.fontSet = false
}

// PageSize implements Canvas.
func (p *PDF) PageSize() (w, h float64) { return p.fpdf.GetPageSize() }

// SetFont implements Canvas.
func (p *PDF) SetFont(f Font, size float64) {
	if !p.ok() {
		return
	}
	if !f.valid() {
		p.fail(fmt.Errorf("canvas: unknown font family %d", f.Family))
		return
	}
	if p.fontSet && f == p.font && size == p.size {
		return
	}
	p.font, p.size = f, size
	family, style := gofpdfName(f)
	if !p.added[f.index()] {
		// gofpdf pads font tables to four bytes with append while
		// subsetting, which writes into the spare capacity of the slice it
		// was given: into the next table of the shared embedded font. Each
		// document therefore gets its own copy, so documents built in
		// parallel never write to the same bytes (found by go test -race).
		p.fpdf.AddUTF8FontFromBytes(family, style, bytes.Clone(fontData(f.index())))
		p.added[f.index()] = true
		if !p.ok() {
			return
		}
	}
	if p.fpdf.PageNo() > 0 {
		p.fontSet = true
	}
	p.fpdf.SetFont(family, style, size)
}

// gofpdfName is the family and style under which a face is registered.
func gofpdfName(f Font) (family, style string) {
	family = [...]string{"liberationserif", "liberationsans", "liberationmono"}[f.Family]
	if f.Bold {
		style += "B"
	}
	if f.Italic {
		style += "I"
	}
	return family, style
}

// ensureFont makes sure a font is selected on the current page: gofpdf
// needs one for text and for UTF-16 bookmark titles.
func (p *PDF) ensureFont() {
	if !p.fontSet {
		f, s := p.font, p.size
		p.fontSet = false
		p.SetFont(f, s)
	}
}

// SetTextColor implements Canvas.
func (p *PDF) SetTextColor(c Color) {
	if p.textKnown && c == p.text {
		return
	}
	p.text, p.textKnown = c, true
	r, g, b := c.RGB()
	p.fpdf.SetTextColor(r, g, b)
}

func (p *PDF) checkText(s string) bool {
	if r, missing := p.fonts.MissingGlyph(p.font, s); missing {
		p.fail(glyphError(p.font, r))
		return false
	}
	return true
}

// Text implements Canvas.
func (p *PDF) Text(x, y float64, s string) {
	if !p.ok() || s == "" {
		return
	}
	p.ensureFont()
	if !p.checkText(s) {
		return
	}
	if !hasScriptChar(s) && !p.needsFallback(s) {
		p.fpdf.Text(x, y, s)
		return
	}
	// Narrowed script characters (Fonts.ScriptTrim) are placed one by one,
	// and characters from the fallback font are drawn in it; the PDF fonts
	// keep their own advances, so each run starts where the measured
	// width says.
	start, fallback := 0, false
	flush := func(end int) {
		if end <= start {
			return
		}
		run := s[start:end]
		if fallback {
			p.useFallback(true)
			p.fpdf.Text(x, y, run)
			p.useFallback(false)
		} else {
			p.fpdf.Text(x, y, run)
		}
		x += p.fonts.StringWidth(p.font, p.size, run)
	}
	for i, r := range s {
		if fb := p.fonts.fromFallback(p.font, r); fb != fallback {
			flush(i)
			start, fallback = i, fb
		}
		trim := p.fonts.ScriptTrim(p.font, p.size, r)
		if trim == 0 || fallback {
			continue
		}
		flush(i)
		ch := string(r)
		p.fpdf.Text(x-trim, y, ch)
		x += p.fonts.RuneWidth(p.font, p.size, r)
		start = i + len(ch)
	}
	flush(len(s))
}

// needsFallback reports whether s has characters drawn from the fallback
// font.
func (p *PDF) needsFallback(s string) bool {
	if p.fonts.fallback == nil {
		return false
	}
	for _, r := range s {
		if p.fonts.fromFallback(p.font, r) {
			return true
		}
	}
	return false
}

// fallbackFamily is the name the fallback font is registered under.
const fallbackFamily = "regdocfallback"

// useFallback switches the PDF writer to the fallback font at the current
// size (on) or back to the current face (off).
func (p *PDF) useFallback(on bool) {
	if !on {
		family, style := gofpdfName(p.font)
		p.fpdf.SetFont(family, style, p.size)
		return
	}
	if !p.fallbackAdded {
		// A copy, as for the Liberation faces (see SetFont).
		p.fpdf.AddUTF8FontFromBytes(fallbackFamily, "", bytes.Clone(p.fonts.fallbackData))
		p.fallbackAdded = true
	}
	p.fpdf.SetFont(fallbackFamily, "", p.size)
}

// hasScriptChar reports whether s holds a character of the Unicode
// superscripts and subscripts block (UTF-8 E2 81 B0 … E2 82 9F).
func hasScriptChar(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == 0xE2 && ((s[i+1] == 0x81 && s[i+2] >= 0xB0) || s[i+1] == 0x82 && s[i+2] <= 0x9F) {
			return true
		}
	}
	return false
}

// RotatedText implements Canvas.
func (p *PDF) RotatedText(x, y, degrees float64, s string) {
	if !p.ok() || s == "" {
		return
	}
	p.ensureFont()
	if !p.checkText(s) {
		return
	}
	p.fpdf.TransformBegin()
	p.fpdf.TransformRotate(degrees, x, y)
	p.fpdf.Text(x, y, s)
	p.fpdf.TransformEnd()
}

// SetLineWidth implements Canvas.
func (p *PDF) SetLineWidth(w float64) {
	if p.lineKnown && w == p.lineW {
		return
	}
	p.lineW, p.lineKnown = w, true
	p.fpdf.SetLineWidth(w)
}

// SetStrokeColor implements Canvas.
func (p *PDF) SetStrokeColor(c Color) {
	if p.strokeKnown && c == p.stroke {
		return
	}
	p.stroke, p.strokeKnown = c, true
	p.applyStroke()
}

func (p *PDF) applyStroke() {
	r, g, b := p.stroke.RGB()
	p.fpdf.SetDrawColor(r, g, b)
}

// SetFillColor implements Canvas.
func (p *PDF) SetFillColor(c Color) {
	if p.fillKnown && c == p.fill {
		return
	}
	p.fill, p.fillKnown = c, true
	p.applyFill()
}

func (p *PDF) applyFill() {
	r, g, b := p.fill.RGB()
	p.fpdf.SetFillColor(r, g, b)
}

func dashArray(d [2]float64) []float64 {
	if d[0] <= 0 && d[1] <= 0 {
		return nil
	}
	return []float64{d[0], d[1]}
}

// SetDash implements Canvas.
func (p *PDF) SetDash(dash, gap float64) {
	p.dash = [2]float64{dash, gap}
	p.fpdf.SetDashPattern(dashArray(p.dash), 0)
}

// Line implements Canvas.
func (p *PDF) Line(x1, y1, x2, y2 float64) {
	if p.ok() {
		p.fpdf.Line(x1, y1, x2, y2)
	}
}

func styleStr(m PaintMode) string {
	switch m {
	case Fill:
		return "F"
	case FillStroke:
		return "DF"
	}
	return "D"
}

// Rect implements Canvas.
func (p *PDF) Rect(x, y, w, h float64, m PaintMode) {
	if p.ok() {
		p.fpdf.Rect(x, y, w, h, styleStr(m))
	}
}

// Polygon implements Canvas.
func (p *PDF) Polygon(pts []Point, m PaintMode) {
	if !p.ok() || len(pts) < 2 {
		return
	}
	gp := make([]gofpdf.PointType, len(pts))
	for i, pt := range pts {
		gp[i] = gofpdf.PointType{X: pt.X, Y: pt.Y}
	}
	p.fpdf.Polygon(gp, styleStr(m))
}

// Shape implements Canvas.
func (p *PDF) Shape(contours [][]Point, m PaintMode) {
	if !p.ok() || len(contours) == 0 {
		return
	}
	for _, c := range contours {
		if len(c) < 2 {
			continue
		}
		p.fpdf.MoveTo(c[0].X, c[0].Y)
		for _, pt := range c[1:] {
			p.fpdf.LineTo(pt.X, pt.Y)
		}
		p.fpdf.ClosePath()
	}
	p.fpdf.DrawPath(styleStr(m))
}

// Circle implements Canvas.
func (p *PDF) Circle(x, y, r float64, m PaintMode) {
	if p.ok() {
		p.fpdf.Circle(x, y, r, styleStr(m))
	}
}

// Image implements Canvas.
func (p *PDF) Image(name string, data []byte, format ImageFormat, x, y, w, h float64) {
	if !p.ok() {
		return
	}
	if format != PNG && format != JPEG {
		p.fail(fmt.Errorf("canvas: image %s: unsupported format %q", name, format))
		return
	}
	opts := gofpdf.ImageOptions{ImageType: string(format)}
	if !p.images[name] {
		info := p.fpdf.RegisterImageOptionsReader(name, opts, bytes.NewReader(data))
		if !p.ok() {
			return
		}
		if err := breakWidthTie(info, len(p.images)); err != nil {
			p.fail(fmt.Errorf("canvas: image %s: %w", name, err))
			return
		}
		p.images[name] = true
	}
	p.fpdf.ImageOptions(name, x, y, w, h, false, opts, 0, "")
}

// AddLink implements Canvas.
func (p *PDF) AddLink() int { return p.fpdf.AddLink() }

// SetLink implements Canvas.
func (p *PDF) SetLink(id, page int, y float64) {
	if !p.ok() {
		return
	}
	if id < 1 {
		p.fail(fmt.Errorf("canvas: SetLink: unknown link %d", id))
		return
	}
	p.fpdf.SetLink(id, y, page)
}

// LinkArea implements Canvas.
func (p *PDF) LinkArea(x, y, w, h float64, id int) {
	if p.ok() {
		p.fpdf.Link(x, y, w, h, id)
	}
}

// URLArea implements Canvas.
func (p *PDF) URLArea(x, y, w, h float64, url string) {
	if p.ok() {
		p.fpdf.LinkString(x, y, w, h, url)
	}
}

// Bookmark implements Canvas.
func (p *PDF) Bookmark(title string, level int, y float64) {
	if !p.ok() {
		return
	}
	if p.fpdf.PageNo() == 0 {
		p.fail(errors.New("canvas: Bookmark before the first page"))
		return
	}
	p.marks = append(p.marks, mark{title: title, level: level, page: p.fpdf.PageNo(), y: y})
}

// putMarks hands the outline to gofpdf. gofpdf converts every destination
// with the height of the last page added rather than the bookmark's own
// page, so entries are deferred until that height is final and their y is
// corrected for pages of a different height (landscape pages).
func (p *PDF) putMarks() {
	if len(p.marks) == 0 {
		return
	}
	last := p.heights[len(p.heights)-1]
	for _, m := range p.marks {
		p.fpdf.SetPage(m.page)
		p.ensureFont() // gofpdf encodes the title as UTF-16 only when a UTF-8 font is current
		p.fpdf.Bookmark(m.title, m.level, m.y+last-p.heights[m.page-1])
	}
	p.marks = nil
}

// Err implements Canvas.
func (p *PDF) Err() error {
	p.ok()
	return p.err
}

// Output writes the finished PDF to w. Any error met while drawing is
// returned instead, and nothing is written.
func (p *PDF) Output(w io.Writer) error {
	if err := p.Err(); err != nil {
		return err
	}
	if p.fpdf.PageCount() == 0 {
		return errors.New("canvas: document has no pages")
	}
	p.putMarks()
	// gofpdf takes the current page as the page count when it closes the
	// document, and putMarks went back to earlier pages.
	p.fpdf.SetPage(p.fpdf.PageCount())
	// Close finishes the document in memory; only if that worked is
	// anything written to w.
	p.fpdf.Close()
	if err := p.Err(); err != nil {
		return err
	}
	if err := p.fpdf.Output(w); err != nil {
		return fmt.Errorf("canvas: pdf output: %w", err)
	}
	return nil
}

// breakWidthTie makes the order in which gofpdf writes images
// reproducible. gofpdf collects images from a map and sorts them by pixel
// width only, so two images of the same width come out in random order and
// the file differs from run to run. Adding seq millionths of a pixel to the
// width (written out as an integer, so invisible) orders ties by
// registration. ImageInfoType's fields are unexported; its Gob methods are
// the only way to change one, and they are used here exactly as gofpdf
// defines them.
func breakWidthTie(info *gofpdf.ImageInfoType, seq int) error {
	if info == nil {
		return errors.New("image not registered")
	}
	raw, err := info.GobEncode()
	if err != nil {
		return err
	}
	var (
		data, smask, pal []byte
		n, bpc           int
		w, h, scale, dpi float64
		cs, filter, dp   string
		trns             []int
	)
	fields := []any{&data, &smask, &n, &w, &h, &cs, &pal, &bpc, &filter, &dp, &trns, &scale, &dpi}
	dec := gob.NewDecoder(bytes.NewReader(raw))
	for _, f := range fields {
		if err := dec.Decode(f); err != nil {
			return fmt.Errorf("decode image info: %w", err)
		}
	}
	w += float64(seq) * 1e-6
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	for _, f := range []any{data, smask, n, w, h, cs, pal, bpc, filter, dp, trns, scale, dpi} {
		if err := enc.Encode(f); err != nil {
			return fmt.Errorf("encode image info: %w", err)
		}
	}
	return info.GobDecode(buf.Bytes())
}
