// Package checks applies the rules a CMC reviewer applies to regdoc data and
// JSON Schema cannot express: cross-field, cross-file and arithmetic
// consistency (docs/domain CHECKS.md: PR-01, YB-01, SP-02, VC-01 …). The
// schema says a set point is a number; only these checks can say it lies
// outside its NOR, that a declared yield is not the product of the step
// yields, or that a reported LRV is not what the runs give.
//
// Every finding is a diag.Diagnostic whose Code is the rule's ID and whose
// pointer and position are in the data file the writer has to change, so CI
// can fail on it and an editor can jump to it. Rules live one family per
// file (ids.go, process.go, units.go, yield.go, spec.go, dates.go,
// viral.go); each file declares its rules next to the code that applies
// them, so the list printed by Rules cannot drift from what Run does.
package checks

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// Input is what the checks see: the decoded project and, per data kind, the
// document it came from, so findings can carry a file, line and column.
type Input struct {
	Project *model.Project
	// Docs is keyed by model.Kind*; a kind may be absent. Without its
	// document a finding still has a pointer, but no file or position.
	Docs map[string]*dataset.Document
}

// Rule describes one check, for documentation and for listing the rules a
// validate run applies.
type Rule struct {
	// Code is the rule ID from CHECKS.md, e.g. "PR-01"; it is the Code of
	// every diagnostic the rule produces and never changes once released.
	Code string
	// Severity is the most serious finding the rule reports. A few rules
	// also report lesser findings as warnings (YB-03 warns about an
	// unexplained loss but errs on product that appears from nowhere).
	Severity diag.Severity
	// Summary says in one line what the rule requires.
	Summary string
}

// family is one file's rules together with the function applying them.
type family struct {
	rules []Rule
	check func(*reporter)
}

// families lists every family. It is a function, not a package variable,
// so that nothing is registered behind the caller's back (DESIGN.md: no
// package globals or init registries).
func families() []family {
	return []family{
		idFamily(),
		processFamily(),
		unitFamily(),
		yieldFamily(),
		drugSubstanceYieldFamily(),
		specFamily(),
		dateFamily(),
		viralFamily(),
		claimFamily(),
		claimTextFamily(),
		flowFamily(),
		claimedStepFamily(),
		aliasFamily(),
		unitNameFamily(),
		stabilityFamily(),
		stabilitySpecFamily(),
		consistencyFamily(),
		combinedStudyFamily(),
		claimCoverFamily(),
		viralSafetyFamily(),
		stageFamily(),
		drugProductFamily(),
		justificationFamily(),
		materialsFamily(),
		developmentFamily(),
	}
}

// Rules returns every rule, sorted by code.
func Rules() []Rule {
	var rs []Rule
	for _, f := range families() {
		rs = append(rs, f.rules...)
	}
	slices.SortFunc(rs, func(a, b Rule) int { return cmp.Compare(a.Code, b.Code) })
	return rs
}

// Run applies every rule to in and returns every finding, sorted the way
// diag.Sort orders them so output is stable from run to run. Data kinds
// missing from the project are skipped, and so are rules that compare two
// kinds when either is missing: validating one file alone must not report
// that the others are absent.
func Run(in Input) []diag.Diagnostic {
	if in.Project == nil {
		return nil
	}
	r := &reporter{p: in.Project, docs: in.Docs}
	for _, f := range families() {
		f.check(r)
	}
	diag.Sort(r.ds)
	return r.ds
}

// reporter collects findings and turns pointers into positions in the
// document of the right kind.
type reporter struct {
	p    *model.Project
	docs map[string]*dataset.Document
	ds   []diag.Diagnostic
}

func (r *reporter) report(kind string, sev diag.Severity, code, pointer, msg string) {
	if d := r.docs[kind]; d != nil {
		r.ds = append(r.ds, d.Diag(sev, code, pointer, msg))
		return
	}
	r.ds = append(r.ds, diag.Diagnostic{Severity: sev, Code: code, Pointer: pointer, Message: msg})
}

// errorf reports an error about the value at pointer in the kind's document.
func (r *reporter) errorf(kind, code, pointer, format string, args ...any) {
	r.report(kind, diag.Error, code, pointer, fmt.Sprintf(format, args...))
}

// warnf reports a warning about the value at pointer in the kind's document.
func (r *reporter) warnf(kind, code, pointer, format string, args ...any) {
	r.report(kind, diag.Warning, code, pointer, fmt.Sprintf(format, args...))
}

// where names the place of another value in a message ("line 24", or its
// pointer when there is no document), so a finding about a duplicate or a
// conflict says where the other half is.
func (r *reporter) where(kind, pointer string) string {
	if d := r.docs[kind]; d != nil {
		if l, _ := d.Locate(pointer); l > 0 {
			return "line " + strconv.Itoa(l)
		}
	}
	return pointer
}

// ptr builds a JSON pointer from names and array indexes.
func ptr(parts ...any) string {
	tokens := make([]string, len(parts))
	for i, p := range parts {
		switch v := p.(type) {
		case int:
			tokens[i] = strconv.Itoa(v)
		case string:
			tokens[i] = v
		default:
			// Any other token is written as text: a pointer that reads
			// oddly beats a crash while reporting a problem.
			tokens[i] = fmt.Sprint(v)
		}
	}
	return dataset.Pointer(tokens...)
}

// key is the form identifiers are compared in (CHECKS.md ID-01):
// "RGX-24-001" and "rgx-24-001 " are the same identifier.
func key(id string) string {
	return strings.ToLower(strings.TrimSpace(id))
}

// specFor returns the specification the batches are evaluated against, or
// nil when there are no batches, no specification, or the batches name
// another one (ID-02 reports that; judging the lots against a specification
// they do not claim would only bury it under false failures).
func (r *reporter) specFor() *model.Specification {
	p := r.p
	if p.Batches == nil || p.Specification == nil || p.Batches.Specification != p.Specification.ID {
		return nil
	}
	return p.Specification
}
