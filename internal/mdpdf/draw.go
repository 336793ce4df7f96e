package mdpdf

import (
	"sort"
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
	var rules []rule
	for pi, p := range pages {
		c.AddPage(r.geo.paper, p.orient)
		r.drawFurniture(c, p.orient, pi+1, total)
		rules = rules[:0]
		for _, it := range p.items {
			rules = r.drawBox(c, it.b, it.y, targets, links, rules)
		}
		drawRules(c, rules)
		if r.drawErr != nil {
			return r.drawErr
		}
		if err := c.Err(); err != nil {
			return err
		}
	}
	return nil
}

// drawBox draws a box's text, pictures and links, and returns its rules
// (moved to page coordinates) appended to rules, to be drawn per page.
func (r *renderer) drawBox(c canvas.Canvas, b *box, y float64, targets map[string]target, links map[string]int, rules []rule) []rule {
	if b.mark != nil {
		c.Bookmark(b.mark.title, b.mark.level, max(y-4, 0))
	}
	for _, ru := range b.rules {
		ru.y1 += y
		ru.y2 += y
		rules = append(rules, ru)
	}
	if p := b.pic; p != nil {
		c.Image(p.name, p.data, p.format, p.x, y+p.y, p.w, p.h)
	}
	if f := b.fig; f != nil {
		if err := f.part.Draw(c, f.x, y+f.y); err != nil && r.drawErr == nil {
			r.drawErr = err
			if perr := r.figureProblems(f.node, err); perr == nil {
				r.drawErr = r.problems
			}
		}
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
	return rules
}

// drawRules draws a page's rules, joining vertical segments that continue
// one another (table borders and quote bars are made of one segment per
// line box) so a bordered table costs a few long lines, not six per row.
func drawRules(c canvas.Canvas, rules []rule) {
	sort.SliceStable(rules, func(i, j int) bool {
		a, b := rules[i], rules[j]
		av, bv := a.x1 == a.x2, b.x1 == b.x2
		if av != bv {
			return av
		}
		if av && a.x1 != b.x1 {
			return a.x1 < b.x1
		}
		return av && a.y1 < b.y1
	})
	c.SetStrokeColor(canvas.Black)
	for i := 0; i < len(rules); i++ {
		ru := rules[i]
		if ru.x1 == ru.x2 {
			for i+1 < len(rules) {
				nx := rules[i+1]
				if nx.x1 != ru.x1 || nx.x2 != nx.x1 || nx.width != ru.width || nx.y1 > ru.y2+0.01 {
					break
				}
				ru.y2 = max(ru.y2, nx.y2)
				i++
			}
		}
		c.SetLineWidth(ru.width)
		c.Line(ru.x1, ru.y1, ru.x2, ru.y2)
	}
}
