package report

import (
	"encoding/xml"
	"io"
	"slices"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
)

// junitWriter writes JUnit XML, which CI dashboards (GitLab, Jenkins,
// Azure) show as a test report: one testsuite, one testcase per checked
// file, a failure listing that file's errors, and its warnings as
// system-out (they do not fail the case).
type junitWriter struct{}

type junitSuite struct {
	XMLName  xml.Name    `xml:"testsuite"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func (junitWriter) Write(w io.Writer, files []string, ds []diag.Diagnostic) error {
	byFile := map[string][]diag.Diagnostic{}
	for _, d := range sorted(ds) {
		byFile[d.File] = append(byFile[d.File], d)
	}
	// Diagnostics about files the caller did not list (a manifest, say)
	// still get a test case: dropping them would hide failures.
	names := slices.Clone(files)
	for f := range byFile {
		if !slices.Contains(names, f) {
			names = append(names, f)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)

	suite := junitSuite{Name: "regdoc validate"}
	for _, f := range names {
		c := junitCase{Name: f, Classname: "regdoc.validate"}
		var errs, warns []string
		for _, d := range byFile[f] {
			if d.IsError() {
				errs = append(errs, d.String())
			} else {
				warns = append(warns, d.String())
			}
		}
		if len(errs) > 0 {
			first := byFile[f][slices.IndexFunc(byFile[f], diag.Diagnostic.IsError)]
			c.Failure = &junitFailure{
				Message: diag.Plural(len(errs), "error"),
				Type:    first.Code,
				Text:    strings.Join(errs, "\n"),
			}
			suite.Failures++
		}
		if len(warns) > 0 {
			c.SystemOut = strings.Join(warns, "\n")
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Tests = len(suite.Cases)

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(suite); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
