package pipeline

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
)

func TestZZDebug(t *testing.T) {
	b, _ := os.ReadFile("/tmp/m1/claim-support-chart.trace.json")
	var tf traceFile
	json.Unmarshal(b, &tf)
	pdf, _ := os.ReadFile("/tmp/m1/claim-support-chart.pdf")
	pages, _ := pdftest.PageTexts(pdf)
	var es []string
	for _, e := range tf.Entries {
		if e.Page == 4 {
			es = append(es, e.Text)
		}
	}
	t.Logf("page: %q", pages[3])
	t.Logf("entries: %q", es)
	for _, ordered := range []bool{false, true} {
		t.Logf("%v: %v", ordered, placeEntries(pages[3], es, ordered))
	}
	_ = strings.Fields
}
