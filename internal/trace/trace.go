// Package trace ties the values a document prints to the data they came
// from: it indexes where each datum of the model lives in its data file
// (file and JSON pointer), resolves the values a template printed
// (mdtemplate.RenderTrace) against that index, and finds the page each
// printed value appears on. An entry is written only when its source
// resolves to a value in the data file equal to the one the model holds
// and its text is found on the page, so every entry it writes is true.
package trace

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/mdtemplate"
	"github.com/regdoc/regdoc/internal/model"
)

// Source is where a printed value came from: a data file and the JSON
// pointer of the value in it, or, for a figure the model computes, the
// formula and the data it is computed from.
type Source struct {
	File    string   `json:"file,omitempty"`
	Pointer string   `json:"pointer,omitempty"`
	Formula string   `json:"formula,omitempty"`
	Inputs  []Source `json:"inputs,omitempty"`
}

// Entry is one number a document prints.
type Entry struct {
	// Text is the value as printed.
	Text string `json:"text"`
	// Page is the 1-based page it is printed on.
	Page int `json:"page"`
	// Sources are the data it was printed from.
	Sources []Source `json:"sources"`
	// Template and Line are the action that printed it.
	Template string `json:"template"`
	Line     int    `json:"line"`
}

// key identifies a datum in memory: its address and type (a struct and
// its first field share an address).
type key struct {
	addr uintptr
	typ  reflect.Type
}

// Index maps data held in a model to their place in the data files.
type Index struct {
	at   map[key]Source
	docs map[string]*dataset.Document // by file
	// process is the model's process, for figures computed across its
	// steps (a cumulative yield); the others likewise for the figures
	// computed over them.
	process    *model.Process
	batches    *model.Batches
	spec       *model.Specification
	stability  *model.Stability
	viral      *model.ViralClearance
	comparator *model.Comparator
	// justification names the clinical lots 3.2.S.4.5 summarises.
	justification *model.Justification
	// development names the lots before and after each process change.
	development *model.Development
	// drugProduct holds the drug product's lots and specification.
	drugProduct *model.DrugProduct
	// claims are the claims a claim chart reads.
	claims *model.Claims
}

// NewIndex indexes the model's data: roots maps each data file (as
// decoded into the model, a pointer to a struct whose fields carry json
// tags) to its parsed document. Every struct field, list item and map
// entry reachable from a root is indexed with the JSON pointer its json
// tags give; Resolve later checks the pointer against the document.
func NewIndex(roots map[*dataset.Document]any) *Index {
	ix := &Index{at: map[key]Source{}, docs: map[string]*dataset.Document{}}
	for doc, root := range roots {
		ix.docs[doc.File] = doc
		switch r := root.(type) {
		case *model.Process:
			ix.process = r
		case *model.Batches:
			ix.batches = r
		case *model.Specification:
			ix.spec = r
		case *model.Stability:
			ix.stability = r
		case *model.ViralClearance:
			ix.viral = r
		case *model.Comparator:
			ix.comparator = r
		case *model.Justification:
			ix.justification = r
		case *model.Development:
			ix.development = r
		case *model.DrugProduct:
			ix.drugProduct = r
		case *model.Claims:
			ix.claims = r
		}
		v := reflect.ValueOf(root)
		if v.Kind() == reflect.Pointer && !v.IsNil() {
			ix.walk(doc.File, v.Elem(), "", 0)
		}
	}
	return ix
}

func (ix *Index) walk(file string, v reflect.Value, ptr string, depth int) {
	if depth > 64 || !v.IsValid() {
		return
	}
	if v.CanAddr() {
		k := key{v.Addr().Pointer(), v.Type()}
		if _, seen := ix.at[k]; !seen {
			ix.at[k] = Source{File: file, Pointer: ptr}
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			ix.walk(file, v.Elem(), ptr, depth+1)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct {
				// an embedded struct's members are the data file's members
				// of the struct that embeds it, as encoding/json reads them
				ix.walk(file, v.Field(i), ptr, depth+1)
				continue
			}
			if name == "-" || name == "" {
				continue // not a member of the data file
			}
			ix.walk(file, v.Field(i), ptr+"/"+escape(name), depth+1)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			ix.walk(file, v.Index(i), ptr+"/"+strconv.Itoa(i), depth+1)
		}
	}
}

func escape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// Resolve finds where v (a value a template action named) lives in the
// data files, and checks that the data file holds there the value the
// model holds. ok is false for anything else: a computed value, a copy,
// a datum the model changed on decoding (an alias, a default).
func (ix *Index) Resolve(v reflect.Value) (Source, bool) {
	if !v.IsValid() {
		return Source{}, false
	}
	var k key
	switch {
	case v.CanAddr():
		k = key{v.Addr().Pointer(), v.Type()}
	case v.Kind() == reflect.Pointer && !v.IsNil():
		k = key{v.Pointer(), v.Type().Elem()}
		v = v.Elem()
	default:
		return Source{}, false
	}
	src, ok := ix.at[k]
	if !ok {
		return Source{}, false
	}
	doc := ix.docs[src.File]
	data, ok := doc.At(src.Pointer)
	if !ok || !same(v, data) {
		return Source{}, false
	}
	return src, true
}

// same says the model value v is the data value d: v written as JSON and
// read back equals d, members v writes as their zero value counting as
// absent.
func same(v reflect.Value, d any) bool {
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m any
	if err := dec.Decode(&m); err != nil {
		return false
	}
	return equal(m, d)
}

func equal(m, d any) bool {
	switch x := m.(type) {
	case map[string]any:
		y, ok := d.(map[string]any)
		if !ok {
			return false
		}
		for k, mv := range x {
			dv, in := y[k]
			if !in {
				if !zero(mv) {
					return false
				}
				continue
			}
			if !equal(mv, dv) {
				return false
			}
		}
		for k := range y {
			if _, in := x[k]; !in && k != "$schema" {
				return false
			}
		}
		return true
	case []any:
		y, ok := d.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		return number(d) == x.String()
	case nil:
		return d == nil
	}
	return reflect.DeepEqual(m, d)
}

// number is d's text when d is a number of the data (kept as written).
func number(d any) string {
	switch n := d.(type) {
	case json.Number:
		return n.String()
	case interface{ String() string }:
		return n.String()
	case float64:
		if n == math.Trunc(n) {
			return strconv.FormatFloat(n, 'f', -1, 64)
		}
		return strconv.FormatFloat(n, 'g', -1, 64)
	}
	return ""
}

func zero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case json.Number:
		f, err := x.Float64()
		return err == nil && f == 0
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// Entries resolves the values a template printed and places each on its
// page. Only values that carry a digit (numbers, and text such as lot
// numbers that hold one) are listed; a value is left out when any of its
// sources neither resolves to the data nor is a figure this package can
// explain (see explainers), or its text is not found after the previous
// entry's place on that entry's page (or from the line before it, for
// the wrapped rest of a table cell) or on the next page, whole or,
// wrapped in a table cell, word by word (see find). A value found on a later line
// than the previous entry's leaves the lines it passed over to be
// searched first by the values after it: in a table row whose cell
// wraps, the rest of the cell stands below the row's first line, on
// which the cells to its right were drawn. A table's header row drawn
// again at the top of the next page is listed there again (see
// repeatedHeaders). pages are the pages'
// texts in drawing order with the running header and footer removed.
func (ix *Index) Entries(template string, printed []mdtemplate.Traced, pages []string) []Entry {
	flat := make([]string, len(pages))
	lines := make([][]int, len(pages))
	joined := make([][]bool, len(pages))
	for i, p := range pages {
		flat[i] = squeeze(p)
		lines[i] = lineStarts(p)
		joined[i] = joins(p)
	}
	page, off := 0, 0
	// passed is the stretch of the current page, from and to, that the
	// last value found on a later line passed over; -1 for none.
	passedFrom, passedTo := -1, -1
	var out []Entry
	var onLine []int // the line of its page each entry was found on
	// place finds text on the pages after the previous entry and lists
	// it with its sources.
	place := func(text string, srcs []Source, line int) {
		needle := squeeze(text)
		if needle == "" {
			return
		}
		// A value is looked for on the current page and the next one
		// only: the document prints in the template's order, so a value
		// not found there (broken across lines by a hyphen, drawn inside
		// a figure) is left out rather than matched to a later, other
		// occurrence that would skip every value in between.
		// Rich text prints 10^4^ as 10 with a raised 4: the page's text
		// reads "104", and so does the entry. Plain text prints the
		// caret as it is.
		texts := []string{text}
		if strings.ContainsAny(text, "^~") {
			texts = append(texts, strings.NewReplacer("^", "", "~", "").Replace(text))
		}
		if passedFrom >= 0 && passedFrom < passedTo {
			found := false
			for _, text := range texts {
				if end, ok := findIn(flat[page], joined[page], passedFrom, passedTo, text); ok {
					passedFrom, found = end, true
					out = append(out, Entry{Text: text, Page: page + 1, Sources: srcs, Template: template, Line: line})
					onLine = append(onLine, lineOf(lines[page], end-1))
					break
				}
			}
			if found {
				return
			}
		}
		// The value is looked for after the previous entry's place on
		// its page, then on the next page, then on its page from the
		// start of the line before the previous entry's: the page text
		// gives a table row line by line, so the wrapped rest of a cell
		// (a step span closing a long label) is read after the first
		// line of the cells that follow it. The next page comes first so
		// that a value repeated there (a lot of a table continued) is not
		// taken for an earlier copy; the page's last line has no line
		// after it to be read before.
		type attempt struct{ page, from int }
		attempts := []attempt{{page, off}}
		if page+1 < len(flat) {
			attempts = append(attempts, attempt{page + 1, 0})
		}
		if off > 0 && off < lines[page][len(lines[page])-1] {
			attempts = append(attempts, attempt{page, lineBefore(lines[page], off)})
		}
		found := false
	search:
		for _, a := range attempts {
			for _, text := range texts {
				if end, ok := findIn(flat[a.page], joined[a.page], a.from, len(flat[a.page]), text); ok {
					at := lineOf(lines[a.page], end-1)
					switch {
					case a.page != page:
						passedFrom, passedTo = -1, -1
					case at > lineOf(lines[a.page], off):
						passedFrom, passedTo = off, lines[a.page][at]
					}
					page, off = a.page, end
					out = append(out, Entry{Text: text, Page: a.page + 1, Sources: srcs, Template: template, Line: line})
					onLine = append(onLine, at)
					found = true
					break search
				}
			}
		}
		if !found {
			// Not found on this page or the next: a long text that
			// stands on one later page only is the value printed there
			// (a test's name under its figure, after figures whose
			// names have no digit).
			if pg, end, ok := farther(flat, page+2, text); ok {
				page, off = pg, end
				passedFrom, passedTo = -1, -1
				out = append(out, Entry{Text: text, Page: pg + 1, Sources: srcs, Template: template, Line: line})
				onLine = append(onLine, lineOf(lines[pg], end-1))
			}
		}
	}
	for _, p := range printed {
		if labels, ok := ix.figureLabels(p); ok {
			for _, l := range labels {
				place(l.text, l.sources, p.Pos.Line)
			}
			continue
		}
		if p.Computed || len(p.Sources) == 0 || !strings.ContainsFunc(p.Text, unicode.IsDigit) {
			continue
		}
		var srcs []Source
		ok := true
		for i, v := range p.Sources {
			s, found := ix.count(v, p.Text)
			if !found {
				s, found = ix.Resolve(v)
			}
			switch {
			case found || i >= len(p.Receivers):
			case i < len(p.Args) && p.Args[i] != nil:
				// a method called with arguments
				s, found = ix.explain(v, p.Receivers[i], p.Members[i], p.Args[i]...)
			default:
				s, found = ix.countOf(v, p.Receivers[i], p.Members[i], p.Text)
				if !found {
					s, found = ix.explain(v, p.Receivers[i], p.Members[i])
				}
			}
			if !found {
				ok = false
				break
			}
			srcs = append(srcs, s)
		}
		if ok {
			place(p.Text, srcs, p.Pos.Line)
		}
	}
	return repeatedHeaders(out, onLine, flat, lines)
}

// repeatedHeaders lists again, on a page that starts with lines
// repeating lines of the page before that hold entries, those entries:
// a table that runs on to the next page has its header row drawn again
// above the rest, the same values from the same data. At least two lines
// must repeat (a header row is drawn a cell a line), so a value that
// merely happens to start the page is not taken for a header. out are
// the entries in page order, onLine the line of its page each was found
// on.
func repeatedHeaders(out []Entry, onLine []int, flat []string, lines [][]int) []Entry {
	text := func(pg, line int) string {
		end := len(flat[pg])
		if line+1 < len(lines[pg]) {
			end = lines[pg][line+1]
		}
		return flat[pg][lines[pg][line]:end]
	}
	var res []Entry
	var resLine []int
	i := 0
	for pg := range flat {
		if pg > 0 {
			// the longest run of the previous page's lines this page
			// starts with
			from, n := 0, 0
			for j := range lines[pg-1] {
				k := 0
				for j+k < len(lines[pg-1]) && k < len(lines[pg]) && text(pg-1, j+k) != "" && text(pg-1, j+k) == text(pg, k) {
					k++
				}
				if k > n {
					from, n = j, k
				}
			}
			// The body of the table on this page is printed by the
			// template action of its first entry here: an entry of that
			// action in the repeated lines is a row that happens to
			// repeat (a claim's number under a one-line header), not
			// part of the header.
			body := -1
			if i < len(out) && out[i].Page == pg+1 {
				body = out[i].Line
			}
			if n >= 2 {
				for k := range res {
					if res[k].Page == pg && resLine[k] >= from && resLine[k] < from+n && res[k].Line != body {
						e := res[k]
						e.Page = pg + 1
						res, resLine = append(res, e), append(resLine, resLine[k]-from)
					}
				}
			}
		}
		for ; i < len(out) && out[i].Page == pg+1; i++ {
			res, resLine = append(res, out[i]), append(resLine, onLine[i])
		}
	}
	return res
}

// farLen is how long, white space removed, a value must be to be looked
// for beyond the next page (see farther).
const farLen = 12

// farther finds a long value on the pages from page from on, when it
// stands, whole, on exactly one of them: a value that recurs could be
// another print of the same text, and a short one recurs by chance. It
// returns the page and where the next value may start.
func farther(flat []string, from int, text string) (page, next int, ok bool) {
	needle := squeeze(text)
	if utf8.RuneCountInString(needle) < farLen {
		return 0, 0, false
	}
	page = -1
	for pg := from; pg < len(flat); pg++ {
		if i := strings.Index(flat[pg], needle); i >= 0 {
			if page >= 0 {
				return 0, 0, false
			}
			page, next = pg, i+len(needle)
		}
	}
	return page, next, page >= 0
}

// wrapGap is how far apart, white space removed, the words of a value
// wrapped inside a table cell may be: the page text gives a table row
// line by line, so the rest of a wrapped cell follows the other cells'
// first lines.
const wrapGap = 400

// find looks for text in the squeezed page from byte offset from: the
// text whole, or else its words in order, each within wrapGap of the
// previous (a value wrapped in a table cell). It returns where the next
// value may start: after the whole text, or after its first word, as the
// row's other cells come before the wrapped rest.
func find(page string, from int, text string) (next int, ok bool) {
	return findIn(page, nil, from, len(page), text)
}

// findIn is find on a page whose joins (see joins) are known: a value
// that starts or ends with a digit is not found inside a longer number
// (the 1 of "¶ 0013", the 3 of "0.37"), only where white space or other
// characters set it apart, and not as the number of a table or figure.
// The value must start before the offset
// startBefore; it may end after it (the wrapped rest of a table cell).
func findIn(page string, joined []bool, from, startBefore int, text string) (next int, ok bool) {
	needle := squeeze(text)
	// inNumber says the squeezed page at byte offset at continues a
	// number across at: a digit on both sides (or a decimal point and a
	// digit before), with no white space between them on the page.
	inNumber := func(at int) bool {
		if joined == nil || at <= 0 || at >= len(page) || !joined[at] {
			return false
		}
		before, after := page[at-1], page[at]
		switch {
		case isDigit(before) && isDigit(after):
			return true
		case isDigit(after) && (before == '.' || before == ','):
			return at >= 2 && joined[at-1] && isDigit(page[at-2]) // "0.|37"
		case isDigit(before) && (after == '.' || after == ','):
			return at+1 < len(page) && joined[at+1] && isDigit(page[at+1]) // "1|.0"
		}
		return false
	}
	// caption says the value would start with the number of a table or
	// figure ("Table 3."), which is the document's numbering, never a
	// value printed from the data.
	caption := func(a int) bool {
		if a >= len(page) || !isDigit(page[a]) {
			return false
		}
		for _, w := range []string{"Table", "Figure", "FIG.", "FIGS."} {
			if strings.HasSuffix(page[:a], w) {
				return true
			}
		}
		return false
	}
	apart := func(a, b int) bool { return !inNumber(a) && !inNumber(b) && !caption(a) }
	whole := -1
	for start := from; start <= len(page); {
		i := strings.Index(page[start:], needle)
		if i < 0 || start+i >= startBefore {
			break
		}
		if apart(start+i, start+i+len(needle)) {
			whole = start + i - from
			break
		}
		start += i + 1
	}
	words := strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '\u202f' || r == '\u2009' })
	if len(words) > 1 {
		// The wrapped words, when they start before the whole text does
		// (the same figure may be printed again, whole, further on).
		limit := min(len(page), startBefore)
		if whole >= 0 {
			limit = from + whole
		}
		for start := from; start < limit; {
			i := strings.Index(page[start:limit], words[0])
			if i < 0 {
				break
			}
			first := start + i + len(words[0])
			at, all := first, !inNumber(start+i) && !caption(start+i)
			for _, w := range words[1:] {
				j := strings.Index(page[at:], w)
				if !all || j < 0 || j > wrapGap {
					all = false
					break
				}
				at += j + len(w)
			}
			if all && !inNumber(at) {
				return first, true
			}
			start = first
		}
	}
	if whole >= 0 {
		return from + whole + len(needle), true
	}
	return 0, false
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// joins says, for each byte of the squeezed page, whether it stood right
// after the byte before it on the page, with no white space between.
func joins(page string) []bool {
	var out []bool
	space := false
	for _, r := range page {
		if unicode.IsSpace(r) || r == '\u202f' || r == '\u2009' {
			space = true
			continue
		}
		n := utf8.RuneLen(r)
		for k := 0; k < n; k++ {
			out = append(out, k > 0 || !space)
		}
		space = false
	}
	return out
}

// lineStarts are the offsets in the squeezed page at which the page's
// lines that hold more than white space start.
func lineStarts(page string) []int {
	out := []int{0}
	at, kept := 0, false // kept: the line so far holds more than white space
	for _, r := range page {
		switch {
		case r == '\n':
			kept = false
		case unicode.IsSpace(r) || r == '\u202f' || r == '\u2009':
		default:
			if !kept && at > 0 {
				out = append(out, at)
			}
			kept = true
			at += utf8.RuneLen(r)
		}
	}
	return out
}

// lineBefore is where the line before the one holding the byte before
// off starts (the page's start for its first two lines).
func lineBefore(starts []int, off int) int {
	i := sort.SearchInts(starts, off) - 1 // the line holding off-1
	for i > 0 && starts[i] >= off {
		i--
	}
	if i < 1 {
		return 0
	}
	return starts[i-1]
}

// lineOf is the line of the squeezed page at offset at.
func lineOf(starts []int, at int) int {
	return sort.Search(len(starts), func(i int) bool { return starts[i] > at }) - 1
}

// squeeze drops white space, so text matches across line breaks and
// no-break spaces.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u202f' || r == '\u2009' {
			return -1
		}
		return r
	}, s)
}
