package figure

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/canvas"
)

// stepBoxes returns the outer box of every step drawn on page, top to
// bottom: the widest rectangles (a critical step's inner border is
// narrower).
func stepBoxes(r *canvas.Recorder, page int) []canvas.Op {
	var rects []canvas.Op
	maxW := 0.0
	for _, op := range r.Ops {
		if op.Kind == canvas.OpRect && op.Page == page {
			rects = append(rects, op)
			maxW = max(maxW, op.W)
		}
	}
	var out []canvas.Op
	for _, op := range rects {
		if near(op.W, maxW, 1e-9) {
			out = append(out, op)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Y < out[j].Y })
	return out
}

// textIn reports whether a text op with s lies inside the rectangle op.
func textIn(r *canvas.Recorder, rect canvas.Op, s string) bool {
	for _, op := range textOps(r, s) {
		if op.Page == rect.Page && op.X >= rect.X && op.X+op.W <= rect.X+rect.W && op.Y > rect.Y && op.Y < rect.Y+rect.H {
			return true
		}
	}
	return false
}

// assertFlow checks the geometry of a drawn process flow: one box per
// step in order, no overlaps, each box holding its id, an arrow joining
// each box to the next, virus-reduction and critical steps marked.
func assertFlow(t *testing.T, r *canvas.Recorder, s Spec, page, from, to int) []canvas.Op {
	t.Helper()
	boxes := stepBoxes(r, page)
	if len(boxes) != to-from {
		t.Fatalf("page %d: %d step boxes, want %d", page, len(boxes), to-from)
	}
	st := newStyle(s.BW)
	for k, b := range boxes {
		step := s.Steps[from+k]
		if !textIn(r, b, step.ID) {
			t.Errorf("box %d does not hold its id %s", k, step.ID)
		}
		first := strings.Fields(step.Label)[0]
		first = first[:min(len(first), 8)]
		found := false
		for _, op := range r.Texts() {
			if op.Page == page && strings.HasPrefix(op.Text, first) && op.X > b.X && op.X+op.W < b.X+b.W && op.Y > b.Y && op.Y < b.Y+b.H {
				found = true
			}
		}
		if !found {
			t.Errorf("box %s does not hold its label %q", step.ID, step.Label)
		}
		wantW := st.line
		if step.VirusReduction {
			wantW = st.heavy
			if !textIn(r, b, tagVirus) && !textIn(r, b, tagCritical+"; "+tagVirus) && !containsTextIn(r, b, "virus") {
				t.Errorf("virus-reduction step %s is not tagged", step.ID)
			}
		}
		if b.LineWidth != wantW {
			t.Errorf("step %s border %.2f pt, want %.2f", step.ID, b.LineWidth, wantW)
		}
		// A patent drawing (BW) does not mark critical steps.
		if marked := step.Critical && !st.bw; marked != hasInnerRect(r, b) {
			t.Errorf("step %s critical=%v (bw %v) but inner border=%v", step.ID, step.Critical, st.bw, !marked)
		}
		if st.bw && containsTextIn(r, b, tagCritical) {
			t.Errorf("step %s: a patent drawing says %q", step.ID, tagCritical)
		}
		if k > 0 {
			prev := boxes[k-1]
			if prev.Y+prev.H+prev.LineWidth/2 >= b.Y-b.LineWidth/2 {
				t.Errorf("boxes %s and %s overlap", s.Steps[from+k-1].ID, step.ID)
			}
			assertArrow(t, r, page, prev, b)
		}
	}
	return boxes
}

func containsTextIn(r *canvas.Recorder, rect canvas.Op, sub string) bool {
	for _, op := range r.Texts() {
		if op.Page == rect.Page && strings.Contains(op.Text, sub) && op.Y > rect.Y && op.Y < rect.Y+rect.H && op.X > rect.X && op.X < rect.X+rect.W {
			return true
		}
	}
	return false
}

func hasInnerRect(r *canvas.Recorder, b canvas.Op) bool {
	for _, op := range r.Ops {
		if op.Kind == canvas.OpRect && op.Page == b.Page && op.W < b.W && op.X > b.X && op.Y > b.Y && op.X+op.W < b.X+b.W && op.Y+op.H < b.Y+b.H {
			return true
		}
	}
	return false
}

// assertArrow checks that a vertical line leaves the bottom edge of a at
// its centre and an arrowhead's tip touches the top edge of b.
func assertArrow(t *testing.T, r *canvas.Recorder, page int, a, b canvas.Op) {
	t.Helper()
	cx := a.X + a.W/2
	var line, head bool
	for _, op := range r.Ops {
		if op.Page != page {
			continue
		}
		if op.Kind == canvas.OpLine && near(op.X, cx, 1e-6) && near(op.X2, cx, 1e-6) &&
			near(op.Y, a.Y+a.H+a.LineWidth/2, 1e-6) && op.Y2 > op.Y && op.Y2 < b.Y {
			line = true
		}
		if op.Kind == canvas.OpPolygon && len(op.Points) == 3 &&
			near(op.Points[0].X, cx, 1e-6) && near(op.Points[0].Y, b.Y-b.LineWidth/2, 1e-6) {
			head = true
		}
	}
	if !line || !head {
		t.Errorf("no arrow from the box at y=%.1f to the box at y=%.1f (line %v, head %v)", a.Y, b.Y, line, head)
	}
}

func TestProcessFlowGeometry(t *testing.T) {
	for _, bw := range []bool{false, true} {
		t.Run(map[bool]string{false: "colour", true: "bw"}[bw], func(t *testing.T) {
			s := loadSpec(t, "ivig-flow.json")
			s.BW = bw
			r := canvas.NewRecorder(nil)
			r.AddPage(canvas.Letter, canvas.Portrait)
			const x, y, w = 60, 40, 492
			h := s.Height(r, w)
			if h <= 0 || (!bw && h > 720) {
				t.Fatalf("height %v", h)
			}
			if err := Draw(r, s, x, y, w, h); err != nil {
				t.Fatal(err)
			}
			boxes := assertFlow(t, r, s, 1, 0, 9)
			assertInside(t, r, 1, box{x, y, x + w, y + h})
			// The natural height is the height used: the last box ends
			// near the bottom of the reserved space.
			last := boxes[len(boxes)-1]
			if gap := y + h - (last.Y + last.H); gap < 0 || gap > 12 {
				t.Errorf("last box ends %.1f pt above the reserved bottom", gap)
			}
			// Materials come in from the left and controls go out to the
			// right, at the middle of the step's box.
			for k, b := range boxes {
				step := s.Steps[k]
				mid := b.Y + b.H/2
				var in, out bool
				for _, op := range r.Ops {
					if op.Kind == canvas.OpPolygon && len(op.Points) == 3 {
						in = in || near(op.Points[0].X, b.X-b.LineWidth/2, 1e-6) && near(op.Points[0].Y, mid, 1e-6)
						out = out || op.Points[0].X > b.X+b.W && near(op.Points[0].Y, mid, 1e-6)
					}
				}
				if in != (len(step.Materials) > 0) || out != (len(step.Controls) > 0) {
					t.Errorf("step %s: arrow in %v, out %v; materials %v, controls %v", step.ID, in, out, step.Materials, step.Controls)
				}
				for _, m := range step.Materials {
					if first := strings.Fields(m)[0]; !anyText(r, func(op canvas.Op) bool {
						return strings.HasPrefix(op.Text, first) && op.X+op.W <= b.X
					}) {
						t.Errorf("material %q is not left of step %s", m, step.ID)
					}
				}
			}
			if bw {
				assertPatentInk(t, r)
				for i := range s.Steps {
					n := strconv.Itoa(10 + 2*i)
					ops := textOps(r, n)
					if len(ops) != 1 {
						t.Errorf("reference numeral %s drawn %d times", n, len(ops))
						continue
					}
					// Beside its box's top right corner.
					b := boxes[i]
					if op := ops[0]; op.X < b.X+b.W || op.X > b.X+b.W+20 || op.Y > b.Y || op.Y < b.Y-20 {
						t.Errorf("numeral %s at (%.0f, %.0f), not at the top right of box (%.0f, %.0f, %.0f)", n, op.X, op.Y, b.X, b.Y, b.W)
					}
				}
			} else {
				for _, op := range r.Texts() {
					if op.Size < 9 {
						t.Errorf("text %q at %.1f pt, below the 9 pt minimum", op.Text, op.Size)
					}
				}
				if len(textOps(r, "10")) != 0 {
					t.Error("colour figure carries reference numerals")
				}
			}
		})
	}
}

func anyText(r *canvas.Recorder, f func(canvas.Op) bool) bool {
	for _, op := range r.Texts() {
		if f(op) {
			return true
		}
	}
	return false
}

// TestProcessFlowParts lays the flow out for a typesetter: part 1 in the
// rest of a page, the others on full pages, with continuation labels.
func TestProcessFlowParts(t *testing.T) {
	s := loadSpec(t, "ivig-flow.json")
	fonts := canvas.NewFonts()
	const w, first, rest = 468, 260, 300
	parts, err := s.Layout(fonts, w, first, rest)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) < 3 {
		t.Fatalf("%d parts; the test wants the flow split at least twice", len(parts))
	}
	r := canvas.NewRecorder(fonts)
	next := 0
	for i, p := range parts {
		avail := float64(rest)
		if i == 0 {
			avail = first
		}
		if p.Height > avail || p.Height <= 0 || p.Width != w {
			t.Errorf("part %d is %.1f × %.1f pt for %.0f pt available", i, p.Width, p.Height, avail)
		}
		if p.From != next || p.To <= p.From {
			t.Errorf("part %d draws steps [%d, %d), want from %d", i, p.From, p.To, next)
		}
		next = p.To
		if (p.Lead != "") != (i > 0) || (p.Tail != "") != (i < len(parts)-1) {
			t.Errorf("part %d: lead %q, tail %q", i, p.Lead, p.Tail)
		}
		r.AddPage(canvas.Letter, canvas.Portrait)
		const x, y = 72, 100
		if err := p.Draw(r, x, y); err != nil {
			t.Fatal(err)
		}
		assertFlow(t, r, s, i+1, p.From, p.To)
		assertInside(t, r, i+1, box{x, y, x + p.Width, y + p.Height})
		for _, c := range []string{p.Lead, p.Tail} {
			if c != "" && len(textOps(r, c)) == 0 {
				t.Errorf("part %d: connector text %q not drawn", i, c)
			}
		}
	}
	if next != len(s.Steps) {
		t.Errorf("parts end at step %d of %d", next, len(s.Steps))
	}
	// A caller may rename the connectors; the space stays the same.
	parts[1].Lead = "from Figure 1, part 1"
	r.AddPage(canvas.Letter, canvas.Portrait)
	if err := parts[1].Draw(r, 72, 100); err != nil || len(textOps(r, "from Figure 1, part 1")) != 1 {
		t.Errorf("renamed lead: %v", err)
	}
	parts[1].Lead = strings.Repeat("continued ", 12)
	if err := parts[1].Draw(r, 72, 100); err == nil || !strings.Contains(err.Error(), "wider than the figure") {
		t.Errorf("lead wider than the figure: %v", err)
	}
	parts[1].Lead = "→ 😀"
	if err := parts[1].Draw(r, 72, 100); err == nil || !strings.Contains(err.Error(), "U+1F600") {
		t.Errorf("lead with an emoji: %v, want an error naming U+1F600", err)
	}
}

func TestProcessFlowLayoutLimits(t *testing.T) {
	s := loadSpec(t, "ivig-flow.json")
	fonts := canvas.NewFonts()
	// Nothing fits in the rest of the page: part 1 is for a fresh page.
	parts, err := s.Layout(fonts, 468, 20, 700)
	if err != nil {
		t.Fatal(err)
	}
	if parts[0].Height <= 20 || parts[0].Height > 700 {
		t.Errorf("part 1 is %.0f pt high; want it laid out for a fresh page", parts[0].Height)
	}
	// Everything fits: one part, no connectors, the natural height.
	parts, err = s.Layout(fonts, 468, 2000, 2000)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 1 || parts[0].Lead != "" || parts[0].Tail != "" || !near(parts[0].Height, s.Height(fonts, 468), 1e-9) {
		t.Errorf("parts = %+v, want one of height %.1f", parts, s.Height(fonts, 468))
	}
	// A page lower than one step is an error naming the step.
	if _, err := s.Layout(fonts, 468, 30, 30); err == nil || !strings.Contains(err.Error(), "steps[0]") {
		t.Errorf("Layout on 30 pt pages = %v, want an error naming steps[0]", err)
	}
	// Too narrow for the side notes.
	if _, err := s.Layout(fonts, 120, 700, 700); err == nil || !strings.Contains(err.Error(), "too narrow") {
		t.Errorf("Layout 120 pt wide = %v, want too narrow", err)
	}
	// Draw into a box that is too short says how to split.
	r := canvas.NewRecorder(fonts)
	r.AddPage(canvas.Letter, canvas.Portrait)
	if err := Draw(r, s, 72, 72, 468, 200); err == nil || !strings.Contains(err.Error(), "Layout") {
		t.Errorf("Draw into 200 pt = %v, want advice to use Layout", err)
	}
	var zero Part
	if err := zero.Draw(r, 0, 0); err == nil {
		t.Error("zero Part drew without error")
	}
}

// TestProcessFlowPlain: a flow without side notes is a centred column, and
// numerals given in the spec are used, the rest assigned after them.
func TestProcessFlowPlain(t *testing.T) {
	s, err := Parse([]byte(`{"kind": "process-flow", "bw": true, "numerals_from": 100, "steps": [
		{"id": "S1", "label": "Thaw"},
		{"id": "S2", "label": "Precipitate", "numeral": 150},
		{"id": "S3", "label": "Ultrafiltration/diafiltration/concentration/formulation/filling"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	r := canvas.NewRecorder(nil)
	r.AddPage(canvas.Letter, canvas.Portrait)
	const x, y, w = 50, 50, 300
	h := s.Height(r, w)
	if err := Draw(r, s, x, y, w, h); err != nil {
		t.Fatal(err)
	}
	boxes := assertFlow(t, r, s, 1, 0, 3)
	assertInside(t, r, 1, box{x, y, x + w, y + h})
	assertPatentInk(t, r)
	if c := boxes[0].X + boxes[0].W/2; math.Abs(c-(x+w/2)) > 0.5 {
		t.Errorf("box centre at %.1f, want the middle %.1f", c, float64(x+w/2))
	}
	for _, n := range []string{"100", "150", "104"} {
		if len(textOps(r, n)) != 1 {
			t.Errorf("numeral %s not drawn once", n)
		}
	}
	// The long label was broken after slashes, never spilling out.
	for _, op := range r.Texts() {
		if op.X < boxes[2].X+boxes[2].W && op.X+op.W > boxes[2].X+boxes[2].W {
			t.Errorf("text %q runs out of its box", op.Text)
		}
	}
}

func TestWrapKeepsQuantities(t *testing.T) {
	fonts := canvas.NewFonts()
	f := canvas.Font{Family: canvas.Sans}
	tests := []struct {
		s     string
		width float64
		keep  []string // must each stay on one line
	}{
		{"Sodium caprylate 20 mM", 80, []string{"20 mM"}},
		{"IgG loss to supernatant ≤ 3 %", 110, []string{"≤ 3 %"}},
		{"Acetate buffer pH 5.8", 70, []string{"pH 5.8"}},
		{"Ethanol 25\u00a0%\u00a0v/v", 50, []string{"25\u00a0%\u00a0v/v"}},
	}
	for _, tc := range tests {
		lines := wrap(fonts, f, 9, tc.s, tc.width)
		if strings.Join(lines, " ") != strings.Join(strings.Fields(tc.s), " ") && !strings.Contains(tc.s, "\u00a0") {
			t.Errorf("wrap(%q) lost text: %q", tc.s, lines)
		}
		for _, k := range tc.keep {
			ok := false
			for _, l := range lines {
				ok = ok || strings.Contains(l, k)
			}
			if !ok {
				t.Errorf("wrap(%q, %v) = %q splits %q", tc.s, tc.width, lines, k)
			}
		}
		for _, l := range lines {
			if fonts.StringWidth(f, 9, l) > tc.width && strings.Contains(l, " ") {
				t.Errorf("wrap(%q) line %q is wider than %v", tc.s, l, tc.width)
			}
		}
	}
}
