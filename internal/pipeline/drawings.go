package pipeline

import (
	"fmt"
	"io"
	"time"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/yuin/goldmark/ast"
)

// StyleDrawings marks a manifest document that is a set of patent drawing
// sheets (37 CFR 1.84) rather than text: its template emits ```figure
// blocks, one per view, and each becomes FIG. 1, FIG. 2 … on sheets of its
// own, numbered n/N, black and white, with no frame.
const StyleDrawings = "drawings"

// renderDrawings turns the figure blocks of composed Markdown into drawing
// sheets and returns how many it wrote. Anything else in the Markdown is
// an error: drawing sheets carry no text but their views, labels and
// numerals. Problems are diag.Problems positioned in the composed
// Markdown, named file.
func (l *Loaded) renderDrawings(w io.Writer, d project.Document, file string, md []byte, date time.Time) (int, error) {
	doc, err := mdext.Parse(md, file)
	if err != nil {
		return 0, err
	}
	lines := diag.NewLineIndex(md)
	at := func(off int, code, msg string) diag.Diagnostic {
		line, col := lines.LineCol(off)
		return diag.Diagnostic{Severity: diag.Error, Code: code, File: file, Line: line, Col: col, Message: msg}
	}
	var sheets []figure.Sheet
	var problems diag.Problems
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		fb, ok := n.(*mdext.FigureBlock)
		if !ok {
			problems = append(problems, at(blockStart(n), "drawings/not-a-figure",
				fmt.Sprintf("a drawings document holds only ```%s blocks, found %s; move the text to another document", mdext.FigureInfo, n.Kind())))
			continue
		}
		place := func(d diag.Diagnostic) diag.Diagnostic {
			moved := at(fb.SourceOffset(d.Line, d.Col, md), d.Code, d.Message)
			moved.Severity = d.Severity
			return moved
		}
		label := fmt.Sprintf("FIG. %d", len(sheets)+1)
		s, err := figure.Parse(fb.Spec(md))
		if err != nil {
			ds, ok := diag.FromError(err)
			if !ok {
				return 0, err
			}
			for _, d := range ds {
				d.Message = label + ": " + d.Message
				problems = append(problems, place(d))
			}
		}
		sheets = append(sheets, figure.Sheet{Label: label, Spec: s, Place: place})
	}
	if len(problems) > 0 {
		return 0, problems
	}
	if len(sheets) == 0 {
		return 0, diag.Problems{{Severity: diag.Error, Code: "drawings/empty", File: file,
			Message: fmt.Sprintf("the template emitted no ```%s blocks; a drawings document needs at least one view", mdext.FigureInfo)}}
	}
	m := l.Project.Manifest
	opt := figure.SheetOptions{
		Title: d.Title, Author: m.Author, Subject: "Patent drawings",
		Creator: producer, Producer: producer, Date: date,
	}
	if m.Illustrative {
		opt.Notice = illustrativeNotice
	}
	if m.Paper == "a4" {
		opt.Paper = canvas.A4
	}
	return figure.RenderSheets(w, sheets, opt)
}

// blockStart is the offset where a block node's text starts, or -1.
func blockStart(n ast.Node) int {
	if n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	if fc := n.FirstChild(); fc != nil && fc.Lines().Len() > 0 {
		return fc.Lines().At(0).Start
	}
	return -1
}
