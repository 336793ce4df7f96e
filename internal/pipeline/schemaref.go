package pipeline

import (
	"fmt"
	"strings"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/schema"
)

// declaredSchema reads the "$schema" a data file names and finds that
// schema among the compiled ones: the one lookup both a project's data
// files and loose files go through. ref is "" when the file names none (or
// is not an object); a name the set does not know is a problem at
// /$schema listing the schemas regdoc knows.
func declaredSchema(set *schema.Set, doc *dataset.Document) (ref, key string, problem []diag.Diagnostic) {
	obj, _ := doc.Value.(map[string]any)
	ref, _ = obj["$schema"].(string)
	if ref == "" {
		return "", "", nil
	}
	key, ok := set.Lookup(ref)
	if !ok {
		return ref, "", []diag.Diagnostic{doc.Diag(diag.Error, "schema/unknown", "/$schema",
			fmt.Sprintf("unknown schema %q; regdoc knows %s", ref, strings.Join(set.Keys(), ", ")))}
	}
	return ref, key, nil
}
