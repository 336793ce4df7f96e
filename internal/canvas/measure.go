package canvas

// measurer is the Measurer half of a canvas that measures with a font
// table: PDF, SVG and the Recorder embed it, so text is measured alike
// whichever one draws it, and a layout recorded in a test is the layout
// the PDF gets.
type measurer struct {
	fonts *Fonts
}

// newMeasurer measures with fonts; nil means a new table.
func newMeasurer(fonts *Fonts) measurer {
	if fonts == nil {
		fonts = NewFonts()
	}
	return measurer{fonts: fonts}
}

// StringWidth implements Measurer.
func (m measurer) StringWidth(f Font, size float64, s string) float64 {
	return m.fonts.StringWidth(f, size, s)
}

// RuneWidth implements Measurer.
func (m measurer) RuneWidth(f Font, size float64, r rune) float64 {
	return m.fonts.RuneWidth(f, size, r)
}

// Outline implements Measurer.
func (m measurer) Outline(f Font, r rune) ([][]Point, float64, error) { return m.fonts.Outline(f, r) }

// HasGlyph implements Measurer.
func (m measurer) HasGlyph(f Font, r rune) bool { return m.fonts.HasGlyph(f, r) }

// MissingGlyph implements Measurer.
func (m measurer) MissingGlyph(f Font, s string) (rune, bool) { return m.fonts.MissingGlyph(f, s) }

// Metrics implements Measurer.
func (m measurer) Metrics(f Font) Metrics { return m.fonts.Metrics(f) }
