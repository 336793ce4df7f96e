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
	for _, row := range scaffoldRows(sc) {
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

// scaffoldRows lists what init wrote, one row per file or folder with what
// it is for; every file written is in one row, so nothing appears in the
// project that init did not announce.
func scaffoldRows(sc *pipeline.Scaffold) [][2]string {
	kinds := make([]string, len(sc.DataFiles))
	for i, f := range sc.DataFiles {
		kinds[i] = strings.TrimSuffix(path.Base(f), ".json")
	}
	// A file is listed by its folder when the folder holds more than one.
	count := map[string]int{}
	for _, f := range sc.Files {
		count[path.Dir(f)]++
	}
	entries := map[string][]string{}
	var order []string
	for _, f := range sc.Files {
		entry := f
		if d := path.Dir(f); d != "." && count[d] > 1 {
			entry = d + "/"
		}
		if _, ok := entries[entry]; !ok {
			order = append(order, entry)
		}
		entries[entry] = append(entries[entry], f)
	}
	about := map[string]string{
		"regdoc.json":           "the manifest: project name, sponsor, dates and the documents to build",
		"data/":                 diag.Plural(len(sc.DataFiles), "data file") + ": " + strings.Join(kinds, ", "),
		".regdoc/schemas/":      diag.Plural(sc.Schemas, "JSON Schema") + ", so editors complete and check the data offline",
		".vscode/settings.json": "maps each data file to its schema in VS Code",
		".gitignore":            "keeps the build output (" + strings.Join(pipeline.IgnoredOutputs, ", ") + ") out of git",
		"README.md":             "what to do next, for the writer",
	}
	rank := []string{"regdoc.json", "data/", "templates/", ".regdoc/schemas/", ".vscode/settings.json", ".gitignore", "README.md"}
	slices.SortStableFunc(order, func(a, b string) int {
		ra, rb := slices.Index(rank, a), slices.Index(rank, b)
		if ra < 0 {
			ra = len(rank)
		}
		if rb < 0 {
			rb = len(rank)
		}
		if ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	rows := make([][2]string, 0, len(order))
	for _, entry := range order {
		text, ok := about[entry]
		switch {
		case ok:
		case entry == "templates/":
			names := make([]string, len(entries[entry]))
			for i, f := range entries[entry] {
				names[i] = strings.TrimSuffix(path.Base(f), ".md")
			}
			text = diag.Plural(len(names), "template") + " of its own, named in regdoc.json: " + strings.Join(names, ", ")
		case strings.HasSuffix(entry, "/"):
			text = diag.Plural(len(entries[entry]), "file") + " from the example"
		default:
			text = "from the example"
		}
		rows = append(rows, [2]string{entry, text})
	}
	return rows
}
