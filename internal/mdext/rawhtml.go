package mdext

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Real Markdown holds a little HTML that has a Markdown meaning, and the
// dialect reads it as that: HTML comments are comments (dropped, as every
// renderer hides them), <sup>…</sup> and <sub>…</sub> are superscript and
// subscript, and <br> is a hard line break. Any other HTML stays raw HTML,
// which the typesetter refuses with a remedy (see HTMLRemedy).

var (
	brTag   = regexp.MustCompile(`(?i)^<br\s*/?>$`)
	openTag = regexp.MustCompile(`(?i)^<(sup|sub)\s*>$`)
)

// htmlTransformer rewrites the HTML that has a Markdown meaning.
type htmlTransformer struct{}

func (htmlTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var comments []ast.Node
	var parents []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.HTMLBlockType == ast.HTMLBlockType2 && onlyComments(n, src) {
				comments = append(comments, n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if p := n.Parent(); len(parents) == 0 || parents[len(parents)-1] != p {
				parents = append(parents, p)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range comments {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, p := range parents {
		rewriteInlineHTML(p, src)
	}
}

// onlyComments reports whether an HTML block holds nothing but comments:
// text after a comment on its last line ("<!-- x -->*text*") would be lost
// with it, so such a block stays raw HTML and is refused.
func onlyComments(n *ast.HTMLBlock, src []byte) bool {
	var b []byte
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		b = append(b, s.Value(src)...)
	}
	if n.HasClosure() {
		b = append(b, n.ClosureLine.Value(src)...)
	}
	for {
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			return true
		}
		if !bytes.HasPrefix(b, []byte("<!--")) {
			return false
		}
		end := bytes.Index(b[4:], []byte("-->"))
		if end < 0 {
			return false
		}
		b = b[4+end+3:]
	}
}

// rawText is the source of an inline HTML node.
func rawText(n *ast.RawHTML, src []byte) []byte {
	var b []byte
	for i := 0; i < n.Segments.Len(); i++ {
		s := n.Segments.At(i)
		b = append(b, s.Value(src)...)
	}
	return b
}

// rewriteInlineHTML handles the inline HTML among p's children.
func rewriteInlineHTML(p ast.Node, src []byte) {
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		raw, ok := c.(*ast.RawHTML)
		if !ok {
			c = next
			continue
		}
		tag := bytes.TrimSpace(rawText(raw, src))
		switch {
		case bytes.HasPrefix(tag, []byte("<!--")):
			p.RemoveChild(p, raw)
		case brTag.Match(tag):
			if t, ok := raw.PreviousSibling().(*ast.Text); ok {
				t.SetHardLineBreak(true)
			} else {
				t := ast.NewTextSegment(text.NewSegment(raw.Segments.At(0).Start, raw.Segments.At(0).Start))
				t.SetHardLineBreak(true)
				p.InsertBefore(p, raw, t)
			}
			// The text after a <br> starts the new line: drop the soft
			// break or spaces the source had there.
			p.RemoveChild(p, raw)
		default:
			if m := openTag.FindSubmatch(tag); m != nil {
				if end := closingTag(raw, src, string(bytes.ToLower(m[1]))); end != nil {
					node := &ScriptNode{Super: bytes.EqualFold(m[1], []byte("sup"))}
					node.SetPos(raw.Segments.At(0).Start)
					for k := raw.NextSibling(); k != end; {
						kn := k.NextSibling()
						node.AppendChild(node, k) // moves k out of p
						k = kn
					}
					p.InsertBefore(p, raw, node)
					p.RemoveChild(p, raw)
					next = end.NextSibling()
					p.RemoveChild(p, end)
					rewriteInlineHTML(node, src)
				}
			}
		}
		c = next
	}
}

// closingTag finds the </tag> among the siblings after open, or nil.
func closingTag(open ast.Node, src []byte, tag string) ast.Node {
	want := []byte("</" + tag + ">")
	for k := open.NextSibling(); k != nil; k = k.NextSibling() {
		if r, ok := k.(*ast.RawHTML); ok {
			t := bytes.ToLower(bytes.Join(bytes.Fields(rawText(r, src)), nil))
			if bytes.Equal(t, want) {
				return k
			}
		}
	}
	return nil
}

// htmlExtension adds htmlTransformer.
type htmlExtension struct{}

func (htmlExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(htmlTransformer{}, 50)))
}
