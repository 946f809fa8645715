"""Prospect-theory values, streak freezes (closed form vs simulation) and retention."""
import numpy as np
import pytest

from utils.engagement.streaks import (TK1992, cpt_value, cpt_weight, expected_days_to_break, simulate_days_to_break,
                           simulate_streaks, streak_loss)


def test_tversky_kahneman_defaults():
    assert TK1992 == {"alpha": 0.88, "lam": 2.25, "weighting_gains": 0.61, "weighting_losses": 0.69}


def test_value_function_against_hand_values():
    # computed by hand: 100^0.88 = 57.544, 2.25 * 10^0.88 = 17.068
    assert cpt_value(100.0) == pytest.approx(57.544, abs=1e-3)
    assert cpt_value(-10.0) == pytest.approx(-17.068, abs=1e-3)
    assert cpt_value(0.0) == 0.0
    assert cpt_value(-4.0, alpha=1.0, lam=3.0) == -12.0
    assert cpt_value(4.0, alpha=0.5) == 2.0
    assert cpt_value(-9.0, alpha=0.5, lam=1.0) == -3.0      # one curvature for gains and losses


def test_losses_loom_larger_than_gains():
    x = np.linspace(0.1, 100, 50)
    assert np.all(-cpt_value(-x) > cpt_value(x))
    assert np.allclose(-cpt_value(-x) / cpt_value(x), 2.25)  # one curvature: the ratio is exactly λ


def test_probability_weighting():
    assert cpt_weight(0.5, weighting=1.0) == pytest.approx(0.5)
    assert cpt_weight(0.3, weighting=1.0) == pytest.approx(0.3)
    # hand value: 0.1^0.61 / (0.1^0.61 + 0.9^0.61)^(1/0.61) = 0.1863
    assert cpt_weight(0.1) == pytest.approx(0.1863, abs=1e-3)
    assert cpt_weight(0.9) < 0.9


def test_streak_loss_is_lambda_l_to_the_alpha():
    assert streak_loss(30) == pytest.approx(-2.25 * 30 ** 0.88)
    assert streak_loss(0) == 0


@pytest.mark.parametrize("q, k, expected", [(0.01, 0, 100.0), (0.5, 0, 2.0), (0.5, 1, 6.0), (0.5, 2, 14.0),
                                            (0.01, 2, 1_010_100.0)])
def test_closed_form_hand_values(q, k, expected):
    assert expected_days_to_break(q, k) == pytest.approx(expected)


@pytest.mark.parametrize("q, k", [(0.2, 0), (0.3, 1), (0.3, 2), (0.5, 3)])
def test_freeze_expectation_matches_simulation(q, k):
    days = simulate_days_to_break(q, k, n_learners=20_000, max_days=3000, refill=True, seed=7)
    assert np.all(np.isfinite(days))
    expected = expected_days_to_break(q, k)
    standard_error = days.std() / np.sqrt(days.size)
    assert abs(days.mean() - expected) < 4 * standard_error


def test_closed_form_is_an_upper_bound_without_refills():
    refilled = simulate_days_to_break(0.3, 2, n_learners=20_000, max_days=3000, refill=True, seed=1)
    once = simulate_days_to_break(0.3, 2, n_learners=20_000, max_days=3000, refill=False, seed=1)
    assert once.mean() < refilled.mean()


def test_streaks_raise_daily_activity_and_freezes_are_used():
    with_s = simulate_streaks(1500, 200, streaks=True, freezes=2, refill=True, seed=3)
    without = simulate_streaks(1500, 200, streaks=False, seed=3)
    assert with_s.daily_active[-60:].mean() > without.daily_active[-60:].mean()
    assert with_s.retained[-1] >= without.retained[-1]
    assert with_s.freezes_used.sum() > 0 and without.freezes_used.sum() == 0
    assert np.all(np.diff(with_s.retained) <= 0)
    # streak bookkeeping: a practised day adds one to the streak
    s, p = with_s.streak, with_s.practiced
    assert np.all(s[:, 1:][p[:, 1:]] == s[:, :-1][p[:, 1:]] + 1)


def test_stronger_loss_aversion_more_practice():
    low = simulate_streaks(1500, 150, lam=1.0, seed=2).daily_active.mean()
    high = simulate_streaks(1500, 150, lam=3.0, seed=2).daily_active.mean()
    assert high > low


def test_reproducible():
    a = simulate_streaks(300, 60, freezes=1, seed=5)
    b = simulate_streaks(300, 60, freezes=1, seed=5)
    assert np.array_equal(a.practiced, b.practiced) and np.array_equal(a.quit_day, b.quit_day)
    assert np.array_equal(simulate_days_to_break(0.2, 1, n_learners=100, seed=3),
                          simulate_days_to_break(0.2, 1, n_learners=100, seed=3))


@pytest.mark.parametrize("call, name", [
    (lambda: cpt_value(1.0, lam=0.5), "lam"),
    (lambda: cpt_value(1.0, alpha=0), "alpha"),
    (lambda: cpt_value(1.0, alpha=1.5), "alpha"),
    (lambda: cpt_weight(0.5, weighting=0.1), "weighting"),
    (lambda: cpt_weight(1.2), "p"),
    (lambda: streak_loss(-1), "streak"),
    (lambda: expected_days_to_break(0.0, 1), "q"),
    (lambda: expected_days_to_break(0.1, -1), "freezes"),
    (lambda: simulate_days_to_break(0.1, refill="yes"), "refill"),
    (lambda: simulate_streaks(10, 10, base_prob=1.0), "base_prob"),
    (lambda: simulate_streaks(10, 10, freezes=11), "freezes"),
    (lambda: simulate_streaks(10, 10, quit_after=20), "quit_after"),
    (lambda: simulate_streaks(0, 10), "n_learners"),
])
def test_validation_errors_name_the_argument(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()
