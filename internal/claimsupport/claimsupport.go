// Package claimsupport judges each claim against the patent exhibit's own
// words, the way an examiner reads them (MPEP 2163, 2173.05(e)): for every
// element of every claim it finds the numbered paragraphs that describe
// it, checks that a claimed range's endpoints are stated literally in
// them (not only in the prior-art discussion, not only reached by an
// example), that every "the X" has an earlier "a X" in the claim or the
// claims it depends on, that a dependent claim refers to an earlier claim
// that exists, and that measured terms a claim limits (yield, purity,
// content) are defined. It reads typeset text and claims data; it neither
// renders nor reads files, so the chart, validate and tests share one
// verdict.
package claimsupport

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/model"
)

// Paragraph is one numbered paragraph of the exhibit as typeset.
type Paragraph struct {
	Number  int    // n of [000n]
	Text    string // its words, without the number
	Section string // the heading it stands under ("BACKGROUND", "SUMMARY" …)
}

// Options tell Analyze what in the text is prior art.
type Options struct {
	// PriorArt are words that mark a clause as describing the prior art or
	// the comparator ("conventional", the comparator's name): a value
	// stated there is not the invention's and supports no claim.
	PriorArt []string
}

// Problem kinds, one per rule a reviewer applies. Each is the code of the
// finding validate reports.
const (
	// RangeNotStated: a claimed endpoint is not stated literally in a
	// paragraph that describes the element (MPEP 2163.05 III).
	RangeNotStated = "PT-10"
	// NotDescribed: no paragraph describes the element's subject matter.
	NotDescribed = "PT-11"
	// NoAntecedent: "the X" or "said X" without an earlier "a X", or an
	// "X" that could mean two things introduced before (MPEP 2173.05(e)).
	NoAntecedent = "PT-12"
	// Undefined: a measured term the claim limits is not defined in the
	// exhibit (on what basis, by what method).
	Undefined = "PT-13"
	// BadDependency: a dependent claim refers to a later or missing claim,
	// or its words name another claim than its data (37 CFR 1.75(c)).
	BadDependency = "PT-14"
)

// Problem is one reason an element is not supported.
type Problem struct {
	Code    string
	Message string
}

// Verdict is the chart's judgement of one element.
type Verdict string

// Verdicts.
const (
	Supported   Verdict = "supported"
	Unsupported Verdict = "not supported"
)

// Element is one row of the chart: a claim element (or a claim's
// preamble, Element "preamble"), the paragraphs that support it, the
// verdict and its reasons.
type Element struct {
	Claim        int    // claim number
	ClaimIndex   int    // position in the claims data
	Element      string // element id, or "preamble"
	ElementIndex int    // position among the claim's elements; -1 for the preamble
	Text         string
	Paragraphs   []int // supporting paragraphs, ascending
	Verdict      Verdict
	Reason       string    // why, in one sentence, for the chart
	Problems     []Problem // every failed rule
	// Stated are the paragraphs stating the claimed range's endpoints,
	// and Defined the measured terms the element limits with the
	// paragraphs defining them: what a supported element's Reason says,
	// kept so the reason can be checked against them.
	Stated  []int
	Defined []Definition
}

// Definition is a measured term a claim limits and the paragraphs of the
// exhibit that define it.
type Definition struct {
	Term       string
	Paragraphs []int
}

// Text is the definition as the chart's reason gives it:
// "\"yield\" is defined in ¶ 0009".
func (d Definition) Text() string {
	return fmt.Sprintf("%q is defined in %s", d.Term, ParagraphList(d.Paragraphs))
}

// Chart is the verdict for every element of every claim.
type Chart struct {
	Elements []Element
}

// Unsupported returns the rows whose verdict is not Supported.
func (c *Chart) Unsupported() []Element {
	var out []Element
	for _, e := range c.Elements {
		if e.Verdict != Supported {
			out = append(out, e)
		}
	}
	return out
}

// AllSupported reports whether every row is supported.
func (c *Chart) AllSupported() bool { return len(c.Unsupported()) == 0 }

// Claim thresholds: the share of an element's subject-matter words a
// paragraph must hold to describe it, and the lower share that makes a
// paragraph relevant enough for its numbers to count for the element's
// range (a pH range of the formulation step does not describe an
// incubation claimed at that pH).
const (
	describes = 0.6
	relevant  = 0.5
	// exampleClause is the share of the element's words a clause must hold
	// for a value in it to count as reached for the element.
	exampleClause = 0.4
)

// Analyze judges every element of claims against paras.
func Analyze(claims *model.Claims, paras []Paragraph, opt Options) *Chart {
	chart := &Chart{}
	if claims == nil {
		return chart
	}
	a := analyzer{claims: claims, paras: paras, opt: opt}
	a.prepare()
	for ci, c := range claims.Claims {
		if c == nil {
			continue
		}
		chain, depProblem := a.chain(ci)
		pre := Element{Claim: c.Number, ClaimIndex: ci, Element: "preamble", ElementIndex: -1, Text: c.Preamble}
		if depProblem != "" {
			pre.Problems = append(pre.Problems, Problem{BadDependency, depProblem})
		}
		// Claim text in order, preamble first: what each mention may
		// refer back to.
		var own []string
		own = append(own, c.Preamble)
		pre.Problems = append(pre.Problems, a.antecedents(chain, own, 0)...)
		a.finish(&pre, nil)
		chart.Elements = append(chart.Elements, pre)
		for ei, e := range c.Elements {
			if e == nil {
				continue
			}
			row := Element{Claim: c.Number, ClaimIndex: ci, Element: e.ID, ElementIndex: ei, Text: e.Text}
			own = append(own, e.Text)
			row.Problems = append(row.Problems, a.antecedents(chain, own, len(own)-1)...)
			a.describe(&row, e)
			a.finish(&row, e)
			chart.Elements = append(chart.Elements, row)
		}
	}
	return chart
}

// clause is a part of a paragraph that says one thing: split at sentence
// ends, semicolons and parentheses, so "(typical of conventional
// products: 98.0 %)" is a clause of its own.
type clause struct {
	para     int // paragraph number
	text     string
	priorArt bool
	said     []statement // its numeric statements, scanned once
	terms    map[string]bool
}

type analyzer struct {
	claims  *model.Claims
	paras   []Paragraph
	opt     Options
	clauses []clause
	terms   map[int]map[string]bool // paragraph number → its stems
}

func (a *analyzer) prepare() {
	a.terms = map[int]map[string]bool{}
	markers := []string{"conventional", "prior art", "known process", "known in the art"}
	for _, m := range a.opt.PriorArt {
		if m = strings.TrimSpace(strings.ToLower(m)); m != "" {
			markers = append(markers, m)
		}
	}
	for _, p := range a.paras {
		a.terms[p.Number] = termSet(p.Text)
		background := strings.Contains(strings.ToUpper(p.Section), "BACKGROUND") || strings.Contains(strings.ToUpper(p.Section), "PRIOR ART")
		for _, c := range splitClauses(p.Text) {
			lc := strings.ToLower(c)
			prior := background
			for _, m := range markers {
				if strings.Contains(lc, m) {
					prior = true
				}
			}
			a.clauses = append(a.clauses, clause{para: p.Number, text: c, priorArt: prior, said: statements(c), terms: termSet(c)})
		}
	}
}

var clauseBreak = regexp.MustCompile(`[;()]|\.\s+|,\s+(?:compared|as against|versus|against)\b`)

func splitClauses(text string) []string {
	var out []string
	last := 0
	for _, loc := range clauseBreak.FindAllStringIndex(text, -1) {
		if s := strings.TrimSpace(text[last:loc[0]]); s != "" {
			out = append(out, s)
		}
		last = loc[1]
		if text[loc[0]] == ',' {
			last = loc[0] + 1 // keep "compared with …" in the clause it opens
		}
	}
	if s := strings.TrimSpace(text[last:]); s != "" {
		out = append(out, s)
	}
	return out
}

// chain returns the texts of the claims claim ci depends on, root first,
// and a problem when the dependency is not to an existing earlier claim or
// the preamble names another claim than the data.
func (a *analyzer) chain(ci int) ([]string, string) {
	c := a.claims.Claims[ci]
	problem := ""
	n, named := namedClaim(c.Preamble)
	switch {
	case c.DependsOn != 0 && c.DependsOn >= c.Number:
		problem = fmt.Sprintf("claim %d depends on claim %d, which is not an earlier claim; a dependent claim may only refer to a claim previously set forth", c.Number, c.DependsOn)
	case c.DependsOn != 0 && a.claim(c.DependsOn) == nil:
		problem = fmt.Sprintf("claim %d depends on claim %d, which does not exist", c.Number, c.DependsOn)
	case c.DependsOn != 0 && !named:
		problem = fmt.Sprintf("a dependent claim refers back in its preamble (\"The process of claim %d, …\"); this one does not name claim %d", c.DependsOn, c.DependsOn)
	case named && c.DependsOn == 0:
		problem = fmt.Sprintf("the preamble refers to claim %d, but the claim is not recorded as depending on it (depends_on)", n)
	case named && n != c.DependsOn:
		problem = fmt.Sprintf("the preamble refers to claim %d, but the claim depends on claim %d", n, c.DependsOn)
	}
	// Walk back through earlier claims only: each step goes to a lower
	// number, so a cycle or a forward reference ends the walk.
	var texts []string
	for at, dep := c.Number, c.DependsOn; dep != 0 && dep < at; {
		parent := a.claim(dep)
		if parent == nil {
			break
		}
		t := []string{parent.Preamble}
		for _, e := range parent.Elements {
			if e != nil {
				t = append(t, e.Text)
			}
		}
		texts = append(t, texts...)
		at, dep = dep, parent.DependsOn
	}
	return texts, problem
}

func (a *analyzer) claim(n int) *model.Claim {
	for _, c := range a.claims.Claims {
		if c != nil && c.Number == n {
			return c
		}
	}
	return nil
}

var claimRef = regexp.MustCompile(`(?i)\bclaim\s+(\d+)`)

func namedClaim(preamble string) (int, bool) {
	m := claimRef.FindStringSubmatch(preamble)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// antecedents checks the definite mentions of own[at], with the chain and
// own[:at] (and own[at] up to the mention) as what came before.
func (a *analyzer) antecedents(chain, own []string, at int) []Problem {
	before := strings.Join(append(slices.Clone(chain), own[:at]...), " ; ")
	prefix := tokenize(before)
	cur := tokenize(own[at])
	toks := append(append(prefix, token{text: ";", punct: true}), cur...)
	offset := len(prefix) + 1
	var out []Problem
	for _, m := range mentions(cur) {
		if m.of {
			continue // "the yield of IgG": a property of what follows
		}
		found, mods := antecedent(toks, offset+m.at, m.words)
		phrase := m.article + " " + strings.Join(m.words, " ")
		if !found {
			out = append(out, Problem{NoAntecedent, fmt.Sprintf("%q has no antecedent basis: no earlier %q in this claim or a claim it depends on", phrase, article(m.words)+" "+strings.Join(m.words, " "))})
			continue
		}
		if len(m.words) == 1 {
			var named []string
			bare := false
			for _, md := range mods {
				if md == "" {
					bare = true
				} else {
					named = append(named, md+" "+m.words[0])
				}
			}
			if !bare && len(named) >= 2 {
				out = append(out, Problem{NoAntecedent, fmt.Sprintf("%q is ambiguous: it may refer to %s; name which", phrase, orList(named))})
			}
		}
	}
	return out
}

func article(words []string) string {
	if strings.ContainsRune("aeiou", rune(words[0][0])) {
		return "an"
	}
	return "a"
}

func orList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	if len(q) <= 2 {
		return strings.Join(q, " or ")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// describe finds the paragraphs describing the element and judges its
// claimed range against them.
func (a *analyzer) describe(row *Element, e *model.Element) {
	want := terms(e.Text)
	type scored struct {
		n     int
		share float64
	}
	var best []scored
	for _, p := range a.paras {
		if strings.Contains(strings.ToUpper(p.Section), "BACKGROUND") {
			continue
		}
		share, _ := coverage(want, a.terms[p.Number])
		best = append(best, scored{p.Number, share})
	}
	slices.SortStableFunc(best, func(x, y scored) int {
		switch {
		case x.share > y.share:
			return -1
		case x.share < y.share:
			return 1
		}
		return 0
	})
	relevantParas := map[int]bool{}
	for _, s := range best {
		if s.share >= relevant {
			relevantParas[s.n] = true
		}
	}
	if len(best) == 0 || best[0].share < describes {
		top := 0.0
		if len(best) > 0 {
			top = best[0].share
		}
		row.Problems = append(row.Problems, Problem{NotDescribed, fmt.Sprintf("no paragraph describes this element: the best holds %.0f %% of its terms (%s)", 100*top, strings.Join(want, ", "))})
	} else if e.ClaimedRange == nil {
		for _, s := range best {
			if s.share < describes || len(row.Paragraphs) == 2 {
				break
			}
			row.Paragraphs = append(row.Paragraphs, s.n)
		}
	}
	if e.ClaimedRange != nil {
		a.judgeRange(row, e, relevantParas)
	}
	a.definitions(row, e)
	slices.Sort(row.Paragraphs)
	row.Paragraphs = slices.Compact(row.Paragraphs)
}

// judgeRange checks that each finite endpoint of the claimed range is
// stated literally, as the same kind of bound, in a relevant clause that
// is not about the prior art.
func (a *analyzer) judgeRange(row *Element, e *model.Element, relevantParas map[int]bool) {
	cr := e.ClaimedRange
	type end struct {
		v     float64
		text  string // as written in the claims data: "4.0"
		lower bool
	}
	ends := []end{}
	if cr.Low != nil {
		ends = append(ends, end{v: cr.Low.Float(), text: cr.Low.String(), lower: true})
	}
	if cr.High != nil {
		ends = append(ends, end{v: cr.High.Float(), text: cr.High.String()})
	}
	var missing []string
	var priorOnly []string
	for _, en := range ends {
		var paras []int
		var prior []int
		for _, c := range a.clauses {
			if !relevantParas[c.para] && !c.priorArt {
				continue
			}
			for _, s := range c.said {
				if !sameUnit(cr.Unit, s.unit) {
					continue
				}
				if c.priorArt {
					// Any mention of the value in the prior-art discussion
					// is worth naming: it is why the value looks familiar.
					if s.hasLow && equal(s.low, en.v) || s.hasHigh && equal(s.high, en.v) {
						prior = append(prior, c.para)
					}
					continue
				}
				if s.kind == valueStatement {
					continue
				}
				if en.lower && s.hasLow && equal(s.low, en.v) || !en.lower && s.hasHigh && equal(s.high, en.v) {
					paras = append(paras, c.para)
				}
			}
		}
		word := "upper"
		if en.lower {
			word = "lower"
		}
		ep := fmt.Sprintf("%s endpoint %s", word, withUnit(en.text, cr.Unit))
		if len(paras) == 0 {
			missing = append(missing, ep)
			if len(prior) > 0 {
				priorOnly = append(priorOnly, fmt.Sprintf("%s appears only in the prior-art discussion (%s), which supports no claim", withUnit(en.text, cr.Unit), ParagraphList(prior)))
			}
			continue
		}
		row.Paragraphs = append(row.Paragraphs, paras...)
		row.Stated = append(row.Stated, paras...)
	}
	if len(missing) == 0 {
		return
	}
	verb := "appears"
	if len(missing) > 1 {
		verb = "appear"
	}
	msg := fmt.Sprintf("the claimed range %s is not stated in the description: its %s %s in no paragraph describing this element", rangeText(cr), strings.Join(missing, " and its "), verb)
	if len(priorOnly) > 0 {
		msg += "; " + strings.Join(priorOnly, "; ")
	}
	// What the text does say about this element, so the writer sees the
	// nearest statement ("4.0 to 4.3") or the example values.
	var stated, examples []string
	want := terms(e.Text)
	for _, c := range a.clauses {
		if c.priorArt || !relevantParas[c.para] {
			continue
		}
		// A value counts as reached for this element only in a clause
		// about it: "recovers 75.0 % of the IgG", not "IgG purity 99.2 %".
		share, _ := coverage(want, c.terms)
		for _, s := range c.said {
			if !sameUnit(cr.Unit, s.unit) {
				continue
			}
			where := fmt.Sprintf("%q %s", s.text, paraRef(c.para))
			if s.kind == valueStatement {
				if cr.Range().Contains(s.low) && share >= exampleClause {
					examples = append(examples, where)
				}
				continue
			}
			stated = append(stated, where)
		}
	}
	if len(stated) > 0 {
		msg += "; the text states " + strings.Join(dedupe(stated), ", ")
	}
	if len(examples) > 0 {
		msg += "; values inside the range are reached (" + strings.Join(dedupe(examples), ", ") + ") but the text does not tie them to the claimed range"
	}
	row.Problems = append(row.Problems, Problem{RangeNotStated, msg})
}

// measuredTerms are the words of a measured property: a claim limiting one
// is only definite when the description says on what basis and by what
// method it is measured.
var measuredTerms = []string{"yield", "purity", "content", "recovery", "potency", "titre", "titer"}

// measuredWord matches one of measuredTerms as a whole word.
var measuredWord = regexp.MustCompile(`\b(?:yield|purity|content|recovery|potency|titre|titer)\b`)

var definitionMarkers = []string{"as used herein", "refers to", "means", "is determined by", "are determined by", "is measured by", "are measured by", "is calculated"}

func (a *analyzer) definitions(row *Element, e *model.Element) {
	if e.ClaimedRange == nil {
		return
	}
	lw := strings.ToLower(e.Text)
	found := map[string]bool{}
	for _, w := range measuredWord.FindAllString(lw, -1) {
		found[w] = true
	}
	for _, t := range measuredTerms {
		if !found[t] {
			continue
		}
		defined := false
		var where []int
		for _, p := range a.paras {
			for _, sentence := range strings.Split(strings.ToLower(p.Text), ". ") {
				if !strings.Contains(sentence, t) {
					continue
				}
				for _, m := range definitionMarkers {
					if strings.Contains(sentence, m) {
						defined = true
						row.Paragraphs = append(row.Paragraphs, p.Number)
						where = append(where, p.Number)
					}
				}
			}
		}
		if defined {
			row.Defined = append(row.Defined, Definition{Term: t, Paragraphs: where})
		}
		if !defined {
			row.Problems = append(row.Problems, Problem{Undefined, fmt.Sprintf("%q is not defined in the exhibit: say on what basis and by what method it is measured (\"As used herein, the %s … is determined by …\")", t, t)})
		}
	}
}

// finish sets the verdict and its reason.
func (a *analyzer) finish(row *Element, e *model.Element) {
	if len(row.Problems) == 0 {
		row.Verdict = Supported
		switch {
		case row.Element == "preamble":
			row.Reason = "antecedent basis and dependency in order"
		case e != nil && e.ClaimedRange != nil:
			kind := "range"
			if e.ClaimedRange.Low == nil || e.ClaimedRange.High == nil {
				kind = "limit"
			}
			row.Reason = fmt.Sprintf("the %s %s is stated in %s", kind, rangeText(e.ClaimedRange), ParagraphList(row.Stated))
		default:
			row.Reason = "described in " + ParagraphList(row.Paragraphs)
		}
		for _, d := range row.Defined {
			row.Reason += "; " + d.Text()
		}
		return
	}
	row.Verdict = Unsupported
	var rs []string
	for _, p := range row.Problems {
		rs = append(rs, p.Message)
	}
	row.Reason = strings.Join(rs, "; ")
}

func equal(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func withUnit(num, unit string) string {
	if unit == "" || unit == "1" {
		return num
	}
	return num + " " + unit
}

func rangeText(cr *model.ClaimedRange) string {
	switch {
	case cr.Low != nil && cr.High != nil:
		return fmt.Sprintf("%s to %s", cr.Low.String(), withUnit(cr.High.String(), cr.Unit))
	case cr.Low != nil:
		return "at least " + withUnit(cr.Low.String(), cr.Unit)
	case cr.High != nil:
		return "at most " + withUnit(cr.High.String(), cr.Unit)
	}
	return "(no bounds)"
}

func paraRef(n int) string { return fmt.Sprintf("¶ %04d", n) }

// ParagraphList prints paragraph numbers as the exhibit prints them,
// ascending and each once: "¶ 0004, ¶ 0009"; "no paragraph" for none.
func ParagraphList(ns []int) string {
	ns = slices.Clone(ns)
	slices.Sort(ns)
	ns = slices.Compact(ns)
	if len(ns) == 0 {
		return "no paragraph"
	}
	refs := make([]string, len(ns))
	for i, n := range ns {
		refs[i] = paraRef(n)
	}
	return strings.Join(refs, ", ")
}

func dedupe(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// Cited lists the supporting paragraphs as the exhibit prints their
// numbers ("¶ 0004, ¶ 0006"), or "" when there are none.
func (e Element) Cited() string {
	if len(e.Paragraphs) == 0 {
		return ""
	}
	return ParagraphList(e.Paragraphs)
}
