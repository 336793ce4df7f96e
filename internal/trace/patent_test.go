package trace

import (
	"reflect"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/claimsupport"
	"github.com/regdoc/regdoc/internal/model"
)

// patentFiles are a process of two steps (P2 with an ethanol parameter,
// P3), a specification with an IgA test, two lots and two claims: claim 1
// with a claimed range linked to P2 and its parameter, claim 2 limiting
// IgA.
func patentFiles() map[string]string {
	return map[string]string{
		"data/process.json": `{"steps": [
			{"id": "P2", "name": "Cold-ethanol precipitation", "product_in": {"value": 100, "unit": "kg"}, "product_out": {"value": 92, "unit": "kg"},
			 "parameters": [{"id": "P2-ethanol", "name": "Ethanol concentration", "unit": "% v/v", "set_point": 25, "nor": {"low": 24, "high": 26}, "par": {"low": 23, "high": 27}}]},
			{"id": "P3", "name": "Nanofiltration (20 nm)", "product_in": {"value": 92, "unit": "kg"}, "product_out": {"value": 90, "unit": "kg"}}]}`,
		"data/specification.json": `{"id": "SPEC-1", "tests": [
			{"id": "iga", "name": "IgA", "criterion": {"type": "nmt", "value": 20, "unit": "µg/mL"}}]}`,
		"data/batches.json": `{"lots": [
			{"lot": "L1", "results": [{"test": "iga", "value": 4}]},
			{"lot": "L2", "results": [{"test": "iga", "value": 6}]}]}`,
		"data/claims.json": `{"claims": [
			{"number": 1, "preamble": "A process, comprising:", "elements": [
				{"id": "1a", "text": "precipitating with ethanol at 23 to 27 % v/v;", "supports": [{"step": "P2"}, {"parameter": "P2-ethanol"}], "claimed_range": {"low": 23, "high": 27, "unit": "% v/v"}},
				{"id": "1b", "text": "wherein the yield of IgG is at least 70 %.", "supports": [{"yield": "overall"}], "claimed_range": {"low": 70, "unit": "%"}}]},
			{"number": 2, "depends_on": 1, "preamble": "The process of claim 1,", "elements": [
				{"id": "2a", "text": "wherein the preparation contains at most 20 µg/mL IgA.", "supports": [{"test": "iga"}], "claimed_range": {"high": 20, "unit": "µg/mL"}}]}]}`,
	}
}

// patentProject indexes patentFiles, each changed by edit first.
func patentProject(t *testing.T, edit func(name, src string) string) (*Index, *model.Project) {
	t.Helper()
	p := &model.Project{}
	targets := map[string]any{"data/process.json": &p.Process, "data/specification.json": &p.Specification,
		"data/batches.json": &p.Batches, "data/claims.json": &p.Claims}
	files := map[string][]byte{}
	for name, src := range patentFiles() {
		if edit != nil {
			src = edit(name, src)
		}
		files[name] = []byte(src)
	}
	ix := indexOf(t, files, targets)
	for i, s := range p.Process.Steps {
		s.Index = i
	}
	return ix, p
}

// paragraphsFor is an exhibit that states claim 1's range in ¶ 0012,
// claim 1b's limit in ¶ 0004 with the yield defined in ¶ 0009, and
// claim 2a's limit in ¶ 0005.
var paragraphsFor = []claimsupport.Paragraph{
	{Number: 4, Text: "In some embodiments, the yield of IgG is at least 70 %.", Section: "SUMMARY"},
	{Number: 5, Text: "In some embodiments, the preparation contains at most 20 µg/mL IgA.", Section: "SUMMARY"},
	{Number: 9, Text: "As used herein, the yield of IgG is the mass recovered as a percentage of the mass in the plasma.", Section: "DETAILED DESCRIPTION"},
	{Number: 12, Text: "In step P2, precipitating with ethanol: the ethanol is from 23 to 27 % v/v.", Section: "DETAILED DESCRIPTION"},
}

func chartRow(t *testing.T, ch *claimsupport.Chart, element string) reflect.Value {
	t.Helper()
	for i := range ch.Elements {
		if ch.Elements[i].Element == element {
			return reflect.ValueOf(&ch.Elements[i]).Elem()
		}
	}
	t.Fatalf("no row %s", element)
	return reflect.Value{}
}

func inputPointers(s Source) []string {
	var out []string
	for _, in := range s.Inputs {
		out = append(out, in.Pointer)
	}
	return out
}

// TestClaimSentenceIsTracedToItsParts: a claim printed as one sentence is
// explained by its preamble and elements' texts; a sentence its parts do
// not give (the data changed) is not.
func TestClaimSentenceIsTracedToItsParts(t *testing.T) {
	ix, p := patentProject(t, nil)
	c := p.Claims.Claims[0]
	s, ok := ix.explain(reflect.ValueOf(c.Sentence()), reflect.ValueOf(c), "Sentence")
	want := []string{"/claims/0/preamble", "/claims/0/elements/0/text", "/claims/0/elements/1/text"}
	if !ok || !strings.HasPrefix(s.Formula, "claim = ") || !reflect.DeepEqual(inputPointers(s), want) {
		t.Fatalf("sentence: %+v %v", s, ok)
	}
	printed := c.Sentence()
	c.Elements[1].Text = "wherein the yield of IgG is at least 75 %."
	if s, ok := ix.explain(reflect.ValueOf(printed), reflect.ValueOf(c), "Sentence"); ok {
		t.Errorf("a sentence the claim no longer gives was explained: %+v", s)
	}
}

// TestChartRowsAreTracedToTheClaims: the first table's claim number,
// element id and text resolve to the claims data; its paragraphs cited
// and reason are recomputed from the paragraphs found and the claimed
// range; a row whose reason no longer matches the claimed range in the
// data, or whose position names another element, gives no entry.
func TestChartRowsAreTracedToTheClaims(t *testing.T) {
	ix, p := patentProject(t, nil)
	ch := claimsupport.Analyze(p.Claims, paragraphsFor, claimsupport.Options{})
	row := chartRow(t, ch, "1a")
	el := row.Interface().(claimsupport.Element)
	if el.Verdict != claimsupport.Supported {
		t.Fatalf("1a is not supported: %+v", el)
	}
	for member, ptr := range map[string]string{"Claim": "/claims/0/number", "Element": "/claims/0/elements/0/id", "Text": "/claims/0/elements/0/text"} {
		s, ok := ix.explain(row.FieldByName(member), row, member)
		if !ok || s.Pointer != ptr {
			t.Errorf("%s: %+v %v, want %s", member, s, ok, ptr)
		}
	}
	cited, ok := ix.explain(reflect.ValueOf(el.Cited()), row, "Cited")
	if !ok || el.Cited() != "¶ 0012" || !strings.HasPrefix(cited.Formula, "paragraphs cited = ") || cited.Inputs[0].Pointer != "/claims/0/elements/0/text" {
		t.Errorf("cited %q: %+v %v", el.Cited(), cited, ok)
	}
	reason, ok := ix.explain(row.FieldByName("Reason"), row, "Reason")
	if !ok || el.Reason != "the range 23 to 27 % v/v is stated in ¶ 0012" ||
		!reflect.DeepEqual(inputPointers(reason), []string{"/claims/0/elements/0/text", "/claims/0/elements/0/claimed_range/low", "/claims/0/elements/0/claimed_range/high", "/claims/0/elements/0/claimed_range/unit"}) {
		t.Errorf("reason %q: %+v %v", el.Reason, reason, ok)
	}
	yield := chartRow(t, ch, "1b")
	if s, ok := ix.explain(yield.FieldByName("Reason"), yield, "Reason"); !ok || !strings.Contains(yield.FieldByName("Reason").String(), `"yield" is defined in ¶ 0009`) {
		t.Errorf("1b reason %q: %+v %v", yield.FieldByName("Reason").String(), s, ok)
	}
	// The rows count each claim's preamble and each element.
	rows := reflect.ValueOf(ch.Elements)
	if s, ok := ix.countOf(rows, reflect.ValueOf(ch), "Elements", "5 rows"); !ok || len(s.Inputs) != 5 || s.Inputs[1].Pointer != "/claims/0/elements/0" {
		t.Errorf("rows: %+v %v", s, ok)
	}

	// The claims data changed after the chart was read: the reason no
	// longer states the range in the data, the row no longer names
	// element 1a at its place.
	p.Claims.Claims[0].Elements[0].ClaimedRange.Low, _ = numberPtr("22")
	if s, ok := ix.explain(row.FieldByName("Reason"), row, "Reason"); ok {
		t.Errorf("a reason the claimed range no longer gives was explained: %+v", s)
	}
	p.Claims.Claims[0].Elements[0].ID = "1x"
	for _, member := range []string{"Element", "Text", "Cited"} {
		if s, ok := ix.explain(row.FieldByName(member), row, member); ok {
			t.Errorf("%s of a row its place no longer holds was explained: %+v", member, s)
		}
	}
	if s, ok := ix.countOf(rows, reflect.ValueOf(ch), "Elements", "5 rows"); ok {
		t.Errorf("rows of claims that changed were counted: %+v", s)
	}
}

func numberPtr(text string) (*model.Number, error) {
	n, err := model.NewNumber(text)
	return &n, err
}

// TestEvidenceIsTracedToTheLinkAndItsData: the second table's linked ids
// resolve to the claims' links, a parameter's label and data to the
// process, a test's data to the lots' results and the yield to the step
// masses; evidence the data no longer give is not explained.
func TestEvidenceIsTracedToTheLinkAndItsData(t *testing.T) {
	ix, p := patentProject(t, nil)
	rows := p.ClaimSupport()
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	ev := func(row, i int) reflect.Value { return reflect.ValueOf(&rows[row].Evidence[i]).Elem() }
	explain := func(v reflect.Value, member string) (Source, bool) {
		return ix.explain(v.FieldByName(member), v, member)
	}
	if s, ok := explain(ev(0, 1), "Ref"); !ok || s.Pointer != "/claims/0/elements/0/supports/1/parameter" {
		t.Errorf("ref: %+v %v", s, ok)
	}
	if s, ok := explain(ev(0, 1), "Label"); !ok || !reflect.DeepEqual(inputPointers(s), []string{"/claims/0/elements/0/supports/1/parameter", "/steps/0/id", "/steps/0/parameters/0/name"}) {
		t.Errorf("label %q: %+v %v", rows[0].Evidence[1].Label, s, ok)
	}
	if s, ok := explain(ev(0, 1), "Detail"); !ok || rows[0].Evidence[1].Detail != "set point 25 % v/v, NOR 24–26 % v/v, PAR 23–27 % v/v" || len(s.Inputs) != 5 || s.Inputs[3].Pointer != "/steps/0/parameters/0/par" {
		t.Errorf("detail %q: %+v %v", rows[0].Evidence[1].Detail, s, ok)
	}
	if s, ok := explain(ev(1, 0), "Detail"); !ok || rows[1].Evidence[0].Detail != "90.0 %" || s.Inputs[0].Pointer != "/claims/0/elements/1/supports/0/yield" || len(s.Inputs) != 5 {
		t.Errorf("yield %q: %+v %v", rows[1].Evidence[0].Detail, s, ok)
	}
	if s, ok := explain(ev(2, 0), "Detail"); !ok || rows[2].Evidence[0].Detail != "L1: 4; L2: 6 µg/mL" ||
		!reflect.DeepEqual(inputPointers(s), []string{"/claims/1/elements/0/supports/0/test", "/lots/0/lot", "/lots/0/results/0", "/lots/1/lot", "/lots/1/results/0", "/tests/0/criterion/unit"}) {
		t.Errorf("test %q: %+v %v", rows[2].Evidence[0].Detail, s, ok)
	}
	// The count of elements.
	if s, ok := ix.countOf(reflect.ValueOf(rows), reflect.ValueOf(p), "ClaimSupport", "3 elements"); !ok || len(s.Inputs) != 3 {
		t.Errorf("elements: %+v %v", s, ok)
	}

	// Data that no longer give what was printed.
	p.Process.Steps[0].Parameters[0].PAR.High, _ = numberPtr("28")
	if s, ok := explain(ev(0, 1), "Detail"); ok {
		t.Errorf("a parameter's data the process no longer gives were explained: %+v", s)
	}
	p.Batches.Lots[1].Results[0].Value, _ = numberPtr("7")
	if s, ok := explain(ev(2, 0), "Detail"); ok {
		t.Errorf("lot results the lots no longer give were explained: %+v", s)
	}
	p.Process.Steps[1].ProductOut.Value = model.Number{}
	if s, ok := explain(ev(1, 0), "Detail"); ok {
		t.Errorf("a yield the masses no longer give was explained: %+v", s)
	}
	p.Claims.Claims[0].Elements[0].Supports[1].Parameter = "P2-ph"
	if s, ok := explain(ev(0, 1), "Ref"); ok {
		t.Errorf("an id the link no longer holds was explained: %+v", s)
	}
}
