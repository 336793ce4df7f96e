package trace

import (
	"reflect"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/mdtemplate"
)

// TestRepeatedHeaderIsListedOnItsPage: a table whose header row (the lot
// numbers) the typesetter repeats at the top of the next page has its
// header's entries listed again there, with the same sources; a page
// that begins otherwise gets none.
func TestRepeatedHeaderIsListedOnItsPage(t *testing.T) {
	ix, b := batchesIndex(t)
	printed := func() []mdtemplate.Traced {
		var out []mdtemplate.Traced
		for i := range b.Lots {
			out = append(out, mdtemplate.Traced{Text: b.Lots[i].Lot, Sources: []reflect.Value{field(&b.Lots[i].Lot)}, Pos: diag.Position{Line: 5}})
		}
		for i := range b.Lots {
			out = append(out, mdtemplate.Traced{Text: b.Lots[i].Results[0].Value.String(), Sources: []reflect.Value{reflect.ValueOf(b.Lots[i].Results[0].Value).Elem()}, Pos: diag.Position{Line: 6 + i}})
		}
		return out
	}
	list := func(pages ...string) string {
		var got []string
		for _, e := range ix.Entries("t.md", printed(), pages) {
			got = append(got, e.Text+"@"+string(rune('0'+e.Page))+":"+e.Sources[0].Pointer)
		}
		return strings.Join(got, " ")
	}
	page1 := "Table 1. Protein\nTest L1 L2 L3\nProtein 101.2\nProtein 99.8"
	want := "L1@1:/lots/0/lot L2@1:/lots/1/lot L3@1:/lots/2/lot 101.2@1:/lots/0/results/0/value 99.8@1:/lots/1/results/0/value " +
		"L1@2:/lots/0/lot L2@2:/lots/1/lot L3@2:/lots/2/lot 100.5@2:/lots/2/results/0/value"
	if got := list(page1, "Test L1 L2 L3\nProtein 100.5"); got != want {
		t.Errorf("repeated header:\n got %s\nwant %s", got, want)
	}
	only := "L1@1:/lots/0/lot L2@1:/lots/1/lot L3@1:/lots/2/lot 101.2@1:/lots/0/results/0/value 99.8@1:/lots/1/results/0/value 100.5@2:/lots/2/results/0/value"
	for _, page2 := range []string{
		"Test L1 L3 L2\nProtein 100.5",  // not the header's text
		"Lots L1 L2 L3\nProtein 100.5",  // not what stood before it
		"L1 L2 L3\nProtein 100.5",       // no column title before the values
		"Protein 100.5\nTest L1 L2 L3.", // not at the top of the page
	} {
		if got := list(page1, page2); got != only {
			t.Errorf("page 2 %q:\n got %s\nwant %s", page2, got, only)
		}
	}
}
