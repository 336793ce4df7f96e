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

// paginate cuts the vertical list into pages. A box goes on the current
// page if it and the boxes it must be kept with fit; otherwise a new page
// is started, unless the group would not fit on an empty page either, in
// which case it is split where it must be (never inside a line). Space at
// the top of a page is dropped, and a table continuing on a new page gets
// its header again.
func (r *renderer) paginate() []pageLayout {
	var pages []pageLayout
	orient := canvas.Portrait
	var y, top, bottom float64
	hasBox := false
	newPage := func() {
		pages = append(pages, pageLayout{orient: orient})
		top, bottom = r.bodyArea(orient)
		y = top
		hasBox = false
	}
	newPage()
	place := func(b *box) {
		p := &pages[len(pages)-1]
		p.items = append(p.items, placed{b: b, y: y})
		y += b.h
		hasBox = true
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
		need := r.chainHeight(i, full)
		if hasBox && y+need > bottom+0.001 && (need <= full-hdr || y+b.h > bottom+0.001) {
			newPage()
		}
		if !hasBox && hdr > 0 {
			for _, s := range b.header {
				place(s)
			}
		}
		place(b)
	}
	return pages
}
