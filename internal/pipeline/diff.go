package pipeline

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/changes"
	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/mdpdf"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/internal/provenance"
	"github.com/regdoc/regdoc/internal/safefile"
	"github.com/regdoc/regdoc/internal/version"
)

// JustificationsName is the file in the proposed version's project folder
// that gives a writer's justification for each change, keyed by the
// change's key ('regdoc diff --format json' prints the keys):
//
//	{ "justifications": { "process/steps[P3]/parameters[P3-caprylate]/par": "…" } }
//
// A key may also name an item ("process/steps[P3]") and so justify every
// change inside it that has no justification of its own.
const JustificationsName = "justifications.json"

// DiffOptions control Diff.
type DiffOptions struct {
	// Justifications names the justifications file; "" means
	// JustificationsName in the proposed folder, when there is one.
	Justifications string
	// Pages compares each document's pages: both versions are typeset in
	// memory.
	Pages bool
	// OldName and NewName name the versions in the output ("" means the
	// folders).
	OldName, NewName string
}

// DocumentChange says how one document's text differs between versions.
type DocumentChange struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	CTDSection string `json:"ctd_section,omitempty"`
	Output     string `json:"output"`
	// Status is "changed", "unchanged", "added" or "removed".
	Status   string `json:"status"`
	OldPages int    `json:"old_pages"`
	NewPages int    `json:"new_pages"`
	// Pages lists the pages (1-based, of the proposed version; of the
	// approved one for pages it no longer has) whose text differs.
	Pages []int `json:"pages_changed"`
}

// DiffResult is what Diff found.
type DiffResult struct {
	Old     string                `json:"approved"`
	New     string                `json:"proposed"`
	Changes []changes.Change      `json:"changes"`
	Docs    []DocumentChange      `json:"documents,omitempty"`
	Notes   []diag.Diagnostic     `json:"-"`
	proj    *Loaded               // the proposed version
	old     *Loaded               // the approved version
	just    *justificationsSource // where justifications came from
}

type justificationsSource struct {
	name string
	src  []byte
}

// Diff compares the approved project in oldDir with the proposed one in
// newDir: their data by meaning (see package changes), the writer's
// justifications, and, with opt.Pages, every document's pages. Both
// versions must be valid, as for a build; their problems come back as
// diagnostics with an Invalid error.
func Diff(oldDir, newDir string, opt DiffOptions) (*DiffResult, []diag.Diagnostic, error) {
	set, err := Compile()
	if err != nil {
		return nil, nil, err
	}
	load := func(dir, which string) (*Loaded, []diag.Diagnostic, error) {
		l, ds, err := Load(dir, set, dataset.Options{})
		if err != nil {
			return nil, ds, err
		}
		if l == nil || diag.HasErrors(ds, false) {
			return nil, ds, invalid(fmt.Errorf("the %s version %s is invalid; fix its data first ('regdoc validate %s')", which, dir, dir))
		}
		return l, ds, nil
	}
	ol, ods, err := load(oldDir, "approved")
	if err != nil {
		return nil, ods, err
	}
	nl, nds, err := load(newDir, "proposed")
	if err != nil {
		return nil, nds, err
	}
	r := &DiffResult{Old: opt.OldName, New: opt.NewName, proj: nl, old: ol}
	if r.Old == "" {
		r.Old = oldDir
	}
	if r.New == "" {
		r.New = newDir
	}
	ov, om, err := dataVersion(ol)
	if err != nil {
		return nil, nil, err
	}
	nv, nm, err := dataVersion(nl)
	if err != nil {
		return nil, nil, err
	}
	r.Changes, err = changes.Compare(ov, nv)
	if err != nil {
		return nil, nil, invalid(err)
	}
	// Pointers into the data as the model reads them become pointers
	// into the files as written, with their places.
	for i := range r.Changes {
		c := &r.Changes[i]
		if m := om[c.Kind]; m != nil && c.OldPointer != "" {
			c.OldPlace = m.place(c.OldPointer)
			c.OldPointer = m.filePointer(c.OldPointer)
		}
		if m := nm[c.Kind]; m != nil && c.NewPointer != "" {
			c.NewPlace = m.place(c.NewPointer)
			c.NewPointer = m.filePointer(c.NewPointer)
		}
	}
	jds, err := r.justify(nl, opt.Justifications)
	if err != nil {
		return nil, jds, err
	}
	r.Notes = jds
	if opt.Pages {
		if r.Docs, err = comparePages(ol, nl); err != nil {
			return nil, nil, err
		}
	}
	return r, jds, nil
}

// dataVersion is a loaded project's data as package changes reads them:
// each file as the build reads it (see dataMeaning), so a member written
// under its old name, or a default written out, is no change.
func dataVersion(l *Loaded) (changes.Version, map[string]*meaning, error) {
	v := changes.Version{Data: map[string][]byte{}, Files: map[string]string{}}
	ms := map[string]*meaning{}
	for kind, doc := range l.Docs {
		file := l.Project.Manifest.Data[kind]
		m, err := dataMeaning(kind, file, doc)
		if err != nil {
			return v, nil, fmt.Errorf("%s: %w", doc.File, err)
		}
		ms[kind] = m
		v.Data[kind] = m.src
		v.Files[kind] = file
	}
	for _, d := range l.Project.Manifest.Documents {
		if d.CTDSection != "" {
			v.Sections = append(v.Sections, d.CTDSection)
		}
	}
	return v, ms, nil
}

// justify reads the justifications file and gives each change its
// justification: the one keyed by the change, else the one keyed by the
// nearest item containing it. A justification that matches no change is
// a warning at its key (a change was dropped, or the key mistyped).
func (r *DiffResult) justify(l *Loaded, file string) ([]diag.Diagnostic, error) {
	var (
		src     []byte
		display string
		err     error
	)
	if file == "" {
		display = l.Project.Display(JustificationsName)
		src, err = l.Project.ReadFile(JustificationsName, project.MaxTemplateBytes)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
	} else {
		display = file
		src, err = safefile.ReadRegular(file, project.MaxTemplateBytes)
	}
	if err != nil {
		return nil, ioFailure(fmt.Errorf("justifications: %w", err))
	}
	r.just = &justificationsSource{name: display, src: src}
	doc, ds := dataset.Parse(display, src, dataset.Options{})
	if doc == nil || diag.HasErrors(ds, false) {
		return ds, invalid(fmt.Errorf("%s is not valid JSON", display))
	}
	var f struct {
		Justifications map[string]any `json:"justifications"`
	}
	top, ok := doc.Value.(map[string]any)
	if !ok {
		return []diag.Diagnostic{doc.Diag(diag.Error, "diff/justifications", "", `a justifications file is an object: { "justifications": { "CHANGE KEY": "text" } }`)}, invalid(errors.New(display + " is not a justifications file"))
	}
	for k := range top {
		if k != "justifications" && k != "$schema" {
			ds = append(ds, doc.Diag(diag.Error, "diff/justifications", "/"+k, fmt.Sprintf(`unknown member %q; the justifications go in "justifications", keyed by change`, k)))
		}
	}
	if err := json.Unmarshal(src, &f); err != nil {
		ds = append(ds, doc.Diag(diag.Error, "diff/justifications", "/justifications", `"justifications" maps each change key to its justification text`))
	}
	texts := map[string]string{}
	for k, v := range f.Justifications {
		s, ok := v.(string)
		if !ok {
			ds = append(ds, doc.Diag(diag.Error, "diff/justifications", "/justifications/"+escapePointer(k), "a justification is text (a JSON string)"))
			continue
		}
		texts[k] = s
	}
	if diag.HasErrors(ds, false) {
		return ds, invalid(fmt.Errorf("%s has problems; fix them and run diff again", display))
	}
	used := map[string]bool{}
	for i := range r.Changes {
		key := r.Changes[i].Key
		for k := key; ; {
			if t, ok := texts[k]; ok {
				r.Changes[i].Justification = t
				used[k] = true
				break
			}
			cut := strings.LastIndexAny(k, "/[")
			if cut <= 0 {
				break
			}
			k = k[:cut]
		}
	}
	var keys []string
	for k := range texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !used[k] {
			d := doc.Diag(diag.Warning, "diff/unused-justification", "/justifications/"+escapePointer(k),
				fmt.Sprintf("no change has the key %q; see the keys with 'regdoc diff --format json', and remove justifications of changes no longer made", k))
			d.Line, d.Col = doc.LocateKey(d.Pointer) // the key is what is wrong
			ds = append(ds, d)
		}
	}
	return ds, nil
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// comparePages typesets every document of both versions in memory and
// compares their text page by page; documents are matched by id.
func comparePages(ol, nl *Loaded) ([]DocumentChange, error) {
	texts := func(l *Loaded) (map[string][]string, error) {
		date, err := l.DocumentDate(time.Time{})
		if err != nil {
			return nil, invalid(err)
		}
		docs := l.Project.Manifest.Documents
		out := make([][]string, len(docs))
		errs := make([]error, len(docs))
		parallel(len(docs), 0, func(i int) {
			d := docs[i]
			_, pdf, _, err := l.typesetDocument(d, date)
			if err == nil {
				out[i], err = canvas.PageTexts(pdf)
			}
			// The running header and footer are left out: a new date or
			// version in the manifest, or a page more, is not a change of
			// every page's text.
			if err == nil && d.Style != StyleDrawings {
				furn := l.furniture(d, date)
				for p := range out[i] {
					out[i][p] = dropFurniture(out[i][p], furn+pageLabel(d.Style, p+1, len(out[i])))
				}
			}
			errs[i] = err
		})
		m := map[string][]string{}
		for i, d := range docs {
			if errs[i] != nil {
				return nil, fmt.Errorf("%s: document %s: %w", l.Project.File, d.ID, errs[i])
			}
			m[d.ID] = out[i]
		}
		return m, nil
	}
	oldText, err := texts(ol)
	if err != nil {
		return nil, err
	}
	newText, err := texts(nl)
	if err != nil {
		return nil, err
	}
	var out []DocumentChange
	seen := map[string]bool{}
	add := func(d project.Document) {
		seen[d.ID] = true
		o, inOld := oldText[d.ID]
		n, inNew := newText[d.ID]
		dc := DocumentChange{ID: d.ID, Title: d.Title, CTDSection: d.CTDSection, Output: d.Output, OldPages: len(o), NewPages: len(n)}
		switch {
		case !inOld:
			dc.Status = "added"
		case !inNew:
			dc.Status = "removed"
		default:
			for p := 0; p < len(o) || p < len(n); p++ {
				if p >= len(o) || p >= len(n) || o[p] != n[p] {
					dc.Pages = append(dc.Pages, p+1)
				}
			}
			dc.Status = "unchanged"
			if len(dc.Pages) > 0 {
				dc.Status = "changed"
			}
		}
		out = append(out, dc)
	}
	for _, d := range nl.Project.Manifest.Documents {
		add(d)
	}
	for _, d := range ol.Project.Manifest.Documents {
		if !seen[d.ID] {
			add(d)
		}
	}
	return out, nil
}

//go:embed summary-of-changes.md
var summaryTemplate string

// summaryRow is one line of the Summary of Changes table.
type summaryRow struct {
	N                               int
	Change, Section, Old, New, Just string
}

// summaryDoc is one line of the documents table.
type summaryDoc struct {
	Title, Section, Pages string
}

// SummaryPDF typesets the Summary of Changes: a table of every change with
// its CTD section, the approved and proposed values and the writer's
// justification, then the documents whose pages changed. It is dated
// date (zero: the proposed manifest's date) and carries a provenance
// record of the proposed version's manifest, data and justifications.
func (r *DiffResult) SummaryPDF(date time.Time) ([]byte, error) {
	l := r.proj
	date, err := l.DocumentDate(date)
	if err != nil {
		return nil, invalid(err)
	}
	data := struct {
		Project, Old, New string
		Changes           []summaryRow
		Docs              []summaryDoc
		Compared          bool
	}{Project: l.Project.Manifest.Project, Old: r.Old, New: r.New, Compared: r.Docs != nil}
	dash := func(s string) string {
		if s == "" {
			return "–"
		}
		return s
	}
	for i, c := range r.Changes {
		what := strings.ToUpper(c.Action[:1]) + c.Action[1:] + ": " + c.What
		if c.Includes != "" {
			what += ", " + c.Includes
		}
		data.Changes = append(data.Changes, summaryRow{N: i + 1, Change: what, Section: dash(c.Section), Old: dash(c.Old), New: dash(c.New), Just: dash(c.Justification)})
	}
	for _, d := range r.Docs {
		if d.Status == "unchanged" {
			continue
		}
		pages := d.Status
		if d.Status == "changed" {
			word := "pages "
			if len(d.Pages) == 1 {
				word = "page "
			}
			pages = word + pageList(d.Pages) + fmt.Sprintf(" of %d", d.NewPages)
			if d.OldPages != d.NewPages {
				pages += fmt.Sprintf(" (%d before)", d.OldPages)
			}
		}
		data.Docs = append(data.Docs, summaryDoc{Title: d.Title, Section: dash(d.CTDSection), Pages: pages})
	}
	t, err := mdtemplate.Parse("summary-of-changes.md", summaryTemplate, nil)
	if err != nil {
		return nil, err
	}
	md, err := t.Render(data)
	if err != nil {
		return nil, err
	}
	m := l.Project.Manifest
	// The summary prints data of both versions: illustrative data in
	// either makes it illustrative, as every page built from them is.
	notice := ""
	if m.Illustrative || (r.old != nil && r.old.Project.Manifest.Illustrative) {
		notice = illustrativeNotice
	}
	opt := pdfOptions("summary-of-changes.md", "ctd", m.Paper, false, nil, mdpdf.Metadata{Title: "Summary of Changes", Author: m.Author, Subject: "Summary of changes, " + m.Project, Keywords: m.Project,
		Confidentiality: m.Confidentiality, Notice: notice, Draft: m.Status == "draft", Date: date})
	opt.FallbackFont = l.font
	pdf, _, err := typeset(md, opt)
	if err != nil {
		return nil, err
	}
	rec := provenance.Record{Version: version.Version}
	rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleManifest, Name: project.ManifestName, SHA256: provenance.Hash(l.Project.Doc.Src)})
	for _, rel := range m.Data {
		if src, err := l.Sources.Read(l.Project.Display(rel)); err == nil {
			rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleData, Name: filepath.ToSlash(filepath.Clean(rel)), SHA256: provenance.Hash(src)})
		}
	}
	if r.just != nil {
		if rel, err := filepath.Rel(filepath.Dir(l.Project.File), r.just.name); err == nil && !strings.HasPrefix(rel, "..") {
			rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleData, Name: filepath.ToSlash(rel), SHA256: provenance.Hash(r.just.src)})
		}
	}
	rec.Inputs = append(rec.Inputs, provenance.Input{Role: provenance.RoleFont, Name: provenance.BuiltinFonts, Builtin: true})
	return stamp(pdf, rec.Sorted())
}

// pageList prints page numbers with runs as ranges: "2–4, 7".
func pageList(ps []int) string {
	var b bytes.Buffer
	for i := 0; i < len(ps); {
		j := i
		for j+1 < len(ps) && ps[j+1] == ps[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		if j > i {
			fmt.Fprintf(&b, "%d–%d", ps[i], ps[j])
		} else {
			fmt.Fprintf(&b, "%d", ps[i])
		}
		i = j + 1
	}
	return b.String()
}

// summaryExample is the file the refusals suggest instead.
const summaryExample = "out/summary-of-changes.pdf"

// CheckSummaryTarget refuses a --pdf FILE the Summary of Changes must not
// replace, before anything is written: an input of either version (the
// manifest, a data file, a template, the font, the justifications file),
// a folder, or any existing file that is not a PDF regdoc wrote — a
// summary written before is replaced, nothing else is. A refusal is
// exit 2 and says what to do.
func (r *DiffResult) CheckSummaryTarget(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		// A new file: its folder must exist or be creatable. A file where
		// one of its folders belongs is said as such, not as ENOTDIR.
		for d := filepath.Dir(path); ; d = filepath.Dir(d) {
			if dst, derr := os.Stat(d); derr == nil {
				if !dst.IsDir() {
					return ioFailure(fmt.Errorf("cannot write the Summary of Changes to %s: cannot create the folder %s, as %s is a file, not a folder; nothing was written — name a PDF file in a folder you can write to", path, filepath.Dir(path), d))
				}
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return ioFailure(fmt.Errorf("cannot write the Summary of Changes to %s (%v); nothing was written — name a PDF file in a folder you can write to", path, unwrapPath(err)))
	}
	if st.IsDir() {
		return refusef("--pdf %s is a folder, so nothing was written; name a PDF file in it, such as %s", path, filepath.Join(path, "summary-of-changes.pdf"))
	}
	for _, in := range r.inputs() {
		if ist, err := os.Stat(in.path); err == nil && os.SameFile(st, ist) {
			return refusef("--pdf %s is %s of the %s version; writing the Summary of Changes there would destroy it, so nothing was written — name a new file, such as %s", path, in.what, in.version, summaryExample)
		}
	}
	b, err := safefile.ReadRegular(path, maxVerifyPDF)
	if err == nil {
		_, err = provenance.Read(b)
	}
	if err != nil {
		return refusef("--pdf %s exists and is not a PDF regdoc wrote: %v. regdoc replaces only its own PDFs, so nothing was written; name a new file, such as %s, or move %s away first", path, unwrapPath(err), summaryExample, path)
	}
	return nil
}

// summaryInput is one file a diff read, for the refusal to overwrite it.
type summaryInput struct{ path, what, version string }

// inputs are the files of both versions the diff read or names: manifest,
// data files, project templates, the font and the justifications file.
func (r *DiffResult) inputs() []summaryInput {
	var out []summaryInput
	for _, v := range []struct {
		l    *Loaded
		name string
	}{{r.proj, "proposed"}, {r.old, "approved"}} {
		if v.l == nil {
			continue
		}
		p := v.l.Project
		out = append(out, summaryInput{p.File, "the manifest " + project.ManifestName, v.name})
		for _, rel := range p.Manifest.Data {
			out = append(out, summaryInput{p.Display(rel), "the data file " + filepath.ToSlash(rel), v.name})
		}
		for _, d := range p.Manifest.Documents {
			out = append(out, summaryInput{p.Display(d.Template), "the template " + filepath.ToSlash(d.Template), v.name})
		}
		if p.Manifest.Font != "" {
			out = append(out, summaryInput{p.Display(p.Manifest.Font), "the font " + filepath.ToSlash(p.Manifest.Font), v.name})
		}
	}
	if r.just != nil {
		out = append(out, summaryInput{r.just.name, "the justifications file", "proposed"})
	}
	return out
}

// WriteSummary writes the Summary of Changes PDF atomically to path, once
// CheckSummaryTarget allows it, creating its folder when missing.
func (r *DiffResult) WriteSummary(path string, pdf []byte) error {
	if err := r.CheckSummaryTarget(path); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ioFailure(fmt.Errorf("cannot write the Summary of Changes to %s: cannot create the folder %s (%v); nothing was written — name a PDF file in a folder you can write to", path, dir, unwrapPath(err)))
	}
	if err := WriteAtomic(path, pdf); err != nil {
		reason := err
		var ioe *IOError
		if errors.As(err, &ioe) {
			reason = unwrapPath(ioe.Err)
		}
		return ioFailure(fmt.Errorf("cannot write the Summary of Changes to %s (%v); nothing was written — name a PDF file in a folder you can write to", path, reason))
	}
	return nil
}
