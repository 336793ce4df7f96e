package canvas

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/regdoc/regdoc/internal/provenance"
)

func stampedSample(t *testing.T, title string) ([]byte, provenance.Record) {
	t.Helper()
	p := NewPDF(nil, Info{Title: title, Author: "Example Biologics (R&D)", Subject: "CTD Module 3", Keywords: "IVIG, 3.2.S.2.2",
		Creator: "regdoc 0.1.0", Producer: "regdoc 0.1.0", Date: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)})
	p.AddPage(Letter, Portrait)
	p.SetFont(Font{Family: Serif}, 12)
	p.Text(72, 72, "Yield 75 % "+special)
	p.Bookmark("Section", 0, 72)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	rec := provenance.Record{Version: "0.1.0", Inputs: []provenance.Input{
		{Role: provenance.RoleManifest, Name: "regdoc.json", SHA256: provenance.Hash([]byte("m"))},
		{Role: provenance.RoleData, Name: "data/prozess-ü (1).json", SHA256: provenance.Hash([]byte("d"))},
	}}
	out, err := Stamp(buf.Bytes(), rec)
	if err != nil {
		t.Fatal(err)
	}
	return out, rec
}

// TestStampKeepsTheFileSound checks the amended file as a reader does:
// every cross-reference entry points at its object, PDFium opens it and
// extracts the same text and outline, and the information dictionary and
// the XMP packet both carry the record.
func TestStampKeepsTheFileSound(t *testing.T) {
	title := "3.2.S.2.2 Beschreibung – Ċ (Prozess)"
	pdf, rec := stampedSample(t, title)
	xref := regexp.MustCompile(`(?s)xref\n0 (\d+)\n(.*?)trailer`).FindSubmatch(pdf)
	if xref == nil {
		t.Fatal("no cross-reference table")
	}
	lines := strings.Split(strings.TrimSpace(string(xref[2])), "\n")
	for n, line := range lines[1:] {
		off, _ := strconv.Atoi(line[:10])
		if want := fmt.Sprintf("%d 0 obj", n+1); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Errorf("xref entry %d points at %q", n+1, pdf[off:off+12])
		}
	}
	if err := pdftest.Validate(pdf); err != nil {
		t.Fatal(err)
	}
	text, err := pdftest.Text(pdf)
	if err != nil || !strings.Contains(text, "Yield 75 %") {
		t.Errorf("text after stamping: %q, %v", text, err)
	}
	info, err := pdftest.Info(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if info["Title"] != title || info["Author"] != "Example Biologics (R&D)" {
		t.Errorf("title %q, author %q changed by stamping", info["Title"], info["Author"])
	}
	inputs, err := pdftest.InfoValue(pdf, provenance.InfoInputs)
	if err != nil {
		t.Fatal(err)
	}
	if inputs != rec.Info() {
		t.Errorf("information dictionary %s = %q, want %q", provenance.InfoInputs, inputs, rec.Info())
	}
	if v, _ := pdftest.InfoValue(pdf, provenance.InfoVersion); v != "0.1.0" {
		t.Errorf("%s = %q", provenance.InfoVersion, v)
	}
	got, err := provenance.Read(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(rec) {
		t.Errorf("XMP record %+v, want %+v", got, rec)
	}
	// The packet repeats the information dictionary, non-ASCII title included.
	if !bytes.Contains(pdf, []byte("<rdf:li xml:lang=\"x-default\">"+title+"</rdf:li>")) {
		t.Error("XMP dc:title differs from the information dictionary's Title")
	}
	if !bytes.Contains(pdf, []byte("<rdf:li>Example Biologics (R&amp;D)</rdf:li>")) {
		t.Error("XMP dc:creator differs from the Author")
	}
	if !regexp.MustCompile(`/Metadata \d+ 0 R`).Match(pdf) {
		t.Error("catalog does not point at the metadata stream")
	}
}

func TestStampIsReproducible(t *testing.T) {
	a, _ := stampedSample(t, "Title")
	b, _ := stampedSample(t, "Title")
	if !bytes.Equal(a, b) {
		t.Error("the same drawing and record gave different bytes")
	}
}

func TestStampRefusesOtherFiles(t *testing.T) {
	for _, in := range []string{"", "%PDF-1.4\n", "%PDF-1.4\nxref\n0 1\ntrailer\n<<>>\nstartxref\n9\n%%EOF\n"} {
		if _, err := Stamp([]byte(in), provenance.Record{}); err == nil {
			t.Errorf("Stamp(%q) accepted", in)
		}
	}
}
