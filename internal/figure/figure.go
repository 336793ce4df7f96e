package figure

import (
	"errors"
	"fmt"

	"github.com/regdoc/regdoc/internal/canvas"
)

// Height is the figure's natural height in points at width w, so a
// typesetter can reserve space before drawing: the whole process flow
// unsplit, or a chart's 5:3 shape. It is 0 for a spec that cannot be laid
// out at that width (Layout and Draw say why).
func (s Spec) Height(m canvas.Measurer, w float64) float64 {
	if s.Validate() != nil {
		return 0
	}
	if s.Kind != ProcessFlow {
		return s.chartHeight(w)
	}
	f, err := s.layoutFlow(m, w)
	if err != nil {
		return 0
	}
	return f.height(0, len(f.rows), false, false)
}

// Part is a piece of a figure laid out to fit a height, drawn with
// Part.Draw. A chart is always one part; a process flow is cut between
// steps into as many parts as the pages need, each part after the first
// opening with an arrow from the Lead text and each part before the last
// closing with an arrow to the Tail text.
type Part struct {
	// Height and Width are the part's size in points.
	Height, Width float64
	// From and To are the steps [From, To) a process-flow part draws;
	// both 0 for a chart.
	From, To int
	// Lead and Tail are the connector texts of a continued process flow:
	// Layout sets "continued from the previous page" on every part but the
	// first and "continued on the next page" on every part but the last.
	// A caller may replace them before drawing (RenderSheets writes
	// "FROM FIG. 1A" and "TO FIG. 1B"); the space they take does not
	// change, and "" keeps the arrow without words.
	Lead, Tail string

	flow  *flow
	chart *Spec
}

// Layout lays the figure out at width for a typesetter that places it on
// pages: first is the height left on the current page, rest the height of
// each following page. Every part fits its page: the first part fits
// first, unless not even one process step does, in which case it is laid
// out for rest and Parts[0].Height > first tells the caller to start a new
// page before it. A chart is one part of its natural height, shrunk to rest
// if a page cannot hold that.
//
// A process step taller than rest, a width too narrow, or text the
// embedded fonts cannot draw is an error.
func (s Spec) Layout(m canvas.Measurer, width, first, rest float64) ([]Part, error) {
	if err := s.Check(m); err != nil {
		return nil, err
	}
	if width <= 0 || rest <= 0 {
		return nil, fmt.Errorf("figure: layout needs a positive width and page height, got %g and %g", width, rest)
	}
	if s.Kind != ProcessFlow {
		h := min(s.chartHeight(width), rest)
		if _, err := s.layoutChart(m, 0, 0, width, h); err != nil {
			return nil, err
		}
		sc := s
		return []Part{{Height: h, Width: width, chart: &sc}}, nil
	}
	f, err := s.layoutFlow(m, width)
	if err != nil {
		return nil, err
	}
	return f.split(first, rest)
}

// Draw draws the part with its top-left corner at (x, y), over Width ×
// Height points. Like Draw, it changes the canvas's font, colours, line
// width and dash, and leaves lines solid.
func (pt Part) Draw(c canvas.Canvas, x, y float64) error {
	return pt.draw(c, x, y, nil)
}

// draw is Draw, handing every text it draws to texts when that is set.
func (pt Part) draw(c canvas.Canvas, x, y float64, texts *[]Text) error {
	switch {
	case pt.flow != nil:
		st := pt.flow.mt.st
		for _, t := range []struct{ name, s string }{{"Lead", pt.Lead}, {"Tail", pt.Tail}} {
			if r, missing := c.MissingGlyph(st.italic, t.s); missing {
				return fmt.Errorf("figure: Part.%s: the embedded font %s cannot draw %U %q", t.name, st.italic.Name(), r, r)
			}
			if w := c.StringWidth(st.italic, st.size, t.s); w > pt.Width-2*pt.flow.edge {
				return fmt.Errorf("figure: Part.%s %q is %.0f pt long, wider than the figure (%.0f pt)", t.name, t.s, w, pt.Width)
			}
		}
		p := newPen(c, st)
		p.texts = texts
		pt.flow.draw(p, x, y, pt.From, pt.To, pt.Lead, pt.Tail, pt.From > 0, pt.To < len(pt.flow.rows))
		p.finish()
	case pt.chart != nil:
		ch, err := pt.chart.layoutChart(c, x, y, pt.Width, pt.Height)
		if err != nil {
			return err
		}
		p := newPen(c, newStyle(pt.chart.BW))
		p.texts = texts
		ch.draw(p)
		p.finish()
	default:
		return errors.New("figure: Part.Draw on a part that Layout did not make")
	}
	return c.Err()
}

// Draw draws the figure into the box (x, y, w, h) on the current page of
// c. A process flow is drawn from the top of the box and must fit its
// height (see Height; use Layout to split a long flow over pages); a chart
// fills the box. Every character is checked against the embedded fonts
// first, so a character they cannot draw is an error naming it rather than
// a blank box. Draw changes the canvas's font, colours, line width and
// dash, and leaves lines solid.
func Draw(c canvas.Canvas, s Spec, x, y, w, h float64) error {
	if err := s.Check(c); err != nil {
		return err
	}
	if s.Kind != ProcessFlow {
		ch, err := s.layoutChart(c, x, y, w, h)
		if err != nil {
			return err
		}
		p := newPen(c, newStyle(s.BW))
		ch.draw(p)
		p.finish()
		return c.Err()
	}
	f, err := s.layoutFlow(c, w)
	if err != nil {
		return err
	}
	if need := f.height(0, len(f.rows), false, false); need > h+1e-6 {
		return fmt.Errorf("figure: the process flow needs %.0f pt at a width of %.0f pt, the box is %.0f pt high; "+
			"use Spec.Layout to continue it on further pages", need, w, h)
	}
	p := newPen(c, newStyle(s.BW))
	f.draw(p, x, y, 0, len(f.rows), "", "", false, false)
	p.finish()
	return c.Err()
}
