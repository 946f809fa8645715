"""Reward schedules, extinction (PREE and the delta rule's reverse) and the hook loop."""
import numpy as np
import pytest

from utils.engagement import (SCHEDULES, delta_rule_extinction, rate_rule_extinction, schedule_rewards,
                              simulate_hook, simulate_schedule, still_responding)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 10])
def test_fixed_ratio_rewards_exactly_every_nth_response(n):
    responded, rewarded = schedule_rewards("FR", n, 200, n_learners=50, response_prob=0.6, seed=1)
    assert np.array_equal(rewarded.sum(axis=1), responded.sum(axis=1) // n)
    # each reward falls on a response whose running count is a multiple of n
    count = np.cumsum(responded, axis=1)
    assert np.all(count[rewarded] % n == 0)
    assert not np.any(rewarded & ~responded)


def test_fixed_ratio_extinction_is_c_times_n_plus_one():
    for n in (1, 2, 5, 10):
        res = simulate_schedule("FR", n, n_learners=10, ticks=100, c=3.0, seed=0)
        assert np.all(res.p_hat == 1 / n)
        assert np.all(res.rate_extinction == 3 * n + 1)


def test_variable_ratio_reward_rate_is_one_over_n():
    responded, rewarded = schedule_rewards("VR", 4, 2000, n_learners=200, seed=2)
    assert rewarded.sum() / responded.sum() == pytest.approx(0.25, abs=0.01)


def test_fixed_interval_waits_n_ticks_between_rewards():
    _, rewarded = schedule_rewards("FI", 5, 50, n_learners=3, response_prob=1.0, seed=0)
    gaps = np.diff(np.flatnonzero(rewarded[0]))
    assert np.all(gaps == 5)
    _, rewarded = schedule_rewards("FI", 5, 400, n_learners=300, response_prob=0.5, seed=0)
    gaps = np.concatenate([np.diff(np.flatnonzero(row)) for row in rewarded])
    assert gaps.min() >= 5


def test_variable_interval_mean_gap_is_near_n_when_responding_every_tick():
    _, rewarded = schedule_rewards("VI", 8, 3000, n_learners=50, seed=3)
    gaps = np.concatenate([np.diff(np.flatnonzero(row)) for row in rewarded])
    assert gaps.mean() == pytest.approx(8, rel=0.05)


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_pree_leaner_schedules_persist_longer_under_rate_rule(schedule):
    means = [simulate_schedule(schedule, n, n_learners=400, ticks=300, c_spread=0.3, seed=5)
             .rate_extinction.mean() for n in (1, 2, 5, 10)]
    assert np.all(np.diff(means) > 0), means


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_delta_rule_gives_the_reverse_pree(schedule):
    means = [simulate_schedule(schedule, n, n_learners=400, ticks=300, seed=5).delta_extinction.mean()
             for n in (1, 2, 5, 10)]
    assert np.all(np.diff(means) < 0), means


def test_rate_rule_trials_to_extinction_scale_with_one_over_p():
    # Chan & Harris (2019): about 3x at 33% and 5x at 20% reinforcement
    base = rate_rule_extinction(np.array([1.0]), c=20)[0]
    assert rate_rule_extinction([1 / 3], c=20)[0] / base == pytest.approx(3, rel=0.05)
    assert rate_rule_extinction([0.2], c=20)[0] / base == pytest.approx(5, rel=0.05)


def test_delta_rule_matches_closed_form():
    v, a, th = 0.6, 0.2, 0.05
    m = delta_rule_extinction([v], step=a, theta=th)[0]
    assert v * (1 - a) ** m <= th < v * (1 - a) ** (m - 1)
    assert delta_rule_extinction([0.01], step=a, theta=th)[0] == 0


def test_delta_value_matches_a_plain_loop():
    # simulate_schedule draws the schedule from the second child spawned from its seed
    # (the first is for the learners), so the same child here gives the same responses.
    schedule_stream = np.random.default_rng(9).spawn(2)[1]
    responded, rewarded = schedule_rewards("VR", 3, 60, n_learners=4, response_prob=0.7, seed=schedule_stream)
    res = simulate_schedule("VR", 3, n_learners=4, ticks=60, response_prob=0.7, step=0.15, seed=9)
    for i in range(4):
        v = 0.0
        for t in range(60):
            if responded[i, t]:
                v += 0.15 * (rewarded[i, t] - v)
        assert res.value[i] == pytest.approx(v)


def test_still_responding_is_a_survival_curve():
    curve = still_responding(np.array([0, 3, 3, 10]), 12)
    assert curve[0] == 0.75 and curve[-1] == 0 and np.all(np.diff(curve) <= 0)


def test_same_seed_same_result_and_different_seed_differs():
    a = simulate_schedule("VI", 5, n_learners=100, response_prob=0.5, c_spread=0.5, seed=11)
    b = simulate_schedule("VI", 5, n_learners=100, response_prob=0.5, c_spread=0.5, seed=11)
    c = simulate_schedule("VI", 5, n_learners=100, response_prob=0.5, c_spread=0.5, seed=12)
    assert np.array_equal(a.rate_extinction, b.rate_extinction) and np.array_equal(a.value, b.value)
    assert not np.array_equal(a.rate_extinction, c.rate_extinction)
    h1, h2 = simulate_hook(200, 50, seed=4), simulate_hook(200, 50, seed=4)
    assert np.array_equal(h1.acted, h2.acted)


@pytest.mark.parametrize("response_prob", [1.0, 0.6])
def test_same_seed_gives_the_same_learners_whatever_the_schedule(response_prob):
    # At n = 1 every schedule rewards every response, so with the same learners (same c for
    # each, drawn from the seed independently of the schedule's own draws) all four schedules
    # must give identical results: any difference would be sampling noise, not a schedule effect.
    runs = [simulate_schedule(s, 1, n_learners=300, ticks=80, response_prob=response_prob,
                              c_spread=0.5, seed=21) for s in SCHEDULES]
    for other in runs[1:]:
        assert np.array_equal(other.p_hat, runs[0].p_hat), other.schedule
        assert np.array_equal(other.rate_extinction, runs[0].rate_extinction), other.schedule
        assert np.array_equal(other.delta_extinction, runs[0].delta_extinction), other.schedule
    # the spread is real: learners differ from one another
    assert np.unique(runs[0].rate_extinction).size > 3


def test_a_generator_seed_without_a_seed_sequence_still_works():
    bits = np.random.MT19937()
    bits._legacy_seeding(5)          # legacy seeding leaves no SeedSequence to spawn from
    res = simulate_schedule("VR", 3, n_learners=20, ticks=50, c_spread=0.3, seed=np.random.Generator(bits))
    assert res.rate_extinction.shape == (20,) and np.all(res.rate_extinction > 0)


def test_hook_habit_outlasts_the_trigger_only_when_rewards_are_frequent():
    strong = simulate_hook(2000, 120, reward_prob=0.8, trigger_days=30, seed=1)
    none = simulate_hook(2000, 120, reward_prob=0.0, trigger_days=30, seed=1)
    assert np.all(none.habit == 0)
    assert strong.acted[:, -30:].mean() > none.acted[:, -30:].mean() + 0.1
    # with no trigger and no habit, the chance of acting is sigma(baseline)
    assert none.acted[:, -30:].mean() == pytest.approx(1 / (1 + np.exp(2.0)), abs=0.01)


@pytest.mark.parametrize("call, name", [
    (lambda: schedule_rewards("XR", 5, 10), "schedule"),
    (lambda: schedule_rewards("FR", 2.5, 10), "n"),
    (lambda: schedule_rewards("FR", 0, 10), "n"),
    (lambda: schedule_rewards("VR", 5, 0), "ticks"),
    (lambda: schedule_rewards("VR", 5, 10, response_prob=0), "response_prob"),
    (lambda: simulate_schedule("VR", 5, c=-1), "c"),
    (lambda: simulate_schedule("VR", 5, c_spread=3), "c_spread"),
    (lambda: delta_rule_extinction([0.5], step=1.0), "step"),
    (lambda: delta_rule_extinction([0.5], theta=0), "theta"),
    (lambda: rate_rule_extinction([1.5]), "p_hat"),
    (lambda: simulate_hook(days=10, trigger_days=20), "trigger_days"),
    (lambda: simulate_hook(decay=0), "decay"),
    (lambda: simulate_hook(reward_prob=2), "reward_prob"),
])
def test_validation_errors_name_the_argument(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()
