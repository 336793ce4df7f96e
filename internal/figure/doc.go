// Package figure owns regdoc's vector figures — a process flow diagram, a
// cumulative-yield chart and a per-lot trend chart — and patent drawing
// sheets: it reads a small self-contained JSON figure spec and draws it
// natively on a canvas.Canvas.
//
// The spec, not the domain model, is the input: templates fill it and emit
// it as a fenced ```figure block, so a hand-written Markdown file can draw
// the same figure and this package stays below the model in the import
// graph. Parse reads a spec strictly (unknown fields, wrong types and
// duplicate keys are errors that name the field and its line). Every
// problem with a spec is a diag.Problems with a figure/ code, its line and
// column counted from the spec's first line; the caller that knows where
// the spec came from moves it (mdext.FigureBlock.SourceOffset, Sheet.Place).
//
// Two variants exist. The colour variant, for CTD documents, uses a
// restrained palette that still reads when printed in greyscale, because
// reviewers print. The black-and-white variant (Spec.BW), for patent
// drawings under 37 CFR 1.84, uses black only, tells series apart by line
// pattern and marker, labels process steps with reference numerals and
// sets every character at least 0.32 cm tall.
//
// A typesetter reserves space with Spec.Height, or splits a long process
// flow over pages with Spec.Layout, and draws with Draw or Part.Draw.
// RenderSheets writes whole patent drawing sheets.
package figure
