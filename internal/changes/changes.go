// Package changes compares two versions of a project's data by meaning,
// not by line: items of a list are matched by their id (a step's "id", a
// batch's "lot", a claim's "number"…), so a reordered list is one change
// and a renamed step is a rename, not a removal and an addition. Known
// kinds get their nouns and CTD sections; any other kind is compared the
// same generic way, so data kinds added later are handled without change
// here. It knows JSON values and nothing of files, templates or PDF.
package changes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Actions of a Change.
const (
	Added     = "added"
	Removed   = "removed"
	Changed   = "changed"
	Renamed   = "renamed"
	Reordered = "reordered"
)

// Change is one difference between the approved (old) and the proposed
// (new) data.
type Change struct {
	// Key names the change stably, e.g.
	// "process/steps[P3]/parameters[P3-caprylate]/par": ids, not
	// positions, so it survives edits elsewhere. Justifications are keyed
	// by it.
	Key string `json:"key"`
	// Kind is the data kind (the manifest's "data" key).
	Kind   string `json:"kind"`
	Action string `json:"action"`
	// What says in words what changed: "step P2 (Cold-ethanol
	// precipitation) › name".
	What string `json:"what"`
	// Section is the CTD section(s) the change falls in, "" for data no
	// CTD section shows (a patent exhibit's claims).
	Section string `json:"ctd_section"`
	// Old and New are the values as printed; "" when absent.
	Old string `json:"old"`
	New string `json:"new"`
	// OldPointer and NewPointer locate the value in each version's data
	// file (RFC 6901); "" when absent.
	OldPointer string `json:"old_pointer,omitempty"`
	NewPointer string `json:"new_pointer,omitempty"`
	// OldPlace and NewPlace are where those values are written,
	// "file:line:col", for the caller that knows the files to fill in.
	OldPlace string `json:"old_place,omitempty"`
	NewPlace string `json:"new_place,omitempty"`
	// Justification is the writer's reason, from the justifications file.
	Justification string `json:"justification,omitempty"`
	// Includes says what the change carries with it (the results of a
	// removed test in every batch), folded in so the list holds causes.
	Includes string `json:"includes,omitempty"`

	critical bool
	// member is the data file's top-level member the change is under,
	// which for some kinds decides the CTD section.
	member string
	// stages are the stages ("drug_substance", "drug_product") of the
	// process steps the change is about, in either version: a step's stage
	// decides whether 3.2.S.2.2 or 3.2.P.3.3 describes it.
	stages []string
}

// Version is one version of a project's data: each data kind's file
// (its JSON text) and the CTD sections the manifest files documents under.
type Version struct {
	Data     map[string][]byte
	Files    map[string]string // data kind → file name, for messages
	Sections []string
}

// Compare returns the changes from old to new, kinds in a fixed order
// (the known kinds first, then the others by name), each kind's changes
// in the order of its data.
func Compare(old, new Version) ([]Change, error) {
	kinds := map[string]bool{}
	for k := range old.Data {
		kinds[k] = true
	}
	for k := range new.Data {
		kinds[k] = true
	}
	var names []string
	for k := range kinds {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		oi, oj := kindOrder(names[i]), kindOrder(names[j])
		if oi != oj {
			return oi < oj
		}
		return names[i] < names[j]
	})
	var out []Change
	for _, kind := range names {
		ov, err := decode(old.Data[kind])
		if err != nil {
			return nil, fmt.Errorf("approved %s: %w", old.Files[kind], err)
		}
		nv, err := decode(new.Data[kind])
		if err != nil {
			return nil, fmt.Errorf("proposed %s: %w", new.Files[kind], err)
		}
		c := &comparer{kind: kind}
		switch {
		case ov == nil && nv == nil:
		case ov == nil:
			c.add(Change{Action: Added, What: kindNoun(kind) + " data", New: new.Files[kind], NewPointer: "/"}, path{})
		case nv == nil:
			c.add(Change{Action: Removed, What: kindNoun(kind) + " data", Old: old.Files[kind], OldPointer: "/"}, path{})
		default:
			c.value(path{}, ov, nv)
		}
		out = append(out, c.out...)
	}
	out = fold(out)
	secs := append(append([]string(nil), new.Sections...), old.Sections...)
	for i := range out {
		out[i].Section = section(out[i], secs)
	}
	return out, nil
}

// decode reads JSON keeping numbers exactly as written; nil src is nil.
func decode(src []byte) (any, error) {
	if src == nil {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if m, ok := v.(map[string]any); ok {
		delete(m, "$schema") // where the editor finds the schema, not data
	}
	return v, nil
}

// step is one level of a path: a member name, or a list item by id (or by
// position when the list has no ids).
type step struct {
	member string
	label  string // the item's words: "step P2 (Cold-ethanol precipitation)"
	id     string
	oldIdx int
	newIdx int
}

type path struct {
	steps    []step
	critical bool
	// stages are the stages of the process step the path passes, in the
	// old and the new version (see Change.stages).
	stages []string
	// oldUnit and newUnit are the "unit" of the object holding the value
	// (a parameter's unit for its set point, NOR and PAR), printed with it.
	oldUnit, newUnit string
}

func (p path) with(s step) path {
	return path{steps: append(append([]step(nil), p.steps...), s), critical: p.critical, stages: p.stages}
}

// unitOf is an object's "unit" member, "" when it has none.
func unitOf(m map[string]any) string {
	u, _ := m["unit"].(string)
	return u
}

// withUnit prints v, followed by unit when v is a number or a range
// without a unit of its own.
func withUnit(v any, unit string) string {
	s := Format(v)
	if unit == "" || unit == "1" || s == "" {
		return s
	}
	switch x := v.(type) {
	case json.Number:
		return s + " " + unit
	case map[string]any:
		if _, has := x["unit"]; !has {
			if _, low := x["low"]; low {
				return s + " " + unit
			}
		}
	}
	return s
}

func (p path) key(kind string) string {
	var b strings.Builder
	b.WriteString(kind)
	for _, s := range p.steps {
		if s.label != "" {
			fmt.Fprintf(&b, "[%s]", s.id)
		} else {
			b.WriteString("/" + s.member)
		}
	}
	return b.String()
}

func (p path) pointer(old bool) string {
	var b strings.Builder
	for _, s := range p.steps {
		b.WriteString("/")
		if s.label != "" {
			i := s.newIdx
			if old {
				i = s.oldIdx
			}
			fmt.Fprintf(&b, "%d", i)
		} else {
			b.WriteString(strings.ReplaceAll(strings.ReplaceAll(s.member, "~", "~0"), "/", "~1"))
		}
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// words is the path in words: the labels of the items it passes, then the
// member it ends at.
func (p path) words() string {
	var parts []string
	for i, s := range p.steps {
		switch {
		case s.label != "":
			parts = append(parts, s.label)
		case i+2 < len(p.steps) && p.steps[i+1].label == "" && strings.HasPrefix(p.steps[i+2].label, fieldName(s.member)+" "):
			// "specification › specification test ph" says it twice.
		case i == len(p.steps)-1 || p.steps[i+1].label == "":
			parts = append(parts, fieldName(s.member))
		}
	}
	return strings.Join(parts, " › ")
}

type comparer struct {
	kind string
	out  []Change
}

func (c *comparer) add(ch Change, p path) {
	ch.Kind = c.kind
	ch.Key = p.key(c.kind)
	if ch.What == "" {
		ch.What = p.words()
	}
	ch.critical = ch.critical || p.critical
	if ch.stages == nil {
		ch.stages = p.stages
	}
	if len(p.steps) > 0 {
		ch.member = p.steps[0].member
	}
	c.out = append(c.out, ch)
}

// value compares one value of each version at p.
func (c *comparer) value(p path, o, n any) {
	om, oIsObj := o.(map[string]any)
	nm, nIsObj := n.(map[string]any)
	oa, oIsArr := o.([]any)
	na, nIsArr := n.([]any)
	switch {
	case oIsObj && nIsObj && !valueLike(om) && !valueLike(nm):
		c.object(p, om, nm)
	case oIsArr && nIsArr && !scalars(oa) && !scalars(na):
		c.list(p, oa, na)
	default:
		if equal(o, n) {
			return
		}
		action := Changed
		if last := p.last(); last == "name" || last == "title" {
			action = Renamed
		}
		c.add(Change{Action: action, Old: withUnit(o, p.oldUnit), New: withUnit(n, p.newUnit), OldPointer: p.pointer(true), NewPointer: p.pointer(false)}, p)
	}
}

func (p path) last() string {
	if len(p.steps) == 0 {
		return ""
	}
	return p.steps[len(p.steps)-1].member
}

func (c *comparer) object(p path, o, n map[string]any) {
	if isCritical(o) || isCritical(n) {
		p.critical = true
	}
	for _, k := range keys(o, n) {
		ov, inOld := o[k]
		nv, inNew := n[k]
		q := p.with(step{member: k})
		q.oldUnit, q.newUnit = unitOf(o), unitOf(n)
		_, oBool := ov.(bool)
		_, nBool := nv.(bool)
		switch {
		case inOld && inNew:
			c.value(q, ov, nv)
		case oBool || nBool:
			// A flag left out is false, as the model reads it: turning
			// one on or off is a change, not an addition or a removal.
			if !inOld {
				ov = false
			} else {
				nv = false
			}
			c.value(q, ov, nv)
		case inNew:
			c.add(Change{Action: Added, New: withUnit(nv, q.newUnit), NewPointer: q.pointer(false)}, q)
		default:
			c.add(Change{Action: Removed, Old: withUnit(ov, q.oldUnit), OldPointer: q.pointer(true)}, q)
		}
	}
}

// list compares two lists of objects: by id when every item has one,
// else position by position.
func (c *comparer) list(p path, o, n []any) {
	member := p.last()
	idKey := identity(o, n)
	if idKey == "" {
		for i := 0; i < len(o) || i < len(n); i++ {
			q := p.with(step{member: fmt.Sprint(i)})
			switch {
			case i < len(o) && i < len(n):
				c.value(q, o[i], n[i])
			case i < len(n):
				c.add(Change{Action: Added, What: q.words(), New: Format(n[i]), NewPointer: q.pointer(false)}, q)
			default:
				c.add(Change{Action: Removed, What: q.words(), Old: Format(o[i]), OldPointer: q.pointer(true)}, q)
			}
		}
		return
	}
	oldAt, newAt := index(o, idKey), index(n, idKey)
	item := func(v any, id string, oi, ni int) step {
		return step{member: member, id: id, label: itemLabel(c.kind, member, idKey, v.(map[string]any)), oldIdx: oi, newIdx: ni}
	}
	// The steps of a process are described by stage: a change inside a
	// step carries the step's stage in each version that has it.
	processSteps := c.kind == "process" && len(p.steps) == 1 && member == "steps"
	stages := func(vs ...any) []string {
		if !processSteps {
			return p.stages
		}
		var out []string
		for _, v := range vs {
			if s := stageOf(v); !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		return out
	}
	for i, v := range o {
		id := idOf(v, idKey)
		if _, ok := newAt[id]; !ok {
			q := p.with(item(v, id, i, -1))
			q.critical = q.critical || isCritical(v.(map[string]any))
			q.stages = stages(v)
			c.add(Change{Action: Removed, What: q.words(), Old: Summary(v, idKey, labelKey(idKey, v.(map[string]any))), OldPointer: q.pointer(true)}, q)
		}
	}
	for i, v := range n {
		id := idOf(v, idKey)
		if _, ok := oldAt[id]; !ok {
			q := p.with(item(v, id, -1, i))
			q.critical = q.critical || isCritical(v.(map[string]any))
			q.stages = stages(v)
			c.add(Change{Action: Added, What: q.words(), New: Summary(v, idKey, labelKey(idKey, v.(map[string]any))), NewPointer: q.pointer(false)}, q)
		}
	}
	var oldOrder, newOrder []string
	for _, v := range o {
		if _, ok := newAt[idOf(v, idKey)]; ok {
			oldOrder = append(oldOrder, idOf(v, idKey))
		}
	}
	for _, v := range n {
		if _, ok := oldAt[idOf(v, idKey)]; ok {
			newOrder = append(newOrder, idOf(v, idKey))
		}
	}
	if strings.Join(oldOrder, "\x00") != strings.Join(newOrder, "\x00") {
		// The items that moved decide the sections: a critical parameter
		// moved changes the list of critical steps' controls too, and a
		// step moved changes the description of its stage.
		q := p
		var moved []any
		for i := range oldOrder {
			if oldOrder[i] != newOrder[i] {
				moved = append(moved, o[oldAt[oldOrder[i]]], n[newAt[oldOrder[i]]])
			}
		}
		for _, v := range moved {
			q.critical = q.critical || isCritical(v.(map[string]any))
		}
		q.stages = stages(moved...)
		within := p
		within.steps = p.steps[:len(p.steps)-1] // the list's own member is in "order of"
		c.add(Change{Action: Reordered, What: strings.TrimPrefix(within.words()+" › order of "+plural(noun(c.kind, member)), " › "),
			Old: strings.Join(oldOrder, ", "), New: strings.Join(newOrder, ", "), OldPointer: q.pointer(true), NewPointer: q.pointer(false)}, q.with(step{member: "order"}))
	}
	for i, v := range n {
		id := idOf(v, idKey)
		if oi, ok := oldAt[id]; ok {
			// Items are compared member by member, even those whose
			// members are all values: a step's name is its own change.
			q := p.with(item(v, id, oi, i))
			q.stages = stages(o[oi], v)
			c.object(q, o[oi].(map[string]any), v.(map[string]any))
		}
	}
}

// stageOf is a process step's stage, "drug_substance" when it names none
// (the schema's default).
func stageOf(v any) string {
	if m, ok := v.(map[string]any); ok {
		if s, ok := m["stage"].(string); ok && s != "" {
			return s
		}
	}
	return "drug_substance"
}

// idKeys are the members that identify an item of a list, in the order
// they are tried.
// A name comes last: materials, manufacturers and the drug product's
// components have no other identifier, and matching them by position would
// report one removed material as a change to every later one.
var idKeys = []string{"id", "lot", "number", "batch", "run", "test", "month", "step",
	"component", "marker", "symbol", "presentation", "version", "name"}

// identity is the member that identifies every item of both lists,
// uniquely within each, or "".
func identity(o, n []any) string {
	for _, k := range idKeys {
		if unique(o, k) && unique(n, k) {
			return k
		}
	}
	return ""
}

func unique(list []any, k string) bool {
	seen := map[string]bool{}
	for _, v := range list {
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		id, ok := m[k]
		if !ok || !isScalar(id) {
			return false
		}
		s := Format(id)
		if seen[s] {
			return false
		}
		seen[s] = true
	}
	return true
}

func index(list []any, k string) map[string]int {
	at := map[string]int{}
	for i, v := range list {
		at[idOf(v, k)] = i
	}
	return at
}

func idOf(v any, k string) string { return Format(v.(map[string]any)[k]) }

// isCritical says an item is critical: a CPP, a critical in-process
// control; such changes belong to the controls of critical steps too.
func isCritical(m map[string]any) bool {
	if c, ok := m["criticality"].(string); ok && (c == "CPP" || c == "critical") {
		return true
	}
	b, ok := m["critical"].(bool)
	return ok && b
}

func isScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return false
	}
	return true
}

func scalars(list []any) bool {
	for _, v := range list {
		if !isScalar(v) {
			return false
		}
	}
	return true
}

// valueLike says an object is one value (a range, a quantity, a
// criterion): every member is a scalar, and it is compared and printed
// whole.
func valueLike(m map[string]any) bool {
	for _, v := range m {
		if !isScalar(v) {
			return false
		}
	}
	return true
}

func keys(a, b map[string]any) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func equal(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}
