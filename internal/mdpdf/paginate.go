package mdpdf

import "github.com/regdoc/regdoc/internal/canvas"

// pageLayout is one finished page: its orientation and the boxes on it.
type pageLayout struct {
	orient canvas.Orientation
	items  []placed
}

// placed is a box at a vertical position (its top) on a page.
type placed struct {
	b *box
	y float64
}

// bodyArea is the part of a page the body text may use, below the running
// header and above the footer.
func (r *renderer) bodyArea(o canvas.Orientation) (top, bottom float64) {
	_, h := r.geo.paper.Size(o)
	return r.geo.top + r.furn.headerH, h - r.geo.bottom - r.furn.footerH
}

func headerHeight(b *box) float64 {
	h := 0.0
	if !b.isHeader {
		for _, s := range b.header {
			h += s.h
		}
	}
	return h
}

// chainHeight is the height of box i and every box it is kept with (with
// the space between them), stopping once it exceeds limit.
func (r *renderer) chainHeight(i int, limit float64) float64 {
	h := 0.0
	for j := i; j < len(r.items); j++ {
		it := r.items[j]
		if it.newPage {
			break
		}
		h += it.h
		if it.glue {
			continue
		}
		if !it.keep || h > limit {
			break
		}
	}
	return h
}

// remainingOnPage is the height left on the page the next box would go
// on, found by paginating what has been laid out so far (figures ask it,
// a few per document). With a table of contents, the body after the
// first heading 1 starts a page of its own once the contents are put in.
func (r *renderer) remainingOnPage() float64 {
	saved := r.items
	if r.opts.TOC && r.tocAt >= 0 {
		r.items = r.items[r.tocAt:]
	}
	pages := r.paginate()
	r.items = saved
	p := pages[len(pages)-1]
	top, bottom := r.bodyArea(p.orient)
	y := top
	if n := len(p.items); n > 0 {
		y = p.items[n-1].y + p.items[n-1].b.h
	}
	return bottom - y
}

// noteRuleH is the height of the short rule above a page's footnotes.
const noteRuleH = 10.0

// paginate cuts the vertical list into pages. A box goes on the current
// page if it and the boxes it must be kept with fit, together with the
// footnotes it cites; otherwise a new page is started, unless the group
// would not fit on an empty page either, in which case it is split where
// it must be (never inside a line). Space at the top of a page is
// dropped, and a table continuing on a new page gets its header again.
//
// Footnotes go at the foot of the page of the line that first cites them,
// above the running footer. A note is continued on the next page only
// when the line and its note cannot fit on one page.
func (r *renderer) paginate() []pageLayout {
	var pages []pageLayout
	orient := canvas.Portrait
	var y, top, bottom float64
	hasBox := false
	var notes []*box // note lines at the foot of the current page
	noteH := 0.0     // their height, with the rule above them
	var carry []*box // note lines continued from the previous page
	placedNote := map[int]bool{}
	heightOf := func(bs []*box) float64 {
		h := 0.0
		for _, b := range bs {
			h += b.h
		}
		return h
	}
	// addNotes puts as many of lines under the page as fit below y and
	// returns the rest.
	addNotes := func(lines []*box) []*box {
		for len(lines) > 0 {
			h := lines[0].h
			if len(notes) == 0 {
				h += noteRuleH
			}
			if y+h > bottom-noteH+0.001 && len(notes) > 0 {
				break
			}
			if y+h > bottom-noteH+0.001 && hasBox {
				break
			}
			notes = append(notes, lines[0])
			noteH += h
			lines = lines[1:]
		}
		return lines
	}
	finishPage := func() {
		if len(pages) == 0 || len(notes) == 0 {
			return
		}
		p := &pages[len(pages)-1]
		ny := bottom - noteH
		w := min(144, r.width)
		p.items = append(p.items, placed{b: &box{h: noteRuleH, rules: []rule{{x1: r.geo.left, y1: noteRuleH / 2, x2: r.geo.left + w, y2: noteRuleH / 2, width: 0.5}}}, y: ny})
		ny += noteRuleH
		for _, b := range notes {
			p.items = append(p.items, placed{b: b, y: ny})
			ny += b.h
		}
	}
	newPage := func() {
		finishPage()
		pages = append(pages, pageLayout{orient: orient})
		top, bottom = r.bodyArea(orient)
		y = top
		hasBox = false
		notes, noteH = nil, 0
		if len(carry) > 0 {
			pending := carry
			carry = nil
			carry = addNotes(pending)
		}
	}
	newPage()
	place := func(b *box) {
		p := &pages[len(pages)-1]
		p.items = append(p.items, placed{b: b, y: y})
		y += b.h
		hasBox = true
	}
	citedLines := func(b *box) []*box {
		var lines []*box
		for _, n := range b.cites {
			if !placedNote[n] {
				lines = append(lines, r.notes[n]...)
			}
		}
		return lines
	}
	for i := 0; i < len(r.items); i++ {
		b := r.items[i]
		if b.newPage {
			if hasBox {
				orient = b.orient
				newPage()
			} else if orient != b.orient {
				orient = b.orient
				pages[len(pages)-1].orient = orient
				top, bottom = r.bodyArea(orient)
				y = top
			}
			continue
		}
		if b.glue {
			if hasBox {
				y += b.h
			}
			continue
		}
		full := bottom - top
		hdr := headerHeight(b)
		lines := citedLines(b)
		nh := heightOf(lines)
		if nh > 0 && len(notes) == 0 {
			nh += noteRuleH
		}
		need := r.chainHeight(i, full) + nh
		if hasBox && y+need > bottom-noteH+0.001 && (need <= full-hdr || y+b.h > bottom-noteH+0.001) {
			newPage()
		}
		if !hasBox && hdr > 0 {
			for _, s := range b.header {
				place(s)
			}
		}
		place(b)
		for _, n := range b.cites {
			placedNote[n] = true
		}
		if len(lines) > 0 {
			carry = append(carry, addNotes(lines)...)
		}
	}
	// Notes no line on a page cited (a note referenced only from another
	// note) and lines still to be continued go under the last pages.
	for _, n := range r.noteOrder {
		if !placedNote[n] {
			placedNote[n] = true
			carry = append(carry, addNotes(r.notes[n])...)
		}
	}
	for len(carry) > 0 {
		newPage()
	}
	finishPage()
	return pages
}
