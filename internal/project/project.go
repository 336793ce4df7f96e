// Package project reads a project's manifest (regdoc.json) and resolves
// every path it names, keeping all of them inside the project root: a
// manifest or template can never make regdoc read or write outside the
// folder it describes.
package project

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/safefile"
	"github.com/regdoc/regdoc/internal/schema"
)

// ManifestName is the manifest's file name in a project folder.
const ManifestName = "regdoc.json"

// ManifestSchema is the schema key of the manifest.
const ManifestSchema = "manifest.schema.json"

// Manifest is the decoded regdoc.json.
type Manifest struct {
	Project         string            `json:"project"`
	Sponsor         string            `json:"sponsor"`
	Author          string            `json:"author"`
	Date            string            `json:"date"`
	Status          string            `json:"status"`
	Confidentiality string            `json:"confidentiality"`
	Illustrative    bool              `json:"illustrative"`
	Paper           string            `json:"paper"`
	Font            string            `json:"font"`
	ECTD            ECTDFolders       `json:"ectd"`
	Data            map[string]string `json:"data"`
	Documents       []Document        `json:"documents"`
}

// ECTDFolders names the eCTD drug-substance and drug-product folders.
type ECTDFolders struct {
	Substance string `json:"substance"`
	Product   string `json:"product"`
}

// Document is one output the manifest asks for.
type Document struct {
	ID             string `json:"id"`
	Template       string `json:"template"`
	Output         string `json:"output"`
	CTDSection     string `json:"ctd_section"`
	Title          string `json:"title"`
	Style          string `json:"style"`
	DocumentNumber string `json:"document_number"`
	Version        string `json:"version"`
}

// Project is a loaded, schema-valid manifest and the root it lives in.
type Project struct {
	Root     string // absolute, symlinks resolved
	File     string // the manifest path as the user gave it (for messages)
	Manifest Manifest
	Doc      *dataset.Document
	root     *os.Root // Root, opened: every project file is read through it
}

// Load reads DIR/regdoc.json, validates it against the manifest schema and
// checks that every data path stays inside the project. Problems in the
// manifest are diagnostics; err is for what stops reading altogether
// (missing folder, unreadable file).
func Load(dir string, schemas *schema.Set, opt dataset.Options) (*Project, []diag.Diagnostic, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, err
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	st, err := os.Stat(root)
	if err != nil {
		return nil, nil, fmt.Errorf("project folder %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, nil, fmt.Errorf("project folder %s: not a directory", dir)
	}
	file := filepath.Join(dir, ManifestName)
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, nil, fmt.Errorf("project folder %s: %w", dir, err)
	}
	src, err := safefile.ReadIn(r, ManifestName, file, opt.Limit())
	var tl *safefile.TooLargeError
	switch {
	case errors.As(err, &tl):
		return nil, []diag.Diagnostic{TooLargeDiag(tl)}, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, fmt.Errorf("%s: no %s here; create one with 'regdoc init %s'", dir, ManifestName, dir)
	case err != nil:
		return nil, nil, err
	}
	doc, ds := dataset.Parse(file, src, opt)
	if doc == nil {
		return nil, ds, nil
	}
	ds = append(ds, schemas.Validate(doc, ManifestSchema)...)
	if diag.HasErrors(ds, false) {
		return nil, ds, nil
	}
	p := &Project{Root: root, File: file, Doc: doc, root: r}
	if err := json.Unmarshal(doc.Src, &p.Manifest); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	for _, kind := range slices.Sorted(maps.Keys(p.Manifest.Data)) {
		if _, err := p.Resolve(p.Manifest.Data[kind]); err != nil {
			ds = append(ds, doc.Diag(diag.Error, "path/outside-project", "/data/"+kind, err.Error()))
		}
	}
	seen := map[string]int{}
	for i, d := range p.Manifest.Documents {
		if j, dup := seen[d.Output]; dup {
			ds = append(ds, doc.Diag(diag.Error, "manifest/duplicate-output", fmt.Sprintf("/documents/%d/output", i),
				fmt.Sprintf("output %q is also written by document %d (%s)", d.Output, j, p.Manifest.Documents[j].ID)))
		}
		seen[d.Output] = i
		if strings.Contains(d.Template, "..") || path.IsAbs(d.Template) || filepath.IsAbs(d.Template) {
			ds = append(ds, doc.Diag(diag.Error, "path/outside-project", fmt.Sprintf("/documents/%d/template", i),
				fmt.Sprintf("template %q must be a built-in name or a path inside the project", d.Template)))
		}
	}
	return p, ds, nil
}

// Resolve turns a manifest path into an absolute path inside the project.
// Absolute paths, ".." segments and symbolic links that lead out of the
// root are refused before anything is read or written.
func (p *Project) Resolve(rel string) (string, error) {
	return Contain(p.Root, rel)
}

// Contain resolves rel against root and refuses any result outside root,
// following symbolic links of the parts that exist.
func Contain(root, rel string) (string, error) {
	if rel == "" {
		return "", fmt.Errorf("empty path")
	}
	if filepath.IsAbs(rel) || path.IsAbs(rel) || filepath.VolumeName(rel) != "" {
		return "", fmt.Errorf("path %q is absolute; paths in a project are relative to its folder", rel)
	}
	clean := filepath.Clean(filepath.FromSlash(rel))
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("path %q leads outside the project folder", rel)
	}
	full := filepath.Join(root, clean)
	// Resolve symlinks on the longest existing prefix.
	probe := full
	var rest []string
	for {
		if r, err := filepath.EvalSymlinks(probe); err == nil {
			resolved := filepath.Join(append([]string{r}, rest...)...)
			if !inside(root, resolved) {
				return "", fmt.Errorf("path %q leads outside the project folder through a symbolic link", rel)
			}
			return resolved, nil
		}
		parent := filepath.Dir(probe)
		if parent == probe {
			break
		}
		rest = append([]string{filepath.Base(probe)}, rest...)
		probe = parent
	}
	return full, nil
}

func inside(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

// tooLargeMessage is the json/too-large message for a file over its limit.
func tooLargeMessage(e *safefile.TooLargeError) string {
	if e.Size < 0 {
		return fmt.Sprintf("file is larger than the limit of %d bytes", e.Limit)
	}
	return fmt.Sprintf("file is %d bytes, larger than the limit of %d bytes", e.Size, e.Limit)
}

// TooLargeDiag is the diagnostic for a data file over its limit, as
// dataset gives it for the same file.
func TooLargeDiag(e *safefile.TooLargeError) diag.Diagnostic {
	return diag.Diagnostic{Severity: diag.Error, Code: dataset.CodeTooLarge, File: e.Path, Message: tooLargeMessage(e)}
}
