package pipeline

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pdftest"
)

// The sentence audit: every sentence the CMC documents print that states a
// number, a quantifier or a conclusion is checked against the data. The
// expected values are recomputed here from the raw JSON, with none of the
// model's or the templates' functions, so a wrong count in either is caught
// rather than agreed with.

// rawProject is an example's data files decoded as plain JSON.
type rawProject struct {
	process, batches, spec, viral map[string]any
}

func readRaw(t *testing.T, dir string) rawProject {
	t.Helper()
	read := func(name string) map[string]any {
		b, err := os.ReadFile(filepath.Join(dir, "data", name))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	return rawProject{read("process.json"), read("batches.json"), read("specification.json"), read("viral-clearance.json")}
}

func list(v any) []map[string]any {
	var out []map[string]any
	a, _ := v.([]any)
	for _, x := range a {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// auditBuilds builds each example once per test binary and keeps the
// text of its PDFs, whitespace collapsed, by file stem.
var auditBuilds = struct {
	sync.Mutex
	texts map[string]map[string]string
}{texts: map[string]map[string]string{}}

func exampleTexts(t *testing.T, name string) map[string]string {
	t.Helper()
	auditBuilds.Lock()
	defer auditBuilds.Unlock()
	if m := auditBuilds.texts[name]; m != nil {
		return m
	}
	set, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	l, ds, err := Load(filepath.Join("..", "..", "examples", name), set, dataset.Options{})
	if err != nil || diag.HasErrors(ds, false) {
		t.Fatalf("load %s: %v %v", name, err, ds)
	}
	// Only the documents the audit reads: the others (patent, stability)
	// would cost time and memory for nothing.
	stems := []string{"manuf-process-and-controls", "control-critical-steps", "process-validation", "batch-analyses", "adventitious-agents-summary", "specification", "dp-process-validation"}
	var only []string
	for _, d := range l.Project.Manifest.Documents {
		for _, s := range stems {
			if d.Output == s+".pdf" {
				only = append(only, d.ID)
			}
		}
	}
	out := t.TempDir()
	if _, err := l.Build(Options{Out: out, Only: only}); err != nil {
		t.Fatal(err)
	}
	space := regexp.MustCompile(`\s+`)
	m := map[string]string{}
	for _, stem := range stems {
		b, err := os.ReadFile(filepath.Join(out, stem+".pdf"))
		if os.IsNotExist(err) {
			continue // a drug-product project names its documents otherwise
		} else if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		txt, err := pdftest.Text(b)
		if err != nil {
			t.Fatal(err)
		}
		// PDFium gives no-break spaces and line breaks as they are; the
		// audit reads sentences, so both become one space.
		m[stem] = space.ReplaceAllString(strings.ReplaceAll(txt, "\u00a0", " "), " ")
	}
	auditBuilds.texts[name] = m
	return m
}

var auditExamples = []string{"ivig-liquid", "mab-ds", "albumin-20"}

func mustContain(t *testing.T, where, text, want string) {
	t.Helper()
	if !strings.Contains(text, want) {
		t.Errorf("%s: want the sentence %q; it is not in the document", where, want)
	}
}

func TestAuditProcessCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the examples")
	}
	for _, ex := range auditExamples {
		docs := exampleTexts(t, ex)
		raw := readRaw(t, filepath.Join("..", "..", "examples", ex))
		// 3.2.S.2.2 and 3.2.S.2.4 describe the drug substance steps; the
		// drug product steps (stage drug_product) are in 3.2.P.3.3.
		var steps, dpSteps []map[string]any
		for _, s := range list(raw.process["steps"]) {
			if s["stage"] == "drug_product" {
				dpSteps = append(dpSteps, s)
			} else {
				steps = append(steps, s)
			}
		}
		var dpVirus []string
		for _, s := range dpSteps {
			if s["virus_reduction"] == true {
				dpVirus = append(dpVirus, s["id"].(string))
			}
		}
		var cppSteps, virusSteps []string
		classes := map[string]int{}
		cpps := 0
		for _, s := range steps {
			n := 0
			for _, q := range list(s["parameters"]) {
				classes[q["criticality"].(string)]++
				if q["criticality"] == "CPP" {
					n++
				}
			}
			cpps += n
			if n > 0 {
				cppSteps = append(cppSteps, s["id"].(string))
			}
			if s["virus_reduction"] == true {
				virusSteps = append(virusSteps, s["id"].(string))
			}
		}
		// S224 p1: the review found "26 parameters in 9 steps" where P1
		// has only KPPs (8 steps), and "13 … in 8 steps" for the mAb (7).
		s224 := docs["control-critical-steps"]
		mustContain(t, ex+" S224", s224, fmt.Sprintf("The process has %s (CPP), in %s (%s).",
			plural(cpps, "critical process parameter", "critical process parameters"), plural(len(cppSteps), "step", "steps"), strings.Join(cppSteps, ", ")))
		if strings.Contains(s224, "leads to rejection of the batch") {
			t.Errorf("%s S224 states that operation outside the PAR leads to rejection; no data say so", ex)
		}
		// S222 overview.
		s222 := docs["manuf-process-and-controls"]
		// The flow diagram tags as "critical step" each step with a CPP or
		// a critical control (the review found P2, P7 and P8 untagged).
		critical := 0
		for _, st := range steps {
			c := false
			for _, q := range list(st["parameters"]) {
				c = c || q["criticality"] == "CPP"
			}
			for _, ipc := range list(st["ipcs"]) {
				c = c || ipc["critical"] == true
			}
			if mark, ok := st["critical"].(bool); ok {
				c = mark
			}
			if c {
				critical++
			}
		}
		if n := strings.Count(s222, "critical step") - strings.Count(s222, "critical steps"); n != critical {
			t.Errorf("%s S222 flow diagram tags %d steps critical; the data make %d critical", ex, n, critical)
		}
		if len(dpSteps) == 0 {
			mustContain(t, ex+" S222", s222, fmt.Sprintf("The process consists of %s,", plural(len(steps), "step", "steps")))
		} else {
			mustContain(t, ex+" S222", s222, fmt.Sprintf("The drug substance is made in %s,", plural(len(steps), "step", "steps")))
		}
		if len(virusSteps) > 0 {
			end := "."
			if len(dpVirus) > 0 {
				end = "; the drug product steps add " + strings.Join(dpVirus, ", ") + ", described in 3.2.P.3.3."
			}
			mustContain(t, ex+" S222", s222, fmt.Sprintf("It includes %s (%s)%s", plural(len(virusSteps), "dedicated virus reduction step", "dedicated virus reduction steps"), strings.Join(virusSteps, ", "), end))
			process := "The process"
			if len(dpSteps) > 0 {
				process = "The drug substance process"
			}
			mustContain(t, ex+" S224", s224, fmt.Sprintf("%s includes %s:", process, plural(len(virusSteps), "dedicated virus reduction step", "dedicated virus reduction steps")))
			if len(dpVirus) > 0 {
				mustContain(t, ex+" S224", s224, "The drug product steps add "+dpVirus[0]+" (")
			}
		}
		// A process whose only virus reduction is in the final container
		// (albumin's pasteurisation) does have one: S224 printed "The
		// process has no dedicated virus reduction step".
		if len(virusSteps)+len(dpVirus) > 0 && strings.Contains(s224, "The process has no dedicated virus reduction step") {
			t.Errorf("%s S224 says the process has no dedicated virus reduction step; the data mark %s", ex, strings.Join(append(virusSteps, dpVirus...), ", "))
		}
		if len(virusSteps) == 0 && len(dpVirus) > 0 {
			mustContain(t, ex+" S224", s224, "The drug substance steps include no dedicated virus reduction step;")
			mustContain(t, ex+" S224", s224, dpVirus[0]+" (")
		}
		// The mAb printed "0 non-critical parameters": a class with no
		// parameter is not counted at all.
		for _, c := range []struct{ class, one, many string }{
			{"CPP", "critical process parameter (CPP)", "critical process parameters (CPP)"},
			{"KPP", "key process parameter (KPP)", "key process parameters (KPP)"},
			{"non-critical", "non-critical parameter", "non-critical parameters"},
		} {
			if n := classes[c.class]; n > 0 {
				mustContain(t, ex+" S222", s222, plural(n, c.one, c.many))
			} else if regexp.MustCompile(`\b0 ` + regexp.QuoteMeta(c.many)).MatchString(s222) {
				t.Errorf("%s S222 counts 0 %s", ex, c.many)
			}
		}
		// The batch definition names what a batch starts from as the
		// data define it; with drug product steps it is the drug
		// substance's batch.
		sm := raw.process["starting_material"].(map[string]any)
		start := "A batch starts from "
		if len(dpSteps) > 0 {
			start = "A drug substance batch starts from "
		}
		if vol, ok := sm["volume"].(map[string]any); ok {
			start += fmt.Sprintf("%v %v of ", vol["value"], vol["unit"])
		}
		name := sm["name"].(string)
		start += strings.ToLower(name[:1]) + name[1:]
		mustContain(t, ex+" S222 batch definition", s222, start)
		// The yields rest on the starting material only when the first
		// step has a mass balance and the material's concentration is known.
		if c, ok := sm["concentration"].(map[string]any); ok && steps[0]["product_in"] != nil {
			product := raw.process["product"].(map[string]any)
			sub, ok := product["yield_attribute"].(map[string]any)
			if !ok {
				sub = product["active_substance"].(map[string]any)
			}
			mustContain(t, ex+" S222 yield basis", s222, fmt.Sprintf("yields are percentages of the %s it holds, %.1f %v.", sub["label"], c["value"], c["unit"]))
		} else if strings.Contains(s222, "yields are percentages of") {
			t.Errorf("%s S222 names a yield basis the data do not give", ex)
		}
	}
}

// decimalsOf counts the digits after the point of a number as written.
func decimalsOf(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

func TestAuditConsistencyTable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the examples")
	}
	for _, ex := range auditExamples {
		docs := exampleTexts(t, ex)
		dir := filepath.Join("..", "..", "examples", ex)
		// Decode numbers as written, so decimals are known.
		b, err := os.ReadFile(filepath.Join(dir, "data", "batches.json"))
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.UseNumber()
		var batches map[string]any
		if err := dec.Decode(&batches); err != nil {
			t.Fatal(err)
		}
		raw := readRaw(t, dir)
		lots := list(batches["lots"])
		var ppq []map[string]any
		for _, l := range lots {
			if l["purpose"] == "PPQ" {
				ppq = append(ppq, l)
			}
		}
		if len(ppq) == 0 {
			ppq = lots
		}
		s225 := docs["process-validation"]
		tests := list(raw.spec["tests"])
		// The expected yields are products of the step yields (out over
		// in) from the first step with a mass balance: over the drug
		// substance steps for S225, and over every step, to the final
		// container, for 3.2.P.3.5 where the process has drug product
		// steps. The span names the first and last step counted.
		steps := list(raw.process["steps"])
		hasDP := false
		for _, st := range steps {
			hasDP = hasDP || st["stage"] == "drug_product"
		}
		expected := func(drugSubstanceOnly bool) (cum float64, span string) {
			cum = 1.0
			var first, last string
			for _, st := range steps {
				if drugSubstanceOnly && st["stage"] == "drug_product" {
					continue
				}
				in, ok1 := st["product_in"].(map[string]any)
				out, ok2 := st["product_out"].(map[string]any)
				if ok1 && ok2 {
					cum *= out["value"].(float64) / in["value"].(float64)
					if first == "" {
						first = st["id"].(string)
					}
					last = st["id"].(string)
				}
			}
			return cum, first + "–" + last
		}
		// yieldStats is the mean ± SD, RSD and n of one yield field over
		// the PPQ lots, as the documents print them (two decimals).
		yieldStats := func(key string) []string {
			var ys []float64
			for _, l := range ppq {
				if y, ok := l[key].(map[string]any); ok {
					f, _ := y["value"].(json.Number).Float64()
					ys = append(ys, f)
				}
			}
			if len(ys) < 2 {
				return nil
			}
			mean, ss := 0.0, 0.0
			for _, y := range ys {
				mean += y
			}
			mean /= float64(len(ys))
			for _, y := range ys {
				ss += (y - mean) * (y - mean)
			}
			sd := math.Sqrt(ss / float64(len(ys)-1))
			return []string{fmt.Sprintf("mean %.2f ± %.2f", mean, sd), fmt.Sprintf("RSD %.1f %% (n = %d)", 100*sd/mean, len(ys))}
		}
		if !hasDP {
			cum, _ := expected(false)
			mustContain(t, ex+" S225 overall yield", s225, fmt.Sprintf(" is %.1f %%", 100*cum))
			for _, want := range yieldStats("yield") {
				mustContain(t, ex+" S225 lot yields", s225, want)
			}
		} else {
			// S225 states the drug substance figures only; the yields
			// to the final container are 3.2.P.3.5's.
			dsCum, dsSpan := expected(true)
			mustContain(t, ex+" S225 drug substance yield", s225, fmt.Sprintf("drug substance steps (%s) is %.1f %%", dsSpan, 100*dsCum))
			ds := yieldStats("drug_substance_yield")
			if ds == nil {
				t.Errorf("%s: the PPQ lots give no drug substance yields", ex)
			}
			for _, want := range ds {
				mustContain(t, ex+" S225 drug substance lot yields", s225, want)
			}
			overall := yieldStats("yield")
			if len(overall) > 0 && len(ds) > 0 && overall[0] != ds[0] && strings.Contains(s225, overall[0]) {
				t.Errorf("%s S225 prints the final-container yields' %q", ex, overall[0])
			}
			p35 := docs["dp-process-validation"]
			cum, span := expected(false)
			mustContain(t, ex+" P35 overall yield", p35, fmt.Sprintf("whole process (%s), to the final container, is %.1f %%", span, 100*cum))
			for _, want := range overall {
				mustContain(t, ex+" P35 final-container lot yields", p35, want)
			}
			// Each lot's share kept by the drug product steps.
			for _, l := range ppq {
				y, ok1 := l["yield"].(map[string]any)
				d, ok2 := l["drug_substance_yield"].(map[string]any)
				if !ok1 || !ok2 {
					continue
				}
				fy, _ := y["value"].(json.Number).Float64()
				fd, _ := d["value"].(json.Number).Float64()
				mustContain(t, ex+" P35 "+l["lot"].(string), p35, fmt.Sprintf("%s %s %s %.1f %%", l["lot"], d["value"], y["value"], 100*fy/fd))
			}
		}
		// "All 3 batches met every acceptance criterion … (57 results":
		// one result per test per lot.
		mustContain(t, ex+" S225", s225, fmt.Sprintf("All %s met every acceptance criterion of specification %s (%s,", plural(len(ppq), "batch", "batches"), raw.spec["id"], plural(len(ppq)*len(tests), "result", "results")))
		table := s225[strings.Index(s225, "3.2.S.2.5.3"):]
		for _, tst := range tests {
			id := tst["id"].(string)
			var xs []float64
			var quantified, censored, decimals int
			var lo, hi string
			var loR, hiR float64
			for _, l := range ppq {
				for _, r := range list(l["results"]) {
					if r["test"] != id {
						continue
					}
					v, ok := r["value"].(json.Number)
					if !ok {
						continue
					}
					f, _ := v.Float64()
					q, _ := r["qualifier"].(string)
					txt := v.String()
					rank := f
					if q != "" {
						censored++
						txt = q + " " + txt
						if q == "<" || q == "≤" {
							rank -= 1e-9
						} else {
							rank += 1e-9
						}
					} else {
						quantified++
						xs = append(xs, f)
						decimals = max(decimals, decimalsOf(v.String()))
					}
					if lo == "" || rank < loR {
						lo, loR = txt, rank
					}
					if hi == "" || rank > hiR {
						hi, hiR = txt, rank
					}
				}
			}
			name := tst["name"].(string)
			// No test is dropped from the table. A long name wraps in its
			// cell and the extracted text interleaves the cells of a
			// wrapped row, so the name's first words stand for it.
			if words := strings.Fields(name); len(words) > 2 {
				name = strings.Join(words[:2], " ")
			}
			if !strings.Contains(table, name) {
				t.Errorf("%s S225 Table 3 drops test %s", ex, name)
				continue
			}
			switch {
			case censored > 0 && quantified > 0:
				mustContain(t, ex+" S225 "+name, table, fmt.Sprintf("%s – %s (%d of %d censored)", lo, hi, censored, censored+quantified))
			case censored > 0:
				if lo == hi {
					mustContain(t, ex+" S225 "+name, table, fmt.Sprintf("%s (all %d censored)", lo, censored))
				} else {
					mustContain(t, ex+" S225 "+name, table, fmt.Sprintf("%s – %s (all %d censored)", lo, hi, censored))
				}
			case quantified > 1:
				mean, ss := 0.0, 0.0
				for _, x := range xs {
					mean += x
				}
				mean /= float64(len(xs))
				for _, x := range xs {
					ss += (x - mean) * (x - mean)
				}
				sd := math.Sqrt(ss / float64(len(xs)-1))
				// Rounded half up the way the table prints; the audit's
				// own formatting, through strconv on a nudged value.
				f := func(x float64) string {
					p := math.Pow(10, float64(decimals))
					return strconv.FormatFloat(math.Floor(x*p+0.5+1e-9)/p, 'f', decimals, 64)
				}
				mustContain(t, ex+" S225 "+name, table, f(mean)+" ± "+f(sd))
			}
		}
	}
}

func TestAuditBatchAnalyses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the examples")
	}
	for _, ex := range auditExamples {
		docs := exampleTexts(t, ex)
		raw := readRaw(t, filepath.Join("..", "..", "examples", ex))
		lots := list(raw.batches["lots"])
		s244 := docs["batch-analyses"]
		mustContain(t, ex+" S244", s244, fmt.Sprintf("This section presents the release results of %s of", plural(len(lots), "batch", "batches")))
		// A lot is judged when it was tested on or after the date the
		// first version of the specification took effect.
		first := raw.spec["effective_date"].(string)
		for _, h := range list(raw.spec["history"]) {
			if d := h["effective_date"].(string); d < first {
				first = d
			}
		}
		judged := 0
		for _, l := range lots {
			when, _ := l["test_date"].(string)
			if when == "" {
				when, _ = l["release_date"].(string)
			}
			if when == "" || when >= first {
				judged++
			}
		}
		if strings.Contains(s244, "met every acceptance criterion") {
			// Every judged lot has a result for every test: the count
			// the sentence gives is judged lots × tests.
			n := judged * len(list(raw.spec["tests"]))
			mustContain(t, ex+" S244", s244, fmt.Sprintf("(%d of %d results;", n, n))
			if judged < len(lots) {
				mustContain(t, ex+" S244", s244, fmt.Sprintf("All %s judged against the specification met", plural(judged, "batch", "batches")))
			}
		}
	}
}

func TestAuditViralSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the examples")
	}
	for _, ex := range auditExamples {
		docs := exampleTexts(t, ex)
		raw := readRaw(t, filepath.Join("..", "..", "examples", ex))
		a2 := docs["adventitious-agents-summary"]
		if u, ok := raw.viral["titre_unit"].(string); ok {
			mustContain(t, ex+" A2", a2, "Titres were measured in "+u+" per mL.")
		}
		// Every value not counted is listed with its reason.
		for _, s := range list(raw.viral["studies"]) {
			if s["claimed"] == true {
				continue
			}
			note, _ := s["note"].(string)
			if note == "" {
				t.Errorf("%s: study %s is not claimed and the data give no reason; the example data should", ex, s["id"])
				continue
			}
			mustContain(t, ex+" A2 (nc) reason", a2, s["id"].(string))
		}
		// Claimed totals, summed here from the reported values.
		totals := map[string]float64{}
		for _, s := range list(raw.viral["studies"]) {
			if s["claimed"] == true {
				totals[s["virus"].(string)] += s["reported_lrv"].(map[string]any)["value"].(float64)
			}
		}
		// The claimed-total row, in panel order, "≥" where any counted
		// value is a lower bound.
		row := "Claimed total"
		for _, vir := range list(raw.viral["viruses"]) {
			id := vir["id"].(string)
			lower := false
			for _, s := range list(raw.viral["studies"]) {
				if s["claimed"] == true && s["virus"] == id {
					if q, _ := s["reported_lrv"].(map[string]any)["qualifier"].(string); q == "≥" {
						lower = true
					}
				}
			}
			cell := strconv.FormatFloat(math.Round(totals[id]*10)/10, 'f', 1, 64)
			if lower {
				cell = "≥ " + cell
			}
			row += " " + cell
		}
		mustContain(t, ex+" A2 claimed totals", a2, row)
		ps, ok := raw.viral["plasma_safety"].(map[string]any)
		if !ok {
			continue
		}
		load := math.Log10(ps["pool_limit_iu_per_ml"].(float64) * ps["plasma_per_dose_l"].(float64) * 1000)
		claimed := math.Round(totals[ps["model_virus"].(string)]*10) / 10
		mustContain(t, ex+" A2 B19 load", a2, fmt.Sprintf("so it can carry at most %.1f log", load))
		margin := strconv.FormatFloat(math.Round((claimed-load)*10)/10, 'f', 1, 64)
		mustContain(t, ex+" A2 B19 margin", a2, "the claimed reduction less the load per dose, is "+margin+" log")
	}
}

// TestReviewInconsistenciesCaught puts back into a copy of the IVIG example
// the cross-file faults the regulatory review found (and `validate` then
// passed): each must now be reported, naming both places.
func TestReviewInconsistenciesCaught(t *testing.T) {
	dir := copyTree(t, filepath.Join("..", "..", "examples", "ivig-liquid"))
	edits := []struct{ file, old, new string }{
		// P1 hold: PAR ≤ 36 h against a validated 24 h hold.
		{"process.json", `"nor": { "high": 24 }, "par": { "high": 24 }, "criticality": "KPP", "justification": "Hold-time study HT-01`, `"nor": { "high": 24 }, "par": { "high": 36 }, "criticality": "KPP", "justification": "Hold-time study HT-01`},
		// Thaw: a PAR down to −1 °C.
		{"process.json", `"nor": { "low": 1, "high": 3 }, "par": { "low": 0.5, "high": 4 }`, `"nor": { "low": 1, "high": 3 }, "par": { "low": -1, "high": 4 }`},
		// P9 pH: P7 and the specification allow up to 4.5.
		{"process.json", `"nor": { "low": 4.1, "high": 4.3 }, "par": { "low": 4.0, "high": 4.4 }, "criticality": "CPP", "justification": "Specification", "cites_specification": true }`, `"nor": { "low": 4.1, "high": 4.3 }, "par": { "low": 4.0, "high": 4.5 }, "criticality": "CPP", "justification": "Specification", "cites_specification": true }`},
		{"process.json", `"criterion": { "type": "range", "low": 4.0, "high": 4.4, "unit": "1" }, "action": "Adjust and retest"`, `"criterion": { "type": "range", "low": 4.0, "high": 4.5, "unit": "1" }, "action": "Adjust and retest"`},
		{"specification.json", `"criterion": { "type": "range", "low": 4.0, "high": 4.4, "unit": "1" }`, `"criterion": { "type": "range", "low": 4.0, "high": 4.5, "unit": "1" }`},
		// AEX: 33.4 kg on two 200 L columns in one cycle.
		{"process.json", `"capacity": { "value": 600, "unit": "L" }`, `"capacity": { "value": 400, "unit": "L" }`},
		// P7: the pH control adjusts inside the PAR.
		{"process.json", `"criterion": { "type": "range", "low": 90, "high": 110, "unit": "g/L" }`, `"criterion": { "type": "range", "low": 97, "high": 103, "unit": "g/L" }`},
		// A2: "P3+P4" at 0.4 log EMCV beside P3 alone at 3.1.
		{"viral-clearance.json", "\"id\": \"VS-04-EMCV\",\n      \"report\": \"VS-04\",\n      \"steps\": [\n        \"P4\"", "\"id\": \"VS-04-EMCV\",\n      \"report\": \"VS-04\",\n      \"steps\": [\n        \"P3\",\n        \"P4\""},
	}
	for _, e := range edits {
		p := filepath.Join(dir, "data", e.file)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(string(b), e.old) != 1 {
			t.Fatalf("%s: %q occurs %d times", e.file, e.old, strings.Count(string(b), e.old))
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), e.old, e.new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	_, ds, err := Validate([]string{dir}, set, ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string][]string{}
	for _, d := range ds {
		found[d.Code] = append(found[d.Code], filepath.Base(d.File)+": "+d.Message)
	}
	for _, w := range []struct{ code, msg string }{
		{"XF-02", "allows a hold of 36 h, longer than the validated maximum hold of Cryo-poor plasma, 24 h, at "},
		{"XF-07", "a PAR reaching down to -1 °C cannot thaw frozen plasma"},
		{"XF-01", "does not cover the PAR of P7-ph (4.0–4.5) at "},
		{"XF-01", "does not cover the specification's pH (4.0–4.5) at "},
		{"XF-04", "step P5 loads 33.374 kg on 400 L in 1 cycle: 83.4 g/L resin per cycle, above the PAR of P5-load"},
		{"XF-03", "is wider than what in-process control P7-ipc-protein (Protein) accepts, 97–103 g/L, at "},
		{"XF-06", "study VS-04-EMCV of steps P3+P4 reduces EMCV by 0.4 log, less than study VS-03-EMCV of step P3 alone (3.1 log, at "},
	} {
		ok := false
		for _, m := range found[w.code] {
			ok = ok || strings.Contains(m, w.msg)
		}
		if !ok {
			t.Errorf("validate does not report %s %q; it reported %v", w.code, w.msg, found[w.code])
		}
	}
}

// TestAuditNoCaptionPrintedAsText: a caption line ("Table: … {#tbl:x}")
// parted from its table by a paragraph is printed as a sentence, markup
// and all; S225 printed its consistency table's caption so.
func TestAuditNoCaptionPrintedAsText(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the examples")
	}
	markup := regexp.MustCompile(`\{#(tbl|fig|sec):|(^|\. )(Table|Figure): `)
	for _, ex := range auditExamples {
		for stem, text := range exampleTexts(t, ex) {
			if loc := markup.FindStringIndex(text); loc != nil {
				from, to := max(0, loc[0]-60), min(len(text), loc[1]+60)
				t.Errorf("%s %s prints caption markup as text: …%s…", ex, stem, text[from:to])
			}
		}
	}
}
