package pipeline

import (
	"bytes"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/regdoc/regdoc/internal/project"
)

// Problems in drawing sheets are positioned in the composed Markdown, all
// of them in one run: text where only figures may stand, and a bad field
// inside a quoted figure spec at its own line and column.
func TestDrawingsProblemsArePositioned(t *testing.T) {
	l := &Loaded{Project: &project.Project{}}
	md := "Some text.\n\n" +
		"```figure\n{\"kind\": \"process-flow\", \"steps\": [{\"id\": \"P1\", \"label\": \"Pool\"}]}\n```\n\n" +
		"```figure\n{\"kind\": \"process-flow\",\n  \"stpes\": []}\n```\n"
	_, err := l.renderDrawings(&bytes.Buffer{}, project.Document{ID: "fig"}, "fig.md", []byte(md), time.Unix(0, 0))
	ds, ok := diag.FromError(err)
	if !ok || len(ds) != 2 {
		t.Fatalf("err = %v, want two positioned problems", err)
	}
	if d := ds[0]; d.File != "fig.md" || d.Line != 1 || d.Col != 1 || d.Code != "drawings/not-a-figure" {
		t.Errorf("first problem = %s, want fig.md:1:1 drawings/not-a-figure", d)
	}
	if d := ds[1]; d.File != "fig.md" || d.Line != 9 || d.Col != 3 || d.Code != "figure/field" || !bytes.Contains([]byte(d.Message), []byte("FIG. 2")) {
		t.Errorf("second problem = %s, want fig.md:9:3 figure/field naming FIG. 2", d)
	}
}

// The page count is the typesetter's, and agrees with the PDF.
func TestDrawingsPageCount(t *testing.T) {
	l := &Loaded{Project: &project.Project{}}
	md := "```figure\n{\"kind\": \"process-flow\", \"steps\": [{\"id\": \"P1\", \"label\": \"Pool\"}]}\n```\n\n" +
		"```figure\n{\"kind\": \"process-flow\", \"numerals_from\": 20, \"steps\": [{\"id\": \"P2\", \"label\": \"Filter\"}]}\n```\n"
	var buf bytes.Buffer
	pages, err := l.renderDrawings(&buf, project.Document{ID: "fig"}, "fig.md", []byte(md), time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	sizes, err := pdftest.PageSizes(buf.Bytes())
	if err != nil || pages != 2 || len(sizes) != 2 {
		t.Errorf("renderDrawings = %d pages, PDF has %d (%v); want 2", pages, len(sizes), err)
	}
}
