package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A schema file among the data is compiled, not reported as data with an
// unknown schema; a broken one is an error at its position.
func TestValidateChecksSchemaFilesAsSchemas(t *testing.T) {
	set, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}`
	bad := `{"$schema": "https://json-schema.org/draft/2020-12/schema",
 "type": "strng"}`
	for name, src := range map[string]string{"good.schema.json": good, "bad.schema.json": bad} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, ds, err := Validate([]string{dir}, set, ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Errorf("files = %v", files)
	}
	if len(ds) != 1 || !strings.HasSuffix(ds[0].File, "bad.schema.json") || ds[0].Line != 2 || !strings.Contains(ds[0].Message, `did you mean "string"`) {
		t.Errorf("diagnostics = %v", ds)
	}
}
