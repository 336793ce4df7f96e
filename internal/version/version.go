// Package version names the regdoc release, written into every PDF's
// Producer field and printed by `regdoc version`.
package version

// Version is the regdoc release. It is a constant rather than a link-time
// variable so that the same source always produces the same PDF bytes.
const Version = "0.1.0"
