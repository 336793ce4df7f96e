package provenance

import (
	"errors"
	"fmt"
	"io/fs"
)

// Finding is one way a project no longer matches a record.
type Finding struct {
	Input Input
	// Status is StatusChanged, StatusMissing, StatusOverridden,
	// StatusBuiltinChanged or StatusVersion.
	Status string
	// Now is the SHA-256 of the file as it is now ("" when missing).
	Now string
	// Err is why a file could not be read, when it could not.
	Err error
}

// Statuses of a Finding.
const (
	StatusChanged        = "changed"         // the file's bytes differ
	StatusMissing        = "missing"         // the file is gone
	StatusUnreadable     = "unreadable"      // the file exists but cannot be read
	StatusOverridden     = "overridden"      // a project file now overrides the built-in template used
	StatusBuiltinChanged = "builtin-changed" // this regdoc's built-in differs from the one used
	StatusVersion        = "version"         // another regdoc version wrote the PDF
)

// Check compares rec with the project in project (a folder, relative names
// as the record gives them) and the built-in templates of this regdoc
// (builtin, at version), and returns every difference; none means the PDF
// was built from the project as it is now. A file the project folder lacks
// or that cannot be read is a finding, not an error: the record names it.
func Check(rec Record, project, builtin fs.FS, version string) []Finding {
	var out []Finding
	if rec.Version != version {
		out = append(out, Finding{Input: Input{Role: "regdoc", Name: "regdoc " + rec.Version}, Status: StatusVersion, Now: version})
	}
	for _, in := range rec.Inputs {
		switch {
		case in.Builtin && in.Role == RoleTemplate:
			if _, err := fs.Stat(project, in.Name); err == nil {
				out = append(out, Finding{Input: in, Status: StatusOverridden})
				continue
			}
			src, err := fs.ReadFile(builtin, in.Name)
			switch {
			case err != nil:
				out = append(out, Finding{Input: in, Status: StatusBuiltinChanged, Err: err})
			case Hash(src) != in.SHA256:
				out = append(out, Finding{Input: in, Status: StatusBuiltinChanged, Now: Hash(src)})
			}
		case in.Builtin:
			// Built-in fonts change only with the version, checked above.
		default:
			if !fs.ValidPath(in.Name) {
				out = append(out, Finding{Input: in, Status: StatusUnreadable, Err: fmt.Errorf("%q is not a path inside a project folder", in.Name)})
				continue
			}
			src, err := fs.ReadFile(project, in.Name)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				out = append(out, Finding{Input: in, Status: StatusMissing})
			case err != nil:
				out = append(out, Finding{Input: in, Status: StatusUnreadable, Err: err})
			case Hash(src) != in.SHA256:
				out = append(out, Finding{Input: in, Status: StatusChanged, Now: Hash(src)})
			}
		}
	}
	return out
}

// Describe says what a finding means and what to do, for people.
func (f Finding) Describe() string {
	short := func(s string) string {
		if len(s) > 12 {
			return s[:12]
		}
		return s
	}
	in := f.Input
	what := map[string]string{RoleManifest: "manifest", RoleData: "data file", RoleTemplate: "template",
		RoleImage: "image", RoleFont: "font", RoleMarkdown: "Markdown file"}[in.Role]
	switch f.Status {
	case StatusChanged:
		return fmt.Sprintf("%s %s has changed since this PDF was built (sha256 %s… then, %s… now); rebuild the PDF, or see what changed with 'regdoc diff'", what, in.Name, short(in.SHA256), short(f.Now))
	case StatusMissing:
		return fmt.Sprintf("%s %s, which this PDF was built from, is no longer in the project; rebuild the PDF, or check --project names the folder it was built from", what, in.Name)
	case StatusUnreadable:
		return fmt.Sprintf("%s %s cannot be read: %v", what, in.Name, f.Err)
	case StatusOverridden:
		return fmt.Sprintf("template %s: the PDF was built from regdoc's built-in template, and the project now has its own file of that name; rebuild the PDF", in.Name)
	case StatusBuiltinChanged:
		return fmt.Sprintf("built-in template %s of this regdoc differs from the one the PDF was built with; rebuild the PDF", in.Name)
	case StatusVersion:
		return fmt.Sprintf("the PDF was written by %s, this is regdoc %s; rebuild it to file the output of this version", in.Name, f.Now)
	}
	return f.Status + " " + in.Name
}
