"""Every number lesson 07 quotes from the toy scoring society is recomputed here.

Section 1's worked example is exact; every other number is a mean (and, where quoted, the
middle 90%) over the lesson's 10 seeds, each a new 400-person small world. Each test reruns the
model at the lesson's size, formats the number as the prose does and asserts that it appears in
the notebook's markdown. Runs are made once per module.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from support import ROOT
from utils import SocialCreditParams, build_network, friedkin_johnsen_steady_state, simulate

NOTEBOOK = ROOT / "lessons" / "07_peer_influence.ipynb"
SEEDS = range(10)


def last(params, steps, seed, **options):
    graph = build_network("small world", n=400, seed=seed)
    return simulate(graph, params, steps=steps, seed=seed, keep_history=False, **options).metrics.iloc[-1]


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
    lo, hi = np.quantile(agency, [0.05, 0.95])
    assert np.allclose(runs[0.0][:, 0], 1.0), "the prose says agency is exactly 1 at β = 0"
    assert f"a mean of {agency.mean():.2f} at β = 0.95, with the middle 90% of seeds between {lo:.2f} and {hi:.2f}" in prose
    gini = runs[0.0][:, 1].mean(), runs[0.95][:, 1].mean()
    assort = runs[0.0][:, 2].mean(), runs[0.95][:, 2].mean()
    assert f"from about {gini[0]:.2f} to {gini[1]:.2f}" in prose
    assert f"from about {assort[0]:.2f} to {assort[1]:.2f}" in prose
    q = {b: np.quantile(runs[b], [0.05, 0.95], axis=0) for b in runs}
    assert (f"(middle 90% of seeds {q[0.0][0, 1]:.2f} to {q[0.0][1, 1]:.2f} at β = 0, "
            f"{q[0.95][0, 1]:.2f} to {q[0.95][1, 1]:.2f} at β = 0.95)") in prose
    assert (f"({q[0.0][0, 2]:.2f} to {q[0.0][1, 2]:.2f}, then {q[0.95][0, 2]:.2f} to "
            f"{q[0.95][1, 2]:.2f})") in prose


@pytest.fixture(scope="module")
def exclusion():
    out = {}
    for cutoff in ("relative", "absolute"):
        for b in (0.3, 0.6, 0.9):
            p = SocialCreditParams(peer_weight=b, exclusion_rate=0.5, cutoff=cutoff, initial_enrolment=1.0)
            out[(cutoff, b)] = np.array([last(p, 300, s)[["isolated", "falsification_rate"]].to_numpy(float)
                                         for s in SEEDS]).mean(axis=0)
    return out


def test_a_relative_cutoff_always_finds_its_fifth(prose, exclusion):
    isolated = [exclusion[("relative", b)][0] for b in (0.3, 0.6, 0.9)]
    assert f"({min(isolated):.0f} to {max(isolated):.0f} on average, depending on β)" in prose
    absolute = [exclusion[("absolute", b)][0] for b in (0.3, 0.6, 0.9)]
    assert absolute == sorted(absolute, reverse=True), "the prose says exclusion fades with β under the absolute cutoff"
    assert all(exclusion[("relative", b)][1] > exclusion[("absolute", b)][1] for b in (0.3, 0.6, 0.9)), \
        "the prose says falsification is higher under the relative cutoff"


def test_the_rule_and_the_use_are_separate_mechanisms(prose):
    def own_conduct_only(u, peer, s):
        return 0.8 * s + 0.2 * u

    def isolated(rule, kappa):
        p = SocialCreditParams(peer_weight=0.9, exclusion_rate=0.3, initial_enrolment=1.0, stigma=kappa)
        return np.array([last(p, 200, s, score_rule=rule)["isolated"] for s in SEEDS])

    assert np.all(isolated(own_conduct_only, 0.0) == 0), "with no stigma a rule that ignores friends cuts nobody off"
    peer_rule, own_rule = isolated(None, 0.0).mean(), isolated(own_conduct_only, 0.5).mean()
    assert round(peer_rule, -1) == 80 and round(own_rule, -1) == 80, "the prose says about 80 in both cases"
    assert "Under the peer rule about 80 people are cut off" in prose and "about 80 people are cut off under *either* rule" in prose
    peer_runs = isolated(None, 0.0)
    assert np.all(peer_runs == 80) and "(80 in every seed: the whole bottom fifth of 400)" in prose
    assert np.all(isolated(None, 0.5) == 80), "the prose says 80 in every seed under the peer rule with stigma"
    lo, hi = np.percentile(isolated(own_conduct_only, 0.5), [5, 95])
    assert f"under the other, the middle 90% of seeds lie between {lo:.0f} and {hi:.0f})" in prose
