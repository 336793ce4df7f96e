package claimsupport

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A statement is one numeric assertion the text makes: a range ("from 4.0
// to 4.3"), a one-sided limit ("at least 70 %") or a bare value ("75.0 %",
// reached in an example). Only the first two state a claimable endpoint.
type statement struct {
	kind      statementKind
	low, high float64 // the bounds the statement states; NaN-free only where set
	hasLow    bool
	hasHigh   bool
	unit      string // as written after the (last) number, "" when none
	text      string // the words of the statement as printed
}

type statementKind int

const (
	rangeStatement statementKind = iota // "from A to B", "A–B", "between A and B"
	limitStatement                      // "at least A", "not more than A", "≥ A"
	valueStatement                      // a bare value
)

// number matches a decimal number as typeset: "4.0", "75", "0.20". A
// number glued to a letter or another number ("P1", "1A", "10^4") is an
// identifier, not a quantity, and is skipped by the scanner.
var number = regexp.MustCompile(`−?\d+(?:\.\d+)?`)

var (
	lowerWords = []string{"at least", "not less than", "no less than", "a minimum of", "minimum of", "≥", ">="}
	upperWords = []string{"at most", "not more than", "no more than", "up to", "a maximum of", "maximum of", "≤", "<="}
)

// statements finds every numeric statement in a clause, left to right.
func statements(clause string) []statement {
	locs := number.FindAllStringIndex(clause, -1)
	var out []statement
	for i := 0; i < len(locs); i++ {
		a, b := locs[i][0], locs[i][1]
		if glued(clause, a, b) {
			continue
		}
		x := parseFloat(clause[a:b])
		before := strings.ToLower(clause[:a])
		// A range: A [unit] to|–|and B [unit].
		if i+1 < len(locs) && !glued(clause, locs[i+1][0], locs[i+1][1]) {
			unitA, afterA := unitAt(clause, b)
			if afterA > locs[i+1][0] {
				unitA, afterA = "", b
			}
			gap := clause[afterA:locs[i+1][0]]
			if joiner(gap, before) {
				c, d := locs[i+1][0], locs[i+1][1]
				y := parseFloat(clause[c:d])
				unitB, end := unitAt(clause, d)
				if unitB == "" {
					unitB = unitA
				}
				if y >= x {
					start := a
					if w := precedingWord(before, "from", "between"); w != "" {
						start = a - len(w) - 1
					}
					out = append(out, statement{kind: rangeStatement, low: x, high: y, hasLow: true, hasHigh: true, unit: unitB, text: strings.TrimSpace(clause[start:end])})
					i++
					continue
				}
			}
		}
		unit, end := unitAt(clause, b)
		after := strings.ToLower(clause[end:])
		switch {
		case endsWithAny(before, lowerWords) != "":
			w := endsWithAny(before, lowerWords)
			out = append(out, statement{kind: limitStatement, low: x, hasLow: true, unit: unit, text: strings.TrimSpace(clause[a-len(w) : end])})
		case endsWithAny(before, upperWords) != "":
			w := endsWithAny(before, upperWords)
			out = append(out, statement{kind: limitStatement, high: x, hasHigh: true, unit: unit, text: strings.TrimSpace(clause[a-len(w) : end])})
		case hasAnyPrefix(after, " or more", " or greater", " or higher", " or above"):
			out = append(out, statement{kind: limitStatement, low: x, hasLow: true, unit: unit, text: strings.TrimSpace(clause[a:end]) + " or more"})
		case hasAnyPrefix(after, " or less", " or lower", " or below"):
			out = append(out, statement{kind: limitStatement, high: x, hasHigh: true, unit: unit, text: strings.TrimSpace(clause[a:end]) + " or less"})
		default:
			out = append(out, statement{kind: valueStatement, low: x, high: x, hasLow: true, hasHigh: true, unit: unit, text: strings.TrimSpace(clause[a:end])})
		}
	}
	return out
}

// joiner reports whether gap (the text between two numbers, after the
// first one's unit) joins them into a range: " to ", a dash, or " and "
// after "between" — so "pH 5.1 and 20 mM" stays two values.
func joiner(gap, before string) bool {
	g := strings.ToLower(gap)
	switch strings.TrimSpace(g) {
	case "to":
		return strings.HasPrefix(g, " ") && strings.HasSuffix(g, " ")
	case "and":
		return precedingWord(before, "between") != ""
	case "–", "—":
		return true
	case "-":
		return g == "-"
	}
	return false
}

// glued reports whether the number at clause[a:b] touches a letter or
// another digit group: "P1", "FIG. 1A", "CH50", "10^4".
func glued(clause string, a, b int) bool {
	if a > 0 {
		r, _ := utf8.DecodeLastRuneInString(clause[:a])
		if unicode.IsLetter(r) || r == '^' || r == '.' || r == '/' {
			return true
		}
		if r == '-' && a > 1 {
			// "Ph. Eur. 2.2.3", "P9-ph": a hyphen after a letter or digit
			// makes the number part of a name; after a space it is a minus
			// or a dash and the number stands alone.
			p, _ := utf8.DecodeLastRuneInString(clause[:a-1])
			if unicode.IsLetter(p) || unicode.IsDigit(p) {
				return true
			}
		}
	}
	if b < len(clause) {
		r, _ := utf8.DecodeRuneInString(clause[b:])
		if unicode.IsLetter(r) && !startsUnit(clause[b:]) {
			return true
		}
		if r == '^' {
			return true
		}
	}
	return false
}

// startsUnit reports whether a number's letters are its unit written
// without a space ("25mM", "20nm") rather than part of an identifier.
func startsUnit(s string) bool {
	for _, u := range []string{"mM", "nm", "µm", "mL", "mg", "g/L", "min", "h ", "d "} {
		if strings.HasPrefix(s, u) {
			return true
		}
	}
	return false
}

// unitAt reads the unit written after a number ending at b: "%", "% v/v",
// "µg/mL", "°C", "mM". It returns "" when a word, a number or the end of
// the clause follows, and the offset just past what it read.
func unitAt(clause string, b int) (string, int) {
	s := clause[b:]
	trimmed := strings.TrimLeft(s, " \u00a0\u202f")
	skip := len(s) - len(trimmed)
	end := strings.IndexFunc(trimmed, func(r rune) bool {
		return unicode.IsSpace(r) || r == ';' || r == ',' || r == ')' || r == '(' || r == ':' || r == '–' || r == '—'
	})
	if end < 0 {
		end = len(trimmed)
	}
	tok := strings.TrimRight(trimmed[:end], ".")
	if first, _ := utf8.DecodeRuneInString(tok); tok == "" || unicode.IsDigit(first) || first == '-' || first == '−' || isWord(tok) {
		return "", b
	}
	next := b + skip + len(tok)
	if tok == "%" {
		rest := strings.TrimLeft(clause[next:], " \u00a0\u202f")
		for _, q := range []string{"v/v", "w/v", "w/w"} {
			if strings.HasPrefix(rest, q) {
				return "% " + q, len(clause) - len(rest) + len(q)
			}
		}
	}
	return tok, next
}

// isWord reports whether a token after a number is an English word, not a
// unit: "steps", "and", "to", "days" (a unit the claims write as "d"
// would have to be written so in the text to count).
func isWord(tok string) bool {
	if utf8.RuneCountInString(tok) <= 3 {
		switch strings.ToLower(tok) {
		case "to", "and", "or", "of", "in", "at", "for", "the", "a", "an", "is", "are", "was", "by", "on", "as":
			return true
		}
		return false
	}
	for _, r := range tok {
		if !unicode.IsLower(r) && r != '-' {
			return false
		}
	}
	// An all-lower-case word of four letters or more ("steps", "batches",
	// "volumes") reads as a word; units of that length are written with
	// symbols or capitals ("µg/mL", "CH50/mg").
	return true
}

func parseFloat(s string) float64 {
	f, _ := strconv.ParseFloat(strings.Replace(s, "−", "-", 1), 64)
	return f
}

// endsWithAny returns the phrase of words that before ends with (ignoring
// spaces), or "".
func endsWithAny(before string, words []string) string {
	t := strings.TrimRight(before, " \u00a0\u202f")
	for _, w := range words {
		if strings.HasSuffix(t, w) {
			start := len(t) - len(w)
			if start > 0 {
				r, _ := utf8.DecodeLastRuneInString(t[:start])
				if unicode.IsLetter(r) {
					continue
				}
			}
			return before[start:]
		}
	}
	return ""
}

// precedingWord returns the one of words that before ends with, or "".
func precedingWord(before string, words ...string) string {
	t := strings.TrimRight(before, " ")
	for _, w := range words {
		if strings.HasSuffix(t, w) {
			start := len(t) - len(w)
			if start == 0 || !unicode.IsLetter(rune(t[start-1])) {
				return w
			}
		}
	}
	return ""
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// sameUnit reports whether a unit written in the text is the claimed one.
// A claim's dimensionless "1" (a pH) matches a number written without a
// unit.
func sameUnit(claimed, written string) bool {
	claimed = strings.TrimSpace(claimed)
	if claimed == "1" || claimed == "" {
		return written == ""
	}
	return normaliseUnit(claimed) == normaliseUnit(written)
}

func normaliseUnit(u string) string {
	u = strings.ReplaceAll(u, "μ", "µ") // Greek mu and micro sign
	return strings.Join(strings.Fields(u), " ")
}
