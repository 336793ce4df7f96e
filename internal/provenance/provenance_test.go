package provenance

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func sample() Record {
	return Record{Version: "0.1.0", Inputs: []Input{
		{Role: RoleData, Name: "data/process.json", SHA256: Hash([]byte("{}"))},
		{Role: RoleManifest, Name: "regdoc.json", SHA256: Hash([]byte("m"))},
		{Role: RoleTemplate, Name: "cmc/s22.md", SHA256: Hash([]byte("t")), Builtin: true},
		{Role: RoleImage, Name: "figures/Ströme <&> \"1\".png", SHA256: Hash([]byte("png"))},
		{Role: RoleData, Name: "data/process.json", SHA256: Hash([]byte("{}"))},
	}}.Sorted()
}

func TestSortedOrdersAndDeduplicates(t *testing.T) {
	r := sample()
	var got []string
	for _, in := range r.Inputs {
		got = append(got, in.Role+":"+in.Name)
	}
	want := "manifest:regdoc.json data:data/process.json template:cmc/s22.md image:figures/Ströme <&> \"1\".png"
	if strings.Join(got, " ") != want {
		t.Errorf("order %q, want %q", strings.Join(got, " "), want)
	}
}

func TestXMPRoundTrip(t *testing.T) {
	r := sample()
	pdf := append([]byte("%PDF-1.4\n1 0 obj\nstream\n"), r.XMP(Meta{Title: "3.2.S.2.2 <Process> & more", Date: time.Date(2026, 1, 2, 12, 0, 0, 0, time.UTC)})...)
	pdf = append(pdf, "\nendstream\n"...)
	got, err := Read(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != r.Version || len(got.Inputs) != len(r.Inputs) {
		t.Fatalf("read %+v, want %+v", got, r)
	}
	for i := range r.Inputs {
		if got.Inputs[i] != r.Inputs[i] {
			t.Errorf("input %d: %+v, want %+v", i, got.Inputs[i], r.Inputs[i])
		}
	}
	if !strings.Contains(string(pdf), "<xmp:CreateDate>2026-01-02T12:00:00</xmp:CreateDate>") {
		t.Error("packet lacks the creation date as the information dictionary writes it")
	}
}

func TestReadRefusesForeignFiles(t *testing.T) {
	if _, err := Read([]byte("%PDF-1.4\n%%EOF\n")); !errors.Is(err, ErrNoRecord) {
		t.Errorf("PDF without packet: %v, want ErrNoRecord", err)
	}
	other := "%PDF-1.4\n<?xpacket begin=\"\" id=\"x\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/><?xpacket end=\"w\"?>"
	if _, err := Read([]byte(other)); !errors.Is(err, ErrNoRecord) {
		t.Errorf("PDF with another tool's packet: %v, want ErrNoRecord", err)
	}
	if _, err := Read([]byte("PK\x03\x04")); err == nil || errors.Is(err, ErrNoRecord) {
		t.Errorf("not a PDF: %v, want a not-a-PDF error", err)
	}
}

func TestInfoNamesBuiltinsByVersion(t *testing.T) {
	info := sample().Info()
	if !strings.Contains(info, "template builtin:cmc/s22.md@0.1.0 sha256:") {
		t.Errorf("info %q does not name the built-in template by version", info)
	}
	if !strings.HasPrefix(info, "manifest regdoc.json sha256:"+Hash([]byte("m"))) {
		t.Errorf("info %q does not start with the manifest's hash", info)
	}
}
