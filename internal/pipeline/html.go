package pipeline

import (
	"bytes"
	"html"

	"github.com/regdoc/regdoc/internal/mdext"
)

// htmlPreview renders composed Markdown as a standalone HTML page for
// review in a browser and for diffs. It parses with the same dialect as
// the PDF (mdext.New) and uses goldmark's own HTML renderer with raw HTML
// left out, so it shows the text the PDF holds: headings carry the ids
// links point to, captions are numbered as in the PDF, an empty link to a
// heading or caption shows its label or title, figure blocks show their
// spec, and a page break is marked for print.
func htmlPreview(title string, md []byte) ([]byte, error) {
	doc, err := mdext.Parse(md, "")
	if err != nil {
		return nil, err
	}
	mdext.FillCrossReferences(doc, md)
	var body bytes.Buffer
	if err := mdext.New().Renderer().Render(&body, md, doc); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
	b.WriteString(html.EscapeString(title))
	b.WriteString("</title>\n<style>\nbody{font-family:\"Liberation Serif\",\"Times New Roman\",serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.4}\n" +
		"table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #444;padding:.2em .4em;vertical-align:top}\n" +
		"code,pre{font-family:\"Liberation Mono\",\"Courier New\",monospace}\n.page-break{break-after:page}\n</style>\n</head>\n<body>\n")
	b.Write(body.Bytes())
	b.WriteString("</body>\n</html>\n")
	return b.Bytes(), nil
}
