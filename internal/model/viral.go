package model

import (
	"math"
	"sort"
)

// ViralClearance is the content of viral-clearance.json.
type ViralClearance struct {
	Viruses    []*Virus          `json:"viruses"`
	Retrovirus *RetrovirusSafety `json:"retrovirus_safety"`
	Studies    []*VirusStudy     `json:"studies"`

	// TitreUnit is what the run titres count, "TCID50" or "PFU" (per mL).
	TitreUnit string `json:"titre_unit"`
	// PlasmaSafety holds the data of a plasma product's B19 margin.
	PlasmaSafety *PlasmaSafety `json:"plasma_safety"`
}

// RetrovirusSafety is the data of the ICH Q5A(R2) retrovirus safety
// factor: particles in the unprocessed bulk and bulk per dose.
type RetrovirusSafety struct {
	Virus         string `json:"virus"`
	LogParticles  Number `json:"log10_particles_per_ml"`
	Method        string `json:"method"`
	BulkPerDoseML Number `json:"bulk_per_dose_ml"`
	DoseBasis     string `json:"dose_basis"`
}

// SafetyMargin is the computed retrovirus safety factor.
type SafetyMargin struct {
	LogParticlesPerDose float64 // log10 of particles per dose
	ClaimedLRV          float64 // claimed total reduction of the model retrovirus
	LowerBound          bool    // the claimed reduction is a lower bound (≥)
	// Margin is ClaimedLRV − LogParticlesPerDose: less than one particle
	// per 10^Margin doses.
	Margin float64
	Known  bool // false when the model retrovirus has no claimed reduction
}

// RetrovirusMargin computes particles per dose and the safety margin
// against the claimed clearance of the model retrovirus.
func (v *ViralClearance) RetrovirusMargin() SafetyMargin {
	var m SafetyMargin
	r := v.Retrovirus
	if r == nil {
		return m
	}
	m.LogParticlesPerDose = r.LogParticles.Float() + math.Log10(r.BulkPerDoseML.Float())
	for _, t := range v.Totals() {
		if t.Virus.ID == r.Virus && len(t.Studies) > 0 {
			m.ClaimedLRV, m.LowerBound, m.Known = t.Total, t.LowerBound, true
		}
	}
	m.Margin = m.ClaimedLRV - m.LogParticlesPerDose
	return m
}

// PlasmaSafety is the data of the safety margin of a plasma product
// against a non-enveloped virus the pools are tested for (B19).
type PlasmaSafety struct {
	Virus          string `json:"virus"`
	ModelVirus     string `json:"model_virus"`
	PoolLimit      Number `json:"pool_limit_iu_per_ml"`
	PlasmaPerDoseL Number `json:"plasma_per_dose_l"`
	DoseBasis      string `json:"dose_basis"`
}

// PlasmaMargin is the computed plasma safety margin: the most virus one
// dose can carry (pool limit × plasma per dose, in IU) against the claimed
// reduction of the model virus.
func (v *ViralClearance) PlasmaMargin() SafetyMargin {
	var m SafetyMargin
	ps := v.PlasmaSafety
	if ps == nil {
		return m
	}
	m.LogParticlesPerDose = math.Log10(ps.PoolLimit.Float() * ps.PlasmaPerDoseL.Float() * 1000)
	for _, t := range v.Totals() {
		if t.Virus.ID == ps.ModelVirus && len(t.Studies) > 0 {
			m.ClaimedLRV, m.LowerBound, m.Known = t.Total, t.LowerBound, true
		}
	}
	m.Margin = m.ClaimedLRV - m.LogParticlesPerDose
	return m
}

// TitreUnitText is the unit of the run titres for a column heading,
// "TCID50/mL" or "PFU/mL", or "" when the data do not say.
func (v *ViralClearance) TitreUnitText() string {
	if v.TitreUnit == "" {
		return ""
	}
	return v.TitreUnit + "/mL"
}

// Virus is one model virus of the panel.
type Virus struct {
	ID        string `json:"id"`
	Family    Rich   `json:"family"`
	Genome    string `json:"genome"`
	Enveloped bool   `json:"enveloped"`
	SizeNM    Range  `json:"size_nm"`
	ModelFor  Rich   `json:"model_for"`
}

// VirusStudy is one step (or combined steps) studied with one virus.
type VirusStudy struct {
	ID          string     `json:"id"`
	Report      string     `json:"report"`
	Steps       []string   `json:"steps"`
	Mechanism   string     `json:"mechanism"`
	Virus       string     `json:"virus"`
	Runs        []VirusRun `json:"runs"`
	ReportedLRV LRV        `json:"reported_lrv"`
	Claimed     bool       `json:"claimed"`
	Note        Rich       `json:"note"`
}

// VirusRun is one run: log10 titres per mL and volumes in mL.
type VirusRun struct {
	Run         int    `json:"run"`
	LogTitreIn  Number `json:"log_titre_in"`
	VolumeIn    Number `json:"volume_in"`
	LogTitreOut Number `json:"log_titre_out"`
	VolumeOut   Number `json:"volume_out"`
	BelowLOD    bool   `json:"below_lod"`
}

// LRV is a reported log reduction value; Qualifier is "≥" when no virus was
// detected in the output.
type LRV struct {
	Qualifier string `json:"qualifier"`
	Value     Number `json:"value"`
}

// LRV recomputes the run's log reduction value from titres and volumes
// (ICH Q5A): log10(Vin·Tin) − log10(Vout·Tout).
func (r VirusRun) LRV() float64 {
	return math.Log10(r.VolumeIn.Float()) + r.LogTitreIn.Float() - math.Log10(r.VolumeOut.Float()) - r.LogTitreOut.Float()
}

// ComputedLRV is the mean of the runs' recomputed LRVs and whether any run
// was below the limit of detection (so the value is a lower bound).
func (s *VirusStudy) ComputedLRV() (mean float64, lowerBound bool) {
	if len(s.Runs) == 0 {
		return 0, false
	}
	for _, r := range s.Runs {
		mean += r.LRV()
		lowerBound = lowerBound || r.BelowLOD
	}
	return mean / float64(len(s.Runs)), lowerBound
}

// VirusTotal is the claimed total reduction for one virus.
type VirusTotal struct {
	Virus      *Virus
	Total      float64 // sum of the claimed, displayed (one-decimal) values
	LowerBound bool    // "≥": at least one claimed term is a lower bound
	Studies    []*VirusStudy
}

// Totals sums the claimed step values per virus, in panel order. Sums use
// the values as displayed so the printed table adds up (CHECKS.md VC-07).
func (v *ViralClearance) Totals() []VirusTotal {
	out := make([]VirusTotal, 0, len(v.Viruses))
	for _, vir := range v.Viruses {
		t := VirusTotal{Virus: vir}
		for _, s := range v.Studies {
			if s.Virus != vir.ID || !s.Claimed {
				continue
			}
			t.Total += s.ReportedLRV.Value.Float()
			t.LowerBound = t.LowerBound || s.ReportedLRV.Qualifier == "≥"
			t.Studies = append(t.Studies, s)
		}
		t.Total = math.Round(t.Total*10) / 10
		out = append(out, t)
	}
	return out
}

// StudyFor returns the study of the given steps (joined) and virus, or nil.
func (v *ViralClearance) StudyFor(stepKey, virus string) *VirusStudy {
	for _, s := range v.Studies {
		if s.StepKey() == stepKey && s.Virus == virus {
			return s
		}
	}
	return nil
}

// StepKey names the studied step or steps, e.g. "P3+P4".
func (s *VirusStudy) StepKey() string {
	k := ""
	for i, id := range s.Steps {
		if i > 0 {
			k += "+"
		}
		k += id
	}
	return k
}

// StudyRows groups studies into table rows: one per studied step key and
// mechanism, in order of first appearance.
func (v *ViralClearance) StudyRows() []StudyRow {
	var rows []StudyRow
	index := map[string]int{}
	for _, s := range v.Studies {
		key := s.StepKey() + "|" + s.Mechanism
		i, ok := index[key]
		if !ok {
			i = len(rows)
			index[key] = i
			rows = append(rows, StudyRow{StepKey: s.StepKey(), Mechanism: s.Mechanism, ByVirus: map[string]*VirusStudy{}})
		}
		rows[i].ByVirus[s.Virus] = s
	}
	return rows
}

// StudyRow is one row of the LRV table.
type StudyRow struct {
	StepKey   string
	Mechanism string
	ByVirus   map[string]*VirusStudy
}

// VirusIDs lists the row's viruses, sorted, for deterministic iteration.
func (r StudyRow) VirusIDs() []string {
	ids := make([]string, 0, len(r.ByVirus))
	for id := range r.ByVirus {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// MechanismClass says whether a mechanism inactivates virus or removes it;
// a reviewer wants both kinds among the counted steps, since they fail
// under different conditions.
func MechanismClass(code string) string {
	switch code {
	case "solvent_detergent", "caprylate", "low_pH", "heat":
		return "inactivation"
	}
	return "removal"
}

// CountedStep is one step (or combined steps) with a claimed reduction:
// its mechanism, that mechanism's class and the viruses it is counted for.
type CountedStep struct {
	StepKey   string
	Mechanism string
	Class     string
	Viruses   []string
}

// CountedSteps lists the step rows with a claimed reduction for at least
// one virus, in table order, with the viruses counted in panel order.
func (v *ViralClearance) CountedSteps() []CountedStep {
	var out []CountedStep
	for _, row := range v.StudyRows() {
		c := CountedStep{StepKey: row.StepKey, Mechanism: row.Mechanism, Class: MechanismClass(row.Mechanism)}
		for _, vir := range v.Viruses {
			if s := row.ByVirus[vir.ID]; s != nil && s.Claimed {
				c.Viruses = append(c.Viruses, vir.ID)
			}
		}
		if len(c.Viruses) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// Unclaimed are the studies not counted towards a total, in file order.
func (v *ViralClearance) Unclaimed() []*VirusStudy {
	var out []*VirusStudy
	for _, s := range v.Studies {
		if s != nil && !s.Claimed {
			out = append(out, s)
		}
	}
	return out
}
