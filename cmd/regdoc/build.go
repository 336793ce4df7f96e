package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pipeline"
	"github.com/regdoc/regdoc/internal/report"
)

var buildHelp = help{
	usage: "regdoc build [DIR] [-o OUT] [--watch] [-q|-v] [flags]",
	about: `Build every document listed in DIR/regdoc.json (default: the current folder)
into PDF, one line per document with its pages, size and time. The data are
validated first: invalid data build nothing, and a failed build leaves the
PDFs of the last good build as they were. With --watch, regdoc stays running
and rebuilds within a second of each save of the manifest, a data file or a
template of the project: each rebuild starts with the time and says what
changed and what it rebuilds; a warning already shown is counted, not
repeated; the first good build after an error says it is gone. Ctrl-C stops
it.`,
	examples: `  regdoc build                              build the project in this folder into ./out
  regdoc build my-product --watch           rebuild my-product as you edit it
  regdoc build . -o dist -q                 CI: write into dist, print only errors
  regdoc build . --only s222,s241           two documents only
  regdoc build . --emit md                  also write the composed Markdown beside each PDF
  regdoc build . --layout ectd -o dist/m3   the eCTD Module 3 folder tree, ready to file
`,
}

func runBuild(e env, args []string) error {
	fs := newFlags(e, "build", buildHelp)
	out := fs.String("o", "", "write the PDFs into `OUT` (default DIR/out)")
	emit := fs.String("emit", "", "extra outputs beside each PDF, comma-separated: `md` (the composed Markdown), html (a preview), trace (the numbers printed, with page and source)")
	layout := fs.String("layout", pipeline.LayoutFlat, "where the PDFs go: `flat` (all in OUT) or ectd (the eCTD Module 3 folder tree)")
	only := fs.String("only", "", "build only these documents: comma-separated `IDs` from the manifest")
	watchF := fs.Bool("watch", false, "keep running and rebuild what changed on every save")
	q := fs.Bool("q", false, "quiet: print nothing but errors")
	fs.BoolVar(q, "quiet", false, "quiet: print nothing but errors")
	v := fs.Bool("v", false, "verbose: also say what is read, checked and written")
	fs.BoolVar(v, "verbose", false, "verbose: also say what is read, checked and written")
	maxBytes := fs.Int64("max-file-size", 0, "largest data file accepted, in `bytes` (default 10 MB)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	verb, err := level(*q, *v)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError{fmt.Sprintf("build takes one project folder, got %d: %s", len(pos), strings.Join(pos, " "))}
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	date, err := sourceDate(e)
	if err != nil {
		return err
	}
	opt := pipeline.Options{Out: *out, Date: date}
	opt.Data.MaxBytes = *maxBytes
	if *emit != "" {
		opt.Emit = strings.Split(*emit, ",")
		for _, x := range opt.Emit {
			if x != "md" && x != "html" && x != "trace" {
				return usageError{fmt.Sprintf("--emit %q: the extra outputs are md, html and trace", x)}
			}
		}
	}
	if *layout != pipeline.LayoutFlat && *layout != pipeline.LayoutECTD {
		return usageError{fmt.Sprintf("--layout %q: use %s or %s", *layout, pipeline.LayoutFlat, pipeline.LayoutECTD)}
	}
	opt.Layout = *layout
	if *only != "" {
		opt.Only = strings.Split(*only, ",")
	}
	s, err := pipeline.NewSession(dir, opt)
	if err != nil {
		return err
	}
	b := &builder{e: e, s: s, verb: verb, st: style(e.color(e.stdout)), errSt: style(e.color(e.stderr))}
	if *watchF {
		return b.watch()
	}
	// Ctrl-C or SIGTERM stops the build and removes its temporary files;
	// a second one ends regdoc at once, as if it caught none.
	ctx, stop := e.interrupted()
	defer stop()
	context.AfterFunc(ctx, stop)
	b.ctx = ctx
	return b.build(nil)
}

// builder reports one build, or one after another in watch mode; the
// session decides what is built.
type builder struct {
	e          env
	ctx        context.Context // cancelled by Ctrl-C or SIGTERM
	s          *pipeline.Session
	verb       verbosity
	st, errSt  style
	watchFiles []string // the manifest, data files and project templates
	loaded     bool     // a project was read at least once
	// digest, in watch mode, remembers what the last build reported so a
	// rebuild prints only what is news; nil for a single build.
	digest *pipeline.WatchDigest
}

// build loads, checks and builds the project (only the documents in ids,
// when given, else those of -only or all), printing one line per document.
// It returns errInvalid when the data or a document is invalid, after
// saying why on stderr.
func (b *builder) build(ids []string) error {
	e := b.e
	start := time.Now()
	l, ds, err := b.s.Load()
	if err != nil {
		return err
	}
	if l != nil {
		b.loaded = true
		b.watchFiles = b.s.Inputs(l)
		if b.verb == verbose {
			fmt.Fprintf(e.stderr, "read %s: %s, %s\n", display(l.Project.File),
				diag.Plural(len(l.Project.Manifest.Data), "data file"), diag.Plural(len(l.Project.Manifest.Documents), "document"))
		}
	}
	if b.verb == quiet {
		ds = slices.DeleteFunc(ds, func(d diag.Diagnostic) bool { return !d.IsError() })
	}
	shown, unchanged := ds, 0
	if b.digest != nil {
		shown, unchanged = b.digest.Warnings(ds)
	}
	if len(shown) > 0 {
		var src *pipeline.Sources // what was read, quoted as read
		if l != nil {
			src = l.Sources
		}
		w := report.NewText(report.TextOptions{Source: src.Read, Open: report.OpenFile, Color: bool(b.errSt), NoSummary: true})
		diag.Sort(shown)
		if err := w.Write(e.stderr, nil, shown); err != nil {
			return err
		}
	}
	if unchanged > 0 {
		fmt.Fprintf(e.stderr, "%s\n", b.errSt.dim(fmt.Sprintf("%s unchanged since the last build, not shown again",
			diag.Plural(unchanged, "warning"))))
	}
	if l == nil || diag.HasErrors(ds, false) {
		n, _ := diag.Count(ds)
		b.failed(n)
		fmt.Fprintf(e.stderr, "%s %s in the data; nothing was built. Fix %s and build again.\n",
			b.errSt.red("regdoc build:"), diag.Plural(n, "error"), map[bool]string{true: "it", false: "them"}[n == 1])
		return errInvalid
	}
	docs := b.s.Documents(l, ids)
	if b.verb == verbose {
		for _, d := range docs {
			fmt.Fprintf(e.stderr, "compose %-16s template %s\n", d.ID, d.Template)
		}
	}
	// A bar for builds of many documents, on a terminal only: in a log it
	// would be noise.
	var bar *progress
	var onProgress func(done, total int, id string)
	if b.verb != quiet && len(docs) >= 4 && e.terminal(e.stderr) {
		bar = startProgress(e.stderr, "building "+diag.Plural(len(docs), "document"), 100*time.Millisecond)
		onProgress = func(done, total int, _ string) { bar.set(done, total) }
	}
	outs, err := b.s.Build(b.ctx, l, ids, onProgress)
	bar.end()
	if err != nil && pipeline.ClassOf(err) != pipeline.Invalid {
		// An I/O failure or an interruption: exit 2, with the message
		// saying what is on disk now.
		return err
	}
	if ds, ok := diag.FromError(err); ok {
		// Positioned problems in the documents: shown like the data's,
		// with the line they point at.
		w := report.NewText(report.TextOptions{Source: l.Sources.Read, Open: report.OpenFile, Color: bool(b.errSt), NoSummary: true})
		if werr := w.Write(e.stderr, nil, ds); werr != nil {
			return werr
		}
		fmt.Fprintf(e.stderr, "%s %s in the documents; nothing was written, the files of the last good build are unchanged.\n",
			b.errSt.red("regdoc build:"), diag.Plural(len(ds), "error"))
		b.failed(len(ds))
		return errInvalid
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%s %v\nNothing was written; the files of the last good build are unchanged.\n", b.errSt.red("regdoc build:"), err)
		b.failed(1)
		return errInvalid
	}
	gone := 0
	if b.digest != nil {
		gone = b.digest.Errors(0)
	}
	defer func() {
		if gone > 0 && b.verb != quiet {
			// Said last, where the eye lands after the list of PDFs.
			fmt.Fprintf(e.stdout, "%s\n", b.st.green(goneLine(gone)))
		}
	}()
	if b.verb == quiet {
		return nil
	}
	width := 0
	for _, o := range outs {
		width = max(width, len([]rune(display(o.Path))))
	}
	pages, bytes := 0, 0
	for _, o := range outs {
		name := display(o.Path)
		pad := strings.Repeat(" ", width-len([]rune(name)))
		unit := "pages"
		if o.Pages == 1 {
			unit = "page "
		}
		fmt.Fprintf(e.stdout, "%s%s  %3d %s  %7s  %s\n", b.st.bold(name), pad, o.Pages, unit,
			size(o.Bytes), b.st.dim(fmt.Sprintf("%7s", seconds(o.Duration))))
		pages += o.Pages
		bytes += o.Bytes
	}
	if b.verb == verbose || len(outs) > 1 {
		fmt.Fprintf(e.stdout, "%s, %s, %s in %s\n", b.st.green("built "+diag.Plural(len(outs), "document")),
			diag.Plural(pages, "page"), size(bytes), seconds(time.Since(start)))
	}
	return nil
}

// goneLine says that the n errors of the last build are fixed.
func goneLine(n int) string {
	if n == 1 {
		return "the error of the last build is gone"
	}
	return fmt.Sprintf("the %d errors of the last build are gone", n)
}

// failed records, in watch mode, that a build ended with n errors.
func (b *builder) failed(n int) {
	if b.digest != nil {
		b.digest.Errors(n)
	}
}

// watch builds, then rebuilds on every change until Ctrl-C. Errors are
// shown and watching goes on; the exit status is 0 when stopped.
func (b *builder) watch() error {
	e := b.e
	ctx, stop := e.interrupted()
	defer stop()
	b.ctx = ctx
	b.digest = &pipeline.WatchDigest{}
	b.watchFiles = b.s.Inputs(nil)
	if err := b.build(nil); err != nil && err != errInvalid {
		if !b.loaded {
			// A missing project folder or manifest cannot be watched
			// into existence: stop with the error.
			return err
		}
		// Writing failed (a full disk, a read-only folder): say so and
		// keep watching, the next save tries again.
		fmt.Fprintf(e.stderr, "%s %v\n", b.errSt.red("regdoc build:"), err)
	}
	b.waiting()
	err := b.s.Watch(ctx, func() []string { return b.watchFiles }, func(changed []string) {
		names := make([]string, len(changed))
		for i, f := range changed {
			names[i] = b.s.Relative(f)
		}
		ids := b.s.Affected(changed)
		what := "all documents"
		if ids != nil {
			what = strings.Join(ids, ", ")
		}
		// The time starts the line, so a writer glancing back at the
		// terminal sees whether the last save was rebuilt.
		fmt.Fprintf(e.stdout, "\n%s %s changed; rebuilding %s\n", b.st.dim(e.clock().Format(time.TimeOnly)), strings.Join(names, ", "), what)
		if err := b.build(ids); err != nil && err != errInvalid {
			fmt.Fprintf(e.stderr, "%s %v\n", b.errSt.red("regdoc build:"), err)
		}
		b.waiting()
	})
	fmt.Fprintln(e.stdout, "stopped watching")
	return err
}

func (b *builder) waiting() {
	fmt.Fprintf(b.e.stdout, "%s\n", b.st.dim(fmt.Sprintf("watching %s for changes; press Ctrl-C to stop", diag.Plural(len(b.watchFiles), "file"))))
}
