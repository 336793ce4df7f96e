#!/usr/bin/env python3
"""Reference values for the stability package's tests.

Evaluates each data set in this folder (*.json with "points") with SciPy and
statsmodels, independently of the Go code, and writes reference.json:

    python3 reference.py > reference.json

Method (ICH Q1E): points marked "excluded" are dropped; ordinary least squares
per batch; the sequential ANCOVA of
value ~ month + C(batch) + C(batch):month gives
the equality-of-intercepts test (time-only line against common slope with
separate intercepts) and the equality-of-slopes test (common slope against
separate lines), both against the full model's residual mean square (anova_lm
on the three nested fits);
slopes p < 0.25 -> each batch its own regression, else intercepts p < 0.25 ->
common slope with separate intercepts, else one pooled line. The confidence
limit of the mean is statsmodels get_prediction().conf_int(alpha): alpha = 0.10
for a one-sided 95 % limit, 0.05 for "either" (two-sided 95 %). The crossing
with the criterion is found with scipy.optimize.brentq after a 0.025-month scan.
"""
import glob, json, sys
import mpmath
import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.formula.api as smf
from statsmodels.stats.anova import anova_lm
from scipy import stats, special, optimize

HORIZON = 120.0


def limits(model, frame, alpha):
    pred = model.get_prediction(frame).summary_frame(alpha=alpha)
    return pred["mean"].to_numpy(), pred["mean_ci_lower"].to_numpy(), pred["mean_ci_upper"].to_numpy()


def evaluate(ds):
    df = pd.DataFrame([p for p in ds["points"] if "excluded" not in p])
    df["batch"] = df["batch"].astype(str)
    batches = list(dict.fromkeys(df["batch"]))
    direction, crit = ds["direction"], ds["criterion"]
    alpha = 0.05 if direction == "either" else 0.10
    out = {"name": ds["name"], "batches": [], "excluded": sum(1 for p in ds["points"] if "excluded" in p)}
    per = {}
    for b in batches:
        sub = df[df.batch == b]
        m = smf.ols("value ~ month", data=sub).fit()
        per[b] = m
        out["batches"].append({"batch": b, "n": int(m.nobs), "intercept": m.params["Intercept"],
                               "slope": m.params["month"], "residual_sd": float(np.sqrt(m.scale)),
                               "df": int(m.df_resid)})
    # Nested models compared by anova_lm against the last (full) model's
    # residual mean square. (anova_lm(full, typ=1) on the formula would not
    # do: patsy puts C(batch) before month, so with unequal numbers of points
    # its batch row would test intercepts without adjusting for time.)
    pooled = smf.ols("value ~ month", data=df).fit()
    common = smf.ols("value ~ month + C(batch)", data=df).fit()
    full = smf.ols("value ~ month + C(batch) + C(batch):month", data=df).fit()
    table = anova_lm(pooled, common, full)
    inter, slopes = table.iloc[1], table.iloc[2]
    # The p-values are taken from scipy with the full model's residual
    # degrees of freedom: anova_lm divides by the last model's mean square but
    # reads each row's p with that row's own residual df.
    for key, row in (("slopes", slopes), ("intercepts", inter)):
        d1, d2 = int(row["df_diff"]), int(full.df_resid)
        out[key] = {"F": row["F"], "df1": d1, "df2": d2, "p": stats.f.sf(row["F"], d1, d2)}
    if out["slopes"]["p"] < 0.25:
        kind = "separate"
        models = {b: (per[b], lambda t, b=b: pd.DataFrame({"month": t})) for b in batches}
    elif out["intercepts"]["p"] < 0.25:
        kind = "common-slope"
        m = smf.ols("value ~ C(batch) + month", data=df).fit()
        models = {b: (m, lambda t, b=b: pd.DataFrame({"month": t, "batch": [b] * len(t)})) for b in batches}
    else:
        kind = "pooled"
        m = smf.ols("value ~ month", data=df).fit()
        models = {batches[0]: (m, lambda t: pd.DataFrame({"month": t}))}
    out["model"] = kind
    if kind != "separate":
        m = next(iter(models.values()))[0]
        out["model_residual_sd"], out["model_df"] = float(np.sqrt(m.scale)), int(m.df_resid)

    def margin(model, frame_of, t):
        _, lo, hi = limits(model, frame_of(np.atleast_1d(t)), alpha)
        ms = []
        if direction != "increasing" and "lower" in crit:
            ms.append(lo - crit["lower"])
        if direction != "decreasing" and "upper" in crit:
            ms.append(crit["upper"] - hi)
        return np.min(np.vstack(ms), axis=0)

    estimates = []
    for b, (model, frame_of) in models.items():
        grid = np.arange(0, HORIZON + 1e-9, 0.025)
        mg = margin(model, frame_of, grid)
        idx = np.nonzero(mg <= 0)[0]
        if len(idx) == 0:
            life, reached = HORIZON, False
        elif idx[0] == 0:
            life, reached = 0.0, True
        else:
            a, c = grid[idx[0] - 1], grid[idx[0]]
            life = optimize.brentq(lambda t: margin(model, frame_of, t)[0], a, c, xtol=1e-12, rtol=1e-14)
            reached = True
        probe = [0.0, 12.0, 24.0, 36.0]
        mean, lo, hi = limits(model, frame_of(np.array(probe)), alpha)
        estimates.append({"batch": b if kind != "pooled" else "", "shelf_life": life, "reached": reached,
                          "band": [{"month": t, "mean": a1, "lower": a2, "upper": a3}
                                   for t, a1, a2, a3 in zip(probe, mean, lo, hi)]})
        if kind == "separate":
            estimates[-1]["residual_sd"] = float(np.sqrt(model.scale))
    out["estimates"] = estimates
    best = min(estimates, key=lambda e: e["shelf_life"])
    out["shelf_life"], out["governing"] = best["shelf_life"], best["batch"]
    return out


def distributions():
    # t quantiles by mpmath at 40 digits: SciPy 1.10's stats.t.ppf is off by
    # up to ~5e-9 relative (e.g. df 5, p 0.95: 2.0150483727 against the true
    # 2.0150483733), more than the tolerance of the tests.
    mpmath.mp.dps = 40

    def tq(p, d):
        cdf = lambda x: 1 - mpmath.betainc(mpmath.mpf(d) / 2, 0.5, 0, d / (d + x * x), regularized=True) / 2
        return float(mpmath.findroot(lambda x: cdf(x) - mpmath.mpf(p), stats.t.ppf(p, d)))
    t = [{"p": p, "df": d, "q": tq(p, d)} for d in (1, 2, 3, 5, 10, 17, 30, 100) for p in (0.95, 0.975)]
    tc = [{"t": x, "df": d, "cdf": stats.t.cdf(x, d)} for d in (1, 4, 19) for x in (-3.0, -0.5, 0.7, 2.1, 8.0)]
    f = [{"f": x, "df1": a, "df2": b, "sf": stats.f.sf(x, a, b)} for a, b in ((1, 5), (2, 15), (4, 9), (2, 36)) for x in (0.1, 1.0, 1.4, 3.3, 25.0)]
    beta = [{"x": x, "a": a, "b": b, "i": special.betainc(a, b, x)} for a, b in ((0.5, 0.5), (2.5, 7.0), (15.0, 0.5), (30.0, 40.0)) for x in (0.01, 0.3, 0.5, 0.9, 0.999)]
    return {"t_quantile": t, "t_cdf": tc, "f_sf": f, "betainc": beta}


def main():
    sets = [json.load(open(p)) for p in sorted(glob.glob("*.json")) if p != "reference.json"]
    ref = {"generated_by": "reference.py with SciPy %s, statsmodels %s, NumPy %s, pandas %s, mpmath %s" % (
        scipy.__version__, statsmodels.__version__, np.__version__, pd.__version__, mpmath.__version__),
        "horizon": HORIZON, "sets": [evaluate(s) for s in sets], "distributions": distributions()}
    json.dump(ref, sys.stdout, indent=1, default=float)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
