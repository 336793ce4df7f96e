package checks

// Firing and quiet cases of the cross-file consistency rules (XF-01 …
// XF-07), each an edit of the worked example; the firing ones are the
// faults the regulatory review found in earlier versions of it.
func consistencyRuleCases() []ruleCase {
	const p9ph = `{ "id": "P9-ph", "name": "pH", "unit": "1", "nor": { "low": 4.1, "high": 4.3 }, "par": { "low": 4.0, "high": 4.4 }`
	const p9temp = `"set_point": 25, "nor": { "low": 23, "high": 27 }, "par": { "low": 22, "high": 28 }, "criticality": "CPP", "justification": "Virus inactivation study VS-09." }`
	const p1hold = `"unit": "h", "nor": { "high": 24 }, "par": { "high": 24 }, "criticality": "KPP", "justification": "Hold-time study HT-01`
	const p1thaw = `"set_point": 2, "nor": { "low": 1, "high": 3 }, "par": { "low": 0.5, "high": 4 }`
	const p5cap = `"capacity": { "value": 600, "unit": "L" },
      "cycles": 1,`
	return []ruleCase{
		// XF-01
		{rule: "XF-01", name: "P7 allows a pH that P9 has not validated",
			edits: []edit{{proc, `"nor": { "low": 4.1, "high": 4.3 }, "par": { "low": 4.0, "high": 4.4 }, "criticality": "CPP", "justification": "Specification", "cites_specification": true }`, `"nor": { "low": 4.1, "high": 4.3 }, "par": { "low": 4.0, "high": 4.5 }, "criticality": "CPP", "justification": "Specification", "cites_specification": true }`},
				{proc, `"criterion": { "type": "range", "low": 4.0, "high": 4.4, "unit": "1" }, "action": "Adjust and retest"`, `"criterion": { "type": "range", "low": 4.0, "high": 4.5, "unit": "1" }, "action": "Adjust and retest"`}},
			want: []want{
				{code: "XF-01", kind: proc, pointer: "/steps/8/parameters/0/par", at: `"high": 4.3 }, "par": »{ "low": 4.0, "high": 4.4 }, "criticality": "CPP", "justification": "Virus`,
					msgs: []string{"step P9 takes its solution from step P7 unchanged, but its PAR for pH, 4.0–4.4, does not cover the PAR of P7-ph (4.0–4.5) at process.json:175"}},
			}},
		{rule: "XF-01", name: "the specification allows a pH the final step has not validated",
			edits: []edit{{spec, `"criterion": { "type": "range", "low": 4.0, "high": 4.4, "unit": "1" }`, `"criterion": { "type": "range", "low": 4.0, "high": 4.5, "unit": "1" }`}},
			want: []want{
				{code: "XF-01", kind: proc, pointer: "/steps/8/parameters/0/par", at: `"high": 4.3 }, "par": »{ "low": 4.0, "high": 4.4 }, "criticality": "CPP", "justification": "Virus`,
					msgs: []string{"step P9 holds the final product, but its PAR for pH, 4.0–4.4, does not cover the specification's pH (4.0–4.5) at specification.json:22"}},
			}},
		{rule: "XF-01", name: "P9 pH PAR wider than P7's",
			edits: []edit{{proc, p9ph, `{ "id": "P9-ph", "name": "pH", "unit": "1", "nor": { "low": 4.1, "high": 4.3 }, "par": { "low": 3.9, "high": 4.5 }`}}},

		// XF-02
		{rule: "XF-02", name: "P1 hold PAR longer than the validated hold",
			edits: []edit{{proc, p1hold, `"unit": "h", "nor": { "high": 24 }, "par": { "high": 36 }, "criticality": "KPP", "justification": "Hold-time study HT-01`}},
			want: []want{{code: "XF-02", kind: proc, pointer: "/steps/0/parameters/1/par/high", at: `"par": { "high": »36 }`,
				msgs: []string{"allows a hold of 36 h, longer than the validated maximum hold of Cryo-poor plasma, 24 h, at process.json:42"}}}},
		{rule: "XF-02", name: "hold PAR shorter than the validated hold",
			edits: []edit{{proc, p1hold, `"unit": "h", "nor": { "high": 12 }, "par": { "high": 18 }, "criticality": "KPP", "justification": "Hold-time study HT-01`}}},

		// XF-03
		{rule: "XF-03", name: "P7 pH control rejects inside the PAR",
			edits: []edit{{proc, `"criterion": { "type": "range", "low": 4.0, "high": 4.4, "unit": "1" }, "action": "Adjust and retest"`, `"criterion": { "type": "range", "low": 4.1, "high": 4.3, "unit": "1" }, "action": "Batch rejected"`}},
			want: []want{{code: "XF-03", kind: proc, pointer: "/steps/6/parameters/3/par", at: `"nor": { "low": 4.1, "high": 4.3 }, "par": »{ "low": 4.0, "high": 4.4 }, "criticality": "CPP", "justification": "Specification`,
				msgs: []string{"the PAR of P7-ph (pH), 4.0–4.4, is wider than what in-process control P7-ipc-ph (pH) accepts, 4.1–4.3, at process.json:179 (action: Batch rejected)"}}}},
		{rule: "XF-03", name: "control limits equal to the PAR",
			edits: []edit{{proc, `"criterion": { "type": "range", "low": 4.0, "high": 4.4, "unit": "1" }, "action": "Adjust and retest"`, `"criterion": { "type": "range", "low": 4.0, "high": 4.4, "unit": "1" }, "action": "Batch rejected"`}}},

		// XF-04
		{rule: "XF-04", name: "AEX load on two 200 L columns",
			edits: []edit{{proc, p5cap, `"capacity": { "value": 400, "unit": "L" },
      "cycles": 1,`}},
			want: []want{{code: "XF-04", kind: proc, pointer: "/steps/4/capacity", at: `"capacity": »{ "value": 400`,
				msgs: []string{"step P5 loads 33.374 kg on 400 L in 1 cycle: 83.4 g/L resin per cycle, above the PAR of P5-load (≤ 80 g/L resin) at process.json:128"}}}},
		{rule: "XF-04", name: "virus filter too small for the volume at the lowest protein concentration",
			edits: []edit{{proc, `"capacity": { "value": 4, "unit": "m²" },`, `"capacity": { "value": 2, "unit": "m²" },`}},
			want: []want{{code: "XF-04", kind: proc, pointer: "/steps/5/capacity", at: `"capacity": »{ "value": 2, "unit": "m²" }`,
				msgs: []string{"step P6 loads 31.372 kg (as 2091 L at 15.0 g/L, the lowest protein concentration the step allows, at process.json:151) on 2 m² in 1 cycle: 1045.7 L/m² per cycle, above the PAR of P6-loading (≤ 800 L/m²) at process.json:153"}}}},
		{rule: "XF-04", name: "the same columns in two cycles",
			edits: []edit{{proc, p5cap, `"capacity": { "value": 400, "unit": "L" },
      "cycles": 2,`}}},

		// XF-05
		{rule: "XF-05", name: "step with CPPs marked not critical",
			edits: []edit{{proc, `"id": "P2",`, `"id": "P2", "critical": false,`}},
			want: []want{{code: "XF-05", kind: proc, pointer: "/steps/1/critical", at: `"id": "P2", "critical": »false`,
				msgs: []string{"step P2 is marked not critical but has CPP P2-ethanol (process.json:"}}}},
		{rule: "XF-05", name: "step with only KPPs marked critical",
			edits: []edit{{proc, `"action": "Pool rejected", "critical": true }`, `"action": "Pool rejected", "critical": false }`},
				{proc, `"id": "P1",`, `"id": "P1", "critical": true,`}},
			want: []want{{code: "XF-05", kind: proc, pointer: "/steps/0/critical", at: `"id": "P1", "critical": »true`,
				msgs: []string{"step P1 is marked critical but has no CPP and no critical in-process control"}}}},
		{rule: "XF-05", name: "marking that agrees with the CPPs",
			edits: []edit{{proc, `"id": "P2",`, `"id": "P2", "critical": true,`}}},

		// XF-07
		{rule: "XF-07", name: "thaw PAR reaching below 0 °C",
			edits: []edit{{proc, p1thaw, `"set_point": 2, "nor": { "low": 1, "high": 3 }, "par": { "low": -1, "high": 4 }`}},
			want: []want{{code: "XF-07", kind: proc, pointer: "/steps/0/parameters/0/par/low", at: `"par": { "low": »-1, "high": 4 }`,
				msgs: []string{"a PAR reaching down to -1 °C cannot thaw frozen plasma"}}}},
		{rule: "XF-07", name: "thaw range just above 0 °C",
			edits: []edit{{proc, p1thaw, `"set_point": 2, "nor": { "low": 1, "high": 3 }, "par": { "low": 0.1, "high": 4 }`}}},

		// XF-06
		{rule: "XF-06", name: "combined P3+P4 study below P3 alone",
			edits: []edit{{viral, "\"id\": \"VS-04-EMCV\",\n      \"report\": \"VS-04\",\n      \"steps\": [\n        \"P4\"\n      ],", "\"id\": \"VS-04-EMCV\",\n      \"report\": \"VS-04\",\n      \"steps\": [\n        \"P3\", \"P4\"\n      ],"}},
			want: []want{{code: "XF-06", kind: viral, pointer: "/studies/9/reported_lrv/value", at: "»0.4",
				msgs: []string{"study VS-04-EMCV of steps P3+P4 reduces EMCV by 0.4 log, less than study VS-03-EMCV of step P3 alone (3.1 log, at viral-clearance.json:"}}}},
		{rule: "XF-06", name: "steps studied separately",
			edits: []edit{{viral, "\"id\": \"VS-04-EMCV\",\n      \"report\": \"VS-04\",", "\"id\": \"VS-04-EMCV\",\n      \"report\": \"VS-04b\","}}},

		// XF-08
		{rule: "XF-08", name: "claim 4 recites a pH the P9 PAR does not cover",
			edits: []edit{{claim, `"claimed_range": { "low": 4.0, "high": 4.4, "unit": "1" }`, `"claimed_range": { "low": 4.0, "high": 4.5, "unit": "1" }`}},
			want: []want{
				{code: "XF-08", kind: claim, pointer: "/claims/3/elements/0/claimed_range", at: `"claimed_range": »{ "low": 4.0, "high": 4.5`,
					msgs: []string{"claim element 4a claims 4.0–4.5, but the PAR of P9-ph (pH) is 4.0–4.4 at process.json:220"}},
				// The claim chart's own warning on the same element.
				{code: "PT-04", sev: "warning", kind: claim, pointer: "/claims/3/elements/0/claimed_range", at: `"claimed_range": »{ "low": 4.0, "high": 4.5`},
			}},
		{rule: "XF-08", name: "claimed range inside the PAR",
			edits: []edit{{claim, `"claimed_range": { "low": 4.0, "high": 4.4, "unit": "1" }`, `"claimed_range": { "low": 4.1, "high": 4.3, "unit": "1" }`}}},

		// VC-13
		{rule: "VC-13", name: "plasma product without the B19 margin data",
			edits: []edit{{viral, `  "plasma_safety": {
    "virus": "Parvovirus B19",
    "model_virus": "PPV",
    "pool_limit_iu_per_ml": 1e4,
    "plasma_per_dose_l": 18.7,
    "dose_basis": "140 g IgG, the largest single dose (2 g/kg at 70 kg), at 7.50 g IgG per L of plasma"
  },
`, ``}},
			want: []want{{code: "VC-13", sev: "warning", kind: viral, pointer: "", at: "»{\n  \"$schema\"",
				msgs: []string{"the process starts from plasma and the panel models a non-enveloped DNA virus (PPV), but the file gives no plasma_safety"}}}},
		{rule: "VC-13", name: "margin against a virus outside the panel",
			edits: []edit{{viral, `"model_virus": "PPV",`, `"model_virus": "MVM",`}},
			want: []want{{code: "VC-13", sev: "warning", kind: viral, pointer: "/plasma_safety/model_virus", at: `"model_virus": »"MVM"`,
				msgs: []string{`plasma_safety names model virus "MVM", which is not in the virus panel`}}}},

		// VC-14
		{rule: "VC-14", name: "a value not counted without its reason",
			edits: []edit{{viral, `"claimed": false,
      "note": "Not claimed: 0.7 log is not above 1 log (ICH Q5A)."`, `"claimed": false`}},
			want: []want{{code: "VC-14", sev: "warning", kind: viral, pointer: "/studies/17/claimed", at: `"claimed": »false
    },
    {
      "id": "VS-06-HIV-1"`,
				msgs: []string{"study VS-05-PPV (P5, PPV) is not counted towards the total and gives no reason"}}}},
	}
}
