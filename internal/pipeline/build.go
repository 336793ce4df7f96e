// Package pipeline is the one door into regdoc for every command. It loads
// and checks a project's manifest and data, composes each document's
// Markdown from its template, typesets it and writes the PDFs — all of them
// or none (Build); it typesets a single Markdown file the same way
// (RenderFile), checks files and folders (Validate), decides what a watch
// polls and what a change rebuilds (Session), scaffolds a new project
// (Init), exports the built-in templates and schemas, and describes the
// binary (Describe). Every failure it returns carries a Class, which the
// command line maps to an exit code; the command line itself decides
// nothing else.
package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/checks"
	"github.com/regdoc/regdoc/internal/claimsupport"
	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/mdpdf"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/internal/safefile"
	"github.com/regdoc/regdoc/internal/schema"
	"github.com/regdoc/regdoc/internal/trace"
	"github.com/regdoc/regdoc/schemas"
	"github.com/regdoc/regdoc/templates"
)

// Options control a build.
type Options struct {
	// Out is the output folder; "" means DIR/out.
	Out string
	// Date overrides the manifest's date (e.g. from SOURCE_DATE_EPOCH).
	Date time.Time
	// Limits for reading data files.
	Data dataset.Options
	// Jobs is the number of documents typeset at once; 0 means all cores.
	Jobs int
	// Emit lists extra outputs beside each PDF: "md" writes the composed
	// Markdown (for review and diffs), "html" a preview rendered by goldmark,
	// "trace" the numbers the document prints with their pages and sources.
	Emit []string
	// Layout is LayoutFlat (default) or LayoutECTD.
	Layout string
	// Only limits the build to these document ids.
	Only []string
	// Progress, when set, is called as each document finishes typesetting
	// (done of total, in completion order), one call at a time, so a
	// terminal can show how far a build of many documents has come.
	Progress func(done, total int, id string)
}

// Output describes one written document.
type Output struct {
	ID       string
	Path     string
	Pages    int
	Bytes    int
	Duration time.Duration
}

// Loaded is a project whose manifest and data passed their schemas and checks.
type Loaded struct {
	Project *project.Project
	Model   *model.Project
	Docs    map[string]*dataset.Document // by data kind
	// Sources holds every file read, for the error printer to quote.
	Sources *Sources
	// RulesRun is set once the reviewer's cross-file rules have run; they
	// do not when errors leave the data incomplete, and then a file
	// without problems of its own was not checked in full.
	RulesRun bool

	// font is the manifest's fallback font, read and checked once.
	font []byte
	// exhibitText caches the exhibit's paragraphs for the claim chart.
	exhibitText exhibitText

	// traceIx indexes the model's data for --emit trace, made once.
	traceOnce sync.Once
	traceIx   *trace.Index
}

// Compile compiles the embedded schemas. Callers that validate or build
// many projects compile once and share the set.
func Compile() (*schema.Set, error) {
	return schema.Compile(schemas.FS)
}

// Load reads a project folder: manifest, data files, schemas, reviewer
// checks. Diagnostics report every problem found. Loaded is nil when the
// manifest itself could not be read; when diagnostics hold errors the
// project must not be built (its model may be incomplete).
func Load(dir string, set *schema.Set, opt dataset.Options) (*Loaded, []diag.Diagnostic, error) {
	p, ds, err := project.Load(dir, set, opt)
	if err != nil || p == nil {
		return nil, ds, err
	}
	l := &Loaded{Project: p, Docs: map[string]*dataset.Document{}, Sources: NewSources()}
	l.Sources.add(p.File, p.Doc.Src)
	m := p.Manifest
	l.Model = &model.Project{
		Name: m.Project, Sponsor: m.Sponsor, Author: m.Author, Date: m.Date, Status: m.Status,
		Confidentiality: m.Confidentiality, Illustrative: m.Illustrative,
	}
	for _, d := range m.Documents {
		l.Model.Sections = append(l.Model.Sections, d.CTDSection)
	}
	if diag.HasErrors(ds, false) {
		return l, ds, nil
	}
	if m.Font != "" {
		font, fd, err := readFont(p, m.Font)
		if err != nil {
			return nil, ds, err
		}
		if fd != nil {
			ds = append(ds, *fd)
		}
		l.font = font
	}
	for _, k := range model.Kinds() {
		kind := k.Name
		rel, ok := m.Data[kind]
		if !ok {
			continue
		}
		if _, err := p.Resolve(rel); err != nil {
			continue // reported by project.Load
		}
		display := p.Display(rel)
		src, err := p.ReadFile(rel, opt.Limit())
		var tooLarge *safefile.TooLargeError
		var notRegular *safefile.NotRegularError
		switch {
		case errors.As(err, &tooLarge):
			ds = append(ds, project.TooLargeDiag(tooLarge))
			continue
		case errors.As(err, &notRegular) || errors.Is(err, fs.ErrNotExist):
			// A missing file, or a folder or FIFO where a file belongs, is
			// a mistake in the manifest.
			ds = append(ds, p.Doc.Diag(diag.Error, "io/read", "/data/"+kind, fmt.Sprintf("cannot read %s: %v%s", display, readReason(err), pathHint(p.Folder().FS(), "", rel))))
			continue
		case err != nil:
			// A file that exists but cannot be read (permissions, a
			// failing disk, a symbolic link out of the project swapped in
			// after the manifest was checked) is an I/O problem, not
			// invalid data: exit 2, as 'regdoc validate FILE' gives.
			d := p.Doc.Diag(diag.Error, "io/read", "/data/"+kind, fmt.Sprintf("cannot read %s: %v", display, readReason(err)))
			return nil, ds, &IOError{Diagnostic: d, Err: err}
		}
		l.Sources.add(display, src)
		doc, fds := dataset.Parse(display, src, opt)
		ds = append(ds, fds...)
		if doc == nil {
			continue
		}
		ds = append(ds, validateAgainst(set, doc, k.Schema)...)
		l.Docs[kind] = doc
	}
	if diag.HasErrors(ds, false) {
		return l, ds, nil
	}
	for _, k := range model.Kinds() {
		if doc, ok := l.Docs[k.Name]; ok {
			if err := l.Model.Decode(k.Name, doc.Src); err != nil {
				return nil, ds, fmt.Errorf("%s: %w", doc.File, err)
			}
		}
	}
	ds = append(ds, checks.Run(checks.Input{Project: l.Model, Docs: l.Docs})...)
	l.RulesRun = true
	ds = append(ds, l.checkPlacement()...)
	return l, ds, nil
}

// readFont reads the manifest's fallback font through the project's root
// and within project.MaxFontBytes, and checks that it is a TrueType font the
// typesetter can use, as 'regdoc render --font' does. A font that is
// missing, too large or not a font is a problem at the manifest's "font";
// only a file that exists but cannot be read is an I/O error.
func readFont(p *project.Project, rel string) ([]byte, *diag.Diagnostic, error) {
	display := p.Display(rel)
	problem := func(code, msg string) *diag.Diagnostic {
		d := p.Doc.Diag(diag.Error, code, "/font", msg)
		return &d
	}
	if _, err := p.Resolve(rel); err != nil {
		return nil, problem("io/read", fmt.Sprintf("font %s: %v; name a TrueType font file inside the project folder", rel, err)), nil
	}
	font, err := p.ReadFile(rel, project.MaxFontBytes)
	var tooLarge *safefile.TooLargeError
	var notRegular *safefile.NotRegularError
	switch {
	case errors.As(err, &tooLarge):
		return nil, problem("io/too-large", fmt.Sprintf("font %s is larger than %d MiB; name a TrueType font file", display, project.MaxFontBytes>>20)), nil
	case errors.As(err, &notRegular) || errors.Is(err, fs.ErrNotExist):
		return nil, problem("io/read", fmt.Sprintf("cannot read font %s: %v%s; name a TrueType font file inside the project folder", display, readReason(err), pathHint(p.Folder().FS(), "", rel))), nil
	case err != nil:
		d := p.Doc.Diag(diag.Error, "io/read", "/font", fmt.Sprintf("cannot read font %s: %v", display, readReason(err)))
		return nil, nil, &IOError{Diagnostic: d, Err: err}
	}
	if err := canvas.NewFonts().SetFallback(font); err != nil {
		return nil, problem("manifest/font", fmt.Sprintf("font %s: %v; name a TrueType (.ttf) font file", display, err)), nil
	}
	return font, nil, nil
}

// checkPlacement checks that every document has a place in the eCTD tree
// ('regdoc build --layout ectd'): a CTD section with a Module 3 folder and
// a path within the eCTD length limit. A manifest that cannot be filed is
// wrong whatever the layout of one build, so validate and every build
// refuse it alike, at the manifest entry.
func (l *Loaded) checkPlacement() []diag.Diagnostic {
	var ds []diag.Diagnostic
	for i, d := range l.Project.Manifest.Documents {
		if _, err := l.outputPath(d, LayoutECTD); err != nil {
			ptr := fmt.Sprintf("/documents/%d/output", i)
			if d.CTDSection != "" && strings.Contains(err.Error(), "no eCTD") {
				ptr = fmt.Sprintf("/documents/%d/ctd_section", i)
			}
			ds = append(ds, l.Project.Doc.Diag(diag.Error, "manifest/ectd", ptr, fmt.Sprintf("document %s: %v", d.ID, err)))
		}
	}
	return ds
}

// IOError is an I/O failure: a data file that exists but cannot be read,
// or an output that cannot be written (a full disk, a read-only folder, a
// file where a folder belongs). Its diagnostic says what and where — the
// manifest entry naming an unreadable file, the output that could not be
// written and what the failure left on disk — and callers treat it as an
// I/O error (exit 2), not invalid data.
type IOError struct {
	Diagnostic diag.Diagnostic
	Err        error // the underlying error, for errors.Is
}

func (e *IOError) Error() string { return e.Diagnostic.String() }

func (e *IOError) Unwrap() error { return e.Err }

// readReason is why a file could not be read, without the path the
// message already names.
func readReason(err error) error {
	var nr *safefile.NotRegularError
	if errors.As(err, &nr) {
		return fmt.Errorf("it is %s, not a regular file; regdoc reads only regular files", nr.Kind())
	}
	if errors.Is(err, fs.ErrNotExist) {
		return errors.New("no such file")
	}
	return unwrapPath(err)
}

// validateAgainst validates doc against the schema its "$schema" names,
// and reports when that is not the schema its place in the manifest needs.
func validateAgainst(set *schema.Set, doc *dataset.Document, want string) []diag.Diagnostic {
	ref, key, problem := declaredSchema(set, doc)
	if problem != nil {
		return problem
	}
	if ref != "" {
		if filepath.Base(key) != want {
			wantKey, _ := set.Lookup(want)
			return []diag.Diagnostic{doc.Diag(diag.Error, "schema/kind", "/$schema", fmt.Sprintf("this file follows %s, but the manifest uses it where %s is needed", filepath.Base(key), filepath.Base(wantKey)))}
		}
	}
	key, ok := set.Lookup(want)
	if !ok {
		return []diag.Diagnostic{doc.Diag(diag.Error, "schema/unknown", "", "no schema "+want)}
	}
	return set.Validate(doc, key)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// TemplateData is what a document template sees: the project's data and
// derived values (promoted from model.Project) and the document's own
// manifest entry.
type TemplateData struct {
	*model.Project
	Document project.Document
	// chart judges the claims against the exhibit; nil outside a project.
	chart func() (*claimsupport.Chart, error)
	// views names the drawings' figures; nil outside a project.
	views func() ([]DrawingView, error)
}

// DrawingViews names the figures of the project's drawing sheets as drawn
// ("FIGS. 1A–1B", "FIG. 2"), in order, for the brief description of the
// drawings; nil when the project has no drawings document.
func (t TemplateData) DrawingViews() ([]DrawingView, error) {
	if t.views == nil {
		return nil, nil
	}
	return t.views()
}

// SupportChart is every claim element judged against the exhibit's own
// numbered paragraphs (package claimsupport); nil when the project has no
// claims or no exhibit.
func (t TemplateData) SupportChart() (*claimsupport.Chart, error) {
	if t.chart == nil {
		return nil, nil
	}
	return t.chart()
}

// Compose runs a document's template and returns its Markdown.
func (l *Loaded) Compose(d project.Document) ([]byte, error) {
	t, err := l.parseTemplate(d.Template)
	if err != nil {
		return nil, err
	}
	return t.Render(l.templateData(d))
}

// templateData is what document d's template sees, the same for every
// composition of it (typesetting, tracing).
func (l *Loaded) templateData(d project.Document) TemplateData {
	data := TemplateData{Project: l.Model, Document: d}
	if d.Template != ExhibitTemplate {
		// The exhibit is what the chart reads; it cannot read itself.
		data.chart = l.ClaimChart
	}
	if d.Style != StyleDrawings {
		data.views = l.drawingViews
	}
	return data
}

// parseTemplate finds a template: a file of that path inside the project
// overrides the built-in of the same name.
func (l *Loaded) parseTemplate(name string) (*mdtemplate.Template, error) {
	if _, err := l.Project.Resolve(name); err != nil {
		return nil, err
	}
	src, err := l.Project.ReadFile(name, project.MaxTemplateBytes)
	if err == nil {
		// Named as the user reaches it (relative or absolute), so an
		// error reads "my-project/custom.md:5:10".
		l.Sources.add(l.Project.Display(name), src)
		return mdtemplate.Parse(l.Project.Display(name), string(src), nil)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		// A project file of that name that cannot be read is not quietly
		// replaced by the built-in.
		return nil, err
	}
	src, err = fs.ReadFile(templates.FS, name)
	if err != nil {
		hint := pathHint(l.Project.Folder().FS(), "", name)
		if hint == "" {
			hint = pathHint(templates.FS, "", name)
		}
		return nil, fmt.Errorf("template %q: not in the project and not a built-in template (see 'regdoc templates')%s", name, hint)
	}
	return mdtemplate.Parse("templates/"+name, string(src), nil)
}

// PDFOptions maps a manifest document to typesetter options.
func (l *Loaded) PDFOptions(d project.Document, date time.Time) mdpdf.Options {
	m := l.Project.Manifest
	subject := d.Title
	if d.CTDSection != "" {
		subject = "CTD Module 3, section " + d.CTDSection
	} else if d.Style == "patent" {
		subject = "Patent exhibit"
	}
	keywords := m.Project
	if d.CTDSection != "" {
		keywords += ", " + d.CTDSection
	}
	notice := ""
	if m.Illustrative {
		notice = illustrativeNotice
	}
	opt := pdfOptions(composedName(d), d.Style, m.Paper, false, l.Project.FS(), mdpdf.Metadata{
		Title: d.Title, Author: m.Author, Subject: subject, Keywords: keywords,
		DocumentNumber: d.DocumentNumber, Version: d.Version,
		Confidentiality: m.Confidentiality, Notice: notice,
		Draft: m.Status == "draft", Date: date,
	})
	opt.FallbackFont = l.font
	return opt
}

// pdfOptions is the one place typesetter options are made, for a
// project's documents and for 'regdoc render' alike, so the two cannot
// drift apart: regdoc names itself as creator and producer here. file
// names the Markdown in the typesetter's problems.
func pdfOptions(file, style, paper string, toc bool, images fs.FS, meta mdpdf.Metadata) mdpdf.Options {
	meta.Creator, meta.Producer = producer, producer
	return mdpdf.Options{File: file, Style: mdpdf.Style(style), Paper: paper, TOC: toc, Images: images, Meta: meta}
}

// typeset turns composed Markdown into a PDF and its page count as the
// typesetter counted them: the one door to the typesetter, used by Build
// for every document and by RenderFile. A problem in the Markdown is an
// Invalid error made of positioned diagnostics.
func typeset(md []byte, opt mdpdf.Options) ([]byte, int, error) {
	pdf, pages, _, err := typesetReport(md, opt)
	return pdf, pages, err
}

// typesetReport is typeset that also returns the typesetter's warnings
// (front-matter keys it does not read), for render, where a writer's own
// Markdown may carry front matter.
func typesetReport(md []byte, opt mdpdf.Options) ([]byte, int, []diag.Diagnostic, error) {
	var buf bytes.Buffer
	res, err := mdpdf.Render(&buf, md, opt)
	if err != nil {
		return nil, 0, nil, invalid(err)
	}
	return buf.Bytes(), res.Pages, res.Warnings, nil
}

// DocumentDate is the date written into the PDFs: the override when set,
// else the manifest's date at noon UTC (noon, so no time zone moves it to
// another day).
func (l *Loaded) DocumentDate(override time.Time) (time.Time, error) {
	if !override.IsZero() {
		return override.UTC(), nil
	}
	t, err := time.Parse("2006-01-02", l.Project.Manifest.Date)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: date %q: %w", l.Project.File, l.Project.Manifest.Date, err)
	}
	return t.Add(12 * time.Hour), nil
}

// rendered is one document typeset in memory.
type rendered struct {
	doc      project.Document
	md       []byte
	pdf      []byte
	pages    int // as the typesetter counted them
	trace    []byte
	duration time.Duration
	err      error
}

// Build typesets every document of a loaded project and writes them: all
// or none (see BuildContext).
func (l *Loaded) Build(opt Options) ([]Output, error) {
	return l.BuildContext(context.Background(), opt)
}

// BuildContext typesets every document of a loaded project in memory, and
// only when every one succeeded writes the outputs — PDFs, --emit files,
// the eCTD tree — all or none: each is written and synced under a
// temporary name, and only then are they renamed over the earlier ones.
// A failure or a cancelled ctx (Ctrl-C, SIGTERM) before the renames
// removes the temporaries and leaves every earlier output as it was.
// Write failures are *IOError.
func (l *Loaded) BuildContext(ctx context.Context, opt Options) ([]Output, error) {
	date, err := l.DocumentDate(opt.Date)
	if err != nil {
		return nil, invalid(err)
	}
	docs := l.Project.Manifest.Documents
	if len(opt.Only) > 0 {
		docs = filterDocs(docs, opt.Only)
		if len(docs) == 0 {
			return nil, invalid(fmt.Errorf("no document with id %v in %s", opt.Only, l.Project.File))
		}
	}
	results := make([]rendered, len(docs))
	var (
		progMu   sync.Mutex
		finished int
	)
	parallel(len(docs), opt.Jobs, func(i int) {
		d := docs[i]
		if ctx.Err() != nil {
			results[i] = rendered{doc: d, err: ctx.Err()}
			return
		}
		start := time.Now()
		r := rendered{doc: d}
		r.md, r.pdf, r.pages, r.err = l.typesetDocument(d, date)
		if r.err == nil && slices.Contains(opt.Emit, "trace") {
			r.trace, r.err = l.traceDocument(d, r.md, r.pdf, date)
		}
		r.duration = time.Since(start)
		results[i] = r
		if opt.Progress != nil {
			progMu.Lock()
			finished++
			opt.Progress(finished, len(docs), d.ID)
			progMu.Unlock()
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, interrupted(err)
	}
	var problems diag.Problems
	for _, r := range results {
		if r.err != nil {
			problems = append(problems, l.documentProblems(r.doc, r.md, r.err)...)
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	// Every output path is known, and valid, before the first is written.
	rels := make([]string, len(results))
	for i, r := range results {
		rel, err := l.outputPath(r.doc, opt.Layout)
		if err != nil {
			return nil, invalid(err)
		}
		rels[i] = path.Clean(rel)
	}
	var pages [][]byte
	if slices.Contains(opt.Emit, "html") {
		pages = make([][]byte, len(results))
		for i, r := range results {
			if pages[i], err = htmlPreview(r.doc.Title, r.md); err != nil {
				return nil, invalid(fmt.Errorf("document %s: HTML preview: %w", r.doc.ID, err))
			}
		}
	}
	var set *outputSet
	if opt.Out == "" {
		set, err = openProjectOutput(l.Project.Folder(), filepath.Dir(l.Project.File), l.Project.Root)
	} else {
		set, err = openOutputDir(opt.Out)
	}
	if err != nil {
		return nil, err
	}
	defer set.close()
	unlock, err := lockFolder(ctx, set.root)
	if err != nil {
		set.abort()
		return nil, interrupted(err)
	}
	defer unlock()
	var outputs []Output
	for i, r := range results {
		rel := rels[i]
		stem := strings.TrimSuffix(rel, path.Ext(rel))
		files := [][2]string{{rel, ""}}
		if slices.Contains(opt.Emit, "md") {
			files = append(files, [2]string{stem + ".md", "md"})
		}
		if pages != nil {
			files = append(files, [2]string{stem + ".html", "html"})
		}
		if r.trace != nil {
			files = append(files, [2]string{stem + ".trace.json", "trace"})
		}
		for _, f := range files {
			data := r.pdf
			switch f[1] {
			case "md":
				data = r.md
			case "html":
				data = pages[i]
			case "trace":
				data = r.trace
			}
			if err := set.stage(ctx, f[0], data); err != nil {
				set.abort()
				if ctx.Err() != nil {
					return nil, interrupted(ctx.Err())
				}
				return nil, err
			}
		}
		outputs = append(outputs, Output{ID: r.doc.ID, Path: set.display(rel), Pages: r.pages, Bytes: len(r.pdf), Duration: r.duration})
	}
	if err := ctx.Err(); err != nil {
		set.abort()
		return nil, interrupted(err)
	}
	if err := set.commit(); err != nil {
		return nil, err
	}
	sort.SliceStable(outputs, func(i, j int) bool { return outputs[i].Path < outputs[j].Path })
	return outputs, nil
}

// interrupted is the error of a build stopped by its context before any
// output was replaced.
func interrupted(err error) error { return interruptedError{err} }

type interruptedError struct{ cause error }

func (e interruptedError) Error() string { return "interrupted; " + nothingWritten }

func (e interruptedError) Unwrap() error { return e.cause }

// typesetDocument composes and typesets one document in memory: its
// Markdown, its PDF and its number of pages.
func (l *Loaded) typesetDocument(d project.Document, date time.Time) (md, pdf []byte, pages int, err error) {
	md, err = l.Compose(d)
	if err != nil {
		return nil, nil, 0, err
	}
	// Markdown problems are positioned in the composed Markdown, under the
	// name --emit md gives it: the printer quotes it from here.
	l.Sources.add(composedName(d), md)
	var images *readLog
	if d.Style == StyleDrawings {
		var buf bytes.Buffer
		pages, err = l.renderDrawings(&buf, d, composedName(d), md, date)
		pdf = buf.Bytes()
	} else {
		opt := l.PDFOptions(d, date)
		images = newReadLog(opt.Images)
		opt.Images = images
		pdf, pages, err = typeset(md, opt)
	}
	if err != nil {
		return md, nil, 0, describeRenderError(d, err)
	}
	if pdf, err = stamp(pdf, l.record(d, images)); err != nil {
		return md, nil, 0, fmt.Errorf("document %s: %w", d.ID, err)
	}
	return md, pdf, pages, nil
}

// outputPath is where a document goes inside the output folder.
func (l *Loaded) outputPath(d project.Document, layout string) (string, error) {
	switch layout {
	case "", LayoutFlat:
		return d.Output, nil
	case LayoutECTD:
		m := l.Project.Manifest
		ds, dp := m.ECTD.Substance, m.ECTD.Product
		if ds == "" {
			ds = slug(m.Project)
		}
		if dp == "" {
			dp = slug(m.Project)
		}
		return ECTDPath(d.CTDSection, d.Output, ds, dp)
	}
	return "", fmt.Errorf("unknown layout %q: use %s or %s", layout, LayoutFlat, LayoutECTD)
}

// composedName names a document's composed Markdown in diagnostics: the
// file --emit md writes beside the PDF, which the positions refer to.
func composedName(d project.Document) string {
	return strings.TrimSuffix(d.Output, filepath.Ext(d.Output)) + ".md"
}

// describeRenderError says, in each Markdown problem, which template the
// composed Markdown came from and how to see it.
func describeRenderError(d project.Document, err error) error {
	ds, ok := diag.FromError(err)
	if !ok {
		return err
	}
	out := make(diag.Problems, len(ds))
	for i, p := range ds {
		p.Message += fmt.Sprintf(" (in the Markdown composed from template %s; build with --emit md to see it)", d.Template)
		out[i] = p
	}
	return out
}

func filterDocs(docs []project.Document, ids []string) []project.Document {
	var out []project.Document
	for _, d := range docs {
		if slices.Contains(ids, d.ID) {
			out = append(out, d)
		}
	}
	return out
}
