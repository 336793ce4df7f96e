package pipeline

import (
	"bytes"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/regdoc/regdoc/internal/provenance"
	"github.com/regdoc/regdoc/internal/version"
	"github.com/regdoc/regdoc/templates"
)

// TestEveryPDFRecordsItsInputs builds the IVIG example and reads each
// PDF's provenance record back: it names the manifest, every data file,
// the document's template and the fonts, and every hash is the hash of
// the file as it lies in the project (or of the built-in template).
func TestEveryPDFRecordsItsInputs(t *testing.T) {
	dir := "../../examples/ivig-liquid"
	l := loadProject(t, dir)
	out := t.TempDir()
	outs, err := l.Build(Options{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		pdf, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := provenance.Read(pdf)
		if err != nil {
			t.Fatalf("%s: %v", o.Path, err)
		}
		if rec.Version != version.Version {
			t.Errorf("%s: version %q", o.Path, rec.Version)
		}
		var doc = filterDocs(l.Project.Manifest.Documents, []string{o.ID})[0]
		want := map[string]bool{"manifest regdoc.json": true, "template " + doc.Template: true, "font " + provenance.BuiltinFonts: true}
		for _, rel := range l.Project.Manifest.Data {
			want["data "+rel] = true
		}
		for _, in := range rec.Inputs {
			key := in.Role + " " + in.Name
			if !want[key] {
				t.Errorf("%s: unexpected input %s", o.Path, key)
			}
			delete(want, key)
			var src []byte
			switch {
			case in.Role == provenance.RoleFont && in.Builtin:
				continue
			case in.Builtin:
				src, err = fs.ReadFile(templates.FS, in.Name)
			default:
				src, err = os.ReadFile(filepath.Join(dir, filepath.FromSlash(in.Name)))
			}
			if err != nil {
				t.Fatalf("%s: %s: %v", o.Path, key, err)
			}
			if provenance.Hash(src) != in.SHA256 {
				t.Errorf("%s: %s: recorded sha256 %s is not the file's", o.Path, key, in.SHA256)
			}
		}
		for k := range want {
			t.Errorf("%s: record lacks %s", o.Path, k)
		}
		info, err := pdftest.InfoValue(pdf, provenance.InfoInputs)
		if err != nil || info != rec.Info() {
			t.Errorf("%s: information dictionary record %q differs from the XMP one %q (%v)", o.Path, info, rec.Info(), err)
		}
	}
}

// TestRecordNamesImagesAndProjectTemplates: a document drawn from a
// template of the project that shows an image records both by their
// project paths and hashes.
func TestRecordNamesImagesAndProjectTemplates(t *testing.T) {
	_, dir := relCopyExample(t)
	var buf bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 4, 4))
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	pngBytes := buf.Bytes()
	if err := os.MkdirAll(filepath.Join(dir, "figures"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "figures", "logo.png"), pngBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	tpl := []byte("# {{ .Project.Name }}\n\n![Logo](figures/logo.png)\n")
	if err := os.WriteFile(filepath.Join(dir, "cover.md"), tpl, 0o644); err != nil {
		t.Fatal(err)
	}
	relEdit(t, filepath.Join(dir, "regdoc.json"), `"documents": [`, `"documents": [
    {"id": "cover", "title": "Cover", "template": "cover.md", "output": "cover.pdf", "ctd_section": "3.2.S.2.2", "style": "ctd"},`)
	l := loadProject(t, dir)
	outs, err := l.Build(Options{Out: t.TempDir(), Only: []string{"cover"}})
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := os.ReadFile(outs[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := provenance.Read(pdf)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, in := range rec.Inputs {
		found[in.Role+" "+in.Name] = in.SHA256
	}
	if found["image figures/logo.png"] != provenance.Hash(pngBytes) {
		t.Errorf("image not recorded with its hash: %v", found)
	}
	if found["template cover.md"] != provenance.Hash(tpl) {
		t.Errorf("project template not recorded with its hash: %v", found)
	}
}

// TestRenderRecordsItsFileAndImages: 'regdoc render' records the Markdown
// file and the images it shows, named relative to the file's folder.
func TestRenderRecordsItsFileAndImages(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "img"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "img", "a.png"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	md := []byte("# Note\n\n![A](img/a.png)\n")
	in := filepath.Join(dir, "note.md")
	if err := os.WriteFile(in, md, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := RenderFile(in, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := provenance.Read(pdf)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, in := range rec.Inputs {
		got[in.Role+" "+in.Name] = in.SHA256
	}
	if got["markdown note.md"] != provenance.Hash(md) || got["image img/a.png"] != provenance.Hash(buf.Bytes()) || len(got) != 3 {
		t.Errorf("render record %v", got)
	}
}
