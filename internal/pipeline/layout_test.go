package pipeline

import (
	"strings"
	"testing"
)

func TestECTDPath(t *testing.T) {
	cases := map[string]string{
		"3.2.S.2.2": "m3/32-body-data/32s-drug-sub/ivig/32s2-manuf/x.pdf",
		"3.2.S.2.5": "m3/32-body-data/32s-drug-sub/ivig/32s2-manuf/x.pdf",
		"3.2.S.4.1": "m3/32-body-data/32s-drug-sub/ivig/32s4-contr-drug-sub/32s41-spec/x.pdf",
		"3.2.S.4.4": "m3/32-body-data/32s-drug-sub/ivig/32s4-contr-drug-sub/32s44-batch-analys/x.pdf",
		"3.2.A.2":   "m3/32-body-data/32a-app/32a2-advent-agent/x.pdf",
		"3.2.P.5.1": "m3/32-body-data/32p-drug-prod/vials/32p5-contr-drug-prod/32p51-spec/x.pdf",
		"":          "patent/x.pdf",
	}
	for section, want := range cases {
		got, err := ECTDPath(section, "x.pdf", "ivig", "vials")
		if err != nil || got != want {
			t.Errorf("%q: %q, %v; want %q", section, got, err, want)
		}
	}
	if _, err := ECTDPath("3.2.Z", "x.pdf", "ivig", "vials"); err == nil {
		t.Error("unknown section accepted")
	}
	long := strings.Repeat("a", 64)
	if _, err := ECTDPath("3.2.S.4.4", long+".pdf", long, "p"); err == nil || !strings.Contains(err.Error(), "180") {
		t.Errorf("path over 180 characters: %v", err)
	}
	if s := slug("RGX-IVIG 10 % liquid"); s != "rgx-ivig-10-liquid" {
		t.Errorf("slug = %q", s)
	}
}
