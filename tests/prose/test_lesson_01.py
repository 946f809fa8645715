"""Every number lesson 01 quotes from the course's models is recomputed here.

The lesson's prose is checked against the code: each test reruns the model with the lesson's
seeds, formats the number as the prose does and asserts that it appears in the notebook's
markdown. When a model or a seed changes, these tests fail until the prose is updated.
"""
from __future__ import annotations


import numpy as np
import pytest

from prose_support import quotes
from support import ROOT
from utils import rate_rule_extinction, simulate_hook, simulate_schedule

NOTEBOOK = ROOT / "lessons" / "01_reward_schedules.ipynb"
SEED = 2024
SEEDS = range(SEED, SEED + 10)


def test_the_lesson_uses_the_seeds_these_tests_use(setup):
    assert f"SEED = {SEED}" in setup and "SEEDS = range(SEED, SEED + 10)" in setup, \
        "the setup cell's seeds changed: update SEED and SEEDS here and recheck the prose"


def test_worked_stopping_points(prose):
    stops = rate_rule_extinction([1.0, 0.2], c=3.0)
    assert "stops after 4 responses" in prose and "she stops after 16" in prose
    assert stops.tolist() == [4, 16], f"the rate rule now stops after {stops.tolist()}: update section 2"


@pytest.mark.parametrize("schedule, n", [("FR", 1), ("FR", 5), ("VR", 5), ("FR", 10), ("VR", 10)])
def test_persistence_after_rewards_stop(prose, schedule, n):
    assert "the ten seeds agree to within one response" in prose
    means = np.array([simulate_schedule(schedule, n, n_learners=1000, c=3.0, c_spread=0.3, seed=s)
                      .rate_extinction.mean() for s in SEEDS])
    assert quotes(prose, f"{means.mean():.1f}"), \
        f"{schedule}-{n} now persists {means.mean():.1f} responses on average; the prose quotes another value"
    assert np.ptp(means) < 1.0, "the prose says the ten seeds agree to within one response"


@pytest.fixture(scope="module")
def hook_shares():
    shares = {}
    for p in (0.1, 0.9):
        runs = [simulate_hook(2000, 120, reward_prob=p, trigger_days=30, seed=s) for s in SEEDS]
        shares[p] = (np.array([r.acted[:, :30].mean() for r in runs]),
                     np.array([r.acted[:, -30:].mean() for r in runs]))
    return shares


def test_hook_loop_shares_and_gap(prose, hook_shares):
    (low_during, low_after), (high_during, high_after) = hook_shares[0.1], hook_shares[0.9]
    for value in (high_during, low_during, high_after, low_after):
        assert quotes(prose, f"{value.mean():.2f}"), f"the prose should quote the share {value.mean():.2f}"
        assert np.ptp(value) < 0.01, "the prose says each share moves by less than 0.01 over the seeds"
    during_ratio = high_during.mean() / low_during.mean()
    after_ratio = high_after.mean() / low_after.mean()
    assert f"factor of {during_ratio:.1f}" in prose
    assert f"factor of about {after_ratio:.0f}" in prose


def test_vi_group_is_rewarded_about_once_every_three_responses(prose):
    assert "collects a reward about once every three responses" in prose
    p_hat = np.array([simulate_schedule("VI", 5, n_learners=1000, response_prob=0.5, c_spread=0.3, seed=s)
                      .p_hat.mean() for s in SEEDS])
    assert round(1 / p_hat.mean()) == 3, \
        f"the VI-5 group is now rewarded once every {1 / p_hat.mean():.1f} responses: update section 2"
    assert np.ptp(1 / p_hat) < 0.5, "the figure's single seed should not decide the rounded rate"


def test_extinction_figure_x_range_fits_its_curves(cells):
    """The static extinction figure runs its x-axis to 50 responses: every curve must reach 0 by then,
    and not end far before it (issue 19: an x-range fits its data)."""
    code = next(c.source for c in cells if c.cell_type == "code" and "still_responding(" in c.source)
    assert "np.arange(51)" in code and "still_responding(res.rate_extinction, 50)" in code, \
        "the figure's x-range changed: update this test and recheck that the curves fit it"
    last = [simulate_schedule(s, 5, n_learners=1000, response_prob=0.5 if s == "VI" else 1, c_spread=0.3,
                              seed=SEED).rate_extinction.max() for s in ("FR", "VR", "VI")]
    assert max(last) <= 50, f"a curve still has learners responding at 50 responses ({last}): widen the x-axis"
    assert max(last) >= 30, f"every curve ends by {max(last)} responses: the x-axis to 50 leaves too much empty space"


def test_why_fr1_averages_below_four(prose):
    """Going further: with c scattered around 3, just over half the learners have c below 3 and stop by 3."""
    assert "just over half the learners have a c below 3 and stop after 3 responses or fewer" in prose
    runs = [simulate_schedule("FR", 1, n_learners=1000, c=3.0, c_spread=0.3, seed=s).rate_extinction for s in SEEDS]
    shares = np.array([(run <= 3).mean() for run in runs])
    assert np.all((shares > 0.5) & (shares < 0.65)), f"the share stopping by 3 responses is now {shares.round(2)}"
