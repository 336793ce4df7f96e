// Package mdext holds regdoc's goldmark extensions: Markdown syntax that
// CommonMark lacks but submission documents need. Each extension adds a
// parser and a node kind; rendering is the renderer's job (internal/mdpdf
// registers a render func for every kind defined here), so the HTML
// renderer of goldmark never sees these nodes unless asked to.
package mdext
