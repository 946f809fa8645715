"""Every number lesson 02 quotes from the course's models is recomputed here.

Each test reruns the model with the lesson's seeds, formats the number as the prose does and
asserts that it appears in the notebook's markdown, so prose and code cannot drift apart.
"""
from __future__ import annotations


import numpy as np
import pytest

from support import ROOT
from utils import (cpt_value, cpt_weight, expected_days_to_break, simulate_days_to_break,
                   simulate_streaks, streak_effect, streak_loss)

NOTEBOOK = ROOT / "lessons" / "02_streaks_loss_aversion.ipynb"
SEED = 2024
SEEDS = range(SEED, SEED + 10)


def test_the_lesson_uses_the_seeds_these_tests_use(setup):
    assert f"SEED = {SEED}" in setup and "SEEDS = range(SEED, SEED + 10)" in setup, \
        "the setup cell's seeds changed: update SEED and SEEDS here and recheck the prose"


def test_value_and_weight_examples(prose):
    assert f"Gaining 10 is worth about {cpt_value(10.0):.1f}" in prose
    assert f"losing 10 costs about {-cpt_value(-10.0):.1f}" in prose
    assert f"A 1% chance feels like about {100 * cpt_weight(0.01):.1f}%" in prose
    assert f"a 99% chance like about {100 * cpt_weight(0.99):.0f}%" in prose
    assert f"365-day streak's felt loss at about {-streak_loss(365):.0f} units, against 1 for gaining one more day" \
        in prose and cpt_value(1.0) == 1


def test_one_percent_misses_give_about_100_days_and_a_million_with_two_freezes(prose):
    assert "about 100 days with no freeze (Dewey 2021) and about a million with two" in prose
    assert expected_days_to_break(0.01, 0) == 100
    assert 0.9e6 < expected_days_to_break(0.01, 2) < 1.1e6


def test_the_loss_weighs_about_twice_a_gain(prose):
    assert "λ = 2.25 makes a loss weigh about twice an equal gain" in prose
    assert -cpt_value(-1.0) / cpt_value(1.0) == 2.25


def test_simulated_streak_life_matches_the_formula(prose):
    assert "to within 1.5% in every one of the ten runs" in prose
    for k in (0, 1, 2):
        formula = expected_days_to_break(0.3, k)
        sims = np.array([simulate_days_to_break(0.3, k, n_learners=20_000, max_days=5000, seed=s).mean()
                         for s in SEEDS])
        assert np.all(np.abs(sims / formula - 1) < 0.015), f"with {k} freezes a run is off by more than 1.5%"


def test_refilled_and_used_up_freezes(prose):
    means = {refill: np.mean([simulate_days_to_break(0.1, 2, n_learners=2_000, max_days=100_000,
                                                     refill=refill, seed=s).mean() for s in SEEDS])
             for refill in (True, False)}
    assert f"about {means[False]:.0f} days or of about {round(means[True], -2):,.0f} days" in prose


@pytest.fixture(scope="module")
def populations():
    return {flag: [simulate_streaks(2000, 365, streaks=flag, seed=s) for s in SEEDS] for flag in (True, False)}


def test_streaks_double_activity_but_barely_change_quitting(prose, populations):
    active = {f: np.array([r.daily_active[-1] for r in rs]) for f, rs in populations.items()}
    kept = {f: np.array([r.retained[-1] for r in rs]) for f, rs in populations.items()}
    assert f"({active[True].mean():.2f} against {active[False].mean():.2f} on average" in prose
    assert np.all(active[True] > 2 * active[False]), "the prose says activity more than doubles in every run"
    assert f"({kept[True].mean():.2f} against {kept[False].mean():.2f} still using the app)" in prose


def test_felt_loss_at_stake(prose, populations):
    stake = {d: np.mean([r.at_stake[d - 1] for r in populations[True]]) for d in (30, 365)}
    assert f"about {stake[30]:.0f} units at day 30 and about {stake[365]:.0f} at day 365" in prose
    assert f"averages about {stake[365]:.0f} units" in prose
    assert stake[365] / cpt_value(1.0) > 100, "the prose says hundreds of times the value of gaining one more day"


def test_over_two_weeks_streaks_add_about_half_a_practice_day(prose):
    """The game's model comparison (50 cohorts of the game's learners): the prose says about half a day."""
    effect = streak_effect()
    assert 0.35 <= effect["mean"] < 0.65 and effect["low"] > 0, effect
    assert "About half a day" in prose and "about half a practice day in two weeks" in prose
