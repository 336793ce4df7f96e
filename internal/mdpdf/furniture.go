package mdpdf

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/canvas"
)

// furniture is the running header and footer, laid out once: the text is
// the same on every page except the page number.
type furniture struct {
	header  []line // title · document number · version · date
	footer  []line // notice and confidentiality lines, centred
	headerH float64
	footerH float64
	lh      float64
}

func (r *renderer) furnFont() canvas.Font { return canvas.Font{Family: canvas.Serif} }

// furnLines lays out a metadata string in the furniture size, refusing
// characters the font lacks (the string did not come from the Markdown, so
// the error names the field instead of a line and column).
func (r *renderer) furnLines(field, s string, width float64) ([]line, error) {
	f := r.furnFont()
	if c, missing := r.missingGlyph(f, s); missing {
		return nil, fmt.Errorf("mdpdf: metadata %s: the embedded fonts cannot draw %s; %s", field, describeRune(c), glyphRemedy)
	}
	ws, err := r.words([]span{{text: s, src: -1}}, textCtx{family: canvas.Serif, size: r.geo.furnSize})
	if err != nil {
		return nil, err
	}
	return r.breakLines(ws, width), nil
}

func (r *renderer) buildFurniture() error {
	pw, _ := r.geo.paper.Size(canvas.Portrait)
	width := pw - r.geo.left - r.geo.right
	r.furn.lh = r.geo.lineHeight(r.geo.furnSize)
	m := r.opts.Meta
	var parts []string
	version := strings.TrimSpace(m.Version)
	if version != "" && version[0] >= '0' && version[0] <= '9' {
		version = "Version " + version
	}
	date := ""
	if !m.Date.IsZero() {
		// ISO 8601: a date no reader in any country misreads.
		date = m.Date.UTC().Format("2006-01-02")
	}
	for _, p := range []string{m.Title, m.DocumentNumber, version, date} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) > 0 {
		ls, err := r.furnLines("title/document number/version/date", strings.Join(parts, " · "), width)
		if err != nil {
			return err
		}
		r.furn.header = ls
		r.furn.headerH = float64(len(ls))*r.furn.lh + 8
	}
	for _, fl := range []struct{ name, text string }{{"Notice", m.Notice}, {"Confidentiality", m.Confidentiality}} {
		if t := strings.TrimSpace(fl.text); t != "" {
			ls, err := r.furnLines(fl.name, t, width)
			if err != nil {
				return err
			}
			r.furn.footer = append(r.furn.footer, ls...)
		}
	}
	// Footer lines, the page-number line, and a gap above them.
	r.furn.footerH = float64(len(r.furn.footer)+1)*r.furn.lh + 8
	return nil
}

// pageLabel is the page-number line: "Page X of Y" for CTD documents, the
// bare number for patent documents, where 37 CFR 1.52 wants the page
// number centred below the text.
func (r *renderer) pageLabel(n, total int) string {
	if r.geo.style == StylePatent {
		return strconv.Itoa(n)
	}
	return fmt.Sprintf("Page %d of %d", n, total)
}

// drawFurniture draws the running header, footer and (for drafts) the
// watermark on the current page.
func (r *renderer) drawFurniture(c canvas.Canvas, o canvas.Orientation, n, total int) {
	pw, ph := r.geo.paper.Size(o)
	left := r.geo.left
	width := pw - r.geo.left - r.geo.right
	size := r.geo.furnSize
	f := r.furnFont()
	if r.opts.Meta.Draft {
		r.drawWatermark(c, o)
	}
	c.SetTextColor(canvas.Black)
	c.SetFont(f, size)
	y := r.geo.top
	for _, l := range r.furn.header {
		for _, fr := range l.frags {
			c.SetFont(fr.font, fr.size)
			c.Text(left+fr.x, y+baseline(r.furn.lh, size), fr.text)
		}
		y += r.furn.lh
	}
	if len(r.furn.header) > 0 {
		c.SetLineWidth(0.5)
		c.SetStrokeColor(canvas.Black)
		c.Line(left, y+3, left+width, y+3)
	}
	y = ph - r.geo.bottom - float64(len(r.furn.footer)+1)*r.furn.lh
	for _, l := range r.furn.footer {
		x := left + (width-l.w)/2
		for _, fr := range l.frags {
			c.SetFont(fr.font, fr.size)
			c.Text(x+fr.x, y+baseline(r.furn.lh, size), fr.text)
		}
		y += r.furn.lh
	}
	label := r.pageLabel(n, total)
	c.SetFont(f, size)
	w := c.StringWidth(f, size, label)
	c.Text(left+(width-w)/2, y+baseline(r.furn.lh, size), label)
}

// drawWatermark draws DRAFT diagonally across the body area in light
// grey, first so the text stays on top of it. It is drawn as the letters'
// outlines, not as text: text extraction, search and copy and paste never
// return it, so a table copied from a draft does not paste "D R A F T"
// into its cells.
func (r *renderer) drawWatermark(c canvas.Canvas, o canvas.Orientation) {
	shape, ok := r.watermarks[o]
	if !ok {
		shape = r.watermarkShape(c, o)
		if r.watermarks == nil {
			r.watermarks = map[canvas.Orientation][][]canvas.Point{}
		}
		r.watermarks[o] = shape
	}
	c.SetFillColor(canvas.LightGrey)
	c.Shape(shape, canvas.Fill)
}

// watermarkShape lays DRAFT out as it was once set as text: as large as
// fits the body area (turned), centred, turned 45° anticlockwise; and
// returns the letters' outlines in page coordinates.
func (r *renderer) watermarkShape(c canvas.Canvas, o canvas.Orientation) [][]canvas.Point {
	pw, _ := r.geo.paper.Size(o)
	top, bottom := r.bodyArea(o)
	f := canvas.Font{Family: canvas.Sans, Bold: true}
	const text = "DRAFT"
	size := 96.0
	width := pw - r.geo.left - r.geo.right
	w := c.StringWidth(f, size, text)
	const deg = 45.0
	rad := deg * math.Pi / 180
	// Keep the turned word's bounding box inside the body area.
	for size > 24 && (w+size)*math.Cos(rad) > math.Min(width, bottom-top)*0.9 {
		size -= 4
		w = c.StringWidth(f, size, text)
	}
	cx := r.geo.left + width/2
	cy := (top + bottom) / 2
	capH := c.Metrics(f).CapHeight * size
	cos, sin := math.Cos(rad), math.Sin(rad)
	// The left end of the baseline, page coordinates (y down).
	x0 := cx - cos*w/2 + sin*capH/2
	y0 := cy + sin*w/2 + cos*capH/2
	var shape [][]canvas.Point
	pen := 0.0
	for _, ch := range text {
		contours, adv, err := c.Outline(f, ch)
		if err != nil {
			// The embedded Liberation Sans Bold has these letters; a
			// failure here is a broken build, reported like a drawing error.
			if r.drawErr == nil {
				r.drawErr = fmt.Errorf("mdpdf: watermark: %w", err)
			}
			return nil
		}
		for _, ct := range contours {
			pts := make([]canvas.Point, len(ct))
			for i, p := range ct {
				// Along the baseline lx, down from it ly, then turned.
				lx, ly := (pen+p.X)*size, -p.Y*size
				pts[i] = canvas.Point{X: x0 + lx*cos + ly*sin, Y: y0 - lx*sin + ly*cos}
			}
			shape = append(shape, pts)
		}
		pen += adv
	}
	return shape
}
