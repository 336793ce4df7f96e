module github.com/regdoc/regdoc

go 1.26

require (
	github.com/go-fonts/liberation v0.3.3 // indirect
	github.com/jung-kurt/gofpdf v1.16.2 // indirect
	github.com/klippa-app/go-pdfium v1.21.4 // indirect
	github.com/pdfcpu/pdfcpu v0.15.0 // indirect
	github.com/santhosh-tekuri/jsonschema/v5 v5.3.1 // indirect
	github.com/yuin/goldmark v1.8.7 // indirect
)
