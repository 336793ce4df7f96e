package checks

import (
	"fmt"
	"math"
	"strings"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// Viral clearance (3.2.A.2): every reported LRV is recomputed from the run
// data, and the claimed total is held to ICH Q5A's limits — only factors
// above 1 log, no mechanism counted twice, replicate runs, a panel that
// covers the virus types the product could carry.

// Tolerances and limits from CHECKS.md VC-01, VC-04 and VC-06.
const (
	// lrvTolerance is how far a reported LRV may be from the mean of the
	// recomputed run LRVs: half a unit in the one decimal it is printed with.
	lrvTolerance = 0.05
	// minClaimedLRV is the value a step must exceed to count in the total.
	minClaimedLRV = 1.0
	// minRuns is the number of independent runs a claimed value needs.
	minRuns = 2
)

func viralFamily() family {
	return family{
		rules: []Rule{
			{"VC-01", diag.Error, "A study's reported LRV equals the mean of its runs' LRVs, log10(Vin) + log titre in − log10(Vout) − log titre out, within ± 0.05."},
			{"VC-02", diag.Error, "A reported LRV carries \"≥\" exactly when a run was below the limit of detection."},
			{"VC-04", diag.Error, "A claimed LRV is above 1.0 log."},
			{"VC-05", diag.Error, "Claimed studies of one virus are independent: no mechanism and no step is counted twice."},
			{"VC-06", diag.Warning, "A claimed LRV rests on at least 2 independent runs."},
			{"VC-08", diag.Warning, "The virus panel has an enveloped and a non-enveloped virus of each genome type (RNA, DNA)."},
		},
		check: checkViral,
	}
}

func checkViral(r *reporter) {
	v := r.p.ViralClearance
	if v == nil {
		return
	}
	k := model.KindViralClearance
	for i, s := range v.Studies {
		if s == nil {
			continue
		}
		at := func(parts ...any) string { return ptr(append([]any{"studies", i}, parts...)...) }
		lrv := s.ReportedLRV
		if len(s.Runs) > 0 {
			mean, lowerBound := s.ComputedLRV()
			if !math.IsNaN(mean) && !math.IsInf(mean, 0) && lrv.Value.Valid() {
				if d := math.Abs(lrv.Value.Float() - mean); d > lrvTolerance+1e-9 {
					r.errorf(k, "VC-01", at("reported_lrv", "value"), "study %s reports LRV %s, but its runs give %s (%s); the difference %s exceeds %s", s.ID, lrv.Value.String(), fixed(mean, 2), runLRVs(s), fixed(d, 2), fixed(lrvTolerance, 2))
				}
			}
			switch {
			case lowerBound && lrv.Qualifier != "≥":
				r.errorf(k, "VC-02", at("reported_lrv"), "study %s: %s below the limit of detection, so the LRV is a lower bound and must be reported as \"≥ %s\"", s.ID, belowLOD(s), lrv.Value.String())
			case !lowerBound && lrv.Qualifier == "≥":
				r.errorf(k, "VC-02", at("reported_lrv", "qualifier"), "study %s reports \"≥ %s\", but no run was below the limit of detection; report the mean without \"≥\", or mark the runs below_lod", s.ID, lrv.Value.String())
			}
		}
		if !s.Claimed {
			continue
		}
		if lrv.Value.Valid() && lrv.Value.Float() <= minClaimedLRV {
			r.errorf(k, "VC-04", at("claimed"), "study %s is claimed with LRV %s, but only a reduction above %s log counts towards the total (ICH Q5A); show it as not claimed", s.ID, strings.TrimSpace(lrv.Qualifier+" "+lrv.Value.String()), fixed(minClaimedLRV, 1))
		}
		if len(s.Runs) < minRuns {
			r.warnf(k, "VC-06", at("runs"), "study %s is claimed on %s; a claimed reduction needs at least %d independent runs", s.ID, diag.Plural(len(s.Runs), "run"), minRuns)
		}
	}
	checkIndependence(r, v)
	checkPanel(r, v)
}

// runLRVs lists each run's recomputed LRV for a VC-01 message.
func runLRVs(s *model.VirusStudy) string {
	parts := make([]string, len(s.Runs))
	for i, run := range s.Runs {
		parts[i] = fmt.Sprintf("run %d: %s", run.Run, fixed(run.LRV(), 2))
	}
	return strings.Join(parts, ", ")
}

// belowLOD names the runs below the limit of detection.
func belowLOD(s *model.VirusStudy) string {
	var runs []string
	for _, run := range s.Runs {
		if run.BelowLOD {
			runs = append(runs, fmt.Sprint(run.Run))
		}
	}
	if len(runs) == 1 {
		return "run " + runs[0] + " was"
	}
	return "runs " + strings.Join(runs, ", ") + " were"
}

// checkIndependence is VC-05: two claimed studies of one virus may not
// share a mechanism (Trejo et al. 2003: mechanistically similar steps are
// not additive) nor a step (the step would be counted twice).
func checkIndependence(r *reporter, v *model.ViralClearance) {
	k := model.KindViralClearance
	for i, s := range v.Studies {
		if s == nil || !s.Claimed {
			continue
		}
		for j := 0; j < i; j++ {
			f := v.Studies[j]
			if f == nil || !f.Claimed || f.Virus != s.Virus {
				continue
			}
			if key(f.StepKey()) == key(s.StepKey()) && f.Mechanism == s.Mechanism {
				continue // the same table cell: ID-01 reports it
			}
			if f.Mechanism == s.Mechanism {
				r.errorf(k, "VC-05", ptr("studies", i, "claimed"), "studies %s and %s are both claimed for %s with mechanism %s; reductions by the same mechanism are not additive — claim one of them, or a study of the steps combined", f.ID, s.ID, s.Virus, s.Mechanism)
				continue
			}
			if shared := sharedSteps(f.Steps, s.Steps); len(shared) > 0 {
				r.errorf(k, "VC-05", ptr("studies", i, "claimed"), "studies %s and %s are both claimed for %s and both include %s %s, which would count it twice; claim one of them", f.ID, s.ID, s.Virus, diag.Noun(len(shared), "step"), strings.Join(shared, ", "))
			}
		}
	}
}

func sharedSteps(a, b []string) []string {
	var out []string
	for _, x := range b {
		for _, y := range a {
			if key(x) == key(y) {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// checkPanel is VC-08: the panel covers enveloped and non-enveloped
// viruses of both genome types, as the viruses plasma can carry do
// (HIV and HCV; HBV; HAV; parvovirus B19).
func checkPanel(r *reporter, v *model.ViralClearance) {
	if len(v.Viruses) == 0 {
		return
	}
	have := map[string]bool{}
	for _, x := range v.Viruses {
		if x != nil {
			have[envelope(x.Enveloped)+" "+x.Genome] = true
		}
	}
	var missing []string
	for _, env := range []bool{true, false} {
		for _, g := range []string{"RNA", "DNA"} {
			if c := envelope(env) + " " + g; !have[c] {
				missing = append(missing, c)
			}
		}
	}
	if len(missing) > 0 {
		r.warnf(model.KindViralClearance, "VC-08", ptr("viruses"), "the virus panel has no %s virus; a panel should cover enveloped and non-enveloped viruses of both genome types (e.g. HIV-1, PRV, EMCV, PPV)", strings.Join(missing, ", no "))
	}
}

func envelope(enveloped bool) string {
	if enveloped {
		return "enveloped"
	}
	return "non-enveloped"
}
