package main

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pipeline"
)

var initHelp = help{
	usage: "regdoc init DIR [--example ivig-liquid|mab-ds|albumin-20]",
	about: `Create a new project in DIR (which must not exist or be empty) from one of
the worked examples, ready to validate and build at once: the manifest
regdoc.json, the data files (each naming its schema in "$schema"), the JSON
Schemas in .regdoc/schemas so editors complete and check the data offline,
VS Code settings that map each data file to its schema, and a short README
that says what to do next. Nothing is ever overwritten.`,
	examples: `  regdoc init my-product                     a liquid IVIG from human plasma
  regdoc init my-mab --example mab-ds         a monoclonal antibody drug substance from a cell bank
  regdoc init my-alb --example albumin-20     human albumin 20 % from plasma, with templates of its own
`,
}

func runInit(e env, args []string) error {
	fset := newFlags(e, "init", initHelp)
	ex := fset.String("example", "ivig-liquid", "`example` to start from: "+strings.Join(pipeline.Examples(), " or "))
	pos, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"init takes one folder to create, as in 'regdoc init my-product'"}
	}
	if names := pipeline.Examples(); !slices.Contains(names, *ex) {
		msg := fmt.Sprintf("--example %q: choose %s", *ex, strings.Join(names, " or "))
		if s, ok := diag.Closest(*ex, names); ok {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return usageError{msg}
	}
	dir := pos[0]
	sc, err := pipeline.Init(dir, *ex)
	if err != nil {
		return err
	}
	st := style(e.color(e.stdout))
	where := dir
	if filepath.Clean(dir) == "." {
		where = "a project in this folder"
	}
	fmt.Fprintf(e.stdout, "%s %s from the %s example:\n", st.green("Created"), where, sc.Example)
	kinds := make([]string, len(sc.DataFiles))
	for i, f := range sc.DataFiles {
		kinds[i] = strings.TrimSuffix(path.Base(f), ".json")
	}
	for _, row := range [][2]string{
		{"regdoc.json", "the manifest: product, dates and the documents to build"},
		{"data/", diag.Plural(len(sc.DataFiles), "data file") + ": " + strings.Join(kinds, ", ")},
		{pipeline.ProjectSchemaDir + "/", diag.Plural(sc.Schemas, "JSON Schema") + ", so editors complete and check the data offline"},
		{".vscode/settings.json", "maps each data file to its schema in VS Code"},
		{"README.md", "what to do next, for the writer"},
	} {
		fmt.Fprintf(e.stdout, "  %-24s %s\n", row[0], row[1])
	}
	fmt.Fprintln(e.stdout, "\nNext:")
	if filepath.Clean(dir) != "." {
		fmt.Fprintf(e.stdout, "  cd %s\n", dir)
	}
	fmt.Fprint(e.stdout, "  regdoc validate          check the data\n")
	fmt.Fprint(e.stdout, "  regdoc build             write the PDFs into out/\n")
	fmt.Fprint(e.stdout, "  regdoc build --watch     rebuild as you edit the data\n")
	return nil
}
