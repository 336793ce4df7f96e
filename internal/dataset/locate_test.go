package dataset

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/regdoc/regdoc/internal/diag"
)

// locateSrc mixes the things that make columns hard: multi-byte runes,
// tabs, CRLF line ends, escaped member names and a byte order mark.
const locateSrc = "\xEF\xBB\xBF{\r\n" +
	"  \"name\": \"IVIG 10 % — liquid\",\r\n" +
	"\t\"µ/ü\": {\"a~b\": [10, 20.5, {\"x\": null}]},\r\n" +
	"  \"steps\": [\n" +
	"    {\"id\": \"S1\", \"yield\": 0.75},\n" +
	"    {\"id\": \"S2\"}\n" +
	"  ],\n" +
	"  \"\": \"empty key\", \"a\\\"q\": true\n" +
	"}\n"

func TestLocate(t *testing.T) {
	doc, ds := Parse("l.json", []byte(locateSrc), Options{})
	if doc == nil || len(ds) != 0 {
		t.Fatalf("parse: %v", ds)
	}
	tests := []struct {
		pointer         string
		line, col       int
		keyLine, keyCol int
	}{
		{"", 1, 1, 1, 1},
		{"/name", 2, 11, 2, 3},
		{"/µ~1ü", 3, 9, 3, 2},
		{"/µ~1ü/a~0b", 3, 17, 3, 10},
		{"/µ~1ü/a~0b/0", 3, 18, 3, 18},
		{"/µ~1ü/a~0b/1", 3, 22, 3, 22},
		{"/µ~1ü/a~0b/2/x", 3, 34, 3, 29},
		{"/steps/1", 6, 5, 6, 5},
		{"/steps/0/yield", 5, 27, 5, 18},
		{"/", 8, 7, 8, 3},
		{"/a\"q", 8, 28, 8, 20},
		// Missing values locate their nearest existing ancestor.
		{"/steps/1/yield", 6, 5, 6, 5},
		{"/steps/7/id", 4, 12, 4, 3},
		{"/nothing/here", 1, 1, 1, 1},
		{"not-a-pointer", 1, 1, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.pointer, func(t *testing.T) {
			if l, c := doc.Locate(tt.pointer); l != tt.line || c != tt.col {
				t.Errorf("Locate = %d:%d, want %d:%d", l, c, tt.line, tt.col)
			}
			if l, c := doc.LocateKey(tt.pointer); l != tt.keyLine || c != tt.keyCol {
				t.Errorf("LocateKey = %d:%d, want %d:%d", l, c, tt.keyLine, tt.keyCol)
			}
		})
	}
}

func TestLocateHandBuiltDocument(t *testing.T) {
	// Documents built by hand (in other packages' tests) still locate, and
	// a Src that is not JSON gives 0:0 instead of a panic.
	doc := &Document{File: "h.json", Src: []byte("[\n 1,\n 2]"), Value: []any{json.Number("1"), json.Number("2")}}
	if l, c := doc.Locate("/1"); l != 3 || c != 2 {
		t.Errorf("Locate = %d:%d, want 3:2", l, c)
	}
	for _, src := range []string{"", "   ", "[1, {\"a\": ", "{\"a\"", "\"abc"} {
		d := &Document{Src: []byte(src)}
		d.Locate("/0/a")
		d.LocateKey("/a")
	}
	if l, c := (&Document{}).Locate(""); l != 0 || c != 0 {
		t.Errorf("empty Src: %d:%d, want 0:0", l, c)
	}
}

func TestDiag(t *testing.T) {
	doc, _ := Parse("p.json", []byte("{\n  \"steps\": [\n    {}\n  ]\n}"), Options{})
	got := doc.Diag(diag.Warning, "PR-01", "/steps/0/name", "step has no name")
	want := diag.Diagnostic{Severity: diag.Warning, Code: "PR-01", File: "p.json", Line: 3, Col: 5, Pointer: "/steps/0/name", Message: "step has no name"}
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestPointerHelpers(t *testing.T) {
	tests := []struct {
		tokens  []string
		pointer string
	}{
		{nil, ""},
		{[]string{""}, "/"},
		{[]string{"a", "0"}, "/a/0"},
		{[]string{"a/b", "m~n", "~/"}, "/a~1b/m~0n/~0~1"},
		{[]string{"~1"}, "/~01"},
	}
	for _, tt := range tests {
		if got := Pointer(tt.tokens...); got != tt.pointer {
			t.Errorf("Pointer(%q) = %q, want %q", tt.tokens, got, tt.pointer)
		}
		got, ok := SplitPointer(tt.pointer)
		if !ok || !reflect.DeepEqual(got, tt.tokens) && len(tt.tokens)+len(got) > 0 {
			t.Errorf("SplitPointer(%q) = %q, %v; want %q", tt.pointer, got, ok, tt.tokens)
		}
	}
	for _, bad := range []string{"a", "/~", "/~2", "/a~"} {
		if _, ok := SplitPointer(bad); ok {
			t.Errorf("SplitPointer(%q) accepted", bad)
		}
	}
	if got := EscapeToken("a/~b"); got != "a~1~0b" {
		t.Errorf("EscapeToken = %q", got)
	}
}

func TestAt(t *testing.T) {
	doc, _ := Parse("a.json", []byte(`{"s": [{"id": "S1"}, 2], "a/b": {"": 3}}`), Options{})
	tests := []struct {
		pointer string
		want    any
		ok      bool
	}{
		{"", doc.Value, true},
		{"/s/0/id", "S1", true},
		{"/s/1", json.Number("2"), true},
		{"/a~1b/", json.Number("3"), true},
		{"/s/2", nil, false},
		{"/s/01", nil, false},
		{"/s/-1", nil, false},
		{"/s/+1", nil, false},
		{"/s/0/id/x", nil, false},
		{"/missing", nil, false},
		{"bad", nil, false},
	}
	for _, tt := range tests {
		got, ok := doc.At(tt.pointer)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("At(%q) = %v, %v; want %v, %v", tt.pointer, got, ok, tt.want, tt.ok)
		}
	}
}

// LocateAll answers a batch the way Locate and LocateKey answer one at a
// time, in the order asked, with the file name filled in.
func TestLocateAllAgreesWithLocate(t *testing.T) {
	ptrs := []string{"/steps/0/yield", "", "/µ~1ü/a~0b/2/x", "/steps/7/id", "/a\"q", "/name", "nope"}
	var wants []Want
	for _, p := range ptrs {
		wants = append(wants, Want{Pointer: p}, Want{Pointer: p, Key: true})
	}
	doc, _ := Parse("l.json", []byte(locateSrc), Options{})
	got := doc.LocateAll(wants)
	fresh, _ := Parse("l.json", []byte(locateSrc), Options{})
	for i, w := range wants {
		l, c := fresh.Locate(w.Pointer)
		if w.Key {
			l, c = fresh.LocateKey(w.Pointer)
		}
		if got[i] != (diag.Position{File: "l.json", Line: l, Col: c}) {
			t.Errorf("LocateAll %+v = %v, one at a time %d:%d", w, got[i], l, c)
		}
	}
}

// The first position in a large file must not cost memory in proportion
// to the file: it once built a map of every pointer (449 MB for 50 MB).
func TestLocateMemoryDoesNotGrowWithTheFile(t *testing.T) {
	src := makeBenchDoc(4 << 20)
	allocs := testing.AllocsPerRun(3, func() {
		doc := &Document{Src: src}
		if l, _ := doc.Locate("/batches/4000/steps/3/yield_pct"); l < 2 {
			t.Fatal("not found")
		}
	})
	if allocs > 200 {
		t.Errorf("Locate in a 4 MB file made %.0f allocations, want a few dozen", allocs)
	}
}
