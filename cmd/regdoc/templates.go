package main

import (
	"fmt"

	"github.com/regdoc/regdoc/internal/pipeline"
)

func runTemplates(e env, args []string) error {
	fset := newFlags(e, "templates", help{
		usage: "regdoc templates [--out DIR [--force]]",
		about: `List the built-in Markdown templates, one per document, or write them into a
folder as a starting point for your own. A file that exists is never
replaced: regdoc names it and writes nothing, unless --force is given. A
template file inside a project with the same path as a built-in (for example
templates/cmc/s222-process-description.md named in regdoc.json as that path)
overrides it; see docs/templates.md for the functions templates can call.`,
		examples: "  regdoc templates\n  regdoc templates --out my-product\n  regdoc templates --out my-product --force   replace edited copies with the built-ins\n",
	})
	out := fset.String("out", "", "write the built-in templates into this `DIR` as a starting point for your own")
	force := fset.Bool("force", false, "with --out, replace files that exist")
	pos, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("templates takes no arguments (got %q); use --out DIR to write them", pos[0])}
	}
	if *force && *out == "" {
		return usageError{"--force goes with --out DIR"}
	}
	if *out == "" {
		names, err := pipeline.TemplateNames()
		if err != nil {
			return err
		}
		for _, n := range names {
			fmt.Fprintln(e.stdout, n)
		}
		return nil
	}
	written, err := pipeline.ExportTemplates(*out, *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d templates to %s\n", len(written), *out)
	return nil
}
