// Package schemas embeds regdoc's JSON Schemas (draft 2020-12) so the binary
// validates data offline and can write the schemas out for editors.
package schemas

import "embed"

// FS holds every *.schema.json file. Each schema's $id is
// https://regdoc.dev/schemas/v1/NAME; data files name theirs in "$schema"
// by that $id or by a relative path ending in the same file name.
//
//go:embed *.schema.json
var FS embed.FS
