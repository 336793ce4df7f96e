package canvas

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"
	"unicode/utf16"

	"github.com/regdoc/regdoc/internal/provenance"
)

// Stamp returns pdf, as PDF.Output wrote it, with rec added: an XMP
// metadata stream (referenced from the catalog, repeating the document
// information so the two agree) and the record's values in the document
// information dictionary. gofpdf writes an XMP stream but never points the
// catalog at it, and writes no keys of its own choosing into the
// information dictionary, so the finished file is amended here: the two
// dictionaries gain entries, the metadata stream is appended as a new
// object and the cross-reference table is written again. The same pdf and
// rec give the same bytes.
func Stamp(pdf []byte, rec provenance.Record) ([]byte, error) {
	f, err := parseTail(pdf)
	if err != nil {
		return nil, fmt.Errorf("canvas: stamp: %w", err)
	}
	infoAt, err := f.dictStart(pdf, f.info)
	if err != nil {
		return nil, fmt.Errorf("canvas: stamp: information dictionary: %w", err)
	}
	rootAt, err := f.dictStart(pdf, f.root)
	if err != nil {
		return nil, fmt.Errorf("canvas: stamp: catalog: %w", err)
	}
	meta, err := readInfo(pdf[infoAt:f.xref])
	if err != nil {
		return nil, fmt.Errorf("canvas: stamp: information dictionary: %w", err)
	}
	xmpObj := f.size // the next free object number
	insert := map[int][]byte{
		infoAt: []byte("/" + provenance.InfoVersion + " " + pdfText(rec.Version) + "\n/" + provenance.InfoInputs + " " + pdfText(rec.Info()) + "\n"),
		rootAt: fmt.Appendf(nil, "/Metadata %d 0 R\n", xmpObj),
	}
	var out bytes.Buffer
	out.Grow(len(pdf) + 8192)
	shift := func(off int) int {
		d := 0
		for at, b := range insert {
			if at <= off {
				d += len(b)
			}
		}
		return off + d
	}
	// The body up to the old cross-reference table, with the insertions.
	first, second := infoAt, rootAt
	if second < first {
		first, second = second, first
	}
	out.Write(pdf[:first])
	out.Write(insert[first])
	out.Write(pdf[first:second])
	out.Write(insert[second])
	out.Write(pdf[second:f.xref])
	offsets := make([]int, f.size+1)
	for n := 1; n < f.size; n++ {
		offsets[n] = shift(f.offsets[n])
		if f.offsets[n] == infoAt || f.offsets[n] == rootAt {
			return nil, errors.New("canvas: stamp: an object starts where a dictionary does")
		}
	}
	offsets[xmpObj] = out.Len()
	xmp := rec.XMP(meta)
	fmt.Fprintf(&out, "%d 0 obj\n<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n", xmpObj, len(xmp))
	out.Write(xmp)
	out.WriteString("\nendstream\nendobj\n")
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", f.size+1)
	for n := 1; n <= f.size; n++ {
		fmt.Fprintf(&out, "%010d 00000 n \n", offsets[n])
	}
	fmt.Fprintf(&out, "trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n>>\nstartxref\n%d\n%%%%EOF\n", f.size+1, f.root, f.info, xref)
	return out.Bytes(), nil
}

// tail is what Stamp needs of a PDF's last cross-reference section.
type tail struct {
	xref       int   // offset of "xref"
	size       int   // /Size: object numbers run 0..size-1
	root, info int   // object numbers
	offsets    []int // by object number
}

var (
	startxrefRe = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	trailerRe   = regexp.MustCompile(`(?s)^xref\n0 (\d+)\n`)
	sizeRe      = regexp.MustCompile(`/Size (\d+)`)
	rootRe      = regexp.MustCompile(`/Root (\d+) 0 R`)
	infoRe      = regexp.MustCompile(`/Info (\d+) 0 R`)
)

// parseTail reads the single classic cross-reference table gofpdf writes.
func parseTail(pdf []byte) (*tail, error) {
	m := startxrefRe.FindSubmatch(pdf)
	if m == nil {
		return nil, errors.New("no startxref at the end of the file")
	}
	x, _ := strconv.Atoi(string(m[1]))
	if x <= 0 || x >= len(pdf) {
		return nil, errors.New("startxref points outside the file")
	}
	sec := pdf[x:]
	h := trailerRe.FindSubmatch(sec)
	if h == nil {
		return nil, errors.New("no cross-reference table at startxref")
	}
	n, _ := strconv.Atoi(string(h[1]))
	t := &tail{xref: x, offsets: make([]int, n)}
	entries := sec[len(h[0]):]
	if len(entries) < 20*n {
		return nil, errors.New("cross-reference table is cut short")
	}
	for i := 1; i < n; i++ {
		e := entries[20*i : 20*i+10]
		t.offsets[i], _ = strconv.Atoi(string(e))
	}
	tr := entries[20*n:]
	sm, rm, im := sizeRe.FindSubmatch(tr), rootRe.FindSubmatch(tr), infoRe.FindSubmatch(tr)
	if sm == nil || rm == nil || im == nil {
		return nil, errors.New("trailer lacks /Size, /Root or /Info")
	}
	t.size, _ = strconv.Atoi(string(sm[1]))
	t.root, _ = strconv.Atoi(string(rm[1]))
	t.info, _ = strconv.Atoi(string(im[1]))
	if t.size != n || t.root <= 0 || t.root >= n || t.info <= 0 || t.info >= n {
		return nil, errors.New("trailer does not match the cross-reference table")
	}
	return t, nil
}

// dictStart is the offset just after the "<<" that opens object n's
// dictionary.
func (t *tail) dictStart(pdf []byte, n int) (int, error) {
	off := t.offsets[n]
	head := fmt.Appendf(nil, "%d 0 obj\n<<\n", n)
	if off <= 0 || off >= len(pdf) || !bytes.HasPrefix(pdf[off:], head) {
		return 0, fmt.Errorf("object %d is not where the cross-reference table says", n)
	}
	return off + len(head), nil
}

// pdfText encodes s as a PDF text string: a literal string when it is
// printable ASCII, else UTF-16BE with a byte-order mark in hex, so any
// path or title survives.
func pdfText(s string) string {
	ascii := true
	for _, r := range s {
		if r > 0x7e || (r < 0x20 && r != '\n') {
			ascii = false
			break
		}
	}
	if ascii {
		var b bytes.Buffer
		b.WriteByte('(')
		for i := 0; i < len(s); i++ {
			switch c := s[i]; c {
			case '\\', '(', ')':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\n':
				b.WriteString(`\n`)
			default:
				b.WriteByte(c)
			}
		}
		b.WriteByte(')')
		return b.String()
	}
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteByte('>')
	return b.String()
}

// readInfo reads the text values gofpdf writes into the information
// dictionary ("/Key (literal)" pairs up to the closing ">>") for the XMP
// packet to repeat. The literal strings are scanned by their escapes, not
// by lines: UTF-16 text may hold a newline byte.
func readInfo(dict []byte) (provenance.Meta, error) {
	var m provenance.Meta
	vals := map[string]string{}
	for i := 0; i < len(dict); {
		switch {
		case bytes.HasPrefix(dict[i:], []byte(">>")):
			i = len(dict)
		case dict[i] == '/':
			sp := bytes.IndexByte(dict[i:], ' ')
			if sp < 0 || i+sp+1 >= len(dict) || dict[i+sp+1] != '(' {
				return m, errors.New("a key without a literal string value")
			}
			key := string(dict[i+1 : i+sp])
			s, n, err := literal(dict[i+sp+2:])
			if err != nil {
				return m, fmt.Errorf("/%s: %w", key, err)
			}
			vals[key] = s
			i += sp + 2 + n
		default:
			i++
		}
	}
	m.Title, m.Author, m.Subject = vals["Title"], vals["Author"], vals["Subject"]
	m.Keywords, m.Creator, m.Producer = vals["Keywords"], vals["Creator"], vals["Producer"]
	if d, ok := vals["CreationDate"]; ok {
		t, err := time.Parse("D:20060102150405", d)
		if err != nil {
			return m, fmt.Errorf("CreationDate %q: %w", d, err)
		}
		m.Date = t
	}
	return m, nil
}

// literal decodes the rest of a literal string (after its "("), undoing
// gofpdf's escapes and its UTF-16BE encoding of UTF-8 text, and says how
// many bytes it read, the closing ")" included.
func literal(v []byte) (string, int, error) {
	var raw []byte
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch c {
		case '\\':
			i++
			if i == len(v) {
				return "", 0, errors.New("string ends in a backslash")
			}
			switch v[i] {
			case 'r':
				raw = append(raw, '\r')
			case 'n':
				raw = append(raw, '\n')
			default:
				raw = append(raw, v[i])
			}
		case ')':
			return decodeText(raw), i + 1, nil
		default:
			raw = append(raw, c)
		}
	}
	return "", 0, errors.New("unterminated string")
}

// decodeText turns the bytes of a PDF text string into UTF-8.
func decodeText(raw []byte) string {
	if len(raw) >= 2 && raw[0] == 0xFE && raw[1] == 0xFF {
		u := make([]uint16, 0, len(raw)/2)
		for i := 2; i+1 < len(raw); i += 2 {
			u = append(u, uint16(raw[i])<<8|uint16(raw[i+1]))
		}
		return string(utf16.Decode(u))
	}
	return string(raw) // PDFDocEncoding; gofpdf writes ASCII this way
}
