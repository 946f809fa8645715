"""Every number lesson 07 quotes from the toy scoring society is recomputed here.

Section 1's worked example is exact; every other number comes from the lesson's 10 seeds, each a
new 400-person small world. Each test reruns the model at the lesson's size with its own loops
(not the lesson's `replicate` calls), formats the number as the prose does and asserts that it
appears in the notebook's markdown. A mean is quoted with the kind of interval the prose names:
"90% of runs between" or "middle 90% of seeds" is the 5th-95th percentile of runs; "90% confidence
interval for the mean" and "mean paired difference" are Student's t intervals over the seeds,
computed here from the per-seed values. Runs are made once per module.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy import stats

from support import ROOT
from utils import SocialCreditParams, build_network, friedkin_johnsen_steady_state, simulate
from utils.capstone.compare import CUT_GAIN_RULES
from utils.society.model import low_scorers

NOTEBOOK = ROOT / "lessons" / "07_peer_influence.ipynb"
SEEDS = range(10)
DEFAULT = "default (Friedkin-Johnsen)"


def run(params, steps, seed, **options):
    graph = build_network("small world", n=400, seed=seed)
    return simulate(graph, params, steps=steps, seed=seed, keep_history=False, **options)


def last(params, steps, seed, **options):
    return run(params, steps, seed, **options).metrics.iloc[-1]


def spread(values) -> tuple[float, float]:
    """The middle 90% of runs: 5th and 95th percentiles."""
    low, high = np.percentile(values, [5, 95])
    return float(low), float(high)


def interval(values) -> tuple[float, float]:
    """90% confidence interval for the mean of per-seed values (or of per-seed paired differences)."""
    values = np.asarray(values, dtype=float)
    half = stats.t.ppf(0.95, values.size - 1) * values.std(ddof=1) / np.sqrt(values.size)
    return float(values.mean() - half), float(values.mean() + half)


def test_the_lesson_uses_the_seeds_these_tests_use(setup):
    assert "RUNS = 10" in setup, "the setup cell's seeds changed: update SEEDS here and recheck the prose"


def test_three_friends_in_a_line(prose):
    s = friedkin_johnsen_steady_state(nx.path_graph(3), [0.9, 0.5, 0.1], 0.5)
    assert np.allclose(s, [0.7, 0.5, 0.3])
    assert "**s_B = 0.5**" in prose and "**s_A = 0.45 + 0.25 = 0.7**" in prose and "**s_C = 0.05 + 0.25 = 0.3**" in prose
    assert "Both give 0.7, 0.5 and 0.3" in prose


def test_agency_gini_and_assortativity_over_seeds(prose):
    names = ["agency", "score_gini", "score_assortativity"]
    runs = {b: np.array([last(SocialCreditParams(peer_weight=b, exclusion_rate=0.0, initial_enrolment=1.0), 150, s)
                          [names].to_numpy(float) for s in SEEDS]) for b in (0.0, 0.95)}
    agency = runs[0.95][:, 0]
    lo, hi = spread(agency)
    assert np.allclose(runs[0.0][:, 0], 1.0), "the prose says agency is exactly 1 at β = 0"
    assert "its bands and the brackets below hold the middle 90% of seeds" in prose
    assert f"a mean of {agency.mean():.2f} at β = 0.95 ({lo:.2f} to {hi:.2f})" in prose
    gini = runs[0.0][:, 1].mean(), runs[0.95][:, 1].mean()
    assort = runs[0.0][:, 2].mean(), runs[0.95][:, 2].mean()
    assert f"from about {gini[0]:.2f} to {gini[1]:.2f}" in prose
    assert f"from about {assort[0]:.2f} to {assort[1]:.2f}" in prose
    q = {b: np.percentile(runs[b], [5, 95], axis=0) for b in runs}
    assert (f"({q[0.0][0, 1]:.2f} to {q[0.0][1, 1]:.2f}, then {q[0.95][0, 1]:.2f} to "
            f"{q[0.95][1, 1]:.2f}): scores grow more equal") in prose
    assert (f"({q[0.0][0, 2]:.2f} to {q[0.0][1, 2]:.2f}, then {q[0.95][0, 2]:.2f} to "
            f"{q[0.95][1, 2]:.2f})") in prose
    # Section 6's reply to the accuracy defence quotes the same two means.
    assert (f"friends' scores correlate at {assort[0]:.2f} when scores are conduct alone (β = 0) "
            f"and at {assort[1]:.2f} at β = 0.95") in prose


# ------------------------------------------------------------------ section 3: why anyone cuts a tie
@pytest.fixture(scope="module")
def rules():
    """Per rule and stigma: people isolated after 200 rounds and the share for whom cutting pays at round 1, per seed."""
    setting = SocialCreditParams(peer_weight=0.9, exclusion_rate=0.3, initial_enrolment=1.0)
    out = {}
    for kappa in (0.0, 0.5):
        for name, rule in CUT_GAIN_RULES.items():
            metrics = [run(setting.replace(stigma=kappa), 200, s, score_rule=rule).metrics for s in SEEDS]
            out[kappa, name] = {"isolated": np.array([m["isolated"].iloc[-1] for m in metrics], dtype=float),
                                "pays": np.array([m["cut_pays"].iloc[1] for m in metrics], dtype=float)}
    return out


def test_the_lesson_says_what_the_model_builds_in(prose, rules):
    assert "cut ties *only* for these two reasons" in prose and "**by construction**, not found" in prose
    assert "**c = 1 − (1 − c_self)(1 − φκ)**" in prose, "the cut chance in symbols, as the model computes it"
    blind = rules[0.0, "friends-blind"]
    assert np.all(blind["isolated"] == 0) and np.all(blind["pays"] == 0), (
        "friends-blind with κ = 0: cutting never pays and nobody is cut off, in every seed (by construction)")
    assert all(rules[0.5, name]["isolated"].mean() >= 80 for name in CUT_GAIN_RULES), (
        "the prose says every rule cuts off 80 people or more with stigma κ = 0.5")


def test_where_cutting_pays_only_some_few_are_cut_off(prose, rules):
    def pays(name):
        return f"{100 * rules[0.0, name]['pays'].mean():.0f}%"

    def mean(name):
        return rules[0.0, name]["isolated"].mean()

    assert "whiskers, and the brackets below: 90% confidence intervals for the mean" in prose
    lo, hi = interval(rules[0.0, "thresholded average"]["isolated"])
    assert (f"the thresholded average pays {pays('thresholded average')} of them and cuts off "
            f"{mean('thresholded average'):.1f} people ({lo:.1f} to {hi:.1f})") in prose
    lo, hi = interval(rules[0.0, "any friend below 0.2"]["isolated"])
    assert (f"any friend below 0.2 pays {pays('any friend below 0.2')} and cuts off {mean('any friend below 0.2'):.1f} "
            f"({lo:.1f} to {hi:.1f})") in prose
    lo, hi = interval(rules[0.0, DEFAULT]["isolated"])
    assert f"The default rule pays {pays(DEFAULT)} and cuts off {mean(DEFAULT):.1f} ({lo:.1f} to {hi:.1f})" in prose
    fewer = rules[0.0, DEFAULT]["isolated"] - rules[0.0, "thresholded average"]["isolated"]
    lo, hi = interval(fewer)
    assert (f"{fewer.mean():.1f} more than the thresholded average (mean paired difference over the 10 shared seeds, "
            f"{lo:.1f} to {hi:.1f})") in prose
    lo, hi = interval(rules[0.0, "rank"]["isolated"])
    assert f"The rank pays {pays('rank')} and cuts off {mean('rank'):.1f} ({lo:.1f} to {hi:.1f})" in prose
    # "few are cut off where cutting pays only some would-be cutters, many where it pays most"
    some, most = ("thresholded average", "any friend below 0.2"), (DEFAULT, "rank")
    assert max(rules[0.0, n]["pays"].mean() for n in some) < 0.5 < min(rules[0.0, n]["pays"].mean() for n in most)
    assert max(interval(rules[0.0, n]["isolated"])[1] for n in some) < min(interval(rules[0.0, n]["isolated"])[0] for n in most)


def test_stigma_cuts_people_off_under_every_rule(prose, rules):
    assert np.all(rules[0.5, DEFAULT]["isolated"] == 80) and "the default 80 in every seed" in prose
    blind = rules[0.5, "friends-blind"]["isolated"]
    lo, hi = spread(blind)
    assert f"friends-blind {blind.mean():.1f} (90% of runs between {lo:.0f} and {hi:.0f})" in prose
    rewards = rules[0.5, "rewards low friends"]["isolated"].mean()
    assert f"which with κ = 0.5 cuts off {rewards:.1f} people on average" in prose
    assert np.all(rules[0.0, "rewards low friends"]["pays"] == 0), "under that rule cutting never pays"


# ---------------------------------------------------------- section 4: relative versus absolute cutoff
@pytest.fixture(scope="module")
def cutoffs():
    out = {}
    for cutoff in ("relative", "absolute"):
        for b in (0.3, 0.6, 0.9):
            p = SocialCreditParams(peer_weight=b, exclusion_rate=0.5, cutoff=cutoff, initial_enrolment=1.0)
            runs = [run(p, 300, s) for s in SEEDS]
            out[cutoff, b] = {"isolated": np.array([r.metrics["isolated"].iloc[-1] for r in runs], dtype=float),
                              "falsification": np.array([r.metrics["falsification_rate"].iloc[-1] for r in runs]),
                              "marked": np.array([low_scorers(r.final.score, p).sum() for r in runs])}
    return out


def test_a_relative_cutoff_marks_a_fifth_but_isolates_only_where_cutting_pays(prose, cutoffs):
    betas = (0.3, 0.6, 0.9)
    relative = [cutoffs["relative", b]["isolated"].mean() for b in betas]
    assert (f"Under the **relative** cutoff {relative[0]:.1f}, {relative[1]:.1f} and {relative[2]:.1f} people end "
            f"with no ties at β = 0.3, 0.6 and 0.9") in prose
    spreads = [spread(cutoffs["relative", b]["isolated"]) for b in betas]
    assert ("(90% of runs between " + ", ".join(f"{lo:.0f} and {hi:.0f}" for lo, hi in spreads) + ")") in prose
    assert all(np.all(cutoffs["relative", b]["marked"] == 80) for b in betas) and "The cutoff marks 80 people as low" in prose
    assert max(relative) < 80, "fewer than the 80 marked end isolated: ties are cut only where cutting pays"
    absolute = [cutoffs["absolute", b]["isolated"].mean() for b in betas]
    assert absolute == sorted(absolute, reverse=True), "the prose says exclusion fades with β under the absolute cutoff"
    assert f"({absolute[0]:.1f}, {absolute[1]:.1f}, {absolute[2]:.1f})" in prose
    gap = cutoffs["relative", 0.9]["isolated"] - cutoffs["absolute", 0.9]["isolated"]
    lo, hi = interval(gap)
    assert (f"isolates {gap.mean():.1f} more people (mean paired difference, 90% confidence interval "
            f"{lo:.1f} to {hi:.1f})") in prose


def test_falsification_is_higher_under_the_relative_cutoff(prose, cutoffs):
    gaps = [cutoffs["relative", b]["falsification"] - cutoffs["absolute", b]["falsification"] for b in (0.3, 0.6, 0.9)]
    means = [g.mean() for g in gaps]
    assert (f"by {means[0]:.3f}, {means[1]:.3f} and {means[2]:.3f} ({100 * means[0]:.1f}, {100 * means[1]:.1f} and "
            f"{100 * means[2]:.1f} percentage points)") in prose
    assert min(interval(g)[0] for g in gaps) > 0.07 and "every 90% interval lies above 0.07" in prose


def test_the_control_for_the_spiral_of_silence(prose):
    """The cutoff acts only through exclusion; switching off the fear of losing ties (ψ = 0) leaves the gap."""
    def falsification(cutoff, b, seed, steps=300, **options):
        p = SocialCreditParams(peer_weight=b, exclusion_rate=options.pop("exclusion_rate", 0.5), cutoff=cutoff,
                               initial_enrolment=1.0, **options)
        return run(p, steps, seed).metrics["falsification_rate"].to_numpy()

    # "with exclusion_rate=0 the two runs are the same run, by construction" (two seeds suffice for an identity)
    for seed in (0, 1):
        assert np.array_equal(falsification("relative", 0.6, seed, 100, exclusion_rate=0.0),
                              falsification("absolute", 0.6, seed, 100, exclusion_rate=0.0)), (
            "with φ = 0 the relative and absolute cutoffs should give the same run")
        assert np.array_equal(falsification("relative", 0.9, seed, 100, tie_value=0.0, conformity=0.0),
                              falsification("absolute", 0.9, seed, 100, tie_value=0.0, conformity=0.0)), (
            "with ψ = 0 and γ = 0 nothing links what people say to the cutoff")
    gaps = [np.array([falsification("relative", b, s, tie_value=0.0)[-1] - falsification("absolute", b, s, tie_value=0.0)[-1]
                      for s in SEEDS]) for b in (0.3, 0.6, 0.9)]
    assert f"The gap stays: {gaps[0].mean():.3f}, {gaps[1].mean():.3f} and {gaps[2].mean():.3f}" in prose
    assert min(interval(g)[0] for g in gaps) > 0.04 and "(every 90% interval lies above 0.04)" in prose
    assert "`exclusion_rate=0` the two runs are the same run, by construction" in prose


def test_the_dashboard_note_on_members(prose):
    from utils.society.dashboards import _SOCIETY_SERIES
    assert "enrolled" in _SOCIETY_SERIES and SocialCreditParams().default_score == 0.3
    assert "a non-member's own behaviour counts as s_def = 0.3" in prose
