package pdftest

import (
	"strings"
	"testing"
)

// handPDF is a minimal one-page PDF written by hand (no writer of ours is
// involved), with one outline entry and an Info dictionary, so the readers
// are tested against a file whose content is known exactly.
func handPDF() []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R /PageMode /UseOutlines >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"", // content stream, filled below
		"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>",
		"<< /Title (Intro) /Parent 6 0 R /Dest [3 0 R /XYZ 0 792 null] >>",
		"<< /Title (Hand made) /Author (Tester) /Producer (pdftest) >>",
	}
	content := "BT /F1 12 Tf 72 700 Td (Hello reader) Tj ET"
	objs[4] = "<< /Length " + itoa(len(content)) + " >>\nstream\n" + content + "\nendstream"
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		b.WriteString(itoa(i+1) + " 0 obj\n" + o + "\nendobj\n")
	}
	xref := b.Len()
	b.WriteString("xref\n0 " + itoa(len(objs)+1) + "\n0000000000 65535 f \n")
	for _, off := range offsets {
		s := itoa(off)
		b.WriteString(strings.Repeat("0", 10-len(s)) + s + " 00000 n \n")
	}
	b.WriteString("trailer\n<< /Size " + itoa(len(objs)+1) + " /Root 1 0 R /Info 8 0 R >>\nstartxref\n" + itoa(xref) + "\n%%EOF\n")
	return []byte(b.String())
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

func TestReadHandMadePDF(t *testing.T) {
	pdf := handPDF()
	txt, err := Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(txt, "Hello reader") {
		t.Errorf("text = %q, want it to contain %q", txt, "Hello reader")
	}
	info, err := Info(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"Title": "Hand made", "Author": "Tester", "Producer": "pdftest", "PageCount": "1", "Version": "14"} {
		if info[k] != want {
			t.Errorf("Info[%s] = %q, want %q", k, info[k], want)
		}
	}
	bms, err := Bookmarks(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(bms) != 1 || bms[0].Title != "Intro" || bms[0].Page != 1 {
		t.Errorf("bookmarks = %+v, want one entry Intro on page 1", bms)
	}
	if err := Validate(pdf); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestRejectsGarbage(t *testing.T) {
	if _, err := Text([]byte("not a pdf")); err == nil {
		t.Error("Text accepted garbage")
	}
	if err := Validate([]byte("not a pdf")); err == nil {
		t.Error("Validate accepted garbage")
	}
}
