package trace

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/model"
)

// drugProductIndex indexes a drug product of two presentations (50 mL
// and 0.1 L), a component of 100 g/L and one made up to volume, a fill of
// both, and a specification of two tests of which one has a shelf-life
// criterion of its own.
func drugProductIndex(t *testing.T, src string) (*Index, *model.DrugProduct) {
	t.Helper()
	if src == "" {
		src = `{"name": "P",
		"presentations": [{"id": "50ml", "nominal_volume": {"value": 50, "unit": "mL"}}, {"id": "100ml", "nominal_volume": {"value": 0.1, "unit": "L"}}],
		"composition": [{"component": "IgG", "concentration": {"value": 100, "unit": "g/L"}}, {"component": "Water", "qs": true}],
		"batch_formula": {"fill": [{"presentation": "50ml", "units": 1000}, {"presentation": "100ml", "units": 750}]},
		"specification": {"id": "DP-1", "version": "1.0", "tests": [
			{"id": "protein", "name": "Protein", "criterion": {"type": "range", "low": 90, "high": 110, "unit": "g/L"}},
			{"id": "monomer", "name": "Monomer", "criterion": {"type": "nlt", "value": 95.0, "unit": "%"}}],
			"shelf_life": [{"test": "monomer", "criterion": {"type": "nlt", "value": 90, "unit": "%"}}]}}`
	}
	doc, ds := dataset.Parse("data/drug-product.json", []byte(src), dataset.Options{})
	if doc == nil {
		t.Fatal(ds)
	}
	var dp model.DrugProduct
	if err := json.Unmarshal([]byte(src), &dp); err != nil {
		t.Fatal(err)
	}
	return NewIndex(map[*dataset.Document]any{doc: &dp}), &dp
}

// TestAmountPerUnitIsTracedToContentAndVolume: 3.2.P.1's amount of a
// component in one unit, {{sig 3 ($c.PerUnit $p)}}, is its content times
// the presentation's nominal volume (5.00 g in 50 mL, 10.0 g in 0.1 L),
// with both quantities as inputs; once the content changes the amount
// printed is no longer explained, and a component without an amount has
// none.
func TestAmountPerUnitIsTracedToContentAndVolume(t *testing.T) {
	ix, dp := drugProductIndex(t, "")
	tpl, err := mdtemplate.Parse("p1.md", "{{range $c := .Composition}}{{range $p := $.Presentations}}{{if $c.HasAmount}}| {{sig 3 ($c.PerUnit $p)}} g {{end}}{{end}}{{end}}", nil)
	if err != nil {
		t.Fatal(err)
	}
	md, printed, err := tpl.RenderTrace(dp)
	if err != nil {
		t.Fatal(err)
	}
	if string(md) != "| 5.00 g | 10.0 g " {
		t.Fatalf("printed %q", md)
	}
	got := ix.Entries("p1.md", printed, []string{string(md)})
	if len(got) != 2 {
		t.Fatalf("entries %+v", got)
	}
	for i, ptr := range []string{"/presentations/0/nominal_volume", "/presentations/1/nominal_volume"} {
		s := got[i].Sources[0]
		if !strings.HasPrefix(s.Formula, "amount per unit = content") || len(s.Inputs) != 2 ||
			s.Inputs[0].Pointer != "/composition/0/concentration" || s.Inputs[1].Pointer != ptr {
			t.Errorf("%s: %+v", got[i].Text, s)
		}
	}
	// The content changes after printing: 5.00 g is no longer 100 g/L × 50 mL.
	dp.Composition[0].Concentration.Value = model.Number{}
	if err := json.Unmarshal([]byte("120"), &dp.Composition[0].Concentration.Value); err != nil {
		t.Fatal(err)
	}
	if got := ix.Entries("p1.md", printed, []string{string(md)}); len(got) != 0 {
		t.Errorf("amounts of another content were listed: %+v", got)
	}
	// The water is made up to volume: no amount to explain.
	water := reflect.ValueOf(dp.Composition[1])
	if s, ok := ix.explain(reflect.ValueOf(0.0), water, "PerUnit", reflect.ValueOf(dp.Presentations[0])); ok {
		t.Errorf("an amount of water was explained: %+v", s)
	}
}

// TestFilledVolumeIsTracedToTheFill: 3.2.P.3.2's nominal volume filled
// per batch is 1000 × 50 mL + 750 × 0.1 L = 125.0 L, from each fill's
// presentation and units and each presentation's volume; 125.1 L is
// refused.
func TestFilledVolumeIsTracedToTheFill(t *testing.T) {
	ix, dp := drugProductIndex(t, "")
	recv := reflect.ValueOf(dp)
	s, ok := ix.explain(reflect.ValueOf(125.0), recv, "FilledVolume")
	if !ok || !strings.HasPrefix(s.Formula, "filled volume = Σ units filled × nominal volume") || len(s.Inputs) != 6 ||
		s.Inputs[1].Pointer != "/batch_formula/fill/0/units" || s.Inputs[5].Pointer != "/presentations/1/nominal_volume" {
		t.Fatalf("125.0 L: %+v %v", s, ok)
	}
	if s, ok := ix.explain(reflect.ValueOf(125.1), recv, "FilledVolume"); ok {
		t.Errorf("125.1 L was explained: %+v", s)
	}
}

// TestShelfLifeCriterionIsTheDatumThatApplies: 3.2.P.5.1's shelf-life
// column prints, per test, the criterion listed under shelf_life or else
// the release criterion, each traced to its own pointer; a criterion the
// test does not have at the end of shelf life is refused.
func TestShelfLifeCriterionIsTheDatumThatApplies(t *testing.T) {
	ix, dp := drugProductIndex(t, "")
	tpl, err := mdtemplate.Parse("p51.md", "{{$s := .Specification}}{{range $t := $s.Tests}}| {{limit $t.Criterion}} | {{limit ($s.ShelfLifeCriterion $t)}} |\n{{end}}", nil)
	if err != nil {
		t.Fatal(err)
	}
	md, printed, err := tpl.RenderTrace(dp)
	if err != nil {
		t.Fatal(err)
	}
	got := ix.Entries("p51.md", printed, []string{string(md)})
	want := []string{"/specification/tests/0/criterion", "/specification/tests/0/criterion",
		"/specification/tests/1/criterion", "/specification/shelf_life/0/criterion"}
	if len(got) != len(want) {
		t.Fatalf("entries of %q: %+v", md, got)
	}
	for i, w := range want {
		if s := got[i].Sources[0]; s.Pointer != w || s.Formula != "" {
			t.Errorf("%s: %+v, want %s", got[i].Text, s, w)
		}
	}
	spec := reflect.ValueOf(dp.Specification)
	monomer := reflect.ValueOf(dp.Specification.Tests[1])
	if s, ok := ix.explain(reflect.ValueOf(dp.Specification.Tests[1].Criterion), spec, "ShelfLifeCriterion", monomer); ok {
		t.Errorf("the release criterion was explained as monomer's shelf-life criterion: %+v", s)
	}
}

// versionedIndex indexes a specification whose version 1.0 (2024-01-01)
// had a wider protein range than the current 2.0 (2025-01-01), and three
// lots tested in 2023 (before any version), 2024 and 2025.
func versionedIndex(t *testing.T) (*Index, *model.Project) {
	t.Helper()
	files := map[string][]byte{
		"data/specification.json": []byte(`{"id": "SPEC-1", "version": "2.0", "effective_date": "2025-01-01",
			"history": [{"version": "1.0", "effective_date": "2024-01-01", "criteria": [{"test": "protein", "criterion": {"type": "range", "low": 80, "high": 120}}]}],
			"tests": [{"id": "protein", "name": "Protein", "criterion": {"type": "range", "low": 90, "high": 110}},
				{"id": "ph", "name": "pH", "criterion": {"type": "range", "low": 4.0, "high": 4.4}}]}`),
		"data/batches.json": []byte(`{"lots": [
			{"lot": "L0", "test_date": "2023-06-01", "results": [{"test": "protein", "value": 100}]},
			{"lot": "L1", "test_date": "2024-06-01", "results": [{"test": "protein", "value": 85}, {"test": "ph", "value": 4.2}]},
			{"lot": "L2", "test_date": "2025-06-01", "results": [{"test": "protein", "value": 100}, {"test": "ph", "value": 4.2}]}]}`),
	}
	p := &model.Project{}
	targets := map[string]any{"data/specification.json": &p.Specification, "data/batches.json": &p.Batches}
	return indexOf(t, files, targets), p
}

// TestAppliedVersionIsTracedToDatesAndVersions: 3.2.S.4.4's lots table
// names the version in force on each lot's test date, traced to that
// version's name and effective date, the next version's effective date
// and the lot's test date; once the lot's test date moves the printed
// version is no longer explained, and a lot tested before any version
// has none.
func TestAppliedVersionIsTracedToDatesAndVersions(t *testing.T) {
	ix, p := versionedIndex(t)
	tpl, err := mdtemplate.Parse("s244.md", "{{$spec := .Specification}}{{range .Batches.Lots}}| {{.Lot}} | {{if $spec.AppliedVersion .}}{{$spec.AppliedVersion .}}{{else}}none{{end}} |\n{{end}}", nil)
	if err != nil {
		t.Fatal(err)
	}
	md, printed, err := tpl.RenderTrace(p)
	if err != nil {
		t.Fatal(err)
	}
	got := ix.Entries("s244.md", printed, []string{string(md)})
	var versions []Entry
	for _, e := range got {
		if e.Sources[0].Formula != "" {
			versions = append(versions, e)
		}
	}
	if len(versions) != 2 || versions[0].Text != "1.0" || versions[1].Text != "2.0" {
		t.Fatalf("versions of %q: %+v", md, got)
	}
	var in []string
	for _, s := range versions[0].Sources[0].Inputs {
		in = append(in, s.Pointer)
	}
	if want := "/history/0/version /history/0/effective_date /effective_date /lots/1/test_date"; strings.Join(in, " ") != want {
		t.Errorf("inputs of 1.0: %s, want %s", strings.Join(in, " "), want)
	}
	if in := versions[1].Sources[0].Inputs; len(in) != 3 || in[0].Pointer != "/version" || in[2].Pointer != "/lots/2/test_date" {
		t.Errorf("inputs of 2.0: %+v", in)
	}
	// L1 was tested in 2025 after all: 1.0 is no longer its version.
	p.Batches.Lots[1].TestDate = "2025-02-01"
	for _, e := range ix.Entries("s244.md", printed, []string{string(md)}) {
		if e.Text == "1.0" {
			t.Errorf("1.0 was listed for a lot tested under 2.0: %+v", e)
		}
	}
	if s, ok := ix.explain(reflect.ValueOf(""), reflect.ValueOf(p.Specification), "AppliedVersion", reflect.ValueOf(p.Batches.Lots[0])); ok {
		t.Errorf("a version was explained for a lot tested before any: %+v", s)
	}
}

// TestJudgementIsToldApartByItsResult: the results table's "(version
// 1.0: 80–120)" prints the version and criterion of a judgement held in
// a variable; each is explained from the lot's result the judgement is
// of (L1's protein: version 1.0 and its changed criterion), not from
// text: two judgements printing the same version and criterion are told
// apart by their results, and a judgement the lot's data no longer give
// is refused.
func TestJudgementIsToldApartByItsResult(t *testing.T) {
	ix, p := versionedIndex(t)
	spec, lot := p.Specification, p.Batches.Lots[1]
	j := reflect.ValueOf(spec.Judge(lot, "protein"))
	s, ok := ix.explain(reflect.ValueOf("1.0"), j, "Version")
	if !ok || len(s.Inputs) != 4 || s.Inputs[3].Pointer != "/lots/1/test_date" {
		t.Fatalf("version 1.0: %+v %v", s, ok)
	}
	s, ok = ix.explain(reflect.ValueOf(spec.Judge(lot, "protein").Criterion), j, "Criterion")
	if !ok || s.Pointer != "/history/0/criteria/0/criterion" {
		t.Fatalf("criterion 80–120: %+v %v", s, ok)
	}
	// pH was not changed by 1.0: its criterion is the current one.
	ph := reflect.ValueOf(spec.Judge(lot, "ph"))
	if s, ok := ix.explain(reflect.ValueOf(spec.Tests[1].Criterion), ph, "Criterion"); !ok || s.Pointer != "/tests/1/criterion" {
		t.Errorf("pH criterion: %+v %v", s, ok)
	}
	// L2's protein judgement prints 2.0, not 1.0.
	if s, ok := ix.explain(reflect.ValueOf("1.0"), reflect.ValueOf(spec.Judge(p.Batches.Lots[2], "protein")), "Version"); ok {
		t.Errorf("L2's version was explained as 1.0: %+v", s)
	}
	// A judgement whose result belongs to no lot is of nothing.
	stray := spec.Judge(lot, "protein")
	stray.Result = &model.Result{Test: "protein"}
	if s, ok := ix.explain(reflect.ValueOf("1.0"), reflect.ValueOf(stray), "Version"); ok {
		t.Errorf("a judgement of no lot's result was explained: %+v", s)
	}
	// The lot's test date moves: its judgement is no longer the one held.
	lot.TestDate = "2025-02-01"
	if s, ok := ix.explain(reflect.ValueOf("1.0"), j, "Version"); ok {
		t.Errorf("a judgement the data no longer give was explained: %+v", s)
	}
}

// TestEntriesLookBackAcrossAWrappedCell: a table row whose cell wraps
// gives its first line, the other cells' values included, before the
// wrapped rest; a value found on a later line leaves the lines it passed
// over to the values printed after it, so they are listed too.
func TestEntriesLookBackAcrossAWrappedCell(t *testing.T) {
	ix, dp := drugProductIndex(t, "")
	src := reflect.ValueOf(&dp.Presentations[0].NominalVolume).Elem()
	at := func(texts ...string) []mdtemplate.Traced {
		var out []mdtemplate.Traced
		for _, s := range texts {
			out = append(out, mdtemplate.Traced{Text: s, Sources: []reflect.Value{src}})
		}
		return out
	}
	page := "Glycine 15.0 mg Ph. Eur. 0614, USP\ntonicity\nWater to 1 mL to to Ph. Eur. 0169, USP\n50 mL 100 mL\nCap In-house"
	got := ix.Entries("p1.md", at("15.0", "Ph. Eur. 0614, USP", "50 mL", "100 mL", "Ph. Eur. 0169, USP", "100 mL"), []string{page})
	var texts []string
	for _, e := range got {
		texts = append(texts, e.Text)
	}
	if strings.Join(texts, " | ") != "15.0 | Ph. Eur. 0614, USP | 50 mL | 100 mL | Ph. Eur. 0169, USP" {
		t.Errorf("listed %q", texts)
	}
	// The results of a row whose criterion cell wraps, then the next row.
	page = "Monomer ≥ 98.0 % 97.0 (version 1.0: 99.3 99.4\n≥ 97.0 %)\nHMW ≤ 1.5 % 2.8 0.6"
	got = ix.Entries("s244.md", at("97.0", "1.0", "≥ 97.0 %", "99.3", "99.4", "≤ 1.5 %", "2.8", "0.6"), []string{page})
	if len(got) != 8 {
		t.Errorf("listed %+v", got)
	}
}

// TestHistoricLotsAreTracedToTheirDates: "1 batch (L0) was tested before
// the first version of the specification took effect": the lots and
// their count are explained by L0's test date against version 1.0's
// effective date, and "2 batches judged" by the other lots; once L0's
// test date falls after 1.0 took effect, neither is explained.
func TestHistoricLotsAreTracedToTheirDates(t *testing.T) {
	ix, p := versionedIndex(t)
	tpl, err := mdtemplate.Parse("s244.md", "{{$sum := .BatchSummary}}All {{count $sum.Judged \"batch\" \"batches\"}} judged.{{with $sum.Historic}} {{count (len $sum.Historic) \"batch\" \"batches\"}} ({{join $sum.Historic \", \"}}) was tested before.{{end}}", nil)
	if err != nil {
		t.Fatal(err)
	}
	md, printed, err := tpl.RenderTrace(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(md) != "All 2 batches judged. 1 batch (L0) was tested before." {
		t.Fatalf("printed %q", md)
	}
	got := ix.Entries("s244.md", printed, []string{string(md)})
	if len(got) != 3 || got[0].Text != "2 batches" || got[1].Text != "1 batch" || got[2].Text != "L0" {
		t.Fatalf("entries %+v", got)
	}
	if s := got[0].Sources[0]; !strings.HasPrefix(s.Formula, "lots judged = ") || len(s.Inputs) != 5 ||
		s.Inputs[0].Pointer != "/history/0/effective_date" || s.Inputs[2].Pointer != "/lots/0/test_date" || s.Inputs[4].Pointer != "/lots/2" {
		t.Errorf("2 batches judged: %+v", s)
	}
	for _, e := range got[1:] {
		s := e.Sources[0]
		if !strings.HasPrefix(s.Formula, "lots tested (released without a test date) before the first version") || len(s.Inputs) != 3 ||
			s.Inputs[1].Pointer != "/lots/0/lot" || s.Inputs[2].Pointer != "/lots/0/test_date" {
			t.Errorf("%s: %+v", e.Text, s)
		}
	}
	if s := got[1].Sources[0]; !strings.HasSuffix(s.Formula, "; printed: their number") {
		t.Errorf("1 batch is their number: %+v", s)
	}
	// L0 was tested under 1.0 after all.
	p.Batches.Lots[0].TestDate = "2024-02-01"
	if got := ix.Entries("s244.md", printed, []string{string(md)}); len(got) != 0 {
		t.Errorf("lots no longer historic were listed: %+v", got)
	}
}

// TestEntriesRepeatTableHeaders: a table that runs on to the next page
// has its header row (lot numbers) drawn again there; the header's
// entries are listed on both pages, and a single line that merely
// repeats a value of the page before is not taken for a header.
func TestEntriesRepeatTableHeaders(t *testing.T) {
	ix, dp := drugProductIndex(t, "")
	src := reflect.ValueOf(&dp.Presentations[0].NominalVolume).Elem()
	var printed []mdtemplate.Traced
	// the header row's lots are printed by the template's line 10, the
	// body's results by its line 12
	for i, s := range []string{"L-001", "L-002", "4.2", "4.3", "7.1", "7.0"} {
		line := 12
		if i < 2 {
			line = 10
		}
		printed = append(printed, mdtemplate.Traced{Text: s, Sources: []reflect.Value{src}, Pos: diag.Position{Line: line}})
	}
	pages := []string{"Test\nCriterion\nL-001\nL-002\npH\n4.0–4.4\n4.2\n4.3", "Test\nCriterion\nL-001\nL-002\nOsmolality\n7.1\n7.0"}
	var got []string
	for _, e := range ix.Entries("s244.md", printed, pages) {
		got = append(got, e.Text+"@"+strconv.Itoa(e.Page))
	}
	if want := "L-001@1 L-002@1 4.2@1 4.3@1 L-001@2 L-002@2 7.1@2 7.0@2"; strings.Join(got, " ") != want {
		t.Errorf("listed %s, want %s", strings.Join(got, " "), want)
	}
	pages = []string{"pH\n4.2\n4.3", "4.3\nOsmolality"}
	got = nil
	for _, e := range ix.Entries("s244.md", printed[2:4], pages) {
		got = append(got, e.Text+"@"+strconv.Itoa(e.Page))
	}
	if strings.Join(got, " ") != "4.2@1 4.3@1" {
		t.Errorf("a repeated value taken for a header: %s", strings.Join(got, " "))
	}
	// A one-line header, then a row's lone first cell that happens to be
	// the same on both pages (claim 1's rows): the cell is the body's,
	// printed by the action that prints the rows below it, not a header.
	var rows []mdtemplate.Traced
	for _, s := range []string{"1", "1a", "1", "1f"} {
		rows = append(rows, mdtemplate.Traced{Text: s, Sources: []reflect.Value{src}, Pos: diag.Position{Line: 33}})
	}
	pages = []string{"Claim Element Status\n1\n1a step P2", "Claim Element Status\n1\n1f yield"}
	got = nil
	for _, e := range ix.Entries("chart.md", rows, pages) {
		got = append(got, e.Text+"@"+strconv.Itoa(e.Page))
	}
	if strings.Join(got, " ") != "1@1 1a@1 1@2 1f@2" {
		t.Errorf("a body row's cell taken for a repeated header: %s", strings.Join(got, " "))
	}
}

// TestFindSetsNumbersApart: a value is not found inside a longer number
// or as a table's number, and is found where white space sets it apart.
func TestFindSetsNumbersApart(t *testing.T) {
	for _, c := range []struct {
		page, text string
		want       bool
	}{
		{"stated in ¶ 0013", "1", false},
		{"mean 0.37 g", "7", false},
		{"mean 0.37 g", "3", false},
		{"Version 1.0", "1", false},
		{"Table 3. Batches", "3", false},
		{"FIG. 2 shows", "2", false},
		{"claim 1 (dep. 1)", "1", true},
		{"n = 3, mean 0.37", "3", true},
		{"lots 12 3", "3", true},
		{"Version 1.0", "1.0", true},
	} {
		flat := squeeze(c.page)
		_, ok := findIn(flat, joins(c.page), 0, len(flat), c.text)
		if ok != c.want {
			t.Errorf("%q in %q: found %v, want %v", c.text, c.page, ok, c.want)
		}
	}
}

// TestEntriesFindALongValueFartherOn: a test's name printed under its
// figure pages after the previous value (the figures between print
// names without a digit) is found on the one page that holds it; a long
// value on two later pages, or a short one, is not looked for there.
func TestEntriesFindALongValueFartherOn(t *testing.T) {
	ix, dp := drugProductIndex(t, "")
	src := reflect.ValueOf(&dp.Presentations[0].NominalVolume).Elem()
	at := func(texts ...string) []mdtemplate.Traced {
		var out []mdtemplate.Traced
		for _, s := range texts {
			out = append(out, mdtemplate.Traced{Text: s, Sources: []reflect.Value{src}})
		}
		return out
	}
	pages := []string{"Protein 101.2", "Figure 1. Protein by lot", "Figure 2. Purity by lot", "Figure 3. Haem (absorbance at 403 nm) by lot\n7.1"}
	got := ix.Entries("s244.md", at("101.2", "Haem (absorbance at 403 nm)", "7.1"), pages)
	if len(got) != 3 || got[1].Page != 4 || got[2].Page != 4 {
		t.Errorf("entries %+v", got)
	}
	pages[2] = "Figure 2. Haem (absorbance at 403 nm) by lot"
	if got := ix.Entries("s244.md", at("101.2", "Haem (absorbance at 403 nm)"), pages); len(got) != 1 {
		t.Errorf("a value on two later pages was placed: %+v", got)
	}
	pages[2] = "Figure 2. 7.1"
	if got := ix.Entries("s244.md", at("101.2", "7.1"), append(pages[:3:3], "Figure 3.")); len(got) != 1 {
		t.Errorf("a short value was looked for beyond the next page: %+v", got)
	}
}

// TestSummariesOfTwoTestsAreToldApart: two titre tests whose results give
// the same range print the same text; each summary names its test, so
// each is explained by its own test's results, and a summary whose
// results the data no longer give is refused.
func TestSummariesOfTwoTestsAreToldApart(t *testing.T) {
	files := map[string][]byte{
		"data/batches.json": []byte(`{"lots": [
			{"lot": "L1", "results": [{"test": "hbs", "titre": 8}, {"test": "hav", "titre": 8}]},
			{"lot": "L2", "results": [{"test": "hbs", "titre": 16}, {"test": "hav", "titre": 16}]}]}`),
	}
	p := &model.Project{}
	doc, ds := dataset.Parse("data/batches.json", files["data/batches.json"], dataset.Options{})
	if doc == nil {
		t.Fatal(ds)
	}
	if err := json.Unmarshal(files["data/batches.json"], &p.Batches); err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(map[*dataset.Document]any{doc: p.Batches})
	hbs, hav := p.Batches.Summarise("hbs"), p.Batches.Summarise("hav")
	if hbs.Text() != hav.Text() {
		t.Fatalf("the two tests' texts differ: %q %q", hbs.Text(), hav.Text())
	}
	for i, sum := range []model.ResultSummary{hbs, hav} {
		s, ok := ix.explain(reflect.ValueOf(sum.Text()), reflect.ValueOf(sum), "Text")
		if !ok || !strings.Contains(s.Formula, "test "+sum.Test) || len(s.Inputs) != 2 ||
			s.Inputs[0].Pointer != "/lots/0/results/"+strconv.Itoa(i) || s.Inputs[1].Pointer != "/lots/1/results/"+strconv.Itoa(i) {
			t.Errorf("%s %q: %+v %v", sum.Test, sum.Text(), s, ok)
		}
		if s, ok := ix.explain(reflect.ValueOf(2), reflect.ValueOf(sum), "N"); !ok || len(s.Inputs) != 2 {
			t.Errorf("n of %s: %+v %v", sum.Test, s, ok)
		}
	}
	// L2's hav titre is 32 after all: the summary printed is not its.
	p.Batches.Lots[1].Results[1].Titre = 32
	if s, ok := ix.explain(reflect.ValueOf(hav.Text()), reflect.ValueOf(hav), "Text"); ok {
		t.Errorf("a summary the results no longer give was explained: %+v", s)
	}
}
