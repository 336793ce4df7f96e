package templates

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// plainUnit is a unit written as a keyboard allows, whose exponent or
// index would print on the baseline: log10, TCID50, CH50, m2, cm2, 10^6.
var plainUnit = regexp.MustCompile(`\b(?:[Ll]og10|(?:TCID|CCID|CH|LD|ID|ED|EC|IC|PD)50|(?:k|c|d|m|n|µ)?m[23]|10\^[0-9-]+)\b`)

// The built-in templates write units with their scripts (log~10~,
// TCID~50~, m^2^) or through the unit function, never plainly.
func TestNoPlainUnits(t *testing.T) {
	err := fs.WalkDir(FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(FS, path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if m := plainUnit.FindString(action.ReplaceAllString(line, "")); m != "" {
				t.Errorf("%s:%d: %q prints its exponent or index on the baseline; write it with ~sub~ or ^sup^ marks or {{unit %q}}", path, i+1, m, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
