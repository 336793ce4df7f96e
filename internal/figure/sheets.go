package figure

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/diag"
)

// Sheet is one figure of a set of patent drawings.
type Sheet struct {
	// Label is the view number, "FIG. 1", "FIG. 2" … (37 CFR 1.84(u)).
	Label string
	// Spec is the figure; it is always drawn in its black-and-white
	// variant, whatever its BW field says.
	Spec Spec
	// Place moves a problem with this sheet's spec from the spec's own
	// line and column (line 1 is the spec's first line, line 0 the spec as
	// a whole) to the file the spec came from. Nil leaves it as it is.
	Place func(diag.Diagnostic) diag.Diagnostic
}

// problems returns err's problems moved to where the sheet's spec came
// from and named by the sheet's label, or err itself when it has no
// positions to move.
func (sh Sheet) problems(err error) error {
	ds, ok := diag.FromError(err)
	if !ok {
		return fmt.Errorf("figure: %s: %w", sh.Label, err)
	}
	out := make(diag.Problems, len(ds))
	for i, d := range ds {
		d.Message = sh.Label + ": " + d.Message
		if sh.Place != nil {
			d = sh.Place(d)
		}
		out[i] = d
	}
	return out
}

// problem is a problem with the sheet as a whole, placed at its spec.
func (sh Sheet) problem(code, msg string) error {
	return sh.problems(diag.Problems{{Severity: diag.Error, Code: code, Message: msg}})
}

// SheetOptions are the paper and the document information of a set of
// drawing sheets. Date is written as the creation and modification date;
// the zero Date means 1970-01-01, never the clock, so the same sheets give
// the same bytes.
type SheetOptions struct {
	Paper                                     canvas.Paper // Letter (the zero value) or A4
	Title, Author, Subject, Creator, Producer string
	Date                                      time.Time
	// Fonts is the measurement table to share with other documents; nil
	// means a new one.
	Fonts *canvas.Fonts
	// Notice, when set, is one line printed at the foot of every sheet,
	// inside the sight (nothing may stand in the margins), e.g. that the
	// data drawn are illustrative.
	Notice string
}

// The margins of 37 CFR 1.84(g), in points: nothing may be drawn in them,
// not even a frame around the sight. safety keeps strokes and glyph
// overhangs clear of the limit rather than on it.
const (
	ptPerCm      = 72 / 2.54
	marginTop    = 2.5 * ptPerCm
	marginLeft   = 2.5 * ptPerCm
	marginRight  = 1.5 * ptPerCm
	marginBottom = 1.0 * ptPerCm
	safety       = 2.0
)

// Sheet furniture sizes. Sheet numbers and view labels must be larger
// than the reference numerals (1.84(t), (u)(1)), which are 13.5 pt.
const (
	sheetNumberSize = 16
	figLabelSize    = 18
	noticeSize      = 10
)

// isViewLabel reports whether s is a view label as 1.84(u)(1) spells it:
// "FIG. ", a number without leading zeros, and an optional capital letter
// for a partial view ("FIG. 12", "FIG. 2A").
func isViewLabel(s string) bool {
	rest, ok := strings.CutPrefix(s, "FIG. ")
	if !ok {
		return false
	}
	if n := len(rest); n > 0 && rest[n-1] >= 'A' && rest[n-1] <= 'Z' {
		rest = rest[:n-1]
	}
	if rest == "" || rest[0] == '0' {
		return false
	}
	for _, c := range rest {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// RenderSheets writes patent drawing sheets as a PDF to w, one figure per
// sheet, that follow 37 CFR 1.84: Letter or A4 portrait; black only;
// nothing in the margins (top and left 2.5 cm, right 1.5 cm, bottom
// 1.0 cm) and no frame; the sheet number "2/3" centred at the top inside
// the sight; a view label on every sheet, even a single view's; PDF 1.4
// with embedded fonts; the same bytes for the same input.
//
// A process flow too long for one sheet continues on the next as partial
// views labelled with capital letters, FIG. 1A, FIG. 1B … as 1.84(u)(1)
// asks for partial views of one figure, joined by arrows to "TO FIG. 1B"
// and from "FROM FIG. 1A". A label that already ends in a letter cannot be
// split that way and is an error.
//
// Nothing is written to w unless every sheet was drawn. It returns the
// number of sheets (pages) written. Problems with a sheet's spec are
// diag.Problems, moved by the sheet's Place.
func RenderSheets(w io.Writer, sheets []Sheet, opt SheetOptions) (pages int, err error) {
	pdf := canvas.NewPDF(opt.Fonts, canvas.Info{Title: opt.Title, Author: opt.Author, Subject: opt.Subject,
		Creator: opt.Creator, Producer: opt.Producer, Date: opt.Date})
	n, err := drawSheets(pdf, sheets, opt.Paper, opt.Notice)
	if err != nil {
		return 0, err
	}
	if err := pdf.Output(w); err != nil {
		return 0, err
	}
	return n, nil
}

// sight is the usable area of a sheet, inside the margins.
type sight struct{ left, top, right, bottom float64 }

func sightOf(paper canvas.Paper) sight {
	pw, ph := paper.Size(canvas.Portrait)
	return sight{left: marginLeft + safety, top: marginTop + safety, right: pw - marginRight - safety, bottom: ph - marginBottom - safety}
}

// page is one drawing sheet to be: a part of a figure, its label and the
// sheet (figure) it belongs to.
type page struct {
	part  Part
	label string
	sheet int
}

// plan is the layout of a set of sheets: the pages and the bands of
// furniture around the views.
type plan struct {
	pages                        []page
	sg                           sight
	numStyle                     style
	mt                           meter
	numBand, figBand, noticeBand float64
	width                        float64
}

// planSheets lays out the sheets on c: which part of which figure goes on
// which page, under which label.
func planSheets(c canvas.Canvas, sheets []Sheet, paper canvas.Paper, notice string) (*plan, error) {
	if len(sheets) == 0 {
		return nil, errors.New("figure: no drawing sheets to render")
	}
	if paper != canvas.Letter && paper != canvas.A4 {
		return nil, fmt.Errorf("figure: drawing sheets must be Letter or A4, not paper %d", paper)
	}
	sg := sightOf(paper)
	numStyle := newStyle(true)
	mt := newMeter(c, numStyle)
	numBand := mt.ascent*sheetNumberSize - mt.descent*sheetNumberSize + 0.8*ptPerCm
	figBand := 0.5*ptPerCm + (mt.ascent-mt.descent)*figLabelSize
	noticeBand := 0.0
	if notice != "" {
		if r, missing := c.MissingGlyph(numStyle.regular, notice); missing {
			return nil, fmt.Errorf("figure: sheet notice: the embedded font cannot draw U+%04X %q", r, r)
		}
		noticeBand = (mt.ascent-mt.descent)*noticeSize + 0.3*ptPerCm
	}
	avail := sg.bottom - sg.top - numBand - figBand - noticeBand
	width := sg.right - sg.left

	var pages []page
	for i, sh := range sheets {
		if !isViewLabel(sh.Label) {
			return nil, fmt.Errorf("figure: sheet %d: label %q is not a view label like \"FIG. 1\" or \"FIG. 2A\"", i+1, sh.Label)
		}
		s := sh.Spec
		s.BW = true
		parts, err := s.Layout(c, width, avail, avail)
		if err != nil {
			return nil, sh.problems(err)
		}
		if len(parts) == 1 {
			pages = append(pages, page{parts[0], sh.Label, i})
			continue
		}
		if last := sh.Label[len(sh.Label)-1]; last >= 'A' && last <= 'Z' {
			return nil, sh.problem(CodeFit, fmt.Sprintf("needs %d sheets, and a label ending in a letter cannot be split into partial views; shorten the figure or label it without a letter", len(parts)))
		}
		if len(parts) > 26 {
			return nil, sh.problem(CodeFit, fmt.Sprintf("needs %d sheets, more than partial views A to Z; split it into several figures", len(parts)))
		}
		label := func(k int) string { return sh.Label + string(rune('A'+k)) }
		for k, pt := range parts {
			if k > 0 {
				pt.Lead = "FROM " + label(k-1)
			}
			if k < len(parts)-1 {
				pt.Tail = "TO " + label(k+1)
			}
			pages = append(pages, page{pt, label(k), i})
		}
	}
	// One label, one view: a partial view of a split figure ("FIG. 1A")
	// must not clash with another sheet's label.
	labels := map[string]bool{}
	for _, pg := range pages {
		if labels[pg.label] {
			return nil, fmt.Errorf("figure: the view label %s occurs twice", pg.label)
		}
		labels[pg.label] = true
	}
	if err := checkNumerals(sheets); err != nil {
		return nil, err
	}
	return &plan{pages: pages, sg: sg, numStyle: numStyle, mt: mt, numBand: numBand, figBand: figBand, noticeBand: noticeBand, width: width}, nil
}

// ViewLabels returns, for each sheet (figure), the view labels it is drawn
// under: ["FIG. 1A", "FIG. 1B"] for a flow split over two sheets, ["FIG. 2"]
// for a figure on one. The description names the figures by them.
func ViewLabels(sheets []Sheet, opt SheetOptions) ([][]string, error) {
	pl, err := planSheets(canvas.NewRecorder(opt.Fonts), sheets, opt.Paper, opt.Notice)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(sheets))
	for _, pg := range pl.pages {
		out[pg.sheet] = append(out[pg.sheet], pg.label)
	}
	return out, nil
}

// drawSheets lays out and draws the sheets on c.
func drawSheets(c canvas.Canvas, sheets []Sheet, paper canvas.Paper, notice string) (int, error) {
	pl, err := planSheets(c, sheets, paper, notice)
	if err != nil {
		return 0, err
	}
	pages, sg, numStyle, mt, numBand, figBand, noticeBand, width := pl.pages, pl.sg, pl.numStyle, pl.mt, pl.numBand, pl.figBand, pl.noticeBand, pl.width
	pw, _ := paper.Size(canvas.Portrait)
	p := newPen(c, numStyle)
	for n, pg := range pages {
		c.AddPage(paper, canvas.Portrait)
		// Sheet number: middle of the top of the sheet, inside the sight.
		num := strconv.Itoa(n+1) + "/" + strconv.Itoa(len(pages))
		p.setText(numStyle.regular, sheetNumberSize, canvas.Black)
		c.Text(pw/2-c.StringWidth(numStyle.regular, sheetNumberSize, num)/2, sg.top+mt.ascent*sheetNumberSize, num)
		if notice != "" {
			p.setText(numStyle.regular, noticeSize, canvas.Black)
			nw := c.StringWidth(numStyle.regular, noticeSize, notice)
			c.Text(pw/2-nw/2, sg.bottom+mt.descent*noticeSize, notice)
		}
		// The view and its label, centred as a group in the rest of the sight.
		top := sg.top + numBand
		group := pg.part.Height + figBand
		y := top + (sg.bottom-noticeBand-top-group)/2
		if err := pg.part.Draw(c, sg.left, y); err != nil {
			return 0, fmt.Errorf("figure: %s: %w", pg.label, err)
		}
		p.known = [5]bool{} // Part.Draw used its own pen
		p.setText(numStyle.regular, figLabelSize, canvas.Black)
		lw := c.StringWidth(numStyle.regular, figLabelSize, pg.label)
		c.Text(sg.left+width/2-lw/2, y+pg.part.Height+0.5*ptPerCm+mt.ascent*figLabelSize, pg.label)
	}
	return len(pages), c.Err()
}
