package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/regdoc/regdoc/internal/pipeline"
	"github.com/regdoc/regdoc/templates"
)

func runTemplates(e env, args []string) error {
	fset := newFlags(e, "templates", help{
		usage: "regdoc templates [--out DIR]",
		about: `List the built-in Markdown templates, one per document, or write them into a
folder as a starting point for your own. A template file inside a project
with the same path as a built-in (for example templates/cmc/s222-process-description.md
named in regdoc.json as that path) overrides it; see docs/templates.md for
the functions templates can call.`,
		examples: "  regdoc templates\n  regdoc templates --out my-product\n",
	})
	out := fset.String("out", "", "write the built-in templates into this `DIR` as a starting point for your own")
	pos, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("templates takes no arguments (got %q); use --out DIR to write them", pos[0])}
	}
	var names []string
	err = fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".md" {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, n := range names {
		if *out == "" {
			fmt.Fprintln(e.stdout, n)
			continue
		}
		b, err := fs.ReadFile(templates.FS, n)
		if err != nil {
			return err
		}
		dst := filepath.Join(*out, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := pipeline.WriteAtomic(dst, b); err != nil {
			return err
		}
	}
	if *out != "" {
		fmt.Fprintf(e.stdout, "wrote %d templates to %s\n", len(names), *out)
	}
	return nil
}
