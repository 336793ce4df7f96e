// Package pdftest opens PDFs with readers that share no code with the
// writer, so tests assert what a user (or a reviewer's tool) would see in the
// file rather than what our own code believes it wrote.
//
// Text, metadata and the outline come from PDFium (the engine inside Chrome),
// run as WebAssembly so no C toolchain or shared library is needed. Structure
// checks come from pdfcpu. The package is meant to be imported from _test.go
// files only: starting PDFium takes a few seconds, so one runtime is started
// lazily and shared by every caller in the test binary.
package pdftest

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/tetratelabs/wazero"
)

// Bookmark is one entry of the document outline as a reader shows it.
type Bookmark struct {
	Title    string
	Page     int // 1-based page the entry jumps to; 0 if it has no destination
	Children []Bookmark
}

// engine is the process-wide PDFium runtime. A test binary is one process,
// and paying the start-up cost once per binary instead of once per test is
// the whole point of sharing it.
type engine struct {
	once sync.Once
	pool pdfium.Pool
	err  error

	// pdfcpuOnce switches off pdfcpu's config directory (it would read and
	// write the user's home otherwise).
	pdfcpuOnce sync.Once
}

var shared engine

// instanceTimeout bounds how long a caller waits for a free PDFium worker;
// parallel tests queue on the pool rather than failing at once.
const instanceTimeout = 2 * time.Minute

func (e *engine) instance() (pdfium.Pdfium, error) {
	e.once.Do(func() {
		e.pool, e.err = webassembly.Init(webassembly.Config{
			MinIdle:  1,
			MaxIdle:  2,
			MaxTotal: 4,
			// Instantiating the module per document costs more than the
			// reading itself; keep workers for reuse.
			ReuseWorkers: true,
			// No host directories are mounted: documents are passed as
			// bytes, and the reader has no business seeing the disk.
			FSConfig: wazero.NewFSConfig(),
		})
		if e.err != nil {
			e.err = fmt.Errorf("pdftest: start PDFium: %w", e.err)
		}
	})
	if e.err != nil {
		return nil, e.err
	}
	return e.pool.GetInstance(instanceTimeout)
}

// withDocument opens pdf in a PDFium instance, runs fn and releases both.
func withDocument(pdf []byte, fn func(p pdfium.Pdfium, doc references.FPDF_DOCUMENT) error) error {
	if len(pdf) == 0 {
		return errors.New("pdftest: empty PDF")
	}
	p, err := shared.instance()
	if err != nil {
		return err
	}
	defer p.Close()
	data := bytes.Clone(pdf)
	d, err := p.FPDF_LoadMemDocument(&requests.FPDF_LoadMemDocument{Data: &data})
	if err != nil {
		return fmt.Errorf("pdftest: open: %w", err)
	}
	defer p.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.Document})
	return fn(p, d.Document)
}

// PageTexts returns the extracted text of each page, in page order.
func PageTexts(pdf []byte) ([]string, error) {
	var pages []string
	err := withDocument(pdf, func(p pdfium.Pdfium, doc references.FPDF_DOCUMENT) error {
		n, err := p.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
		if err != nil {
			return fmt.Errorf("pdftest: page count: %w", err)
		}
		pages = make([]string, 0, n.PageCount)
		for i := 0; i < n.PageCount; i++ {
			t, err := pageText(p, doc, i)
			if err != nil {
				return fmt.Errorf("pdftest: page %d: %w", i+1, err)
			}
			pages = append(pages, t)
		}
		return nil
	})
	return pages, err
}

func pageText(p pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int) (string, error) {
	pg, err := p.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return "", err
	}
	defer p.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: pg.Page})
	tp, err := p.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &pg.Page}})
	if err != nil {
		return "", err
	}
	defer p.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := p.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return "", err
	}
	if n.Count <= 0 {
		return "", nil
	}
	t, err := p.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: n.Count})
	if err != nil {
		return "", err
	}
	// PDFium reports a hyphen that ends a line as U+FFFE, its marker for
	// "hyphen at a line break"; the page draws an ordinary hyphen, so that
	// is what a reader copying the text gets.
	return strings.ReplaceAll(t.Text, "\ufffe", "-"), nil
}

// Text returns the text of all pages joined with "\n".
func Text(pdf []byte) (string, error) {
	pages, err := PageTexts(pdf)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	for i, s := range pages {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// Info returns the document-information entries (Title, Author, Subject,
// Keywords, Creator, Producer) plus "PageCount" and "Version", the header
// version as PDFium reports it ("14" for PDF 1.4).
func Info(pdf []byte) (map[string]string, error) {
	info := map[string]string{}
	err := withDocument(pdf, func(p pdfium.Pdfium, doc references.FPDF_DOCUMENT) error {
		// The entries a submission reviewer sees in the reader's
		// properties dialog.
		for _, k := range []string{"Title", "Author", "Subject", "Keywords", "Creator", "Producer"} {
			v, err := p.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: doc, Tag: k})
			if err != nil {
				return fmt.Errorf("pdftest: info %s: %w", k, err)
			}
			info[k] = v.Value
		}
		n, err := p.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
		if err != nil {
			return fmt.Errorf("pdftest: page count: %w", err)
		}
		info["PageCount"] = strconv.Itoa(n.PageCount)
		v, err := p.FPDF_GetFileVersion(&requests.FPDF_GetFileVersion{Document: doc})
		if err != nil {
			return fmt.Errorf("pdftest: version: %w", err)
		}
		info["Version"] = strconv.Itoa(v.FileVersion)
		return nil
	})
	return info, err
}

// InfoValue returns one document-information entry by key, any key (a
// tool's own, such as regdoc's provenance record, as well as the standard
// ones), decoded as PDFium decodes it for a reader.
func InfoValue(pdf []byte, key string) (string, error) {
	var out string
	err := withDocument(pdf, func(p pdfium.Pdfium, doc references.FPDF_DOCUMENT) error {
		v, err := p.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: doc, Tag: key})
		if err != nil {
			return fmt.Errorf("pdftest: info %s: %w", key, err)
		}
		out = v.Value
		return nil
	})
	return out, err
}

// Bookmarks returns the outline tree. Page is the 1-based page each entry's
// destination resolves to, so a test can tell a live bookmark from a dead one.
func Bookmarks(pdf []byte) ([]Bookmark, error) {
	var out []Bookmark
	err := withDocument(pdf, func(p pdfium.Pdfium, doc references.FPDF_DOCUMENT) error {
		var err error
		out, err = children(p, doc, nil, 0)
		return err
	})
	return out, err
}

// maxOutlineDepth stops a malformed (cyclic) outline from recursing forever.
const maxOutlineDepth = 64

func children(p pdfium.Pdfium, doc references.FPDF_DOCUMENT, parent *references.FPDF_BOOKMARK, depth int) ([]Bookmark, error) {
	if depth > maxOutlineDepth {
		return nil, errors.New("pdftest: outline deeper than 64 levels (cycle?)")
	}
	first, err := p.FPDFBookmark_GetFirstChild(&requests.FPDFBookmark_GetFirstChild{Document: doc, Bookmark: parent})
	if err != nil {
		return nil, fmt.Errorf("pdftest: outline: %w", err)
	}
	var list []Bookmark
	for cur := first.Bookmark; cur != nil; {
		b, err := bookmark(p, doc, *cur, depth)
		if err != nil {
			return nil, err
		}
		list = append(list, b)
		next, err := p.FPDFBookmark_GetNextSibling(&requests.FPDFBookmark_GetNextSibling{Document: doc, Bookmark: *cur})
		if err != nil {
			return nil, fmt.Errorf("pdftest: outline: %w", err)
		}
		cur = next.Bookmark
	}
	return list, nil
}

func bookmark(p pdfium.Pdfium, doc references.FPDF_DOCUMENT, bm references.FPDF_BOOKMARK, depth int) (Bookmark, error) {
	t, err := p.FPDFBookmark_GetTitle(&requests.FPDFBookmark_GetTitle{Bookmark: bm})
	if err != nil {
		return Bookmark{}, fmt.Errorf("pdftest: outline title: %w", err)
	}
	b := Bookmark{Title: t.Title}
	d, err := p.FPDFBookmark_GetDest(&requests.FPDFBookmark_GetDest{Document: doc, Bookmark: bm})
	if err == nil && d.Dest != nil {
		idx, err := p.FPDFDest_GetDestPageIndex(&requests.FPDFDest_GetDestPageIndex{Document: doc, Dest: *d.Dest})
		if err == nil && idx.Index >= 0 {
			b.Page = idx.Index + 1
		}
	}
	c, err := children(p, doc, &bm, depth+1)
	if err != nil {
		return Bookmark{}, err
	}
	b.Children = c
	return b, nil
}

// Validate checks that pdf is a well-formed PDF by pdfcpu's rules, a second
// opinion that shares no code with PDFium or the writer. It uses pdfcpu's
// relaxed mode: gofpdf writes /Count 0 on outline entries that have
// children (readers show them closed; qpdf accepts it), which strict mode
// rejects; everything else is checked.
func Validate(pdf []byte) error {
	shared.pdfcpuOnce.Do(api.DisableConfigDir)
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	if err := api.Validate(bytes.NewReader(pdf), conf); err != nil {
		return fmt.Errorf("pdftest: validate: %w", err)
	}
	return nil
}

// PageSize is a page's width and height in points.
type PageSize struct{ W, H float64 }

// PageSizes returns each page's size in points, in page order.
func PageSizes(pdf []byte) ([]PageSize, error) {
	var out []PageSize
	err := withDocument(pdf, func(p pdfium.Pdfium, doc references.FPDF_DOCUMENT) error {
		n, err := p.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
		if err != nil {
			return fmt.Errorf("pdftest: page count: %w", err)
		}
		for i := 0; i < n.PageCount; i++ {
			s, err := p.FPDF_GetPageSizeByIndex(&requests.FPDF_GetPageSizeByIndex{Document: doc, Index: i})
			if err != nil {
				return fmt.Errorf("pdftest: page %d size: %w", i+1, err)
			}
			out = append(out, PageSize{W: s.Width, H: s.Height})
		}
		return nil
	})
	return out, err
}

// Link is one link annotation as a reader resolves it: either an external
// URI or an internal destination page.
type Link struct {
	Page     int    // 1-based page carrying the link
	URI      string // external target, "" for internal links
	DestPage int    // 1-based target page of an internal link, 0 if none or unresolved
}

// Links returns every link annotation of the document, page by page, so a
// test can check that internal links resolve and external ones carry URIs.
func Links(pdf []byte) ([]Link, error) {
	var out []Link
	err := withDocument(pdf, func(p pdfium.Pdfium, doc references.FPDF_DOCUMENT) error {
		n, err := p.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
		if err != nil {
			return fmt.Errorf("pdftest: page count: %w", err)
		}
		for i := 0; i < n.PageCount; i++ {
			if err := pageLinks(p, doc, i, &out); err != nil {
				return fmt.Errorf("pdftest: page %d links: %w", i+1, err)
			}
		}
		return nil
	})
	return out, err
}

func pageLinks(p pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int, out *[]Link) error {
	pg, err := p.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return err
	}
	defer p.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: pg.Page})
	pos := 0
	for {
		e, err := p.FPDFLink_Enumerate(&requests.FPDFLink_Enumerate{Page: requests.Page{ByReference: &pg.Page}, StartPos: pos})
		if err != nil || e.Link == nil {
			// PDFium reports "no more links" as an error.
			return nil
		}
		l := Link{Page: index + 1}
		if d, err := p.FPDFLink_GetDest(&requests.FPDFLink_GetDest{Document: doc, Link: *e.Link}); err == nil && d.Dest != nil {
			if idx, err := p.FPDFDest_GetDestPageIndex(&requests.FPDFDest_GetDestPageIndex{Document: doc, Dest: *d.Dest}); err == nil && idx.Index >= 0 {
				l.DestPage = idx.Index + 1
			}
		} else if a, err := p.FPDFLink_GetAction(&requests.FPDFLink_GetAction{Link: *e.Link}); err == nil && a.Action != nil {
			if u, err := p.FPDFAction_GetURIPath(&requests.FPDFAction_GetURIPath{Document: doc, Action: *a.Action}); err == nil && u.URIPath != nil {
				l.URI = *u.URIPath
			}
		}
		*out = append(*out, l)
		if e.NextStartPos == nil || *e.NextStartPos <= pos {
			return nil
		}
		pos = *e.NextStartPos
	}
}

// Char is one drawn character as a reader locates it, in points with the
// origin at the top-left corner of the page (the canvas convention).
type Char struct {
	Page           int // 1-based
	Rune           rune
	X0, Y0, X1, Y1 float64 // glyph box: left, top, right, bottom
	Size           float64 // font size in points
	// OriginX and Baseline are where the glyph was placed: its left end
	// on the baseline (superscripts sit above the line's baseline,
	// subscripts below it).
	OriginX, Baseline float64
	// Font is the name of the font the character is drawn in, as the PDF
	// gives it (e.g. "LiberationSerif-Italic", with any subset prefix).
	Font string
}

// Italic reports whether the character's font is an italic face by its
// name: "Italic" or "Oblique" in it, or the style suffix "I" or "BI" of
// the names gofpdf gives its faces (utf8liberationserifI), since the flags
// of its font descriptors do not say.
func (c Char) Italic() bool {
	n := strings.TrimPrefix(c.Font, "utf8")
	return strings.Contains(n, "Italic") || strings.Contains(n, "Oblique") ||
		strings.HasPrefix(c.Font, "utf8") && strings.HasSuffix(n, "I")
}

// Chars returns every non-space character with its position and size, so
// tests can check that text lands inside the margins and is large enough.
// It makes several calls into PDFium per character: use it on small files.
func Chars(pdf []byte) ([]Char, error) {
	var out []Char
	err := withDocument(pdf, func(p pdfium.Pdfium, doc references.FPDF_DOCUMENT) error {
		n, err := p.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
		if err != nil {
			return fmt.Errorf("pdftest: page count: %w", err)
		}
		for i := 0; i < n.PageCount; i++ {
			if err := pageChars(p, doc, i, &out); err != nil {
				return fmt.Errorf("pdftest: page %d: %w", i+1, err)
			}
		}
		return nil
	})
	return out, err
}

func pageChars(p pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int, out *[]Char) error {
	size, err := p.FPDF_GetPageSizeByIndex(&requests.FPDF_GetPageSizeByIndex{Document: doc, Index: index})
	if err != nil {
		return err
	}
	pg, err := p.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return err
	}
	defer p.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: pg.Page})
	tp, err := p.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &pg.Page}})
	if err != nil {
		return err
	}
	defer p.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := p.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return err
	}
	for i := 0; i < n.Count; i++ {
		u, err := p.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return err
		}
		r := rune(u.Unicode)
		if r == 0 || r == ' ' || r == '\r' || r == '\n' || r == 0xFFFE {
			continue
		}
		b, err := p.FPDFText_GetCharBox(&requests.FPDFText_GetCharBox{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return err
		}
		fs, err := p.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return err
		}
		o, err := p.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return err
		}
		fi, err := p.FPDFText_GetFontInfo(&requests.FPDFText_GetFontInfo{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return err
		}
		*out = append(*out, Char{Page: index + 1, Rune: r, X0: b.Left, Y0: size.Height - b.Top,
			X1: b.Right, Y1: size.Height - b.Bottom, Size: fs.FontSize, OriginX: o.X, Baseline: size.Height - o.Y,
			Font: fi.FontName})
	}
	return nil
}

// RenderPage draws page (1-based) at dpi as PDFium shows it, so tests can
// check what a reader sees where there is no text to extract (shapes,
// watermarks).
func RenderPage(pdf []byte, page, dpi int) (*image.RGBA, error) {
	var out *image.RGBA
	err := withDocument(pdf, func(p pdfium.Pdfium, doc references.FPDF_DOCUMENT) error {
		r, err := p.RenderPageInDPI(&requests.RenderPageInDPI{
			Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: page - 1}},
			DPI:  dpi,
		})
		if err != nil {
			return fmt.Errorf("pdftest: render page %d: %w", page, err)
		}
		defer r.Cleanup()
		out = image.NewRGBA(r.Result.Image.Bounds())
		copy(out.Pix, r.Result.Image.Pix)
		return nil
	})
	return out, err
}
