package checks

import (
	"github.com/regdoc/regdoc/internal/claimsupport"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// A claim is read against the description as filed (35 U.S.C. 112): these
// rules need the exhibit's typeset text, which exists only once the
// templates have run, so Run lists them and ClaimText applies them.
//
// They are warnings, like PT-04: the build must still make the claim
// chart, which shows counsel each unsupported element with its reason;
// CI that must not pass with one runs validate --strict.

func claimTextFamily() family {
	return family{
		rules: []Rule{
			{claimsupport.RangeNotStated, diag.Warning, "Each endpoint of a claimed range is stated literally in a paragraph of the exhibit that describes the element, outside the prior-art discussion (MPEP 2163.05)."},
			{claimsupport.NotDescribed, diag.Warning, "Each claim element is described in a numbered paragraph of the exhibit."},
			{claimsupport.NoAntecedent, diag.Warning, "Each \"the X\" or \"said X\" in a claim has an earlier, unambiguous introduction of X in the claim or a claim it depends on (MPEP 2173.05(e))."},
			{claimsupport.Undefined, diag.Warning, "A measured term a claim limits (yield, purity, content) is defined in the exhibit: on what basis, by what method."},
			{claimsupport.BadDependency, diag.Warning, "A dependent claim names, in its preamble, the existing earlier claim it depends on (37 CFR 1.75(c))."},
		},
		// Applied by ClaimText, after the exhibit is typeset.
		check: func(*reporter) {},
	}
}

// ClaimText reports every problem of chart as a finding in the claims data,
// on the element (or the preamble) the writer has to change, so CI
// (validate --strict) fails on a claim the exhibit does not support. A
// claim depending on itself or a later claim is CL-01's, reported once
// on depends_on; PT-14 reports what the preamble's words say about the
// dependency.
func ClaimText(in Input, chart *claimsupport.Chart) []diag.Diagnostic {
	if in.Project == nil || in.Project.Claims == nil || chart == nil {
		return nil
	}
	r := &reporter{p: in.Project, docs: in.Docs}
	for _, row := range chart.Unsupported() {
		for _, pr := range row.Problems {
			if pr.Code == claimsupport.BadDependency && dependsForward(in.Project.Claims, row.ClaimIndex) {
				continue // CL-01 reports it on depends_on
			}
			var at string
			switch {
			case row.ElementIndex < 0:
				at = ptr("claims", row.ClaimIndex, "preamble")
			case pr.Code == claimsupport.RangeNotStated:
				at = ptr("claims", row.ClaimIndex, "elements", row.ElementIndex, "claimed_range")
			default:
				at = ptr("claims", row.ClaimIndex, "elements", row.ElementIndex, "text")
			}
			r.warnf(model.KindClaims, pr.Code, at, "claim %d, %s: %s", row.Claim, elementName(row), pr.Message)
		}
	}
	diag.Sort(r.ds)
	return r.ds
}

func elementName(row claimsupport.Element) string {
	if row.ElementIndex < 0 {
		return "preamble"
	}
	return "element " + row.Element
}

// dependsForward reports whether claim i depends on itself or a later
// claim, which CL-01 reports.
func dependsForward(c *model.Claims, i int) bool {
	return i >= 0 && i < len(c.Claims) && c.Claims[i] != nil && forwardDependency(c.Claims[i])
}
