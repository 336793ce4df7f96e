package report

import (
	"encoding/json"
	"io"

	"github.com/regdoc/regdoc/internal/diag"
)

// jsonWriter writes one JSON document. Its shape is a stable interface for
// scripts; version changes if a field is ever removed or changes meaning
// (adding fields does not change it):
//
//	{
//	  "version": 1,
//	  "files": 3,            // files checked, clean ones included
//	  "errors": 1,
//	  "warnings": 0,
//	  "diagnostics": [       // sorted by file, line, column; [] when clean
//	    {
//	      "file": "data/process.json",
//	      "line": 12,         // 1-based; 0 when unknown
//	      "column": 7,        // 1-based, in characters; 0 when unknown
//	      "severity": "error",   // "error" or "warning"
//	      "code": "schema/required",
//	      "message": "missing required property 'name'",
//	      "pointer": "/steps/2/name"  // RFC 6901; "" for the whole document
//	    }
//	  ]
//	}
type jsonWriter struct{}

// JSONVersion is the "version" the json format writes.
const JSONVersion = 1

type jsonReport struct {
	Version     int              `json:"version"`
	Files       int              `json:"files"`
	Errors      int              `json:"errors"`
	Warnings    int              `json:"warnings"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

// jsonDiagnostic fixes the field order of the published shape, which
// diag.Diagnostic's own order need not follow.
type jsonDiagnostic struct {
	File     string        `json:"file"`
	Line     int           `json:"line"`
	Column   int           `json:"column"`
	Severity diag.Severity `json:"severity"`
	Code     string        `json:"code"`
	Message  string        `json:"message"`
	Pointer  string        `json:"pointer"`
}

func (jsonWriter) Write(w io.Writer, files []string, ds []diag.Diagnostic) error {
	e, wn := diag.Count(ds)
	r := jsonReport{Version: JSONVersion, Files: len(files), Errors: e, Warnings: wn, Diagnostics: []jsonDiagnostic{}}
	for _, d := range sorted(ds) {
		// An empty Severity counts as an error (diag.IsError); the published
		// shape only ever says "error" or "warning".
		sev := diag.Error
		if !d.IsError() {
			sev = diag.Warning
		}
		r.Diagnostics = append(r.Diagnostics, jsonDiagnostic{
			File: d.File, Line: d.Line, Column: d.Col, Severity: sev,
			Code: d.Code, Message: d.Message, Pointer: d.Pointer,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
