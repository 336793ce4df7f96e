package canvas

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonobolditalic"
	"github.com/go-fonts/liberation/liberationmonoitalic"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
)

// Family is one of the three embedded type families. Only these exist, so a
// document never depends on the fonts installed on the machine that builds it.
type Family uint8

const (
	Serif Family = iota // Liberation Serif, metric-compatible with Times New Roman
	Sans                // Liberation Sans, metric-compatible with Arial
	Mono                // Liberation Mono, metric-compatible with Courier New
)

// Font names a face: a family with its weight and slant. It is a small
// comparable value so it can be a map key and is cheap to pass around.
type Font struct {
	Family       Family
	Bold, Italic bool
}

// index is the face's slot in a Fonts table (family*4 + bold*2 + italic).
func (f Font) index() int {
	i := int(f.Family) * 4
	if f.Bold {
		i += 2
	}
	if f.Italic {
		i++
	}
	return i
}

const numFaces = 12

// Name is the PostScript-like name of the face, used in error messages and
// as the font family registered with the PDF writer.
func (f Font) Name() string {
	n := [...]string{"LiberationSerif", "LiberationSans", "LiberationMono"}[f.Family%3]
	switch {
	case f.Bold && f.Italic:
		return n + "-BoldItalic"
	case f.Bold:
		return n + "-Bold"
	case f.Italic:
		return n + "-Italic"
	}
	return n + "-Regular"
}

func (f Font) valid() bool { return f.Family <= Mono }

// fontData returns the TrueType bytes of each face in index order. It is a
// function rather than a table so the package holds no mutable globals.
func fontData(i int) []byte {
	switch i {
	case 0:
		return liberationserifregular.TTF
	case 1:
		return liberationserifitalic.TTF
	case 2:
		return liberationserifbold.TTF
	case 3:
		return liberationserifbolditalic.TTF
	case 4:
		return liberationsansregular.TTF
	case 5:
		return liberationsansitalic.TTF
	case 6:
		return liberationsansbold.TTF
	case 7:
		return liberationsansbolditalic.TTF
	case 8:
		return liberationmonoregular.TTF
	case 9:
		return liberationmonoitalic.TTF
	case 10:
		return liberationmonobold.TTF
	case 11:
		return liberationmonobolditalic.TTF
	}
	return nil
}

// noGlyph marks a rune the face cannot draw in a width table.
const noGlyph = math.MaxUint16

// face holds what layout needs from one TrueType file: advance widths per
// BMP rune in thousandths of an em (rounded exactly as the PDF writer rounds
// them into the /W array, so measured and rendered widths agree) and the
// vertical metrics.
type face struct {
	widths                       []uint16 // indexed by rune; noGlyph = not in the font
	ascent, descent, capHeight   float64  // in em; descent is negative
	underlinePos, underlineThick float64  // in em
	// scriptTrim is, for each character of the Unicode superscripts and
	// subscripts block that tightenScripts narrowed, how far (in 1/1000
	// em) its glyph is drawn left of its pen position.
	scriptTrim [scriptLast - scriptFirst + 1]uint16
}

// The Unicode block of superscript and subscript characters (⁰ … ₜ).
const (
	scriptFirst = 0x2070
	scriptLast  = 0x209F
)

// scriptAdvance is the advance, as a share of the face's own, given to a
// superscript or subscript character. Liberation gives ₁₀ and ⁴ the
// advance of a full-size digit around a glyph little more than half as
// wide, so "log₁₀" showed gaps between the small digits; the glyphs are
// centred in their advance, so trimming both sides keeps them centred.
const scriptAdvance = 0.65

// tightenScripts narrows the advances of the script characters of a
// proportional face (a monospaced face keeps its grid).
func (fc *face) tightenScripts() {
	for r := scriptFirst; r <= scriptLast; r++ {
		w := fc.widths[r]
		if w == noGlyph || w < 400 {
			continue
		}
		tight := uint16(math.Round(float64(w) * scriptAdvance))
		fc.widths[r] = tight
		fc.scriptTrim[r-scriptFirst] = (w - tight) / 2
	}
}

// ScriptTrim is how far left of its pen position a narrowed script
// character (see scriptAdvance) is drawn, in points at size; 0 for every
// other rune. The PDF canvas draws such characters one by one with it.
func (fs *Fonts) ScriptTrim(f Font, size float64, r rune) float64 {
	if r < scriptFirst || r > scriptLast {
		return 0
	}
	fc, err := fs.face(f)
	if err != nil {
		return 0
	}
	return float64(fc.scriptTrim[r-scriptFirst]) * size / 1000
}

// Metrics are a face's vertical measures in em units (multiply by the font
// size to get points). Descent is negative (below the baseline).
type Metrics struct {
	Ascent, Descent, CapHeight       float64
	UnderlinePos, UnderlineThickness float64
}

// Fonts gives measurements for the embedded faces. Each face is parsed on
// first use; after that every lookup is an array index, because measuring
// text is the typesetter's hot loop. A Fonts is safe for concurrent use and
// may be shared by many canvases.
type Fonts struct {
	once  [numFaces]sync.Once
	faces [numFaces]*face
	errs  [numFaces]error

	// fallback, when set, draws the characters a Liberation face lacks
	// (CJK, Devanagari, symbols), in every style.
	fallback     *face
	fallbackData []byte
}

// SetFallback adds a TrueType font (a .ttf, or an .otf with TrueType
// outlines) used for every character the Liberation faces lack. Call it
// before the Fonts is used or shared.
func (fs *Fonts) SetFallback(data []byte) error {
	tables, err := fontTables(data)
	if err != nil {
		return fmt.Errorf("canvas: fallback font: %w", err)
	}
	if tables["glyf"] == nil || tables["loca"] == nil {
		if tables["CFF "] != nil || tables["CFF2"] != nil {
			return errors.New("canvas: fallback font: it has PostScript (CFF) outlines, which the PDF writer cannot embed; use a TrueType font (.ttf)")
		}
		return errors.New("canvas: fallback font: it has no TrueType outlines (glyf table); use a TrueType font (.ttf)")
	}
	fc, err := parseFace(data)
	if err != nil {
		return fmt.Errorf("canvas: fallback font: %w", err)
	}
	fs.fallback, fs.fallbackData = fc, data
	return nil
}

// width is r's advance in a face in 1/1000 em, from the fallback font
// when the face lacks r; ok is false when neither has it.
func (fs *Fonts) width(fc *face, r rune) (uint16, bool) {
	if r < 0 || r >= 0x10000 {
		return 0, false
	}
	if v := fc.widths[r]; v != noGlyph {
		return v, true
	}
	if fs.fallback != nil {
		if v := fs.fallback.widths[r]; v != noGlyph {
			return v, true
		}
	}
	return 0, false
}

// fromFallback reports whether r is drawn from the fallback font in face f.
func (fs *Fonts) fromFallback(f Font, r rune) bool {
	if fs.fallback == nil || r < 0x80 || r >= 0x10000 {
		return false
	}
	fc, err := fs.face(f)
	return err == nil && fc.widths[r] == noGlyph && fs.fallback.widths[r] != noGlyph
}

// NewFonts returns a measurement table for the embedded Liberation faces.
func NewFonts() *Fonts { return &Fonts{} }

func (fs *Fonts) face(f Font) (*face, error) {
	if !f.valid() {
		return nil, fmt.Errorf("canvas: unknown font family %d", f.Family)
	}
	i := f.index()
	fs.once[i].Do(func() {
		fs.faces[i], fs.errs[i] = parseFace(fontData(i))
		if fs.errs[i] != nil {
			fs.errs[i] = fmt.Errorf("canvas: font %s: %w", f.Name(), fs.errs[i])
		} else if f.Family != Mono {
			fs.faces[i].tightenScripts()
		}
	})
	return fs.faces[i], fs.errs[i]
}

// StringWidth returns the advance width of s in points at the given size.
// Runes the face lacks count as zero: callers that care check HasGlyph (the
// canvas refuses to draw them anyway).
func (fs *Fonts) StringWidth(f Font, size float64, s string) float64 {
	fc, err := fs.face(f)
	if err != nil {
		return 0
	}
	w := 0
	widths := fc.widths
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 {
			if v := widths[c]; v != noGlyph {
				w += int(v)
			}
			continue
		}
		// Multi-byte rune: decode the rest of the string the slow way.
		for _, r := range s[i:] {
			if v, ok := fs.width(fc, r); ok {
				w += int(v)
			}
		}
		break
	}
	return float64(w) * size / 1000
}

// RuneWidth returns the advance width of one rune in points at size, or 0
// if the face lacks it.
func (fs *Fonts) RuneWidth(f Font, size float64, r rune) float64 {
	fc, err := fs.face(f)
	if err != nil {
		return 0
	}
	v, ok := fs.width(fc, r)
	if !ok {
		return 0
	}
	return float64(v) * size / 1000
}

// HasGlyph reports whether the face can draw r. The PDF writer reads only
// the Unicode BMP cmap, so runes beyond U+FFFF are never drawable; nor are
// letters of right-to-left scripts, which the canvas would lay out left to
// right, mirrored (IsRightToLeft).
func (fs *Fonts) HasGlyph(f Font, r rune) bool {
	fc, err := fs.face(f)
	if err != nil || IsRightToLeft(r) {
		return false
	}
	_, ok := fs.width(fc, r)
	return ok
}

// IsRightToLeft reports whether r belongs to a right-to-left script. The
// canvas draws text left to right only, so Hebrew (which the fonts have)
// would come out reversed; such text is refused rather than misprinted.
func IsRightToLeft(r rune) bool {
	return r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF
}

// MissingGlyph returns the first rune of s the face cannot draw, and false
// if it can draw them all.
func (fs *Fonts) MissingGlyph(f Font, s string) (rune, bool) {
	fc, err := fs.face(f)
	if err != nil {
		for _, r := range s {
			return r, true
		}
		return 0, false
	}
	for _, r := range s {
		if _, ok := fs.width(fc, r); !ok || IsRightToLeft(r) {
			return r, true
		}
	}
	return 0, false
}

// Metrics returns the vertical measures of a face.
func (fs *Fonts) Metrics(f Font) Metrics {
	fc, err := fs.face(f)
	if err != nil {
		return Metrics{}
	}
	return Metrics{Ascent: fc.ascent, Descent: fc.descent, CapHeight: fc.capHeight,
		UnderlinePos: fc.underlinePos, UnderlineThickness: fc.underlineThick}
}

// Err reports whether every face parses; a broken font build is found at
// start-up rather than in the middle of a document.
func (fs *Fonts) Err() error {
	for i := 0; i < numFaces; i++ {
		f := Font{Family: Family(i / 4), Bold: i%4 >= 2, Italic: i%2 == 1}
		if _, err := fs.face(f); err != nil {
			return err
		}
	}
	return nil
}

// parseFace reads the cmap (Unicode BMP, format 4: the same sub-table the
// PDF writer uses), hmtx, head, hhea, OS/2 and post tables.
func parseFace(data []byte) (*face, error) {
	tables, err := fontTables(data)
	if err != nil {
		return nil, err
	}
	for _, t := range []string{"head", "hhea", "hmtx", "cmap", "maxp"} {
		if tables[t] == nil {
			return nil, fmt.Errorf("missing %s table", t)
		}
	}
	head, hhea, hmtx, maxp := tables["head"], tables["hhea"], tables["hmtx"], tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, errors.New("truncated head/hhea/maxp")
	}
	upem := float64(binary.BigEndian.Uint16(head[18:]))
	if upem == 0 {
		return nil, errors.New("unitsPerEm is 0")
	}
	numHMetrics := int(binary.BigEndian.Uint16(hhea[34:]))
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	if numHMetrics == 0 || len(hmtx) < 4*numHMetrics {
		return nil, errors.New("truncated hmtx")
	}
	advance := func(g int) int {
		if g >= numHMetrics {
			g = numHMetrics - 1
		}
		a := int(binary.BigEndian.Uint16(hmtx[4*g:]))
		if a >= 1<<15 {
			a = 0
		}
		return a
	}
	scale := 1000 / upem
	fc := &face{widths: make([]uint16, 0x10000)}
	for i := range fc.widths {
		fc.widths[i] = noGlyph
	}
	cmap, err := bmpCmap(tables["cmap"])
	if err != nil {
		return nil, err
	}
	err = eachMapping(cmap, func(r, g int) {
		if r == 0 || r == 0xFFFF || g == 0 || g >= numGlyphs {
			return
		}
		fc.widths[r] = uint16(math.Round(scale * float64(advance(g))))
	})
	if err != nil {
		return nil, err
	}
	fc.ascent = float64(int16(binary.BigEndian.Uint16(hhea[4:]))) / upem
	fc.descent = float64(int16(binary.BigEndian.Uint16(hhea[6:]))) / upem
	fc.capHeight = fc.ascent * 0.7
	if os2 := tables["OS/2"]; len(os2) >= 90 && binary.BigEndian.Uint16(os2) >= 2 {
		fc.capHeight = float64(int16(binary.BigEndian.Uint16(os2[88:]))) / upem
	}
	if post := tables["post"]; len(post) >= 12 {
		fc.underlinePos = float64(int16(binary.BigEndian.Uint16(post[8:]))) / upem
		fc.underlineThick = float64(int16(binary.BigEndian.Uint16(post[10:]))) / upem
	}
	return fc, nil
}

// fontTables reads a TrueType table directory: tag to table bytes.
func fontTables(data []byte) (map[string][]byte, error) {
	if len(data) < 12 {
		return nil, errors.New("truncated font")
	}
	tables := map[string][]byte{}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return nil, errors.New("truncated table directory")
		}
		tag := string(data[rec : rec+4])
		off := int(binary.BigEndian.Uint32(data[rec+8:]))
		ln := int(binary.BigEndian.Uint32(data[rec+12:]))
		if off < 0 || ln < 0 || off+ln > len(data) {
			return nil, fmt.Errorf("table %q out of range", tag)
		}
		tables[tag] = data[off : off+ln]
	}
	return tables, nil
}

// bmpCmap finds the first (3,1) or Unicode-platform format-4 sub-table, the
// one the PDF writer reads, so "the face has a glyph" means "the glyph will
// show in the PDF".
func bmpCmap(cmap []byte) ([]byte, error) {
	if len(cmap) < 4 {
		return nil, errors.New("truncated cmap")
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	for i := 0; i < n; i++ {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		platform := binary.BigEndian.Uint16(cmap[rec:])
		enc := binary.BigEndian.Uint16(cmap[rec+2:])
		off := int(binary.BigEndian.Uint32(cmap[rec+4:]))
		if !((platform == 3 && enc == 1) || platform == 0) || off+4 > len(cmap) {
			continue
		}
		if binary.BigEndian.Uint16(cmap[off:]) == 4 {
			return cmap[off:], nil
		}
	}
	return nil, errors.New("no Unicode BMP (format 4) cmap")
}

// eachMapping calls fn for every rune -> glyph pair of a format-4 cmap.
func eachMapping(t []byte, fn func(r, g int)) error {
	if len(t) < 14 {
		return errors.New("truncated cmap format 4")
	}
	segX2 := int(binary.BigEndian.Uint16(t[6:]))
	seg := segX2 / 2
	ends := 14
	starts := ends + segX2 + 2
	deltas := starts + segX2
	rangeOffs := deltas + segX2
	if rangeOffs+segX2 > len(t) {
		return errors.New("truncated cmap segments")
	}
	u16 := func(p int) int { return int(binary.BigEndian.Uint16(t[p:])) }
	for s := 0; s < seg; s++ {
		end, start := u16(ends+2*s), u16(starts+2*s)
		delta := int(int16(binary.BigEndian.Uint16(t[deltas+2*s:])))
		ro := u16(rangeOffs + 2*s)
		for c := start; c <= end && c <= 0xFFFF; c++ {
			var g int
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else {
				p := rangeOffs + 2*s + ro + 2*(c-start)
				if p+2 > len(t) {
					continue
				}
				g = u16(p)
				if g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			fn(c, g)
		}
	}
	return nil
}
