package mdpdf

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/regdoc/regdoc/internal/pdftest"
)

func testImages(t *testing.T) fstest.MapFS {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 400, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 400; x++ {
			img.Set(x, y, color.RGBA{uint8(x / 2), uint8(y), 128, 255})
		}
	}
	var p, j bytes.Buffer
	if err := png.Encode(&p, img); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&j, img, nil); err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{
		"img/flow.png":  {Data: p.Bytes()},
		"img/photo.jpg": {Data: j.Bytes()},
		"img/fake.png":  {Data: []byte("GIF89a not really")},
	}
}

const featureDoc = `# Feature tour

Intro with ~~struck~~ text, &amp; entities &copy; &#177; &#x2264;, a hard  
break and a soft
break. See [](#tbl:yields), [](#fig:flow) and [the tour](#feature-tour).

> Quoted text.
>
> > Nested quote.

- [x] done task
- [ ] open task

Footnoted claim.[^1]

Table: Yields per batch {#tbl:yields}

| Batch | Yield |
|-------|------:|
| A | 75 |

![Flow](img/flow.png)

Figure: Process flow {#fig:flow}

![Photo](img/photo.jpg "A photograph")

\newpage

## After the break

Wide table:

| C1 | C2 | C3 | C4 | C5 | C6 | C7 | C8 | C9 | C10 |
|----|----|----|----|----|----|----|----|----|-----|
| immunoglobulin | fractionation | nanofiltration | ultrafiltration | diafiltration | chromatography | formulation | pasteurization | solvent-detergent | supernatant |

Back to portrait.

[^1]: The footnote text.
`

func TestFeatureTour(t *testing.T) {
	pdf := render(t, []byte(featureDoc), Options{Meta: testMeta(), Images: testImages(t), TOC: true})
	pages, err := pdftest.PageTexts(pdf)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(pages, "\n")
	for _, want := range []string{
		"struck", "& entities © ± ≤", "Quoted text.", "Nested quote.", "[x] done task", "[ ] open task",
		"Footnoted claim.[1]", "The footnote text.", "Table 1. Yields per batch", "Figure 1. Process flow",
		"Figure 2. A photograph", "See Table 1, Figure 1 and the tour", "Table of Contents", "After the break",
		"solvent-detergent", "Back to portrait.",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(all, "{#tbl") || strings.Contains(all, "Table:") || strings.Contains(all, "\\newpage") {
		t.Error("caption or page-break syntax leaked into the text")
	}
	// \newpage: the heading after it starts a page.
	for i, p := range pages {
		if strings.Contains(p, "After the break") && strings.Contains(p, "Process flow") {
			t.Errorf("page %d holds text from both sides of \\newpage", i+1)
		}
	}
	sizes, err := pdftest.PageSizes(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var land []int
	for i, s := range sizes {
		if s.W > s.H {
			land = append(land, i)
		}
	}
	if len(land) != 1 || !strings.Contains(pages[land[0]], "solvent-detergent") || strings.Contains(pages[land[0]], "Back to portrait") {
		t.Errorf("landscape pages %v; want exactly the wide table's page", land)
	}
	if last := sizes[len(sizes)-1]; last.W > last.H {
		t.Error("the document does not return to portrait after the wide table")
	}
	// The TOC's entries and the cross-references are live links.
	links, err := pdftest.Links(pdf)
	if err != nil {
		t.Fatal(err)
	}
	internal := 0
	for _, l := range links {
		if l.URI == "" {
			if l.DestPage < 1 || l.DestPage > len(pages) {
				t.Errorf("dead internal link %+v", l)
			}
			internal++
		}
	}
	if internal < 5 {
		t.Errorf("%d internal links, want TOC entries, cross-references and the footnote reference", internal)
	}
	if err := pdftest.Validate(pdf); err != nil {
		t.Error(err)
	}
	again := render(t, []byte(featureDoc), Options{Meta: testMeta(), Images: testImages(t), TOC: true})
	if !bytes.Equal(pdf, again) {
		t.Error("the feature tour renders to different bytes each time")
	}
}

func TestImageErrors(t *testing.T) {
	imgs := testImages(t)
	for _, tc := range []struct {
		name, src, msg string
		fs             bool
	}{
		{"no fs", "![x](img/flow.png)\n", "no image folder", false},
		{"missing", "text\n\n![x](img/none.png)\n", "no such file", true},
		{"escape", "![x](../secret.png)\n", "outside the document's folder", true},
		{"absolute", "![x](/etc/x.png)\n", "relative", true},
		{"url", "![x](https://example.com/x.png)\n", "never fetched", true},
		{"format", "![x](img/fake.png)\n", "not a PNG or JPEG", true},
		{"in heading", "# A ![x](img/flow.png)\n", "cannot stand here", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{}
			if tc.fs {
				opts.Images = imgs
			}
			_, err := Render(&bytes.Buffer{}, []byte(tc.src), opts)
			se, seOK := firstProblem(err)
			if !seOK || !strings.Contains(se.Message, tc.msg) || se.Line < 1 {
				t.Errorf("err = %v, want a positioned problem mentioning %q", err, tc.msg)
			}
		})
	}
}

const figureDoc = "# Process\n\nThe flow is shown in [](#fig:flow).\n\n```figure\n" +
	`{"kind": "process-flow", "steps": [
  {"id": "P1", "label": "Pooling of plasma"},
  {"id": "P2", "label": "Cryoprecipitation"},
  {"id": "P3", "label": "Caprylate fractionation"},
  {"id": "P4", "label": "Nanofiltration"}]}` + "\n```\n\nFigure: Manufacturing flow {#fig:flow}\n\nAfter the figure.\n"

func TestFigureBlock(t *testing.T) {
	pdf := render(t, []byte(figureDoc), Options{Meta: testMeta()})
	txt, err := pdftest.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"The flow is shown in Figure 1.", "Pooling of plasma", "Nanofiltration",
		"Figure 1. Manufacturing flow", "After the figure."} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, `"kind"`) {
		t.Error("the figure spec was printed as code")
	}
}

func TestFigureSpecErrorHasMarkdownPosition(t *testing.T) {
	src := "Intro.\n\n```figure\n{\"kind\": \"process-flow\",\n \"colour\": true,\n \"steps\": []}\n```\n"
	_, err := Render(&bytes.Buffer{}, []byte(src), Options{})
	se, seOK := firstProblem(err)
	if !seOK || se.Line != 5 || !strings.Contains(se.Message, "colour") {
		t.Errorf("err = %v, want a positioned problem on line 5 naming the unknown field", err)
	}
}
