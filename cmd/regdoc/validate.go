package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pipeline"
	"github.com/regdoc/regdoc/internal/report"
)

var validateHelp = help{
	usage: "regdoc validate [PATH...] [--format text|json|github|junit] [-q|-v] [flags]",
	about: `Check data files and project manifests (folders are walked; default: the
current folder) against their JSON Schemas and the rules a reviewer applies
across files. Every problem is reported, not only the first, as
file:line:col: severity CODE: message (pointer), followed in the text format
by the offending line with a caret under the column. A folder with a
regdoc.json is checked as a project: everything build does but write,
every document typeset in memory. A JSON file found in a folder that names
no regdoc schema (package.json, renovate.json) is skipped (-v lists it), as
are .regdoc/, .vscode/ and hidden folders.
Exit status: 0 valid (warnings allowed unless --strict), 1 invalid, 2 usage
or I/O error.`,
	examples: `  regdoc validate                           the project in this folder
  regdoc validate my-product/data/process.json
  regdoc validate . --format github         annotations on a pull request
  regdoc validate . --format junit > regdoc.xml
  regdoc validate --schema my.schema.json records/
  regdoc validate --schema rec.schema.json --ref common.schema.json .
  regdoc validate . --exclude 'fixtures/**' --exclude '*.lock.json'
`,
}

func runValidate(e env, args []string) error {
	fs := newFlags(e, "validate", validateHelp)
	format := fs.String("format", "text", "output `format`: text, json, github or junit")
	schemaFile := fs.String("schema", "", "validate every file against this JSON Schema `FILE` (draft 2020-12) instead of the one each names")
	strict := fs.Bool("strict", false, "warnings fail the run too")
	q := fs.Bool("q", false, "quiet (text format): errors only, one line each, no summary")
	fs.BoolVar(q, "quiet", false, "quiet (text format): errors only, one line each, no summary")
	v := fs.Bool("v", false, "verbose (text format): also list every file checked")
	fs.BoolVar(v, "verbose", false, "verbose (text format): also list every file checked")
	maxBytes := fs.Int64("max-file-size", 0, "largest data file accepted, in `bytes` (default 10 MB)")
	var refs, excludes repeated
	fs.Var(&refs, "ref", "with --schema: a further schema `FILE` a remote $ref finds by its \"$id\" (repeatable); nothing is fetched")
	annotate := fs.Bool("annotate-formats", false, "with --schema: treat \"format\" as an annotation (draft 2020-12's default); formats are asserted otherwise")
	fs.Var(&excludes, "exclude", "leave files and folders matching `GLOB` out of a folder walk (repeatable): a name (package.json, *.lock.json) or a path below the folder (test/fixtures/**)")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	verb, err := level(*q, *v)
	if err != nil {
		return err
	}
	w, err := report.New(*format)
	if err != nil {
		return usageError{fmt.Sprintf("--format %q: use text, json, github or junit", *format)}
	}
	// The printer quotes project files as validate read them.
	sources := pipeline.NewSources()
	if *format == "text" && verb != quiet {
		w = report.NewText(report.TextOptions{Source: sources.Read, Open: report.OpenFile, Color: e.color(e.stdout)})
	}
	if *schemaFile == "" && (len(refs) > 0 || *annotate) {
		return usageError{"--ref and --annotate-formats go with --schema: regdoc's own schemas always check formats"}
	}
	opt := pipeline.ValidateOptions{SchemaFile: *schemaFile, Exclude: excludes, Sources: sources}
	opt.Data.MaxBytes = *maxBytes
	opt.Schema.AnnotateFormats = *annotate
	partly := map[string]pipeline.FileNote{}
	if verb == verbose && *format == "text" {
		opt.Skipped = func(path, reason string) {
			fmt.Fprintf(e.stdout, "skipped %s: %s\n", display(path), reason)
		}
		opt.Partly = func(n pipeline.FileNote) { partly[n.Path] = n }
	}
	files, ds, err := pipeline.ValidatePaths(paths, opt, refs)
	if err != nil && files == nil && ds == nil {
		return err
	}
	// err may now only say that some files could not be read: they are
	// among the problems, reported with the rest before it ends the run.
	unreadable := err
	switch {
	case *format != "text":
		err = w.Write(e.stdout, files, ds)
	case verb == quiet:
		// Errors only (warnings too with --strict, since they fail the
		// run), one line each: for scripts and grep.
		for _, d := range ds {
			if d.IsError() || *strict {
				fmt.Fprintln(e.stdout, strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(d.String()))
			}
		}
	default:
		if verb == verbose {
			listChecked(e, files, ds, partly)
		}
		err = w.Write(e.stdout, files, ds)
	}
	if err != nil {
		return err
	}
	if unreadable != nil {
		return unreadable
	}
	if diag.HasErrors(ds, *strict) {
		return errInvalid
	}
	return nil
}

// listChecked writes, for -v, one line per file in path order: "ok" only
// for a file every check ran on and found nothing in; a file with problems
// of its own points below; a file checked only in part says what did not
// run; a file that could not be read is an error line of its own.
func listChecked(e env, files []string, ds []diag.Diagnostic, partly map[string]pipeline.FileNote) {
	st := style(e.color(e.stdout))
	all := slices.Clone(files)
	for p, n := range partly {
		if !n.Read {
			all = append(all, p)
		}
	}
	slices.Sort(all)
	for _, f := range all {
		n, noted := partly[f]
		switch {
		case noted && !n.Read:
			fmt.Fprintf(e.stdout, "%s %s: %s\n", st.red("not checked"), display(f), n.Why)
		case slices.ContainsFunc(ds, func(d diag.Diagnostic) bool { return d.File == f }):
			fmt.Fprintf(e.stdout, "checked %s: %s\n", display(f), st.red("problems below"))
		case noted:
			fmt.Fprintf(e.stdout, "checked %s: %s\n", display(f), st.red("partly")+" — "+n.Why)
		default:
			fmt.Fprintf(e.stdout, "checked %s: %s\n", display(f), st.green("ok"))
		}
	}
}

// repeated is a flag that may be given many times; each value is kept.
type repeated []string

func (r *repeated) String() string { return strings.Join(*r, ", ") }

func (r *repeated) Set(v string) error {
	*r = append(*r, v)
	return nil
}
