package figure

import (
	"slices"
	"testing"

	"github.com/regdoc/regdoc/internal/canvas"
)

// TestTextsNameTheRoleOfEveryText: every text a figure draws is handed
// out with its role, in the order Draw draws them, so a reader can tell a
// tick the renderer chose from a value the spec plotted.
func TestTextsNameTheRoleOfEveryText(t *testing.T) {
	reg := Spec{Kind: RegressionChart, XLabel: "Time at 5 °C (months)", YLabel: "Purity (%)", XMax: "24", Lower: "95",
		LimitLabel: "one-sided 95 % confidence limit", ShelfLife: "20", ShelfLabel: "shelf-life estimate 20.0 months",
		Batches: []Batch{{Name: "L-1", Points: []XY{{"0", "99"}, {"12", "98"}}, Excluded: []XY{{"24", "97"}},
			Fit: []XY{{"0", "99"}, {"24", "97"}}, Limit: []XY{{"0", "98.5"}, {"24", "96"}}}}}
	for _, c := range []struct {
		name string
		spec Spec
		want map[Role][]string
	}{
		{"flow", loadSpec(t, "ivig-flow.json"), nil},
		{"trend", loadSpec(t, "trend.json"), nil},
		{"yield", loadSpec(t, "yield.json"), nil},
		{"regression", reg, map[Role][]string{
			RoleTick:      {"94", "96", "98", "100", "0", "6", "12", "18", "24"},
			RoleTitle:     {"Time at 5 °C (months)", "Purity (%)"},
			RoleLimit:     {"lower criterion 95"},
			RoleShelfLife: {"shelf-life estimate 20.0 months"},
			RoleLegend:    {"L-1"},
			RoleKey:       {"one-sided 95 % confidence limit", "not regressed"},
		}},
	} {
		texts, err := c.spec.Texts(468)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		rec := canvas.NewRecorder(nil)
		rec.AddPage(canvas.Letter, canvas.Portrait)
		parts, err := c.spec.Layout(rec, 468, 1e6, 1e6)
		if err != nil {
			t.Fatal(err)
		}
		if err := parts[0].Draw(rec, 0, 0); err != nil {
			t.Fatal(err)
		}
		var drawn, got []string
		for _, op := range rec.Texts() {
			drawn = append(drawn, op.Text)
		}
		byRole := map[Role][]string{}
		for _, x := range texts {
			got = append(got, x.Text)
			if x.Role == "" {
				t.Errorf("%s: %q has no role", c.name, x.Text)
			}
			byRole[x.Role] = append(byRole[x.Role], x.Text)
		}
		if !slices.Equal(got, drawn) {
			t.Errorf("%s: texts %q, drawn %q", c.name, got, drawn)
		}
		for r, w := range c.want {
			if !slices.Equal(byRole[r], w) {
				t.Errorf("%s: %s %q, want %q", c.name, r, byRole[r], w)
			}
		}
		switch c.spec.Kind {
		case ProcessFlow:
			for i, st := range c.spec.Steps {
				if byRole[RoleStepID][i] != st.ID {
					t.Errorf("flow: step id %d %q, want %q", i, byRole[RoleStepID][i], st.ID)
				}
			}
		case TrendChart, YieldChart:
			if len(byRole[RoleTick]) < 2 || len(byRole[RoleCategory]) != max(len(c.spec.Categories), len(c.spec.Series[0].Values)) {
				t.Errorf("%s: ticks %q, categories %q", c.name, byRole[RoleTick], byRole[RoleCategory])
			}
		}
	}
}
