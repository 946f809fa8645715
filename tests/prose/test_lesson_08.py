"""Every number lesson 08 quotes from its models is recomputed here.

Granovetter's examples and the crowd's formula are deterministic; every other number is a mean
over the lesson's 10 seeds, each a new 1,000-person network or crowd, quoted with its spread (the
middle 90% of runs) or, where two settings are compared, with a 90% confidence interval for the
mean difference paired by seed (Student's t on the ten differences). Each test reruns the model at
the lesson's size, formats the number as the prose does and asserts that it appears in the
notebook's markdown. The runs are written here from the model's public functions, not copied from
the notebook, and made once per module.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy import stats

from support import ROOT
from utils import (SocialCreditParams, adoption_curve, build_network, crowd_adoption, degree_matched, initial_state,
                   mean_field_adoption, network_summary, simulate)

NOTEBOOK = ROOT / "lessons" / "08_opt_in_to_mandatory.ipynb"
SEED = 8
SEEDS = range(10)
N = 1000


def test_the_lesson_uses_the_seeds_these_tests_use(setup):
    assert f"SEED = {SEED}" in setup and "SEEDS = range(10)" in setup, \
        "the setup cell's seeds changed: update SEED and SEEDS here and recheck the prose"


def pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def signed(x: float) -> str:
    """A number as the prose writes it: two decimals, a true minus sign."""
    return f"{x:.2f}".replace("-", "−")


def paired(first, second) -> tuple[float, float, float]:
    """Mean of first − second over shared seeds and its 90% confidence interval (t on the differences)."""
    d = np.asarray(first, dtype=float) - np.asarray(second, dtype=float)
    half = stats.t.ppf(0.95, d.size - 1) * d.std(ddof=1) / np.sqrt(d.size)
    return d.mean(), d.mean() - half, d.mean() + half


def runs_range(v) -> tuple[float, float]:
    return tuple(np.percentile(v, [5, 95]))


def final_enrolment(graph, delta, seed):
    params = SocialCreditParams(peer_weight=0.0, mandatoriness=delta)
    return simulate(graph, params, steps=200, seed=seed, keep_history=False).metrics["enrolment"].iloc[-1]


def crowd(delta):
    params = SocialCreditParams(peer_weight=0.0, mandatoriness=delta)
    return np.array([crowd_adoption(params, N, 200, s)[-1] for s in SEEDS])


def formula(delta, steps=200):
    return mean_field_adoption(0.5, 0.15, delta, 0.05, steps)[-1]


# ------------------------------------------------------------------ sections 3, 4 and Going further
def test_granovetters_riot_and_his_jump(prose):
    def riot(thresholds):
        graph = nx.complete_graph(len(thresholds))
        params = SocialCreditParams(initial_enrolment=0.0, exclusion_rate=0.0)
        state = initial_state(graph, params, seed=SEED)
        state.threshold = np.array(thresholds, dtype=float) / (len(thresholds) - 1)
        return simulate(graph, params, steps=len(thresholds) + 5, seed=SEED, initial=state).final.enrolled.sum()

    assert riot(list(range(100))) == 100 and riot([0, 2] + list(range(2, 100))) == 1
    assert "100 join, then 1" in prose
    low, high = (mean_field_adoption(0.25, sd, steps=500)[-1] for sd in (0.12, 0.13))
    assert f"A spread of 0.12 leaves the crowd at about {pct(low)}" in prose and high > 0.99


def test_the_map_figure_stalls_at_low_delta_and_runs_up_at_high(prose):
    share = np.linspace(0, 1, 2001)
    for delta in (0.0, 0.15):
        first_meeting = share[np.argmax(adoption_curve(share, 0.5, 0.15, delta) <= share)]
        assert first_meeting < 0.05, f"at δ = {delta} the curve should meet the diagonal at a few percent at most"
    above = adoption_curve(share, 0.5, 0.15, 0.3) > share
    assert above[share < 0.95].all(), "at δ = 0.3 the curve stays above the diagonal almost up to 1"
    assert "at δ = 0.3 it stays above the diagonal almost up to 1" in prose


def test_the_tipping_point_is_where_the_curve_crosses_the_diagonal_upwards(prose):
    """The second, unstable meeting of F with the diagonal: below it adoption falls back, above it runs on."""
    share = np.linspace(0, 1, 200001)
    tips = {}
    for delta in (0.0, 0.15):
        above = adoption_curve(share, 0.5, 0.15, delta) > share
        upward = np.flatnonzero(~above[:-1] & above[1:])       # below the diagonal, then above it
        tips[delta] = share[upward[0] + 1]
        for start, ends_high in ((tips[delta] - 0.02, False), (tips[delta] + 0.02, True)):   # iterate the map
            m = start
            for _ in range(500):
                m = float(adoption_curve(m, 0.5, 0.15, delta))
            assert (m > 0.95) == ends_high, f"δ = {delta}: a start at {start:.2f} should {'run on' if ends_high else 'fall back'}"
    assert tips[0.0] == pytest.approx(0.5, abs=1e-3)
    assert (f"is its **tipping point** (m̄ = {tips[0.0]:.1f} at δ = 0, about {tips[0.15]:.2f} at δ = 0.15)"
            .replace("**", "") in prose.replace("**", ""))


# ------------------------------------------------------------------ section 5: networks, crowd and formula
@pytest.fixture(scope="module")
def worlds():
    return {s: build_network("small world", n=N, seed=s) for s in SEEDS}


@pytest.fixture(scope="module")
def controls(worlds):
    return {s: degree_matched(worlds[s], seed=s) for s in SEEDS}


@pytest.fixture(scope="module")
def at_015(worlds, controls):
    return {"small world": np.array([final_enrolment(worlds[s], 0.15, s) for s in SEEDS]),
            "random": np.array([final_enrolment(controls[s], 0.15, s) for s in SEEDS]),
            "crowd": crowd(0.15)}


def test_the_two_networks_differ_only_in_clustering(prose, worlds, controls):
    world, control = worlds[SEED], controls[SEED]
    assert sorted(d for _, d in world.degree()) == sorted(d for _, d in control.degree())
    a, b = network_summary(world), network_summary(control)
    assert f"differ only in clustering (about {a['clustering']:.2f} against {b['clustering']:.3f})" in prose


def test_networks_against_the_crowd_at_015(prose, at_015):
    sw, rr, cr = at_015["small world"], at_015["random"], at_015["crowd"]
    lo, hi = runs_range(cr)
    assert f"at δ = 0.15 the crowd stays at {pct(cr.mean())} (runs {pct(lo)} to {pct(hi)})" in prose
    lo, hi = runs_range(sw)
    assert f"the small world enrols {pct(sw.mean())} (runs {pct(lo)} to {pct(hi)})" in prose
    assert f"and the random network {pct(rr.mean())}" in prose
    mean, low, high = paired(sw, cr)
    assert low > 0 and f"the small world enrols {signed(mean)} more than the crowd (interval {signed(low)} to {signed(high)})" in prose
    mean, low, high = paired(rr, sw)
    assert low > 0 and f"random network {signed(mean)} more than the small world ({signed(low)} to {signed(high)})" in prose
    assert f"the crowd, where everyone sees 999 others, stays at {pct(cr.mean())}" in prose


def test_the_crowd_of_1000_scatters_around_its_formulas_tipping_point(prose, at_015):
    at_02 = crowd(0.2)
    assert at_015["crowd"].mean() < 0.2 and formula(0.15) < 0.2, "below the tipping point, crowd and formula stall"
    assert at_02.min() == 1.0 and formula(0.2) > 0.99, "above it, both reach everyone"
    middle = [crowd(d) for d in (0.16, 0.17)]
    assert all(m.min() < 0.2 and m.max() == 1.0 for m in middle), "near it, some crowds tip and some stall"
    assert "a crowd of 1,000 scatters around that point" in prose


def test_the_crowd_formula_tips_near_0164_and_the_old_line_did_not(prose):
    grid = np.round(np.arange(0.15, 0.2, 0.001), 3)
    tip = next(d for d in grid if formula(d, 2000) > 0.99)
    assert f"The formula tips at about δ = {tip:.3f}" in prose
    old = {}
    for delta in (0.15, 0.2, 0.225):
        r = 0.05
        for _ in range(500):
            r = max(r, float(adoption_curve(r, 0.5, 0.15, delta)))
        old[delta] = r
    assert old[0.15] == old[0.2] == 0.05 and old[0.225] > 0.99 and crowd(0.2).min() == 1.0
    assert "that line stayed at 5% up to δ = 0.2, although the model's crowd tips below it" in prose


# ------------------------------------------------------------------ section 5: the two sweeps
@pytest.fixture(scope="module")
def by_friends():
    out = {}
    for k in (6, 10, 20, 50):
        graphs = {s: build_network("random regular", n=N, mean_degree=k, seed=s) for s in SEEDS}
        out[k] = (np.array([final_enrolment(graphs[s], 0.15, s) for s in SEEDS]),
                  network_summary(graphs[SEED])["clustering"])
    return out


def shuffled_ring(swaps_per_tie, seed):
    ring = build_network("small world", n=N, rewire=0.0, seed=seed)     # everyone tied to their 6 nearest
    swaps = int(swaps_per_tie * ring.number_of_edges())
    if swaps:
        nx.double_edge_swap(ring, nswap=swaps, max_tries=100 * swaps, seed=seed)
    return ring


@pytest.fixture(scope="module")
def by_clustering():
    out = {}
    for swaps in (0.0, 4.0):
        rings = {s: shuffled_ring(swaps, s) for s in SEEDS}
        for delta in (0.1, 0.15):
            out[(swaps, delta)] = np.array([final_enrolment(rings[s], delta, s) for s in SEEDS])
        out[(swaps, "clustering")] = network_summary(rings[SEED])["clustering"]
    return out


def test_fewer_friends_tip_sooner_at_near_zero_clustering(prose, by_friends, at_015):
    six, fifty = by_friends[6][0], by_friends[50][0]
    assert max(c for _, c in by_friends.values()) < 0.06, "clustering stays near zero across the sweep"
    means = [by_friends[k][0].mean() for k in (6, 10, 20, 50)]
    assert means == sorted(means, reverse=True) and means[-1] > at_015["crowd"].mean()
    mean, low, high = paired(six, fifty)
    assert low > 0, "6 friends enrol more than 50 beyond the 90% interval"
    assert (f"enrolment falls from {pct(six.mean())} with 6 friends to {pct(fifty.mean())} with 50 "
            f"(difference {signed(mean)}, interval {signed(low)} to {signed(high)})") in prose


def test_clustering_helps_where_nothing_cascades_and_slows_a_cascade(prose, by_clustering):
    assert by_clustering[(0.0, "clustering")] == pytest.approx(0.6) and by_clustering[(4.0, "clustering")] < 0.01
    ring, shuffled = by_clustering[(0.0, 0.1)], by_clustering[(4.0, 0.1)]
    mean, low, high = paired(ring, shuffled)
    assert low > 0
    assert (f"(δ = 0.1: the ring {pct(ring.mean())}, its shuffled copy {pct(shuffled.mean())}; "
            f"difference {signed(mean)}, interval {signed(low)} to {signed(high)})") in prose
    ring, shuffled = by_clustering[(0.0, 0.15)], by_clustering[(4.0, 0.15)]
    mean, low, high = paired(ring, shuffled)
    assert high < 0
    assert (f"(δ = 0.15: {pct(ring.mean())} against {pct(shuffled.mean())}; "
            f"difference {signed(mean)}, interval {signed(low)} to {signed(high)})") in prose


# ------------------------------------------------------------------ section 6: excluding holdouts
REASONS = {"none": (0.0, 0.0), "self-protection": (0.5, 0.0), "stigma": (0.5, 0.5)}   # (φ, κ)


@pytest.fixture(scope="module")
def holdouts(worlds):
    """(choice, reason) -> array of (enrolment, isolated, largest group) per seed, after 300 steps."""
    out = {}
    for choice, low_rewiring in (("never", 0.0), ("replaced", SocialCreditParams().rewiring)):
        for reason, (phi, kappa) in REASONS.items():
            p = SocialCreditParams(peer_weight=0.1, exclusion_rate=phi, stigma=kappa, cutoff="absolute",
                                   cutoff_score=0.35, low_rewiring=low_rewiring)
            rows = [simulate(worlds[s], p, steps=300, seed=s, keep_history=False).metrics.iloc[-1] for s in SEEDS]
            out[(choice, reason)] = np.array([[r.enrolment, r.isolated, r.largest_component_share] for r in rows])
    return out


def test_exclusion_raises_enrolment_and_isolates_under_both_choices(prose, holdouts):
    base = holdouts[("never", "none")]
    assert np.array_equal(base, holdouts[("replaced", "none")]), "with no exclusion the choice cannot matter"
    assert base[:, 1].max() == 0 and f"Without exclusion {pct(base[:, 0].mean())} enrol" in prose
    for choice, words in (("never", "if holdout ties are never replaced"), ("replaced", "if they are")):
        mean, low, high = paired(holdouts[(choice, "self-protection")][:, 0], base[:, 0])
        assert low > 0, "exclusion raises enrolment beyond the 90% interval"
        assert f"by {signed(mean)}, interval {signed(low)} to {signed(high)}, {words}" in prose
    alone = [holdouts[(c, "self-protection")][:, 1].mean() for c in ("never", "replaced")]
    assert min(alone) >= 100
    assert f"about {round(min(alone), -1):.0f} to {round(max(alone), -1):.0f} by self-protection alone" in prose


def test_stigma_does_most_of_the_isolating(prose, holdouts):
    added = {}
    for choice in ("never", "replaced"):
        mean, low, high = paired(holdouts[(choice, "stigma")][:, 1], holdouts[(choice, "self-protection")][:, 1])
        assert low > holdouts[(choice, "self-protection")][:, 1].mean() * 0.5, "stigma adds a large share of the isolated"
        added[choice] = f"{mean:.0f} (interval {low:.0f} to {high:.0f})" if choice == "replaced" else \
            f"{mean:.0f} more (interval {low:.0f} to {high:.0f})"
    assert f"stigma adds {added['never']} or {added['replaced'].replace('(interval ', '(')}" in prose


def test_the_choice_decides_isolate_or_recruit(prose, holdouts):
    never = [holdouts[("never", r)][:, 0].mean() for r in ("self-protection", "stigma")]
    replaced = [holdouts[("replaced", r)][:, 0].mean() for r in ("self-protection", "stigma")]
    assert max(never) < 0.3 < 0.7 < min(replaced)
    assert (f"mostly isolates holdouts (enrolment {pct(min(never))} to {pct(max(never))}) or recruits them "
            f"({pct(min(replaced))} to {pct(max(replaced))})") in prose


def test_the_largest_group_shrinks_when_holdout_ties_are_never_replaced(prose, holdouts):
    alone, stigma = (holdouts[("never", r)][:, 2].mean() for r in ("self-protection", "stigma"))
    assert 0.15 < alone < 0.25 and 0.1 < stigma < 0.15, "about a fifth without stigma, an eighth with it"
    assert "shrinks to about a fifth of the society without stigma and about an eighth with it" in prose
    p = SocialCreditParams(peer_weight=0.1, exclusion_rate=0.5, stigma=0.5)
    assert (f"with chance φβ per step (here {p.exclusion_rate * p.peer_weight:.2f})" in prose
            and f"independent chance φκ per step (here {p.exclusion_rate * p.stigma:.2f})" in prose)
