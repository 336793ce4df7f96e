// Package mdpdf is the typesetter: it owns turning Markdown in regdoc's
// dialect (internal/mdext) into PDF pages for regulatory submissions (FDA
// eCTD) and patent filings — text flow, tables, images, figures, footnotes,
// outline, table of contents and page furniture.
//
// It is a goldmark renderer: one render func is registered per node kind,
// and a node kind without one is an error, never skipped, so nothing a
// writer puts in the source can silently vanish from the PDF. Raw HTML,
// characters the embedded fonts cannot draw, images outside Options.Images,
// bad figure specs and links to anchors the document lacks are problems
// with a file, line, column and stable code (diag.Problems); one run
// reports all of them it can find. Layout happens before drawing (see
// layout.go), and drawing goes through internal/canvas, so the same input
// always gives the same bytes. Render returns the page count with the PDF.
//
// The dialect is CommonMark with the GFM extensions (tables,
// strikethrough, task lists, autolinks), footnotes, and these additions
// from internal/mdext and internal/figure:
//
//   - a line holding only \newpage starts a new page;
//   - a paragraph "Table: text {#id}" next to a table, or "Figure: text
//     {#id}" next to an image paragraph or figure block, is a numbered
//     caption (an image title also captions its image);
//   - an empty link to a caption or heading id, [](#tbl:yields), shows the
//     target's label ("Table 1") or title; any #id link is live;
//   - a figure block (mdext.FigureBlock, a fenced block with the info
//     string "figure") holds a figure spec and is drawn as a vector figure
//     by internal/figure.
//
// Headings get ids as goldmark makes them (lower case, dashes) or from
// {#id} attributes, and links to them are live.
package mdpdf

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/yuin/goldmark/ast"
)

// Render parses Markdown in regdoc's dialect (mdext.New) and writes a PDF
// to w. Problems in the source are returned as diag.Problems, every one
// the run found, with Options.File, line and column; nothing is written
// then.
func Render(w io.Writer, src []byte, opts Options) (Result, error) {
	if w == nil {
		return Result{}, errors.New("mdpdf: nil writer")
	}
	fm, src, fmProblems := mdext.SplitFrontMatter(src, opts.File)
	opts, fm, fmProblems = applyFrontMatter(opts, fm, fmProblems)
	fonts := canvas.NewFonts()
	if len(opts.FallbackFont) > 0 {
		if err := fonts.SetFallback(opts.FallbackFont); err != nil {
			return Result{}, fmt.Errorf("mdpdf: %w", err)
		}
	}
	pdf := canvas.NewPDF(fonts, canvas.Info{
		Title: opts.Meta.Title, Author: opts.Meta.Author, Subject: opts.Meta.Subject,
		Keywords: opts.Meta.Keywords, Creator: opts.Meta.Creator, Producer: opts.Meta.Producer,
		Date: opts.Meta.Date,
	})
	res, err := typesetDoc(pdf, src, opts, fm, fmProblems)
	if err != nil {
		return Result{}, err
	}
	if err := pdf.Output(w); err != nil {
		return Result{}, fmt.Errorf("mdpdf: %w", err)
	}
	return res, nil
}

// typeset lays src out and draws it on c, returning the number of pages;
// the layout tests (which draw on a canvas.Recorder) use it as Render does.
func typeset(c canvas.Canvas, src []byte, opts Options) (int, error) {
	fm, src, fmProblems := mdext.SplitFrontMatter(src, opts.File)
	opts, fm, fmProblems = applyFrontMatter(opts, fm, fmProblems)
	res, err := typesetDoc(c, src, opts, fm, fmProblems)
	return res.Pages, err
}

// applyFrontMatter lets the front matter set the document's title,
// authors, date and table of contents, as Pandoc does; a title the run
// chose (Options.KeepTitle) replaces the front matter's, title block
// included.
func applyFrontMatter(opts Options, fm mdext.FrontMatter, problems diag.Problems) (Options, mdext.FrontMatter, diag.Problems) {
	switch {
	case opts.KeepTitle && fm.Title != "":
		fm.Title = opts.Meta.Title
	case fm.Title != "":
		opts.Meta.Title = fm.Title
	}
	if len(fm.Authors) > 0 {
		opts.Meta.Author = strings.Join(fm.Authors, ", ")
	}
	if fm.Date != "" {
		if d, err := time.Parse("2006-01-02", fm.Date); err == nil {
			opts.Meta.Date = d.Add(12 * time.Hour) // noon UTC: no time zone moves the day
		} else {
			problems = append(problems, diag.Diagnostic{Severity: diag.Warning, Code: mdext.CodeFrontMatter, File: opts.File, Line: 1, Col: 1,
				Message: fmt.Sprintf("front-matter date %q is printed as written, but the PDF's own date needs the form YYYY-MM-DD", fm.Date)})
		}
	}
	if fm.TOC != nil {
		opts.TOC = *fm.TOC
	}
	return opts, fm, problems
}

// typesetDoc typesets src (its front matter already read into fm) and
// returns the page count, the warnings and the numbered paragraphs;
// problems that are errors, front matter's included, stop it.
func typesetDoc(c canvas.Canvas, src []byte, opts Options, fm mdext.FrontMatter, fmProblems diag.Problems) (Result, error) {
	var warnings []diag.Diagnostic
	geo, err := newGeometry(opts.Style, opts.Paper)
	if err != nil {
		return Result{}, err
	}
	r := newRenderer(c, src, opts, geo)
	for _, d := range fmProblems {
		if d.Severity == diag.Warning {
			warnings = append(warnings, d)
		} else {
			r.problems = append(r.problems, d)
		}
	}
	// The furniture is laid out first: it decides the body area, which
	// figures need while the body is laid out (remainingOnPage).
	if err := r.buildFurniture(); err != nil {
		return Result{}, err
	}
	doc, err := mdext.Parse(src, opts.File)
	if err != nil {
		return Result{}, err
	}
	r.titleBlock(fm)
	r.collectLabels(doc)
	if err := r.walk(doc); err != nil {
		return Result{}, err
	}
	r.checkLinks()
	if len(r.problems) > 0 {
		return Result{}, r.problems
	}
	if err := r.finish(); err != nil {
		return Result{}, err
	}
	pages := r.paginate()
	if err := r.draw(c, pages); err != nil {
		return Result{}, err
	}
	if err := c.Err(); err != nil {
		return Result{}, fmt.Errorf("mdpdf: %w", err)
	}
	return Result{Pages: len(pages), Warnings: warnings, Paragraphs: r.paras}, nil
}

// renderFunc renders one node kind; like goldmark's renderer funcs it is
// called on entering and on leaving the node.
type renderFunc func(n ast.Node, entering bool) (ast.WalkStatus, error)

// renderer holds the state of one typesetting run.
type renderer struct {
	opts     Options
	geo      geometry
	src      []byte
	lines    *diag.LineIndex
	problems diag.Problems // recorded so far; nothing is drawn when there are any
	c        canvas.Measurer
	funcs    map[ast.NodeKind]renderFunc

	in    inlineState
	items []*box

	left, width   float64 // current text column
	quoteBars     []float64
	quoteIndents  []float64
	marker        *frag             // list marker waiting for the item's first line
	pendingAnchor string            // link target for the next box (footnotes)
	inNotes       bool              // inside the footnote list: note size
	noteStart     int               // index in items where the current note's lines begin
	notes         map[int][]*box    // each footnote's lines, by goldmark's index
	noteOrder     []int             // footnote indexes in document order
	captionStart  int               // index in items where the last caption began; -1 = none
	skip          map[ast.Node]bool // nodes already rendered out of order
	lists         []listState
	paraNo        int
	paras         []Paragraph // the numbered paragraphs, as typeset
	section       string      // the last heading of level 1 or 2, for paras
	blocks        int         // counter for box.block

	headings  []headingInfo
	anchors   map[string]bool
	refs      []anchorRef
	labels    map[string]string // anchor id -> text for empty cross-reference links
	tocAt     int               // index in items after the first heading 1 (or the title block); -1 = none yet
	titled    bool              // a front-matter title block opens the document
	lastLevel int               // outline level of the previous heading bookmark, -1 before the first
	headLevel int               // outline level of the last heading bookmark (captions go below it)

	furn       furniture
	watermarks map[canvas.Orientation][][]canvas.Point // DRAFT outlines, by page orientation
	drawErr    error                                   // first error from drawing a figure
}

// headingInfo is what the table of contents needs about a heading.
type headingInfo struct {
	id    string
	spans []span // the heading's text, superscripts and subscripts included
	level int
}

// anchorRef is an internal link to be checked once all anchors are known.
type anchorRef struct {
	id  string
	pos int
}

func newRenderer(c canvas.Measurer, src []byte, opts Options, geo geometry) *renderer {
	r := &renderer{
		opts:         opts,
		geo:          geo,
		src:          src,
		lines:        diag.NewLineIndex(src),
		c:            c,
		anchors:      map[string]bool{},
		labels:       map[string]string{},
		skip:         map[ast.Node]bool{},
		captionStart: -1,
		tocAt:        -1,
		lastLevel:    -1,
	}
	pw, _ := geo.paper.Size(canvas.Portrait)
	r.left = geo.left
	r.width = pw - geo.left - geo.right
	r.funcs = map[ast.NodeKind]renderFunc{}
	r.registerFuncs(r.funcs)
	return r
}

// registerFuncs is the registry: one render func per node kind. Adding a
// node kind to the parser without adding it here makes documents using it
// fail with a positioned problem instead of losing content.
func (r *renderer) registerFuncs(reg map[ast.NodeKind]renderFunc) {
	// blocks
	reg[ast.KindDocument] = r.renderDocument
	reg[ast.KindHeading] = r.renderHeading
	reg[ast.KindParagraph] = r.renderParagraph
	reg[ast.KindTextBlock] = r.renderTextBlock
	reg[ast.KindThematicBreak] = r.renderThematicBreak
	reg[ast.KindCodeBlock] = r.renderCodeBlock
	reg[ast.KindFencedCodeBlock] = r.renderCodeBlock
	reg[ast.KindBlockquote] = r.renderBlockquote
	reg[ast.KindList] = r.renderList
	reg[ast.KindListItem] = r.renderListItem
	reg[ast.KindHTMLBlock] = r.renderHTMLBlock
	reg[ast.KindLinkReferenceDefinition] = r.renderNothing
	// inlines
	reg[ast.KindText] = r.renderText
	reg[ast.KindString] = r.renderString
	reg[ast.KindCodeSpan] = r.renderCodeSpan
	reg[ast.KindEmphasis] = r.renderEmphasis
	reg[ast.KindLink] = r.renderLink
	reg[ast.KindAutoLink] = r.renderAutoLink
	reg[ast.KindImage] = r.renderImage
	reg[ast.KindRawHTML] = r.renderRawHTML
	// GFM and footnotes
	r.registerExtensionFuncs(reg)
}

// walk renders n and its descendants through the registry.
func (r *renderer) walk(n ast.Node) error {
	return ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if r.skip[n] {
			return ast.WalkSkipChildren, nil
		}
		f, ok := r.funcs[n.Kind()]
		if !ok {
			if entering {
				r.report(nodePos(n), CodeUnsupported, "unsupported Markdown element %s", n.Kind())
			}
			return ast.WalkSkipChildren, nil
		}
		return f(n, entering)
	})
}

func (r *renderer) renderDocument(n ast.Node, entering bool) (ast.WalkStatus, error) {
	return ast.WalkContinue, nil
}

func (r *renderer) renderNothing(n ast.Node, entering bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

// glyphRemedy tells a writer what to do about an undrawable character.
const glyphRemedy = "the embedded Liberation fonts cover Latin, Greek, Cyrillic and common symbols; add a TrueType font that has it (regdoc render --font FILE.ttf, or \"font\" in the project's regdoc.json), or remove it or write it in words (right-to-left scripts are not supported)"

// htmlRemedy tells a writer what to write instead of the raw HTML s: the
// Markdown for the tag when there is one.
func htmlRemedy(s string) string {
	s = strings.TrimSpace(s)
	name := strings.TrimPrefix(s, "<")
	name = strings.TrimPrefix(name, "/")
	if i := strings.IndexFunc(name, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }); i >= 0 {
		name = name[:i]
	}
	switch strings.ToLower(name) {
	case "img":
		return "write the image as ![description](file.png), a PNG or JPEG file inside the document's folder"
	case "a":
		return "write the link as [text](https://…) or [text](#id)"
	case "sup", "sub":
		return "close the tag on the same line (<sup>2</sup>), or write ^2^ for a superscript and ~2~ for a subscript"
	case "em", "i", "cite", "var":
		return "write *text* for italics"
	case "strong", "b":
		return "write **text** for bold"
	case "code", "kbd", "samp", "tt":
		return "write `text` for code"
	case "del", "s", "strike":
		return "write ~~text~~ for struck text"
	case "span", "font", "small", "mark", "u", "abbr":
		return "write the text without the tag"
	case "table", "tr", "td", "th", "thead", "tbody":
		return "write the table as a Markdown table (| a | b |)"
	case "p", "div", "section", "aside", "figure", "figcaption", "details", "summary", "center", "blockquote":
		return "write the content as Markdown without the tag (a block quote is > text, a caption is Table: or Figure: text)"
	case "":
		return "escape the angle bracket as \\< to print it"
	}
	return "write the content as Markdown without the tag, or escape the angle bracket as \\< to print it"
}

// glyphProblems reports each character of a span the face cannot draw,
// once per character, at its position in the source.
func (r *renderer) glyphProblems(sp span, f canvas.Font) {
	seen := map[rune]bool{}
	for _, c := range sp.text {
		if seen[c] || isSpace(c) || r.c.HasGlyph(f, c) {
			continue
		}
		seen[c] = true
		off := sp.src
		if off >= 0 {
			if sp.raw == "" {
				if i := indexRune(sp.text, c); i >= 0 {
					off += i
				}
			} else if i := rawIndex([]byte(sp.raw), c); i >= 0 {
				off += i
			}
		}
		r.report(off, CodeGlyph, "the embedded fonts cannot draw %s; %s", describeRune(c), glyphRemedy)
	}
}

func indexRune(s string, c rune) int {
	for i, x := range s {
		if x == c {
			return i
		}
	}
	return -1
}

// checkLinks reports every internal link whose target the document lacks,
// which can only be known once the whole document was walked.
func (r *renderer) checkLinks() {
	for _, ref := range r.refs {
		if !r.anchors[ref.id] {
			r.report(ref.pos, CodeLinkTarget, "link target #%s is not a heading or caption id in this document; give a heading or caption {#%s}, or correct the link", ref.id, ref.id)
		}
	}
}

// finish lays out what comes last: the table of contents.
func (r *renderer) finish() error {
	// A list marker still waiting (an empty last item) must not attach
	// itself to the first line of the table of contents.
	r.marker = nil
	if r.opts.TOC {
		if err := r.insertTOC(); err != nil {
			return err
		}
	}
	return nil
}
