package dataset

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/diag"
)

func TestParseValues(t *testing.T) {
	n := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		name string
		src  string
		want any
	}{
		{"object", `{"a": 1, "b": "x", "c": true, "d": false, "e": null}`,
			map[string]any{"a": n("1"), "b": "x", "c": true, "d": false, "e": nil}},
		{"array", `[1, [2, []], {}]`, []any{n("1"), []any{n("2"), []any{}}, map[string]any{}}},
		{"numbers kept as written", `[1.50, -0, 1E+2, 0.000100, 12345678901234567890123]`,
			[]any{n("1.50"), n("-0"), n("1E+2"), n("0.000100"), n("12345678901234567890123")}},
		{"underflow is not an error", `1e-400`, n("1e-400")},
		{"escapes", `"\" \\ \/ \b \f \n \r \t \u00e9 \u20AC"`, "\" \\ / \b \f \n \r \t é €"},
		{"surrogate pair", `"\ud83d\ude00"`, "😀"},
		{"raw UTF-8", `"µg/mL ± 5 % ≤ β"`, "µg/mL ± 5 % ≤ β"},
		{"escaped NUL", `"a\u0000b"`, "a\x00b"},
		{"byte order mark", "\xEF\xBB\xBF {\"a\": []}", map[string]any{"a": []any{}}},
		{"whitespace everywhere", " \t\r\n[ 1 ,\r\n 2 ] \n", []any{n("1"), n("2")}},
		{"scalar root", `"x"`, "x"},
		{"DEL is allowed in strings", "\"\x7f\"", "\x7f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ds := Parse("t.json", []byte(tt.src), Options{})
			if len(ds) != 0 {
				t.Fatalf("diagnostics: %v", ds)
			}
			if doc == nil {
				t.Fatal("nil document")
			}
			if !reflect.DeepEqual(doc.Value, tt.want) {
				t.Errorf("Value = %#v, want %#v", doc.Value, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		code      string
		line, col int
		pointer   string
		msg       string // substring of the message
		keepsDoc  bool   // the Document is still returned
	}{
		{"empty", "", CodeSyntax, 1, 1, "", "empty file", false},
		{"only space", "  \n ", CodeSyntax, 2, 2, "", "empty file", false},
		{"unexpected character", `{"a": @}`, CodeSyntax, 1, 7, "/a", "unexpected '@'", false},
		{"unterminated string at EOF", `{"a": "abc`, CodeSyntax, 1, 7, "/a", "unterminated string", false},
		{"unterminated string at newline", "{\n  \"name\": \"abc\n}", CodeSyntax, 2, 11, "/name", "line ends before the closing quote", false},
		{"unterminated key", `{"ab`, CodeSyntax, 1, 2, "", "unterminated string", false},
		{"trailing comma in array", "[1,\n 2,\n]", CodeSyntax, 2, 3, "", "trailing comma before ']'", false},
		{"trailing comma in object", `{"a": {"b": 1,}}`, CodeSyntax, 1, 14, "/a", "trailing comma before '}'", false},
		{"missing comma", `{"a": 1 "b": 2}`, CodeSyntax, 1, 9, "", "expected ',' or '}'", false},
		{"decimal comma", `{"pH": 6,9, "b": 2}`, CodeSyntax, 1, 9, "", "a decimal comma: JSON numbers take a decimal point; write 6.9", false},
		{"negative decimal comma", `{"t": -5,25}`, CodeSyntax, 1, 9, "", "write -5.25", false},
		{"a number member after a comma and a space is not a decimal comma", `{"a": 6, 9: 1}`, CodeSyntax, 1, 10, "", "expected a member name in double quotes, found '9'", false},
		{"missing colon", `{"a" 1}`, CodeSyntax, 1, 6, "", "expected ':'", false},
		{"unquoted key", `{a: 1}`, CodeSyntax, 1, 2, "", "member name in double quotes", false},
		{"single quoted key", `{'a': 1}`, CodeSyntax, 1, 2, "", "not single quotes", false},
		{"single quoted value", `{"a": 'x'}`, CodeSyntax, 1, 7, "/a", "double quotes", false},
		{"trailing data", "{}\n{}", CodeSyntax, 2, 1, "", "after the end of the JSON value", false},
		{"invalid escape", `["ok", "a\qb"]`, CodeSyntax, 1, 10, "/1", `invalid escape '\q'`, false},
		{"short unicode escape", `"\u12G4"`, CodeSyntax, 1, 2, "", `four hex digits`, false},
		{"invalid UTF-8 in string", "{\"a\": \"é\xff\"}", CodeSyntax, 1, 9, "/a", "invalid UTF-8 byte 0xFF", false},
		{"invalid UTF-8 outside string", "[\xff]", CodeSyntax, 1, 2, "/0", "invalid UTF-8 byte 0xFF", false},
		{"tab in string", "\"a\tb\"", CodeSyntax, 1, 3, "", `control character U+0009 in string: write it as \t`, false},
		{"NUL in string", "\"a\x00b\"", CodeSyntax, 1, 3, "", `control character U+0000`, false},
		{"NaN", `{"x": NaN}`, CodeSyntax, 1, 7, "/x", "NaN is not valid JSON", false},
		{"Infinity", `[Infinity]`, CodeSyntax, 1, 2, "/0", "Infinity is not valid JSON", false},
		{"minus Infinity", `[-Infinity]`, CodeSyntax, 1, 2, "/0", "Infinity is not valid JSON", false},
		{"leading zero", `[01]`, CodeSyntax, 1, 2, "/0", "leading zeros", false},
		{"leading plus", `[+1]`, CodeSyntax, 1, 2, "/0", "leading '+'", false},
		{"bare minus", `[-]`, CodeSyntax, 1, 3, "/0", "digit after '-'", false},
		{"no fraction digits", `[1.]`, CodeSyntax, 1, 4, "/0", "after the decimal point", false},
		{"no exponent digits", `[1e+]`, CodeSyntax, 1, 5, "/0", "exponent", false},
		{"capital True", `[True]`, CodeSyntax, 1, 2, "/0", "lower case", false},
		{"truncated literal", `[tru]`, CodeSyntax, 1, 2, "/0", "expected true, false or null", false},
		{"comment", "{\n// note\n}", CodeSyntax, 2, 1, "", "member name", false},
		{"comment as value", "[// note\n1]", CodeSyntax, 1, 2, "/0", "comments are not allowed", false},
		{"unclosed object", "{\"a\": [1, 2]", CodeSyntax, 1, 13, "", "object opened at line 1, column 1 is not closed", false},
		{"unclosed array", "{\"a\": [1, 2", CodeSyntax, 1, 12, "/a", "array opened at line 1, column 7 is not closed", false},
		{"missing value", `{"a": }`, CodeSyntax, 1, 7, "/a", "expected a value, found '}'", false},
		{"double comma", `[1,,2]`, CodeSyntax, 1, 4, "/1", "expected a value, found ','", false},
		{"columns count runes", `{"µ": "ü", "b": x}`, CodeSyntax, 1, 17, "/b", "unexpected 'x'", false},
		{"escaped pointer", `{"a/b": {"~": x}}`, CodeSyntax, 1, 15, "/a~1b/~0", "unexpected 'x'", false},
		{"CRLF lines", "{\r\n\"a\": 1,\r\n\"b\": ?\r\n}", CodeSyntax, 3, 6, "/b", "unexpected '?'", false},
		{"CR-only lines", "{\r\"a\": 1,\r\"b\": ?\r}", CodeSyntax, 3, 6, "/b", "unexpected '?'", false},
		{"BOM does not count as a column", "\xEF\xBB\xBF[x]", CodeSyntax, 1, 2, "/0", "unexpected 'x'", false},
		{"BOM twice", "\xEF\xBB\xBF\xEF\xBB\xBF[]", CodeSyntax, 1, 1, "", "U+FEFF", false},
		{"number overflow", `{"dose": 1e400}`, CodeNumber, 1, 10, "/dose", "1e400 is too large", true},
		{"negative overflow", `[-2e308]`, CodeNumber, 1, 2, "/0", "-2e308 is too large", true},
		{"duplicate key", "{\"a\": 1,\n \"a\": 2}", CodeDuplicateKey, 2, 2, "/a", `duplicate member name "a": first defined at line 1, column 2`, true},
		{"duplicate escaped key", `{"x": {"a\u0062": 1, "ab": 2}}`, CodeDuplicateKey, 1, 22, "/x/ab", `"ab": first defined at line 1, column 8`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ds := Parse("t.json", []byte(tt.src), Options{})
			if len(ds) != 1 {
				t.Fatalf("got %d diagnostics, want 1: %v", len(ds), ds)
			}
			d := ds[0]
			want := diag.Diagnostic{Severity: diag.Error, Code: tt.code, File: "t.json", Line: tt.line, Col: tt.col, Pointer: tt.pointer, Message: d.Message}
			if d != want {
				t.Errorf("got  %v\nwant %v", d, want)
			}
			if !strings.Contains(d.Message, tt.msg) {
				t.Errorf("message %q does not contain %q", d.Message, tt.msg)
			}
			if (doc != nil) != tt.keepsDoc {
				t.Errorf("document returned = %v, want %v", doc != nil, tt.keepsDoc)
			}
		})
	}
}

func TestDuplicateKeysAllReported(t *testing.T) {
	src := `{
  "a": 1,
  "b": {"x": 1, "x": 2, "x": 3},
  "a": [1, 2],
  "c": 1e999
}`
	doc, ds := Parse("d.json", []byte(src), Options{})
	if doc == nil {
		t.Fatal("nil document")
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := []string{
		`d.json:3:17: error json/duplicate-key: duplicate member name "x": first defined at line 3, column 9; JSON readers silently keep only one of the values (/b/x)`,
		`d.json:3:25: error json/duplicate-key: duplicate member name "x": first defined at line 3, column 9; JSON readers silently keep only one of the values (/b/x)`,
		`d.json:4:3: error json/duplicate-key: duplicate member name "a": first defined at line 2, column 3; JSON readers silently keep only one of the values (/a)`,
		`d.json:5:8: error json/number: number 1e999 is too large: it overflows a 64-bit float (largest is about 1.8e308) (/c)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The later value wins, as in encoding/json, and Locate agrees.
	m := doc.Value.(map[string]any)
	if !reflect.DeepEqual(m["a"], []any{json.Number("1"), json.Number("2")}) {
		t.Errorf("a = %v, want the later value", m["a"])
	}
	if l, c := doc.Locate("/a"); l != 4 || c != 8 {
		t.Errorf("Locate(/a) = %d:%d, want 4:8", l, c)
	}
	doc, _ = Parse("d.json", []byte(`{"a": {"b": 1},`+"\n"+`"a": 2}`), Options{})
	if l, c := doc.Locate("/a/b"); l != 2 || c != 6 {
		t.Errorf("Locate(/a/b) after a duplicate = %d:%d, want the surviving /a at 2:6", l, c)
	}
}

func TestDepth(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		opt      Options
		wantErr  bool
		line, co int
	}{
		{"at default limit", strings.Repeat("[", 512) + strings.Repeat("]", 512), Options{}, false, 0, 0},
		{"over default limit", strings.Repeat("[", 513) + strings.Repeat("]", 513), Options{}, true, 1, 513},
		{"objects over limit", strings.Repeat(`{"a":`, 3) + "1" + strings.Repeat("}", 3), Options{MaxDepth: 2}, true, 1, 11},
		{"custom limit", "[[[]]]", Options{MaxDepth: 3}, false, 0, 0},
		{"100000 arrays", strings.Repeat("[", 100000), Options{}, true, 1, 513},
		{"100000 arrays, huge limit is capped", strings.Repeat("[", 100000) + strings.Repeat("]", 100000), Options{MaxDepth: 1 << 30}, true, 1, HardMaxDepth + 1},
		{"100000 objects", strings.Repeat(`{"a":`, 100000), Options{}, true, 1, 512*5 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			doc, ds := Parse("deep.json", []byte(tt.src), tt.opt)
			if el := time.Since(start); el > 2*time.Second {
				t.Errorf("took %v", el)
			}
			if !tt.wantErr {
				if doc == nil || len(ds) != 0 {
					t.Fatalf("unexpected failure: %v", ds)
				}
				return
			}
			if doc != nil || len(ds) != 1 || ds[0].Code != CodeTooDeep || ds[0].Line != tt.line || ds[0].Col != tt.co {
				t.Fatalf("got doc=%v %v, want json/too-deep at %d:%d", doc != nil, ds, tt.line, tt.co)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	doc, ds := Parse("big.json", []byte(`[1, 2, 3]`), Options{MaxBytes: 8})
	if doc != nil || len(ds) != 1 || ds[0].Code != CodeTooLarge || ds[0].Line != 0 {
		t.Fatalf("Parse: got %v %v", doc, ds)
	}
	if want := "big.json: error json/too-large: file is 9 bytes, larger than the limit of 8 bytes; raise the limit with --max-file-size BYTES if the file is meant to be this large"; ds[0].String() != want {
		t.Errorf("got %q\nwant %q", ds[0].String(), want)
	}
	if _, ds := Parse("ok.json", []byte(`[1, 2, 3]`), Options{MaxBytes: 9}); len(ds) != 0 {
		t.Errorf("at the limit: %v", ds)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	big := filepath.Join(dir, "big.json")
	bad := filepath.Join(dir, "bad.json")
	for name, content := range map[string]string{good: `{"a": 1}`, big: `[` + strings.Repeat(`1,`, 100) + `1]`, bad: `{"a": }`} {
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name    string
		path    string
		opt     Options
		wantErr bool
		wantDoc bool
		code    string
	}{
		{"good", good, Options{}, false, true, ""},
		{"missing", filepath.Join(dir, "nope.json"), Options{}, true, false, ""},
		{"directory", dir, Options{}, true, false, ""},
		{"too large", big, Options{MaxBytes: 50}, false, false, CodeTooLarge},
		{"syntax", bad, Options{}, false, false, CodeSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ds, err := Load(tt.path, tt.opt)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error %q does not name the path", err)
			}
			if (doc != nil) != tt.wantDoc {
				t.Errorf("doc = %v, want doc %v", doc != nil, tt.wantDoc)
			}
			if tt.code != "" && (len(ds) != 1 || ds[0].Code != tt.code || ds[0].File != tt.path) {
				t.Errorf("diagnostics %v, want one %s for %s", ds, tt.code, tt.path)
			}
			if doc != nil && doc.File != tt.path {
				t.Errorf("File = %q", doc.File)
			}
		})
	}
}

func TestLoneSurrogateRefused(t *testing.T) {
	for _, src := range []string{`"\ud800x"`, `"\ud800\ud800"`, `["ok", "\udc00"]`} {
		doc, ds := Parse("t.json", []byte(src), Options{})
		if doc != nil || len(ds) != 1 || ds[0].Code != CodeSyntax || !strings.Contains(ds[0].Message, "lone UTF-16 surrogate") {
			t.Errorf("%s: doc=%v diagnostics=%v", src, doc != nil, ds)
		}
	}
	if doc, ds := Parse("t.json", []byte(`"\ud83d\ude00"`), Options{}); doc == nil || doc.Value != "😀" {
		t.Errorf("surrogate pair: %v %v", doc, ds)
	}
}

// A 400-digit integer is valid JSON and the validator compares it exactly:
// it is kept as written. A number with an exponent or fraction that no
// float64 holds is still refused.
func TestLongIntegersAreKept(t *testing.T) {
	long := "1" + strings.Repeat("0", 399)
	for _, src := range []string{"[" + long + "]", "[-" + long + "]"} {
		doc, ds := Parse("n.json", []byte(src), Options{})
		if doc == nil || len(ds) != 0 {
			t.Fatalf("%.20s…: got %v", src, ds)
		}
		if got := doc.Value.([]any)[0].(json.Number).String(); got != src[1:len(src)-1] {
			t.Errorf("number not kept as written: %.20s…", got)
		}
	}
	for _, src := range []string{"[1e400]", "[" + long + ".5]"} {
		if _, ds := Parse("n.json", []byte(src), Options{}); len(ds) != 1 || ds[0].Code != CodeNumber {
			t.Errorf("%.20s…: want one json/number, got %v", src, ds)
		}
	}
}

// A byte order mark is accepted and left out of Src, so every reader of
// the text (the manifest, the model, the schema compiler) sees plain JSON;
// positions on line 1 do not count it.
func TestByteOrderMarkLeftOutOfSrc(t *testing.T) {
	doc, ds := Parse("b.json", []byte("\xEF\xBB\xBF{\"a\": 1}"), Options{})
	if doc == nil || len(ds) != 0 {
		t.Fatalf("got %v", ds)
	}
	if string(doc.Src) != `{"a": 1}` {
		t.Errorf("Src = %q, want the JSON without the mark", doc.Src)
	}
	var v map[string]any
	if err := json.Unmarshal(doc.Src, &v); err != nil {
		t.Errorf("encoding/json cannot read Src: %v", err)
	}
	if l, c := doc.Locate("/a"); l != 1 || c != 7 {
		t.Errorf("/a at %d:%d, want 1:7", l, c)
	}
	// Without a mark nothing changes.
	plain, _ := Parse("p.json", []byte(`{"a": 1}`), Options{})
	if l, c := plain.Locate("/a"); string(plain.Src) != `{"a": 1}` || l != 1 || c != 7 {
		t.Errorf("plain file: Src %q, /a at %d:%d", plain.Src, l, c)
	}
}

// A number whose exponent not even exact arithmetic takes (the validator
// would crash on it; found by FuzzFastPath) stops the file like a syntax
// error, too large or too small alike; a merely overflowing 1e400 and an
// underflowing 1e-400 still parse.
func TestNumbersBeyondExactArithmetic(t *testing.T) {
	for _, src := range []string{"[1E1000001]", "[1E-1000001]", `{"a": -2.5e-9999999}`, "[0E10000000000000000000]"} {
		doc, ds := Parse("n.json", []byte(src), Options{})
		if doc != nil || len(ds) != 1 || ds[0].Code != CodeNumber || !strings.Contains(ds[0].Message, "out of range") {
			t.Errorf("%s: doc %v, %v", src, doc != nil, ds)
		}
	}
	for _, src := range []string{"[1e-400]", "[0e-99999]", "[1E100000]", "[2.5e3]"} {
		doc, ds := Parse("n.json", []byte(src), Options{})
		if doc == nil || len(ds) > 1 {
			t.Errorf("%s: doc %v, %v", src, doc != nil, ds)
		}
	}
}
