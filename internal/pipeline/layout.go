package pipeline

import (
	"fmt"
	"path"
	"strings"
)

// Layouts say where a build puts each document.
const (
	// LayoutFlat writes every document into the output folder.
	LayoutFlat = "flat"
	// LayoutECTD writes CTD documents into the eCTD v3.2.2 Module 3 folder
	// tree (m3/32-body-data/...), the way a publishing tool expects them;
	// documents without a CTD section (patent exhibits) go to patent/.
	LayoutECTD = "ectd"
)

// ectdFolder is a CTD Module 3 heading and its folder under m3/32-body-data.
type ectdFolder struct{ prefix, folder string }

// ectdFolders maps CTD Module 3 headings to their folders, following ICH
// eCTD v3.2.2 Appendix 4. {ds} is the drug-substance folder and {dp} the
// drug-product folder.
func ectdFolders() []ectdFolder {
	return []ectdFolder{
		{"3.2.S.1", "32s-drug-sub/{ds}/32s1-gen-info"},
		{"3.2.S.2", "32s-drug-sub/{ds}/32s2-manuf"},
		{"3.2.S.3", "32s-drug-sub/{ds}/32s3-charac"},
		{"3.2.S.4.1", "32s-drug-sub/{ds}/32s4-contr-drug-sub/32s41-spec"},
		{"3.2.S.4.2", "32s-drug-sub/{ds}/32s4-contr-drug-sub/32s42-analyt-proc"},
		{"3.2.S.4.3", "32s-drug-sub/{ds}/32s4-contr-drug-sub/32s43-val-analyt-proc"},
		{"3.2.S.4.4", "32s-drug-sub/{ds}/32s4-contr-drug-sub/32s44-batch-analys"},
		{"3.2.S.4.5", "32s-drug-sub/{ds}/32s4-contr-drug-sub/32s45-justif-spec"},
		{"3.2.S.5", "32s-drug-sub/{ds}/32s5-ref-stand"},
		{"3.2.S.6", "32s-drug-sub/{ds}/32s6-cont-closure-sys"},
		{"3.2.S.7", "32s-drug-sub/{ds}/32s7-stab"},
		{"3.2.P.1", "32p-drug-prod/{dp}/32p1-desc-comp"},
		{"3.2.P.2", "32p-drug-prod/{dp}/32p2-pharm-dev"},
		{"3.2.P.3", "32p-drug-prod/{dp}/32p3-manuf"},
		{"3.2.P.4", "32p-drug-prod/{dp}/32p4-contr-excip"},
		{"3.2.P.5.1", "32p-drug-prod/{dp}/32p5-contr-drug-prod/32p51-spec"},
		{"3.2.P.5.2", "32p-drug-prod/{dp}/32p5-contr-drug-prod/32p52-analyt-proc"},
		{"3.2.P.5.3", "32p-drug-prod/{dp}/32p5-contr-drug-prod/32p53-val-analyt-proc"},
		{"3.2.P.5.4", "32p-drug-prod/{dp}/32p5-contr-drug-prod/32p54-batch-analys"},
		{"3.2.P.5.5", "32p-drug-prod/{dp}/32p5-contr-drug-prod/32p55-charac-imp"},
		{"3.2.P.5.6", "32p-drug-prod/{dp}/32p5-contr-drug-prod/32p56-justif-spec"},
		{"3.2.P.6", "32p-drug-prod/{dp}/32p6-ref-stand"},
		{"3.2.P.7", "32p-drug-prod/{dp}/32p7-cont-closure-sys"},
		{"3.2.P.8", "32p-drug-prod/{dp}/32p8-stab"},
		{"3.2.A.1", "32a-app/32a1-fac-equip"},
		{"3.2.A.2", "32a-app/32a2-advent-agent"},
		{"3.2.A.3", "32a-app/32a3-excip-name-1"},
		{"3.2.R", "32r-reg-info"},
	}
}

// maxECTDPath is the eCTD limit on a path measured from the sequence
// folder (0000/...).
const maxECTDPath = 180

// ECTDPath is the slash-separated path of a document inside the eCTD
// sequence folder, e.g. m3/32-body-data/32s-drug-sub/ivig/32s2-manuf/x.pdf.
func ECTDPath(section, file, substance, product string) (string, error) {
	if section == "" {
		return path.Join("patent", file), nil
	}
	if strings.HasPrefix(section, "3.3") {
		return path.Join("m3", "33-lit-ref", file), nil
	}
	folders := ectdFolders()
	best := ""
	for _, f := range folders {
		if (section == f.prefix || strings.HasPrefix(section, f.prefix+".")) && len(f.prefix) > len(best) {
			best = f.prefix
		}
	}
	if best == "" {
		return "", fmt.Errorf("CTD section %s has no eCTD Module 3 folder", section)
	}
	var folder string
	for _, f := range folders {
		if f.prefix == best {
			folder = f.folder
		}
	}
	folder = strings.NewReplacer("{ds}", substance, "{dp}", product).Replace(folder)
	p := path.Join("m3", "32-body-data", folder, file)
	if n := len("0000/") + len(p); n > maxECTDPath {
		return "", fmt.Errorf("eCTD path %s is %d characters from the sequence folder; the limit is %d — shorten the folder names in the manifest", p, n, maxECTDPath)
	}
	return p, nil
}

// slug makes an eCTD folder name: lower case letters, digits and hyphens,
// at most 64 characters.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 64 {
		out = strings.TrimSuffix(out[:64], "-")
	}
	if out == "" {
		out = "substance-1-manufacturer-1"
	}
	return out
}
