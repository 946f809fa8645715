"""Overjustification calibrated to Deci, Koestner & Ryan (1999); the audit frameworks."""
import numpy as np
import pytest

from utils.engagement.motivation import (DKR1999_FREE_CHOICE, MATHUR2019_CATEGORIES, OCTALYSIS_DRIVES, SDT_NEEDS, cohens_d,
                              simulate_overjustification)


def test_effect_sizes_from_the_meta_analysis():
    assert DKR1999_FREE_CHOICE["engagement-contingent"] == -0.40
    assert DKR1999_FREE_CHOICE["completion-contingent"] == -0.36
    assert DKR1999_FREE_CHOICE["performance-contingent"] == -0.28


@pytest.mark.parametrize("reward", ["engagement-contingent", "completion-contingent", "performance-contingent"])
def test_simulated_effect_size_recovers_the_meta_analytic_d(reward):
    d = simulate_overjustification(40_000, reward=reward, seed=1).effect_size()
    assert d == pytest.approx(DKR1999_FREE_CHOICE[reward], abs=0.03)


def test_unexpected_rewards_and_feedback():
    unexpected = simulate_overjustification(40_000, expected=False, seed=2).effect_size()
    assert unexpected == pytest.approx(0.0, abs=0.03)
    with_feedback = simulate_overjustification(40_000, reward="none", feedback=True, seed=2).effect_size()
    assert with_feedback == pytest.approx(0.33, abs=0.03)


def test_engagement_rises_during_rewards_then_falls_below_baseline():
    res = simulate_overjustification(5000, pull=1.0, seed=3)
    before = res.engagement[:, res.phase == "before"].mean()
    during = res.engagement[:, res.phase == "reward"].mean()
    after = res.engagement[:, res.phase == "after"].mean()
    assert during > before > after
    assert np.all(np.diff(res.intrinsic.mean(axis=0)) <= 1e-12)


def test_cohens_d_hand_value():
    assert cohens_d([1, 2, 3, 4], [1, 2, 3, 4]) == 0.0
    assert cohens_d([3, 5], [1, 3]) == pytest.approx(2 / np.sqrt(2))


def test_frameworks():
    assert SDT_NEEDS == ("competence", "autonomy", "relatedness")
    assert len(OCTALYSIS_DRIVES) == 8 and sorted(OCTALYSIS_DRIVES.values()).count("black") == 3
    assert len(MATHUR2019_CATEGORIES) == 7


def test_reproducible():
    a = simulate_overjustification(100, seed=4)
    b = simulate_overjustification(100, seed=4)
    assert np.array_equal(a.engagement, b.engagement)


@pytest.mark.parametrize("call, name", [
    (lambda: simulate_overjustification(reward="cash"), "reward"),
    (lambda: simulate_overjustification(during=0), "during"),
    (lambda: simulate_overjustification(pull=-1), "pull"),
    (lambda: simulate_overjustification(feedback="yes"), "feedback"),
    (lambda: cohens_d([1], [1, 2]), "treated"),
])
def test_validation_errors_name_the_argument(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()
