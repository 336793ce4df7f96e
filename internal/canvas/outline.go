package canvas

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Glyph outlines let text be drawn as shapes rather than as text: the
// DRAFT watermark must show on every page but never come back from text
// extraction or copy and paste, where it would land inside the tables it
// crosses ("D R A F T" pasted into a spreadsheet).

// Outline returns the outline of r in face f as closed contours in em
// units, x to the right and y up from the baseline, with its advance
// width in em. Quadratic curves are flattened into short straight
// segments; contours wind as in the font, so filling them with the
// nonzero rule leaves the counters (the holes of A, D, R) open.
func (fs *Fonts) Outline(f Font, r rune) ([][]Point, float64, error) {
	if !f.valid() {
		return nil, 0, fmt.Errorf("canvas: unknown font family %d", f.Family)
	}
	data := fontData(f.index())
	tables, err := fontTables(data)
	if err != nil {
		return nil, 0, fmt.Errorf("canvas: font %s: %w", f.Name(), err)
	}
	head, loca, glyf, cmapT := tables["head"], tables["loca"], tables["glyf"], tables["cmap"]
	if len(head) < 54 || loca == nil || glyf == nil || cmapT == nil {
		return nil, 0, fmt.Errorf("canvas: font %s has no TrueType outlines", f.Name())
	}
	cmap, err := bmpCmap(cmapT)
	if err != nil {
		return nil, 0, err
	}
	gid := 0
	if err := eachMapping(cmap, func(c, g int) {
		if rune(c) == r {
			gid = g
		}
	}); err != nil {
		return nil, 0, err
	}
	if gid == 0 {
		return nil, 0, glyphError(f, r)
	}
	upem := float64(binary.BigEndian.Uint16(head[18:]))
	long := binary.BigEndian.Uint16(head[50:]) == 1
	var start, end int
	if long {
		if 4*gid+8 > len(loca) {
			return nil, 0, errors.New("canvas: loca out of range")
		}
		start, end = int(binary.BigEndian.Uint32(loca[4*gid:])), int(binary.BigEndian.Uint32(loca[4*gid+4:]))
	} else {
		if 2*gid+4 > len(loca) {
			return nil, 0, errors.New("canvas: loca out of range")
		}
		start, end = 2*int(binary.BigEndian.Uint16(loca[2*gid:])), 2*int(binary.BigEndian.Uint16(loca[2*gid+2:]))
	}
	if start > end || end > len(glyf) {
		return nil, 0, errors.New("canvas: glyf out of range")
	}
	contours, err := simpleGlyph(glyf[start:end], upem)
	if err != nil {
		return nil, 0, fmt.Errorf("canvas: font %s, U+%04X: %w", f.Name(), r, err)
	}
	return contours, fs.RuneWidth(f, 1, r), nil
}

// simpleGlyph decodes a simple (not composite) TrueType glyph.
func simpleGlyph(g []byte, upem float64) ([][]Point, error) {
	if len(g) == 0 {
		return nil, nil // a blank glyph, like the space
	}
	if len(g) < 10 {
		return nil, errors.New("truncated glyph")
	}
	nc := int(int16(binary.BigEndian.Uint16(g)))
	if nc < 0 {
		return nil, errors.New("composite glyphs are not supported")
	}
	p := 10
	if p+2*nc+2 > len(g) {
		return nil, errors.New("truncated glyph")
	}
	ends := make([]int, nc)
	for i := range ends {
		ends[i] = int(binary.BigEndian.Uint16(g[p:]))
		p += 2
	}
	n := 0
	if nc > 0 {
		n = ends[nc-1] + 1
	}
	p += 2 + int(binary.BigEndian.Uint16(g[p:])) // skip the instructions
	flags := make([]byte, 0, n)
	for len(flags) < n {
		if p >= len(g) {
			return nil, errors.New("truncated flags")
		}
		fl := g[p]
		p++
		flags = append(flags, fl)
		if fl&8 != 0 {
			if p >= len(g) {
				return nil, errors.New("truncated flags")
			}
			for k := 0; k < int(g[p]) && len(flags) < n; k++ {
				flags = append(flags, fl)
			}
			p++
		}
	}
	coords := func(short, same byte) ([]int, error) {
		out := make([]int, n)
		v := 0
		for i, fl := range flags {
			switch {
			case fl&short != 0:
				if p >= len(g) {
					return nil, errors.New("truncated coordinates")
				}
				d := int(g[p])
				p++
				if fl&same == 0 {
					d = -d
				}
				v += d
			case fl&same == 0:
				if p+2 > len(g) {
					return nil, errors.New("truncated coordinates")
				}
				v += int(int16(binary.BigEndian.Uint16(g[p:])))
				p += 2
			}
			out[i] = v
		}
		return out, nil
	}
	xs, err := coords(2, 16)
	if err != nil {
		return nil, err
	}
	ys, err := coords(4, 32)
	if err != nil {
		return nil, err
	}
	var contours [][]Point
	first := 0
	for _, last := range ends {
		if last < first || last >= n {
			return nil, errors.New("bad contour end")
		}
		var pts []Point
		on := func(i int) bool { return flags[i]&1 != 0 }
		at := func(i int) Point { return Point{float64(xs[i]) / upem, float64(ys[i]) / upem} }
		mid := func(a, b Point) Point { return Point{(a.X + b.X) / 2, (a.Y + b.Y) / 2} }
		cnt := last - first + 1
		// Start on an on-curve point (or between two off-curve ones).
		s := first
		for s <= last && !on(s) {
			s++
		}
		var start Point
		if s > last {
			start, s = mid(at(first), at(first+1%cnt)), first
		} else {
			start = at(s)
		}
		pts = append(pts, start)
		prev := start
		var ctrl *Point
		for k := 1; k <= cnt; k++ {
			i := first + (s-first+k)%cnt
			pt := at(i)
			if on(i) {
				if ctrl != nil {
					pts = appendQuad(pts, prev, *ctrl, pt)
					ctrl = nil
				} else {
					pts = append(pts, pt)
				}
				prev = pt
				continue
			}
			if ctrl != nil {
				m := mid(*ctrl, pt)
				pts = appendQuad(pts, prev, *ctrl, m)
				prev = m
			}
			c := pt
			ctrl = &c
		}
		if ctrl != nil {
			pts = appendQuad(pts, prev, *ctrl, start)
		}
		contours = append(contours, pts)
		first = last + 1
	}
	return contours, nil
}

// appendQuad flattens the quadratic curve from a (already in pts) through
// control c to b into straight segments.
func appendQuad(pts []Point, a, c, b Point) []Point {
	const steps = 8
	for i := 1; i <= steps; i++ {
		t := float64(i) / steps
		u := 1 - t
		pts = append(pts, Point{u*u*a.X + 2*u*t*c.X + t*t*b.X, u*u*a.Y + 2*u*t*c.Y + t*t*b.Y})
	}
	return pts
}
