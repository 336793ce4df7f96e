package mdtemplate

import (
	"fmt"
	"strings"
	"text/template/parse"
)

// context is where in the Markdown an action's output lands.
type context struct {
	line   string // text of the current line before the action
	fenced bool   // inside a fenced code block
}

// rewriter walks a parse tree in document order and appends the escaper
// that fits each action's context to its pipeline.
type rewriter struct {
	name string
	tree *parse.Tree
	err  error
}

func (r *rewriter) fail(n parse.Node, format string, args ...any) {
	if r.err != nil {
		return
	}
	loc, _ := r.tree.ErrorContext(n)
	r.err = fmt.Errorf("%s: %s", loc, fmt.Sprintf(format, args...))
}

func (r *rewriter) walk(list *parse.ListNode, ctx context) context {
	if list == nil {
		return ctx
	}
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			ctx = advance(ctx, string(n.Text))
		case *parse.ActionNode:
			if len(n.Pipe.Decl) > 0 {
				continue // {{$x := ...}} prints nothing
			}
			r.escapeAction(n, ctx)
			ctx.line += "x"
		case *parse.IfNode:
			ctx = r.branch(&n.BranchNode, ctx)
		case *parse.RangeNode:
			ctx = r.branch(&n.BranchNode, ctx)
		case *parse.WithNode:
			ctx = r.branch(&n.BranchNode, ctx)
		case *parse.TemplateNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
			// Called templates are rewritten on their own; their output is
			// escaped there.
		default:
			r.fail(n, "unsupported template construct %s", n)
		}
	}
	return ctx
}

func (r *rewriter) branch(b *parse.BranchNode, ctx context) context {
	after := r.walk(b.List, ctx)
	if b.ElseList != nil {
		r.walk(b.ElseList, ctx)
	}
	return after
}

// advance moves the context over literal template text.
func advance(ctx context, text string) context {
	lines := strings.Split(text, "\n")
	if len(lines) == 1 {
		ctx.line += text
		return ctx
	}
	// Every completed line may open or close a code fence.
	first := ctx.line + lines[0]
	for i, l := range lines[:len(lines)-1] {
		if i == 0 {
			l = first
		}
		if isFence(l) {
			ctx.fenced = !ctx.fenced
		}
	}
	ctx.line = lines[len(lines)-1]
	return ctx
}

func isFence(line string) bool {
	t := strings.TrimLeft(line, " ")
	return len(line)-len(t) < 4 && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"))
}

func (r *rewriter) escapeAction(n *parse.ActionNode, ctx context) {
	if ctx.fenced {
		r.fail(n, "a data value inside a fenced code block cannot be escaped; print it outside the block or through a figure function")
		return
	}
	if strings.Count(ctx.line, "`")%2 == 1 {
		r.fail(n, "a data value inside a code span cannot be escaped (Markdown escapes do not work there); move it out of the backticks")
		return
	}
	name := escInline
	trim := strings.TrimLeft(ctx.line, " \t")
	switch {
	case strings.HasPrefix(trim, "|"):
		name = escCell
	case strings.TrimSpace(stripContainers(ctx.line)) == "":
		// Nothing but block quote and list markers before the value: it
		// starts the text of a block, where "---", "1." or four spaces
		// would open a block of their own.
		name = escLineStart
	}
	cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Pos}
	cmd.Args = []parse.Node{parse.NewIdentifier(name).SetTree(r.tree).SetPos(n.Pos)}
	n.Pipe.Cmds = append(n.Pipe.Cmds, cmd)
}

// stripContainers removes the block quote markers ("> ") and list markers
// ("- ", "* ", "+ ", "1. ", "1) ") that open a line, so what remains is
// the text of the innermost block.
func stripContainers(line string) string {
	for {
		t := strings.TrimLeft(line, " \t")
		switch {
		case strings.HasPrefix(t, ">"):
			line = t[1:]
			continue
		case len(t) >= 2 && strings.ContainsRune("-*+", rune(t[0])) && (t[1] == ' ' || t[1] == '\t'):
			line = t[2:]
			continue
		}
		i := 0
		for i < len(t) && i < 9 && t[i] >= '0' && t[i] <= '9' {
			i++
		}
		if i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && (t[i+1] == ' ' || t[i+1] == '\t') {
			line = t[i+2:]
			continue
		}
		return line
	}
}
