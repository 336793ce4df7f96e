package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/mdext"
	"github.com/regdoc/regdoc/internal/mdpdf"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/project"
	"github.com/regdoc/regdoc/internal/report"
)

// TestReliabilityDocStatesTheLimits keeps docs/reliability.md true: every
// limit it states is the one the code applies.
func TestReliabilityDocStatesTheLimits(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "reliability.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	mb := func(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }
	for what, want := range map[string]string{
		"manifest and each data file":                mb(dataset.DefaultMaxBytes),
		"project template file":                      mb(project.MaxTemplateBytes),
		"image file":                                 mb(project.MaxImageBytes),
		"JSON nesting":                               fmt.Sprintf("%d levels", dataset.DefaultMaxDepth),
		"eCTD path":                                  fmt.Sprintf("%d characters", maxECTDPath),
		"image size in pixels":                       fmt.Sprintf("%s a side, %d megapixels", thousands(mdpdf.MaxImageSide), mdpdf.MaxImagePixels/1_000_000),
		"decoding a PNG with alpha":                  fmt.Sprintf("%d MiB", mdpdf.MaxImageDecodeBytes>>20),
		"footnote marks in one document":             thousands(mdext.MaxFootnoteMarks),
		"Markdown one template run writes":           fmt.Sprintf("%d MiB", mdtemplate.MaxOutputBytes>>20),
		"range passes and template calls in one run": thousands(mdtemplate.MaxSteps),
	} {
		row := ""
		for _, l := range strings.Split(doc, "\n") {
			if strings.HasPrefix(l, "| "+what) {
				row = l
			}
		}
		if !strings.Contains(row, want) {
			t.Errorf("docs/reliability.md: the row for %q does not say %q: %q", what, want, row)
		}
	}
	if project.MaxTemplateBytes != mdtemplate.MaxSourceBytes {
		t.Errorf("a template is read up to %d bytes but parsed up to %d: one limit, please", project.MaxTemplateBytes, mdtemplate.MaxSourceBytes)
	}
	if !strings.Contains(strings.Join(strings.Fields(doc), " "), fmt.Sprintf("over %d minutes old", int(staleAfter.Minutes()))) {
		t.Errorf("docs/reliability.md does not say temporary files are swept after %v", staleAfter)
	}
	if !strings.Contains(strings.Join(strings.Fields(doc), " "), nothingWritten) {
		t.Errorf("docs/reliability.md does not quote the message %q", nothingWritten)
	}
}

// thousands writes n with thousands separated by commas, as the docs do.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestTemplateAndImageSizeLimits: a project template or an image over its
// limit is refused naming it, its size and the limit, without being read
// (the files are sparse: nothing is stored, and reading them would take
// seconds and the limit's worth of memory).
func TestTemplateAndImageSizeLimits(t *testing.T) {
	for _, c := range []struct {
		name  string
		file  string
		limit int64
		tpl   string
	}{
		{"template", "custom.md", project.MaxTemplateBytes, ""},
		{"image", "big.png", project.MaxImageBytes, "# Custom\n\n![Big](big.png)\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			root, dir := relCopyExample(t)
			relTemplateProject(t, dir, c.tpl)
			f, err := os.Create(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Truncate(c.limit + 1); err != nil {
				t.Skipf("no sparse files: %v", err)
			}
			f.Close()
			before := relSnapshot(t, root)
			r := relBuild(t, dir, Options{})
			relAssertNothingWritten(t, before, relSnapshot(t, root))
			want := fmt.Sprintf("%s is %d bytes, larger than the limit of %d bytes", c.file, c.limit+1, c.limit)
			if r.Code != relExitInvalid || r.Err == nil || !strings.Contains(r.Err.Error(), want) {
				t.Errorf("exit %d, %v; want 1 saying %q", r.Code, r.Err, want)
			}
		})
	}
}

// TestPrinterQuotesWhatWasRead: validate reads a data file with a
// mistake; the file is then swapped for a symbolic link to a file outside
// the project. The error printer must quote the line validate read, never
// the outside file (it used to open the path again).
func TestPrinterQuotesWhatWasRead(t *testing.T) {
	root, dir := relCopyExample(t)
	path := filepath.Join(dir, "data", "process.json")
	relEdit(t, path, `"criticality": "CPP"`, `"criticality": "critical"`)
	sources := NewSources()
	_, ds, err := Validate([]string{dir}, relSchemaSet(t), ValidateOptions{Sources: sources})
	if err != nil || !diag.HasErrors(ds, false) {
		t.Fatalf("validate: %v\n%s", err, relDiagText(ds))
	}
	secret := filepath.Join(root, "secret.json")
	os.WriteFile(secret, []byte(strings.Repeat("SECRET\n", 500)), 0o644)
	os.Remove(path)
	if err := os.Symlink(secret, path); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	w := report.NewText(report.TextOptions{Source: sources.Read, Open: report.OpenFile})
	if err := w.Write(&out, nil, ds); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "SECRET") || !strings.Contains(out.String(), `"criticality": "critical"`) {
		t.Errorf("the printer did not quote what validate read:\n%s", out.String())
	}
}

// TestDevicesAsDataFiles: /dev/zero (never ends) named as a data file,
// by a symbolic link, is refused as leading outside the project, without
// being read; a device node inside the project is refused as a device.
func TestDevicesAsDataFiles(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	t.Run("link to /dev/zero", func(t *testing.T) {
		root, dir := relCopyExample(t)
		path := filepath.Join(dir, "data", "comparator.json")
		os.Remove(path)
		if err := os.Symlink("/dev/zero", path); err != nil {
			t.Fatal(err)
		}
		before := relSnapshot(t, root)
		r := hostileWithin(t, 30*time.Second, func() relResult { return relBuild(t, dir, Options{}) })
		relAssertNothingWritten(t, before, relSnapshot(t, root))
		if r.Code != relExitInvalid || !strings.Contains(relDiagText(r.Diags), "outside the project") {
			t.Errorf("exit %d, want 1 refusing the path:\n%s", r.Code, relDiagText(r.Diags))
		}
	})
	t.Run("device node", func(t *testing.T) {
		root, dir := relCopyExample(t)
		path := filepath.Join(dir, "data", "comparator.json")
		os.Remove(path)
		// 1,5 is /dev/zero's device number on Linux.
		if err := syscall.Mknod(path, syscall.S_IFCHR|0o644, 1<<8|5); err != nil {
			t.Skipf("cannot make a device node (needs root): %v", err)
		}
		before := relSnapshot(t, root)
		r := hostileWithin(t, 30*time.Second, func() relResult { return relBuild(t, dir, Options{}) })
		relAssertNothingWritten(t, before, relSnapshot(t, root))
		if r.Code != relExitInvalid || !strings.Contains(relDiagText(r.Diags), "character device") {
			t.Errorf("exit %d, want 1 naming the device:\n%s", r.Code, relDiagText(r.Diags))
		}
	})
}

// TestSymlinkSwapDuringLoad is the review's race: while a project is
// loaded 300 times, data/comparator.json is swapped again and again for
// a symbolic link to a valid comparator file outside the project. No load
// may ever see the outside file's content; each either reads the file
// inside or refuses the link.
func TestSymlinkSwapDuringLoad(t *testing.T) {
	runs := 300
	if testing.Short() {
		runs = 50
	}
	root, dir := relCopyExample(t)
	path := filepath.Join(dir, "data", "comparator.json")
	inside, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(root, "outside.json")
	os.WriteFile(outside, []byte(strings.Replace(string(inside), "{", `{"OUTSIDE-SECRET": 1,`, 1)), 0o644)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tmp := path + ".swap"
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			os.Remove(tmp)
			if i%2 == 0 {
				os.WriteFile(tmp, inside, 0o644)
			} else {
				os.Symlink(outside, tmp)
			}
			os.Rename(tmp, path)
		}
	}()
	refused := 0
	for range runs {
		l, ds, err := Load(dir, relSchemaSet(t), dataset.Options{})
		text := relDiagText(ds)
		if err != nil {
			text += err.Error()
		}
		if l != nil {
			if doc := l.Docs["comparator"]; doc != nil {
				text += string(doc.Src)
			}
			for _, f := range []string{filepath.Join(dir, "data", "comparator.json")} {
				if b, err := l.Sources.Read(f); err == nil {
					text += string(b)
				}
			}
		}
		if strings.Contains(text, "OUTSIDE-SECRET") {
			close(stop)
			<-done
			t.Fatalf("a load saw the outside file:\n%s", text)
		}
		if strings.Contains(text, "comparator.json") {
			refused++
		}
	}
	close(stop)
	<-done
	t.Logf("%d of %d loads refused the link", refused, runs)
}
