"""Every number lesson 03 quotes from the course's models is recomputed here.

Each test reruns the model with the lesson's seeds, formats the number as the prose does and
asserts that it appears in the notebook's markdown, so prose and code cannot drift apart.
"""
from __future__ import annotations

import numpy as np
import pytest

from support import ROOT
from utils import LEAGUE_PRESETS, cohort_outcome, simulate_leagues

NOTEBOOK = ROOT / "lessons" / "03_leagues.ipynb"
SEED = 2024
SEEDS = range(SEED, SEED + 10)


@pytest.fixture(scope="module")
def seasons():
    return {name: [simulate_leagues(3000, 12, rules=name, seed=s) for s in SEEDS] for name in ("older", "later")}


def test_the_lesson_uses_the_seeds_these_tests_use(setup):
    assert f"SEED = {SEED}" in setup and "SEEDS = range(SEED, SEED + 10)" in setup, \
        "the setup cell's seeds changed: update SEED and SEEDS here and recheck the prose"


def test_presets_match_the_rules_the_prose_describes(prose):
    older, later = LEAGUE_PRESETS["older"], LEAGUE_PRESETS["later"]
    assert older.cohort_size == 50 and older.zones("Silver") == (10, 10)
    assert later.cohort_size == 30
    ups = [later.zones(league)[0] for league in ("Bronze", "Silver", "Gold", "Sapphire", "Pearl", "Obsidian")]
    assert ups == [20, 15, 10, 7, 7, 5]
    assert "(Bronze 20, Silver 15, Gold 10, Sapphire to Pearl 7, Obsidian 5)" in prose
    assert "demotion for places 24 to 30" in prose and later.zones("Silver")[1] == 7


def test_worked_week(prose):
    assert cohort_outcome([120, 40, 300, 90, 10], promote=2, demote=1).tolist() == [1, 0, 1, 0, -1]
    assert "The learner with 300 XP and the one with 120 move up; the one with 10 moves down" in prose


def test_leagues_sort_by_ability(prose, seasons):
    corr = {name: [np.corrcoef(x.ability, x.league[-1])[0, 1] for x in runs] for name, runs in seasons.items()}
    assert (f"({np.mean(corr['older']):.2f} under the older rules and {np.mean(corr['later']):.2f} under "
            "the later ones") in prose
    assert min(min(c) for c in corr.values()) >= 0.89 and "never below 0.89 in any run" in prose


def test_occupancy_and_movement(prose, seasons):
    for runs in seasons.values():
        first = runs[0]
        assert all(np.array_equal(x.occupancy(), first.occupancy()) for x in runs), \
            "the prose says the shares in each league are the same in every run"
    moved = np.mean([(x.league[-1] != x.league[-2]).mean() for x in seasons["later"]])
    bronze = np.mean([x.occupancy()[0] for x in seasons["older"]])
    assert f"more than half the population ({moved:.0%})" in prose and moved > 0.5
    assert f"about a third of learners ({bronze:.0%})" in prose


def test_share_of_xp_chased_for_rank(prose, seasons):
    share = {name: np.mean([1 - (x.xp_rank / x.effort_rank).sum() / x.xp_rank.sum() for x in runs])
             for name, runs in seasons.items()}
    assert (f"Under the later rules about {share['later']:.0%} of all XP, and under the older rules "
            f"about {share['older']:.0%}") in prose
    assert 0.15 < share["later"] < 0.25, "the summary calls the later rules' share 'about a fifth'"


def test_goodharts_prediction_is_not_presented_as_a_model_result(cells):
    """Issue 21: the model counts every XP alike, so 'the XP earned because of rank is the XP least
    likely to mean learning' is what Goodhart's law predicts, not something the model shows."""
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    summary = markdown.split("## Summary", 1)[1].split("\n## ", 1)[0]
    line = next((line for line in summary.splitlines() if "least likely to mean learning" in line), "")
    assert "Goodhart's law predicts" in line and "the model cannot test" in line, \
        f"the Summary must say the claim is Goodhart's prediction, which the model cannot test: {line!r}"
