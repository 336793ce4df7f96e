package mdpdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/canvas"
)

// span is inline text in one style, as collected from the syntax tree.
type span struct {
	text   string
	st     inlineStyle
	src    int      // source offset of the text, -1 if generated
	raw    string   // the source bytes text was decoded from ("" = same as text)
	hard   bool     // a hard line break follows
	soft   bool     // a soft line break (a space) follows
	noWrap bool     // never break inside (paragraph numbers, markers)
	pic    *picture // an image: set on its own line by the block
}

// inlineStyle is the emphasis state of a span; the concrete face and size
// come from the block the span sits in.
type inlineStyle struct {
	bold, italic, mono, strike bool
	link                       bool
	url, anchor                string
	script                     script
}

// script says whether text sits on the baseline, raised (^sup^) or lowered
// (~sub~).
type script int8

const (
	onBaseline script = iota
	superscript
	subscript
)

// Superscripts and subscripts are set at scriptScale of the surrounding
// size, raised by superRise or lowered by subDrop of the surrounding size
// (the proportions of Liberation's own OS/2 script metrics, rounded).
const (
	scriptScale = 0.7
	superRise   = 0.33
	subDrop     = 0.14
)

// rise is how far text of this style sits above the baseline of text of
// size (negative: below).
func (s script) rise(size float64) float64 {
	switch s {
	case superscript:
		return size * superRise
	case subscript:
		return -size * subDrop
	}
	return 0
}

// textCtx is what a block tells the line breaker about its text.
type textCtx struct {
	family canvas.Family
	bold   bool
	italic bool
	size   float64
}

// piece is a word fragment in one style.
type piece struct {
	text  string
	font  canvas.Font
	size  float64
	st    inlineStyle
	w     float64
	rise  float64 // baseline shift of a superscript or subscript
	spanI int     // index of the span it came from
	off   int     // byte offset of text inside that span's text
	src   string  // that span's text: neighbouring words are merged by slicing it
}

// word is an unbreakable sequence of pieces; space is the width of the
// space after it (0 at a hard break or the end).
type word struct {
	pieces []piece
	w      float64
	space  float64
	spaceF canvas.Font
	spaceS float64
	hard   bool // line break after this word
}

// line is a broken line: frags positioned from x = 0, to be shifted.
type line struct {
	frags   []frag
	w       float64
	maxSize float64
}

// lineBreaker turns spans into lines. It measures with the canvas's width
// tables and refuses characters the chosen face cannot draw.
type lineBreaker struct {
	r *renderer
}

func (r *renderer) fontFor(ctx textCtx, st inlineStyle) (canvas.Font, float64) {
	f := canvas.Font{Family: ctx.family, Bold: ctx.bold || st.bold, Italic: ctx.italic || st.italic}
	size := ctx.size
	if st.mono {
		f.Family = canvas.Mono
		if ctx.family != canvas.Mono {
			// Mono looks larger than serif at the same size.
			size = max(r.geo.minSize, size*0.9)
		}
	}
	if st.script != onBaseline {
		// Scripts are the one exception to the minimum size, as in every
		// typeset document: 10^4^ with a full-size 4 reads as 104.
		size *= scriptScale
	}
	return f, size
}

// words splits spans into words, checking every character against its face.
// All pieces share one backing array (each word's slice is capped), since
// allocating per word is what made line breaking slow.
func (r *renderer) words(spans []span, ctx textCtx) ([]word, error) {
	n := 0
	for _, sp := range spans {
		n += len(sp.text)
	}
	out := make([]word, 0, n/6+1)
	all := make([]piece, 0, n/6+1)
	curStart, curW := 0, 0.0
	flush := func(space float64, f canvas.Font, size float64, hard bool) {
		if len(all) > curStart || hard {
			out = append(out, word{pieces: all[curStart:len(all):len(all)], w: curW, space: space, spaceF: f, spaceS: size, hard: hard})
		} else if len(out) > 0 && space > 0 && out[len(out)-1].space == 0 && !out[len(out)-1].hard {
			// A space between spans (e.g. "a *b*"): attach to the previous word.
			out[len(out)-1].space, out[len(out)-1].spaceF, out[len(out)-1].spaceS = space, f, size
		}
		curStart, curW = len(all), 0
	}
	for si, sp := range spans {
		if sp.pic != nil {
			r.report(sp.src, CodeStructure, "an image cannot stand here; put it in a paragraph of its own")
			continue
		}
		f, size := r.fontFor(ctx, sp.st)
		rise := sp.st.script.rise(ctx.size)
		if _, missing := r.missingGlyph(f, sp.text); missing {
			r.glyphProblems(sp, f)
			continue
		}
		if sp.noWrap {
			w := r.c.StringWidth(f, size, sp.text)
			all = append(all, piece{text: sp.text, font: f, size: size, st: sp.st, w: w, rise: rise, spanI: si, src: sp.text})
			curW += w
		} else {
			s := sp.text
			start := 0
			for i := 0; i <= len(s); {
				var c rune
				var n int
				if i < len(s) {
					c, n = utf8.DecodeRuneInString(s[i:])
				}
				if i == len(s) || isSpace(c) {
					if i > start {
						t := s[start:i]
						w := r.c.StringWidth(f, size, t)
						all = append(all, piece{text: t, font: f, size: size, st: sp.st, w: w, rise: rise, spanI: si, off: start, src: s})
						curW += w
					}
					if i == len(s) {
						break
					}
					flush(r.c.RuneWidth(f, size, ' '), f, size, false)
					i += n
					start = i
					continue
				}
				i += n
			}
		}
		switch {
		case sp.hard:
			flush(0, f, size, true)
		case sp.soft:
			flush(r.c.RuneWidth(f, size, ' '), f, size, false)
		}
	}
	flush(0, canvas.Font{}, 0, false)
	return bindWords(out), nil
}

// bindWords joins words that must not be split across lines, keeping the
// space between them as an ordinary (drawn, extracted) space: a number and
// its unit (20 %, 37 °C, 10 µg/mL), "×" and its operands (4 × 10³), a
// spaced range dash and its ends (190 – 210), and a relation sign and its
// value (≤ 200). The rule reads the text, so data and template text
// alike are kept together.
func bindWords(ws []word) []word {
	out := ws[:0]
	for i := 0; i < len(ws); i++ {
		wd := ws[i]
		for i+1 < len(ws) && !wd.hard && wd.space > 0 && len(wd.pieces) > 0 && len(ws[i+1].pieces) > 0 &&
			mustBind(wd.pieces[len(wd.pieces)-1], ws[i+1].pieces[0], ws[i+1]) {
			next := ws[i+1]
			last := wd.pieces[len(wd.pieces)-1]
			sp := piece{text: " ", font: wd.spaceF, size: wd.spaceS, st: last.st, w: wd.space, spanI: -2}
			if end := last.off + len(last.text); end < len(last.src) && last.src[end] == ' ' {
				// The space of the same source text: the frag can go on
				// slicing the source instead of building a string.
				sp.spanI, sp.off, sp.src = last.spanI, end, last.src
			}
			sp.st.script = onBaseline
			pieces := make([]piece, 0, len(wd.pieces)+1+len(next.pieces))
			pieces = append(append(append(pieces, wd.pieces...), sp), next.pieces...)
			wd = word{pieces: pieces, w: wd.w + wd.space + next.w, space: next.space, spaceF: next.spaceF, spaceS: next.spaceS, hard: next.hard}
			i++
		}
		out = append(out, wd)
	}
	return out
}

// mustBind decides whether the space between piece a (the end of a word)
// and piece b (the start of the next word, nw) may not break a line.
func mustBind(a, b piece, nw word) bool {
	if a.st.mono || b.st.mono || a.text == "" || b.text == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(a.text)
	first, _ := utf8.DecodeRuneInString(b.text)
	switch {
	case strings.ContainsRune("≤≥<>±≈×–", last):
		// ≤ 200, ± 0.2, 4 ×, 190 –
		return true
	case first == '×' || first == '±' || (first == '–' && len(nw.pieces) == 1 && b.text == "–"):
		// 4 × 10, 5.0 ± 0.2, 190 – 210
		return true
	case unicode.IsNumber(last):
		// A number and its unit: a short word starting with a letter or a
		// unit sign.
		if !(unicode.IsLetter(first) || strings.ContainsRune("%‰°′″Ω", first)) {
			return false
		}
		n := 0
		for _, p := range nw.pieces {
			n += utf8.RuneCountInString(p.text)
		}
		return n <= maxUnitRunes && !(len(nw.pieces) == 1 && notUnit(strings.TrimRight(b.text, ",.;:")))
	}
	return false
}

// notUnit reports the short words that follow numbers in running text
// without being their unit ("from 22 to 27 °C"): a line may break after
// the number.
func notUnit(w string) bool {
	switch w {
	case "to", "and", "or", "of", "in", "at", "for", "the", "a", "an", "is", "are", "was", "were",
		"with", "by", "on", "from", "than", "as", "if", "but", "nor", "vs":
		return true
	}
	return false
}

// maxUnitRunes is the longest word kept with the number before it: long
// enough for "IU/mL," and "log₁₀", short enough that a number followed by
// running text ("2 purification steps") does not drag a long word along.
const maxUnitRunes = 8

// missingGlyph finds a character of s the face cannot draw; white space
// is never drawn as a glyph, so it does not count.
func (r *renderer) missingGlyph(f canvas.Font, s string) (rune, bool) {
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(spaceMap, s)
	}
	return r.c.MissingGlyph(f, s)
}

func isSpace(c rune) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func spaceMap(c rune) rune {
	if isSpace(c) {
		return -1
	}
	return c
}

// breakLines fills lines no wider than width, greedily. A word longer than
// a line is cut between characters so nothing runs off the page.
func (r *renderer) breakLines(words []word, width float64) []line {
	var lines []line
	var cur line
	pendingSpace := 0.0
	var spF canvas.Font
	var spS float64
	emit := func() {
		lines = append(lines, cur)
		cur = line{}
		pendingSpace = 0
	}
	for _, wd := range words {
		if len(wd.pieces) > 0 {
			if len(cur.frags) > 0 && cur.w+pendingSpace+wd.w > width+0.001 {
				emit()
			}
			if wd.w > width+0.001 {
				for _, p := range r.splitWord(wd, width-cur.w-pendingSpace, width) {
					if p.newLine && len(cur.frags) > 0 {
						emit()
					}
					r.appendPiece(&cur, p.piece, pendingSpace, spF, spS)
					pendingSpace = 0
				}
			} else {
				for i, p := range wd.pieces {
					sp := 0.0
					if i == 0 {
						sp = pendingSpace
					}
					r.appendPiece(&cur, p, sp, spF, spS)
				}
			}
			pendingSpace, spF, spS = wd.space, wd.spaceF, wd.spaceS
		} else if wd.space > 0 && len(cur.frags) > 0 {
			pendingSpace, spF, spS = wd.space, wd.spaceF, wd.spaceS
		}
		if wd.hard {
			emit()
		}
	}
	if len(cur.frags) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

type splitPiece struct {
	piece
	newLine bool
}

// splitWord cuts an over-long word into pieces; the first must fit in
// first (the rest of the current line), the others in width.
func (r *renderer) splitWord(wd word, first, width float64) []splitPiece {
	var out []splitPiece
	room := first
	newLine := false
	if room < width*0.25 {
		room, newLine = width, true
	}
	for _, p := range wd.pieces {
		rest := p.text
		off := p.off
		for rest != "" {
			w := 0.0
			cut := 0
			for i, c := range rest {
				cw := r.c.RuneWidth(p.font, p.size, c)
				if w+cw > room+0.001 && i > 0 {
					break
				}
				w += cw
				cut = i + utf8.RuneLen(c)
			}
			if cut == 0 { // not even one character fits: move to a fresh line
				if !newLine && room < width {
					room, newLine = width, true
					continue
				}
				_, n := utf8.DecodeRuneInString(rest)
				cut = n
				w = r.c.StringWidth(p.font, p.size, rest[:n])
			}
			np := p
			np.text, np.w, np.off = rest[:cut], w, off
			out = append(out, splitPiece{piece: np, newLine: newLine})
			rest = rest[cut:]
			off += cut
			room -= w
			newLine = false
			if rest != "" {
				room, newLine = width, true
			}
		}
	}
	return out
}

// appendPiece adds a piece to a line, merging it with the previous frag
// when the style is the same so a line is drawn with few text operations.
func (r *renderer) appendPiece(l *line, p piece, space float64, spF canvas.Font, spS float64) {
	color := canvas.Black
	if p.st.link {
		color = canvas.LinkBlue
	}
	if n := len(l.frags); n > 0 {
		last := &l.frags[n-1]
		if last.font == p.font && last.size == p.size && last.rise == p.rise && last.color == color && last.strike == p.st.strike &&
			last.url == p.st.url && last.anchor == p.st.anchor &&
			(space == 0 || (spF == p.font && spS == p.size)) {
			end := p.off + len(p.text)
			switch {
			case last.spanI == p.spanI && space > 0 && last.srcEnd+1 == p.off && p.src[last.srcEnd] == ' ':
				// The next word of the same source text: extend the
				// slice instead of building a new string.
				last.text = p.src[last.srcStart:end]
			case last.spanI == p.spanI && space == 0 && last.srcEnd == p.off:
				last.text = p.src[last.srcStart:end]
			default:
				if space > 0 {
					last.text += " "
				}
				last.text += p.text
				last.spanI = -1 // no longer a slice of one source
			}
			last.srcEnd = end
			last.w += space + p.w
			l.w += space + p.w
			return
		}
	}
	l.frags = append(l.frags, frag{x: l.w + space, text: p.text, w: p.w, font: p.font, size: p.size, rise: p.rise, color: color,
		strike: p.st.strike, url: p.st.url, anchor: p.st.anchor, spanI: p.spanI, srcStart: p.off, srcEnd: p.off + len(p.text)})
	l.w += space + p.w
	l.maxSize = max(l.maxSize, p.size)
}

// setLines lays spans out as line boxes of width, left edge x; align is
// 'l', 'c' or 'r'.
func (r *renderer) setLines(spans []span, ctx textCtx, x, width float64, align byte) ([]*box, error) {
	ws, err := r.words(spans, ctx)
	if err != nil {
		return nil, err
	}
	lines := r.breakLines(ws, width)
	boxes := make([]*box, 0, len(lines))
	for _, l := range lines {
		size := max(l.maxSize, ctx.size)
		h := r.geo.lineHeight(size)
		shift := x
		switch align {
		case 'c':
			shift += (width - l.w) / 2
		case 'r':
			shift += width - l.w
		}
		b := &box{h: h}
		base := baseline(h, size)
		for _, f := range l.frags {
			f.x += shift
			f.base = base - f.rise
			b.frags = append(b.frags, f)
		}
		boxes = append(boxes, b)
	}
	return boxes, nil
}
