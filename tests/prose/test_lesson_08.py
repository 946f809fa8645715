"""Every number lesson 08 quotes from its models is recomputed here.

Granovetter's examples are deterministic; the network results are means over the lesson's 10
seeds, each a new 1,000-person network. Each test reruns the model at the lesson's size, formats
the number as the prose does and asserts that it appears in the notebook's markdown. Runs are
made once per module.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from support import ROOT
from utils import (SocialCreditParams, build_network, degree_matched, initial_state, mean_field_adoption,
                   network_summary, simulate)

NOTEBOOK = ROOT / "lessons" / "08_opt_in_to_mandatory.ipynb"
SEED = 8
SEEDS = range(10)
DELTAS = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]


def test_the_lesson_uses_the_seeds_these_tests_use(setup):
    assert f"SEED = {SEED}" in setup and "SEEDS = range(10)" in setup, \
        "the setup cell's seeds changed: update SEED and SEEDS here and recheck the prose"


def test_granovetters_riot_and_map(prose):
    def crowd(thresholds):
        graph = nx.complete_graph(len(thresholds))
        params = SocialCreditParams(initial_enrolment=0.0, exclusion_rate=0.0)
        state = initial_state(graph, params, seed=SEED)
        state.threshold = np.array(thresholds, dtype=float) / (len(thresholds) - 1)
        return simulate(graph, params, steps=len(thresholds) + 5, seed=SEED, initial=state).final.enrolled.sum()

    assert crowd(list(range(100))) == 100 and crowd([0, 2] + list(range(2, 100))) == 1
    assert "100 join, then 1" in prose
    low, high = (mean_field_adoption(0.25, sd, steps=500)[-1] for sd in (0.12, 0.13))
    assert f"leaves the crowd at about {100 * low:.0f}%" in prose and high > 0.99


@pytest.fixture(scope="module")
def worlds():
    return {s: build_network("small world", n=1000, seed=s) for s in SEEDS}


@pytest.fixture(scope="module")
def controls(worlds):
    return {s: degree_matched(worlds[s], seed=s) for s in SEEDS}


@pytest.fixture(scope="module")
def enrolment(worlds, controls):
    graphs = {"small world": worlds, "random": controls}
    return {name: {d: np.array([simulate(g[s], SocialCreditParams(peer_weight=0.0, mandatoriness=d), steps=200,
                                         seed=s, keep_history=False).metrics["enrolment"].iloc[-1] for s in SEEDS])
                   for d in (0.1, 0.15, 0.2)} for name, g in graphs.items()}


def test_networks_tip_sooner_than_the_crowd_and_degree_not_clustering_does_it(prose, enrolment, worlds, controls):
    crowd = [mean_field_adoption(0.5, 0.15, d, 0.05, 200)[-1] for d in DELTAS]
    assert all(abs(c - 0.05) < 0.005 for c in crowd[:5]) and crowd[5] > 0.99, \
        "the prose says the crowd stays at 5% until δ = 0.25"
    sw, rr = enrolment["small world"], enrolment["random"]
    assert sw[0.2].mean() > 0.95 and rr[0.2].mean() > 0.95, "both networks reach nearly everyone by δ = 0.2"
    assert f"at δ = 0.15 it reaches {100 * rr[0.15].mean():.0f}% on average against {100 * sw[0.15].mean():.0f}%" in prose
    assert f"only at δ = 0.1 ({100 * sw[0.1].mean():.0f}% against {100 * rr[0.1].mean():.0f}%)" in prose
    world = build_network("small world", n=1000, seed=SEED)
    clustered, control = network_summary(world), network_summary(degree_matched(world, seed=SEED))
    assert sorted(d for _, d in world.degree()) == sorted(d for _, d in degree_matched(world, seed=SEED).degree())
    assert f"(about {control['clustering']:.3f} against about {clustered['clustering']:.2f})" in prose


@pytest.fixture(scope="module")
def holdouts(worlds):
    out = {}
    for choice in ("never", "like any"):
        for phi in (0.0, 0.1, 0.5):
            p = SocialCreditParams(peer_weight=0.1, exclusion_rate=phi, cutoff="absolute", cutoff_score=0.35)
            p = p.replace(low_rewiring=0.0 if choice == "never" else p.rewiring)
            rows = [simulate(worlds[s], p, steps=300, seed=s,
                             keep_history=False).metrics.iloc[-1] for s in SEEDS]
            out[(choice, phi)] = np.array([[r.enrolment, r.isolated, r.largest_component_share] for r in rows]).mean(axis=0)
    return out


def test_the_holdout_result_under_both_tie_replacement_choices(prose, holdouts):
    base = holdouts[("never", 0.0)]
    assert np.allclose(base, holdouts[("like any", 0.0)]), "with no exclusion the choice cannot matter"
    assert f"above the level with no exclusion (about {100 * base[0]:.0f}%)" in prose
    never = [holdouts[("never", phi)] for phi in (0.1, 0.5)]
    like_any = [holdouts[("like any", phi)] for phi in (0.1, 0.5)]
    for row in never + like_any:
        assert row[0] > base[0] and row[1] >= 100 and row[2] < 0.9, "conclusions that survive both choices"
    assert f"Enrolment reaches only about {100 * np.mean([r[0] for r in never]):.0f}%" in prose
    assert f"{round(never[0][1], -1):.0f} to {round(never[1][1], -1):.0f} of the 1,000 people lose every tie" in prose
    assert all(0.15 < r[2] < 0.25 for r in never), "the prose says the largest group shrinks to about a fifth"
    assert f"Enrolment reaches about {100 * np.mean([r[0] for r in like_any]):.0f}%" in prose
