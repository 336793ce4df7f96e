package pipeline

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
)

// recordSchema is the schema of the generated manufacturing-process
// records: $defs and $ref, enums, patterns, numeric bounds, required
// members, additionalProperties false and a date format.
const recordSchema = "testdata/records/record.schema.json"

// recordCorpusSize is the number of records the benchmark validates, as a
// CI run over a large dossier repository would.
const recordCorpusSize = 2000

var (
	operations = []string{"thaw", "pool", "precipitate", "centrifuge", "filter", "chromatography", "ultrafiltration", "formulate", "fill", "inactivate", "nanofilter"}
	tests      = []string{"protein", "purity", "monomer", "aggregates", "fragments", "iga", "igm", "ph", "osmolality", "endotoxin", "bioburden", "appearance", "sterility", "potency"}
	units      = []string{"g", "kg", "L", "mL", "g/L", "mg/mL", "%", "h", "min", "°C", "bar", "rpm", "mS/cm", "1"}
	parameters = []string{"Agitation", "pH", "Conductivity", "Flow rate", "Load", "Hold time", "Ethanol", "Transmembrane pressure"}
)

// record generates the i-th record, valid against recordSchema, about
// 18 KB when pretty-printed. The same i always gives the same record.
func record(i int) map[string]any {
	r := rand.New(rand.NewPCG(uint64(i), 2026))
	num := func(lo, hi float64) json.Number {
		return json.Number(fmt.Sprintf("%.2f", lo+r.Float64()*(hi-lo)))
	}
	date := func() string { return fmt.Sprintf("20%02d-%02d-%02d", 20+r.IntN(6), 1+r.IntN(12), 1+r.IntN(28)) }
	qty := func() map[string]any { return map[string]any{"value": num(0, 5000), "unit": units[r.IntN(len(units))]} }
	var steps []any
	for s := range 9 {
		var params []any
		for p := range 5 {
			params = append(params, map[string]any{
				"name": parameters[(s+p)%len(parameters)], "set_point": qty(),
				"low": num(0, 10), "high": num(10, 20), "critical": r.IntN(3) == 0,
			})
		}
		steps = append(steps, map[string]any{
			"id": fmt.Sprintf("S%02d", s+1), "name": fmt.Sprintf("Step %d: %s", s+1, operations[s%len(operations)]),
			"operation": operations[s%len(operations)], "start_date": date(),
			"temperature_C": num(-20, 40), "duration_h": num(0.5, 48), "pressure_bar": num(0, 5),
			"yield_pct": num(80, 100), "parameters": params, "operator": []string{"AB", "CDE", "FG", "HIJ"}[r.IntN(4)],
			"notes": "Performed per batch record; in-process controls within limits; deviations: none.",
		})
	}
	var materials []any
	for m := range 12 {
		materials = append(materials, map[string]any{
			"code": fmt.Sprintf("MAT-%06d", 100000+r.IntN(900000)), "name": fmt.Sprintf("Raw material %d", m+1),
			"lot": fmt.Sprintf("L%d-%04d", 24+r.IntN(3), r.IntN(10000)), "quantity": qty(), "expiry": date(),
			"supplier": "Example Supplies Ltd.",
		})
	}
	var results []any
	for _, test := range tests {
		results = append(results, map[string]any{
			"test": test, "value": num(0, 300), "unit": units[r.IntN(len(units))],
			"method": "Ph. Eur. method for " + test, "date": date(), "pass": true,
		})
	}
	return map[string]any{
		"record_id": fmt.Sprintf("PR-%04d-%05d", 2020+i%6, i), "product": "Immune globulin (human) 10 % liquid",
		"site":             map[string]any{"code": "RGX01", "name": "Example Biologics fractionation plant", "building": 4},
		"manufacture_date": date(), "status": []string{"draft", "reviewed", "approved", "released"}[i%4],
		"batch_size": map[string]any{"value": num(1000, 6000), "unit": "L"},
		"steps":      steps, "materials": materials, "results": results,
	}
}

// writeRecordCorpus writes n records, pretty-printed, into dir.
func writeRecordCorpus(t testing.TB, dir string, n int) {
	t.Helper()
	for i := range n {
		b, err := json.MarshalIndent(record(i), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("record-%04d.json", i)), append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRecordCorpusIsValid checks that the generated records are what the
// benchmark claims: valid against the schema, about 18 KB each.
func TestRecordCorpusIsValid(t *testing.T) {
	dir := t.TempDir()
	writeRecordCorpus(t, dir, 20)
	files, ds, err := Validate([]string{dir}, nil, ValidateOptions{SchemaFile: recordSchema})
	if err != nil || len(ds) != 0 || len(files) != 20 {
		t.Fatalf("files %d, diagnostics %v, err %v", len(files), ds, err)
	}
	st, err := os.Stat(filepath.Join(dir, "record-0007.json"))
	if err != nil || st.Size() < 16<<10 || st.Size() > 20<<10 {
		t.Errorf("record size %d bytes, want about 18 KB (%v)", st.Size(), err)
	}
	// And that they are not vacuously valid: a wrong date, an unknown
	// member and a bad enum value are each found.
	bad := record(3)
	bad["manufacture_date"] = "2024-13-40"
	bad["colour"] = "blue"
	bad["status"] = "done"
	b, _ := json.MarshalIndent(bad, "", "  ")
	os.WriteFile(filepath.Join(dir, "bad.json"), b, 0o644)
	_, ds, err = Validate([]string{filepath.Join(dir, "bad.json")}, nil, ValidateOptions{SchemaFile: recordSchema})
	if err != nil || len(ds) != 3 {
		t.Errorf("invalid record: %v %v", ds, err)
	}
}

// TestWriteRecordCorpus writes the benchmark's corpus to the folder named
// by REGDOC_RECORD_CORPUS, for timing regdoc against other validators on
// the same files:
//
//	REGDOC_RECORD_CORPUS=/tmp/records go test ./internal/pipeline -run TestWriteRecordCorpus
func TestWriteRecordCorpus(t *testing.T) {
	dir := os.Getenv("REGDOC_RECORD_CORPUS")
	if dir == "" {
		t.Skip("set REGDOC_RECORD_CORPUS to a folder to write the benchmark corpus there")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeRecordCorpus(t, dir, recordCorpusSize)
}

// BenchmarkValidateRecords is `regdoc validate --schema record.schema.json
// DIR` on 2,000 generated records of about 18 KB: compile, walk, read,
// parse and validate on all cores.
func BenchmarkValidateRecords(b *testing.B) {
	dir := b.TempDir()
	writeRecordCorpus(b, dir, recordCorpusSize)
	b.SetBytes(dirSize(b, dir))
	b.ResetTimer()
	for b.Loop() {
		files, ds, err := Validate([]string{dir}, nil, ValidateOptions{SchemaFile: recordSchema, Data: dataset.Options{}})
		if err != nil || len(ds) != 0 || len(files) != recordCorpusSize {
			b.Fatalf("files %d, diagnostics %d, err %v", len(files), len(ds), err)
		}
	}
}

func dirSize(b *testing.B, dir string) int64 {
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, e := range entries {
		if fi, err := e.Info(); err == nil {
			n += fi.Size()
		}
	}
	return n
}
