package figure

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/canvas"
)

// wrap breaks s into lines no wider than width when set in f at size. It
// breaks at spaces, but not inside a quantity ("20 mM", "≤ 3 %", "pH 5.8")
// nor at a no-break space; a word wider than the line is broken after a
// slash or hyphen inside it if possible ("Ultrafiltration/ diafiltration"),
// and between letters only as a last resort, so no text ever spills out of
// its box.
func wrap(m canvas.Measurer, f canvas.Font, size float64, s string, width float64) []string {
	var lines []string
	line := ""
	for _, word := range words(s) {
		if line != "" {
			if try := line + " " + word; m.StringWidth(f, size, try) <= width {
				line = try
				continue
			}
			lines = append(lines, line)
			line = ""
		}
		for m.StringWidth(f, size, word) > width {
			head, tail := breakWord(m, f, size, word, width)
			lines = append(lines, head)
			word = tail
		}
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// breakWord splits a word too wide for width into a head that fits and the
// rest, preferring a break after '/' or '-'.
func breakWord(m canvas.Measurer, f canvas.Font, size float64, word string, width float64) (string, string) {
	fit, soft := 0, 0
	for i, r := range word {
		end := i + utf8.RuneLen(r)
		if m.StringWidth(f, size, word[:end]) > width {
			break
		}
		fit = end
		if (r == '/' || r == '-' || r == ' ') && end < len(word) {
			soft = end
		}
	}
	if soft > 0 {
		fit = soft
	}
	if fit == 0 {
		// Not even one character fits; take one anyway so wrapping ends.
		_, n := utf8.DecodeRuneInString(word)
		fit = n
	}
	return strings.TrimRight(word[:fit], " "), word[fit:]
}

// words splits s into the units wrap may not break: tokens between
// breaking spaces, with a number glued to its unit or comparator.
func words(s string) []string {
	var out []string
	prev := ""
	for _, t := range strings.FieldsFunc(s, breakingSpace) {
		if len(out) > 0 && glued(prev, t) {
			out[len(out)-1] += " " + t
		} else {
			out = append(out, t)
		}
		prev = t
	}
	return out
}

// breakingSpace is a space a line may break at: not the no-break, narrow
// no-break and figure spaces an author uses to keep words together.
func breakingSpace(r rune) bool {
	return unicode.IsSpace(r) && r != '\u00A0' && r != '\u202F' && r != '\u2007'
}

// glued reports whether no line break may fall between tokens a and b: a
// number (or comparator) and the short unit after it ("20 mM", "≥ 90"), or
// a short symbol and the number after it ("pH 5.8").
func glued(a, b string) bool {
	return (numberish(a) && utf8.RuneCountInString(b) <= 7) ||
		(startsWithDigit(b) && utf8.RuneCountInString(a) <= 2)
}

func numberish(t string) bool {
	switch t {
	case "<", ">", "≤", "≥", "±", "≈", "~", "=":
		return true
	}
	return startsWithDigit(t)
}

func startsWithDigit(t string) bool {
	t = strings.TrimLeft(t, "([<>≤≥±≈~")
	r, _ := utf8.DecodeRuneInString(t)
	return r >= '0' && r <= '9'
}

// widest is the width of the widest of lines.
func widest(m canvas.Measurer, f canvas.Font, size float64, lines []string) float64 {
	w := 0.0
	for _, l := range lines {
		w = max(w, m.StringWidth(f, size, l))
	}
	return w
}
