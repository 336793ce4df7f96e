package checks

import (
	"fmt"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/stats"
)

// Batch analyses (3.2.S.4.4): every result is judged the way QC judges it,
// with model.Evaluate, so a document can only say "all batches met the
// specification" when this check agrees; and the table must be complete.

func specFamily() family {
	return family{
		rules: []Rule{
			{"SP-01", diag.Error, "Each result meets the criterion of the specification version in force on the lot's test date, after rounding to the limit's decimals (UN-04), and is of the kind the criterion judges. An out-of-specification result of a lot that gives its investigation reference is a warning and is printed flagged; a lot tested before the first version took effect is reported, not judged, and must not be a commercial lot."},
			{"SP-02", diag.Error, "A result beyond the method's range is indeterminate: \"<\" with its LOQ above an upper limit, \">\" with its upper limit of quantitation below a lower limit, either against a two-sided range."},
			{"SP-03", diag.Error, "Every lot has a result for every test of the specification."},
		},
		check: checkSpec,
	}
}

func checkSpec(r *reporter) {
	checkHistory(r)
	s := r.specFor()
	if s == nil {
		return
	}
	k := model.KindBatches
	for i, l := range r.p.Batches.Lots {
		if l == nil {
			continue
		}
		for j, res := range l.Results {
			if res == nil {
				continue
			}
			t := s.Test(res.Test)
			if t == nil {
				continue // ID-02
			}
			judge(r, ptr("lots", i, "results", j), s, l, t, res)
		}
		for _, t := range s.Tests {
			if t != nil && l.Result(t.ID) == nil {
				r.errorf(k, "SP-03", ptr("lots", i, "results"), "lot %s has no result for test %s (%s); specification %s requires every test for every lot", l.Lot, t.ID, t.Name, s.ID)
			}
		}
	}
}

// resultField names the member holding a result's reported value.
func resultField(res *model.Result) string {
	switch {
	case res.Value != nil:
		return "value"
	case res.Titre != 0:
		return "titre"
	case res.Text != "":
		return "text"
	}
	return ""
}

// judge evaluates one result against its test's criterion.
func judge(r *reporter, at string, s *model.Specification, l *model.Lot, t *model.Test, res *model.Result) {
	k := model.KindBatches
	j := s.Judge(l, t.ID)
	if j.Verdict == model.NotJudged {
		return // checkHistoric reports the lot once
	}
	c := j.Criterion
	if !criterionComplete(c) || (c.Type == "range" && c.Low.Float() > c.High.Float()) {
		return // UN-06 reports the criterion; judging by it would only add noise
	}
	field := resultField(res)
	pointer := at
	if field != "" {
		pointer = at + "/" + field
	}
	head := fmt.Sprintf("lot %s test %s", l.Lot, t.ID)
	got := resultText(res, c.Unit)
	if want := wantField(c.Type); want != "" && want != field {
		r.errorf(k, "SP-01", pointer, "%s: result %s cannot be judged against criterion %s, which needs %s; report the result as %q", head, got, criterionText(c), describeField(want), want)
		return
	}
	version := ""
	if len(s.History) > 0 {
		version = fmt.Sprintf(" of version %s", j.Version)
	}
	switch model.Evaluate(c, res) {
	case model.Fail:
		if l.Investigation != "" {
			r.warnf(k, "SP-01", pointer, "%s: result %s does not meet criterion %s%s%s; the documents print it as out of specification with investigation %s", head, got, criterionText(c), version, roundingNote(c, res), l.Investigation)
			return
		}
		r.errorf(k, "SP-01", pointer, "%s: result %s does not meet criterion %s%s%s; correct the result, or give the lot's investigation reference (\"investigation\") so it is reported as out of specification", head, got, criterionText(c), version, roundingNote(c, res))
	case model.Indeterminate:
		r.errorf(k, "SP-02", pointer, "%s: result %s is indeterminate against criterion %s: %s", head, got, criterionText(c), whyIndeterminate(c, res))
	}
}

// wantField is the result member a criterion type judges; "" for any.
func wantField(criterionType string) string {
	switch criterionType {
	case "range", "nlt", "nmt", "lt", "gt":
		return "value"
	case "titre_max":
		return "titre"
	case "text":
		return "text"
	}
	return ""
}

func describeField(f string) string {
	switch f {
	case "value":
		return "a number"
	case "titre":
		return "a reciprocal titre"
	}
	return "a text result"
}

// limitDecimals is the precision a criterion's limits are written with,
// the precision model.Evaluate rounds results to (CHECKS.md UN-04).
func limitDecimals(c model.Criterion) int {
	d := 0
	for _, n := range []*model.Number{c.Low, c.High, c.Value} {
		if n != nil && n.Decimals() > d {
			d = n.Decimals()
		}
	}
	return d
}

// roundingNote shows the rounded value when rounding changed it, so a
// writer sees why 2.05 fails "≤ 2.0" while 2.04 would pass.
func roundingNote(c model.Criterion, res *model.Result) string {
	if res.Value == nil || res.Qualifier != "" {
		return ""
	}
	d := limitDecimals(c)
	if res.Value.Decimals() <= d {
		return ""
	}
	return fmt.Sprintf(" (rounded to %s as the limit is written: %s)", diag.Plural(d, "decimal"), withUnit(stats.Format(res.Value.Float(), d), c.Unit))
}

func whyIndeterminate(c model.Criterion, res *model.Result) string {
	switch {
	case c.Type == "range":
		return "a result beyond the method's range of quantitation says nothing about a two-sided range; report a number"
	case res.Qualifier == "<":
		return fmt.Sprintf("the limit of quantitation %s lies above the limit %s, so the true value may be on either side; use a method with an LOQ at or below the limit", withUnit(res.Value.String(), c.Unit), withUnit(c.Value.String(), c.Unit))
	default:
		return fmt.Sprintf("the upper limit of quantitation %s lies below the limit %s, so the true value may be on either side; dilute and retest", withUnit(res.Value.String(), c.Unit), withUnit(c.Value.String(), c.Unit))
	}
}

// checkHistory checks that each earlier version of the specification took
// effect before the current one, has its own label, and changes only tests
// the specification has.
func checkHistory(r *reporter) {
	s := r.p.Specification
	if s == nil {
		return
	}
	k := model.KindSpecification
	labels := map[string]bool{s.Version: true}
	for i, v := range s.History {
		if v == nil {
			continue
		}
		if labels[v.Version] {
			r.errorf(k, "SP-01", ptr("history", i, "version"), "specification %s lists version %s twice; each version has its own label", s.ID, v.Version)
		}
		labels[v.Version] = true
		if v.EffectiveDate >= s.EffectiveDate {
			r.errorf(k, "SP-01", ptr("history", i, "effective_date"), "earlier version %s takes effect on %s, not before the current version %s (%s); history lists versions the current one replaced", v.Version, v.EffectiveDate, s.Version, s.EffectiveDate)
		}
		for j, c := range v.Criteria {
			if c != nil && s.Test(c.Test) == nil {
				r.errorf(k, "SP-01", ptr("history", i, "criteria", j, "test"), "version %s changes test %q, which specification %s does not have", v.Version, c.Test, s.ID)
			}
		}
	}
}
