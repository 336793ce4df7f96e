package model

import (
	"strings"
	"unicode"
)

// DeclaredUnit is a unit a project adds to the built-in list, with the
// dimension that says where it may be used.
type DeclaredUnit struct {
	Symbol      string `json:"symbol"`
	Dimension   string `json:"dimension"`
	Description string `json:"description"`
}

// Dimensions.
const (
	Dimensionless       = "dimensionless"
	Fraction            = "fraction"
	Temperature         = "temperature"
	Time                = "time"
	Mass                = "mass"
	Volume              = "volume"
	MassConcentration   = "mass concentration"
	Activity            = "activity"
	ActivityConc        = "activity concentration"
	AmountConcentration = "amount concentration"
)

// BuiltinUnits maps each unit regdoc knows to its dimension. It is a
// function, not a package variable, so no caller can change it.
func BuiltinUnits() map[string]string {
	return map[string]string{
		"1": Dimensionless, "%": Fraction, "% v/v": Fraction, "% w/v": MassConcentration,
		"°C": Temperature,
		"mM": AmountConcentration, "M": AmountConcentration, "mmol/L": AmountConcentration,
		"g/L": MassConcentration, "mg/L": MassConcentration, "µg/mL": MassConcentration,
		"g/L resin": "resin load",
		"mS/cm":     "conductivity",
		"bar":       "pressure",
		"L/m²":      "filter loading",
		"min":       Time, "h": Time, "d": Time,
		"kg": Mass, "g": Mass,
		"L": Volume, "mL": Volume,
		"m²":    "area",
		"IU/mL": ActivityConc, "EU/mL": ActivityConc,
		"IU/g": "activity per mass", "CH50/mg": "activity per mass",
		"ng/mg": "mass fraction", "pg/mg": "mass fraction",
		"CFU/mL":  "count concentration",
		"mOsm/kg": "osmolality",
		"cycles":  "count", "diavolumes": "count",
		"log10": "log",
	}
}

// Units maps every unit the project may use, built-in and declared, to its
// dimension. A declared unit never replaces a built-in one (the checks
// report such a declaration).
func (p *Project) Units() map[string]string {
	u := BuiltinUnits()
	if p.Process != nil {
		for _, d := range p.Process.Units {
			if _, ok := u[d.Symbol]; !ok && d.Symbol != "" {
				u[d.Symbol] = d.Dimension
			}
		}
	}
	return u
}

// SuggestUnit proposes the known unit an unknown one was meant to be, or
// "". It proposes only a unit that differs in spelling, never in what it
// measures or its size: spaces, "u" or Greek mu for the micro sign, and
// letter case — except the case of prefix letters that change the size
// (m and M, p and P, g and G), so "ug/mL" gives "µg/mL" and "mOsm/Kg"
// gives "mOsm/kg", but "µg/L" is not "g/L" and "Mg/L" is not "mg/L".
func SuggestUnit(unit string, known map[string]string) string {
	want := unitKey(unit)
	best := ""
	for k := range known {
		if k == unit || unitKey(k) != want || !sameSizeLetters(unit, k) {
			continue
		}
		if best == "" || k < best {
			best = k // deterministic when two spellings match
		}
	}
	return best
}

// unitKey folds the spelling differences SuggestUnit forgives.
func unitKey(u string) string {
	var b strings.Builder
	rs := []rune(u)
	for i, r := range rs {
		switch {
		case unicode.IsSpace(r):
			continue
		case r == 'μ': // Greek mu
			r = 'µ'
		case (r == 'u' || r == 'U') && i+1 < len(rs) && strings.ContainsRune("gLlmM", rs[i+1]) && (i == 0 || !unicode.IsLetter(rs[i-1])):
			r = 'µ' // "ug", "uL", "umol": micro written as u
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// sameSizeLetters reports whether a and b agree in the case of every
// letter whose case changes a unit's size (m/M milli/mega, p/P pico/peta,
// g/G gram/giga), compared after spaces are dropped.
func sameSizeLetters(a, b string) bool {
	strip := func(s string) []rune {
		var out []rune
		for _, r := range s {
			if !unicode.IsSpace(r) {
				out = append(out, r)
			}
		}
		return out
	}
	ra, rb := strip(a), strip(b)
	if len(ra) != len(rb) {
		return false
	}
	for i := range ra {
		if strings.ContainsRune("mMpPgG", ra[i]) && ra[i] != rb[i] {
			return false
		}
	}
	return true
}
