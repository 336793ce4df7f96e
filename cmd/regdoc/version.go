package main

import (
	"fmt"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pipeline"
)

func runVersion(e env, args []string) error {
	fs := newFlags(e, "version", help{
		usage: "regdoc version",
		about: `Print regdoc's version, the Go release and platform it was built with, the
libraries compiled into it with their versions, and what is embedded
(schemas, templates, examples), for a validation record or a bug report.`,
		examples: "  regdoc version\n  regdoc --version\n",
	})
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"version takes no arguments"}
	}
	a, err := pipeline.Describe()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "regdoc %s (%s, %s)\n", a.Version, a.Go, a.Platform)
	if !a.BuildInfo {
		fmt.Fprintln(e.stdout, "library versions: not recorded in this binary (built without module information)")
	} else {
		fmt.Fprintln(e.stdout, "libraries inside:")
		for _, l := range a.Libraries {
			line := fmt.Sprintf("  %-44s %s", l.Path, l.Version)
			if l.Role != "" {
				line = fmt.Sprintf("%-68s %s", line, l.Role)
			}
			fmt.Fprintln(e.stdout, line)
		}
	}
	fmt.Fprintf(e.stdout, "embedded: %s, %s, %s (%v)\n", diag.Plural(a.Schemas, "schema"), diag.Plural(a.Templates, "template"),
		diag.Plural(len(a.Examples), "example"), a.Examples)
	return nil
}
