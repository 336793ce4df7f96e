package main

import (
	"fmt"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pipeline"
	"github.com/regdoc/regdoc/internal/report"
)

func runRender(e env, args []string) error {
	fs := newFlags(e, "render", help{
		usage: "regdoc render FILE.md [-o FILE.pdf] [--style ctd|patent] [--data PROJECT_DIR] [flags]",
		about: `Typeset one Markdown file into PDF with the same engine as regdoc build:
headings, lists, tables, figures, footnotes, page breaks (\newpage), fonts
embedded. With --data, FILE.md is first run as a template on that project's
data, which is how a new template is tried out before it goes into a
manifest. The document date is SOURCE_DATE_EPOCH when set, else the file's
modification time, so the same file gives the same PDF.`,
		examples: `  regdoc render narrative.md
  regdoc render claims.md --style patent -o claims.pdf
  regdoc render my-template.md --data my-product
  regdoc schemas --doc --out data-reference.md && regdoc render data-reference.md --toc
`,
	})
	out := fs.String("o", "", "output `PDF` (default: FILE with .pdf); never FILE itself")
	style := fs.String("style", "ctd", "house `style`: ctd or patent")
	paper := fs.String("paper", "letter", "`paper` size: letter or a4")
	data := fs.String("data", "", "run FILE as a template on the data of this project `DIR`")
	title := fs.String("title", "", "document `title`, over any in the front matter (default: the front matter's, else the file name)")
	toc := fs.Bool("toc", false, "add a table of contents")
	font := fs.String("font", "", "TrueType `FILE` for characters the embedded fonts lack (CJK, Devanagari, symbols)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"render takes one Markdown file"}
	}
	if *style != "ctd" && *style != "patent" {
		return usageError{fmt.Sprintf("--style %q: use ctd or patent", *style)}
	}
	if *paper != "letter" && *paper != "a4" {
		return usageError{fmt.Sprintf("--paper %q: use letter or a4", *paper)}
	}
	date, err := sourceDate(e)
	if err != nil {
		return err
	}
	in := pos[0]
	_, ds, err := pipeline.RenderFile(in, pipeline.RenderOptions{
		Out: *out, Style: *style, Paper: *paper, Title: *title, TOC: *toc, Data: *data, Date: date, Font: *font,
	})
	// Problems in the data, or positioned problems in the file itself,
	// are shown like validate's: file:line:col, the line, a caret.
	summary := len(ds) > 0
	if fds, ok := diag.FromError(err); ok && pipeline.ClassOf(err) == pipeline.Invalid {
		ds = append(ds, fds...)
	}
	if len(ds) > 0 {
		w := report.NewText(report.TextOptions{Open: report.OpenFile, Color: e.color(e.stderr), NoSummary: !summary})
		if werr := w.Write(e.stderr, nil, ds); werr != nil {
			return werr
		}
	}
	if err != nil && pipeline.ClassOf(err) == pipeline.Invalid {
		if len(ds) == 0 {
			fmt.Fprintln(e.stderr, err)
		}
		return errInvalid
	}
	return err
}
