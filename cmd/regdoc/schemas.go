package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pipeline"
	"github.com/regdoc/regdoc/internal/schemadoc"
	"github.com/regdoc/regdoc/internal/version"
	"github.com/regdoc/regdoc/schemas"
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
	if *doc {
		md, err := schemadoc.Generate(schemas.FS, version.Version)
		if err != nil {
			return err
		}
		if *out == "" {
			_, err := e.stdout.Write(md)
			return err
		}
		if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
			return err
		}
		if err := pipeline.WriteAtomic(*out, md); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote the data reference to %s\n", *out)
		return nil
	}
	names, err := fs.Glob(schemas.FS, "*.schema.json")
	if err != nil {
		return err
	}
	if *out == "" {
		for _, n := range names {
			fmt.Fprintf(e.stdout, "%-28s https://regdoc.dev/schemas/v1/%s\n", n, n)
		}
		return nil
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for _, n := range names {
		b, err := fs.ReadFile(schemas.FS, n)
		if err != nil {
			return err
		}
		if err := pipeline.WriteAtomic(filepath.Join(*out, n), b); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "wrote %s to %s\n", diag.Plural(len(names), "schema"), *out)
	return nil
}
