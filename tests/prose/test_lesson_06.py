"""Every number lesson 06 quotes from the toy scoring society and its game is recomputed here.

A single setting's result is a mean with the middle 90% of 20 seeds (the spread of single runs;
a new 400-person small world and new people per seed). A comparison of two settings is the mean
paired difference over the same 20 seeds with a 90% confidence interval for that mean
(``paired_difference``), and the prose says which kind of interval each number carries. Each test
reruns the model at the lesson's size with the lesson's seeds, formats the number as the prose does
and asserts that it appears in the notebook's markdown, so prose and code cannot drift apart.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from support import ROOT
from utils import SocialCreditParams, build_network, paired_difference, replicate, simulate
from utils.society.game import GAME_PARAMS, find_lesson_seed, shows_the_mechanism, threat_arrives

NOTEBOOK = ROOT / "lessons" / "06_scoring_society.ipynb"
RUNS = 20
BASE = SocialCreditParams(initial_enrolment=1.0)
NAMES = ["falsification_rate", "private_public_gap"]


@lru_cache(maxsize=None)
def after(steps: int, **changes):
    """The lesson's ``small_worlds(...)`` replicated over seeds 0-19: final falsification rate and gap."""
    params = BASE.replace(**changes)
    return replicate(lambda seed: simulate(build_network("small world", n=400, seed=seed), params, steps=steps,
                                           seed=seed, keep_history=False), NAMES, runs=RUNS)


def points(x: float) -> str:
    return f"{100 * x:.0f}"


def test_the_lesson_uses_the_seeds_these_tests_use(setup):
    assert f"RUNS = {RUNS}" in setup, "the setup cell's seeds changed: update RUNS here and recheck the prose"
    assert re.search(rf"^SEED = {find_lesson_seed()}\b", setup, re.M), "SEED is not the documented search's seed"


def test_conformity_adds_falsification_as_a_paired_difference(prose):
    diff = paired_difference(after(60, conformity=0.8), after(60, conformity=0.0), "falsification_rate")
    assert diff.low > 0, "the prose says conformity adds to falsification: the interval should exclude 0"
    assert (f"γ = 0.8 leaves {points(diff.mean)} percentage points more people pretending than γ = 0 on the same "
            f"seeds (90% confidence interval for the mean paired difference {points(diff.low)} to "
            f"{points(diff.high)} points)") in prose


def test_the_dashboards_starting_settings_over_seeds(prose):
    start = after(100, conformity=0.4)
    fals, gap = start["falsification_rate"], start["private_public_gap"]
    assert (f"about {points(fals['mean'])}% of people end up pretending (over 20 seeds, the middle 90% of runs lie "
            f"between {points(fals['low'])}% and {points(fals['high'])}%)") in prose
    assert (f"overstates private support by about {points(gap['mean'])} percentage points "
            f"({points(gap['low'])} to {points(gap['high'])})") in prose


def test_the_stake_alone_makes_people_pretend(prose):
    assert "At ρ = 0 (and γ = 0) nobody pretends, **by construction**" in prose
    none = after(60, conformity=0.0, score_stake=0.0)
    assert np.all(none.values["falsification_rate"] == 0), "with γ = 0 and ρ = 0 nobody should pretend"
    diff = paired_difference(after(60, conformity=0.0, score_stake=0.5), after(60, conformity=0.0, score_stake=0.1),
                             "falsification_rate")
    assert (f"At ρ = 0.5, {points(diff.mean)} percentage points more people pretend than at the default ρ = 0.1 on "
            f"the same seeds (90% confidence interval for the mean paired difference {points(diff.low)} to "
            f"{points(diff.high)} points)") in prose


def test_what_endorsing_adds_in_the_game(prose):
    beta, w = GAME_PARAMS.peer_weight, GAME_PARAMS.endorsement_weight
    assert f"In the game (β = {beta:g}, w = {w:g})" in prose
    assert f"(1 − β)·w = {(1 - beta) * w:.2f} that round" in prose


def test_how_often_the_threat_arrives(prose):
    """The lesson says its seed was chosen, and how rare such a seed is among the first 100."""
    arrives = sum(threat_arrives(seed, by_round=6) for seed in range(100))
    all_three = sum(shows_the_mechanism(seed) for seed in range(100))
    assert f"The threat arrives this way at {arrives} of the first 100 seeds, and all three hold at {all_three}" \
        in prose
