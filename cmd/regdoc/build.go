package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/regdoc/regdoc/internal/build"
	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/report"
)

func runBuild(e env, args []string) error {
	fs := newFlags(e, "build", "regdoc build [DIR] [-o OUT] [flags]",
		"  regdoc build examples/ivig-liquid\n  regdoc build . -o dist --only s222 --emit md\n")
	out := fs.String("o", "", "output folder (default DIR/out)")
	emit := fs.String("emit", "", "extra outputs beside each PDF: md (the composed Markdown)")
	only := fs.String("only", "", "comma-separated document ids to build (default: all)")
	quiet := fs.Bool("q", false, "print nothing but errors")
	maxBytes := fs.Int64("max-file-size", 0, "largest data file accepted, in bytes (default 10 MB)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError{"build takes one project folder"}
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	date, err := sourceDate(e)
	if err != nil {
		return err
	}
	set, err := build.Compile()
	if err != nil {
		return err
	}
	l, ds, err := build.Load(dir, set, dataset.Options{MaxBytes: *maxBytes})
	if err != nil {
		return err
	}
	if len(ds) > 0 {
		w, _ := report.New("text")
		diag.Sort(ds)
		if err := w.Write(e.stderr, nil, ds); err != nil {
			return err
		}
	}
	if l == nil || diag.HasErrors(ds, false) {
		fmt.Fprintln(e.stderr, "regdoc build: the data are invalid; nothing was built.")
		return errInvalid
	}
	opt := build.Options{Out: *out, Date: date}
	if *emit != "" {
		opt.Emit = strings.Split(*emit, ",")
		for _, x := range opt.Emit {
			if x != "md" {
				return usageError{fmt.Sprintf("--emit %q: known outputs are md", x)}
			}
		}
	}
	if *only != "" {
		opt.Only = strings.Split(*only, ",")
	}
	outs, err := l.Build(opt)
	if err != nil {
		fmt.Fprintf(e.stderr, "regdoc build: %v\nNothing was written; earlier outputs are unchanged.\n", err)
		return errInvalid
	}
	if !*quiet {
		for _, o := range outs {
			rel := o.Path
			if r, err := filepath.Rel(".", o.Path); err == nil && !strings.HasPrefix(r, "..") {
				rel = r
			}
			fmt.Fprintf(e.stdout, "%-60s %3d pages %8s %6.0f ms\n", rel, o.Pages, size(o.Bytes), float64(o.Duration.Microseconds())/1000)
		}
	}
	return nil
}

func size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
