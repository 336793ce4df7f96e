// Package provenance is the record every PDF regdoc writes carries of what
// it was built from: the SHA-256 of each input (manifest, data files,
// templates, images, fonts) and the regdoc version. It writes the record as
// an XMP packet and as document-information values, and reads it back from
// a PDF, so `regdoc verify` can tell whether a PDF still matches its
// project. It knows nothing of PDF structure beyond finding the packet.
package provenance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Roles an input plays in a build.
const (
	RoleManifest = "manifest"
	RoleData     = "data"
	RoleTemplate = "template"
	RoleImage    = "image"
	RoleFont     = "font"
	RoleMarkdown = "markdown" // the Markdown file 'regdoc render' typesets
)

// BuiltinFonts names the fonts built into regdoc: they change only with
// the regdoc version, so the record names them rather than hashing them.
const BuiltinFonts = "Liberation Serif, Sans and Mono"

// Input is one file a PDF was built from. Name is the file's path relative
// to the project folder, with forward slashes, or for a part of regdoc
// itself (a built-in template or the built-in fonts) its name there, with
// Builtin set: those are identified by the regdoc version and name, and a
// built-in template's SHA-256 is kept too so a changed built-in shows.
type Input struct {
	Role    string `json:"role"`
	Name    string `json:"name"`
	SHA256  string `json:"sha256,omitempty"`
	Builtin bool   `json:"builtin,omitempty"`
}

// Record says what one PDF was built from.
type Record struct {
	Version string  `json:"regdoc_version"`
	Inputs  []Input `json:"inputs"`
}

// Hash is the SHA-256 of b in lower-case hex, as the record keeps it.
func Hash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Sorted returns the record with its inputs in a fixed order (role, then
// name) and duplicates removed, so the same inputs always give the same
// bytes whatever order they were read in.
func (r Record) Sorted() Record {
	order := map[string]int{RoleManifest: 0, RoleData: 1, RoleTemplate: 2, RoleMarkdown: 3, RoleImage: 4, RoleFont: 5}
	in := append([]Input(nil), r.Inputs...)
	sort.SliceStable(in, func(i, j int) bool {
		if in[i].Role != in[j].Role {
			return order[in[i].Role] < order[in[j].Role]
		}
		return in[i].Name < in[j].Name
	})
	out := in[:0]
	for i, x := range in {
		if i > 0 && x == in[i-1] {
			continue
		}
		out = append(out, x)
	}
	r.Inputs = out
	return r
}

// Info is the record as one document-information text value (key
// InfoInputs): one input a line, "role name sha256" (built-ins as
// "role builtin:name@version"), readable in any PDF viewer's properties.
func (r Record) Info() string {
	var b strings.Builder
	for i, in := range r.Inputs {
		if i > 0 {
			b.WriteString("\n")
		}
		name := in.Name
		if in.Builtin {
			name = "builtin:" + name + "@" + r.Version
		}
		fmt.Fprintf(&b, "%s %s", in.Role, name)
		if in.SHA256 != "" {
			b.WriteString(" sha256:" + in.SHA256)
		}
	}
	return b.String()
}

// Document-information keys that carry the record.
const (
	InfoVersion = "RegdocVersion"
	InfoInputs  = "RegdocInputs"
)

// ErrNoRecord means a file carries no regdoc provenance record: regdoc did
// not write it, or wrote it before records existed.
var ErrNoRecord = errors.New("no regdoc provenance record (regdoc did not write this PDF)")

// Read finds the record in a PDF's XMP packet. regdoc writes the packet
// uncompressed, as XMP asks, so it is found in the bytes as written.
func Read(pdf []byte) (Record, error) {
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return Record{}, errors.New("not a PDF file (it does not start with %PDF-)")
	}
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("<?xpacket begin="))
		if i < 0 {
			return Record{}, ErrNoRecord
		}
		rest = rest[i:]
		j := bytes.Index(rest, []byte("<?xpacket end="))
		if j < 0 {
			return Record{}, ErrNoRecord
		}
		packet := rest[:j]
		rest = rest[j:]
		if !bytes.Contains(packet, []byte(Namespace)) {
			continue
		}
		return parseXMP(packet)
	}
}
