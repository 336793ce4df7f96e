package mdpdf

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// emit appends a box to the vertical list, adding the bars of enclosing
// block quotes and the pending list marker.
func (r *renderer) emit(b *box) {
	for _, x := range r.quoteBars {
		b.rules = append(b.rules, rule{x1: x, y1: 0, x2: x, y2: b.h, width: 1})
	}
	if r.marker != nil && !b.glue && b.block != -1 {
		m := *r.marker
		m.base = baseline(b.h, m.size)
		if len(b.frags) > 0 {
			m.base = b.frags[0].base + b.frags[0].rise
		}
		b.frags = append([]frag{m}, b.frags...)
		r.marker = nil
	}
	if r.pendingAnchor != "" && !b.glue && b.block != -1 {
		if b.anchor == "" {
			b.anchor = r.pendingAnchor
		}
		r.pendingAnchor = ""
	}
	for i := range b.frags {
		if n, ok := footnoteIndex(b.frags[i].anchor); ok && !slices.Contains(b.cites, n) {
			b.cites = append(b.cites, n)
		}
	}
	r.items = append(r.items, b)
}

// space adds vertical space; consecutive spaces collapse to the largest.
// Inside a block quote the space is a box carrying the quote bars, so the
// bar runs on unbroken between the quote's paragraphs.
func (r *renderer) space(h float64) {
	if len(r.quoteBars) > 0 && len(r.items) > 0 {
		if last := r.items[len(r.items)-1]; !last.glue && last.block == -1 {
			last.h = max(last.h, h)
			for i := range last.rules {
				last.rules[i].y2 = last.h
			}
			return
		}
		r.emit(&box{h: h, block: -1})
		return
	}
	if n := len(r.items); n > 0 && r.items[n-1].glue {
		r.items[n-1].h = max(r.items[n-1].h, h)
		return
	}
	if len(r.items) == 0 {
		return
	}
	r.items = append(r.items, &box{h: h, glue: true})
}

// emitLines appends the line boxes of one paragraph-like block with widow
// and orphan control: no page break after its first line or before its
// last, so no page starts or ends with a single line of it.
func (r *renderer) emitLines(boxes []*box) {
	n := len(boxes)
	r.blocks++
	for i, b := range boxes {
		b.block = r.blocks
		if n >= 2 && (i == 0 || i == n-2) {
			b.keep = true
		}
		r.emit(b)
	}
}

// bodyCtx is the text style of running text: body size, or the footnote
// size inside footnotes.
func (r *renderer) bodyCtx() textCtx {
	size := r.geo.bodySize
	if r.inNotes {
		size = r.geo.noteSize
	}
	return textCtx{family: canvas.Serif, size: size}
}

func (r *renderer) renderParagraph(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	spans, err := r.inlines(n)
	if err != nil {
		return ast.WalkStop, err
	}
	if r.geo.numbered && unnumberedSection(r.section) && r.isBodyParagraph(n) && strings.TrimSpace(plainText(spans)) != "" {
		// Kept, unnumbered, so the abstract's words can be counted.
		r.paras = append(r.paras, Paragraph{Text: plainText(spans), Section: r.section})
	} else if r.geo.numbered && r.isBodyParagraph(n) && strings.TrimSpace(plainText(spans)) != "" {
		r.paraNo++
		r.paras = append(r.paras, Paragraph{Number: r.paraNo, Text: plainText(spans), Section: r.section})
		num := fmt.Sprintf("[%04d]", r.paraNo)
		spans = append([]span{{text: num, st: inlineStyle{bold: true}, src: -1, noWrap: true}, {text: " ", src: -1}}, spans...)
	}
	if err := r.emitText(spans, r.bodyCtx()); err != nil {
		return ast.WalkStop, err
	}
	r.space(r.geo.paraSpace)
	return ast.WalkSkipChildren, nil
}

// emitText sets the spans of a paragraph-like block. Images among them
// are set on lines of their own, between the text before and after them.
func (r *renderer) emitText(spans []span, ctx textCtx) error {
	if !hasPicture(spans) {
		boxes, err := r.setLines(spans, ctx, r.left, r.width, 'l')
		if err != nil {
			return err
		}
		r.emitLines(boxes)
		return nil
	}
	var group []span
	flush := func() error {
		if strings.TrimSpace(plainText(group)) != "" {
			boxes, err := r.setLines(group, ctx, r.left, r.width, 'l')
			if err != nil {
				return err
			}
			r.emitLines(boxes)
		}
		group = group[:0]
		return nil
	}
	for _, sp := range spans {
		if sp.pic == nil {
			group = append(group, sp)
			continue
		}
		if err := flush(); err != nil {
			return err
		}
		r.emit(r.imageBox(sp.pic))
	}
	return flush()
}

func hasPicture(spans []span) bool {
	for _, sp := range spans {
		if sp.pic != nil {
			return true
		}
	}
	return false
}

// isBodyParagraph says whether a paragraph gets a patent paragraph number:
// body text does; list items, table cells, footnotes and captions do not.
// unnumberedSection reports whether a patent section's paragraphs go
// without numbers: 37 CFR 1.52(b)(6) numbers the paragraphs of the
// description, not those of the claims or the abstract.
func unnumberedSection(heading string) bool {
	switch strings.ToLower(strings.TrimSpace(heading)) {
	case "claims", "what is claimed is:", "i claim:", "we claim:", "abstract", "abstract of the disclosure":
		return true
	}
	return false
}

func (r *renderer) isBodyParagraph(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindDocument:
			return true
		case ast.KindBlockquote:
			continue
		default:
			return false
		}
	}
	return false
}

// renderTextBlock renders the text of a tight list item: a paragraph
// without the space after it.
func (r *renderer) renderTextBlock(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	spans, err := r.inlines(n)
	if err != nil {
		return ast.WalkStop, err
	}
	if err := r.emitText(spans, r.bodyCtx()); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

func (r *renderer) renderHeading(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Heading)
	spans, err := r.inlines(n)
	if err != nil {
		return ast.WalkStop, err
	}
	level := min(max(n.Level, 1), 6)
	if level <= 2 {
		r.section = plainText(spans)
	}
	size := r.geo.headSizes[level]
	ctx := textCtx{family: canvas.Serif, bold: true, italic: level >= 5, size: size}
	boxes, err := r.setLines(spans, ctx, r.left, r.width, 'l')
	if err != nil {
		return ast.WalkStop, err
	}
	above := 12.0
	if level == 1 {
		above = 18
	}
	r.space(above)
	id := ""
	if v, ok := n.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			id = string(b)
		}
	}
	if id == "" || r.anchors[id] {
		id = fmt.Sprintf("heading-%d", len(r.headings)+1)
	}
	r.anchors[id] = true
	title := outlineText(spans)
	r.headings = append(r.headings, headingInfo{id: id, spans: spans, level: level})
	for i, b := range boxes {
		b.keep = true // a heading never ends a page
		if i == 0 {
			b.anchor = id
			if level <= 4 {
				// The outline may not skip levels: a heading 3 right
				// after a heading 1 becomes its child, not a grandchild.
				lv := min(level-1, r.lastLevel+1)
				b.mark = &outline{title: title, level: lv}
				r.lastLevel, r.headLevel = lv, lv
			}
		}
		r.emit(b)
	}
	if level == 1 && r.tocAt < 0 {
		r.tocAt = len(r.items)
	}
	r.space(4)
	return ast.WalkSkipChildren, nil
}

func (r *renderer) renderThematicBreak(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	r.space(6)
	r.emit(&box{h: 12, rules: []rule{{x1: r.left, y1: 6, x2: r.left + r.width, y2: 6, width: 0.75}}})
	r.space(6)
	return ast.WalkSkipChildren, nil
}

func (r *renderer) renderPageBreak(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	r.pageBreak(canvas.Portrait)
	return ast.WalkSkipChildren, nil
}

// pageBreak forces the next box onto a new page of the given orientation.
func (r *renderer) pageBreak(o canvas.Orientation) {
	// Trailing space before a forced break is meaningless.
	for len(r.items) > 0 && r.items[len(r.items)-1].glue {
		r.items = r.items[:len(r.items)-1]
	}
	r.items = append(r.items, &box{newPage: true, orient: o, glue: true})
}

// tabWidth is the tab stop distance in code blocks, in characters.
const tabWidth = 4

func (r *renderer) renderCodeBlock(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	size := r.geo.codeSize
	f := canvas.Font{Family: canvas.Mono}
	lh := r.geo.lineHeight(size)
	const inset = 8.0
	x := r.left + inset
	width := r.width - inset
	var boxes []*box
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		raw := string(seg.Value(r.src))
		raw = strings.TrimRight(raw, "\r\n")
		for off, c := range raw {
			if c != '\t' && !r.c.HasGlyph(f, c) {
				r.report(seg.Start+off, CodeGlyph, "the embedded fonts cannot draw %s; %s", describeRune(c), glyphRemedy)
			}
		}
		text := expandTabs(raw)
		pieces := r.wrapMono(f, size, text, width)
		for k, p := range pieces {
			b := &box{h: lh}
			px := x
			if k > 0 {
				px += codeHang
			}
			if p != "" {
				b.frags = []frag{{x: px, base: baseline(lh, size), w: r.c.StringWidth(f, size, p), text: p, font: f, size: size, color: canvas.Black}}
			}
			if k < len(pieces)-1 {
				b.rules = append(b.rules, continuationMark(x+width-codeMarkW+2, baseline(lh, size), size)...)
			}
			boxes = append(boxes, b)
		}
	}
	if len(boxes) == 0 {
		boxes = append(boxes, &box{h: lh})
	}
	// A thin bar marks the code block, as block quotes are marked.
	for _, b := range boxes {
		b.rules = append(b.rules, rule{x1: r.left + 2, y1: 0, x2: r.left + 2, y2: b.h, width: 0.5})
	}
	r.space(r.geo.paraSpace)
	r.emitLines(boxes)
	r.space(r.geo.paraSpace)
	return ast.WalkSkipChildren, nil
}

func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, c := range s {
		if c == '\t' {
			n := tabWidth - col%tabWidth
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(c)
		col++
	}
	return b.String()
}

// A code line too long for the column continues on the next line, never
// cut off at the margin. It breaks after a space or punctuation where it
// can; the broken line ends in a drawn hook arrow (a shape, so copying the
// code does not copy the mark) and the continuation is indented by
// codeHang.
const (
	codeHang  = 12.0 // indent of a continuation line
	codeMarkW = 10.0 // room kept at the right for the continuation mark
)

// continuationMark is a small ↵ drawn with rules, ending left of x+6 on
// the baseline base.
func continuationMark(x, base, size float64) []rule {
	top := base - size*0.6
	y := base - size*0.2
	w := 0.6
	return []rule{
		{x1: x + 6, y1: top, x2: x + 6, y2: y, width: w},
		{x1: x + 6, y1: y, x2: x, y2: y, width: w},
		{x1: x, y1: y, x2: x + 2.5, y2: y - 2, width: w},
		{x1: x, y1: y, x2: x + 2.5, y2: y + 2, width: w},
	}
}

// codeBreakAfter are the characters after which a code line may break.
const codeBreakAfter = " ,;:.)]}>/\\-=&|+*"

// wrapMono cuts a code line into pieces that fit width: the first piece
// with room for the continuation mark, the next ones also indented by
// codeHang. It breaks after a space or punctuation in the last two thirds
// of the room; only a run without any is cut between characters.
func (r *renderer) wrapMono(f canvas.Font, size float64, s string, width float64) []string {
	if r.c.StringWidth(f, size, s) <= width+0.001 {
		return []string{s}
	}
	var out []string
	room := width - codeMarkW
	for s != "" {
		if len(out) > 0 && r.c.StringWidth(f, size, s) <= width-codeHang+0.001 {
			out = append(out, s)
			break
		}
		w := 0.0
		cut, brk := 0, 0
		for i, c := range s {
			cw := r.c.RuneWidth(f, size, c)
			if w+cw > room+0.001 && i > 0 {
				break
			}
			w += cw
			cut = i + utf8.RuneLen(c)
			if strings.ContainsRune(codeBreakAfter, c) && w >= room/3 {
				brk = cut
			}
		}
		if brk > 0 && cut < len(s) {
			cut = brk
		}
		out = append(out, s[:cut])
		s = s[cut:]
		room = width - codeHang - codeMarkW
	}
	return out
}

// quoteIndent is how far each block-quote level moves the text right.
const quoteIndent = 16.0

// indentBy is how far a nested block may move the text right: the full
// indent while at least a third of the text width (and two inches) is
// left, less beyond that, so absurdly deep nesting still keeps every line
// on the page.
func (r *renderer) indentBy(indent float64) float64 {
	pw, _ := r.geo.paper.Size(canvas.Portrait)
	minCol := max(144, (pw-r.geo.left-r.geo.right)/3)
	return max(0, min(indent, r.width-minCol))
}

func (r *renderer) renderBlockquote(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.space(r.geo.paraSpace)
		in := r.indentBy(quoteIndent)
		r.quoteIndents = append(r.quoteIndents, in)
		r.quoteBars = append(r.quoteBars, r.left+in*3/16)
		r.left += in
		r.width -= in
		return ast.WalkContinue, nil
	}
	in := r.quoteIndents[len(r.quoteIndents)-1]
	r.quoteIndents = r.quoteIndents[:len(r.quoteIndents)-1]
	r.quoteBars = r.quoteBars[:len(r.quoteBars)-1]
	r.left -= in
	r.width += in
	r.space(r.geo.paraSpace)
	return ast.WalkContinue, nil
}

// listState is an open list.
type listState struct {
	ordered bool
	next    int  // number of the next item
	delim   byte // '.' or ')'
	indent  float64
	used    float64 // indent of the current item (less when nested very deep)
}

func (r *renderer) renderList(node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.List)
	if !entering {
		r.lists = r.lists[:len(r.lists)-1]
		if len(r.lists) == 0 || !n.IsTight {
			// A nested tight list runs on into its parent's next item.
			r.space(r.geo.paraSpace)
		}
		return ast.WalkContinue, nil
	}
	ls := listState{ordered: n.IsOrdered(), next: n.Start, delim: n.Marker}
	body := canvas.Font{Family: canvas.Serif}
	ls.indent = 18
	if ls.ordered {
		last := n.Start + n.ChildCount() - 1
		w := r.c.StringWidth(body, r.geo.bodySize, strconv.Itoa(max(last, n.Start))+string(ls.delim))
		ls.indent = max(ls.indent, w+8)
	}
	r.lists = append(r.lists, ls)
	if len(r.lists) == 1 {
		r.space(r.geo.paraSpace)
	}
	return ast.WalkContinue, nil
}

// bullet is the marker of an unordered list at a nesting depth (0 = top).
func bullet(depth int) string {
	switch depth % 4 {
	case 1:
		return "◦"
	case 2:
		return "▪"
	case 3:
		return "–"
	}
	return "•"
}

func (r *renderer) renderListItem(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if len(r.lists) == 0 {
		return ast.WalkStop, r.errorAt(nodePos(n), CodeStructure, "list item outside a list")
	}
	ls := &r.lists[len(r.lists)-1]
	if !entering {
		if r.marker != nil {
			// An empty item still shows its marker.
			r.emit(&box{h: r.geo.lineHeight(r.geo.bodySize)})
		}
		r.left -= ls.used
		r.width += ls.used
		return ast.WalkContinue, nil
	}
	f := canvas.Font{Family: canvas.Serif}
	var text string
	if ls.ordered {
		text = strconv.Itoa(ls.next) + string(ls.delim)
		ls.next++
	} else {
		text = bullet(len(r.lists) - 1)
		if !r.c.HasGlyph(f, []rune(text)[0]) {
			text = "-"
		}
	}
	size := r.geo.bodySize
	w := r.c.StringWidth(f, size, text)
	ls.used = r.indentBy(ls.indent)
	r.marker = &frag{x: max(r.geo.left, r.left+ls.used-6-w), w: w, text: text, font: f, size: size, color: canvas.Black}
	r.left += ls.used
	r.width -= ls.used
	return ast.WalkContinue, nil
}

func (r *renderer) renderHTMLBlock(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	pos := nodePos(n)
	snippet := ""
	if l := n.Lines(); l.Len() > 0 {
		seg := l.At(0)
		snippet = string(seg.Value(r.src))
		// The segment may include indentation; point at the tag itself.
		pos = seg.Start + len(snippet) - len(strings.TrimLeft(snippet, " \t"))
	}
	r.report(pos, CodeRawHTML, "raw HTML is not allowed in regdoc Markdown: %s; %s", abbreviate(snippet), htmlRemedy(snippet))
	return ast.WalkSkipChildren, nil
}

// registerExtensionFuncs adds the render funcs of GFM, footnotes and
// regdoc's own extensions.
func (r *renderer) registerExtensionFuncs(reg map[ast.NodeKind]renderFunc) {
	r.registerGFM(reg)
	reg[east.KindFootnoteList] = r.renderFootnoteList
	reg[east.KindFootnote] = r.renderFootnote
	reg[east.KindFootnoteLink] = r.renderFootnoteLink
	reg[east.KindFootnoteBacklink] = r.renderFootnoteBacklink
	reg[mdext.KindSuperscript] = r.renderScript
	reg[mdext.KindSubscript] = r.renderScript
	reg[mdext.KindPageBreak] = r.renderPageBreak
	reg[mdext.KindCaption] = r.renderCaption
	reg[mdext.KindFigureBlock] = r.renderFigure
}
