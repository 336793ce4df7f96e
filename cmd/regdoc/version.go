package main

import (
	"fmt"
	"io/fs"
	"runtime"
	"runtime/debug"

	"github.com/regdoc/regdoc/examples"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/version"
	"github.com/regdoc/regdoc/schemas"
	"github.com/regdoc/regdoc/templates"
)

// roles says what the main libraries do inside regdoc, for people reading
// `regdoc version` in a validation record.
var roles = map[string]string{
	"github.com/yuin/goldmark":                 "Markdown parser",
	"github.com/jung-kurt/gofpdf":              "PDF writer",
	"github.com/santhosh-tekuri/jsonschema/v5": "JSON Schema validator",
	"github.com/go-fonts/liberation":           "embedded Liberation fonts",
	"github.com/clipperhouse/uax29/v2":         "Unicode line breaking",
	"golang.org/x/text":                        "Unicode text handling",
	"golang.org/x/image":                       "image decoding",
}

func runVersion(e env, args []string) error {
	fs := newFlags(e, "version", help{
		usage: "regdoc version",
		about: `Print regdoc's version, the Go release and platform it was built with, the
libraries compiled into it with their versions, and what is embedded
(schemas, templates, examples), for a validation record or a bug report.`,
		examples: "  regdoc version\n  regdoc --version\n",
	})
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"version takes no arguments"}
	}
	fmt.Fprintf(e.stdout, "regdoc %s (%s, %s/%s)\n", version.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	bi, ok := debug.ReadBuildInfo()
	if !ok || len(bi.Deps) == 0 {
		fmt.Fprintln(e.stdout, "library versions: not recorded in this binary (built without module information)")
	} else {
		fmt.Fprintln(e.stdout, "libraries inside:")
		for _, d := range bi.Deps {
			v := d.Version
			if d.Replace != nil {
				v += " => " + d.Replace.Path + " " + d.Replace.Version
			}
			line := fmt.Sprintf("  %-44s %s", d.Path, v)
			if r := roles[d.Path]; r != "" {
				line = fmt.Sprintf("%-68s %s", line, r)
			}
			fmt.Fprintln(e.stdout, line)
		}
	}
	nSchemas, _ := countFiles(schemas.FS, "*.schema.json")
	nTemplates, _ := countFiles(templates.FS, "*/*.md")
	fmt.Fprintf(e.stdout, "embedded: %s, %s, %s (%v)\n", diag.Plural(nSchemas, "schema"), diag.Plural(nTemplates, "template"),
		diag.Plural(len(examples.Names), "example"), examples.Names)
	return nil
}

func countFiles(fsys fs.FS, pattern string) (int, error) {
	m, err := fs.Glob(fsys, pattern)
	return len(m), err
}
