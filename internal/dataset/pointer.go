package dataset

import (
	"strconv"
	"strings"
)

// EscapeToken escapes one reference token for an RFC 6901 JSON pointer:
// "~" becomes "~0" and "/" becomes "~1". Checks that build pointers to
// report on use it so their pointers match the ones Locate knows.
func EscapeToken(token string) string {
	if !strings.ContainsAny(token, "~/") {
		return token
	}
	return string(appendEscaped(nil, token))
}

// Pointer joins unescaped reference tokens into an RFC 6901 JSON pointer;
// Pointer() is "", the whole document.
func Pointer(tokens ...string) string {
	var b []byte
	for _, t := range tokens {
		b = appendEscaped(append(b, '/'), t)
	}
	return string(b)
}

// SplitPointer splits an RFC 6901 JSON pointer into its unescaped tokens.
// It reports false for a string that is not a pointer (non-empty and not
// starting with "/", or with a "~" not followed by "0" or "1").
func SplitPointer(pointer string) ([]string, bool) {
	if pointer == "" {
		return nil, true
	}
	if pointer[0] != '/' {
		return nil, false
	}
	parts := strings.Split(pointer[1:], "/")
	for i, p := range parts {
		if !strings.Contains(p, "~") {
			continue
		}
		var b strings.Builder
		for j := 0; j < len(p); j++ {
			if p[j] != '~' {
				b.WriteByte(p[j])
				continue
			}
			if j+1 >= len(p) || (p[j+1] != '0' && p[j+1] != '1') {
				return nil, false
			}
			if p[j+1] == '0' {
				b.WriteByte('~')
			} else {
				b.WriteByte('/')
			}
			j++
		}
		parts[i] = b.String()
	}
	return parts, true
}

// At returns the value at pointer, and whether there is one. Checks use it
// to read a value the schema validator or another rule pointed at.
func (d *Document) At(pointer string) (any, bool) {
	tokens, ok := SplitPointer(pointer)
	if !ok {
		return nil, false
	}
	v := d.Value
	for _, t := range tokens {
		switch c := v.(type) {
		case map[string]any:
			if v, ok = c[t]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(c) || (len(t) > 1 && t[0] == '0') || t[0] == '+' {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func appendEscaped(b []byte, token string) []byte {
	for i := 0; i < len(token); i++ {
		switch c := token[i]; c {
		case '~':
			b = append(b, '~', '0')
		case '/':
			b = append(b, '~', '1')
		default:
			b = append(b, c)
		}
	}
	return b
}
