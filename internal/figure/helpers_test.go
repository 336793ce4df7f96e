package figure

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/regdoc/regdoc/internal/canvas"
)

// loadSpec parses a spec from testdata.
func loadSpec(t testing.TB, name string) Spec {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// dashRecorder is a Recorder that also remembers the dash pattern each
// line was drawn with, which canvas.Recorder does not record: the BW
// variant tells series apart by dash alone, so tests must see it.
type dashRecorder struct {
	*canvas.Recorder
	dash   [2]float64
	dashes map[int][2]float64 // by index into Ops
}

func newDashRecorder() *dashRecorder {
	return &dashRecorder{Recorder: canvas.NewRecorder(nil), dashes: map[int][2]float64{}}
}

func (r *dashRecorder) SetDash(dash, gap float64) { r.dash = [2]float64{dash, gap} }

func (r *dashRecorder) Line(x1, y1, x2, y2 float64) {
	r.dashes[len(r.Ops)] = r.dash
	r.Recorder.Line(x1, y1, x2, y2)
}

// box is a rectangle on the page.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) contains(o box, tol float64) bool {
	return o.x0 >= b.x0-tol && o.y0 >= b.y0-tol && o.x1 <= b.x1+tol && o.y1 <= b.y1+tol
}

// inkBox is the area an op covers on the page: strokes with half their
// width, text from its ascent to its descent (turned with the text).
func inkBox(m canvas.Measurer, op canvas.Op) box {
	hw := op.LineWidth / 2
	pts := func(ps ...canvas.Point) box {
		b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for _, p := range ps {
			b.x0, b.y0, b.x1, b.y1 = min(b.x0, p.X), min(b.y0, p.Y), max(b.x1, p.X), max(b.y1, p.Y)
		}
		return b
	}
	grow := func(b box, d float64) box { return box{b.x0 - d, b.y0 - d, b.x1 + d, b.y1 + d} }
	switch op.Kind {
	case canvas.OpText:
		mt := m.Metrics(op.Font)
		asc, desc := mt.Ascent*op.Size, -mt.Descent*op.Size
		th := op.Degrees * math.Pi / 180
		c, s := math.Cos(th), math.Sin(th)
		var ps []canvas.Point
		for _, u := range []float64{0, op.W} {
			for _, v := range []float64{-asc, desc} {
				ps = append(ps, canvas.Point{X: op.X + u*c + v*s, Y: op.Y - u*s + v*c})
			}
		}
		return pts(ps...)
	case canvas.OpLine:
		return grow(pts(canvas.Point{X: op.X, Y: op.Y}, canvas.Point{X: op.X2, Y: op.Y2}), hw)
	case canvas.OpRect:
		return grow(box{op.X, op.Y, op.X + op.W, op.Y + op.H}, hw)
	case canvas.OpCircle:
		return grow(box{op.X - op.W/2, op.Y - op.H/2, op.X + op.W/2, op.Y + op.H/2}, hw)
	case canvas.OpPolygon:
		return grow(pts(op.Points...), hw)
	}
	return box{op.X, op.Y, op.X + op.W, op.Y + op.H}
}

// assertInside fails for every drawing op of page that leaves b.
func assertInside(t *testing.T, r *canvas.Recorder, page int, b box) {
	t.Helper()
	for _, op := range r.Ops {
		if op.Page != page || op.Kind == canvas.OpPage {
			continue
		}
		if ib := inkBox(r, op); !b.contains(ib, 1e-6) {
			t.Errorf("%s %q at %+v leaves the box %+v", op.Kind, op.Text, ib, b)
		}
	}
}

// assertPatentInk checks the BW rules on every op: black (or paper white
// fills) only, lines at least 0.7 pt, characters at least 0.32 cm tall.
func assertPatentInk(t *testing.T, r *canvas.Recorder) {
	t.Helper()
	minCap := 0.32 * 72 / 2.54
	for _, op := range r.Ops {
		switch op.Kind {
		case canvas.OpText:
			if op.Color != canvas.Black {
				t.Errorf("text %q in colour %06X", op.Text, op.Color)
			}
			if ch := r.Metrics(op.Font).CapHeight * op.Size; ch < minCap {
				t.Errorf("text %q is %.2f pt tall, below 0.32 cm (%.2f pt)", op.Text, ch, minCap)
			}
		case canvas.OpLine, canvas.OpRect, canvas.OpPolygon, canvas.OpCircle:
			if op.Mode&canvas.Stroke != 0 || op.Kind == canvas.OpLine {
				if op.Color != canvas.Black {
					t.Errorf("%s stroked in colour %06X", op.Kind, op.Color)
				}
				if op.LineWidth < 0.7 {
					t.Errorf("%s with a %.2f pt line, thinner than 0.7 pt", op.Kind, op.LineWidth)
				}
			}
			if op.Mode&canvas.Fill != 0 && op.Fill != canvas.Black && op.Fill != canvas.White {
				t.Errorf("%s filled with %06X: no tints in a patent drawing", op.Kind, op.Fill)
			}
		}
	}
}

// textOps returns the text ops with exactly this text.
func textOps(r *canvas.Recorder, s string) []canvas.Op {
	var out []canvas.Op
	for _, op := range r.Texts() {
		if op.Text == s {
			out = append(out, op)
		}
	}
	return out
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
