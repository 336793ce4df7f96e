package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/mdpdf"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/pipeline"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/internal/report"
	"github.com/regdoc/regdoc/internal/version"
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
	out := fs.String("o", "", "output `PDF` (default: FILE with .pdf)")
	style := fs.String("style", "ctd", "house `style`: ctd or patent")
	paper := fs.String("paper", "letter", "`paper` size: letter or a4")
	data := fs.String("data", "", "run FILE as a template on the data of this project `DIR`")
	title := fs.String("title", "", "document `title` (default: the file name)")
	toc := fs.Bool("toc", false, "add a table of contents")
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
	in := pos[0]
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	if *out == "" {
		*out = strings.TrimSuffix(in, filepath.Ext(in)) + ".pdf"
	}
	date, err := sourceDate(e)
	if err != nil {
		return err
	}
	if date.IsZero() {
		// Without a manifest the file's own modification time is the
		// document date: stable across runs, never the clock.
		if st, err := os.Stat(in); err == nil {
			date = st.ModTime().UTC().Truncate(time.Second)
		}
	}
	if *data != "" {
		set, err := pipeline.Compile()
		if err != nil {
			return err
		}
		l, ds, err := pipeline.Load(*data, set, dataset.Options{})
		if err != nil {
			return err
		}
		if l == nil || diag.HasErrors(ds, false) {
			w := report.NewText(report.TextOptions{Source: os.ReadFile, Color: e.color(e.stderr)})
			w.Write(e.stderr, nil, ds)
			return errInvalid
		}
		t, err := mdtemplate.Parse(in, string(src), nil)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			return errInvalid
		}
		src, err = t.Render(pipeline.TemplateData{Project: l.Model, Document: project.Document{Title: *title}})
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			return errInvalid
		}
	}
	if *title == "" {
		*title = strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
	}
	opts := mdpdf.Options{
		Style: mdpdf.Style(*style), Paper: *paper, TOC: *toc,
		Images: os.DirFS(filepath.Dir(in)),
		File:   in,
		Meta:   mdpdf.Metadata{Title: *title, Creator: "regdoc " + version.Version, Producer: "regdoc " + version.Version, Date: date},
	}
	var buf bytes.Buffer
	if _, err := mdpdf.Render(&buf, src, opts); err != nil {
		fmt.Fprintln(e.stderr, err)
		return errInvalid
	}
	return pipeline.WriteAtomic(*out, buf.Bytes())
}
