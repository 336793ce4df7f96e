package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Benchmarks on a generated 1 MB batch-record document (nested objects,
// arrays, decimals written with trailing zeros, dates, UTF-8 units).
//
// Measured on the development machine (go1.26.8, linux/amd64, 2 vCPU,
// go test -bench . -benchtime 3s), first on a quiet machine, then again
// while other builds were running:
//
//	BenchmarkParse                   6.8 ms/op  155 MB/s  4.5 MB/op  145k allocs/op  (busy: 9.2–9.9 ms)
//	BenchmarkEncodingJSONUseNumber  15.6 ms/op   67 MB/s  8.8 MB/op  151k allocs/op  (busy: 18.8–19.7 ms)
//	BenchmarkLocateFirst             9.7 ms/op  4.5 MB/op  145k allocs/op  (Parse + the first Locate)
//	BenchmarkLocateFirst50MB         0.10 s/op  1.8 KB/op    32 allocs/op  (was 1.73 s, 449 MB, 5.2M allocs)
//
// Ratio Parse / encoding/json (Decoder with UseNumber) ≈ 0.43–0.50: Parse
// takes about half the time, because it checks and builds in one pass while
// encoding/json scans the input twice. Positions cost nothing until a
// diagnostic asks for one; then one scan that follows only the pointers
// asked for, with no index of the file.

var benchDoc = makeBenchDoc(1 << 20)

func makeBenchDoc(size int) []byte {
	var b bytes.Buffer
	b.WriteString("{\n  \"$schema\": \"https://regdoc.dev/schemas/v1/batches.schema.json\",\n  \"product\": \"Immune globulin intravenous (human), 10 % liquid\",\n  \"batches\": [\n")
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `    {"id": "IVIG-%05d", "date": "2024-%02d-%02d", "scale_L": %d.0, "released": %v,
      "steps": [`, i, i%12+1, i%28+1, 1000+i%7*500, i%5 != 0)
		for s := 0; s < 6; s++ {
			if s > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `{"step": "S%d", "name": "Fraction %c — precipitation at pH 5.%d", "yield_pct": %d.%02d, "igg_g_L": %d.%03d, "iga_ug_mL": %d.%d, "notes": null}`,
				s+1, 'A'+s, s, 60+(i+s)%40, (i*7+s)%100, 90+s, (i*13)%1000, s, i%10)
		}
		b.WriteString("],\n      \"purity\": {\"igg_pct\": 98.50, \"aggregates_pct\": 0.30, \"unit\": \"µg/mL\", \"tags\": [\"a\", \"b\\u00e9\", \"c\\n\"]}}")
	}
	b.WriteString("\n  ]\n}\n")
	return b.Bytes()
}

func BenchmarkParse(b *testing.B) {
	b.SetBytes(int64(len(benchDoc)))
	b.ReportAllocs()
	for b.Loop() {
		doc, ds := Parse("bench.json", benchDoc, Options{})
		if doc == nil || len(ds) != 0 {
			b.Fatal(ds)
		}
	}
}

func BenchmarkEncodingJSONUseNumber(b *testing.B) {
	b.SetBytes(int64(len(benchDoc)))
	b.ReportAllocs()
	for b.Loop() {
		dec := json.NewDecoder(bytes.NewReader(benchDoc))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLocateFirst(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		doc, _ := Parse("bench.json", benchDoc, Options{})
		if l, _ := doc.Locate("/batches/100/steps/3/yield_pct"); l == 0 {
			b.Fatal("not found")
		}
	}
}

func TestBenchDocIsRealistic(t *testing.T) {
	if len(benchDoc) < 1<<20 || !json.Valid(benchDoc) || !strings.Contains(string(benchDoc), "µg/mL") {
		t.Fatalf("bench document: %d bytes, valid %v", len(benchDoc), json.Valid(benchDoc))
	}
}

// bigDoc is a generated data file of about 50 MB, the size at which the
// first position lookup once cost 907 MB; built on first use so other
// tests do not pay for it.
var bigDoc = sync.OnceValue(func() []byte { return makeBenchDoc(50 << 20) })

// BenchmarkLocateFirst50MB measures what the first diagnostic position in
// a large file costs (the Document is fresh each time, so nothing is
// cached): time and, above all, memory.
func BenchmarkLocateFirst50MB(b *testing.B) {
	src := bigDoc()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		doc := &Document{File: "big.json", Src: src}
		if l, _ := doc.Locate("/batches/50000/steps/3/yield_pct"); l == 0 {
			b.Fatal("not found")
		}
	}
}

// BenchmarkLocateAll1000In50MB places 1,000 diagnostics in the large file
// at once, as the schema reporter does: one scan for all of them.
func BenchmarkLocateAll1000In50MB(b *testing.B) {
	src := bigDoc()
	wants := make([]Want, 1000)
	for i := range wants {
		wants[i] = Want{Pointer: fmt.Sprintf("/batches/%d/steps/%d/yield_pct", i*50, i%6)}
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		doc := &Document{File: "big.json", Src: src}
		if ps := doc.LocateAll(wants); ps[999].Line == 0 {
			b.Fatal("not found")
		}
	}
}
