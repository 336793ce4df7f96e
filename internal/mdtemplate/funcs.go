package mdtemplate

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"

	"github.com/regdoc/regdoc/internal/model"
	"github.com/regdoc/regdoc/internal/stats"
)

// Funcs is the function library templates call. Each function formats a
// value the way submissions print it and returns plain text (escaped later
// by the rewritten action) unless it builds Markdown structure itself.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"num":          Num,
		"sci":          Sci,
		"fixed":        Fixed,
		"sig":          Sig,
		"pct":          Pct,
		"unit":         unitValue,
		"qty":          qtyValue,
		"span":         spanValue,
		"between":      betweenValue,
		"limit":        limitValue,
		"meansd":       MeanSD,
		"date":         LongDate,
		"isodate":      ISODate,
		"result":       ResultText,
		"titre":        Titre,
		"add":          Add,
		"join":         strings.Join,
		"lower":        lowerValue,
		"lcfirst":      lowerFirstValue,
		"verdict":      Verdict,
		"lrv":          LRVText,
		"mech":         Mechanism,
		"flowFigure":   FlowFigure,
		"yieldFigure":  YieldFigure,
		"trendFigure":  TrendFigure,
		"stabFigure":   StabilityFigure,
		"numeral":      Numeral,
		"curveNumeral": CurveNumeral,
		"table":        Table,
		"count":        Count,
		"json":         jsonText,
		"printf":       Printf,
	}
}

// Bounds of the numeric arguments that size what a function prints: a
// width or a number of decimals is a count of characters, so an
// unchecked one lets a template allocate gigabytes ({{fixed 100000000 1}}).
const (
	maxDecimals = 20        // fixed, pct, meansd: 0…20 decimals
	maxSigFigs  = 17        // sig: 1…17 significant figures (all a float64 holds)
	maxNumeral  = 1_000_000 // numeral: step index 0…1,000,000
	maxWidth    = 999       // printf: widths and precisions up to 999
)

func checkDecimals(fn string, n int) error {
	if n < 0 || n > maxDecimals {
		return fmt.Errorf("%s: %d decimals is out of range; give 0 to %d", fn, n, maxDecimals)
	}
	return nil
}

// finite accepts a number a function can print: NaN and infinities are
// not data and would make rounding loop.
func finite(fn string, v any) (float64, error) {
	f, err := toFloat(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", fn, err)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s: %v is not a finite number", fn, f)
	}
	return f, nil
}

// Add adds two integers, refusing a sum that overflows.
func Add(a, b int) (int, error) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, fmt.Errorf("add: %d + %d overflows", a, b)
	}
	return s, nil
}

// Printf is fmt.Sprintf with widths and precisions bounded, so
// "%0100000000d" cannot allocate a gigabyte; it replaces the built-in.
func Printf(format string, args ...any) (string, error) {
	star := false
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0.*[]123456789", format[j]) >= 0 {
			if format[j] == '*' {
				star = true
			}
			j++
		}
		spec := format[i+1 : j]
		for _, num := range strings.FieldsFunc(spec, func(r rune) bool { return r < '0' || r > '9' }) {
			if n, err := strconv.Atoi(num); err != nil || n > maxWidth {
				return "", fmt.Errorf("printf: width or precision %s is out of range; give at most %d", num, maxWidth)
			}
		}
		i = j
	}
	if star {
		for _, a := range args {
			if n, ok := a.(int); ok && (n > maxWidth || n < -maxWidth) {
				return "", fmt.Errorf("printf: width or precision %d is out of range; give at most %d", n, maxWidth)
			}
		}
	}
	return fmt.Sprintf(format, args...), nil
}

// toFloat accepts the numeric types templates meet.
func toFloat(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case model.Number:
		return x.Float(), nil
	case *model.Number:
		if x == nil {
			return 0, fmt.Errorf("missing number")
		}
		return x.Float(), nil
	}
	return 0, fmt.Errorf("not a number: %T", v)
}

// Num prints a data number exactly as written ("7.0" stays "7.0"), with a
// typographic minus sign; other numbers print in Go's shortest form.
func Num(v any) (string, error) {
	switch x := v.(type) {
	case model.Number:
		return minus(x.String()), nil
	case *model.Number:
		if x == nil {
			return "", fmt.Errorf("missing number")
		}
		return minus(x.String()), nil
	}
	f, err := toFloat(v)
	if err != nil {
		return "", err
	}
	return strconv.FormatFloat(f, 'f', -1, 64), nil
}

// Fixed prints v with exactly n decimals, rounding half up: fixed 1 74.95 → 75.0.
func Fixed(n int, v any) (string, error) {
	if err := checkDecimals("fixed", n); err != nil {
		return "", err
	}
	f, err := finite("fixed", v)
	if err != nil {
		return "", err
	}
	return stats.Format(f, n), nil
}

// Sig prints v to n significant figures: sig 3 0.012345 → 0.0123.
func Sig(n int, v any) (string, error) {
	if n < 1 || n > maxSigFigs {
		return "", fmt.Errorf("sig: %d significant figures is out of range; give 1 to %d", n, maxSigFigs)
	}
	f, err := finite("sig", v)
	if err != nil {
		return "", err
	}
	if f == 0 {
		return stats.Format(f, max(n-1, 0)), nil
	}
	mag := int(math.Floor(math.Log10(math.Abs(f))))
	dec := n - 1 - mag
	if dec < 0 {
		p := math.Pow(10, float64(-dec))
		return stats.Format(stats.RoundHalfUp(f/p, 0)*p, 0), nil
	}
	return stats.Format(f, dec), nil
}

// Pct prints a percentage with n decimals and a thin space before the sign,
// as SI style asks: pct 1 75 → "75.0 %".
func Pct(n int, v any) (string, error) {
	if err := checkDecimals("pct", n); err != nil {
		return "", err
	}
	f, err := finite("pct", v)
	if err != nil {
		return "", err
	}
	s := stats.Format(f, n)
	return s + nbsp + "%", nil
}

// Unit prints a unit in its printed form (UnitForm: log₁₀, TCID₅₀, m²);
// the dimensionless unit "1" prints as nothing.
func Unit(u string) string {
	if u == "1" {
		return ""
	}
	return UnitForm(u)
}

func withUnit(s, u string) string {
	if u = Unit(u); u == "" {
		return s
	}
	return s + nbsp + strings.ReplaceAll(u, " ", nbsp)
}

// The template functions that print units return unitText, so the
// escaper sets the units' exponents and indices as real superscripts and
// subscripts; the exported functions give the same text with Unicode
// script characters, for Go callers and figure labels.

func unitValue(u string) unitText { return unitText(Unit(u)) }

func qtyValue(q model.Quantity) unitText { return unitText(Qty(q)) }

func spanValue(r any, unit string) (unitText, error) {
	s, err := Span(r, unit)
	return unitText(s), err
}

func betweenValue(r any, unit string) (unitText, error) {
	s, err := Between(r, unit)
	return unitText(s), err
}

// limitValue is limit: a text criterion is rich (it may write 10^4^ or
// *E. coli*), every other kind a limit with its unit.
func limitValue(c model.Criterion) (any, error) {
	if c.Type == "text" {
		return c.Text, nil
	}
	s, err := Limit(c)
	return unitText(s), err
}

// nbsp (U+00A0) joins a number to its unit, a sign to its number and the
// parts of a short range, so a line or table cell never breaks inside
// "40.000 kg", "≥ 18 mM" or "−6 to −4".
const nbsp = "\u00a0"

// Qty prints a quantity as written with its unit: "10.0 g/L".
func Qty(q model.Quantity) string {
	if !q.Valid() {
		return ""
	}
	return withUnit(q.Value.String(), q.Unit)
}

// asRange accepts a range or a pointer to one; ok is false for a nil
// pointer (an absent range prints as nothing) and for other types, which
// are an error naming the function.
func asRange(fn string, r any) (model.Range, bool, error) {
	switch x := r.(type) {
	case model.Range:
		return x, true, nil
	case *model.Range:
		if x == nil {
			return model.Range{}, false, nil
		}
		return *x, true, nil
	}
	return model.Range{}, false, fmt.Errorf("%s: not a range: %T", fn, r)
}

// Span prints a range with its unit: "4.0–4.5", "≥ 18 mM", "≤ 24 h".
func Span(r any, unit string) (string, error) {
	rg, ok, err := asRange("span", r)
	if !ok {
		return "", err
	}
	var s string
	switch {
	case rg.Low != nil && rg.High != nil:
		s = rg.Low.String() + "–" + rg.High.String()
		if rg.Low.Float() < 0 || rg.High.Float() < 0 {
			s = rg.Low.String() + nbsp + "to" + nbsp + rg.High.String()
		}
	case rg.Low != nil:
		s = "≥" + nbsp + rg.Low.String()
	case rg.High != nil:
		s = "≤" + nbsp + rg.High.String()
	default:
		return "", nil
	}
	return withUnit(minus(s), unit), nil
}

// Between words a range for running text: "from 23 to 27 % v/v",
// "at least 18 mM", "at most 1.5 mS/cm".
func Between(r any, unit string) (string, error) {
	rg, ok, err := asRange("between", r)
	if !ok {
		return "", err
	}
	var s string
	switch {
	case rg.Low != nil && rg.High != nil:
		s = "from " + rg.Low.String() + " to " + rg.High.String()
	case rg.Low != nil:
		s = "at least " + rg.Low.String()
	case rg.High != nil:
		s = "at most " + rg.High.String()
	default:
		return "", nil
	}
	return withUnit(minus(s), unit), nil
}

// minus replaces ASCII hyphen-minus signs before digits with U+2212, the
// typographic minus: "-5" → "−5".
func minus(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '-' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && (i == 0 || s[i-1] == ' ' || s[i-1] == '(' || s[i-1] == 0xA0) {
			b.WriteString("−")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Limit prints an acceptance criterion: "90–110 g/L", "≤ 2.0 %", "< 0.16 IU/mL",
// "≤ 1:64", "Complies", "Report result".
func Limit(c model.Criterion) (string, error) {
	switch c.Type {
	case "range":
		return Span(model.Range{Low: c.Low, High: c.High}, c.Unit)
	case "nlt":
		return withUnit("≥"+nbsp+c.Value.String(), c.Unit), nil
	case "nmt":
		return withUnit("≤"+nbsp+c.Value.String(), c.Unit), nil
	case "lt":
		return withUnit("<"+nbsp+c.Value.String(), c.Unit), nil
	case "gt":
		return withUnit(">"+nbsp+c.Value.String(), c.Unit), nil
	case "titre_max":
		return "≤" + nbsp + "1:" + c.Value.String(), nil
	case "text":
		return string(c.Text), nil
	case "report":
		if u := Unit(c.Unit); u != "" {
			return "Report result (" + u + ")", nil
		}
		return "Report result", nil
	}
	return "", fmt.Errorf("limit: unknown criterion type %q", c.Type)
}

// ResultText prints a reported result as written: "99.2", "< 2", "1:16", "Complies".
func ResultText(r *model.Result) string {
	switch {
	case r == nil:
		return "n.t."
	case r.Text != "":
		return r.Text
	case r.Titre > 0:
		return Titre(r.Titre)
	case r.Value != nil && r.Qualifier != "":
		return r.Qualifier + nbsp + r.Value.String()
	case r.Value != nil:
		return r.Value.String()
	}
	return "n.t."
}

// Titre prints a reciprocal titre as a ratio: 16 → "1:16".
func Titre(n int) string { return fmt.Sprintf("1:%d", n) }

// MeanSD prints "mean ± SD" with n decimals.
func MeanSD(n int, mean, sd float64) (string, error) {
	if err := checkDecimals("meansd", n); err != nil {
		return "", err
	}
	if _, err := finite("meansd", mean); err != nil {
		return "", err
	}
	if _, err := finite("meansd", sd); err != nil {
		return "", err
	}
	return stats.Format(mean, n) + nbsp + "±" + nbsp + stats.Format(sd, n), nil
}

// LongDate prints an ISO 8601 date as "24 November 2026".
func LongDate(iso string) (string, error) {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return "", fmt.Errorf("date: %q is not YYYY-MM-DD", iso)
	}
	return t.Format("2 January 2006"), nil
}

// ISODate checks and prints an ISO 8601 date.
func ISODate(iso string) (string, error) {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return "", fmt.Errorf("isodate: %q is not YYYY-MM-DD", iso)
	}
	return t.Format("2006-01-02"), nil
}

func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// richString is a rich value a template function derived from another
// (lcfirst of a rich purpose), so it keeps its marks.
type richString string

func (r richString) RichText() string { return string(r) }

// lowerFirstValue is lcfirst: LowerFirst of a string, and of a rich value a
// rich value again, so a step's purpose keeps its italics and exponents
// when it runs on inside a sentence.
func lowerFirstValue(v any) (any, error) {
	switch v := v.(type) {
	case string:
		return LowerFirst(v), nil
	case RichText:
		return richString(LowerFirst(v.RichText())), nil
	}
	return nil, textOnly("lcfirst", v)
}

// lowerValue is lower: the text in lower case. A unit is refused, since
// its case is part of it.
func lowerValue(v any) (string, error) {
	switch v.(type) {
	case unitText, RichText:
	default:
		if rv := reflect.ValueOf(v); rv.IsValid() && rv.Kind() == reflect.String {
			return strings.ToLower(rv.String()), nil
		}
	}
	return "", textOnly("lower", v)
}

// textOnly is the error of a function that changes the case of text,
// given something else: a unit, whose letters mean what they say, or a
// value that is not text at all. It names the value as the writer knows
// it, never by its Go type.
func textOnly(fn string, v any) error {
	if u, ok := v.(unitText); ok {
		return fmt.Errorf("%s: “%s” holds a unit (printed by unit, qty, span, between or limit), and a unit's case is part of its meaning (mS is not ms, Mg is not mg), so %s does not change it: print the unit as it is, and apply %s to the words around it only", fn, strings.ReplaceAll(string(u), nbsp, " "), fn, fn)
	}
	return fmt.Errorf("%s changes the case of text, and this is %s; give it a name or words (a text field of the data, or a quoted string)", fn, valueWords(v))
}

// valueWords names the kind of a template value in the words of a
// template writer.
func valueWords(v any) string {
	if v == nil {
		return "nothing (a missing value)"
	}
	switch v.(type) {
	case RichText:
		return "formatted text (a description or criterion that may hold emphasis), whose marks the case would change"
	case model.Number, *model.Number, json.Number:
		return "a number"
	case model.Quantity, *model.Quantity:
		return "a quantity (a number with its unit)"
	case model.Range, *model.Range:
		return "a range"
	case model.Criterion, *model.Criterion:
		return "an acceptance criterion"
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Bool:
		return "a yes/no value"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map:
		return "a set of named values"
	}
	return "a record with fields (such as a step or a test); name one of its text fields"
}

// LowerFirst lowers the first letter of a sentence or name so it can run on
// inside a sentence, but leaves acronyms and symbols alone: "Thaw
// temperature" → "thaw temperature", "IgG purity" and "pH" stay as they are.
func LowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 || !unicode.IsUpper(r[0]) {
		return s
	}
	if len(r) > 1 && (unicode.IsUpper(r[1]) || unicode.IsDigit(r[1])) {
		return s
	}
	for i := 1; i < len(r) && r[i] != ' ' && r[i] != '-'; i++ {
		if unicode.IsUpper(r[i]) {
			return s // IgG, IgA: mixed-case words keep their case
		}
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// Verdict evaluates a result against a criterion (rounding to the limit's
// decimals first) and prints the outcome: "Pass", "Fail", "Indeterminate"
// or "Not tested".
func Verdict(c model.Criterion, r *model.Result) string {
	v := string(model.Evaluate(c, r))
	if v == "" {
		return ""
	}
	return strings.ToUpper(v[:1]) + v[1:]
}

// LRVText prints a reported log reduction value with its qualifier: "≥ 5.5".
func LRVText(l model.LRV) string {
	if l.Qualifier != "" {
		return l.Qualifier + nbsp + l.Value.String()
	}
	return l.Value.String()
}

// Mechanism prints a virus-reduction mechanism code as words.
func Mechanism(code string) string {
	switch code {
	case "solvent_detergent":
		return "solvent/detergent inactivation"
	case "caprylate":
		return "caprylate inactivation"
	case "low_pH":
		return "low-pH inactivation"
	case "heat":
		return "heat inactivation"
	case "precipitation_partition":
		return "partitioning in precipitation"
	case "depth_filtration":
		return "removal by depth filtration"
	case "chromatography_AEX":
		return "anion-exchange chromatography"
	case "chromatography_CEX":
		return "cation-exchange chromatography"
	case "chromatography_affinity":
		return "affinity chromatography"
	case "nanofiltration_size":
		return "size exclusion by nanofiltration"
	}
	return strings.ReplaceAll(code, "_", " ")
}

// Count prints a number with a noun in the right number: count 1
// "parameter" → "1 parameter", count 3 "parameter" → "3 parameters". A
// noun whose plural is not made with -s gives both forms:
// count 2 "batch" "batches".
func Count(n int, noun string, plural ...string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	if len(plural) > 0 {
		return fmt.Sprintf("%d %s", n, plural[0])
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
