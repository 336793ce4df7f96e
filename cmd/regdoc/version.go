package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/regdoc/regdoc/internal/version"
)

func runVersion(e env, args []string) error {
	fs := newFlags(e, "version", "regdoc version", "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"version takes no arguments"}
	}
	fmt.Fprintf(e.stdout, "regdoc %s (%s, %s/%s)\n", version.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			switch d.Path {
			case "github.com/jung-kurt/gofpdf", "github.com/yuin/goldmark", "github.com/santhosh-tekuri/jsonschema/v5", "github.com/go-fonts/liberation":
				fmt.Fprintf(e.stdout, "  %s %s\n", d.Path, d.Version)
			}
		}
	}
	return nil
}
