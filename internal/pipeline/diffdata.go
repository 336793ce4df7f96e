package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/model"
)

// meaning is one data file as the build reads it: decoded into the model
// (old member names read as their new ones, defaults filled in) and
// written back as JSON, so two files that say the same thing in different
// words compare equal. It remembers where each value came from in the
// file, so a change is still placed at the file's own line.
type meaning struct {
	src  []byte // the normalised JSON
	doc  *dataset.Document
	file string // the file's name in messages
	// renamed maps a member of the normalised data to the member of the
	// file that gave it (product_in → igg_in), pointer to pointer.
	renamed map[string]string
}

// dataMeaning decodes doc, a data file of the given kind that passed its
// schema, the way the build does and writes it back out. What the model
// reads as nothing is left out: a false, an empty text or list, a missing
// number, and a zero the file does not write — so writing a default out
// ("virus_reduction": false) or leaving it to the model is no change.
func dataMeaning(kind, file string, doc *dataset.Document) (*meaning, error) {
	var p model.Project
	if err := p.Decode(kind, doc.Src); err != nil {
		return nil, err
	}
	data, err := kindData(&p)
	if err != nil {
		return nil, fmt.Errorf("%s data: %w", kind, err)
	}
	b, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("%s data: %w", kind, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("%s data: %w", kind, err)
	}
	m := &meaning{doc: doc, file: file, renamed: map[string]string{}}
	// compared_tests the model made from old members follow those the
	// file gives, in the order of the aliases.
	appended := 0
	if list, ok := doc.At("/compared_tests"); ok {
		if l, ok := list.([]any); ok {
			appended = len(l)
		}
	}
	for _, a := range p.Aliases() {
		parent := a.Pointer[:strings.LastIndex(a.Pointer, "/")]
		if obj, ok := at(tree, parent).(map[string]any); ok {
			// The old member is read into the new one, or ignored when
			// the file gives both; either way it is not data of its own.
			delete(obj, a.Old)
		}
		if a.Conflict {
			continue
		}
		if a.Kind == model.KindComparator {
			m.renamed["/compared_tests/"+strconv.Itoa(appended)] = a.Pointer
			appended++
			continue
		}
		m.renamed[parent+"/"+dataset.EscapeToken(a.New)] = a.Pointer
	}
	tree, _ = m.prune("", tree)
	if m.src, err = json.Marshal(tree); err != nil {
		return nil, fmt.Errorf("%s data: %w", kind, err)
	}
	return m, nil
}

// kindData is the one part of a Project a single data file decodes into.
func kindData(p *model.Project) (any, error) {
	v := reflect.ValueOf(p).Elem()
	var found any
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if !v.Type().Field(i).IsExported() || f.Kind() != reflect.Pointer || f.IsNil() {
			continue
		}
		if found != nil {
			return nil, fmt.Errorf("a data file filled two parts of the project")
		}
		found = f.Interface()
	}
	if found == nil {
		return nil, fmt.Errorf("a data file filled no part of the project")
	}
	return found, nil
}

// at is the value at pointer in tree, nil when there is none.
func at(tree any, pointer string) any {
	tokens, ok := dataset.SplitPointer(pointer)
	if !ok {
		return nil
	}
	v := tree
	for _, t := range tokens {
		switch c := v.(type) {
		case map[string]any:
			v = c[t]
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			v = c[i]
		default:
			return nil
		}
	}
	return v
}

// prune drops what the model reads as nothing from the value at pointer,
// and says whether anything is left. Items of a list are kept whatever
// they hold: their places matter.
func (m *meaning) prune(pointer string, v any) (any, bool) {
	switch x := v.(type) {
	case nil:
		return nil, false
	case bool:
		return x, x
	case string:
		return x, x != ""
	case json.Number:
		if x.String() != "0" {
			return x, true
		}
		// A zero the file writes is data (month 0, no units
		// contaminated); one it leaves out is the model's default.
		_, written := m.doc.At(m.filePointer(pointer))
		return x, written
	case []any:
		for i := range x {
			x[i], _ = m.prune(pointer+"/"+strconv.Itoa(i), x[i])
		}
		return x, len(x) > 0
	case map[string]any:
		for k, e := range x {
			if e, keep := m.prune(pointer+"/"+dataset.EscapeToken(k), e); keep {
				x[k] = e
			} else {
				delete(x, k)
			}
		}
		return x, len(x) > 0
	}
	return v, true
}

// filePointer turns a pointer into the normalised data into one into the
// file: a member read from an old name is found under that name.
func (m *meaning) filePointer(pointer string) string {
	for p := pointer; p != ""; p = p[:strings.LastIndex(p, "/")] {
		if old, ok := m.renamed[p]; ok {
			return old + pointer[len(p):]
		}
	}
	return pointer
}

// place is where pointer (into the normalised data; "/" is the whole
// file, as package changes writes it) is in the file, "file:line:col"; a
// value the model filled in is placed at the nearest member the file
// does write.
func (m *meaning) place(pointer string) string {
	switch pointer {
	case "":
		return ""
	case "/":
		pointer = ""
	}
	line, col := m.doc.Locate(m.filePointer(pointer))
	if line == 0 {
		return m.file
	}
	return fmt.Sprintf("%s:%d:%d", m.file, line, col)
}
