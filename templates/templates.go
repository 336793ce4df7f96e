// Package templates embeds regdoc's built-in Markdown templates: cmc/ for
// CTD Module 3 sections and patent/ for patent exhibits. A project may
// override or add to them with templates of its own.
package templates

import "embed"

// FS holds the built-in templates, addressed as "cmc/NAME.md" and
// "patent/NAME.md".
//
//go:embed cmc/*.md patent/*.md
var FS embed.FS
