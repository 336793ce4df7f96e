package pipeline

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// StyleDrawings marks a manifest document that is a set of patent drawing
// sheets (37 CFR 1.84) rather than text: its template emits ```figure
// blocks, one per view, and each becomes FIG. 1, FIG. 2 … on sheets of its
// own, numbered n/N, black and white, with no frame.
const StyleDrawings = "drawings"

// renderDrawings turns the figure blocks of composed Markdown into drawing
// sheets. Anything else in the Markdown is an error: drawing sheets carry
// no text but their views, labels and numerals.
func (l *Loaded) renderDrawings(w io.Writer, d project.Document, md []byte, date time.Time) error {
	doc := goldmark.New().Parser().Parse(text.NewReader(md))
	var sheets []figure.Sheet
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		fb, ok := n.(*ast.FencedCodeBlock)
		if !ok || string(fb.Language(md)) != figure.FenceInfo {
			line := lineOf(md, n)
			return fmt.Errorf("composed Markdown line %d: a drawings document holds only ```%s blocks, found %s", line, figure.FenceInfo, n.Kind())
		}
		var spec bytes.Buffer
		for i := 0; i < fb.Lines().Len(); i++ {
			seg := fb.Lines().At(i)
			spec.Write(seg.Value(md))
		}
		s, err := figure.Parse(spec.Bytes())
		if err != nil {
			return fmt.Errorf("figure %d (composed Markdown line %d): %w", len(sheets)+1, lineOf(md, n), err)
		}
		sheets = append(sheets, figure.Sheet{Label: fmt.Sprintf("FIG. %d", len(sheets)+1), Spec: s})
	}
	if len(sheets) == 0 {
		return fmt.Errorf("the template emitted no ```%s blocks; a drawings document needs at least one view", figure.FenceInfo)
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

// lineOf is the 1-based line of a block node in src.
func lineOf(src []byte, n ast.Node) int {
	off := -1
	if n.Lines().Len() > 0 {
		off = n.Lines().At(0).Start
	} else if fc := n.FirstChild(); fc != nil && fc.Lines().Len() > 0 {
		off = fc.Lines().At(0).Start
	}
	if off < 0 {
		return 0
	}
	return bytes.Count(src[:off], []byte("\n")) + 1
}
