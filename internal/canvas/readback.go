package canvas

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// PageTexts reads back the text of each page of a PDF this adapter wrote,
// in drawing order, one string per page with one line per text run. It
// understands exactly what PDF.Output writes — pages in order, each with
// one Flate-compressed content stream, text shown with Tj as UTF-16BE —
// and is meant for comparing two builds (regdoc diff), not for PDFs from
// elsewhere. Text drawn as outlines (figure labels on drawing sheets) is
// not text here.
func PageTexts(pdf []byte) ([]string, error) {
	t, err := parseTail(pdf)
	if err != nil {
		return nil, fmt.Errorf("canvas: read back: %w", err)
	}
	object := func(n int) ([]byte, error) {
		if n <= 0 || n >= len(t.offsets) {
			return nil, fmt.Errorf("no object %d", n)
		}
		off := t.offsets[n]
		end := bytes.Index(pdf[off:], []byte("endobj"))
		if end < 0 {
			return nil, fmt.Errorf("object %d has no end", n)
		}
		return pdf[off : off+end], nil
	}
	var pages []string
	for n := 1; n < len(t.offsets); n++ {
		obj, err := object(n)
		if err != nil {
			return nil, err
		}
		if !pageRe.Match(obj) {
			continue
		}
		m := contentsRe.FindSubmatch(obj)
		if m == nil {
			return nil, fmt.Errorf("canvas: read back: page object %d has no contents", n)
		}
		cn, _ := strconv.Atoi(string(m[1]))
		cobj, err := object(cn)
		if err != nil {
			return nil, err
		}
		content, err := streamOf(cobj)
		if err != nil {
			return nil, fmt.Errorf("canvas: read back: page object %d: %w", n, err)
		}
		pages = append(pages, showText(content))
	}
	return pages, nil
}

var (
	pageRe     = regexp.MustCompile(`/Type /Page\b[^s]`)
	contentsRe = regexp.MustCompile(`/Contents (\d+) 0 R`)
	lengthRe   = regexp.MustCompile(`/Length (\d+)`)
)

// streamOf returns the decoded stream of an object.
func streamOf(obj []byte) ([]byte, error) {
	i := bytes.Index(obj, []byte("stream\n"))
	if i < 0 {
		return nil, errors.New("no stream")
	}
	data := obj[i+len("stream\n"):]
	if m := lengthRe.FindSubmatch(obj[:i]); m != nil {
		if n, _ := strconv.Atoi(string(m[1])); n <= len(data) {
			data = data[:n]
		}
	}
	if !bytes.Contains(obj[:i], []byte("/FlateDecode")) {
		return data, nil
	}
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// showText collects the strings of the Tj operators of a content stream.
func showText(content []byte) string {
	var b strings.Builder
	for i := 0; i < len(content); i++ {
		if content[i] != '(' {
			continue
		}
		var raw []byte
		j := i + 1
		for ; j < len(content) && content[j] != ')'; j++ {
			c := content[j]
			if c == '\\' && j+1 < len(content) {
				j++
				switch content[j] {
				case 'r':
					c = '\r'
				case 'n':
					c = '\n'
				default:
					c = content[j]
				}
			}
			raw = append(raw, c)
		}
		if bytes.HasPrefix(bytes.TrimLeft(content[min(j+1, len(content)):], " "), []byte("Tj")) {
			u := make([]uint16, 0, len(raw)/2)
			for k := 0; k+1 < len(raw); k += 2 {
				u = append(u, uint16(raw[k])<<8|uint16(raw[k+1]))
			}
			b.WriteString(string(utf16.Decode(u)))
			b.WriteByte('\n')
		}
		i = j
	}
	return b.String()
}
