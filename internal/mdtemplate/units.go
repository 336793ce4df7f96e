package mdtemplate

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Units are written in data and templates as a keyboard allows — "log10",
// "TCID50", "CH50/mg", "L/m2", "10^6 cells/mL", "ug/mL" — and printed as
// a submission sets them: log₁₀, TCID₅₀, CH₅₀/mg, L/m², 10⁶ cells/mL,
// µg/mL. UnitForm rewrites a unit into Unicode script characters; a
// template function that prints a unit returns it as a unitText, whose
// script characters the escaper sets as real superscripts and subscripts
// (^6^, ~50~) and whose every other character is escaped like any value,
// so a unit from the data still cannot make Markdown structure.

// unitRules rewrite the keyboard forms of a unit, in order. Each matches
// whole symbols only (a "10^6" inside "210^6" is not a power of ten).
var unitRules = []struct {
	re  *regexp.Regexp
	fix func(m []string) string
}{
	// The micro prefix typed as "u": ug, uL, umol, um, uM, uIU (first, so
	// that um2 becomes µm²).
	{regexp.MustCompile(`\bu(g|L|l|mol|m|M|IU)([23]?)\b`), func(m []string) string { return "µ" + m[1] + m[2] }},
	// Decadic logarithm: log10, Log10.
	{regexp.MustCompile(`\b([Ll]og)10\b`), func(m []string) string { return m[1] + "₁₀" }},
	// Median infective, lethal, effective and haemolytic doses, and
	// half-maximal concentrations: TCID50, CCID50, CH50, LD50, ID50,
	// ED50, EC50, IC50, PD50.
	{regexp.MustCompile(`\b(TCID|CCID|CH|LD|ID|ED|EC|IC|PD)50\b`), func(m []string) string { return m[1] + "₅₀" }},
	// Powers of ten in caret notation: 10^6, 10^-3, 10^6^.
	{regexp.MustCompile(`\b10\^([+\-−]?[0-9]{1,3})\^?`), func(m []string) string { return "10" + toScript(m[1], true) }},
	// Areas, volumes and inverse lengths: m2, cm2, mm3, µm2, m-1.
	{regexp.MustCompile(`\b((?:k|c|d|m|n)?m)(2|3|-[1-3])\b`), func(m []string) string { return m[1] + toScript(m[2], true) }},
	// Rates: s-1, min-1, h-1.
	{regexp.MustCompile(`\b(s|min|h)(-[12])\b`), func(m []string) string { return m[1] + toScript(m[2], true) }},
}

// UnitForm writes a unit as it is printed, with Unicode superscripts and
// subscripts: "log10" → "log₁₀", "TCID50/mL" → "TCID₅₀/mL", "L/m2" →
// "L/m²", "10^6 cells/mL" → "10⁶ cells/mL", "ug/mL" → "µg/mL". Script
// characters already in the unit (m², log₁₀) stay.
func UnitForm(u string) string {
	for _, r := range unitRules {
		if !r.re.MatchString(u) {
			continue
		}
		u = r.re.ReplaceAllStringFunc(u, func(s string) string { return r.fix(r.re.FindStringSubmatch(s)) })
	}
	return u
}

// Unicode's superscript and subscript forms of the characters that have
// both, as the typesetter's outline writes them.
const (
	scriptPlain = "0123456789+−=()"
	scriptSuper = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾"
	scriptSub   = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"
)

// toScript writes digits and signs as Unicode superscripts (or subscripts);
// an ASCII hyphen is taken for the minus sign.
func toScript(s string, super bool) string {
	forms := []rune(scriptSub)
	if super {
		forms = []rune(scriptSuper)
	}
	plain := []rune(scriptPlain)
	var b strings.Builder
	for _, c := range s {
		if c == '-' {
			c = '−'
		}
		for i, p := range plain {
			if p == c {
				c = forms[i]
				break
			}
		}
		b.WriteRune(c)
	}
	return b.String()
}

// fromScript gives the plain character of a Unicode script character and
// whether it is a superscript; ok is false for any other character.
func fromScript(c rune) (plain rune, super, ok bool) {
	plains := []rune(scriptPlain)
	if i := strings.IndexRune(scriptSuper, c); i >= 0 {
		return plains[utf8.RuneCountInString(scriptSuper[:i])], true, true
	}
	if i := strings.IndexRune(scriptSub, c); i >= 0 {
		return plains[utf8.RuneCountInString(scriptSub[:i])], false, true
	}
	return 0, false, false
}

// unitText is text holding a unit in its printed form (UnitForm): the
// unit function's value, and a quantity, range or limit with its unit. It
// is a string, so a template can compare it (ne (unit .Unit) "") and
// printf prints its Unicode form.
type unitText string

// escapeUnit escapes a unitText for running text or a table cell: each run
// of Unicode script characters becomes a superscript (^2^) or subscript
// (~50~) of their plain forms, set at the typesetter's script size and
// shift, and everything else is escaped as escapeText escapes any value.
func escapeUnit(s string, m mode) string {
	w := newMarkedWriter(m)
	at := 0
	for i := 0; i < len(s); {
		c, n := utf8.DecodeRuneInString(s[i:])
		_, super, ok := fromScript(c)
		if !ok {
			i += n
			continue
		}
		mark := byte('~')
		if super {
			mark = '^'
		}
		// The run of script characters of one kind.
		var run strings.Builder
		j := i
		for j < len(s) {
			c, n := utf8.DecodeRuneInString(s[j:])
			p, sup, ok := fromScript(c)
			if !ok || sup != super {
				break
			}
			run.WriteRune(p)
			j += n
		}
		if i > 0 && s[i-1] == mark {
			// "~" then "~50~" reads as neither: keep the Unicode forms.
			i = j
			continue
		}
		w.text(s[at:i])
		w.marked(string(mark), run.String()) // digits, signs, parentheses: nothing that can open structure
		at, i = j, j
	}
	w.text(s[at:])
	return w.String()
}
