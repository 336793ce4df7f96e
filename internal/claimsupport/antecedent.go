package claimsupport

import (
	"strings"
	"unicode"
)

// token is one word or punctuation mark of a claim's text.
type token struct {
	text  string // lower case
	punct bool
}

func tokenize(text string) []token {
	var out []token
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			out = append(out, token{text: strings.ToLower(w.String())})
			w.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '/' || r == '.' && w.Len() > 0 && endsDigit(w.String()):
			w.WriteRune(r)
		case unicode.IsSpace(r):
			flush()
		default:
			flush()
			out = append(out, token{text: string(r), punct: true})
		}
	}
	flush()
	// A full stop glued to a word ("plasma.") is punctuation.
	for i, t := range out {
		if !t.punct && strings.HasSuffix(t.text, ".") {
			out[i].text = strings.TrimSuffix(t.text, ".")
		}
	}
	return out
}

func endsDigit(s string) bool {
	return s != "" && s[len(s)-1] >= '0' && s[len(s)-1] <= '9'
}

// phraseEnd are the words that end a noun phrase in a claim: prepositions,
// conjunctions and the verbs of claim language. Without a part-of-speech
// tagger this list is what separates "the incubated solution" from
// "through an anion-exchange medium".
var phraseEnd = map[string]bool{
	"of": true, "in": true, "into": true, "at": true, "with": true, "by": true, "for": true,
	"from": true, "on": true, "through": true, "to": true, "and": true, "or": true, "is": true,
	"are": true, "was": true, "were": true, "be": true, "has": true, "have": true, "having": true,
	"comprising": true, "comprises": true, "containing": true, "including": true, "wherein": true,
	"which": true, "that": true, "being": true, "as": true, "under": true, "over": true, "until": true,
	"after": true, "before": true, "during": true, "further": true, "a": true, "an": true, "the": true,
	"said": true, "obtained": true, "formed": true, "so": true, "such": true, "than": true,
	"contains": true, "contain": true, "comprise": true, "includes": true, "include": true, "exhibits": true, "exhibit": true,
}

// mention is one "the X" or "said X" in a claim.
type mention struct {
	article string   // "the" or "said"
	words   []string // X
	of      bool     // "the X of …": a property of what follows
	at      int      // index of the article among the claim's tokens
}

// mentions finds every definite mention in toks.
func mentions(toks []token) []mention {
	var out []mention
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.punct || t.text != "the" && t.text != "said" {
			continue
		}
		m := mention{article: t.text, at: i}
		j := i + 1
		for ; j < len(toks); j++ {
			u := toks[j]
			if u.punct && u.text == "(" {
				// "(IgG)" inside a phrase: an abbreviation, part of it.
				for j < len(toks) && toks[j].text != ")" {
					j++
				}
				continue
			}
			if u.punct || phraseEnd[u.text] || unicode.IsDigit(rune(u.text[0])) {
				break
			}
			m.words = append(m.words, u.text)
		}
		if len(m.words) == 0 {
			continue
		}
		// "The process of claim 1" names the claim, not a new thing.
		if j+1 < len(toks) && toks[j].text == "of" && toks[j+1].text == "claim" {
			m.of = false
		} else if j < len(toks) && toks[j].text == "of" {
			m.of = true
		}
		out = append(out, m)
		i = j - 1
	}
	return out
}

// antecedent says whether words were introduced in toks[:end]: written
// there not right after "the" or "said" (so "a precipitate", "human
// plasma" and "caprylate" introduce, "the precipitate" does not). It also
// returns the distinct modifiers the head word was introduced with
// ("human", "cryo-poor"), for telling an ambiguous "the plasma" from a
// clear one.
func antecedent(toks []token, end int, words []string) (found bool, modifiers []string) {
	seen := map[string]bool{}
	head := words[len(words)-1]
	for i := 0; i+len(words) <= end; i++ {
		match := true
		for k, w := range words {
			if toks[i+k].punct || toks[i+k].text != w {
				match = false
				break
			}
		}
		definite := i > 0 && (toks[i-1].text == "the" || toks[i-1].text == "said")
		if match && !definite {
			found = true
		}
		// Modifiers of the head word, wherever it was introduced.
		if toks[i].text == head && !toks[i].punct && i > 0 {
			prev := toks[i-1]
			if prev.text == "the" || prev.text == "said" {
				continue
			}
			mod := ""
			if !prev.punct && !phraseEnd[prev.text] && !strings.HasSuffix(prev.text, "ing") && !unicode.IsDigit(rune(prev.text[0])) {
				mod = prev.text
			}
			if !seen[mod] {
				seen[mod] = true
				modifiers = append(modifiers, mod)
			}
		}
	}
	return found, modifiers
}
