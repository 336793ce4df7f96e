package main

import (
	"fmt"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pipeline"
	"github.com/regdoc/regdoc/internal/report"
)

var verifyHelp = help{
	usage: "regdoc verify PDF... [--project DIR] [--format text|json|github|junit]",
	about: `Read the provenance record regdoc writes into every PDF (the SHA-256 of the
manifest, each data file, the template, images and fonts, and the regdoc
version) and say, for each PDF, whether it was built from the project in DIR
as it is now, and if not which inputs changed. Without --project, each PDF
is compared with the project it lies in: the nearest folder above it that
holds regdoc.json (a build writes into DIR/out), or for a PDF from
'regdoc render' its own folder; a PDF with neither needs --project.
Exit status: 0 every PDF matches, 1 any differs, 2 a PDF regdoc did not
write or cannot be read, or a usage error.`,
	examples: `  regdoc verify out/*.pdf                       PDFs of the project in this folder
  regdoc verify my-product/out/*.pdf            found from the PDFs' place
  regdoc verify --project my-product filed/specification.pdf
  regdoc verify out/*.pdf --format github       annotations in CI
`,
}

func runVerify(e env, args []string) error {
	fs := newFlags(e, "verify", verifyHelp)
	dir := fs.String("project", "", "the project `DIR` the PDFs were built from (default: the folder above each PDF that holds regdoc.json)")
	format := fs.String("format", "text", "output `format`: text, json, github or junit")
	pdfs, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pdfs) == 0 {
		return usageError{"name the PDFs to verify, as in 'regdoc verify out/*.pdf'"}
	}
	w, err := report.New(*format)
	if err != nil {
		return usageError{fmt.Sprintf("--format %q: use text, json, github or junit", *format)}
	}
	results, err := pipeline.Verify(pdfs, *dir)
	if err != nil {
		return err
	}
	var ds []diag.Diagnostic
	foreign, differ := 0, 0
	for _, r := range results {
		switch {
		case r.Err != nil && pipeline.IsNoRecord(r.Err):
			foreign++
			ds = append(ds, diag.Diagnostic{Severity: diag.Error, Code: "verify/no-record", File: r.PDF,
				Message: "regdoc did not write this PDF (it carries no regdoc provenance record); verify only PDFs from 'regdoc build' or 'regdoc render'"})
		case r.Err != nil:
			foreign++
			ds = append(ds, diag.Diagnostic{Severity: diag.Error, Code: "io/read", File: r.PDF, Message: fmt.Sprintf("cannot read this PDF: %v", r.Err)})
		case len(r.Findings) > 0:
			differ++
			for _, f := range r.Findings {
				ds = append(ds, diag.Diagnostic{Severity: diag.Error, Code: "verify/" + f.Status, File: r.PDF, Message: f.Describe()})
			}
		}
	}
	if *format == "text" {
		st := style(e.color(e.stdout))
		for _, r := range results {
			switch {
			case r.Err != nil:
				continue // below, with the other problems
			case len(r.Findings) == 0:
				fmt.Fprintf(e.stdout, "%s: %s, built from the project in %s as it is now (%s)\n", display(r.PDF), st.green("ok"), display(r.Project), diag.Plural(len(r.Record.Inputs), "input"))
			default:
				fmt.Fprintf(e.stdout, "%s: %s, built from an earlier state of the project in %s:\n", display(r.PDF), st.red("differs"), display(r.Project))
				for _, f := range r.Findings {
					fmt.Fprintf(e.stdout, "  %s\n", f.Describe())
				}
			}
		}
		for _, d := range ds {
			if d.Code == "verify/no-record" || d.Code == "io/read" {
				fmt.Fprintln(e.stdout, d.String())
			}
		}
		fmt.Fprintf(e.stdout, "%s verified: %d match, %d differ, %d not from regdoc or unreadable\n", diag.Plural(len(results), "PDF"), len(results)-differ-foreign, differ, foreign)
	} else if err := w.Write(e.stdout, pdfs, ds); err != nil {
		return err
	}
	switch {
	case foreign > 0:
		return fmt.Errorf("%s not written by regdoc or unreadable", diag.Plural(foreign, "PDF"))
	case differ > 0:
		return errInvalid
	}
	return nil
}
