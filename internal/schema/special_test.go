package schema

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/safefile"
)

// TestSchemaFilesThatAreNotRegularAreRefusedUnread: a named pipe given as
// the schema, as a --ref schema or as a file a $ref names would block
// forever if opened for reading; each is refused by name at once.
func TestSchemaFilesThatAreNotRegularAreRefusedUnread(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.schema.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	good := filepath.Join(dir, "good.schema.json")
	if err := os.WriteFile(good, []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","$ref":"pipe.schema.json"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.schema.json")
	if err := os.WriteFile(plain, []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func() error{
		"--schema FIFO": func() error { _, _, err := CompileFile(fifo, Options{}); return err },
		"--ref FIFO":    func() error { _, _, err := CompileFile(plain, Options{Refs: []Ref{{Path: fifo}}}); return err },
		"$ref to FIFO":  func() error { _, _, err := CompileFile(good, Options{}); return err },
	}
	for name, run := range cases {
		done := make(chan error, 1)
		go func() { done <- run() }()
		select {
		case err := <-done:
			var nr *safefile.NotRegularError
			if err == nil || !(errors.As(err, &nr) || strings.Contains(err.Error(), "named pipe")) {
				t.Errorf("%s: error %v, want a refusal naming the named pipe", name, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: still reading a FIFO after 5 s", name)
		}
	}
	// Quiet: the same schema as a regular file compiles.
	if _, _, err := CompileFile(plain, Options{}); err != nil {
		t.Errorf("a regular schema file: %v", err)
	}
}
