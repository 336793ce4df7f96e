package mdpdf

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"image/png"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/regdoc/regdoc/internal/canvas"
	"github.com/yuin/goldmark/ast"
)

// pxToPt is the assumed size of an image pixel when the image is small
// enough to be shown at natural size (a CSS pixel, 1/96 inch).
const pxToPt = 72.0 / 96.0

// renderImage loads a PNG or JPEG from Options.Images and adds it to the
// current block as a picture span; the block sets it on its own line,
// scaled to fit the text column and the page.
func (r *renderer) renderImage(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	pos := nodePos(n)
	dest := string(n.Destination)
	if r.opts.Images == nil {
		r.report(pos, CodeImage, "image %q: images are not available here (no image folder was given)", dest)
		return ast.WalkSkipChildren, nil
	}
	name, err := imagePath(dest)
	if err != nil {
		r.report(pos, CodeImage, "image %q: %v", dest, err)
		return ast.WalkSkipChildren, nil
	}
	data, err := fs.ReadFile(r.opts.Images, name)
	if err != nil {
		r.report(pos, CodeImage, "image %q: %v", dest, err)
		return ast.WalkSkipChildren, nil
	}
	format, wpx, hpx, err := imageInfo(data)
	if err != nil {
		r.report(pos, CodeImage, "image %q: %v", dest, err)
		return ast.WalkSkipChildren, nil
	}
	pic := &picture{name: name, data: data, format: format, w: float64(wpx) * pxToPt, h: float64(hpx) * pxToPt}
	r.addSpan(span{pic: pic, src: pos})
	return ast.WalkSkipChildren, nil
}

// imagePath turns a Markdown destination into a path inside the image
// file system. Only relative paths inside the tree are allowed: no URLs,
// no absolute paths, no "..".
func imagePath(dest string) (string, error) {
	if strings.Contains(dest, "://") || strings.HasPrefix(dest, "//") || strings.HasPrefix(strings.ToLower(dest), "data:") {
		return "", fmt.Errorf("only files inside the project can be used, not URLs")
	}
	if u, err := url.PathUnescape(dest); err == nil {
		dest = u
	}
	if strings.HasPrefix(dest, "/") || strings.Contains(dest, "\\") {
		return "", fmt.Errorf("the path must be relative and use forward slashes")
	}
	p := path.Clean(dest)
	if !fs.ValidPath(p) || p == "." {
		return "", fmt.Errorf("the path leaves the project directory")
	}
	return p, nil
}

// imageInfo sniffs the format from the content (not the file name) and
// reads the pixel size, refusing variants the PDF writer cannot embed.
func imageInfo(data []byte) (canvas.ImageFormat, int, int, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		if len(data) < 29 {
			return "", 0, 0, fmt.Errorf("truncated PNG")
		}
		depth, interlace := data[24], data[28]
		if depth > 8 {
			return "", 0, 0, fmt.Errorf("16-bit PNG is not supported; save it with 8 bits per channel")
		}
		if interlace != 0 {
			return "", 0, 0, fmt.Errorf("interlaced PNG is not supported; save it non-interlaced")
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return "", 0, 0, fmt.Errorf("bad PNG: %w", err)
		}
		return canvas.PNG, cfg.Width, cfg.Height, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return "", 0, 0, fmt.Errorf("bad JPEG: %w", err)
		}
		return canvas.JPEG, cfg.Width, cfg.Height, nil
	}
	return "", 0, 0, fmt.Errorf("not a PNG or JPEG file")
}

// imageBox scales a picture to the text column and at most 3/4 of the
// body height (leaving room for a caption) and centres it.
func (r *renderer) imageBox(p *picture) *box {
	top, bottom := r.bodyAreaGuess()
	maxH := (bottom - top) * 0.75
	w, h := p.w, p.h
	if w <= 0 || h <= 0 {
		w, h = 1, 1
	}
	s := min(1, r.width/w, maxH/h)
	pic := *p
	pic.w, pic.h = w*s, h*s
	pic.x = r.left + (r.width-pic.w)/2
	pic.y = 4
	return &box{h: pic.h + 8, pic: &pic}
}

// bodyAreaGuess is the portrait body area before the furniture is known
// exactly (it is laid out at the end); it errs on the small side.
func (r *renderer) bodyAreaGuess() (top, bottom float64) {
	_, h := r.geo.paper.Size(canvas.Portrait)
	lh := r.geo.lineHeight(r.geo.furnSize)
	return r.geo.top + 3*lh, h - r.geo.bottom - 5*lh
}
