package schema

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/regdoc/regdoc/internal/dataset"
)

// A pointer such as /steps/3/purpose is exact but not how a writer knows
// the data: they know "step P4 (Caprylate incubation)". subject walks the
// instance along the pointer and names every array element on the way by
// the identifying members it holds, so the same words serve steps,
// parameters, tests, lots, studies, claims and whatever array a later
// schema adds, without a list of them here.

// idMembers are the members that identify an array element, most telling
// first: an element is named by the first of them it has.
var idMembers = []string{"id", "lot", "batch", "number", "version", "symbol", "test", "run", "month"}

// nameMembers are the members that describe an element in words; one is
// shown after the identifier, in brackets.
var nameMembers = []string{"name", "title"}

// singulars are the element words that dropping a plural "s" does not
// give: acronyms, Latin plurals and arrays named after what they record.
var singulars = map[string]string{
	"ipcs":     "IPC",
	"criteria": "criterion",
	"history":  "version",
	"analyses": "analysis",
}

// subject names the array elements that pointer passes through in value,
// outermost first, e.g. "step P4, parameter P4-ph (pH)"; "" when it passes
// through none that is an object.
func subject(value any, pointer string) string {
	tokens, ok := dataset.SplitPointer(pointer)
	if !ok {
		return ""
	}
	var parts, outer []string
	node, member := value, ""
	for _, t := range tokens {
		switch n := node.(type) {
		case map[string]any:
			node, member = n[t], t
			continue
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(n) {
				return strings.Join(parts, ", ")
			}
			node = n[i]
			if obj, ok := node.(map[string]any); ok && member != "" {
				if len(parts) > 0 {
					// The innermost element carries the name; the outer
					// ones their identifiers alone, to keep one line short.
					parts[len(parts)-1] = outer[len(parts)-1]
				}
				parts = append(parts, elementName(singular(member), obj, i, true))
				outer = append(outer, elementName(singular(member), obj, i, false))
			}
			member = ""
			continue
		}
		break
	}
	return strings.Join(parts, ", ")
}

// elementName is "step P4 (Caprylate incubation)" (or "step P4" without
// withName), "step 'Caprylate incubation'" when the element has a name but
// no identifier, or "step #4" (counted from 1) when it has neither.
func elementName(noun string, obj map[string]any, index int, withName bool) string {
	id := firstText(obj, idMembers)
	name := firstText(obj, nameMembers)
	switch {
	case id != "" && name != "" && name != id && withName:
		return noun + " " + id + " (" + name + ")"
	case id != "":
		return noun + " " + id
	case name != "":
		return noun + " '" + name + "'"
	}
	return noun + " #" + strconv.Itoa(index+1)
}

// firstText is the first of members that obj holds as a short, non-empty
// string or a number, written as in the file.
func firstText(obj map[string]any, members []string) string {
	for _, m := range members {
		var s string
		switch v := obj[m].(type) {
		case string:
			s = strings.TrimSpace(v)
		case json.Number:
			s = v.String()
		case float64:
			s = strconv.FormatFloat(v, 'g', -1, 64)
		}
		if s != "" && len([]rune(s)) <= 80 && !strings.ContainsAny(s, "\n\r") {
			return s
		}
	}
	return ""
}

// singular is the word for one element of the array member: "steps" →
// "step", "studies" → "study", "time_points" → "time point".
func singular(member string) string {
	if s, ok := singulars[member]; ok {
		return s
	}
	w := strings.ReplaceAll(member, "_", " ")
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 3:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ss"):
		return w
	case strings.HasSuffix(w, "s") && len(w) > 1:
		return w[:len(w)-1]
	}
	return w + " item"
}
