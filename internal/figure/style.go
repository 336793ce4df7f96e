package figure

import "github.com/regdoc/regdoc/internal/canvas"

// style is everything that differs between the colour (CTD) and the
// black-and-white (patent) variant. Layout code asks the style, never the
// BW flag, so the two variants cannot drift apart in structure.
type style struct {
	bw bool

	size  float64 // text size of every label, in points
	leadF float64 // line height as a multiple of size

	regular, bold, italic canvas.Font

	line  float64 // ordinary strokes
	heavy float64 // virus-reduction borders and chart lines
	thin  float64 // note connectors

	text   canvas.Color
	ink    canvas.Color // box borders, arrows, axes
	note   canvas.Color // note connectors
	grid   canvas.Color
	gridW  float64
	gridD  [2]float64 // gridline dash pattern
	vrFill canvas.Color
	paper  canvas.Color // fill that hides lines under open markers
	limit  canvas.Color
	series []canvas.Color
}

// Sizes. Colour figures use 9 pt, the smallest size the FDA accepts for
// text in tables and figures. Patent figures use 13.5 pt: 37 CFR
// 1.84(p)(3) asks for characters at least 0.32 cm (9.07 pt) tall, and the
// cap height of Liberation Sans is 0.688 em, so 13.5 pt gives 9.29 pt.
const (
	colourSize = 9
	bwSize     = 13.5
)

func newStyle(bw bool) style {
	st := style{
		bw:      bw,
		leadF:   1.22,
		regular: canvas.Font{Family: canvas.Sans},
		bold:    canvas.Font{Family: canvas.Sans, Bold: true},
		italic:  canvas.Font{Family: canvas.Sans, Italic: true},
		text:    canvas.Black,
		paper:   canvas.White,
	}
	if bw {
		// Everything black, no tints: 37 CFR 1.84(a)(1) wants solid black
		// lines, and lines at least 0.7 pt survive the 2/3 reduction of
		// 1.84(k). Series are told apart by dash pattern and marker.
		st.size = bwSize
		st.line, st.heavy, st.thin = 1, 2.5, 1
		st.ink, st.note, st.grid, st.limit = canvas.Black, canvas.Black, canvas.Black, canvas.Black
		st.gridW, st.gridD = 0.7, [2]float64{1, 4}
		st.vrFill = canvas.White
		st.series = []canvas.Color{canvas.Black}
		return st
	}
	// A restrained palette: dark, well-separated in luminance, so a
	// greyscale print still tells series apart (markers and dashes help
	// too); tints light enough for black text on top.
	st.size = colourSize
	st.line, st.heavy, st.thin = 0.75, 2, 0.6
	st.ink = 0x262626
	st.note = 0x595959
	st.grid, st.gridW = canvas.LightGrey, 0.5
	st.vrFill = 0xDEE7F0
	st.limit = 0x9E1B1B
	st.series = []canvas.Color{0x1F4E79, 0xC55A11, 0x4F7A28, 0x595959}
	return st
}

// lead is the distance between baselines of wrapped text.
func (st style) lead() float64 { return st.size * st.leadF }

// seriesColor is the stroke colour of series i.
func (st style) seriesColor(i int) canvas.Color { return st.series[i%len(st.series)] }

// seriesDash is the dash pattern of series i: the first is solid, so the
// headline line (this process) is the strongest.
func (st style) seriesDash(i int) [2]float64 {
	return [...][2]float64{{0, 0}, {6, 3}, {2, 2.5}, {9, 3}}[i%4]
}

// markerShape is the marker of series i.
type markerShape int

const (
	dotMarker markerShape = iota
	squareMarker
	triangleMarker
	diamondMarker
)

func (st style) marker(i int) markerShape { return markerShape(i % 4) }
