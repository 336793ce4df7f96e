package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/diag"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// scenarios are the inputs every format is checked against. "mixed" holds
// the characters each format must escape: % and line breaks in messages,
// ':' and ',' in file names and codes, XML specials, non-ASCII.
var scenarios = map[string]struct {
	files []string
	ds    []diag.Diagnostic
}{
	"clean": {files: []string{"data/process.json", "data/batches.json"}},
	"mixed": {
		files: []string{"data/process.json", "data/batches.json", "data/clean.json", "data/odd,name:1.json"},
		ds: []diag.Diagnostic{
			{Severity: diag.Warning, Code: "YB-02", File: "data/batches.json", Line: 40, Col: 9, Pointer: "/batches/3/yield_pct", Message: "yield 101 % is above 100 %"},
			{Severity: diag.Error, Code: "schema/required", File: "data/process.json", Line: 12, Col: 7, Pointer: "/steps/2/name", Message: "missing required property 'name'"},
			{Severity: diag.Error, Code: "json/too-large", File: "data/big.json", Message: "file is 20971520 bytes, larger than the limit of 10485760 bytes"},
			{Severity: diag.Error, Code: "schema/enum", File: "data/process.json", Line: 3, Col: 11, Pointer: "/kind", Message: `value "Liquid" is not one of the allowed values: "liquid", "lyophilized"; did you mean "liquid"?`},
			{Severity: diag.Error, Code: "x:y,z", File: "data/odd,name:1.json", Line: 1, Col: 1, Message: "line one\r\nline two <b>&amp;</b> µg/mL ± 5 %"},
		},
	},
}

func TestGolden(t *testing.T) {
	for _, format := range Formats() {
		for name, sc := range scenarios {
			t.Run(format+"/"+name, func(t *testing.T) {
				w, err := New(format)
				if err != nil {
					t.Fatal(err)
				}
				in := slices.Clone(sc.ds)
				var buf bytes.Buffer
				if err := w.Write(&buf, sc.files, in); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(in, sc.ds) {
					t.Error("Write reordered the caller's slice")
				}
				golden := filepath.Join("testdata", name+"."+format+".golden")
				if *update {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if !bytes.Equal(buf.Bytes(), want) {
					t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", golden, buf.Bytes(), want)
				}
			})
		}
	}
}

func TestNew(t *testing.T) {
	for _, f := range Formats() {
		if w, err := New(f); err != nil || w == nil {
			t.Errorf("New(%q) = %v, %v", f, w, err)
		}
	}
	_, err := New("sarif")
	if err == nil {
		t.Fatal("New(sarif) succeeded")
	}
	for _, f := range Formats() {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not list %q", err, f)
		}
	}
}

func TestJSONShape(t *testing.T) {
	sc := scenarios["mixed"]
	var buf bytes.Buffer
	w, _ := New("json")
	if err := w.Write(&buf, sc.files, sc.ds); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version, Files, Errors, Warnings int
		Diagnostics                      []map[string]any
	}
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 || got.Files != 4 || got.Errors != 4 || got.Warnings != 1 || len(got.Diagnostics) != 5 {
		t.Errorf("counts: %+v", got)
	}
	keys := []string{"code", "column", "file", "line", "message", "pointer", "severity"}
	for _, d := range got.Diagnostics {
		var k []string
		for key := range d {
			k = append(k, key)
		}
		slices.Sort(k)
		if !slices.Equal(k, keys) {
			t.Errorf("diagnostic keys %v, want %v", k, keys)
		}
	}
	// A clean run still has an array, never null.
	buf.Reset()
	w.Write(&buf, []string{"a.json"}, nil)
	if !strings.Contains(buf.String(), `"diagnostics": []`) {
		t.Errorf("clean run: %s", buf.String())
	}
}

func TestJUnitIsValidXML(t *testing.T) {
	sc := scenarios["mixed"]
	var buf bytes.Buffer
	w, _ := New("junit")
	// A control character that XML 1.0 cannot carry must not break the file.
	ds := append(slices.Clone(sc.ds), diag.Diagnostic{Severity: diag.Error, Code: "c", File: "data/clean.json", Line: 1, Col: 1, Message: "bell \x07 here"})
	if err := w.Write(&buf, sc.files, ds); err != nil {
		t.Fatal(err)
	}
	var suite struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &suite); err != nil {
		t.Fatalf("not valid XML: %v\n%s", err, buf.Bytes())
	}
	// Four listed files plus data/big.json, which only a diagnostic names.
	if suite.Tests != 5 || len(suite.Cases) != 5 || suite.Failures != 4 {
		t.Fatalf("tests=%d cases=%d failures=%d", suite.Tests, len(suite.Cases), suite.Failures)
	}
	for _, c := range suite.Cases {
		switch c.Name {
		case "data/batches.json":
			if c.Failure != nil || !strings.Contains(c.SystemOut, "YB-02") {
				t.Errorf("warning-only file: %+v", c)
			}
		case "data/process.json":
			if c.Failure == nil || c.Failure.Message != "2 errors" || !strings.Contains(c.Failure.Text, "schema/required") {
				t.Errorf("failing file: %+v", c)
			}
		case "data/odd,name:1.json":
			if c.Failure == nil || !strings.Contains(c.Failure.Text, "<b>&amp;</b>") {
				t.Errorf("escaping lost text: %+v", c.Failure)
			}
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	tests := []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100 %", "100 %25", "100 %25"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"%0A", "%250A", "%250A"},
	}
	for _, tt := range tests {
		if got := escapeData(tt.in); got != tt.data {
			t.Errorf("escapeData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := escapeProperty(tt.in); got != tt.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteErrorsAreReturned(t *testing.T) {
	sc := scenarios["mixed"]
	for _, f := range Formats() {
		w, _ := New(f)
		if err := w.Write(failingWriter{}, sc.files, sc.ds); err == nil {
			t.Errorf("%s: write error swallowed", f)
		}
	}
}
