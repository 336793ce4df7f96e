package mdtemplate

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/regdoc/regdoc/internal/diag"
)

// Names of the functions the rewriter appends to actions. They never
// appear in a message: errors from them are turned into problems at the
// action's own position.
const (
	escapeFunc = "_regdoc_escape" // escapes an action's value: _regdoc_escape SITE VALUE
	markFunc   = "_regdoc_mark"   // records that execution reached a place: _regdoc_mark SITE
)

// blockBuilders are the functions whose trusted Markdown is a block of its
// own, and the shape of their output for the analysis.
var blockBuilders = map[string]string{
	"table":       "\n| x |\n|:--|\n| x |\n",
	"flowFigure":  "\n```figure\n{}\n```\n",
	"yieldFigure": "\n```figure\n{}\n```\n",
	"trendFigure": "\n```figure\n{}\n```\n",
	"stabFigure":  "\n```figure\n{}\n```\n",
}

// site is one rewritten action or mark: where it is, what it prints and
// how (a mark has only a position).
type site struct {
	pos  diag.Position
	node *parse.ActionNode
	ctx  context // every state the action can print in
	path string  // the data the value comes from, as the template names it
	mode mode
	via  string // the {{template}} call whose context the action is escaped for, "" at the top
}

// derivation is a copy of a called template escaped for one calling context.
type derivation struct {
	name     string
	end      context
	recursed bool
}

// analysis walks the templates reachable from the root in document order,
// following each point's context, then rewrites every action.
type analysis struct {
	set      *template.Template
	src      string
	file     string
	lines    *diag.LineIndex
	problems diag.Problems
	seen     map[string]bool // problem positions already reported
	sites    []*site
	siteOf   map[*parse.ActionNode]*site
	derived  map[string]*derivation // copies by name, context and argument
	making   map[string]*derivation // copies being made, by name and context
	breaks   []context              // contexts at break/continue, per enclosing range
	depth    int
	visits   int
	calls    []string       // the {{template}} calls being followed, innermost last
	paths    map[int]string // data path of each field and variable, by byte offset
	marks    []markAt
	marked   map[*parse.ListNode]map[int]bool
}

// mark records a place to insert a mark, once.
func (a *analysis) mark(list *parse.ListNode, at int, pos parse.Pos) {
	if a.marked[list] == nil {
		a.marked[list] = map[int]bool{}
	}
	if !a.marked[list][at] {
		a.marked[list][at] = true
		a.marks = append(a.marks, markAt{list: list, at: at, pos: pos})
	}
}

// markAt is a place where execution is recorded (a range body's start, a
// template call), so a limit passed during execution has a position.
type markAt struct {
	list *parse.ListNode
	at   int // index in list.Nodes to insert before
	pos  parse.Pos
}

// Limits of the analysis: a template whose Markdown shape depends on data
// in more ways than this is refused rather than checked forever.
const (
	maxDerivations = 1000
	maxCallDepth   = 100
	maxRangePasses = 100
)

// maxVisits bounds the analysis's work (nodes visited, counting every
// range pass and every copy of a called template), so no template makes
// reading it slow; a variable so tests can lower it.
var maxVisits = 5_000_000

func (a *analysis) position(p parse.Pos) diag.Position {
	line, col := a.lines.LineCol(int(p))
	return diag.Position{File: a.file, Line: line, Col: col}
}

// open is the position of the "{{" that opens the action holding p, so
// a problem with an {{if}}, {{range}} or {{template}} points at it.
func (a *analysis) open(p parse.Pos) parse.Pos {
	if int(p) > len(a.src) {
		return p
	}
	if i := strings.LastIndex(a.src[:p], "{{"); i >= 0 {
		return parse.Pos(i)
	}
	return p
}

func (a *analysis) fail(p parse.Pos, code, format string, args ...any) {
	pos := a.position(p)
	key := fmt.Sprintf("%d:%d", pos.Line, pos.Col)
	if a.seen[key] {
		return
	}
	a.seen[key] = true
	a.problems = append(a.problems, diag.Diagnostic{Severity: diag.Error, Code: code, File: pos.File, Line: pos.Line, Col: pos.Col,
		Message: fmt.Sprintf(format, args...)})
}

// notePaths records the data path of every field and variable a pipeline
// reads, so an execution error at one can name the data it wanted, and
// refuses calls to the escaper's own functions.
func (a *analysis) notePaths(p *parse.PipeNode, dot string, vs vars) {
	if p == nil {
		return
	}
	for _, cmd := range p.Cmds {
		for _, arg := range cmd.Args {
			switch x := arg.(type) {
			case *parse.FieldNode:
				a.paths[int(x.Pos)] = join(dot, x.Ident)
			case *parse.VariableNode:
				if base, ok := vs[x.Ident[0]]; ok && base != "" {
					a.paths[int(x.Pos)] = join(base, x.Ident[1:])
				} else if x.Ident[0] == "$" {
					a.paths[int(x.Pos)] = join(".", x.Ident[1:])
				}
			case *parse.PipeNode:
				a.notePaths(x, dot, vs)
			case *parse.IdentifierNode:
				if x.Ident == escapeFunc || x.Ident == markFunc {
					// They are the escaper's own; called by hand they could
					// print a value in another place's escaping.
					a.fail(x.Pos, CodeSyntax, "function %q not defined", x.Ident)
				}
			}
		}
	}
}

// vars maps template variables to the data path they hold.
type vars map[string]string

func (v vars) with(name, path string) vars {
	out := make(vars, len(v)+1)
	for k, p := range v {
		out[k] = p
	}
	out[name] = path
	return out
}

// walk follows list from context c with dot holding the data at path dot,
// and returns the context after it.
func (a *analysis) walk(list *parse.ListNode, c context, dot string, vs vars) context {
	if list == nil {
		return c
	}
	for i, n := range list.Nodes {
		if a.visits++; a.visits > maxVisits {
			if a.visits == maxVisits+1 {
				a.fail(0, CodeEscape, "the template is too complex to check (its branches, loops and template calls make more than %d steps); split it into smaller templates", maxVisits)
			}
			return c
		}
		if len(c) > maxStates {
			a.fail(n.Position(), CodeEscape, "the Markdown around this point depends on the data in more than %d ways; split the template into smaller parts", maxStates)
			return c[:1]
		}
		switch n := n.(type) {
		case *parse.TextNode:
			c = c.advance(string(n.Text))
		case *parse.CommentNode:
		case *parse.ActionNode:
			a.notePaths(n.Pipe, dot, vs)
			if len(n.Pipe.Decl) > 0 {
				// {{$x := …}} and {{$x = …}} print nothing.
				p := a.pathOf(n.Pipe, dot, vs)
				for _, d := range n.Pipe.Decl {
					vs = vs.with(d.Ident[0], p)
				}
				continue
			}
			c = a.action(n, c, dot, vs)
		case *parse.IfNode:
			a.notePaths(n.Pipe, dot, vs)
			c = a.branch(&n.BranchNode, "if", c, dot, dot, vs, vs)
		case *parse.WithNode:
			a.notePaths(n.Pipe, dot, vs)
			p := a.pathOf(n.Pipe, dot, vs)
			inner := vs
			for _, d := range n.Pipe.Decl {
				inner = inner.with(d.Ident[0], p)
			}
			c = a.branch(&n.BranchNode, "with", c, p, dot, inner, vs)
		case *parse.RangeNode:
			a.notePaths(n.Pipe, dot, vs)
			c = a.rangeNode(n, c, dot, vs)
		case *parse.TemplateNode:
			a.notePaths(n.Pipe, dot, vs)
			a.mark(list, i, n.Pos)
			c = a.call(n, c, a.pathOf(n.Pipe, dot, vs))
		case *parse.BreakNode, *parse.ContinueNode:
			if k := len(a.breaks); k > 0 {
				a.breaks[k-1] = union(a.breaks[k-1], c)
			}
		default:
			a.fail(n.Position(), CodeEscape, "unsupported template construct %s", n)
		}
	}
	return c
}

// action records a printing action and returns the context after it.
func (a *analysis) action(n *parse.ActionNode, c context, dot string, vs vars) context {
	s := a.siteOf[n]
	if s == nil {
		s = &site{node: n, pos: a.position(n.Pos), path: a.pathOf(n.Pipe, dot, vs)}
		if k := len(a.calls); k > 0 {
			s.via = a.calls[k-1]
		}
		a.siteOf[n] = s
		a.sites = append(a.sites, s)
	}
	s.ctx = union(s.ctx, c)
	if shape, ok := blockBuilders[builderOf(n.Pipe)]; ok {
		s.mode.builder = true
		return c.advance(shape)
	}
	// A value may print nothing, so what follows may still start the line.
	empty := make(context, 0, len(c))
	for _, st := range c {
		if strings.TrimSpace(stripContainers(st.line)) == "" {
			st.emptied = true
		}
		empty = append(empty, st)
	}
	printed := c.advance("x")
	for i := range printed {
		printed[i].emptied = false
	}
	return union(empty, printed)
}

// builderOf is the function an action's pipeline ends in, if it is a
// function call.
func builderOf(p *parse.PipeNode) string {
	if p == nil || len(p.Cmds) == 0 {
		return ""
	}
	last := p.Cmds[len(p.Cmds)-1]
	if len(last.Args) == 0 {
		return ""
	}
	if id, ok := last.Args[0].(*parse.IdentifierNode); ok {
		return id.Ident
	}
	return ""
}

// pathOf names the data a pipeline prints: ".Process.Steps[].Name" for
// .Name inside {{range .Process.Steps}}; for a function call, the data it
// was given. It falls back to the pipeline as written.
func (a *analysis) pathOf(p *parse.PipeNode, dot string, vs vars) string {
	if p == nil || len(p.Cmds) == 0 {
		return dot
	}
	last := p.Cmds[len(p.Cmds)-1]
	for j := len(last.Args) - 1; j >= 0; j-- {
		switch x := last.Args[j].(type) {
		case *parse.FieldNode:
			return join(dot, x.Ident)
		case *parse.DotNode:
			return dot
		case *parse.VariableNode:
			base, ok := vs[x.Ident[0]]
			if x.Ident[0] == "$" {
				base, ok = ".", true
			}
			if !ok {
				base = x.Ident[0]
			}
			return join(base, x.Ident[1:])
		case *parse.ChainNode, *parse.PipeNode:
			return strings.TrimSpace(p.String())
		}
	}
	return strings.TrimSpace(p.String())
}

func join(base string, fields []string) string {
	if len(fields) == 0 {
		return base
	}
	if base == "." {
		base = ""
	}
	return base + "." + strings.Join(fields, ".")
}

// branch follows an if or with: both branches start in c; they must end in
// the same kind of place (running text, a code span, a link …), as
// html/template requires of HTML contexts.
func (a *analysis) branch(b *parse.BranchNode, what string, c context, dotIn, dotElse string, vsIn, vsElse vars) context {
	then := a.walk(b.List, c, dotIn, vsIn)
	els := c
	if b.ElseList != nil {
		els = a.walk(b.ElseList, c, dotElse, vsElse)
	}
	if k1, k2 := classOf(then), classOf(els); k1 != k2 {
		a.fail(a.open(b.Pos), CodeBranch, "the branches of this {{%s}} end in different Markdown contexts (%s in one, %s in the other), so what follows could not be escaped for both; end both branches in the same place", what, k1, k2)
	}
	return union(then, els)
}

// rangeNode follows a range body until its contexts stop changing: the
// second and later passes start where the one before ended. The body must
// end in the kind of place it started in.
func (a *analysis) rangeNode(n *parse.RangeNode, c context, dot string, vs vars) context {
	p := a.pathOf(n.Pipe, dot, vs) + "[]"
	inner := vs
	if k := len(n.Pipe.Decl); k > 0 {
		inner = inner.with(n.Pipe.Decl[k-1].Ident[0], p)
		if k == 2 {
			inner = inner.with(n.Pipe.Decl[0].Ident[0], "")
		}
	}
	a.mark(n.List, 0, n.Pos)
	start, cur := c, c
	var end context
	for pass := 0; ; pass++ {
		a.breaks = append(a.breaks, nil)
		end = a.walk(n.List, cur, p, inner)
		end = union(end, a.breaks[len(a.breaks)-1])
		a.breaks = a.breaks[:len(a.breaks)-1]
		next := union(cur, end)
		if next.equal(cur) {
			break
		}
		if pass >= maxRangePasses || len(next) > maxStates {
			a.fail(a.open(n.Pos), CodeRange, "each pass of this {{range}} leaves the Markdown in a new context; make its body end where it starts")
			break
		}
		cur = next
	}
	if k1, k2 := classOf(start), classOf(end); k1 != k2 {
		a.fail(a.open(n.Pos), CodeRange, "the body of this {{range}} starts in %s but ends in %s, so its second pass would print in the wrong place; end the body where it starts", k1, k2)
	}
	after := union(c, end)
	if n.ElseList != nil {
		els := a.walk(n.ElseList, c, dot, vs)
		if k1, k2 := classOf(end), classOf(els); k1 != k2 {
			a.fail(a.open(n.Pos), CodeBranch, "this {{range}} and its {{else}} end in different Markdown contexts (%s and %s); end both in the same place", k1, k2)
		}
		after = union(end, els)
	}
	return after
}

// call escapes a called template for the context it is called in, as a
// copy of its own, the way html/template derives one copy per context.
//
// dot is the data path of the call's argument: the copy names its values
// from it, so a copy is made per context and argument.
func (a *analysis) call(n *parse.TemplateNode, c context, dot string) context {
	if n.Pipe == nil {
		dot = "" // {{template "x"}} passes no data
	}
	orig := strings.SplitN(n.Name, "$", 2)[0]
	t := a.set.Lookup(orig)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		a.fail(a.open(n.Pos), CodeUndefined, "no template named %q is defined; define it with {{define %q}}…{{end}}", orig, orig)
		return c
	}
	// A call back into a copy still being made is recursion, whatever its
	// argument: assume the copy ends where it starts; that is checked
	// when the copy is done.
	byContext := orig + "\x02" + c.key()
	if d, ok := a.making[byContext]; ok {
		n.Name = d.name
		d.recursed = true
		return c
	}
	key := byContext + "\x02" + dot
	if d, ok := a.derived[key]; ok {
		n.Name = d.name
		return d.end
	}
	if len(a.derived) >= maxDerivations || a.depth >= maxCallDepth {
		a.fail(a.open(n.Pos), CodeEscape, "templates call each other too deeply or in too many Markdown contexts to check")
		return c
	}
	d := &derivation{name: orig + "$" + strconv.Itoa(len(a.derived))}
	a.derived[key] = d
	a.making[byContext] = d
	defer delete(a.making, byContext)
	tree := t.Tree.Copy()
	tree.Name = d.name
	a.depth++
	at := a.position(a.open(n.Pos))
	a.calls = append(a.calls, fmt.Sprintf("{{template %q}} at line %d:%d", orig, at.Line, at.Col))
	d.end = a.walk(tree.Root, c, dot, vars{})
	a.calls = a.calls[:len(a.calls)-1]
	a.depth--
	if d.recursed && !d.end.equal(c) {
		a.fail(a.open(n.Pos), CodeEscape, "template %q calls itself but ends in a different Markdown context than it starts; end it where it starts", orig)
	}
	if _, err := a.set.AddParseTree(d.name, tree); err != nil {
		a.fail(a.open(n.Pos), CodeEscape, "template %q: %v", orig, err)
	}
	n.Name = d.name
	return d.end
}

// rewrite gives every recorded action its escaper and inserts the marks.
func (a *analysis) rewrite() {
	for id, s := range a.sites {
		m, reason := modeOf(s)
		if reason != "" {
			if s.via != "" {
				reason += " (the value is printed where " + s.via + " puts it)"
			}
			a.fail(s.node.Pos, CodeEscape, "%s", reason)
			continue
		}
		if m.builder && (m.kind != kindText || m.idOnly) {
			a.fail(s.node.Pos, CodeEscape, "%s builds a block of its own; call it on a line of its own", builderOf(s.node.Pipe))
			continue
		}
		s.mode = m
		s.node.Pipe.Cmds = append(s.node.Pipe.Cmds, call(escapeFunc, s.node.Pos, id))
	}
	// Insert marks back to front so indexes stay valid.
	sort.SliceStable(a.marks, func(i, j int) bool { return a.marks[i].at > a.marks[j].at })
	for _, mk := range a.marks {
		id := len(a.sites)
		a.sites = append(a.sites, &site{pos: a.position(a.open(mk.pos))})
		act := &parse.ActionNode{NodeType: parse.NodeAction, Pos: mk.pos,
			Pipe: &parse.PipeNode{NodeType: parse.NodePipe, Pos: mk.pos, Cmds: []*parse.CommandNode{call(markFunc, mk.pos, id)}}}
		nodes := mk.list.Nodes
		nodes = append(nodes[:mk.at], append([]parse.Node{act}, nodes[mk.at:]...)...)
		mk.list.Nodes = nodes
	}
}

// call is the command "name id".
func call(name string, pos parse.Pos, id int) *parse.CommandNode {
	return &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos, Args: []parse.Node{
		parse.NewIdentifier(name).SetPos(pos),
		&parse.NumberNode{NodeType: parse.NodeNumber, Pos: pos, IsInt: true, Int64: int64(id), Text: strconv.Itoa(id)},
	}}
}
