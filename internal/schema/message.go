package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
)

// leaf reports one failed keyword in words a regulatory writer can act on.
// The bound, the allowed values and the allowed names are read from the raw
// schema (exactly as written there); when the raw schema is not at hand —
// meta-schema checks — the library's own message is reworded instead.
func (r *reporter) leaf(ve *jsonschema.ValidationError, kw keyword) {
	ptr := instancePointer(ve.InstanceLocation)
	parent, _ := r.rawSchema(kw.url, kw.schema).(map[string]any)
	kwv, hasKw := parent[kw.name]
	value, _ := r.doc.At(ptr)
	atKey := false
	subject := "value"
	if kw.inNames {
		// Inside propertyNames the instance is the member's name.
		value, atKey, subject = lastToken(ptr), true, "property name"
	}
	code := "schema/" + kw.name
	if kw.name == "" {
		code = "schema/false"
	}
	add := func(msg string) { r.add(ptr, atKey, code, msg, nil) }

	if ve.Message == "not allowed" { // a false schema
		switch kw.name {
		case "properties", "patternProperties", "additionalProperties", "unevaluatedProperties":
			r.add(ptr, true, code, r.notAllowed(lastToken(ptr), kw), nil)
		case "items", "prefixItems", "additionalItems", "unevaluatedItems":
			add("item " + lastToken(ptr) + " is not allowed: the array has more items than the schema allows")
		default:
			add(subject + " is not allowed here")
		}
		return
	}

	switch kw.name {
	case "type":
		expected := typeList(kwv)
		if len(expected) == 0 {
			if m := libType.FindStringSubmatch(ve.Message); m != nil {
				expected = strings.Split(m[1], " or ")
			}
		}
		r.add(ptr, atKey, code, "wrong type: expected "+orList(expected)+", found "+describe(value)+numberHint(expected, value), expected)

	case "enum":
		vals, ok := kwv.([]any)
		if !ok {
			if vals, ok = libEnum(ve.Message); !ok {
				add(subject + " " + render(value) + " is not allowed: " + ve.Message)
				return
			}
		}
		if len(vals) == 0 {
			add(subject + " " + render(value) + " is not allowed: the schema's enum is empty, so no value is")
			return
		}
		msg := subject + " " + render(value) + " is not one of the allowed values: " + renderList(vals, 25)
		if s, ok := value.(string); ok {
			var names []string
			for _, v := range vals {
				if vs, ok := v.(string); ok {
					names = append(names, vs)
				}
			}
			if best, ok := diag.Closest(s, names); ok {
				msg += "; did you mean " + render(best) + "?"
			}
		}
		add(msg)

	case "const":
		if hasKw {
			add(subject + " must be " + render(kwv) + ", found " + render(value))
		} else {
			add(subject + " " + render(value) + " is not allowed: " + ve.Message)
		}

	case "required":
		obj, _ := value.(map[string]any)
		var missing []string
		if names, ok := kwv.([]any); ok {
			for _, n := range names {
				if s, ok := n.(string); ok {
					if _, present := obj[s]; !present {
						missing = append(missing, s)
					}
				}
			}
		} else {
			missing = quotedNames(ve.Message)
		}
		if len(missing) == 0 {
			add(ve.Message)
		}
		for _, name := range missing {
			r.add(join(ptr, name), false, code, "missing required property '"+name+"'", nil)
		}

	case "dependentRequired", "dependencies":
		if len(kw.args) == 2 {
			if need, ok := index(index(kwv, kw.args[0]), kw.args[1]).(string); ok {
				r.add(join(ptr, need), false, code,
					"missing property '"+need+"', which is required when '"+kw.args[0]+"' is present", nil)
				return
			}
		}
		add(ve.Message)

	case "additionalProperties":
		extras := r.extraNames(value, parent)
		if parent == nil {
			extras = quotedNames(ve.Message)
		}
		if len(extras) == 0 {
			add(ve.Message)
		}
		for _, name := range extras {
			r.add(join(ptr, name), true, code, r.notAllowed(name, kw), nil)
		}

	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
		bound := numberText(kwv)
		if bound == "" {
			if m := libBound.FindStringSubmatch(ve.Message); m != nil {
				bound = m[1]
			}
		}
		v := render(value)
		allowed := ""
		if rg := allowedRange(parent); rg != "" {
			allowed = "; allowed: " + rg
		}
		switch kw.name {
		case "minimum":
			add(subject + " " + v + " is below the minimum of " + bound + allowed)
		case "maximum":
			add(subject + " " + v + " is above the maximum of " + bound + allowed)
		case "exclusiveMinimum":
			add(subject + " " + v + " must be greater than " + bound + allowed)
		case "exclusiveMaximum":
			add(subject + " " + v + " must be less than " + bound + allowed)
		default:
			add(subject + " " + v + " is not a multiple of " + bound)
		}

	case "minLength", "maxLength":
		s, _ := value.(string)
		n := utf8.RuneCountInString(s)
		bound := numberText(kwv)
		if bound == "" {
			add(subject + " " + render(value) + ": " + ve.Message)
			return
		}
		if subject == "value" {
			subject = "text"
		}
		if kw.name == "minLength" {
			add(fmt.Sprintf("%s is %s long; at least %s required", subject, diag.Plural(n, "character"), diag.Plural(bound, "character")))
		} else {
			add(fmt.Sprintf("%s is %s long; at most %s allowed", subject, diag.Plural(n, "character"), diag.Plural(bound, "character")))
		}

	case "pattern":
		pat, _ := kwv.(string)
		if pat == "" {
			add(subject + " " + render(value) + " " + ve.Message)
			return
		}
		add(subject + " " + render(value) + " does not match the pattern " + pat)

	case "format":
		f, _ := kwv.(string)
		if f == "" {
			if m := libFormat.FindStringSubmatch(ve.Message); m != nil {
				f = m[1]
			}
		}
		msg := render(value) + " is not a valid " + f
		if kw.inNames {
			msg = "property name " + msg
		}
		if h, ok := formatHints[f]; ok {
			msg += " (" + h + ")"
		}
		add(msg)

	case "minItems", "maxItems", "minProperties", "maxProperties":
		n, unit := 0, "item"
		switch v := value.(type) {
		case []any:
			n = len(v)
		case map[string]any:
			n, unit = len(v), "property"
		}
		bound := numberText(kwv)
		if bound == "" {
			add(ve.Message)
			return
		}
		what := "array"
		if unit == "property" {
			what = "object"
		}
		if strings.HasPrefix(kw.name, "min") {
			add(fmt.Sprintf("%s has %s; at least %s required", what, diag.Plural(n, unit), diag.Plural(bound, unit)))
		} else {
			add(fmt.Sprintf("%s has %s; at most %s allowed", what, diag.Plural(n, unit), diag.Plural(bound, unit)))
		}

	case "uniqueItems":
		var i, j int
		if _, err := fmt.Sscanf(ve.Message, "items at index %d and %d are equal", &i, &j); err == nil {
			r.add(join(ptr, strconv.Itoa(j)), false, code,
				fmt.Sprintf("item %d is a duplicate of item %d; items must be unique", j, i), nil)
			return
		}
		add(ve.Message)

	case "minContains", "maxContains":
		var min, got int
		fmt.Sscanf(strings.NewReplacer(">=", "", "<=", "").Replace(ve.Message), "valid must be %d, but got %d", &min, &got)
		if _, explicit := parent[kw.name]; kw.name == "minContains" && !explicit && parent != nil {
			code = "schema/contains"
			add("array has no item that matches the 'contains' schema; at least one is required")
			return
		}
		if kw.name == "minContains" {
			add(fmt.Sprintf("array has %s matching the 'contains' schema; at least %d required", diag.Plural(got, "item"), min))
		} else {
			add(fmt.Sprintf("array has %s matching the 'contains' schema; at most %d allowed", diag.Plural(got, "item"), min))
		}

	case "oneOf":
		add(subject + " matches more than one of the alternatives of oneOf (" + ve.Message + "); it must match exactly one")

	case "not":
		add(subject + " " + render(value) + " must not match the schema under 'not'")

	default:
		add(ve.Message)
	}
}

// numberHint says how to write a number a writer typed as text, when the
// schema wants a number: "6,7" (a decimal comma, as much of Europe writes
// it) is 6.7, and "60" is 60 without the quotes. "" for anything else.
func numberHint(expected []string, value any) string {
	s, ok := value.(string)
	if !ok || !(slices.Contains(expected, "number") || slices.Contains(expected, "integer")) {
		return ""
	}
	s = strings.TrimSpace(s)
	if m := commaNumber.FindStringSubmatch(s); m != nil {
		return "; write " + m[1] + "." + m[2] + ": a decimal point, not a comma, and no quotes"
	}
	if jsonNumber.MatchString(s) {
		return "; write " + s + " without quotes"
	}
	return ""
}

var (
	commaNumber = regexp.MustCompile(`^(-?[0-9]+),([0-9]+)$`)
	jsonNumber  = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
)

// Patterns for rewording the library's messages when the raw schema is not
// available.
var (
	libType   = regexp.MustCompile(`^expected (.+), but got \S+$`)
	libBound  = regexp.MustCompile(`must be [<>]=? (\S+) but found`)
	libFormat = regexp.MustCompile(`is not valid '([^']+)'$`)
	libQuoted = regexp.MustCompile(`'((?:[^'\\]|\\.)*)'`)
)

// libEnum recovers the allowed values from the library's enum message,
// `value must be one of "a", "b"` (Go syntax), for meta-schema checks.
func libEnum(msg string) ([]any, bool) {
	list, ok := strings.CutPrefix(msg, "value must be one of ")
	if !ok {
		return nil, false
	}
	var vals []any
	for _, part := range strings.Split(list, ", ") {
		if s, err := strconv.Unquote(part); err == nil {
			vals = append(vals, s)
		} else {
			vals = append(vals, json.Number(part))
		}
	}
	return vals, true
}

// quotedNames extracts the names the library quotes ('a', 'b') in
// "missing properties" and "additionalProperties ... not allowed".
func quotedNames(msg string) []string {
	var names []string
	for _, m := range libQuoted.FindAllStringSubmatch(msg, -1) {
		s, err := strconv.Unquote(`"` + strings.ReplaceAll(m[1], `\'`, `'`) + `"`)
		if err != nil {
			s = m[1]
		}
		names = append(names, s)
	}
	sort.Strings(names)
	return names
}

// formatHints tell the writer what a valid value looks like.
var formatHints = map[string]string{
	"date":          "expected YYYY-MM-DD, e.g. 2024-05-31",
	"date-time":     "expected an RFC 3339 date and time, e.g. 2024-05-31T14:30:00Z",
	"time":          "expected an RFC 3339 time with offset, e.g. 14:30:00Z",
	"duration":      "expected an ISO 8601 duration, e.g. P3D or PT2H30M",
	"email":         "expected an e-mail address, e.g. name@example.com",
	"uri":           "expected an absolute URI with a scheme, e.g. https://example.com/doc",
	"uri-reference": "expected a URI or a relative reference",
	"uuid":          "expected a UUID, e.g. 123e4567-e89b-12d3-a456-426614174000",
	"hostname":      "expected a host name, e.g. example.com",
	"ipv4":          "expected an IPv4 address, e.g. 192.0.2.1",
	"ipv6":          "expected an IPv6 address, e.g. 2001:db8::1",
	"regex":         "expected a regular expression",
	"json-pointer":  "expected a JSON pointer, e.g. /steps/0",
}

// notAllowed words an unknown-property fault, suggesting the closest
// allowed name when one is close enough to be a typo.
func (r *reporter) notAllowed(name string, kw keyword) string {
	msg := "property '" + name + "' is not allowed"
	allowed := r.allowedNames(kw)
	if best, ok := diag.Closest(name, allowed); ok {
		return msg + "; did you mean '" + best + "'?"
	}
	switch {
	case len(allowed) == 0:
		return msg + " here"
	case len(allowed) <= 15:
		quoted := make([]string, len(allowed))
		for i, a := range allowed {
			quoted[i] = "'" + a + "'"
		}
		return msg + "; allowed properties: " + strings.Join(quoted, ", ")
	}
	return msg
}

// allowedNames lists the property names the schema object holding kw
// declares, including those declared by subschemas it applies in place
// (allOf, anyOf, oneOf, then, else, $ref), which unevaluatedProperties
// counts as evaluated.
func (r *reporter) allowedNames(kw keyword) []string {
	seen := map[string]bool{}
	var names []string
	var collect func(node any, base string, depth int)
	collect = func(node any, base string, depth int) {
		m, ok := node.(map[string]any)
		if !ok || depth > 8 {
			return
		}
		if props, ok := m["properties"].(map[string]any); ok {
			for n := range props {
				if !seen[n] {
					seen[n] = true
					names = append(names, n)
				}
			}
		}
		if kw.name != "unevaluatedProperties" && depth == 0 {
			return
		}
		for _, k := range []string{"allOf", "anyOf", "oneOf"} {
			if list, ok := m[k].([]any); ok {
				for _, sub := range list {
					collect(sub, base, depth+1)
				}
			}
		}
		for _, k := range []string{"then", "else"} {
			collect(m[k], base, depth+1)
		}
		if ref, ok := m["$ref"].(string); ok {
			if u, err := resolve(base, ref); err == nil {
				doc, frag, _ := strings.Cut(u, "#")
				collect(r.rawSchema(doc, splitFragment(frag)), doc, depth+1)
			}
		}
	}
	collect(r.rawSchema(kw.url, kw.schema), kw.url, 0)
	sort.Strings(names)
	return names
}

// extraNames lists the members of value that neither "properties" nor
// "patternProperties" of the schema object declare.
func (r *reporter) extraNames(value any, parent map[string]any) []string {
	obj, _ := value.(map[string]any)
	props, _ := parent["properties"].(map[string]any)
	pats, _ := parent["patternProperties"].(map[string]any)
	var res []*regexp.Regexp
	for p := range pats {
		if re, err := regexp.Compile(p); err == nil {
			res = append(res, re)
		}
	}
	var extras []string
next:
	for name := range obj {
		if _, ok := props[name]; ok {
			continue
		}
		for _, re := range res {
			if re.MatchString(name) {
				continue next
			}
		}
		if len(pats) > len(res) {
			// A pattern Go cannot compile might match; stay silent rather
			// than report a name the validator may have accepted.
			continue
		}
		extras = append(extras, name)
	}
	sort.Strings(extras)
	return extras
}

// rawSchema returns the raw schema value at tokens inside the document at
// url, or nil.
func (r *reporter) rawSchema(url string, tokens []string) any {
	if r.set == nil {
		return nil
	}
	node := r.set.raw[url]
	for _, t := range tokens {
		node = index(node, t)
	}
	return node
}

func splitFragment(frag string) []string {
	tokens, _ := dataset.SplitPointer(frag)
	return tokens
}

// index steps into an object member or array element of a raw value.
func index(node any, token string) any {
	switch n := node.(type) {
	case map[string]any:
		return n[token]
	case []any:
		if i, err := strconv.Atoi(token); err == nil && i >= 0 && i < len(n) {
			return n[i]
		}
	}
	return nil
}

func join(ptr, name string) string {
	return ptr + "/" + dataset.EscapeToken(name)
}

func typeList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func orList(items []string) string {
	switch len(items) {
	case 0:
		return "another type"
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// describe names a value's type and, for scalars, the value itself.
func describe(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case nil:
		return "null"
	case bool:
		return "boolean " + render(v)
	case string:
		return "string " + render(v)
	default:
		return "number " + render(v)
	}
}

// render writes a value as JSON (numbers as written, strings quoted),
// shortened so one diagnostic stays one readable line.
func render(v any) string {
	switch v.(type) {
	case map[string]any:
		return "(object)"
	case []any:
		return "(array)"
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	s := strings.TrimSuffix(b.String(), "\n")
	if utf8.RuneCountInString(s) > 80 {
		rs := []rune(s)
		s = string(rs[:76]) + "…" + string(rs[len(rs)-1])
	}
	return s
}

func renderList(vals []any, max int) string {
	parts := make([]string, 0, len(vals))
	for i, v := range vals {
		if i == max {
			parts = append(parts, fmt.Sprintf("… (%d more)", len(vals)-max))
			break
		}
		parts = append(parts, render(v))
	}
	return strings.Join(parts, ", ")
}

// numberText gives a schema bound exactly as written.
func numberText(v any) string {
	switch n := v.(type) {
	case json.Number:
		return n.String()
	case float64, int:
		return fmt.Sprint(n)
	}
	return ""
}

// allowedRange states a number's allowed range when the schema bounds it
// on both sides ("0 to 6", "greater than 0 and at most 105"), so a writer
// sees the whole range, not only the side that was crossed; "" otherwise.
func allowedRange(schema map[string]any) string {
	lo, hi := numberText(schema["minimum"]), numberText(schema["maximum"])
	xlo, xhi := numberText(schema["exclusiveMinimum"]), numberText(schema["exclusiveMaximum"])
	switch {
	case lo != "" && hi != "":
		return lo + " to " + hi
	case (lo != "" || xlo != "") && (hi != "" || xhi != ""):
		low := "at least " + lo
		if lo == "" {
			low = "greater than " + xlo
		}
		high := "at most " + hi
		if hi == "" {
			high = "less than " + xhi
		}
		return low + " and " + high
	}
	return ""
}
