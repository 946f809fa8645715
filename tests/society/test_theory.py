"""Lesson 08's well-mixed crowd: the model on a complete network, and the formula it approaches.

``crowd_adoption`` must be the model itself (it skips only building the ties), and
``mean_field_adoption`` the large-crowd limit of it, including the random 5% who start.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from utils.society import (SocialCreditParams, adoption_curve, crowd_adoption, crowd_map, mean_field_adoption,
                           simulate)

# lesson 08's crowd: thresholds N(0.5, 0.15), 5% enrolled at random at the start, friends' scores off
LESSON = dict(peer_weight=0.0, threshold_mean=0.5, threshold_sd=0.15, initial_enrolment=0.05)
GRID = [round(0.025 * i, 3) for i in range(13)]          # δ from 0 to 0.3


def crowd(delta, n=1000, seed=0, steps=200, **changes):
    return crowd_adoption(SocialCreditParams(**(LESSON | changes), mandatoriness=delta), n, steps, seed)


def formula(delta, steps=2000):
    return mean_field_adoption(0.5, 0.15, delta, 0.05, steps)[-1]


@pytest.mark.parametrize("n, delta, seed, changes", [
    (150, 0.15, 1, {}),
    (300, 0.2, 2, {}),
    (300, 0.1, 3, {"initial_enrolment": 0.3, "threshold_sd": 0.05}),
    (200, 0.25, 4, {"peer_weight": 0.5, "exclusion_rate": 0.0}),     # scores on, but nobody cuts
    (1000, 0.175, 4, {}),                                            # a seed where the crowd tips
    (1000, 0.175, 8, {}),                                            # and one where it stalls
])
def test_crowd_adoption_is_the_model_on_a_complete_network(n, delta, seed, changes):
    params = SocialCreditParams(**(LESSON | changes), mandatoriness=delta)
    run = simulate(nx.complete_graph(n), params, 60, seed=seed, keep_history=False)
    got = crowd_adoption(params, n, 60, seed)
    np.testing.assert_array_equal(got, run.metrics["enrolment"].to_numpy(),
                                  err_msg="the crowd must be the model on a complete network, step by step")


def test_the_two_lesson_seeds_above_go_both_ways():
    """The exact-agreement test covers a crowd that tips and one that stalls at δ = 0.175."""
    assert crowd(0.175, seed=4)[-1] == 1.0 and crowd(0.175, seed=8)[-1] < 0.2


@pytest.mark.parametrize("delta", [0.0, 0.1, 0.15, 0.16, 0.17, 0.2, 0.3])
def test_a_large_crowd_follows_the_formula(delta):
    """With 100,000 people the crowd's outcome is the formula's to within 0.01 (the formula tips at δ ≈ 0.164)."""
    want = formula(delta)
    for seed in range(3):
        got = crowd(delta, n=100_000, seed=seed, steps=400)[-1]
        assert abs(got - want) < 0.01, f"δ = {delta}, seed {seed}: crowd {got:.3f}, formula {want:.3f}"


def test_the_formula_sits_inside_the_lesson_crowds_runs():
    """At the lesson's size (1,000 people, 20 seeds) the formula lies within the runs at every δ, and on
    their mean wherever the crowd is not at its tipping point."""
    for delta in GRID:
        runs = np.array([crowd(delta, seed=s)[-1] for s in range(20)])
        want = formula(delta)
        assert runs.min() - 1e-3 <= want <= runs.max() + 1e-3, f"δ = {delta}: formula {want:.3f} outside the runs"
        if not 0.15 < delta < 0.2:
            assert abs(runs.mean() - want) < 0.01, f"δ = {delta}: runs' mean {runs.mean():.3f}, formula {want:.3f}"


def test_treating_the_random_start_as_the_lowest_thresholds_gets_the_crowd_wrong():
    """The earlier crowd line, r ← max(r, F(r)) from r₀ = 0.05, stays at 5% at δ = 0.2, where every crowd tips."""
    f = lambda r: float(adoption_curve(r, 0.5, 0.15, 0.2))
    r = 0.05
    for _ in range(500):
        r = max(r, f(r))
    assert r == 0.05
    assert all(crowd(0.2, seed=s)[-1] == 1.0 for s in range(10)) and formula(0.2) > 0.99


def test_crowd_map_adds_the_random_start_to_granovetters_map():
    r = np.linspace(0, 1, 101)
    np.testing.assert_array_equal(crowd_map(r, 0.5, 0.15, 0.1), adoption_curve(r, 0.5, 0.15, 0.1))
    g = crowd_map(r, 0.5, 0.15, 0.1, initial=0.05)
    np.testing.assert_allclose(g, 0.05 + 0.95 * adoption_curve(r, 0.5, 0.15, 0.1), rtol=0, atol=1e-15)
    assert np.all(np.diff(g) >= 0) and g.min() >= 0.05 and g.max() <= 1
    assert np.all(crowd_map(r, 0.5, 0.15, 0.2, initial=0.05) >= g), "a larger δ never lowers the map"


def test_the_formula_never_falls_and_starts_at_the_random_start():
    path = mean_field_adoption(0.5, 0.15, 0.15, 0.05, 100)
    assert path[0] == 0.05 and np.all(np.diff(path) >= 0)


def test_crowd_adoption_is_reproducible_and_draws_differ_by_seed():
    np.testing.assert_array_equal(crowd(0.15, seed=7), crowd(0.15, seed=7))
    assert not np.array_equal(crowd(0.15, seed=7), crowd(0.15, seed=8))


@pytest.mark.parametrize("call, message", [
    (lambda: crowd_adoption(SocialCreditParams(), 100), "params must let nobody cut a tie"),
    (lambda: crowd_adoption(SocialCreditParams(peer_weight=0.0, stigma=0.5), 100), "stigma=0.5"),
    (lambda: crowd_adoption(SocialCreditParams(peer_weight=0.0), 1), "n must be between 2 and 1000000"),
    (lambda: crowd_adoption(SocialCreditParams(peer_weight=0.0), 100, -1), "steps must be between 0 and 100000"),
    (lambda: crowd_map(0.5, initial=1.5), "initial must be between 0 and 1"),
    (lambda: mean_field_adoption(initial=-0.1), "initial must be between 0 and 1"),
])
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_crowd_adoption_rejects_what_is_not_a_parameter_set():
    with pytest.raises(TypeError, match="params"):
        crowd_adoption({"mandatoriness": 0.1}, 100)
