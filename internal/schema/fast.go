package schema

import (
	"encoding/json"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// The fast path. jsonschema/v5 is the engine of record: every diagnostic
// regdoc prints comes from it. But v5 allocates for every value it visits
// (a set of member names per object, a path string per member, a big.Rat
// per number), which makes validating thousands of clean files mostly
// garbage collection. Most files in CI are valid, and proving a file valid
// needs none of that.
//
// So a clean file is first checked by quick, a walk over v5's own compiled
// schema that allocates nothing. quick answers only "surely valid" or "not
// sure": whenever it sees a fault — or anything it cannot decide exactly
// as v5 would (a number equal to a bound once rounded, a keyword it does
// not implement) — it says "not sure" and v5 validates the file as before,
// producing the verdict and every diagnostic. The one promise quick makes
// is therefore: true only if v5 finds the value valid. It keeps it by
// handling only keywords that are conjunctions — every one of them must
// hold — so a "not sure" anywhere makes the whole answer "not sure"; a
// schema that uses not, anyOf, oneOf, if, contains, unevaluated* or
// dynamic references is left to v5 entirely. FuzzFastPath and the official
// suite hold quick to that promise.

// fastSchema mirrors one compiled v5 schema with what quick needs ready.
type fastSchema struct {
	s *jsonschema.Schema
	// types is a bit set of the allowed JSON types (0: any).
	types                    uint8
	min, xmin, max, xmax     float64 // bounds as float64; valid when has* is set
	hasMin, hasXmin, hasMax  bool
	hasXmax                  bool
	format                   func(any) bool
	ref                      *fastSchema
	allOf                    []*fastSchema
	properties               map[string]*fastSchema
	propList                 []fastProperty // properties as a list, to look each up
	patterns                 []fastPattern
	additional               *fastSchema // additionalProperties as a schema
	noAdditional             bool        // additionalProperties: false
	propertyNames            *fastSchema
	dependentSchemas         map[string]*fastSchema
	items                    *fastSchema   // items (2020) or items as one schema
	prefixItems              []*fastSchema // prefixItems, or draft-07's items array
	additionalItems          *fastSchema
	noAdditionalItems        bool
	hasAdditionalItemsSchema bool
}

type fastProperty struct {
	name string
	s    *fastSchema
}

type fastPattern struct {
	re *regexp.Regexp
	s  *fastSchema
}

const (
	typeNull uint8 = 1 << iota
	typeBoolean
	typeNumber
	typeInteger
	typeString
	typeArray
	typeObject
)

var typeBits = map[string]uint8{
	"null": typeNull, "boolean": typeBoolean, "number": typeNumber, "integer": typeInteger,
	"string": typeString, "array": typeArray, "object": typeObject,
}

// buildFast mirrors s for quick, or returns nil when s (or a schema it
// reaches) uses a keyword quick leaves to v5. assertFormats says whether
// v5 checks "format" with the library's checkers (jsonschema.Formats).
func buildFast(s *jsonschema.Schema, assertFormats bool) *fastSchema {
	b := fastBuilder{done: map[*jsonschema.Schema]*fastSchema{}, assertFormats: assertFormats}
	f := b.build(s)
	if b.unsupported {
		return nil
	}
	return f
}

type fastBuilder struct {
	done          map[*jsonschema.Schema]*fastSchema
	assertFormats bool
	unsupported   bool
}

func (b *fastBuilder) build(s *jsonschema.Schema) *fastSchema {
	if s == nil || b.unsupported {
		return nil
	}
	if f, ok := b.done[s]; ok {
		return f
	}
	if !supported(s) {
		b.unsupported = true
		return nil
	}
	f := &fastSchema{s: s}
	b.done[s] = f
	for _, t := range s.Types {
		f.types |= typeBits[t]
	}
	f.min, f.hasMin = ratFloat(s.Minimum)
	f.xmin, f.hasXmin = ratFloat(s.ExclusiveMinimum)
	f.max, f.hasMax = ratFloat(s.Maximum)
	f.xmax, f.hasXmax = ratFloat(s.ExclusiveMaximum)
	if s.Format != "" && b.assertFormats {
		f.format = jsonschema.Formats[s.Format]
	}
	sub := b.build
	f.ref = sub(s.Ref)
	for _, a := range s.AllOf {
		f.allOf = append(f.allOf, sub(a))
	}
	if len(s.Properties) > 0 {
		f.properties = make(map[string]*fastSchema, len(s.Properties))
		for name, p := range s.Properties {
			f.properties[name] = sub(p)
			f.propList = append(f.propList, fastProperty{name, f.properties[name]})
		}
	}
	for re, p := range s.PatternProperties {
		f.patterns = append(f.patterns, fastPattern{re, sub(p)})
	}
	switch a := s.AdditionalProperties.(type) {
	case bool:
		f.noAdditional = !a
	case *jsonschema.Schema:
		f.additional = sub(a)
	}
	f.propertyNames = sub(s.PropertyNames)
	if len(s.DependentSchemas) > 0 {
		f.dependentSchemas = map[string]*fastSchema{}
		for name, d := range s.DependentSchemas {
			f.dependentSchemas[name] = sub(d)
		}
	}
	for name, d := range s.Dependencies {
		if d, ok := d.(*jsonschema.Schema); ok {
			if f.dependentSchemas == nil {
				f.dependentSchemas = map[string]*fastSchema{}
			}
			f.dependentSchemas["\x00dep:"+name] = sub(d)
		}
	}
	switch it := s.Items.(type) {
	case *jsonschema.Schema:
		f.items = sub(it)
	case []*jsonschema.Schema:
		for _, x := range it {
			f.prefixItems = append(f.prefixItems, sub(x))
		}
		switch a := s.AdditionalItems.(type) {
		case bool:
			f.noAdditionalItems = !a
		case *jsonschema.Schema:
			f.additionalItems = sub(a)
			f.hasAdditionalItemsSchema = true
		}
	}
	if s.Items2020 != nil {
		f.items = sub(s.Items2020)
	}
	for _, x := range s.PrefixItems {
		f.prefixItems = append(f.prefixItems, sub(x))
	}
	return f
}

// supported reports whether quick implements every keyword s uses.
func supported(s *jsonschema.Schema) bool {
	switch {
	case s.Not != nil, len(s.AnyOf) > 0, len(s.OneOf) > 0, s.If != nil,
		s.RecursiveRef != nil, s.DynamicRef != nil,
		s.UnevaluatedProperties != nil, s.UnevaluatedItems != nil,
		s.Contains != nil, s.RegexProperties:
		return false
	case s.ContentEncoding != "" || s.ContentMediaType != "" || s.ContentSchema != nil:
		// Annotations unless content assertion is on, which regdoc never
		// turns on; left to v5 all the same.
		return false
	}
	for _, t := range s.Types {
		if typeBits[t] == 0 {
			return false
		}
	}
	return true
}

// ratFloat gives a bound as the nearest float64.
func ratFloat(r *big.Rat) (f float64, ok bool) {
	if r == nil {
		return 0, false
	}
	f, _ = r.Float64()
	return f, true
}

// maxQuickDepth bounds quick's recursion: a schema that refers to itself
// on the same value (an infinite loop v5 reports as an error) gives up
// here, and v5 reports it.
const maxQuickDepth = 2048

// quick reports whether v is surely valid against f; see the comment at
// the top of this file.
func (f *fastSchema) quick(v any, depth int) bool {
	if f == nil || depth > maxQuickDepth {
		return false
	}
	s := f.s
	if s.Always != nil {
		return *s.Always
	}
	if len(s.Extensions) > 0 {
		// regdoc's only extension fails every value (an empty enum).
		return false
	}
	num, isNum := v.(json.Number)
	if f.types != 0 {
		var t uint8
		switch x := v.(type) {
		case nil:
			t = typeNull
		case bool:
			t = typeBoolean
		case string:
			t = typeString
		case []any:
			t = typeArray
		case map[string]any:
			t = typeObject
		case json.Number:
			t = typeNumber
			if f.types&typeNumber == 0 && !plainInteger(string(x)) {
				// "integer" allows 1.0 and 1e2 too; v5 decides those.
				return false
			}
			if f.types&typeNumber == 0 {
				t = typeInteger
			}
		default:
			return false
		}
		if f.types&t == 0 {
			return false
		}
	}
	if len(s.Constant) > 0 && sameJSON(v, s.Constant[0]) != sureEqual {
		return false
	}
	if len(s.Enum) > 0 {
		matched := false
		for _, item := range s.Enum {
			if sameJSON(v, item) == sureEqual {
				matched = true
				break
			}
		}
		if !matched {
			return false
		}
	}
	if f.format != nil && !f.format(v) {
		return false
	}
	switch x := v.(type) {
	case map[string]any:
		if !f.quickObject(x, depth) {
			return false
		}
	case []any:
		if !f.quickArray(x, depth) {
			return false
		}
	case string:
		if s.MinLength != -1 || s.MaxLength != -1 {
			n := utf8.RuneCountInString(x)
			if (s.MinLength != -1 && n < s.MinLength) || (s.MaxLength != -1 && n > s.MaxLength) {
				return false
			}
		}
		if s.Pattern != nil && !s.Pattern.MatchString(x) {
			return false
		}
	}
	if isNum && (f.hasMin || f.hasXmin || f.hasMax || f.hasXmax || s.MultipleOf != nil) {
		if !f.quickNumber(num) {
			return false
		}
	}
	if f.ref != nil || s.Ref != nil {
		if !f.ref.quick(v, depth+1) {
			return false
		}
	}
	for _, a := range f.allOf {
		if !a.quick(v, depth+1) {
			return false
		}
	}
	return true
}

func (f *fastSchema) quickObject(obj map[string]any, depth int) bool {
	s := f.s
	if (s.MinProperties != -1 && len(obj) < s.MinProperties) || (s.MaxProperties != -1 && len(obj) > s.MaxProperties) {
		return false
	}
	for _, name := range s.Required {
		if _, ok := obj[name]; !ok {
			return false
		}
	}
	if len(f.patterns) == 0 && f.additional == nil && f.propertyNames == nil {
		// The common shape — named properties, additional ones allowed or
		// not — needs no walk over the object's members: look each
		// declared one up, and count them to know whether others exist.
		found := 0
		for _, p := range f.propList {
			if val, ok := obj[p.name]; ok {
				found++
				if !p.s.quick(val, depth+1) {
					return false
				}
			}
		}
		if f.noAdditional && found != len(obj) {
			return false
		}
		return f.quickDependencies(obj, depth)
	}
	for name, val := range obj {
		p, declared := f.properties[name]
		if declared && !p.quick(val, depth+1) {
			return false
		}
		matched := false
		for _, pp := range f.patterns {
			if pp.re.MatchString(name) {
				matched = true
				if !pp.s.quick(val, depth+1) {
					return false
				}
			}
		}
		if !declared && !matched {
			if f.noAdditional {
				return false
			}
			if f.additional != nil && !f.additional.quick(val, depth+1) {
				return false
			}
		}
		if f.propertyNames != nil && !f.propertyNames.quick(name, depth+1) {
			return false
		}
	}
	return f.quickDependencies(obj, depth)
}

func (f *fastSchema) quickDependencies(obj map[string]any, depth int) bool {
	s := f.s
	for name, need := range s.DependentRequired {
		if _, ok := obj[name]; ok {
			for _, n := range need {
				if _, ok := obj[n]; !ok {
					return false
				}
			}
		}
	}
	for name, d := range s.Dependencies {
		if _, ok := obj[name]; !ok {
			continue
		}
		switch d := d.(type) {
		case []string:
			for _, n := range d {
				if _, ok := obj[n]; !ok {
					return false
				}
			}
		case *jsonschema.Schema:
			if !f.dependentSchemas["\x00dep:"+name].quick(obj, depth+1) {
				return false
			}
		}
	}
	for name := range s.DependentSchemas {
		if _, ok := obj[name]; ok && !f.dependentSchemas[name].quick(obj, depth+1) {
			return false
		}
	}
	return true
}

// maxQuickUnique is the longest array whose uniqueness quick checks
// itself (pair by pair); longer ones are left to v5's hashing.
const maxQuickUnique = 64

func (f *fastSchema) quickArray(arr []any, depth int) bool {
	s := f.s
	if (s.MinItems != -1 && len(arr) < s.MinItems) || (s.MaxItems != -1 && len(arr) > s.MaxItems) {
		return false
	}
	if s.UniqueItems {
		if len(arr) > maxQuickUnique {
			return false
		}
		for i := 1; i < len(arr); i++ {
			for j := 0; j < i; j++ {
				if sameJSON(arr[i], arr[j]) != sureDifferent {
					return false
				}
			}
		}
	}
	if _, legacy := s.Items.([]*jsonschema.Schema); legacy {
		for i, item := range arr {
			switch {
			case i < len(f.prefixItems):
				if !f.prefixItems[i].quick(item, depth+1) {
					return false
				}
			case f.noAdditionalItems:
				return false
			case f.hasAdditionalItemsSchema:
				if !f.additionalItems.quick(item, depth+1) {
					return false
				}
			}
		}
		return true
	}
	for i, item := range arr {
		switch {
		case i < len(f.prefixItems):
			if !f.prefixItems[i].quick(item, depth+1) {
				return false
			}
		case f.items != nil:
			if !f.items.quick(item, depth+1) {
				return false
			}
		case s.Items2020 != nil || s.Items != nil:
			return false // a subschema quick could not mirror
		}
	}
	return true
}

// quickNumber checks the numeric bounds of a number written as text. A
// correctly rounded float64 keeps the order of distinct numbers or makes
// them equal, so a strict float comparison decides exactly; a tie once
// rounded, and multipleOf, are decided with big.Rat as v5 decides them.
func (f *fastSchema) quickNumber(n json.Number) bool {
	s := f.s
	x, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return false
	}
	var exact *big.Rat // n exactly, computed only for a tie
	unsure := false    // n is beyond exact arithmetic: v5 decides (or fails)
	cmp := func(bound float64, r *big.Rat) int {
		switch {
		case x < bound:
			return -1
		case x > bound:
			return 1
		}
		if exact == nil {
			var ok bool
			if exact, ok = new(big.Rat).SetString(string(n)); !ok {
				unsure = true
				return 0
			}
		}
		return exact.Cmp(r)
	}
	if f.hasMin && cmp(f.min, s.Minimum) < 0 {
		return false
	}
	if f.hasXmin && cmp(f.xmin, s.ExclusiveMinimum) <= 0 {
		return false
	}
	if f.hasMax && cmp(f.max, s.Maximum) > 0 {
		return false
	}
	if f.hasXmax && cmp(f.xmax, s.ExclusiveMaximum) >= 0 {
		return false
	}
	if unsure {
		return false
	}
	if s.MultipleOf != nil {
		// v5's own exact test; it allocates, but only for this keyword.
		r, ok := new(big.Rat).SetString(string(n))
		if !ok || !new(big.Rat).Quo(r, s.MultipleOf).IsInt() {
			return false
		}
	}
	return true
}

// plainInteger reports whether a number's text is an integer with no
// fraction or exponent.
func plainInteger(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

type sameness uint8

const (
	notSure sameness = iota
	sureEqual
	sureDifferent
)

// sameJSON compares two JSON values as v5's equals does, or says it is
// not sure (numbers equal once rounded but written differently).
func sameJSON(a, b any) sameness {
	switch x := a.(type) {
	case nil:
		if b == nil {
			return sureEqual
		}
	case bool:
		if y, ok := b.(bool); ok {
			return verdict(x == y)
		}
	case string:
		if y, ok := b.(string); ok {
			return verdict(x == y)
		}
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			break
		}
		if x == y {
			return sureEqual
		}
		fx, err1 := strconv.ParseFloat(string(x), 64)
		fy, err2 := strconv.ParseFloat(string(y), 64)
		if err1 == nil && err2 == nil && fx != fy {
			return sureDifferent
		}
		return notSure
	case []any:
		y, ok := b.([]any)
		if !ok {
			break
		}
		if len(x) != len(y) {
			return sureDifferent
		}
		res := sureEqual
		for i := range x {
			switch sameJSON(x[i], y[i]) {
			case sureDifferent:
				return sureDifferent
			case notSure:
				res = notSure
			}
		}
		return res
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			break
		}
		if len(x) != len(y) {
			return sureDifferent
		}
		res := sureEqual
		for k, xv := range x {
			yv, ok := y[k]
			if !ok {
				return sureDifferent
			}
			switch sameJSON(xv, yv) {
			case sureDifferent:
				return sureDifferent
			case notSure:
				res = notSure
			}
		}
		return res
	default:
		return notSure
	}
	// Different JSON types (b may also be of a Go type JSON does not have).
	switch b.(type) {
	case nil, bool, string, json.Number, []any, map[string]any:
		return sureDifferent
	}
	return notSure
}

func verdict(equal bool) sameness {
	if equal {
		return sureEqual
	}
	return sureDifferent
}
