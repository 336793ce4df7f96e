package diag

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The words problems are written with live here, beside the problems, so
// every message says "did you mean" and counts things the same way: the
// CLI's unknown commands and flags as much as the schema's unknown
// properties.

// Closest returns the candidate nearest to name when it is near enough to
// be a typo: an edit distance (in runes, a swap of neighbours counting as
// one edit, case ignored) of at most a third of the name's length, at
// least one and at most three. A case-only difference is the strongest
// hint; ties go to the candidate first in sorted order, so messages are
// the same on every run. Failing that, it returns the one candidate that
// name abbreviates ("prep" for "preparation"), when there is exactly one.
func Closest(name string, candidates []string) (string, bool) {
	best, bestD := "", -1
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		if bestD < 0 || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD < 0 {
		return "", false
	}
	if bestD <= max(1, min(utf8.RuneCountInString(name)/3, 3)) {
		return best, true
	}
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

// editDistance is the Levenshtein distance between a and b counted in
// runes, with a transposition of neighbours counting as one edit (the
// optimal string alignment distance): "stpes" is one edit from "steps".
func editDistance(a, b string) int {
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

// Plural writes a count with its noun: "1 file", "3 files", "2 properties".
// The count may be a number or a number kept as written (a schema bound
// such as "3").
func Plural[N ~int | ~int64 | ~string](n N, noun string) string {
	count := fmt.Sprint(n)
	if count == "1" {
		return count + " " + noun
	}
	return count + " " + Nouns(noun)
}

// Noun is noun for one thing and its plural for any other count, for
// sentences that name the things instead of counting them ("both include
// steps P2, P3").
func Noun(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return Nouns(noun)
}

// Nouns is the plural of an English noun: "file" → "files", "property" →
// "properties", "key" → "keys".
func Nouns(noun string) string {
	if len(noun) >= 2 && strings.HasSuffix(noun, "y") && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])) {
		return noun[:len(noun)-1] + "ies"
	}
	return noun + "s"
}
