package mdpdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

// pngClaiming builds a PNG whose header claims w × h pixels of the given
// colour type (8 bits per channel) and whose data are the zlib-compressed
// zeros of its first rows: a small file standing for a huge picture.
func pngClaiming(t *testing.T, w, h int, colorType byte, rows int) []byte {
	t.Helper()
	chunk := func(b *bytes.Buffer, typ string, data []byte) {
		_ = binary.Write(b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		_ = binary.Write(b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, colorType
	chunk(&b, "IHDR", ihdr)
	channels := map[byte]int{0: 1, 2: 3, 4: 2, 6: 4}[colorType]
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	row := make([]byte, 1+w*channels)
	for i := 0; i < rows; i++ {
		_, _ = zw.Write(row)
	}
	_ = zw.Close()
	chunk(&b, "IDAT", z.Bytes())
	chunk(&b, "IEND", nil)
	return b.Bytes()
}

// jpegClaiming is a real 16 × 16 JPEG whose frame header is changed to
// claim w × h pixels.
func jpegClaiming(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 16, 16)), nil); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	i := bytes.Index(data, []byte{0xFF, 0xC0})
	if i < 0 {
		t.Fatal("no SOF0 marker")
	}
	binary.BigEndian.PutUint16(data[i+5:], uint16(h))
	binary.BigEndian.PutUint16(data[i+7:], uint16(w))
	return data
}

// Pictures over the limits are refused from their header, at the image's
// place in the Markdown, before anything is decoded: the attack file (a
// 1.5 MB PNG claiming 20,000 × 20,000 RGBA pixels) once took 31 s and
// 8.4 GB; now it must cost next to nothing.
func TestHugeImagesAreRefusedFromTheHeader(t *testing.T) {
	// The real attack file held 18,000 rows of data (1.5 MB); 3,000 rows
	// make the same claim and keep the test quick.
	attack := pngClaiming(t, 20000, 20000, 6, 3000)
	if len(attack) < 200<<10 {
		t.Fatalf("attack file is %d bytes, want a few hundred KB", len(attack))
	}
	imgs := fstest.MapFS{
		"rgba20k.png":   {Data: attack},
		"grey60k.png":   {Data: pngClaiming(t, 60000, 60000, 0, 10)},
		"jpeg60k.jpg":   {Data: jpegClaiming(t, 60000, 60000)},
		"wide.jpg":      {Data: jpegClaiming(t, 12000, 100)},
		"rgba5k.png":    {Data: pngClaiming(t, 5000, 5000, 6, 10)},
		"greyalpha.png": {Data: pngClaiming(t, 6000, 6000, 4, 10)},
	}
	for _, tc := range []struct{ file, msg string }{
		{"rgba20k.png", "20000 × 20000 pixels is more than the limit of 10000 pixels a side and 100 megapixels"},
		{"grey60k.png", "60000 × 60000 pixels is more than the limit"},
		{"jpeg60k.jpg", "60000 × 60000 pixels is more than the limit"},
		{"wide.jpg", "12000 × 100 pixels is more than the limit"},
		{"rgba5k.png", "need 96 MiB, more than the budget of 64 MiB"},
		{"greyalpha.png", "need 69 MiB, more than the budget of 64 MiB"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			src := "# Pictures\n\nText.\n\n![big](" + tc.file + ")\n"
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := Render(&bytes.Buffer{}, []byte(src), Options{File: "pics.md", Images: imgs})
			runtime.ReadMemStats(&after)
			d, ok := firstProblem(err)
			if !ok || d.Code != CodeImage || d.File != "pics.md" || d.Line != 5 || d.Col != 1 || !strings.Contains(d.Message, tc.msg) {
				t.Fatalf("err = %v, want pics.md:5:1 %s with %q", err, CodeImage, tc.msg)
			}
			// Reading the file and typesetting a page allocate a few MB;
			// decoding the attack would take gigabytes.
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
				t.Errorf("refusing it allocated %d MB", grew>>20)
			}
		})
	}
}

// Pictures inside the limits are embedded: large ones that are copied
// as they are, and alpha PNGs within the decoding budget.
func TestImagesInsideTheLimitsAreEmbedded(t *testing.T) {
	imgs := fstest.MapFS{
		"grey.png": {Data: pngClaiming(t, 3000, 2000, 0, 2000)},
		"rgba.png": {Data: pngClaiming(t, 2000, 2000, 6, 2000)},
	}
	for _, f := range []string{"grey.png", "rgba.png"} {
		var buf bytes.Buffer
		if _, err := Render(&buf, []byte("![x]("+f+")\n"), Options{Images: imgs}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
