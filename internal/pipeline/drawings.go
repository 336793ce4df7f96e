package pipeline

import (
	"fmt"
	"io"
	"strings"
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
	sheets, opt, err := l.drawingSheets(d, file, md, date)
	if err != nil {
		return 0, err
	}
	return figure.RenderSheets(w, sheets, opt)
}

// drawingSheets reads the figure blocks of a drawings document's composed
// Markdown into sheets, FIG. 1, FIG. 2 … in order, with the options they
// are drawn with.
func (l *Loaded) drawingSheets(d project.Document, file string, md []byte, date time.Time) ([]figure.Sheet, figure.SheetOptions, error) {
	var opt figure.SheetOptions
	doc, err := mdext.Parse(md, file)
	if err != nil {
		return nil, opt, err
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
				return nil, opt, err
			}
			for _, d := range ds {
				d.Message = label + ": " + d.Message
				problems = append(problems, place(d))
			}
		}
		sheets = append(sheets, figure.Sheet{Label: label, Spec: s, Place: place})
	}
	if len(problems) > 0 {
		return nil, opt, problems
	}
	if len(sheets) == 0 {
		return nil, opt, diag.Problems{{Severity: diag.Error, Code: "drawings/empty", File: file,
			Message: fmt.Sprintf("the template emitted no ```%s blocks; a drawings document needs at least one view", mdext.FigureInfo)}}
	}
	m := l.Project.Manifest
	opt = figure.SheetOptions{
		Title: d.Title, Author: m.Author, Subject: "Patent drawings",
		Creator: producer, Producer: producer, Date: date,
	}
	if m.Illustrative {
		opt.Notice = illustrativeNotice
	}
	if m.Paper == "a4" {
		opt.Paper = canvas.A4
	}
	return sheets, opt, nil
}

// DrawingView is one figure of the drawings as the description names it:
// "FIG. 2", or "FIGS. 1A–1B" for a figure drawn as partial views.
type DrawingView struct {
	Name   string
	Plural bool // more than one view: "FIGS. 1A–1B are …"
}

// drawingViews names the figures of the project's drawings document, in
// order, as the sheets label them; nil when the project has none.
func (l *Loaded) drawingViews() ([]DrawingView, error) {
	for _, d := range l.Project.Manifest.Documents {
		if d.Style != StyleDrawings {
			continue
		}
		md, err := l.Compose(d)
		if err != nil {
			return nil, err
		}
		sheets, opt, err := l.drawingSheets(d, composedName(d), md, time.Time{})
		if err != nil {
			return nil, err
		}
		labels, err := figure.ViewLabels(sheets, opt)
		if err != nil {
			return nil, err
		}
		views := make([]DrawingView, len(labels))
		for i, ls := range labels {
			views[i] = DrawingView{Name: ls[0]}
			if len(ls) > 1 {
				views[i] = DrawingView{Name: "FIGS. " + strings.TrimPrefix(ls[0], "FIG. ") + "–" + strings.TrimPrefix(ls[len(ls)-1], "FIG. "), Plural: true}
			}
		}
		return views, nil
	}
	return nil, nil
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
