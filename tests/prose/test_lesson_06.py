"""Every number lesson 06 quotes from the toy scoring society is recomputed here.

The lesson reports each result of the random model as a mean with the middle 90% of 20 seeds
(a new 400-person small world and new people per seed). Each test reruns the model at the
lesson's size with the lesson's seeds, formats the number as the prose does and asserts that it
appears in the notebook's markdown, so prose and code cannot drift apart. Runs are made once per
module.
"""
from __future__ import annotations

import numpy as np

from support import ROOT
from utils import SocialCreditParams, build_network, simulate

NOTEBOOK = ROOT / "lessons" / "06_scoring_society.ipynb"
SEEDS = range(20)
NAMES = ["endorsement", "private_public_gap", "falsification_rate"]


def final(params, steps):
    """Final endorsement, gap and falsification rate, one row per seed, as the lesson runs them."""
    return np.array([simulate(build_network("small world", n=400, seed=s), params, steps=steps, seed=s,
                              keep_history=False).metrics.iloc[-1][NAMES].to_numpy(float) for s in SEEDS])


BASE = SocialCreditParams(initial_enrolment=1.0)


def test_the_lesson_uses_the_seeds_these_tests_use(setup):
    assert "RUNS = 20" in setup, "the setup cell's seeds changed: update SEEDS here and recheck the prose"


def test_the_dashboards_starting_settings_over_seeds(prose):
    runs = final(BASE.replace(conformity=0.4), steps=100)
    fals, gap = runs[:, 2], runs[:, 1]
    lo, hi = np.percentile(fals, [5, 95])
    assert (f"about {100 * fals.mean():.0f}% of people end up pretending (over 20 seeds, the middle 90% "
            f"lie between {100 * lo:.0f}% and {100 * hi:.0f}%)") in prose
    glo, ghi = np.percentile(gap, [5, 95])
    assert (f"overstates private support by about {100 * gap.mean():.0f} percentage points "
            f"({100 * glo:.0f} to {100 * ghi:.0f})") in prose


def test_conformity_raises_endorsement_and_falsification_on_average():
    means = [final(BASE.replace(conformity=g), steps=60).mean(axis=0) for g in (0.0, 0.4, 0.8)]
    endorsement, falsification = [m[0] for m in means], [m[2] for m in means]
    assert endorsement == sorted(endorsement) and falsification == sorted(falsification), \
        "the prose says endorsement and falsification rise with γ"
    assert falsification[0] > 0, "the prose says some falsification appears even without conformity pressure"


def test_the_stake_alone_makes_people_pretend(prose):
    assert "At ρ = 0 nobody pretends" in prose
    none = final(BASE.replace(conformity=0.0, score_stake=0.0), steps=60)[:, 2]
    most = final(BASE.replace(conformity=0.0, score_stake=0.5), steps=60)[:, 2]
    assert np.all(none == 0), "with γ = 0 and ρ = 0 nobody should pretend"
    assert most.mean() > np.percentile(none, 95), "the rise with ρ should exceed the spread between seeds"
