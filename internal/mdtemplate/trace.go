package mdtemplate

import (
	"reflect"
	"regexp"
	"text/template"
	"text/template/parse"

	"github.com/regdoc/regdoc/internal/diag"
)

// traceFunc is escapeFunc in a traced execution: it also receives, as
// reflect.Values, the data the action names (its fields, variables and
// dot), evaluated where the action stands, so a caller can tell which
// datum each printed value came from without the template saying so.
const traceFunc = "_regdoc_trace"

// Traced is one value a template printed, with the data the action named.
type Traced struct {
	// Text is the value as printed, its Markdown escapes removed.
	Text string
	// Sources are the fields, variables and dots the action's pipeline
	// names, and the method calls with arguments it makes, as evaluated
	// at run time (addressable when they are data held in the model, so
	// their place there can be found).
	Sources []reflect.Value
	// Receivers and Members say, for each source, what it was read from
	// and by which field or method name (".Process.OverallYield" is
	// OverallYield of .Process, "$c.PerUnit $p" is PerUnit of $c), so a
	// computed figure can be explained from its receiver; Member is ""
	// for a dot or a bare variable.
	Receivers []reflect.Value
	Members   []string
	// Args are, for a source that is a method called with arguments, the
	// arguments' values in order ("$c.PerUnit $p": the value of $p), so
	// the call can be explained; nil for any other source. Args is nil
	// when no source is such a call.
	Args [][]reflect.Value
	// Computed says the pipeline calls a method in a way that cannot be
	// evaluated again on its own (on a parenthesised value, or with an
	// argument that declares a variable or is nil), so it has no Sources:
	// what it prints is computed from data the trace does not name.
	Computed bool
	// Pos is the action's place in the template.
	Pos diag.Position
}

// RenderTrace runs the template as Render does and also returns every
// value it printed with the data it came from. The template itself is
// unchanged: a private copy is parsed again and each action's escape call
// is given the action's own field and variable nodes as further
// arguments. The Markdown is the same as Render's.
func (t *Template) RenderTrace(data any) ([]byte, []Traced, error) {
	fresh, err := Parse(t.file, t.src, t.extra)
	if err != nil {
		return nil, nil, err
	}
	computed := map[int]bool{}
	members := map[int][]string{}
	argc := map[int][]int{} // per source, how many arguments its call has
	for id, s := range fresh.sites {
		if s.node == nil || len(s.node.Pipe.Decl) > 0 {
			continue
		}
		cmds := s.node.Pipe.Cmds
		last := cmds[len(cmds)-1]
		var sources []source
		ok := true
		for _, c := range cmds[:len(cmds)-1] {
			ok = collectSources(c, &sources) && ok
		}
		if !ok {
			computed[id] = true
			sources = nil
		}
		last.Args[0] = parse.NewIdentifier(traceFunc).SetPos(last.Pos)
		for _, src := range sources {
			last.Args = append(last.Args, src.node)
		}
		for _, src := range sources {
			last.Args = append(last.Args, src.receiver)
			members[id] = append(members[id], src.member)
			argc[id] = append(argc[id], len(src.args))
		}
		for _, src := range sources {
			last.Args = append(last.Args, src.args...)
		}
	}
	var out []Traced
	x := &execution{t: fresh, data: data, last: -1, valueLen: -1, blankTail: -1, textTail: -1}
	run, err := fresh.t.Clone()
	if err != nil {
		return nil, nil, err
	}
	run.Funcs(template.FuncMap{escapeFunc: x.escape, markFunc: x.mark, traceFunc: func(id int, args ...reflect.Value) (Markdown, error) {
		var v any
		if n := len(args); n > 0 && args[n-1].IsValid() {
			v = args[n-1].Interface()
		}
		md, err := x.escape(id, v)
		if err != nil {
			return md, err
		}
		if m := fresh.sites[id].mode; m.idOnly || m.kind == kindDest || m.kind == kindTitle {
			// An id in "{#…}", a link's destination or title: part of
			// the document's structure, not printed on its pages.
			return md, nil
		}
		n, calls := len(members[id]), 0
		for _, k := range argc[id] {
			calls += k
		}
		tr := Traced{Text: mdUnescape.ReplaceAllString(string(md), "$1"), Computed: computed[id], Pos: fresh.sites[id].pos}
		if n > 0 && len(args) == 2*n+calls+1 {
			tr.Sources, tr.Receivers, tr.Members = args[:n], args[n:2*n], members[id]
			if calls > 0 {
				rest := args[2*n : 2*n+calls]
				tr.Args = make([][]reflect.Value, n)
				for i, k := range argc[id] {
					if k > 0 {
						tr.Args[i], rest = rest[:k:k], rest[k:]
					}
				}
			}
		}
		out = append(out, tr)
		return md, nil
	}})
	if err := run.Execute(x, data); err != nil {
		return nil, nil, diag.Problems{fresh.execProblem(err, x)}
	}
	return x.out.Bytes(), out, nil
}

// mdUnescape matches a Markdown backslash escape of ASCII punctuation.
var mdUnescape = regexp.MustCompile("\\\\([!-/:-@\\[-`{-~])")

// source is a data node an action names, the node it is read from and
// the name it is read by; for a method called with arguments, node is the
// call and args are the arguments.
type source struct {
	node, receiver parse.Node
	member         string
	args           []parse.Node
}

// collectSources appends copies of the data nodes a command names as
// arguments — fields, variables, dot, and those inside parenthesised
// pipelines — each with its receiver. A command that calls a method of a
// field or variable with arguments (".Method arg", "$x.Method arg") is
// one source: the call, its receiver, the method's name and the
// arguments. It reports false when the command calls a method in a way
// that cannot be evaluated again as a plain argument (see Computed).
func collectSources(c *parse.CommandNode, out *[]source) bool {
	ok := true
	dot := func(pos parse.Pos) parse.Node { return &parse.DotNode{NodeType: parse.NodeDot, Pos: pos} }
	for i, a := range c.Args {
		switch n := a.(type) {
		case *parse.FieldNode:
			if i == 0 && len(c.Args) > 1 {
				var recv parse.Node = dot(n.Pos)
				if len(n.Ident) > 1 {
					r := n.Copy().(*parse.FieldNode)
					r.Ident = r.Ident[:len(r.Ident)-1]
					recv = r
				}
				return methodCall(c, recv, n.Ident[len(n.Ident)-1], out)
			}
			s := source{node: n.Copy(), receiver: dot(n.Pos), member: n.Ident[len(n.Ident)-1]}
			if len(n.Ident) > 1 {
				r := n.Copy().(*parse.FieldNode)
				r.Ident = r.Ident[:len(r.Ident)-1]
				s.receiver = r
			}
			*out = append(*out, s)
		case *parse.VariableNode:
			if i == 0 && len(c.Args) > 1 {
				if len(n.Ident) < 2 {
					return false // a variable is not a function
				}
				r := n.Copy().(*parse.VariableNode)
				r.Ident = r.Ident[:len(r.Ident)-1]
				return methodCall(c, r, n.Ident[len(n.Ident)-1], out)
			}
			s := source{node: n.Copy(), receiver: dot(n.Pos)}
			if len(n.Ident) > 1 {
				r := n.Copy().(*parse.VariableNode)
				r.Ident = r.Ident[:len(r.Ident)-1]
				s.receiver, s.member = r, n.Ident[len(n.Ident)-1]
			}
			*out = append(*out, s)
		case *parse.ChainNode:
			if i == 0 && len(c.Args) > 1 {
				return false
			}
			*out = append(*out, source{node: n.Copy(), receiver: dot(n.Pos)})
		case *parse.DotNode:
			*out = append(*out, source{node: n.Copy(), receiver: dot(n.Pos)})
		case *parse.PipeNode:
			if len(n.Decl) > 0 {
				return false
			}
			for _, pc := range n.Cmds {
				ok = collectSources(pc, out) && ok
			}
		}
	}
	return ok
}

// methodCall appends the call command c makes, a method of recv called
// with c's further arguments, as one source. It reports false, appending
// nothing, when an argument cannot be evaluated again on its own: nil
// (not a value a traced argument can hold) or a pipeline that declares a
// variable.
func methodCall(c *parse.CommandNode, recv parse.Node, method string, out *[]source) bool {
	src := source{receiver: recv, member: method}
	for _, a := range c.Args[1:] {
		switch n := a.(type) {
		case *parse.NilNode:
			return false
		case *parse.PipeNode:
			if len(n.Decl) > 0 {
				return false
			}
		}
		src.args = append(src.args, a.Copy())
	}
	call := c.Copy().(*parse.CommandNode)
	src.node = &parse.PipeNode{NodeType: parse.NodePipe, Pos: c.Pos, Cmds: []*parse.CommandNode{call}}
	*out = append(*out, src)
	return true
}
