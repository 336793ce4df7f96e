package trace

import "strings"

// placed is where an entry lies in its squeezed page.
type placed struct {
	page, from, to int
	whole          bool // found as one stretch, not wrapped word by word
}

// places finds again where Entries placed each entry: it runs the same
// search, from the previous entry's place, over the same pages.
func places(out []Entry, flat []string) []placed {
	at := make([]placed, len(out))
	page, off := 0, 0
	for i, e := range out {
		pg := e.Page - 1
		o := 0
		if pg == page {
			o = off
		}
		end, ok := find(flat[pg], o, e.Text)
		if !ok {
			at[i] = placed{page: pg, from: -1, to: -1}
			continue
		}
		needle := squeeze(e.Text)
		p := placed{page: pg, to: end}
		if end >= len(needle) && flat[pg][end-len(needle):end] == needle {
			p.from, p.whole = end-len(needle), true
		} else {
			p.from = -1 // the first word of a wrapped cell: its span is not one stretch
		}
		at[i] = p
		page, off = pg, end
	}
	return at
}

// headerLead is how much text a table's header row may hold before its
// first value ("Test Criterion"), white space removed.
const headerLead = 200

// repeatHeaders lists again the values of a table's header row that the
// typesetter repeats at the top of a page the table continues on. A page
// repeats a header row when it begins with exactly the text of a run of
// two or more entries printed by one template line on an earlier page,
// from the text before the run's first value (a column title, not empty)
// to the end of its last, and no entry of its own lies there; the
// repeated entries keep their sources.
func repeatHeaders(out []Entry, flat []string) []Entry {
	if len(out) == 0 {
		return out
	}
	at := places(out, flat)
	// runs of consecutive entries of one template line, each found whole
	// on one page
	type run struct{ first, last int }
	var runs []run
	for i := 0; i < len(out); {
		j := i
		for j+1 < len(out) && out[j+1].Template == out[i].Template && out[j+1].Line == out[i].Line && at[j+1].page == at[i].page {
			j++
		}
		whole := true
		for k := i; k <= j; k++ {
			whole = whole && at[k].whole
		}
		if whole && j > i {
			runs = append(runs, run{i, j})
		}
		i = j + 1
	}
	firstOn := make([]int, len(flat)) // squeezed offset of each page's first entry
	for i := range firstOn {
		firstOn[i] = -1
	}
	for _, p := range at {
		if p.from >= 0 && (firstOn[p.page] < 0 || p.from < firstOn[p.page]) {
			firstOn[p.page] = p.from
		}
	}
	addedAt := map[int][]Entry{}
	for pg := 1; pg < len(flat); pg++ {
		page := flat[pg]
		for r := len(runs) - 1; r >= 0; r-- {
			a, b := at[runs[r].first], at[runs[r].last]
			if a.page >= pg {
				continue
			}
			src := flat[a.page]
			body := src[a.from:b.to]
			lead := strings.Index(page, body)
			if lead <= 0 || lead > headerLead || lead > a.from || src[a.from-lead:a.from] != page[:lead] {
				continue
			}
			if f := firstOn[pg]; f >= 0 && f < lead+len(body) {
				continue // the page's own values stand there
			}
			for k := runs[r].first; k <= runs[r].last; k++ {
				e := out[k]
				e.Page = pg + 1
				addedAt[pg] = append(addedAt[pg], e)
			}
			break
		}
	}
	if len(addedAt) == 0 {
		return out
	}
	// each page's repeated header before the page's own entries, the
	// pages in order
	var merged []Entry
	next := 1
	flush := func(upto int) {
		for ; next <= upto && next < len(flat); next++ {
			merged = append(merged, addedAt[next]...)
		}
	}
	for _, e := range out {
		flush(e.Page - 1)
		merged = append(merged, e)
	}
	flush(len(flat) - 1)
	return merged
}
