package figure

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/pdftest"
)

// patentSheets is the drawing set of the IVIG process exhibit: the flow
// (FIG. 1, two sheets), the yield comparison and the IgA trend.
func patentSheets(t testing.TB) []Sheet {
	y := loadSpec(t, "yield.json")
	y.Series[0].Numeral, y.Series[1].Numeral = 30, 32
	return []Sheet{
		{Label: "FIG. 1", Spec: loadSpec(t, "ivig-flow.json")},
		{Label: "FIG. 2", Spec: y},
		{Label: "FIG. 3", Spec: loadSpec(t, "trend.json")},
	}
}

func sheetOptions() SheetOptions {
	return SheetOptions{
		Title:    "RGX-IVIG process — drawings",
		Author:   "Regdoc Example Inc.",
		Subject:  "Replacement drawing sheets, ILLUSTRATIVE",
		Creator:  "regdoc test",
		Producer: "regdoc",
		Date:     time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC),
	}
}

func renderSheets(t *testing.T, sheets []Sheet, opt SheetOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	pages, err := RenderSheets(&buf, sheets, opt)
	if err != nil {
		t.Fatal(err)
	}
	if sizes, err := pdftest.PageSizes(buf.Bytes()); err != nil || len(sizes) != pages {
		t.Errorf("RenderSheets says %d sheets, the PDF has %d (%v)", pages, len(sizes), err)
	}
	return buf.Bytes()
}

func TestRenderSheetsPDF(t *testing.T) {
	pdf := renderSheets(t, patentSheets(t), sheetOptions())
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.4\n")) {
		t.Errorf("header %q, want %%PDF-1.4", pdf[:9])
	}
	if err := pdftest.Validate(pdf); err != nil {
		t.Error(err)
	}
	pages, err := pdftest.PageTexts(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 4 {
		t.Fatalf("%d sheets, want 4 (FIG. 1A, 1B, 2, 3)", len(pages))
	}
	want := [][]string{
		{"1/4", "FIG. 1A", "P1", "Pooling, thawing and", "cryoprecipitate removal", "10", "12", "TO FIG. 1B", "virus", "Source plasma", "In-process controls"},
		{"2/4", "FIG. 1B", "FROM FIG. 1A", "P9", "Low-pH incubation", "final container", "26"},
		{"3/4", "FIG. 2", "75.0 %", "44.6 %", "This process (P1–P9)", "Conventional process (C1–C9)", "30", "32"},
		{"4/4", "FIG. 3", "RGX-24-001", "RGX-24-003", "upper limit 20 µg/mL", "IgA (µg/mL)"},
	}
	for i, ws := range want {
		for _, w := range ws {
			if !strings.Contains(pages[i], w) {
				t.Errorf("sheet %d lacks %q; it reads:\n%s", i+1, w, pages[i])
			}
		}
	}
	// Each step is on exactly one sheet.
	for _, id := range []string{"P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"} {
		n := 0
		for _, p := range pages[:2] {
			if strings.Contains(p, id+" ") || strings.Contains(p, id+"\r") || strings.Contains(p, id+"\n") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("step %s appears on %d sheets", id, n)
		}
	}
	sizes, err := pdftest.PageSizes(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sizes {
		if math.Abs(s.W-612) > 0.01 || math.Abs(s.H-792) > 0.01 {
			t.Errorf("sheet %d is %v × %v pt, want Letter portrait", i+1, s.W, s.H)
		}
	}
	info, err := pdftest.Info(pdf)
	if err != nil {
		t.Fatal(err)
	}
	o := sheetOptions()
	for k, v := range map[string]string{"Title": o.Title, "Author": o.Author, "Subject": o.Subject,
		"Creator": o.Creator, "Producer": o.Producer, "Version": "14", "PageCount": "4"} {
		if info[k] != v {
			t.Errorf("info %s = %q, want %q", k, info[k], v)
		}
	}
	// The same sheets give the same bytes.
	if again := renderSheets(t, patentSheets(t), sheetOptions()); !bytes.Equal(pdf, again) {
		t.Error("two renderings of the same sheets differ")
	}
}

func TestRenderSheetsA4SingleView(t *testing.T) {
	s, err := Parse([]byte(`{"kind": "process-flow", "steps": [
		{"id": "S1", "label": "Thaw", "materials": ["Plasma"]},
		{"id": "S2", "label": "Precipitate", "controls": ["Paste mass"], "virus_reduction": true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	opt := sheetOptions()
	opt.Paper = canvas.A4
	pdf := renderSheets(t, []Sheet{{Label: "FIG. 1", Spec: s}}, opt)
	pages, err := pdftest.PageTexts(pdf)
	if err != nil {
		t.Fatal(err)
	}
	// A lone view is still labelled here, and not split.
	if len(pages) != 1 || !strings.Contains(pages[0], "1/1") || !strings.Contains(pages[0], "FIG. 1") ||
		strings.Contains(pages[0], "FIG. 1A") || !strings.Contains(pages[0], "10") {
		t.Errorf("single sheet reads %q", pages)
	}
	sizes, err := pdftest.PageSizes(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(sizes[0].W-595.28) > 0.01 || math.Abs(sizes[0].H-841.89) > 0.01 {
		t.Errorf("sheet is %+v, want A4 portrait", sizes[0])
	}
}

// TestSheetLayout checks the 37 CFR 1.84 layout on the recorded drawing:
// nothing in the margins, the sheet number centred at the top inside the
// sight and larger than the numerals, a view label on every sheet, black
// only.
func TestSheetLayout(t *testing.T) {
	for _, paper := range []canvas.Paper{canvas.Letter, canvas.A4} {
		t.Run(paper.String(), func(t *testing.T) {
			r := canvas.NewRecorder(nil)
			n, err := drawSheets(r, patentSheets(t), paper, "")
			if err != nil {
				t.Fatal(err)
			}
			if n != r.PageCount() {
				t.Errorf("drawSheets says %d sheets, drew %d", n, r.PageCount())
			}
			pw, ph := paper.Size(canvas.Portrait)
			sight := box{2.5 * ptPerCm, 2.5 * ptPerCm, pw - 1.5*ptPerCm, ph - 1.0*ptPerCm}
			if r.PageCount() != 4 {
				t.Fatalf("%d sheets, want 4", r.PageCount())
			}
			for page := 1; page <= r.PageCount(); page++ {
				assertInside(t, r, page, sight)
			}
			assertPatentInk(t, r)
			numeral := 0.0
			for _, op := range r.Texts() {
				if op.Text == "10" {
					numeral = op.Size
				}
			}
			labels := []string{"FIG. 1A", "FIG. 1B", "FIG. 2", "FIG. 3"}
			for page := 1; page <= 4; page++ {
				var first *canvas.Op
				var label []canvas.Op
				for _, op := range r.Texts() {
					if op.Page != page {
						continue
					}
					if first == nil {
						o := op
						first = &o
					}
					if op.Text == labels[page-1] {
						label = append(label, op)
					}
				}
				num := string(rune('0'+page)) + "/4"
				if first == nil || first.Text != num {
					t.Errorf("sheet %d: first text %+v, want the sheet number %s", page, first, num)
					continue
				}
				if c := centreOf(*first); math.Abs(c-pw/2) > 0.01 {
					t.Errorf("sheet number %s centred at %.2f, want the middle %.2f", num, c, pw/2)
				}
				if top := first.Y - r.Metrics(first.Font).Ascent*first.Size; top < sight.y0 || top > sight.y0+10 {
					t.Errorf("sheet number %s top at %.1f, want just inside the sight at %.1f", num, top, sight.y0)
				}
				if first.Size <= numeral {
					t.Errorf("sheet number %.1f pt, not larger than the numerals (%.1f pt)", first.Size, numeral)
				}
				for _, op := range r.Texts() {
					if op.Page == page && op.Y < first.Y {
						t.Errorf("sheet %d: %q above the sheet number", page, op.Text)
					}
				}
				if len(label) != 1 || label[0].Size <= numeral {
					t.Errorf("sheet %d: view label %s %+v, want one, larger than the numerals", page, labels[page-1], label)
				}
			}
			// No frame around the sight: no rectangle nearly as large as it.
			for _, op := range r.Ops {
				if op.Kind == canvas.OpRect && op.W > 0.9*(sight.x1-sight.x0) && op.H > 0.5*(sight.y1-sight.y0) {
					t.Errorf("sheet %d has a frame %+v", op.Page, op)
				}
			}
		})
	}
}

func TestSheetErrors(t *testing.T) {
	flow := loadSpec(t, "ivig-flow.json")
	short, err := Parse([]byte(`{"kind": "process-flow", "steps": [{"id": "S1", "label": "Thaw"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	// A chart line numbered 10, the numeral of step S1 on FIG. 1.
	curveTen, err := Parse([]byte(`{"kind": "yield-chart", "unit": "%", "categories": ["1", "2"], "series": [{"name": "Process", "numeral": 10, "values": [90, 80]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		sheets []Sheet
		opt    SheetOptions
		msg    string
	}{
		{"no sheets", nil, sheetOptions(), "no drawing sheets"},
		{"bad label", []Sheet{{Label: "Figure 1", Spec: short}}, sheetOptions(), `"Figure 1" is not a view label`},
		{"duplicate label", []Sheet{{Label: "FIG. 1", Spec: short}, {Label: "FIG. 1", Spec: short}}, sheetOptions(), "occurs twice"},
		{"split clashes", []Sheet{{Label: "FIG. 1", Spec: flow}, {Label: "FIG. 1B", Spec: short}}, sheetOptions(), "FIG. 1B occurs twice"},
		{"lettered label split", []Sheet{{Label: "FIG. 4A", Spec: flow}}, sheetOptions(), "cannot be split"},
		{"bad paper", []Sheet{{Label: "FIG. 1", Spec: short}}, SheetOptions{Paper: 7}, "Letter or A4"},
		{"numeral for two things", []Sheet{{Label: "FIG. 1", Spec: short}, {Label: "FIG. 2", Spec: curveTen}}, sheetOptions(),
			"FIG. 2: reference numeral 10 designates curve Process here and step S1 in FIG. 1"},
		{"bad spec", []Sheet{{Label: "FIG. 1", Spec: Spec{Kind: "pie"}}}, sheetOptions(), `FIG. 1: figure spec: kind: unknown kind "pie"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			_, err := RenderSheets(&buf, tc.sheets, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("RenderSheets = %v, want an error with %q", err, tc.msg)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written despite the error", buf.Len())
			}
		})
	}
}

func TestIsViewLabel(t *testing.T) {
	for s, want := range map[string]bool{
		"FIG. 1": true, "FIG. 12": true, "FIG. 2A": true,
		"FIG. 01": false, "FIG. 1AB": false, "FIG.1": false, "Fig. 1": false, "FIG. ": false, "FIG. A": false, "FIG. 1a": false,
	} {
		if got := isViewLabel(s); got != want {
			t.Errorf("isViewLabel(%q) = %v, want %v", s, got, want)
		}
	}
}

// A notice (such as "illustrative data") is printed on every sheet, inside
// the sight, and a notice the fonts cannot draw is refused.
func TestSheetNotice(t *testing.T) {
	var buf bytes.Buffer
	opt := SheetOptions{Title: "Drawings", Notice: "ILLUSTRATIVE DATA — NOT A REAL PRODUCT"}
	if _, err := RenderSheets(&buf, patentSheets(t), opt); err != nil {
		t.Fatal(err)
	}
	pages, err := pdftest.PageTexts(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pages {
		if !strings.Contains(p, "ILLUSTRATIVE DATA — NOT A REAL PRODUCT") {
			t.Errorf("sheet %d lacks the notice", i+1)
		}
	}
	opt.Notice = "illustrative 😀"
	if _, err := RenderSheets(&bytes.Buffer{}, patentSheets(t), opt); err == nil || !strings.Contains(err.Error(), "U+1F600") {
		t.Errorf("notice with an emoji: %v", err)
	}
}
