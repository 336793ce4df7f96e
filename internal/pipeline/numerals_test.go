package pipeline

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/figure"
	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/regdoc/regdoc/internal/project"
)

// One numeral, one thing (37 CFR 1.84(p)(4), (5)): across every drawing
// sheet and the description, a reference numeral designates one step or
// one curve, every numeral shown is described, and every numeral
// described is shown. The brief description names the figures as the
// sheets label them.
func TestReferenceNumeralsMeanOneThing(t *testing.T) {
	set, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	l, ds, err := Load("../../examples/ivig-liquid", set, dataset.Options{})
	if err != nil || l == nil {
		t.Fatalf("load: %v %v", err, ds)
	}
	date := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	var drawings, exhibit *project.Document
	for _, d := range l.Project.Manifest.Documents {
		switch {
		case d.Style == StyleDrawings:
			drawings = &d
		case d.Template == ExhibitTemplate:
			exhibit = &d
		}
	}
	if drawings == nil || exhibit == nil {
		t.Fatal("the example lacks drawings or exhibit")
	}
	md, drawPDF, _, err := l.typesetDocument(*drawings, date)
	if err != nil {
		t.Fatal(err)
	}
	_, exPDF, _, err := l.typesetDocument(*exhibit, date)
	if err != nil {
		t.Fatal(err)
	}
	sheetTexts, err := pdftest.PageTexts(drawPDF)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftest.Text(exPDF)
	if err != nil {
		t.Fatal(err)
	}
	text = strings.Join(strings.Fields(text), " ")

	// What each sheet's figure designates with a numeral.
	sheets, opt, err := l.drawingSheets(*drawings, composedName(*drawings), md, date)
	if err != nil {
		t.Fatal(err)
	}
	thing := map[int]string{}
	for _, sh := range sheets {
		for _, n := range sh.Spec.Numerals() {
			if was, ok := thing[n.Value]; ok && was != n.Thing {
				t.Errorf("numeral %d designates %s and %s", n.Value, was, n.Thing)
			}
			thing[n.Value] = n.Thing
		}
	}
	if len(thing) == 0 {
		t.Fatal("no numerals on the sheets")
	}

	// Shown: every numeral stands on a sheet as a text of its own, and a
	// number of three digits standing alone on a sheet is a known numeral.
	shown := map[int]bool{}
	alone := regexp.MustCompile(`^\d{3}$`)
	for i, page := range sheetTexts {
		for _, line := range strings.Split(page, "\n") {
			line = strings.TrimSpace(line)
			if !alone.MatchString(line) {
				continue
			}
			n, _ := strconv.Atoi(line)
			if n <= 100 {
				continue // an axis tick (0 … 100 %), not a numeral
			}
			if _, ok := thing[n]; !ok {
				t.Errorf("sheet %d shows %d, which no figure assigns to anything", i+1, n)
			}
			shown[n] = true
		}
	}
	for n, what := range thing {
		if !shown[n] {
			t.Errorf("numeral %d (%s) is not shown on any sheet", n, what)
		}
	}

	// Described: the description names each numeral with the thing it
	// designates, and names no numeral the sheets do not show.
	for n, what := range thing {
		var want string
		switch {
		case strings.HasPrefix(what, "step "):
			want = fmt.Sprintf("In %s (%d;", what, n)
		case what == "curve This process":
			want = fmt.Sprintf("the process (curve %d)", n)
		case what == "curve Conventional process":
			want = fmt.Sprintf("the conventional process (curve %d)", n)
		default:
			t.Fatalf("numeral %d designates %s, which this test cannot look up", n, what)
		}
		if !strings.Contains(text, want) {
			t.Errorf("numeral %d (%s) is not described: the text lacks %q", n, what, want)
		}
	}
	described := regexp.MustCompile(`(?:step P\d+ \(|curve )(\d+)`)
	for _, m := range described.FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[1])
		if _, ok := thing[n]; !ok {
			t.Errorf("the description names numeral %d (%q), which no sheet shows", n, m[0])
		}
	}

	// The brief description names the figures as drawn.
	labels, err := figureLabels(sheets, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range labels {
		if !strings.Contains(text, want+" ") {
			t.Errorf("the brief description does not name %q", want)
		}
	}
	for _, page := range sheetTexts {
		for _, fig := range regexp.MustCompile(`FIG\. \d+[A-Z]?`).FindAllString(page, -1) {
			if !strings.Contains(strings.Join(labels, " "), strings.TrimPrefix(fig, "FIG. ")) {
				t.Errorf("sheet label %s is not among the named figures %v", fig, labels)
			}
		}
	}
}

// figureLabels names each figure as the brief description must: "FIG. 2",
// or "FIGS. 1A–1B" for one drawn as partial views.
func figureLabels(sheets []figure.Sheet, opt figure.SheetOptions) ([]string, error) {
	views, err := figure.ViewLabels(sheets, opt)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, ls := range views {
		if len(ls) == 1 {
			out = append(out, ls[0])
			continue
		}
		out = append(out, "FIGS. "+strings.TrimPrefix(ls[0], "FIG. ")+"–"+strings.TrimPrefix(ls[len(ls)-1], "FIG. "))
	}
	return out, nil
}
