package provenance

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// Namespace is the XMP namespace of the record's properties (prefix
// "regdoc").
const Namespace = "https://regdoc.dev/ns/provenance/1.0/"

// Meta is the document information the XMP packet repeats, so the packet
// and the information dictionary agree (readers and validators compare
// them).
type Meta struct {
	Title, Author, Subject, Keywords, Creator, Producer string
	Date                                                time.Time
}

// XMP returns the record as an XMP packet (UTF-8, uncompressed, with
// padding so an editor can update it in place) carrying meta in the
// Dublin Core, PDF and XMP basic schemas as well. The dates are written
// without a time zone, exactly as the information dictionary holds them.
func (r Record) XMP(meta Meta) []byte {
	var b bytes.Buffer
	esc := func(s string) string {
		var e strings.Builder
		_ = xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	b.WriteString("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
	b.WriteString(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
	b.WriteString("  <rdf:Description rdf:about=\"\"\n")
	b.WriteString("    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n")
	b.WriteString("    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n")
	b.WriteString("    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n")
	fmt.Fprintf(&b, "    xmlns:regdoc=%q>\n", Namespace)
	b.WriteString("   <dc:format>application/pdf</dc:format>\n")
	if meta.Title != "" {
		fmt.Fprintf(&b, "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n", esc(meta.Title))
	}
	if meta.Author != "" {
		fmt.Fprintf(&b, "   <dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n", esc(meta.Author))
	}
	if meta.Subject != "" {
		fmt.Fprintf(&b, "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:description>\n", esc(meta.Subject))
	}
	if meta.Keywords != "" {
		fmt.Fprintf(&b, "   <pdf:Keywords>%s</pdf:Keywords>\n", esc(meta.Keywords))
	}
	if meta.Producer != "" {
		fmt.Fprintf(&b, "   <pdf:Producer>%s</pdf:Producer>\n", esc(meta.Producer))
	}
	if meta.Creator != "" {
		fmt.Fprintf(&b, "   <xmp:CreatorTool>%s</xmp:CreatorTool>\n", esc(meta.Creator))
	}
	if !meta.Date.IsZero() {
		d := meta.Date.UTC().Format("2006-01-02T15:04:05")
		fmt.Fprintf(&b, "   <xmp:CreateDate>%s</xmp:CreateDate>\n   <xmp:ModifyDate>%s</xmp:ModifyDate>\n   <xmp:MetadataDate>%s</xmp:MetadataDate>\n", d, d, d)
	}
	fmt.Fprintf(&b, "   <regdoc:Version>%s</regdoc:Version>\n", esc(r.Version))
	b.WriteString("   <regdoc:Inputs>\n    <rdf:Seq>\n")
	for _, in := range r.Inputs {
		b.WriteString("     <rdf:li rdf:parseType=\"Resource\">")
		fmt.Fprintf(&b, "<regdoc:Role>%s</regdoc:Role><regdoc:Name>%s</regdoc:Name>", esc(in.Role), esc(in.Name))
		if in.SHA256 != "" {
			fmt.Fprintf(&b, "<regdoc:SHA256>%s</regdoc:SHA256>", esc(in.SHA256))
		}
		if in.Builtin {
			b.WriteString("<regdoc:Builtin>True</regdoc:Builtin>")
		}
		b.WriteString("</rdf:li>\n")
	}
	b.WriteString("    </rdf:Seq>\n   </regdoc:Inputs>\n")
	b.WriteString("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n")
	// Padding lets an XMP editor rewrite the packet in place.
	pad := strings.Repeat(strings.Repeat(" ", 99)+"\n", 20)
	b.WriteString(pad)
	b.WriteString("<?xpacket end=\"w\"?>")
	return b.Bytes()
}

// parseXMP reads the regdoc properties of an XMP packet (from its
// "<?xpacket begin" up to, not including, its "<?xpacket end").
func parseXMP(packet []byte) (Record, error) {
	dec := xml.NewDecoder(bytes.NewReader(packet))
	dec.Strict = true
	var (
		rec      Record
		path     []xml.Name
		cur      *Input
		text     strings.Builder
		inInputs bool
		found    bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Record{}, fmt.Errorf("provenance record: the XMP packet is not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name)
			text.Reset()
			switch {
			case t.Name.Space == Namespace && t.Name.Local == "Inputs":
				inInputs = true
			case inInputs && t.Name.Local == "li":
				rec.Inputs = append(rec.Inputs, Input{})
				cur = &rec.Inputs[len(rec.Inputs)-1]
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			path = path[:len(path)-1]
			v := strings.TrimSpace(text.String())
			if t.Name.Space == Namespace {
				switch t.Name.Local {
				case "Version":
					rec.Version, found = v, true
				case "Inputs":
					inInputs = false
				case "Role", "Name", "SHA256", "Builtin":
					if cur == nil {
						return Record{}, fmt.Errorf("provenance record: regdoc:%s outside an input", t.Name.Local)
					}
					switch t.Name.Local {
					case "Role":
						cur.Role = v
					case "Name":
						cur.Name = v
					case "SHA256":
						cur.SHA256 = v
					case "Builtin":
						cur.Builtin = v == "True"
					}
				}
			}
			if inInputs && t.Name.Local == "li" {
				cur = nil
			}
			text.Reset()
		}
	}
	if !found {
		return Record{}, ErrNoRecord
	}
	for i, in := range rec.Inputs {
		if in.Role == "" || in.Name == "" {
			return Record{}, fmt.Errorf("provenance record: input %d has no role or name", i+1)
		}
	}
	return rec, nil
}
