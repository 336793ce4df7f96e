package dataset

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, that every diagnostic carries a
// position, that Parse agrees with encoding/json (UseNumber) on every input
// both accept, that it rejects only what it documents rejecting, and that
// Locate finds every value it produced. Seeds beyond these live in
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"a": [1, 2.50, -0, 1e3], "b": {"c": null, "d": true}, "e": "x\u00e9\n"}`,
		"\xEF\xBB\xBF[\"\\ud83d\\ude00\", \"\\ud800\"]",
		`{"a": 1, "a": 2}`,
		`[1e400]`,
		`[1,]`,
		"{\"a\": \"b\tc\"}",
		`[[[[[[[[[[]]]]]]]]]]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, ds := Parse("f.json", src, Options{MaxDepth: 64})
		fatal := false
		for _, d := range ds {
			if d.Line < 1 || d.Col < 1 || d.File != "f.json" || d.Message == "" {
				t.Fatalf("diagnostic without position: %+v", d)
			}
			switch d.Code {
			case CodeSyntax, CodeTooDeep:
				fatal = true
			case CodeNumber:
				// A number beyond exact arithmetic stops the file (the
				// validator could not compare it); one that only overflows
				// float64 does not.
				fatal = fatal || strings.Contains(d.Message, "out of range")
			case CodeDuplicateKey:
			default:
				t.Fatalf("unexpected code %q", d.Code)
			}
		}
		if (doc == nil) != fatal {
			t.Fatalf("doc == nil is %v but diagnostics are %v", doc == nil, ds)
		}

		body := bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
		stdValid := json.Valid(body)
		if doc != nil && !stdValid {
			t.Fatalf("accepted input encoding/json rejects: %q", src)
		}
		// encoding/json accepts a lone surrogate escape and decodes it as
		// U+FFFD; regdoc refuses it rather than change the data.
		lone := len(ds) > 0 && strings.Contains(ds[0].Message, "lone UTF-16 surrogate")
		if stdValid && utf8.Valid(body) && doc == nil && ds[0].Code != CodeTooDeep && ds[0].Code != CodeNumber && !lone {
			t.Fatalf("rejected valid JSON %q: %v", src, ds)
		}
		if doc == nil {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("encoding/json: %v", err)
		}
		if !reflect.DeepEqual(doc.Value, want) {
			t.Fatalf("value differs from encoding/json:\n got %#v\nwant %#v", doc.Value, want)
		}
		checkLocations(t, doc, "", doc.Value)
	})
}

// checkLocations asserts that every value's recorded offset holds the first
// byte of a value of the right kind.
func checkLocations(t *testing.T, doc *Document, ptr string, v any) {
	s, ok := scanPointers(doc.Src, []string{ptr})[ptr]
	if !ok || s.val >= len(doc.Src) {
		t.Fatalf("no location for %q", ptr)
	}
	if l, c := doc.Locate(ptr); l < 1 || c < 1 {
		t.Fatalf("Locate(%q) = %d:%d", ptr, l, c)
	}
	c := doc.Src[s.val]
	switch v := v.(type) {
	case map[string]any:
		if c != '{' {
			t.Fatalf("%q at %d is %q, want '{'", ptr, s.val, c)
		}
		for k, e := range v {
			checkLocations(t, doc, ptr+"/"+EscapeToken(k), e)
		}
	case []any:
		if c != '[' {
			t.Fatalf("%q at %d is %q, want '['", ptr, s.val, c)
		}
		for i, e := range v {
			checkLocations(t, doc, ptr+"/"+strconv.Itoa(i), e)
		}
	case string:
		if c != '"' {
			t.Fatalf("%q at %d is %q, want '\"'", ptr, s.val, c)
		}
	case json.Number:
		if !bytes.HasPrefix(doc.Src[s.val:], []byte(v)) {
			t.Fatalf("%q at %d does not start with %s", ptr, s.val, v)
		}
	case bool, nil:
		if c != 't' && c != 'f' && c != 'n' {
			t.Fatalf("%q at %d is %q, want a literal", ptr, s.val, c)
		}
	}
}

// FuzzPointer checks that SplitPointer and Pointer are inverses and that At
// never panics on any pointer.
func FuzzPointer(f *testing.F) {
	for _, s := range []string{"", "/", "/a/0", "/a~1b/~0", "/~", "a", "/-", "/01"} {
		f.Add(s)
	}
	doc, _ := Parse("p.json", []byte(`{"a": [1, {"b/c": {"~": null}}], "": {"": 2}}`), Options{})
	f.Fuzz(func(t *testing.T, p string) {
		doc.At(p)
		doc.Locate(p)
		tokens, ok := SplitPointer(p)
		if !ok {
			return
		}
		if back := Pointer(tokens...); back != p {
			t.Fatalf("Pointer(SplitPointer(%q)) = %q", p, back)
		}
	})
}
