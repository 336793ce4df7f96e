package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pipeline"
	"github.com/regdoc/regdoc/internal/report"
)

var diffHelp = help{
	usage: "regdoc diff OLD NEW | regdoc diff --git REV1..REV2 [DIR] [--format text|json] [--pdf FILE] [flags]",
	about: `Compare the approved version of a project (OLD) with the proposed one (NEW)
by meaning, not by line: steps added, removed, reordered or renamed (matched
by id); parameters whose set point, NOR, PAR, unit or criticality changed;
in-process controls, materials, specification tests and limits, batches and
results, viral-clearance studies, claims, and any other data, each with its
CTD section and the approved and proposed values. With --git, OLD and NEW
are two revisions of the project folder DIR (default: the current folder),
read through the git command. Every document of both versions is typeset
in memory to say which pages' text changed (--pages=false skips it).
--pdf writes the Summary of Changes a supplement files; its justification
column comes from justifications.json in NEW (see docs/supplements.md). It
never replaces an input of either version, nor any file but a PDF regdoc
wrote (exit 2).
Exit status: 0 compared (whether or not anything changed), 1 a version's
data are invalid, 2 usage or I/O error.`,
	examples: `  regdoc diff approved/ proposed/                    the changes, in words
  regdoc diff approved/ proposed/ --pdf soc.pdf      also the Summary of Changes
  regdoc diff --git v1.0..HEAD my-product            two revisions of one folder
  regdoc diff approved/ proposed/ --format json      keys for justifications.json
`,
}

func runDiff(e env, args []string) error {
	fs := newFlags(e, "diff", diffHelp)
	gitSpec := fs.String("git", "", "compare two revisions `REV1..REV2` of one project folder kept in git")
	format := fs.String("format", "text", "output `format`: text or json")
	pdf := fs.String("pdf", "", "write the Summary of Changes PDF to `FILE`")
	just := fs.String("justifications", "", "read the justifications from `FILE` (default NEW/justifications.json when present)")
	pages := fs.Bool("pages", true, "typeset both versions and say which pages of each document changed")
	oldLabel := fs.String("approved", "", "name the approved version `NAME` in the output (default: its folder or revision)")
	newLabel := fs.String("proposed", "", "name the proposed version `NAME` in the output (default: its folder or revision)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Sprintf("--format %q: use text or json", *format)}
	}
	var oldDir, newDir, oldName, newName string
	if *gitSpec != "" {
		if len(pos) > 1 {
			return usageError{fmt.Sprintf("with --git, diff takes one project folder, got %d: %s", len(pos), strings.Join(pos, " "))}
		}
		dir := "."
		if len(pos) == 1 {
			dir = pos[0]
		}
		r1, r2, err := pipeline.GitVersions(*gitSpec)
		if err != nil {
			return usageError{err.Error()}
		}
		var cleanup func()
		if oldDir, cleanup, err = pipeline.GitSnapshot(dir, r1); err != nil {
			return err
		}
		defer cleanup()
		if newDir, cleanup, err = pipeline.GitSnapshot(dir, r2); err != nil {
			return err
		}
		defer cleanup()
		oldName, newName = display(dir)+" at "+r1, display(dir)+" at "+r2
	} else {
		if len(pos) != 2 {
			return usageError{"diff compares two project folders, as in 'regdoc diff approved/ proposed/', or two revisions with --git REV1..REV2"}
		}
		oldDir, newDir = pos[0], pos[1]
	}
	if *oldLabel != "" {
		oldName = *oldLabel
	}
	if *newLabel != "" {
		newName = *newLabel
	}
	date, err := sourceDate(e)
	if err != nil {
		return err
	}
	res, ds, err := pipeline.Diff(oldDir, newDir, pipeline.DiffOptions{Justifications: *just, Pages: *pages, OldName: oldName, NewName: newName})
	if len(ds) > 0 {
		w := report.NewText(report.TextOptions{Open: report.OpenFile, Color: e.color(e.stderr)})
		var files []string
		for _, d := range ds {
			if !slices.Contains(files, d.File) {
				files = append(files, d.File)
			}
		}
		if werr := w.Write(e.stderr, files, ds); werr != nil {
			return werr
		}
	}
	if err != nil {
		if diag.HasErrors(ds, false) {
			fmt.Fprintf(e.stderr, "regdoc diff: %v\n", err)
			return errInvalid
		}
		return err
	}
	if *pdf != "" {
		// Refused before any output, so a refusal leaves nothing half done.
		if err := res.CheckSummaryTarget(*pdf); err != nil {
			return err
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res); err != nil {
			return err
		}
	} else {
		printChanges(e, res)
	}
	if *pdf != "" {
		b, err := res.SummaryPDF(date)
		if err != nil {
			return err
		}
		if err := res.WriteSummary(*pdf, b); err != nil {
			return err
		}
		if *format == "text" {
			fmt.Fprintf(e.stdout, "wrote the Summary of Changes to %s\n", display(*pdf))
		}
	}
	return nil
}

// printChanges writes the changes in words, then the documents to re-file.
func printChanges(e env, r *pipeline.DiffResult) {
	st := style(e.color(e.stdout))
	w := e.stdout
	fmt.Fprintf(w, "approved: %s\nproposed: %s\n", r.Old, r.New)
	if len(r.Changes) == 0 {
		fmt.Fprintln(w, "The data do not differ.")
	} else {
		fmt.Fprintf(w, "%s:\n", diag.Plural(len(r.Changes), "change"))
	}
	for i, c := range r.Changes {
		sec := ""
		if c.Section != "" {
			sec = "  [" + c.Section + "]"
		}
		what := c.What
		if c.Includes != "" {
			what += ", " + c.Includes
		}
		fmt.Fprintf(w, "%3d. %s %s%s\n", i+1, st.bold(c.Action), what, sec)
		if c.Old != "" {
			fmt.Fprintf(w, "       approved: %s\n", c.Old)
		}
		if c.New != "" {
			fmt.Fprintf(w, "       proposed: %s\n", c.New)
		}
		if c.Justification != "" {
			fmt.Fprintf(w, "       justification: %s\n", c.Justification)
		}
		if c.NewPlace != "" {
			fmt.Fprintf(w, "       at %s\n", c.NewPlace)
		} else if c.OldPlace != "" {
			fmt.Fprintf(w, "       was at %s (approved)\n", c.OldPlace)
		}
		fmt.Fprintf(w, "       %s\n", st.dim("key "+c.Key))
	}
	if r.Docs == nil {
		return
	}
	unchanged := 0
	fmt.Fprintln(w, "documents:")
	for _, d := range r.Docs {
		switch d.Status {
		case "unchanged":
			unchanged++
		case "changed":
			fmt.Fprintf(w, "  %s: %s changed%s\n", d.Output, pagesWord(d.Pages), pageCounts(d))
		default:
			fmt.Fprintf(w, "  %s: %s\n", d.Output, d.Status)
		}
	}
	fmt.Fprintf(w, "  %s unchanged\n", diag.Plural(unchanged, "document"))
}

// pagesWord is "page 3" or "pages 2–4, 7".
func pagesWord(ps []int) string {
	if len(ps) == 1 {
		return "page " + pageList(ps)
	}
	return "pages " + pageList(ps)
}

// pageCounts says how long a changed document is, and was when that differs.
func pageCounts(d pipeline.DocumentChange) string {
	if d.OldPages != d.NewPages {
		return fmt.Sprintf(" (%d pages, %d before)", d.NewPages, d.OldPages)
	}
	return fmt.Sprintf(" (of %d)", d.NewPages)
}

// pageList prints page numbers, runs as ranges: "2–4, 7".
func pageList(ps []int) string {
	var parts []string
	for i := 0; i < len(ps); {
		j := i
		for j+1 < len(ps) && ps[j+1] == ps[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d–%d", ps[i], ps[j]))
		} else {
			parts = append(parts, fmt.Sprint(ps[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}
