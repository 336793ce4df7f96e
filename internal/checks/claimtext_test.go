package checks

import (
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/claimsupport"
	"github.com/regdoc/regdoc/internal/model"
)

// exhibitText stands for the typeset exhibit: paragraphs that support
// every element of the example's claims.
var exhibitText = []claimsupport.Paragraph{
	{Number: 1, Section: "FIELD", Text: "The present disclosure relates to a process for producing an immune globulin preparation from human plasma."},
	{Number: 2, Section: "SUMMARY", Text: "In some embodiments, the overall yield of IgG is at least 70 % of the IgG in the plasma. In some embodiments, the IgG purity of the preparation is at least 98.0 %; the preparation contains at most 20 µg/mL IgA."},
	{Number: 3, Section: "DETAILED DESCRIPTION", Text: "As used herein, the overall yield is the mass of IgG in the product as a percentage of the IgG in the plasma. As used herein, each property is the result of its release test: IgG purity by capillary zone electrophoresis; IgA by ELISA."},
	{Number: 4, Section: "DETAILED DESCRIPTION", Text: "In step P2, IgG is precipitated from the cryo-poor plasma with ethanol to form a precipitate. In some embodiments, the ethanol concentration is from 23 to 27 % v/v."},
	{Number: 5, Section: "DETAILED DESCRIPTION", Text: "In step P3, the precipitate is resuspended and caprylate is added to precipitate non-IgG proteins, which are removed by filtering; the filtrate is obtained. In some embodiments, the caprylate concentration is from 15 to 25 mM."},
	{Number: 6, Section: "DETAILED DESCRIPTION", Text: "In step P4, the filtrate is incubated with at least 18 mM free caprylate to inactivate enveloped viruses, giving the incubated solution."},
	{Number: 7, Section: "DETAILED DESCRIPTION", Text: "In step P5, the incubated solution is passed through an anion-exchange medium and IgG is collected in the flow-through."},
	{Number: 8, Section: "DETAILED DESCRIPTION", Text: "In step P6, the flow-through is filtered through a virus filter."},
	{Number: 9, Section: "DETAILED DESCRIPTION", Text: "In step P9, the preparation is filled into a final container and incubated in the final container for at least 21 days. In some embodiments, the pH is from 4.0 to 4.4, preferably from 4.1 to 4.3."},
}

// claimTextCase plants one fault in the example's claims and says where
// ClaimText must report it.
type claimTextCase struct {
	name  string
	code  string
	edits []edit
	at    string // needle in claims.json with a » marker
	msgs  []string
}

func claimTextCases() []claimTextCase {
	return []claimTextCase{
		{name: "unsupported range endpoint", code: claimsupport.RangeNotStated,
			edits: []edit{{model.KindClaims, `"claimed_range": { "low": 4.0, "high": 4.4, "unit": "1" }`, `"claimed_range": { "low": 4.0, "high": 4.6, "unit": "1" }`}},
			at:    `"claimed_range": »{ "low": 4.0, "high": 4.6`,
			msgs:  []string{"claim 4, element 4a", "upper endpoint 4.6", `"from 4.0 to 4.4" ¶ 0009`}},
		{name: "missing antecedent", code: claimsupport.NoAntecedent,
			edits: []edit{{model.KindClaims, `incubating the filtrate with`, `incubating the clarified filtrate with`}},
			at:    `"text": »"incubating the clarified filtrate`,
			msgs:  []string{"claim 1, element 1c", `"the clarified filtrate" has no antecedent basis`}},
		{name: "preamble naming another claim than depends_on", code: claimsupport.BadDependency,
			edits: []edit{{model.KindClaims, "\"depends_on\": 1,\n      \"preamble\": \"The process of claim 1,\",\n      \"elements\": [\n        { \"id\": \"3a\"", "\"depends_on\": 1,\n      \"preamble\": \"The process of claim 2,\",\n      \"elements\": [\n        { \"id\": \"3a\""}},
			at:    `"preamble": »"The process of claim 2,"`,
			msgs:  []string{"claim 3, preamble", "the preamble refers to claim 2, but the claim depends on claim 1"}},
		{name: "element the text does not describe", code: claimsupport.NotDescribed,
			edits: []edit{{model.KindClaims, `filtering the flow-through through a virus filter,`, `lyophilising the flow-through under vacuum,`}},
			at:    `"text": »"lyophilising`,
			msgs:  []string{"claim 1, element 1e", "no paragraph describes this element"}},
		{name: "undefined measured term", code: claimsupport.Undefined,
			edits: []edit{{model.KindClaims, `wherein the IgG purity of the preparation is at least 98 %.`, `wherein the IgG purity of the preparation is at least 98 %, and the monomer content is at least 98 %.`}},
			at:    `"text": »"wherein the IgG purity of the preparation is at least 98 %, and`,
			msgs:  []string{"claim 3, element 3a", `"content" is not defined`}},
	}
}

func TestClaimTextFires(t *testing.T) {
	for _, c := range claimTextCases() {
		t.Run(c.name, func(t *testing.T) {
			in, srcs := example(t, c.edits...)
			chart := claimsupport.Analyze(in.Project.Claims, exhibitText, claimsupport.Options{PriorArt: []string{"conventional"}})
			line, col := position(t, srcs[model.KindClaims], c.at)
			found := false
			for _, d := range ClaimText(in, chart) {
				if d.Code != c.code || d.Line != line || d.Col != col || d.File != exampleFiles[model.KindClaims] {
					continue
				}
				found = true
				for _, m := range c.msgs {
					if !strings.Contains(d.Message, m) {
						t.Errorf("%s:\nmessage lacks %q", d, m)
					}
				}
			}
			if !found {
				t.Errorf("no %s at claims.json:%d:%d; got %v", c.code, line, col, ClaimText(in, chart))
			}
		})
	}
}

// TestClaimTextQuiet: the example's claims against a text that supports
// them give no finding.
func TestClaimTextQuiet(t *testing.T) {
	in, _ := example(t)
	chart := claimsupport.Analyze(in.Project.Claims, exhibitText, claimsupport.Options{})
	for _, d := range ClaimText(in, chart) {
		t.Errorf("%s", d)
	}
}

// TestForwardDependencyReportedOnce: a claim depending on a later claim,
// its preamble naming that claim, is one finding: CL-01 on depends_on,
// with the rule and a remedy; the claim-text rules, which read the
// preamble's words, add none.
func TestForwardDependencyReportedOnce(t *testing.T) {
	in, srcs := example(t, edit{model.KindClaims, "\"depends_on\": 1,\n      \"preamble\": \"The process of claim 1,\",\n      \"elements\": [\n        { \"id\": \"3a\"", "\"depends_on\": 4,\n      \"preamble\": \"The process of claim 4,\",\n      \"elements\": [\n        { \"id\": \"3a\""})
	chart := claimsupport.Analyze(in.Project.Claims, exhibitText, claimsupport.Options{})
	// The chart still shows counsel the preamble's problem.
	found := false
	for _, e := range chart.Unsupported() {
		for _, p := range e.Problems {
			found = found || (e.Claim == 3 && p.Code == claimsupport.BadDependency)
		}
	}
	if !found {
		t.Fatal("the chart does not flag claim 3's dependency")
	}
	line, col := position(t, srcs[model.KindClaims], `"depends_on": »4,`)
	var about []string
	for _, d := range append(Run(in), ClaimText(in, chart)...) {
		if strings.Contains(d.Message, "claim 4") || d.Code == claimsupport.BadDependency {
			about = append(about, d.String())
			if d.Code != "CL-01" || d.Line != line || d.Col != col || !strings.Contains(d.Message, "claim 3 depends on claim 4, which is not an earlier claim") || !strings.Contains(d.Message, "move it after claim 4") {
				t.Errorf("not the one finding wanted: %s", d)
			}
		}
	}
	if len(about) != 1 {
		t.Errorf("the forward dependency is reported %d times: %v", len(about), about)
	}
}
