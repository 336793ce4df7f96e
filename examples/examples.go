// Package examples embeds the example projects so `regdoc init --example`
// can start a new project from one without the source tree at hand.
package examples

import "embed"

// FS holds each example's manifest, data files and the templates it
// overrides (not its build output).
//
//go:embed ivig-liquid/regdoc.json ivig-liquid/data/*.json mab-ds/regdoc.json mab-ds/data/*.json albumin-20/regdoc.json albumin-20/data/*.json albumin-20/templates/*.md
var FS embed.FS

// Names lists the examples in FS. It returns a fresh slice each time, so
// no caller can change the list.
func Names() []string { return []string{"ivig-liquid", "mab-ds", "albumin-20"} }
