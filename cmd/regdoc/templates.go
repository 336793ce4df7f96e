package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/regdoc/regdoc/internal/build"
	"github.com/regdoc/regdoc/templates"
)

func runTemplates(e env, args []string) error {
	fset := newFlags(e, "templates", "regdoc templates [--out DIR]",
		"  regdoc templates\n  regdoc templates --out my-project/templates\n")
	out := fset.String("out", "", "write the built-in templates into this folder as a starting point for your own")
	pos, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"templates takes no arguments"}
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
		if err := build.WriteAtomic(dst, b); err != nil {
			return err
		}
	}
	if *out != "" {
		fmt.Fprintf(e.stdout, "wrote %d templates to %s\n", len(names), *out)
	}
	return nil
}
