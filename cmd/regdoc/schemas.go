package main

import (
	"fmt"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pipeline"
)

var schemasHelp = help{
	usage: "regdoc schemas [--out DIR] | regdoc schemas --doc [--out FILE.md]",
	about: `List the JSON Schemas built into regdoc, one per kind of data file, with the
address a data file names in "$schema". With --out DIR, write them into a
folder so editors (VS Code and others) complete and check data files
offline. With --doc, write the data reference instead: Markdown tables of
every property, its type, whether it is required, what it means and its
allowed values and units; regdoc render typesets it into PDF.`,
	examples: `  regdoc schemas
  regdoc schemas --out .regdoc/schemas
  regdoc schemas --doc --out data-reference.md && regdoc render data-reference.md
`,
}

func runSchemas(e env, args []string) error {
	fset := newFlags(e, "schemas", schemasHelp)
	out := fset.String("out", "", "write the schemas into this folder (with --doc: the reference into this `PATH`)")
	doc := fset.Bool("doc", false, "write the data reference (Markdown) generated from the schemas")
	pos, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("schemas takes no arguments (got %q); use --out DIR to write them", pos[0])}
	}
	switch {
	case *doc && *out == "":
		md, err := pipeline.DataReference()
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(md)
		return err
	case *doc:
		if err := pipeline.WriteDataReference(*out); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote the data reference to %s\n", *out)
	case *out == "":
		for _, n := range pipeline.SchemaFiles() {
			fmt.Fprintf(e.stdout, "%-28s %s%s\n", n, pipeline.SchemaBase, n)
		}
	default:
		written, err := pipeline.ExportSchemas(*out)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %s to %s\n", diag.Plural(len(written), "schema"), *out)
	}
	return nil
}
