package changes

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// nouns names the items of the lists of the known kinds, by kind and list
// member; lists of other kinds are named after their member.
var nouns = map[string]string{
	"steps": "step", "parameters": "parameter", "ipcs": "in-process control", "materials": "material",
	"holds": "hold", "tests": "specification test", "lots": "batch", "results": "result",
	"viruses": "virus", "runs": "run", "claims": "claim", "elements": "claim element",
	"attributes": "stability attribute", "conditions": "storage condition", "time_points": "time point",
	"compared_tests": "compared test", "supports": "support", "history": "specification version",
	"criteria": "criterion",
}

// kindNouns names the items of lists whose member name means something
// else in that kind: the justification of the specification lists, under
// "tests", a justification of each test, not the tests.
var kindNouns = map[string]map[string]string{
	"justification": {"tests": "justification of test"},
}

func noun(kind, member string) string {
	if n, ok := kindNouns[kind][member]; ok {
		return n
	}
	if member == "studies" {
		switch kind {
		case "viral_clearance":
			return "viral-clearance study"
		case "stability":
			return "stability study"
		}
		return "study"
	}
	if n, ok := nouns[member]; ok {
		return n
	}
	n := strings.ReplaceAll(member, "_", " ")
	if strings.HasSuffix(n, "ies") {
		return strings.TrimSuffix(n, "ies") + "y"
	}
	return strings.TrimSuffix(n, "s")
}

func plural(n string) string {
	switch {
	case strings.HasSuffix(n, "y"):
		return strings.TrimSuffix(n, "y") + "ies"
	case strings.HasSuffix(n, "s"):
		return n + "es"
	}
	return n + "s"
}

// kindNoun names a data kind in words.
func kindNoun(kind string) string { return strings.ReplaceAll(kind, "_", "-") }

// itemLabel names one item of a list: its noun, id and name.
func itemLabel(kind, member, idKey string, m map[string]any) string {
	l := noun(kind, member) + " " + Format(m[idKey])
	if k := labelKey(idKey, m); k != "" {
		return l + " (" + m[k].(string) + ")"
	}
	return l
}

// labelKey is the member that names an item in words, "" when none does.
func labelKey(idKey string, m map[string]any) string {
	for _, k := range []string{"name", "title", "test"} {
		if v, ok := m[k].(string); ok && k != idKey && v != "" {
			return k
		}
	}
	return ""
}

// fields names members in words; a member not listed is printed with
// spaces for underscores.
var fields = map[string]string{
	"nor": "NOR", "par": "PAR", "set_point": "set point", "ipcs": "in-process controls",
	"reported_lrv": "reported LRV", "lrv": "LRV", "ph": "pH", "product_in": "product in", "product_out": "product out",
}

func fieldName(member string) string {
	if f, ok := fields[member]; ok {
		return f
	}
	return strings.ReplaceAll(member, "_", " ")
}

// Format prints a value as a writer reads it: numbers exactly as written,
// a range as "low–high unit", a quantity as "value unit", a criterion as
// "NMT 1.0 EU/mL", other objects as "member: value; …", lists joined by
// commas. Nothing becomes markup here; the Summary of Changes escapes it.
func Format(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = Format(e)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		return formatObject(x)
	}
	return fmt.Sprint(v)
}

func unitSuffix(m map[string]any) string {
	u, _ := m["unit"].(string)
	if u == "" || u == "1" {
		return ""
	}
	return " " + u
}

func formatObject(m map[string]any) string {
	has := func(ks ...string) bool {
		for _, k := range ks {
			if _, ok := m[k]; !ok {
				return false
			}
		}
		return true
	}
	only := func(ks ...string) bool {
		n := 0
		for _, k := range ks {
			if _, ok := m[k]; ok {
				n++
			}
		}
		return n == len(m)
	}
	if t, ok := m["type"].(string); ok && valueLike(m) {
		switch {
		case t == "text" && has("text"):
			return Format(m["text"])
		case t == "range" && has("low", "high"):
			return Format(m["low"]) + "–" + Format(m["high"]) + unitSuffix(m)
		case has("value") && only("type", "value", "unit"):
			return strings.ToUpper(t) + " " + Format(m["value"]) + unitSuffix(m)
		}
	}
	switch {
	case has("low", "high") && only("low", "high", "unit"):
		return Format(m["low"]) + "–" + Format(m["high"]) + unitSuffix(m)
	case has("value") && only("value", "unit", "qualifier"):
		q, _ := m["qualifier"].(string)
		return q + Format(m["value"]) + unitSuffix(m)
	}
	var parts []string
	for _, k := range keys(m, nil) {
		parts = append(parts, fieldName(k)+": "+Format(m[k]))
	}
	return strings.Join(parts, "; ")
}

// Summary prints an added or removed item: its members that are values
// (but those its label already gives: skip), and how many entries each of
// its lists holds, within about 300 characters.
func Summary(v any, skip ...string) string {
	m, ok := v.(map[string]any)
	if !ok {
		return Format(v)
	}
	var parts []string
	for _, k := range keys(m, nil) {
		if slices.Contains(skip, k) {
			continue
		}
		switch x := m[k].(type) {
		case []any:
			parts = append(parts, fmt.Sprintf("%s: %d", fieldName(k), len(x)))
		case map[string]any:
			if valueLike(x) {
				parts = append(parts, fieldName(k)+": "+Format(x))
			}
		default:
			parts = append(parts, fieldName(k)+": "+Format(x))
		}
	}
	s := strings.Join(parts, "; ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:299]) + "…"
	}
	return s
}

// kindSections lists, for each known kind, the CTD sections its data are
// filed in (drug substance, then drug product), and for critical
// parameters and controls the further section of critical steps.
var kindSections = map[string][]string{
	"process":         {"3.2.S.2.2", "3.2.P.3.3"},
	"specification":   {"3.2.S.4.1", "3.2.P.5.1"},
	"batches":         {"3.2.S.4.4", "3.2.P.5.4"},
	"viral_clearance": {"3.2.A.2"},
	"stability":       {"3.2.S.7", "3.2.P.8"},
	"materials":       {"3.2.S.2.3"},
	"development":     {"3.2.S.2.6"},
	"justification":   {"3.2.S.4.5"},
	"drug_product":    {"3.2.P.1"},
}

// memberSections lists, for kinds whose members are filed in different
// sections, the sections of each top-level member; a member not listed
// falls back to the kind's sections. A process's steps are filed by their
// stage (stageSections).
var memberSections = map[string]map[string][]string{
	"process": {
		// The starting material, its cell banks and their tests are
		// controlled in 3.2.S.2.3.
		"starting_material": {"3.2.S.2.3"},
	},
	"drug_product": {
		"manufacturers":      {"3.2.P.3.1"},
		"batch_formula":      {"3.2.P.3.2"},
		"process_validation": {"3.2.P.3.5"},
		"specification":      {"3.2.P.5.1"},
		"lots":               {"3.2.P.5.4"},
	},
}

// stageSections are the sections describing a process step of each stage,
// and the controls of its critical steps.
var stageSections = map[string][2]string{
	"drug_substance": {"3.2.S.2.2", "3.2.S.2.4"},
	"drug_product":   {"3.2.P.3.3", "3.2.P.3.4"},
}

var criticalSections = []string{"3.2.S.2.4", "3.2.P.3.4"}

func kindOrder(kind string) int {
	for i, k := range []string{"process", "specification", "batches", "viral_clearance", "stability", "comparator", "claims"} {
		if k == kind {
			return i
		}
	}
	return 100
}

// section is the CTD section a change falls in. A change inside a
// process step falls in the section of the step's stage — 3.2.S.2.2 for a
// drug substance step, 3.2.P.3.3 for a drug product step, both when a
// change moves a step between them — and, when it concerns a critical
// parameter or control, in that stage's section of critical steps too.
// Other changes fall in their member's section (memberSections) or, of
// their kind's sections, the first the manifest files documents under
// (the drug substance section before the drug product one: a project
// filing both prints these data in the drug substance documents, and its
// drug product sections draw on the drug product data), or the first when
// it files none; "" for kinds no CTD section shows (claims, the
// comparator).
func section(c Change, manifest []string) string {
	filed := func(s string) bool {
		for _, m := range manifest {
			if m == s || strings.HasPrefix(m, s+".") {
				return true
			}
		}
		return false
	}
	first := func(cands []string) []string {
		for _, s := range cands {
			if filed(s) {
				return []string{s}
			}
		}
		if len(cands) > 0 {
			return cands[:1]
		}
		return nil
	}
	var got []string
	if c.Kind == "process" && len(c.stages) > 0 {
		for _, st := range c.stages {
			secs, ok := stageSections[st]
			if !ok {
				secs = stageSections["drug_substance"]
			}
			got = append(got, secs[0])
			if c.critical {
				got = append(got, secs[1])
			}
		}
	} else {
		cands := kindSections[c.Kind]
		if m, ok := memberSections[c.Kind][c.member]; ok {
			cands = m
		}
		got = first(cands)
		if c.critical && len(got) > 0 {
			got = append(got, first(criticalSections)...)
		}
	}
	sort.Strings(got)
	return strings.Join(slices.Compact(got), ", ")
}

// testFolds says, for each kind whose items include specification tests,
// where those tests are listed and what else names them: the results of
// every batch and stability time point, and the test's justification
// (3.2.S.4.5), which the data rules require to go with the test.
var testFolds = []struct {
	kind, tests string // the kind and the key prefix of its tests
	// results are the kinds and key prefixes of the items holding results
	// of the test, and the noun of those items.
	results []struct{ kind, prefix string }
	where   [2]string // one, many
	// justification is the key prefix of the test's justification, "" when
	// the kind has none.
	justification string
}{
	{kind: "specification", tests: "specification/tests[",
		results:       []struct{ kind, prefix string }{{"batches", "batches/"}, {"stability", "stability/"}},
		where:         [2]string{"batch or time point", "batches or time points"},
		justification: "justification/tests["},
	{kind: "drug_product", tests: "drug_product/specification/tests[",
		results: []struct{ kind, prefix string }{{"drug_product", "drug_product/lots["}},
		where:   [2]string{"batch", "batches"}},
}

// fold puts the consequences of a specification test added or removed —
// its result in every batch and stability time point, its justification —
// into that change, so the list holds causes: removing a test necessarily
// removes its results, and listing each would bury the change a reviewer
// must judge.
func fold(cs []Change) []Change {
	// idIn is the id of the item key names right after prefix, when that
	// item is where key ends.
	idIn := func(key, prefix string) (string, bool) {
		rest, ok := strings.CutPrefix(key, prefix)
		if !ok || !strings.HasSuffix(rest, "]") || strings.ContainsAny(rest[:len(rest)-1], "[]/") {
			return "", false
		}
		return rest[:len(rest)-1], true
	}
	at := func(action string, fold int, id string) string {
		return fmt.Sprintf("%s\x00%d\x00%s", action, fold, id)
	}
	tests := map[string]string{} // action, fold, test id → the test change's key
	for _, c := range cs {
		for i, f := range testFolds {
			if id, ok := idIn(c.Key, f.tests); ok && c.Kind == f.kind && (c.Action == Added || c.Action == Removed) {
				tests[at(c.Action, i, id)] = c.Key
			}
		}
	}
	if len(tests) == 0 {
		return cs
	}
	// causeOf is the test change c follows from, and whether c is the
	// test's justification (else one of its results).
	causeOf := func(c Change) (fold int, key string, just bool) {
		for i, f := range testFolds {
			for _, r := range f.results {
				j := strings.LastIndex(c.Key, "/results[")
				if c.Kind != r.kind || !strings.HasPrefix(c.Key, r.prefix) || j < 0 {
					continue
				}
				if id, ok := idIn(c.Key[j:], "/results["); ok && tests[at(c.Action, i, id)] != "" {
					return i, tests[at(c.Action, i, id)], false
				}
			}
			if id, ok := idIn(c.Key, f.justification); ok && f.justification != "" && c.Kind == "justification" && tests[at(c.Action, i, id)] != "" {
				return i, tests[at(c.Action, i, id)], true
			}
		}
		return 0, "", false
	}
	type folded struct {
		fold    int
		results int
		just    bool
	}
	got := map[string]*folded{}
	var out []Change
	for _, c := range cs {
		if c.Action == Added || c.Action == Removed {
			if i, key, just := causeOf(c); key != "" {
				f := got[key]
				if f == nil {
					f = &folded{fold: i}
					got[key] = f
				}
				if just {
					f.just = true
				} else {
					f.results++
				}
				continue
			}
		}
		out = append(out, c)
	}
	for i, c := range out {
		f := got[c.Key]
		if f == nil {
			continue
		}
		var parts []string
		if f.results > 0 {
			where := testFolds[f.fold].where
			parts = append(parts, fmt.Sprintf("and its %s in %s", map[bool]string{true: "result", false: "results"}[f.results == 1], count(f.results, where[0], where[1])))
		}
		if f.just {
			parts = append(parts, "and its justification")
		}
		out[i].Includes = strings.Join(parts, ", ")
	}
	return out
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
