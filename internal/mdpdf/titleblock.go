package mdpdf

import (
	"strings"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/mdext"
)

// titleBlock sets the front matter's title, subtitle, authors and date,
// centred at the top of the first page, as Pandoc does; the table of
// contents, when asked for, follows it.
func (r *renderer) titleBlock(fm mdext.FrontMatter) {
	type row struct {
		text string
		ctx  textCtx
	}
	var rows []row
	if fm.Title != "" {
		rows = append(rows, row{fm.Title, textCtx{family: canvas.Serif, bold: true, size: r.geo.headSizes[1] + 4}})
	}
	if fm.Subtitle != "" {
		rows = append(rows, row{fm.Subtitle, textCtx{family: canvas.Serif, size: r.geo.headSizes[2]}})
	}
	if len(fm.Authors) > 0 {
		rows = append(rows, row{strings.Join(fm.Authors, ", "), textCtx{family: canvas.Serif, size: r.geo.bodySize}})
	}
	if fm.Date != "" {
		rows = append(rows, row{fm.Date, textCtx{family: canvas.Serif, size: r.geo.bodySize}})
	}
	if len(rows) == 0 {
		return
	}
	for i, rw := range rows {
		boxes, err := r.setLines([]span{{text: rw.text, src: -1}}, rw.ctx, r.left, r.width, 'c')
		if err != nil {
			continue // setLines reports undrawable characters itself
		}
		for _, b := range boxes {
			b.keep = true
			r.emit(b)
		}
		if i < len(rows)-1 {
			r.space(4)
		}
	}
	r.space(18)
	r.tocAt = len(r.items)
	r.titled = true
}
