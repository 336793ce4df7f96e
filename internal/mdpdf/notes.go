package mdpdf

import (
	"slices"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Footnotes are set at the foot of the page that cites them, in the note
// size, numbered through the document (goldmark's order of first
// reference), below a short rule. The reference [n] in the text is a link
// to the note. goldmark collects the notes at the end of the document;
// each note's lines are laid out there but kept aside (renderer.notes),
// and the pager puts them under the page of the line that cites them
// (paginate.go).

// footnotePrefix starts the anchor of every footnote.
const footnotePrefix = "footnote-"

func footnoteID(i int) string { return footnotePrefix + strconv.Itoa(i) }

// footnoteIndex is the note index of a footnote anchor.
func footnoteIndex(anchor string) (int, bool) {
	if !strings.HasPrefix(anchor, footnotePrefix) {
		return 0, false
	}
	n, err := strconv.Atoi(anchor[len(footnotePrefix):])
	return n, err == nil
}

func (r *renderer) renderFootnoteLink(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*east.FootnoteLink)
	st := r.in.style()
	st.link, st.url, st.anchor = true, "", footnoteID(n.Index)
	r.refs = append(r.refs, anchorRef{id: st.anchor, pos: nodePos(n)})
	r.addSpan(span{text: "[" + strconv.Itoa(n.Index) + "]", st: st, src: nodePos(n)})
	return ast.WalkSkipChildren, nil
}

// renderFootnoteBacklink draws nothing: the way back is the reader's
// "previous view", and the usual ↩ arrow would be a link without text.
func (r *renderer) renderFootnoteBacklink(node ast.Node, entering bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

func (r *renderer) renderFootnoteList(node ast.Node, entering bool) (ast.WalkStatus, error) {
	r.inNotes = entering
	return ast.WalkContinue, nil
}

func (r *renderer) renderFootnote(node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.Footnote)
	const indent = 24.0
	if !entering {
		if r.marker != nil {
			r.emit(&box{h: r.geo.lineHeight(r.geo.noteSize)})
		}
		r.left -= indent
		r.width += indent
		// The note's lines leave the vertical list for the foot of a page.
		lines := r.items[r.noteStart:]
		for len(lines) > 0 && lines[len(lines)-1].glue {
			lines = lines[:len(lines)-1]
		}
		for _, b := range lines {
			b.keep = false
		}
		if r.notes == nil {
			r.notes = map[int][]*box{}
		}
		r.notes[n.Index] = slices.Clone(lines)
		r.noteOrder = append(r.noteOrder, n.Index)
		r.items = r.items[:r.noteStart]
		return ast.WalkContinue, nil
	}
	r.noteStart = len(r.items)
	f := canvas.Font{Family: canvas.Serif}
	size := r.geo.noteSize
	text := strconv.Itoa(n.Index) + "."
	w := r.c.StringWidth(f, size, text)
	r.marker = &frag{x: r.left + indent - 6 - w, w: w, text: text, font: f, size: size, color: canvas.Black}
	r.pendingAnchor = footnoteID(n.Index)
	r.anchors[r.pendingAnchor] = true
	r.left += indent
	r.width -= indent
	return ast.WalkContinue, nil
}

// renderCaption sets "Table 1. Caption text" and makes it a link target;
// it is kept on the same page as its table or figure.
func (r *renderer) renderCaption(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*mdext.CaptionNode)
	spans, err := r.inlines(n)
	if err != nil {
		return ast.WalkStop, err
	}
	label := n.Label() + "."
	spans = append([]span{{text: label, st: inlineStyle{bold: true}, src: -1, noWrap: true}, {text: " ", src: -1}}, spans...)
	size := r.geo.tableSize
	boxes, err := r.setLines(spans, textCtx{family: canvas.Serif, size: size}, r.left, r.width, 'l')
	if err != nil {
		return ast.WalkStop, err
	}
	id := r.captionID(n)
	if n.Before {
		r.space(r.geo.paraSpace)
		r.captionStart = len(r.items)
	} else if k := r.lastBox(); k != nil {
		k.keep = true // the table's last row or the figure stays with its caption
	}
	// Tables and figures are bookmarked under their section, as the FDA
	// PDF specification asks, within its four outline levels.
	level := min(r.headLevel+1, 3)
	if r.lastLevel < 0 {
		level = 0
	}
	title := outlineText(spans)
	for i, b := range boxes {
		if i == 0 {
			b.anchor = id
			b.mark = &outline{title: title, level: level}
		}
		b.keep = n.Before || i < len(boxes)-1
		r.emit(b)
	}
	if !n.Before {
		r.space(r.geo.paraSpace)
	}
	return ast.WalkSkipChildren, nil
}

// captionID is the anchor of a caption: its {#id} or "table-2".
func (r *renderer) captionID(n *mdext.CaptionNode) string { return n.Anchor() }

// lastBox is the last non-glue box of the vertical list.
func (r *renderer) lastBox() *box {
	for i := len(r.items) - 1; i >= 0; i-- {
		if !r.items[i].glue {
			return r.items[i]
		}
	}
	return nil
}

// collectLabels walks the tree once before rendering to learn every
// caption and heading id, so that an empty link [](#tbl:yields) can be
// filled with "Table 1" even when the table comes later.
//
// Two headings or captions with the same id are a problem reported at the
// second, naming the first: a link to that id could only reach one of
// them.
func (r *renderer) collectLabels(doc ast.Node) {
	type idAt struct {
		what string
		off  int
	}
	seen := map[string]idAt{}
	claim := func(id, what string, off int) {
		if first, dup := seen[id]; dup {
			line, col := r.lines.LineCol(first.off)
			r.report(off, CodeDuplicateID, "%s id %q is already the id of the %s at line %d, column %d; ids must be unique, so give one of them another {#id}",
				what, id, first.what, line, col)
			return
		}
		seen[id] = idAt{what, off}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *mdext.CaptionNode:
			id := r.captionID(n)
			claim(id, strings.ToLower(n.Target)+" caption", nodePos(n))
			r.labels[id] = n.Label()
			r.anchors[id] = true
			return ast.WalkSkipChildren, nil
		case *ast.Heading:
			if v, ok := n.AttributeString("id"); ok {
				if b, ok := v.([]byte); ok && len(b) > 0 {
					claim(string(b), "heading", nodePos(n))
					r.labels[string(b)] = headingText(n, r.src)
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// headingText is the plain text of a heading, for links that name it.
func headingText(n ast.Node, src []byte) string {
	var spans []span
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			s := span{text: string(t.Segment.Value(src))}
			if !t.IsRaw() {
				s.text = decodeText(t.Segment.Value(src))
			}
			if t.SoftLineBreak() || t.HardLineBreak() {
				s.text += " "
			}
			spans = append(spans, s)
		case *ast.String:
			spans = append(spans, span{text: string(t.Value)})
		}
		return ast.WalkContinue, nil
	})
	return plainText(spans)
}
