package mdpdf

import (
	"strings"

	"github.com/regdoc/regdoc/internal/canvas"
)

// tocSpans is a heading's text as a TOC entry: a link to the heading on
// one paragraph, keeping superscripts and subscripts.
func tocSpans(h headingInfo) []span {
	out := make([]span, 0, len(h.spans))
	for _, sp := range h.spans {
		st := inlineStyle{anchor: h.id, link: true, script: sp.st.script}
		out = append(out, span{text: sp.text, st: st, src: -1, soft: sp.soft || sp.hard})
	}
	return out
}

// tocDepth is the deepest heading level listed in the table of contents.
const tocDepth = 3

// insertTOC builds the table of contents and puts it right after the first
// heading 1 (or at the start when there is none). Entries have dotted
// leaders and page numbers filled in after pagination, and each entry is a
// live link to its heading. The entries' heights do not depend on the page
// numbers (the number column has a fixed width), so one pagination pass is
// enough.
func (r *renderer) insertTOC() error {
	var boxes []*box
	size := r.geo.bodySize
	lh := r.geo.lineHeight(size)
	f := canvas.Font{Family: canvas.Serif}
	numW := r.c.StringWidth(f, size, "0000")
	const gap = 12.0
	titleCtx := textCtx{family: canvas.Serif, bold: true, size: r.geo.headSizes[2]}
	tb, err := r.setLines([]span{{text: "Table of Contents", src: -1}}, titleCtx, r.geo.left, r.width, 'l')
	if err != nil {
		return err
	}
	for _, b := range tb {
		b.keep = true
	}
	boxes = append(boxes, &box{h: 12, glue: true})
	boxes = append(boxes, tb...)
	boxes = append(boxes, &box{h: 6, glue: true})
	first := true
	for _, h := range r.headings {
		if h.level > tocDepth {
			continue
		}
		if first && h.level == 1 && r.tocAt >= 0 && !r.titled {
			// The document title heading is not listed under itself.
			first = false
			continue
		}
		first = false
		indent := float64(h.level-1) * 14
		x := r.geo.left + indent
		width := r.width - indent - numW - gap
		ctx := textCtx{family: canvas.Serif, bold: h.level == 1, size: size}
		lines, err := r.setLines(tocSpans(h), ctx, x, width, 'l')
		if err != nil {
			return err
		}
		for i, b := range lines {
			b.h = lh
			if i < len(lines)-1 {
				b.keep = true
			}
		}
		last := lines[len(lines)-1]
		end := x
		if n := len(last.frags); n > 0 {
			end = last.frags[n-1].x + last.frags[n-1].w
		}
		dotW := r.c.StringWidth(f, size, ". ")
		right := r.geo.left + r.width
		avail := right - numW - 4 - (end + 4)
		if n := int(avail / dotW); n > 0 {
			dots := strings.Repeat(". ", n)
			last.frags = append(last.frags, frag{x: right - numW - 4 - float64(n)*dotW, base: baseline(lh, size),
				w: float64(n) * dotW, text: dots, font: f, size: size, color: canvas.LinkBlue, anchor: h.id})
		}
		last.frags = append(last.frags, frag{x: right - numW, base: baseline(lh, size), w: numW, text: "0",
			font: f, size: size, color: canvas.LinkBlue, anchor: h.id, pageOf: h.id})
		boxes = append(boxes, lines...)
	}
	if len(boxes) == 3 {
		return nil // no headings to list
	}
	// The TOC ends its page section: the body continues on a new page.
	boxes = append(boxes, &box{newPage: true, glue: true})
	at := r.tocAt
	if at < 0 {
		at = 0
	}
	items := make([]*box, 0, len(r.items)+len(boxes))
	items = append(items, r.items[:at]...)
	items = append(items, boxes...)
	items = append(items, r.items[at:]...)
	r.items = items
	return nil
}
