package mdtemplate

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/mdpdf"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/pdftest"
)

func TestUnitForm(t *testing.T) {
	for in, want := range map[string]string{
		"log10":            "log₁₀",
		"log10/mL":         "log₁₀/mL",
		"Log10 reduction":  "Log₁₀ reduction",
		"TCID50/mL":        "TCID₅₀/mL",
		"CCID50":           "CCID₅₀",
		"CH50/mg":          "CH₅₀/mg",
		"m2":               "m²",
		"L/m2/h":           "L/m²/h",
		"cm2":              "cm²",
		"mm3":              "mm³",
		"cm-1":             "cm⁻¹",
		"s-1":              "s⁻¹",
		"10^6 cells/mL":    "10⁶ cells/mL",
		"10^-3":            "10⁻³",
		"10^6^ cells/mL":   "10⁶ cells/mL",
		"ug/mL":            "µg/mL",
		"um2":              "µm²",
		"µg/mL":            "µg/mL",
		"L/m²":             "L/m²",
		"10⁶ cells/mL":     "10⁶ cells/mL",
		"g/L":              "g/L",
		"% v/v":            "% v/v",
		"mOsm/kg":          "mOsm/kg",
		"IU/mL":            "IU/mL",
		"cycles":           "cycles",
		"mmol/g protein":   "mmol/g protein",
		"210^6":            "210^6", // not a power of ten
		"blog10":           "blog10",
		"mTCID50":          "mTCID50",
		"Class-1 batch-1":  "Class-1 batch-1",
		"IL-2 and h2o":     "IL-2 and h2o",
		"drug/mL and bum2": "drug/mL and bum2",
	} {
		if got := UnitForm(in); got != want {
			t.Errorf("UnitForm(%q) = %q, want %q", in, got, want)
		}
	}
	if Unit("1") != "" || Unit("log10") != "log₁₀" {
		t.Errorf("Unit: %q, %q", Unit("1"), Unit("log10"))
	}
}

// A unit's scripts become the writer's marks; everything else in it is
// escaped as in any value, wherever it lands.
func TestUnitMarkdown(t *testing.T) {
	cases := []struct{ tpl, data, want string }{
		{"A {{unit .}} reduction.\n", "log10", "A log~10~ reduction.\n"},
		{"| {{unit .}} |\n", "TCID50/mL", "| TCID~50~/mL |\n"},
		{"Load {{unit .}}.\n", "L/m2", "Load L/m^2^.\n"},
		{"At 1 {{unit .}}.\n", "s-1", "At 1 s^−1^.\n"},
		{"{{unit .}}\n", "10^6 cells/mL", "10^6^ cells/mL\n"},
		{"{{unit .}}\n", "*m2* | [x](y)", "\\*m^2^\\* \\| \\[x\\](y)\n"},
		{"{{unit .}}\n", "- m2", "\\- m^2^\n"},
		{"A {{unit .}}.\n", "~₅₀", "A \\~₅₀.\n"}, // "\~~50~" would read as neither
		{"{{if ne (unit .) \"\"}}in {{unit .}}{{end}}\n", "1", "\n"},
		{"{{printf \"%s\" (unit .)}}\n", "log10", "log₁₀\n"},
	}
	for _, c := range cases {
		tm, err := Parse("u.md", c.tpl, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := tm.Render(c.data)
		if err != nil {
			t.Errorf("%q on %q: %v", c.tpl, c.data, err)
			continue
		}
		if string(got) != c.want {
			t.Errorf("%q on %q = %q, want %q", c.tpl, c.data, got, c.want)
		}
	}
}

// Units from data print their scripts through qty, span, between and
// limit as through unit; a text criterion is rich.
func TestDataUnitsAndRichCriteria(t *testing.T) {
	n := func(s string) *model.Number { v := model.Num(s); return &v }
	data := struct {
		Q    model.Quantity
		R    model.Range
		C, T model.Criterion
	}{
		Q: model.Quantity{Value: model.Num("800"), Unit: "L/m2"},
		R: model.Range{Low: n("2"), High: n("4")},
		C: model.Criterion{Type: "nmt", Value: n("1.0"), Unit: "CH50/mg"},
		T: model.Criterion{Type: "text", Text: "Non-reactive; ≤ 10^4^ IU/mL in *E. coli* | x"},
	}
	tm, err := Parse("d.md", "{{qty .Q}}; {{span .R \"log10\"}}; {{between .R \"10^6 cells/mL\"}}; {{limit .C}}; {{limit .T}}\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tm.Render(data)
	if err != nil {
		t.Fatal(err)
	}
	want := "800\u00a0L/m^2^; 2–4\u00a0log~10~; from 2 to 4\u00a010^6^\u00a0cells/mL; ≤\u00a01.0\u00a0CH~50~/mg; Non-reactive; ≤ 10^4^ IU/mL in *E. coli* \\| x\n"
	if string(got) != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// The unit function's scripts are real subscripts and superscripts in the
// PDF: smaller, off the baseline, and extracted as plain text.
func TestUnitScriptsInThePDF(t *testing.T) {
	tm, err := Parse("u.md", "A reduction of 4.2 {{unit \"log10\"}} in {{unit \"TCID50/mL\"}}, {{unit \"CH50/mg\"}}, 800 {{unit \"L/m2\"}}, 2 {{unit \"cm2\"}}, 5 {{unit \"ug/mL\"}} and 4 {{unit \"10^6 cells/mL\"}}.\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	md, err := tm.Render(nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := mdpdf.Render(&buf, []byte(md), mdpdf.Options{}); err != nil {
		t.Fatal(err)
	}
	cs, err := pdftest.Chars(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var drawn []rune
	for _, c := range cs {
		drawn = append(drawn, c.Rune)
	}
	// script checks the n characters after prefix against the character
	// before them: 70 % of its size, raised (super) or lowered.
	script := func(prefix string, n int, super bool) {
		t.Helper()
		i := strings.Index(string(drawn), prefix)
		if i < 0 {
			t.Fatalf("%q not drawn: %q", prefix, string(drawn))
		}
		k := len([]rune(string(drawn)[:i])) + len([]rune(prefix))
		ref := cs[k-1]
		for _, c := range cs[k : k+n] {
			if math.Abs(c.Size-0.7*ref.Size) > 0.1 {
				t.Errorf("%s%c: size %.2f, want 70 %% of %.2f", prefix, c.Rune, c.Size, ref.Size)
			}
			shift := ref.Baseline - c.Baseline // positive: raised
			if super && shift < 2 || !super && shift > -1 {
				t.Errorf("%s%c: baseline moved %.2f pt (super %v)", prefix, c.Rune, shift, super)
			}
		}
	}
	script("4.2log", 2, false)
	script("inTCID", 2, false)
	script("CH", 2, false)
	script("800L/m", 1, true)
	script("2cm", 1, true)
	script("and410", 1, true)
	if string(drawn) == "" || !strings.Contains(string(drawn), "5µg/mL") {
		t.Errorf("ug/mL did not print µg/mL: %q", string(drawn))
	}
	txt, err := pdftest.Text(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(txt), " ")
	for _, w := range []string{"4.2 log10 in TCID50/mL, CH50/mg, 800 L/m2", "2 cm2", "5 µg/mL and 4 106 cells/mL"} {
		if !strings.Contains(flat, w) {
			t.Errorf("extracted text lacks %q:\n%s", w, flat)
		}
	}
	if strings.ContainsAny(flat, "^~₀₁₅²⁶") {
		t.Errorf("marks or Unicode scripts in the text:\n%s", flat)
	}
}

// TestCaseOfAUnitIsRefused: lower and lcfirst would change what a unit
// says (mS is not ms), so on the text of unit, qty, span, between or
// limit they stop the template at the function, in the writer's words,
// with what to do instead; on anything but text they say what they got.
func TestCaseOfAUnitIsRefused(t *testing.T) {
	data := struct {
		Unit  string
		Q     model.Quantity
		C     model.Criterion
		N     int
		Steps []string
	}{Unit: "mS/cm", Q: model.Quantity{Value: model.Num("12.5"), Unit: "mS/cm"}, N: 3, Steps: []string{"P1"}}
	two := model.Num("2.0")
	data.C = model.Criterion{Type: "nmt", Value: &two, Unit: "%"}
	for _, c := range []struct {
		tpl       string
		line, col int
		words     []string
	}{
		{"# Units\n\nIn {{lower (unit .Unit)}}.\n", 3, 6, []string{"lower: “mS/cm” holds a unit (printed by unit, qty, span, between or limit)", "mS is not ms", "print the unit as it is"}},
		{"# Units\n\nAt {{.Q | qty | lower}}.\n", 3, 17, []string{"lower: “12.5 mS/cm” holds a unit"}},
		{"Limit:\n{{lcfirst (limit .C)}}\n", 2, 3, []string{"lcfirst: “≤ 2.0 %” holds a unit", "apply lcfirst to the words around it only"}},
		{"{{lower .N}}\n", 1, 3, []string{"lower changes the case of text, and this is a number; give it a name or words"}},
		{"{{lower .Steps}}\n", 1, 3, []string{"this is a list"}},
		{"{{lower .C}}\n", 1, 3, []string{"this is an acceptance criterion"}},
	} {
		tm, err := Parse("units.md", c.tpl, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = tm.Render(data)
		wantProblem(t, err, CodeExec, c.line, c.col, c.words...)
		if err != nil && (strings.Contains(err.Error(), "unitText") || strings.Contains(err.Error(), "mdtemplate.") || strings.Contains(err.Error(), "model.")) {
			t.Errorf("%q: the message names a Go type: %v", c.tpl, err)
		}
	}
	// Text of any kind is lowered as before.
	tm, err := Parse("units.md", "{{lower .Unit}} {{lower \"Caprylate\"}}\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := tm.Render(data); err != nil || string(got) != "ms/cm caprylate\n" {
		t.Errorf("lower of text: %q, %v", got, err)
	}
}
