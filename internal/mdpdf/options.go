package mdpdf

import (
	"github.com/regdoc/regdoc/internal/diag"
	"io/fs"
	"time"
)

// Style selects the house rules a document is typeset to: margins, line
// spacing, page furniture and paragraph numbering differ between a CTD
// section and a patent specification.
type Style string

const (
	// StyleCTD follows the FDA/ICH eCTD PDF specification: Letter or A4,
	// left margin at least 3/4 inch, other margins at least 3/8 inch.
	StyleCTD Style = "ctd"
	// StylePatent follows 37 CFR 1.52: margins of at least 2.5 cm left and
	// 2.0 cm elsewhere, 1.5 line spacing, 12 pt text, numbered paragraphs
	// and the page number centred below the text.
	StylePatent Style = "patent"
)

// Options say how a Markdown document is typeset.
type Options struct {
	Style Style    // "" means StyleCTD
	Paper string   // "letter" (default) or "a4"
	Meta  Metadata // document info and page furniture
	TOC   bool     // table of contents after the first heading 1 (dotted leaders, page numbers, live links)

	// KeepTitle says Meta.Title was chosen for this run (render --title)
	// and wins over a front-matter title, in the PDF's info, the running
	// header and the title block: the more specific, later choice.
	KeepTitle bool

	// Images is where image references are resolved. Paths are taken as
	// fs.FS paths (slash-separated, no leading slash, no ".."), so a
	// document can only reach files inside the tree it was given. Nil means
	// the document may not contain images.
	Images fs.FS

	// StraightQuotes keeps quotes, -- and ... as typed, where the style
	// would set typographic quotes, dashes and ellipses in running text.
	StraightQuotes bool

	// FallbackFont is a TrueType font (the bytes of a .ttf file) used for
	// the characters the embedded Liberation faces lack: CJK, Devanagari,
	// symbols. Nil means those characters are refused.
	FallbackFont []byte

	// File names the source in diagnostics (diag.Diagnostic.File); it is
	// never opened.
	File string
}

// Result is what typesetting produced besides the bytes.
type Result struct {
	Pages int // pages in the PDF
	// Warnings are problems that did not stop typesetting: front-matter
	// keys that are not read, a date that is not YYYY-MM-DD.
	Warnings []diag.Diagnostic
	// Paragraphs are the paragraphs of a patent-style document as typeset:
	// the numbered ones of the description, [0001] first, and the
	// unnumbered ones of the claims and abstract (Number 0). They are what
	// a reader of the PDF sees, so claim support can be judged, and the
	// abstract's words counted, on the words actually printed.
	Paragraphs []Paragraph
}

// Paragraph is one numbered paragraph of a patent-style document.
type Paragraph struct {
	Number  int    // the n of [000n]; 0 in the claims and abstract
	Text    string // the paragraph's words as typeset, without its number
	Section string // the heading (level 1 or 2) the paragraph stands under
}

// Metadata is what the document says about itself: the Info dictionary and
// the text of the running header and footer.
type Metadata struct {
	Title, Author, Subject, Keywords string
	Creator, Producer                string    // Producer e.g. "regdoc 0.1.0"
	DocumentNumber, Version          string    // running header: title, document number, version
	Confidentiality                  string    // footer line
	Notice                           string    // one line printed on every page, e.g. "ILLUSTRATIVE DATA — NOT A REAL PRODUCT"
	Draft                            bool      // DRAFT watermark (light grey) on every page
	Date                             time.Time // creation and modification date; never the clock
}
