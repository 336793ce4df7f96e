package mdpdf

import (
	"strconv"

	"github.com/regdoc/regdoc/internal/canvas"
)

// target is where an anchor landed.
type target struct {
	page int
	y    float64
}

// draw puts the paginated boxes on the canvas, page by page.
func (r *renderer) draw(c canvas.Canvas, pages []pageLayout) error {
	// Every anchor's page is known before anything is drawn, so links
	// (including the table of contents' page numbers) can point forward.
	targets := map[string]target{}
	links := map[string]int{}
	for pi, p := range pages {
		for _, it := range p.items {
			if a := it.b.anchor; a != "" {
				if _, dup := targets[a]; !dup {
					targets[a] = target{page: pi + 1, y: it.y}
					id := c.AddLink()
					c.SetLink(id, pi+1, max(it.y-4, 0))
					links[a] = id
				}
			}
		}
	}
	total := len(pages)
	for pi, p := range pages {
		c.AddPage(r.geo.paper, p.orient)
		r.drawFurniture(c, p.orient, pi+1, total)
		for _, it := range p.items {
			r.drawBox(c, it.b, it.y, targets, links)
		}
		if err := c.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) drawBox(c canvas.Canvas, b *box, y float64, targets map[string]target, links map[string]int) {
	if b.mark != nil {
		c.Bookmark(b.mark.title, b.mark.level, max(y-4, 0))
	}
	for _, ru := range b.rules {
		c.SetLineWidth(ru.width)
		c.SetStrokeColor(canvas.Black)
		c.Line(ru.x1, y+ru.y1, ru.x2, y+ru.y2)
	}
	if p := b.pic; p != nil {
		c.Image(p.name, p.data, p.format, p.x, y+p.y, p.w, p.h)
	}
	for i := range b.frags {
		f := &b.frags[i]
		text, x, w := f.text, f.x, f.w
		if f.pageOf != "" {
			text = strconv.Itoa(targets[f.pageOf].page)
			w = c.StringWidth(f.font, f.size, text)
			x = f.x + f.w - w
		}
		c.SetFont(f.font, f.size)
		c.SetTextColor(f.color)
		c.Text(x, y+f.base, text)
		if f.strike {
			c.SetLineWidth(f.size * 0.05)
			c.SetStrokeColor(f.color)
			sy := y + f.base - f.size*0.3
			c.Line(x, sy, x+w, sy)
		}
		top := y + f.base - f.size
		if f.url != "" {
			c.URLArea(x, top, w, f.size*1.25, f.url)
		}
		if f.anchor != "" {
			if id, ok := links[f.anchor]; ok {
				c.LinkArea(x, top, w, f.size*1.25, id)
			}
		}
	}
	_ = canvas.Black
}
