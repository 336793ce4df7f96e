package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/regdoc/regdoc/internal/build"
	"github.com/regdoc/regdoc/schemas"
)

func runSchemas(e env, args []string) error {
	fset := newFlags(e, "schemas", "regdoc schemas [--out DIR]",
		"  regdoc schemas\n  regdoc schemas --out .regdoc/schemas\n")
	out := fset.String("out", "", "write the schemas into this folder (for editors that check data offline)")
	pos, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"schemas takes no arguments"}
	}
	names, err := fs.Glob(schemas.FS, "*.schema.json")
	if err != nil {
		return err
	}
	if *out == "" {
		for _, n := range names {
			fmt.Fprintf(e.stdout, "%-30s https://regdoc.dev/schemas/v1/%s\n", n, n)
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
		if err := build.WriteAtomic(filepath.Join(*out, n), b); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "wrote %d schemas to %s\n", len(names), *out)
	return nil
}
