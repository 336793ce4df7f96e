package schema

import (
	"fmt"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/schemas"
)

// BenchmarkValidateManyFaults validates a process of 300 steps, each
// without its purpose and with a parameter typed as text: 600 faults,
// each named by its step and parameter and placed off a bare brace.
func BenchmarkValidateManyFaults(b *testing.B) {
	set, err := Compile(schemas.FS)
	if err != nil {
		b.Fatal(err)
	}
	var steps []string
	for i := range 300 {
		steps = append(steps, fmt.Sprintf(`
    {
      "id": "S%d",
      "name": "Step %d",
      "type": "hold",
      "parameters": [
        { "id": "S%d-ph", "name": "pH", "unit": "1", "set_point": "6,%d", "nor": { "low": 6, "high": 7 }, "criticality": "CPP" }
      ]
    }`, i, i, i, i%10))
	}
	src := `{
  "$schema": "https://regdoc.dev/schemas/v1/process.schema.json",
  "steps": [` + strings.Join(steps, ",") + `
  ]
}`
	doc, ds := dataset.Parse("process.json", []byte(src), dataset.Options{})
	if doc == nil {
		b.Fatal(ds)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if got := set.Validate(doc, "process.schema.json"); len(got) < 600 {
			b.Fatalf("%d faults, want at least 600", len(got))
		}
	}
}
