package mdpdf

import (
	"bytes"
	"encoding/binary"
	"errors"
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
		why := err.Error()
		switch {
		case errors.Is(err, fs.ErrNotExist):
			why = "no such file; check the name (letter case counts) and put the image inside the document's folder"
		case errors.Is(err, fs.ErrPermission):
			why = "the file cannot be read (permission denied)"
		}
		r.report(pos, CodeImage, "image %q: %s", dest, why)
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
		return "", fmt.Errorf("images are never fetched from the network; save it as a file inside the document's folder and link the file")
	}
	if u, err := url.PathUnescape(dest); err == nil {
		dest = u
	}
	if strings.Contains(dest, "\\") {
		return "", fmt.Errorf("write the path with forward slashes (%s)", strings.ReplaceAll(dest, "\\", "/"))
	}
	if strings.HasPrefix(dest, "/") {
		return "", fmt.Errorf("a path from the root of a web site or disk cannot be resolved here; images must be files inside the document's folder, written relative to it (%s)", strings.TrimLeft(dest, "/"))
	}
	p := path.Clean(dest)
	if !fs.ValidPath(p) || p == "." {
		return "", fmt.Errorf("the path leads outside the document's folder; images must be files inside it")
	}
	return p, nil
}

// Limits on images, checked from the file's header before anything is
// decoded: a small file can claim a huge picture (a 1.5 MB PNG claiming
// 20,000 × 20,000 pixels once took 31 s and 8.4 GB to embed).
const (
	// MaxImageSide is the most pixels an image may have across or down:
	// more than 3 feet at 300 dpi, far beyond any page.
	MaxImageSide = 10_000
	// MaxImagePixels is the most pixels an image may have in all.
	MaxImagePixels = 100_000_000
	// MaxImageDecodeBytes is the memory budget for an image that must be
	// decoded to be embedded: a PNG with an alpha channel, which the PDF
	// writer splits into colour and transparency. JPEGs and PNGs without
	// alpha are copied into the PDF without decoding. 64 MiB is an RGBA
	// picture of 4,096 × 4,096 pixels.
	MaxImageDecodeBytes = 64 << 20
)

// imageLimits refuses a picture of w × h pixels whose embedding would
// decode bytesPerPixel bytes per pixel (0 when it is not decoded).
func imageLimits(w, h, bytesPerPixel int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("the header says %d × %d pixels; save the image again", w, h)
	}
	if w > MaxImageSide || h > MaxImageSide || int64(w)*int64(h) > MaxImagePixels {
		return fmt.Errorf("%d × %d pixels is more than the limit of %d pixels a side and %d megapixels; scale it down (300 dpi across a page is about 2,500 × 3,300 pixels)",
			w, h, MaxImageSide, MaxImagePixels/1_000_000)
	}
	if need := int64(w) * int64(h) * int64(bytesPerPixel); need > MaxImageDecodeBytes {
		return fmt.Errorf("a PNG with transparency is decoded to be embedded, and %d × %d pixels with alpha need %d MiB, more than the budget of %d MiB; flatten it on white (remove the alpha channel) or scale it down",
			w, h, (need+1<<20-1)>>20, MaxImageDecodeBytes>>20)
	}
	return nil
}

// imageInfo sniffs the format from the content (not the file name) and
// reads the pixel size from the header, refusing variants the PDF writer
// cannot embed and pictures over the limits before anything is decoded.
func imageInfo(data []byte) (canvas.ImageFormat, int, int, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		if len(data) < 29 || string(data[12:16]) != "IHDR" {
			return "", 0, 0, fmt.Errorf("truncated PNG")
		}
		w, h := int(binary.BigEndian.Uint32(data[16:20])), int(binary.BigEndian.Uint32(data[20:24]))
		depth, colorType, interlace := data[24], data[25], data[28]
		// Grey with alpha (4) and RGBA (6) are decoded and split; the rest
		// is copied as it is.
		decoded := map[byte]int{4: 2, 6: 4}[colorType]
		if err := imageLimits(w, h, decoded); err != nil {
			return "", 0, 0, err
		}
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
		// DecodeConfig reads the header up to the frame size, no pixels.
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return "", 0, 0, fmt.Errorf("bad JPEG: %w", err)
		}
		if err := imageLimits(cfg.Width, cfg.Height, 0); err != nil {
			return "", 0, 0, err
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
