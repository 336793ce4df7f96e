package mdpdf

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/yuin/goldmark/text"
)

var testDate = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func testMeta() Metadata {
	return Metadata{
		Title: "3.2.S.2.2 Description of Manufacturing Process", Author: "Regulatory Affairs",
		Subject: "IVIG liquid", Keywords: "IVIG, CTD, Module 3", Creator: "regdoc test", Producer: "regdoc 0.1.0",
		DocumentNumber: "DOC-0042", Version: "1.0", Confidentiality: "CONFIDENTIAL",
		Notice: "ILLUSTRATIVE DATA — NOT A REAL PRODUCT", Date: testDate,
	}
}

// sampleDoc is a realistic section: headings, lists, special characters
// and a table long enough to run over several pages.
func sampleDoc(rows int) []byte {
	var b strings.Builder
	b.WriteString("# Description of Manufacturing Process\n\n")
	b.WriteString("The process yields about 75 % IgG from plasma; pH 4.4 ± 0.2 at 2–8 °C, ")
	b.WriteString("µ ≥ 0.5, ≤ 10 mg/mL, β-lactoglobulin absent. See [the yields](#yields) and ")
	b.WriteString("[ICH](https://www.ich.org/).\n\n")
	b.WriteString("## Process steps\n\n")
	b.WriteString("1. Cryo-poor plasma\n2. Fractionation\n   - ethanol step\n   - *caprylate* step\n3. **Nanofiltration**\n\n")
	b.WriteString("### Yields\n\n")
	b.WriteString("| Batch | Step | Yield (%) | Comment |\n|:---|:---|---:|:---|\n")
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(&b, "| B%04d | Step %d | %d.%d | within limits |\n", i, i%7, 70+i%9, i%10)
	}
	b.WriteString("\n## Conclusion\n\nThe process is robust.\n")
	return []byte(b.String())
}

func render(t *testing.T, src []byte, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Render(&buf, src, opts); err != nil {
		t.Fatalf("Render: %v", err)
	}
	if os.Getenv("MDPDF_KEEP") != "" {
		// Handy for running the referee by hand.
		name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + ".pdf"
		_ = os.WriteFile(os.Getenv("MDPDF_KEEP")+"/"+name, buf.Bytes(), 0o644)
	}
	return buf.Bytes()
}

func TestRenderCTDDocument(t *testing.T) {
	pdf := render(t, sampleDoc(150), Options{Meta: testMeta()})
	if err := pdftest.Validate(pdf); err != nil {
		t.Errorf("validate: %v", err)
	}
	pages, err := pdftest.PageTexts(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 4 {
		t.Fatalf("%d pages; a 150-row table should take several", len(pages))
	}
	all := strings.Join(pages, "\n")
	for _, want := range []string{"µ ≥ 0.5, ≤ 10 mg/mL", "4.4 ± 0.2 at 2–8 °C", "β-lactoglobulin",
		"Cryo-poor plasma", "ethanol step", "caprylate", "B0001", "B0150", "The process is robust."} {
		if !strings.Contains(all, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	// The table header repeats on every page the table continues on.
	first, last := -1, -1
	for i, p := range pages {
		if strings.Contains(p, "B0001") {
			first = i
		}
		if strings.Contains(p, "B0150") {
			last = i
		}
	}
	if first < 0 || last <= first {
		t.Fatalf("table rows on pages %d..%d", first+1, last+1)
	}
	for i := first; i <= last; i++ {
		if !strings.Contains(pages[i], "Yield (%)") || !strings.Contains(pages[i], "Comment") {
			t.Errorf("page %d continues the table without its header row", i+1)
		}
	}
	// Furniture on every page.
	for i, p := range pages {
		for _, want := range []string{fmt.Sprintf("Page %d of %d", i+1, len(pages)), "DOC-0042", "CONFIDENTIAL",
			"ILLUSTRATIVE DATA — NOT A REAL PRODUCT"} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d lacks %q", i+1, want)
			}
		}
	}
	info, err := pdftest.Info(pdf)
	if err != nil {
		t.Fatal(err)
	}
	m := testMeta()
	for k, want := range map[string]string{"Title": m.Title, "Author": m.Author, "Subject": m.Subject,
		"Keywords": m.Keywords, "Creator": m.Creator, "Producer": m.Producer, "Version": "14",
		"PageCount": fmt.Sprint(len(pages))} {
		if info[k] != want {
			t.Errorf("info %s = %q, want %q", k, info[k], want)
		}
	}
	bms, err := pdftest.Bookmarks(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(bms) != 1 || bms[0].Title != "Description of Manufacturing Process" || bms[0].Page != 1 {
		t.Fatalf("top bookmarks = %+v", bms)
	}
	kids := bms[0].Children
	if len(kids) != 2 || kids[0].Title != "Process steps" || kids[1].Title != "Conclusion" ||
		len(kids[0].Children) != 1 || kids[0].Children[0].Title != "Yields" {
		t.Errorf("bookmark tree = %+v", bms)
	}
	if kids[1].Page != len(pages) {
		t.Errorf("Conclusion bookmark points at page %d, want %d", kids[1].Page, len(pages))
	}
	links, err := pdftest.Links(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var ext, internal bool
	for _, l := range links {
		ext = ext || l.URI == "https://www.ich.org/"
		internal = internal || (l.Page == 1 && l.DestPage == kids[0].Children[0].Page)
	}
	if !ext || !internal {
		t.Errorf("links = %+v; want the ICH URI and a live link to the Yields heading", links)
	}
}

func TestRenderIsReproducible(t *testing.T) {
	opts := Options{Meta: testMeta(), TOC: true}
	a := render(t, sampleDoc(60), opts)
	b := render(t, sampleDoc(60), opts)
	if !bytes.Equal(a, b) {
		t.Fatal("same input rendered to different bytes")
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20240301120000")) {
		t.Error("creation date is not the metadata date")
	}
}

func TestRawHTMLIsAPositionedProblem(t *testing.T) {
	for _, tc := range []struct {
		name      string
		src       string
		line, col int
	}{
		{"block", "# Title\n\nText.\n\n<div>\nhi\n</div>\n", 5, 1},
		{"indented block", "Text.\n\n  <table><tr><td>x</td></tr></table>\n", 3, 3},
		{"inline", "Some text\nwith <b>bold</b> inside.\n", 2, 6},
		{"in a list", "- item\n- an <span>x</span>\n", 2, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Render(&bytes.Buffer{}, []byte(tc.src), Options{})
			se, seOK := firstProblem(err)
			if !seOK {
				t.Fatalf("err = %v, want a positioned problem", err)
			}
			if se.Line != tc.line || se.Col != tc.col || !strings.Contains(se.Message, "raw HTML") {
				t.Errorf("got %d:%d %q, want %d:%d raw HTML", se.Line, se.Col, se.Message, tc.line, tc.col)
			}
		})
	}
}

func TestUndrawableCharacterIsAPositionedProblem(t *testing.T) {
	for _, tc := range []struct {
		name      string
		src       string
		line, col int
		char      string
	}{
		{"emoji", "# Title\n\nAll good 😀 here.\n", 3, 10, "U+1F600"},
		{"heading", "# Yield 中\n", 1, 9, "U+4E2D"},
		{"code block", "```\nok\nx 🧪\n```\n", 3, 3, "U+1F9EA"},
		{"table cell", "| a |\n|---|\n| 🙂 |\n", 3, 3, "U+1F642"},
		{"entity", "Smile &#x1F600; please\n", 1, 7, "U+1F600"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Render(&bytes.Buffer{}, []byte(tc.src), Options{})
			se, seOK := firstProblem(err)
			if !seOK {
				t.Fatalf("err = %v, want a positioned problem", err)
			}
			if se.Line != tc.line || se.Col != tc.col || !strings.Contains(se.Message, tc.char) {
				t.Errorf("got %v, want %d:%d naming %s", se, tc.line, tc.col, tc.char)
			}
		})
	}
}

func TestUnknownInternalLinkIsAPositionedProblem(t *testing.T) {
	_, err := Render(&bytes.Buffer{}, []byte("# A\n\nSee [there](#nowhere).\n"), Options{})
	se, seOK := firstProblem(err)
	if !seOK || se.Line != 3 || !strings.Contains(se.Message, "#nowhere") {
		t.Errorf("err = %v, want a positioned problem at line 3 naming #nowhere", err)
	}
}

func TestRenderPatent(t *testing.T) {
	src := []byte("# Process for liquid IVIG\n\n## Field\n\nThe invention relates to immune globulin.\n\n" +
		"## Description\n\nPlasma is fractionated with caprylate; the yield is about 75 %.\n\n" +
		"- a list item is not numbered\n\nA third paragraph follows the list.\n")
	pdf := render(t, src, Options{Style: StylePatent, Paper: "a4", Meta: testMeta()})
	txt, err := pdftest.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[0001] The invention relates", "[0002] Plasma is fractionated", "[0003] A third paragraph"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "[0004]") || strings.Contains(txt, "] a list item") {
		t.Error("a heading or list item was numbered")
	}
	sizes, err := pdftest.PageSizes(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if sizes[0].W < 595 || sizes[0].W > 596 || sizes[0].H < 841 || sizes[0].H > 842 {
		t.Errorf("page size %+v, want A4", sizes[0])
	}
}

func TestBadOptions(t *testing.T) {
	if _, err := Render(&bytes.Buffer{}, []byte("x"), Options{Style: "memo"}); err == nil {
		t.Error("unknown style accepted")
	}
	if _, err := Render(&bytes.Buffer{}, []byte("x"), Options{Paper: "legal"}); err == nil {
		t.Error("unknown paper accepted")
	}
	m := testMeta()
	m.Notice = "Draft 🚧"
	if _, err := Render(&bytes.Buffer{}, []byte("x"), Options{Meta: m}); err == nil || !strings.Contains(err.Error(), "U+1F6A7") {
		t.Errorf("err = %v, want the undrawable notice character named", err)
	}
}

func textReader(s string) text.Reader { return text.NewReader([]byte(s)) }

// firstProblem returns the first positioned problem err carries, nil and
// false when it carries none.
func firstProblem(err error) (*diag.Diagnostic, bool) {
	ds, ok := diag.FromError(err)
	if !ok || len(ds) == 0 {
		return nil, false
	}
	return &ds[0], true
}

// One run names every problem it can find, each once, with the file, its
// position and a stable code, in source order.
func TestEveryProblemInOneRun(t *testing.T) {
	src := "# Title\n\n" +
		"A smile 😀 here.\n\n" + // line 3
		"<div>raw</div>\n\n" + // line 5
		"```figure\n{\"kind\": \"process-flow\",\n \"colour\": 1, \"steps\": []}\n```\n\n" + // lines 7-10
		"See [there](#nowhere) and <b>bold</b>.\n\n" + // line 12
		"```\ncode 😀\n```\n" // line 15
	_, err := Render(&bytes.Buffer{}, []byte(src), Options{File: "doc.md"})
	ds, ok := diag.FromError(err)
	if !ok {
		t.Fatalf("err = %v, want diag.Problems", err)
	}
	want := []struct {
		line, col int
		code      string
	}{
		{3, 9, CodeGlyph},
		{5, 1, CodeRawHTML},
		{9, 2, "figure/field"},
		{12, 5, CodeLinkTarget},
		{12, 27, CodeRawHTML},
		{12, 34, CodeRawHTML},
		{15, 6, CodeGlyph},
	}
	diag.Sort(ds)
	if len(ds) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(ds), len(want), err)
	}
	for i, w := range want {
		d := ds[i]
		if d.File != "doc.md" || d.Line != w.line || d.Col != w.col || d.Code != w.code {
			t.Errorf("problem %d = %s, want doc.md:%d:%d %s", i, d, w.line, w.col, w.code)
		}
	}
}

// Render reports the pages it made, which is what the PDF holds, with a
// table of contents and landscape table pages too.
func TestRenderReportsPageCount(t *testing.T) {
	var src strings.Builder
	src.WriteString("# Report\n\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&src, "## Part %d\n\n%s\n\n", i, strings.Repeat("Words to fill the page. ", 40))
	}
	src.WriteString("| " + strings.Repeat("column | ", 14) + "\n|" + strings.Repeat("---|", 14) + "\n|" + strings.Repeat(" value |", 14) + "\n")
	var buf bytes.Buffer
	res, err := Render(&buf, []byte(src.String()), Options{TOC: true})
	if err != nil {
		t.Fatal(err)
	}
	sizes, err := pdftest.PageSizes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != len(sizes) || res.Pages < 10 {
		t.Errorf("Result.Pages = %d, the PDF has %d pages", res.Pages, len(sizes))
	}
}

// Templates write figure blocks with figure.FenceInfo; the dialect must
// recognise exactly that word.
func TestFigureInfoMatchesTheFigurePackage(t *testing.T) {
	if mdext.FigureInfo != figure.FenceInfo {
		t.Fatalf("mdext.FigureInfo %q, figure.FenceInfo %q", mdext.FigureInfo, figure.FenceInfo)
	}
}

// Two headings or captions with one id are an error at the second that
// names the first; ids goldmark makes up itself never clash.
func TestDuplicateIDs(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"captions", "Table: A {#tbl:a}\n\n| x |\n|---|\n| 1 |\n\nTable: B {#tbl:a}\n\n| y |\n|---|\n| 2 |\n",
			7, 1, `table caption id "tbl:a" is already the id of the table caption at line 1, column 1`},
		{"headings", "# Intro {#sec}\n\ntext\n\n## More {#sec}\n", 5, 1, `heading id "sec" is already the id of the heading at line 1, column 1`},
		{"heading and caption", "# Yields {#tbl:y}\n\nTable: Y {#tbl:y}\n\n| y |\n|---|\n| 2 |\n", 3, 1, `table caption id "tbl:y" is already the id of the heading at line 1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Render(&bytes.Buffer{}, []byte(tc.src), Options{File: "d.md"})
			d, ok := firstProblem(err)
			if !ok || d.Code != CodeDuplicateID || d.Line != tc.line || d.Col != tc.col || !strings.Contains(d.Message, tc.msg) {
				t.Errorf("err = %v, want d.md:%d:%d %s with %q", err, tc.line, tc.col, CodeDuplicateID, tc.msg)
			}
		})
	}
	// The same heading text twice gets two ids ("a" and "a-1"): no error.
	if _, err := Render(&bytes.Buffer{}, []byte("# A\n\n# A\n\nTable: t\n\n| y |\n|---|\n| 2 |\n\nTable: u\n\n| y |\n|---|\n| 2 |\n"), Options{}); err != nil {
		t.Errorf("automatic ids clashed: %v", err)
	}
}

// A table with more columns than any page can hold was drawn as a black
// bar of rules; it is refused at the table's position with a remedy. One
// that fits a landscape page is still set, and long words are still cut.
func TestTableTooWideIsRefused(t *testing.T) {
	table := func(cols int, cell string) string {
		return "Text.\n\n|" + strings.Repeat(" h |", cols) + "\n|" + strings.Repeat("---|", cols) + "\n|" + strings.Repeat(" "+cell+" |", cols) + "\n"
	}
	for _, style := range []Style{StyleCTD, StylePatent} {
		_, err := Render(&bytes.Buffer{}, []byte(table(5000, "1")), Options{File: "t.md", Style: style})
		d, ok := firstProblem(err)
		if !ok || d.Code != CodeTableWidth || d.Line != 3 || d.Col != 1 || !strings.Contains(d.Message, "5000 columns") || !strings.Contains(d.Message, "split it") {
			t.Errorf("%s: err = %v, want t.md:3:1 %s", style, err, CodeTableWidth)
		}
	}
	var buf bytes.Buffer
	if _, err := Render(&buf, []byte(table(30, "1")), Options{}); err != nil {
		t.Errorf("30 columns on a landscape page: %v", err)
	}
	if _, err := Render(&buf, []byte(table(3, strings.Repeat("x", 400))), Options{Style: StylePatent}); err != nil {
		t.Errorf("a long word in a narrow table: %v", err)
	}
}
