package schema

import (
	"strings"
	"unicode/utf8"
)

// closest returns the candidate nearest to name by edit distance when it is
// near enough to be a typo (a third of the name's length, at least one edit,
// at most three), preferring a case-only difference; ties go to the first
// candidate in sorted order so messages are deterministic. Failing that, it
// returns the only candidate that name abbreviates.
func closest(name string, candidates []string) (string, bool) {
	best, bestD := "", -1
	for _, c := range candidates {
		if c == name {
			continue
		}
		// A distance of 0 between the lower-cased names means only case
		// differs: the strongest hint there is.
		d := distance(strings.ToLower(name), strings.ToLower(c))
		if bestD < 0 || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD < 0 {
		return "", false
	}
	limit := max(1, min(utf8.RuneCountInString(name)/3, 3))
	if bestD <= limit {
		return best, true
	}
	// An abbreviation ("prep" for "preparation") is a typo edit distance
	// misses; suggest the one candidate it starts, if there is exactly one.
	if utf8.RuneCountInString(name) >= 3 {
		var match []string
		for _, c := range candidates {
			if c != name && strings.HasPrefix(strings.ToLower(c), strings.ToLower(name)) {
				match = append(match, c)
			}
		}
		if len(match) == 1 {
			return match[0], true
		}
	}
	return "", false
}

// distance is the Levenshtein distance between a and b, counted in runes,
// with a transposition of neighbours counting as one edit (a common typo).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
