"""Every number lesson 04 quotes from the course's models and data tables is recomputed here.

Each test reruns the model with the lesson's seeds (or reads the data table), formats the number
as the prose does and asserts that it appears in the notebook's markdown, so prose and code
cannot drift apart.
"""
from __future__ import annotations

import numpy as np
import pytest

from support import ROOT
from utils import (DKR1999_FREE_CHOICE, DKR1999_POSITIVE_FEEDBACK_INTEREST, MATHUR2019_CATEGORIES,
                   OCTALYSIS_DRIVES, simulate_overjustification)
from utils.engagement.motivation import DKR1999_POSITIVE_FEEDBACK

NOTEBOOK = ROOT / "lessons" / "04_dark_patterns_autonomy.ipynb"
SEED = 2024
SEEDS = range(SEED, SEED + 10)
REWARDS = [r for r in DKR1999_FREE_CHOICE if r != "none"]


def signed(d: float) -> str:
    """A d value as the lesson's table writes it: typographic minus, two decimals."""
    return f"{'−' if d < 0 else '+'}{abs(d):.2f}"


def test_the_lesson_uses_the_seeds_these_tests_use(setup):
    assert f"SEED = {SEED}" in setup and "SEEDS = range(SEED, SEED + 10)" in setup, \
        "the setup cell's seeds changed: update SEED and SEEDS here and recheck the prose"


@pytest.mark.parametrize("reward", REWARDS)
def test_meta_analytic_effect_sizes_in_the_table(prose, reward):
    assert f"| {signed(DKR1999_FREE_CHOICE[reward])} |" in prose, \
        f"the table's d for {reward} differs from DKR1999_FREE_CHOICE"


def test_feedback_effect_sizes(prose):
    assert (f"| {signed(DKR1999_POSITIVE_FEEDBACK)} (and {signed(DKR1999_POSITIVE_FEEDBACK_INTEREST)} "
            "on self-reported interest) |") in prose
    assert f"raised free-choice motivation (d = {signed(DKR1999_POSITIVE_FEEDBACK)})" in prose


@pytest.mark.parametrize("reward", REWARDS)
def test_simulated_effect_sizes_hit_their_targets_in_every_run(prose, reward):
    assert "in each of the ten runs the simulated d is within 0.02 of its target" in prose
    sims = np.array([simulate_overjustification(20_000, reward=reward, seed=s).effect_size() for s in SEEDS])
    assert np.all(np.abs(sims - DKR1999_FREE_CHOICE[reward]) < 0.02), \
        f"a run of {reward} misses its target by 0.02 or more: {sims.round(3)}"


def test_simulated_feedback_effect_hits_its_target_in_every_run(prose):
    """The lesson's cell prints positive feedback (no reward) beside the rewards: within 0.02 in every run too."""
    sims = np.array([simulate_overjustification(20_000, reward="none", feedback=True, seed=s).effect_size()
                     for s in SEEDS])
    assert np.all(np.abs(sims - DKR1999_POSITIVE_FEEDBACK) < 0.02), f"a feedback run misses +0.33: {sims.round(3)}"


def test_the_sessions_slider_moves_d_only_by_sampling_noise(prose):
    """The prose says the dashboard's d (1,000 learners, seed 1) moves by up to about 0.1 with the sessions slider."""
    assert "by up to about 0.1" in prose and "1,000 learners per group" in prose
    worst = max(abs(simulate_overjustification(1000, reward=reward, during=during, seed=1).effect_size()
                    - DKR1999_FREE_CHOICE[reward]) for reward in REWARDS for during in range(1, 21))
    assert 0.05 < worst < 0.125, f"the dashboard's d now moves by up to {worst:.2f}"


def test_counts_of_categories_and_drives(prose):
    assert len(MATHUR2019_CATEGORIES) == 7 and "of 15 types in 7 categories" in prose
    assert len(OCTALYSIS_DRIVES) == 8 and "eight core drives" in prose


@pytest.mark.parametrize("element", ["online platforms", "Art. 3(i)", "17 February 2024", "Art. 19",
                                     "2005/29/EC", "GDPR", "provider"])
def test_the_law_exercise_04_assesses_is_on_the_core_path(cells, element):
    """ex04's DSA Art. 25 item asks about scope, actor, exemptions and dates: each must be taught before
    the optional 'Going further' sections, not only inside them (issue 21: what is assessed is taught)."""
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    core = markdown.split("## Going further", 1)[0]
    assert element in core, f"lesson 04's core path no longer mentions {element!r}, which ex04's law item assesses"
