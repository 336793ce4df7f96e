package mdtemplate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/model"
)

// Sci prints a number in scientific notation with a real superscript:
// sci 1e4 → 1 × 10^4^ (typeset 1 × 10⁴), sci 2.50E-3 → 2.50 × 10^−3^. A
// data number keeps the digits of its mantissa as written, so its
// significant figures survive; a number written without an exponent is
// normalised (10000 → 1 × 10^4^), and one whose exponent is 0 prints
// plainly. The result is Markdown made of digits, signs and the marks of
// the superscript alone.
func Sci(v any) (Markdown, error) {
	text := ""
	switch x := v.(type) {
	case model.Number:
		text = x.String()
	case *model.Number:
		if x == nil {
			return "", fmt.Errorf("sci: missing number")
		}
		text = x.String()
	}
	f, err := finite("sci", v)
	if err != nil {
		return "", err
	}
	mant, exp := "", 0
	if i := strings.IndexAny(text, "eE"); i > 0 {
		mant = text[:i]
		if exp, err = strconv.Atoi(strings.TrimPrefix(text[i+1:], "+")); err != nil {
			return "", fmt.Errorf("sci: exponent of %q: %w", text, err)
		}
	} else {
		s := strconv.FormatFloat(f, 'e', -1, 64) // "1e+04", "2.5e-03"
		i := strings.IndexByte(s, 'e')
		mant = s[:i]
		exp, _ = strconv.Atoi(s[i+1:])
	}
	mant = minus(mant)
	if exp == 0 {
		return Markdown(mant), nil
	}
	e := strconv.Itoa(exp)
	if exp < 0 {
		e = "−" + strconv.Itoa(-exp) // the true minus sign
	}
	return Markdown(mant + nbsp + "×" + nbsp + "10^" + e + "^"), nil
}
