package main

import (
	"fmt"

	"github.com/regdoc/regdoc/internal/build"
	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/report"
	"github.com/regdoc/regdoc/internal/schema"
)

func runValidate(e env, args []string) error {
	fs := newFlags(e, "validate", "regdoc validate [PATH...] [--format text|json|github|junit] [--schema FILE] [--strict]",
		"  regdoc validate examples/ivig-liquid\n  regdoc validate data/*.json --format github\n  regdoc validate --schema my.schema.json records/\n")
	format := fs.String("format", "text", "output format: text, json, github or junit")
	schemaFile := fs.String("schema", "", "validate every file against this JSON Schema (draft 2020-12) instead of the one each names")
	strict := fs.Bool("strict", false, "warnings fail the run too")
	maxBytes := fs.Int64("max-file-size", 0, "largest data file accepted, in bytes (default 10 MB)")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	w, err := report.New(*format)
	if err != nil {
		return usageError{err.Error()}
	}
	opt := build.ValidateOptions{Data: dataset.Options{MaxBytes: *maxBytes}}
	var set *schema.Set
	if *schemaFile != "" {
		var k string
		set, k, err = schema.CompileFile(*schemaFile)
		if err != nil {
			return fmt.Errorf("--schema %s: %w", *schemaFile, err)
		}
		opt.Schema = k
	} else if set, err = build.Compile(); err != nil {
		return err
	}
	files, ds, err := build.Validate(paths, set, opt)
	if err != nil {
		return err
	}
	if err := w.Write(e.stdout, files, ds); err != nil {
		return err
	}
	if diag.HasErrors(ds, *strict) {
		return errInvalid
	}
	return nil
}
