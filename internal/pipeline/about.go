package pipeline

import (
	"io/fs"
	"path"
	"runtime"
	"runtime/debug"
	"slices"

	"github.com/regdoc/regdoc/examples"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/schemadoc"
	"github.com/regdoc/regdoc/internal/version"
	"github.com/regdoc/regdoc/schemas"
	"github.com/regdoc/regdoc/templates"
)

// producer names regdoc in every PDF's Creator and Producer fields; it
// changes only with the release, so the same inputs keep the same bytes.
const producer = "regdoc " + version.Version

// illustrativeNotice is printed on every page of a document whose manifest
// says its data are illustrative.
const illustrativeNotice = "ILLUSTRATIVE DATA — NOT A REAL PRODUCT"

// SchemaBase is the address every built-in schema is published under; a
// data file names its schema as SchemaBase + file name in "$schema".
const SchemaBase = "https://regdoc.dev/schemas/v1/"

// About is what `regdoc version` reports, for a validation record or a bug
// report: the release, the toolchain, the libraries compiled in and what
// is embedded.
type About struct {
	Version   string // the regdoc release
	Go        string // the Go release it was built with
	Platform  string // GOOS/GOARCH
	Libraries []Library
	// BuildInfo is false when the binary carries no module information.
	BuildInfo bool
	Schemas   int
	Templates int
	Examples  []string
}

// Library is one module compiled into regdoc.
type Library struct {
	Path, Version string
	Role          string // what it does inside regdoc, "" for support modules
}

// role says what a main library does inside regdoc, for people reading
// `regdoc version` in a validation record; "" for support modules.
func role(module string) string {
	switch module {
	case "github.com/yuin/goldmark":
		return "Markdown parser"
	case "github.com/jung-kurt/gofpdf":
		return "PDF writer"
	case "github.com/santhosh-tekuri/jsonschema/v5":
		return "JSON Schema validator"
	case "github.com/go-fonts/liberation":
		return "embedded Liberation fonts"
	case "github.com/clipperhouse/uax29/v2":
		return "Unicode line breaking"
	case "golang.org/x/text":
		return "Unicode text handling"
	case "golang.org/x/image":
		return "image decoding"
	}
	return ""
}

// Describe reports this binary: release, toolchain, libraries, embedded files.
func Describe() (About, error) {
	names, err := TemplateNames()
	if err != nil {
		return About{}, err
	}
	a := About{
		Version: version.Version, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
		Schemas: len(SchemaFiles()), Templates: len(names), Examples: Examples(),
	}
	if bi, ok := debug.ReadBuildInfo(); ok && len(bi.Deps) > 0 {
		a.BuildInfo = true
		for _, d := range bi.Deps {
			v := d.Version
			if d.Replace != nil {
				v += " => " + d.Replace.Path + " " + d.Replace.Version
			}
			a.Libraries = append(a.Libraries, Library{Path: d.Path, Version: v, Role: role(d.Path)})
		}
	}
	return a, nil
}

// Examples names the example projects a new project can start from.
func Examples() []string { return examples.Names() }

// SchemaFiles lists the built-in schema files, sorted.
func SchemaFiles() []string {
	// Glob fails only on a malformed pattern, and this one is constant.
	names, _ := fs.Glob(schemas.FS, "*.schema.json")
	return names
}

// TemplateNames lists the built-in templates by the path a manifest names
// them with (cmc/s222-process-description.md …), sorted.
func TemplateNames() ([]string, error) {
	var names []string
	err := fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".md" {
			names = append(names, p)
		}
		return err
	})
	return names, err
}

// DataReference is the data reference generated from the built-in schemas
// (docs/data-reference.md): the manifest first, then each data kind in the
// order a project is written.
func DataReference() ([]byte, error) {
	order := []string{"manifest.schema.json"}
	for _, k := range model.Kinds() {
		order = append(order, k.Schema)
	}
	return schemadoc.Generate(schemas.FS, version.Version, slices.Clip(order))
}
