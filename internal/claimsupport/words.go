package claimsupport

import (
	"strings"
	"unicode"
)

// claimWords are the words of claim drafting and plain function words:
// they carry no subject matter, so they neither describe an element nor
// count against a paragraph that does.
var claimWords = map[string]bool{
	"a": true, "an": true, "the": true, "said": true, "of": true, "to": true, "in": true, "into": true,
	"at": true, "with": true, "by": true, "for": true, "from": true, "on": true, "through": true,
	"and": true, "or": true, "is": true, "are": true, "be": true, "being": true, "wherein": true,
	"whereby": true, "comprising": true, "comprises": true, "consisting": true, "further": true,
	"least": true, "most": true, "more": true, "less": true, "than": true, "not": true, "no": true,
	"claim": true, "process": true, "method": true, "which": true, "that": true, "its": true,
	"it": true, "as": true, "per": true, "about": true, "between": true, "up": true, "mode": true,
}

// words splits text into lower-case words; a hyphenated word ("cryo-poor",
// "flow-through") is kept whole and, with parts, also given as its parts,
// so "low-pH" meets "pH".
func words(text string, parts bool) []string {
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-')
	}) {
		f = strings.Trim(strings.ToLower(f), "-")
		if f == "" {
			continue
		}
		out = append(out, f)
		if parts && strings.Contains(f, "-") {
			for _, p := range strings.Split(f, "-") {
				if p != "" {
					out = append(out, p)
				}
			}
		}
	}
	return out
}

// stem cuts the endings English adds to a word, so "precipitating",
// "precipitated" and "precipitation" compare equal. It is deliberately
// crude: the words compared come from one technical field and a claim
// reuses the description's vocabulary.
func stem(w string) string {
	// Twice, so "viruses" and "virus" meet at "viru".
	return stemOnce(stemOnce(w))
}

func stemOnce(w string) string {
	for _, suf := range []string{"ations", "ation", "ating", "ated", "ates", "ate", "ings", "ing", "ions", "ion", "ed", "es", "s", "e"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// terms are the stems of the subject-matter words of a claim element: no
// claim words, no numbers, no units. A hyphenated word counts once, whole.
func terms(text string) []string {
	return stems(words(text, false))
}

func stems(ws []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range ws {
		if claimWords[w] || !hasLetter(w) || len(w) < 2 || isUnitWord(w) {
			continue
		}
		s := stem(w)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func hasLetter(w string) bool { return strings.IndexFunc(w, unicode.IsLetter) >= 0 }

// isUnitWord reports the unit symbols that survive word splitting ("mm"
// from "mM", "v" from "v/v"); they say how much, not what.
func isUnitWord(w string) bool {
	switch w {
	case "mm", "v", "w", "ml", "mg", "g", "l", "µg", "d", "h", "min", "nm", "µm", "bar":
		return true
	}
	return false
}

// coverage is the share of want (stems) found among have (stems).
func coverage(want []string, have map[string]bool) (float64, []string) {
	if len(want) == 0 {
		return 0, nil
	}
	var missing []string
	n := 0
	for _, w := range want {
		if have[w] {
			n++
		} else {
			missing = append(missing, w)
		}
	}
	return float64(n) / float64(len(want)), missing
}

// termSet is the stems of a paragraph's words, hyphenated words as a whole
// and in parts, so "low-pH" holds "pH" for an element that says "pH".
func termSet(text string) map[string]bool {
	m := map[string]bool{}
	for _, t := range stems(words(text, true)) {
		m[t] = true
	}
	return m
}
