package checks

import (
	"time"

	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/model"
)

// Chronology: a lot is made, then tested, then released, and it is judged
// against the specification version in force when it was tested. Dates out
// of order are the typical slip of a copied batch record.

func dateFamily() family {
	return family{
		rules: []Rule{
			{"DT-01", diag.Error, "A lot is released on or after its manufacture and its release testing."},
			{"DT-03", diag.Error, "A lot is tested on or after its manufacture date."},
			{"DT-04", diag.Error, "No lot date and no specification effective date lies after the document date of the manifest."},
		},
		check: checkDates,
	}
}

// day parses an ISO 8601 calendar date; malformed dates are the schema's
// finding ("format": "date"), so they are skipped here.
func day(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

func checkDates(r *reporter) {
	docDate, haveDocDate := day(r.p.Date)
	if s := r.p.Specification; haveDocDate && s != nil {
		if eff, ok := day(s.EffectiveDate); ok && eff.After(docDate) {
			r.errorf(model.KindSpecification, "DT-04", ptr("effective_date"), "specification %s becomes effective on %s, after the document date %s", s.ID, s.EffectiveDate, r.p.Date)
		}
	}
	b := r.p.Batches
	if b == nil {
		return
	}
	k := model.KindBatches
	spec := r.specFor()
	for i, l := range b.Lots {
		if l == nil {
			continue
		}
		if haveDocDate {
			// A document cannot report what had not happened when it was
			// dated: a later date is a typo or a document dated too early.
			for _, f := range []struct{ field, what, date string }{
				{"manufacture_date", "manufacture", l.ManufactureDate},
				{"test_date", "test", l.TestDate},
				{"release_date", "release", l.ReleaseDate},
			} {
				if d, ok := day(f.date); ok && d.After(docDate) {
					r.errorf(k, "DT-04", ptr("lots", i, f.field), "lot %s has %s date %s, after the document date %s", l.Lot, f.what, f.date, r.p.Date)
				}
			}
		}
		made, okMade := day(l.ManufactureDate)
		tested, okTested := day(l.TestDate)
		released, okReleased := day(l.ReleaseDate)
		if okMade && okTested && tested.Before(made) {
			r.errorf(k, "DT-03", ptr("lots", i, "test_date"), "lot %s was tested on %s, before it was manufactured on %s", l.Lot, l.TestDate, l.ManufactureDate)
		}
		switch {
		case okMade && okReleased && released.Before(made):
			r.errorf(k, "DT-01", ptr("lots", i, "release_date"), "lot %s was released on %s, before it was manufactured on %s", l.Lot, l.ReleaseDate, l.ManufactureDate)
		case okTested && okReleased && released.Before(tested):
			r.errorf(k, "DT-01", ptr("lots", i, "release_date"), "lot %s was released on %s, before its release testing on %s", l.Lot, l.ReleaseDate, l.TestDate)
		}
		// SP-01: results are judged against the version in force on the
		// test date (the release date when no test date is given). A lot
		// tested before the first version is reported, not judged — which
		// only a development, clinical, stability or PPQ lot may be.
		if spec == nil || l.JudgedOn() == "" {
			continue
		}
		if _, ok := spec.VersionFor(l); ok || l.Purpose != "commercial" {
			continue
		}
		field, verb, date := "test_date", "tested", l.TestDate
		if l.TestDate == "" {
			field, verb, date = "release_date", "released", l.ReleaseDate
		}
		first := spec.Versions()[0]
		r.errorf(k, "SP-01", ptr("lots", i, field), "commercial lot %s was %s on %s, before specification %s version %s, the first, became effective on %s; add the version in force then to the specification's history, or correct the lot's purpose or date", l.Lot, verb, date, spec.ID, first.Version, first.EffectiveDate)
	}
}
