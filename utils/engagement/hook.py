"""The hook (habit) loop (Eyal 2014) as a habit-strength model, for a whole population at once.

:func:`simulate_hook`: h ← h + gain·R·1[act] − decay·h, with P(act) = logistic(baseline + h + trigger),
where logistic(z) = 1 / (1 + e^(−z)).
Vectorised over learners; takes a ``seed``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.checks import check_integer, check_number, check_probability, make_rng

__all__ = [
    "HookResult",
    "simulate_hook",
]


@dataclass(frozen=True)
class HookResult:
    """Habit strength and daily action of a population in the hook loop.

    Attributes
    ----------
    habit : ndarray, shape (n_learners, days + 1)
        Habit strength h at the start of each day (and after the last).
    acted, rewarded : ndarray of bool, shape (n_learners, days)
        Whether each learner acted (opened the app) and was rewarded that day.
    trigger : ndarray, shape (days,)
        The external trigger's strength each day.
    """

    habit: np.ndarray
    acted: np.ndarray
    rewarded: np.ndarray
    trigger: np.ndarray


def simulate_hook(n_learners: int = 1000, days: int = 120, *, reward_prob: float = 0.5,
                  gain: float = 0.3, decay: float = 0.05, trigger: float = 2.0,
                  trigger_days: int = 30, baseline: float = -2.0, seed=None) -> HookResult:
    """The hook loop (trigger → action → variable reward → investment) as habit strength.

    Each day a learner acts with probability logistic(baseline + h + trigger_t), where
    logistic(z) = 1 / (1 + e^(−z)). An action is
    rewarded with probability ``reward_prob`` (the variable reward); a rewarded action
    raises habit strength by ``gain`` and habit decays by a share ``decay`` each day:
    h ← h + gain·R·1[act] − decay·h. The external trigger (a notification) has strength
    ``trigger`` for the first ``trigger_days`` days and 0 after, so what remains is the
    internal trigger: the habit. Habit settles near gain·P(act)·reward_prob / decay.

    Parameters
    ----------
    n_learners, days : int
    reward_prob : float in [0, 1]
    gain : float in [0, 5]
    decay : float in (0, 1]
    trigger : float in [0, 10]
        Logit boost from the external trigger.
    trigger_days : int in [0, days]
    baseline : float in [-10, 10]
        Logit of acting with no habit and no trigger.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    HookResult

    Examples
    --------
    >>> strong = simulate_hook(500, 90, reward_prob=0.8, seed=3)
    >>> weak = simulate_hook(500, 90, reward_prob=0.1, seed=3)
    >>> bool(strong.acted[:, -30:].mean() > weak.acted[:, -30:].mean())   # after the trigger stops
    True
    """
    n_learners = check_integer("n_learners", n_learners, 1, 10_000_000)
    days = check_integer("days", days, 1, 100_000)
    reward_prob = check_probability("reward_prob", reward_prob)
    gain = check_number("gain", gain, 0, 5)
    decay = check_number("decay", decay, 0, 1)
    if decay == 0:
        raise ValueError("decay must be greater than 0, got 0")
    trigger = check_number("trigger", trigger, 0, 10)
    trigger_days = check_integer("trigger_days", trigger_days, 0, days)
    baseline = check_number("baseline", baseline, -10, 10)
    rng = make_rng(seed)
    trig = np.where(np.arange(days) < trigger_days, trigger, 0.0)
    habit = np.zeros((n_learners, days + 1))
    u_act = rng.random((n_learners, days))
    rewarded = rng.random((n_learners, days)) < reward_prob
    acted = np.zeros((n_learners, days), bool)
    h = habit[:, 0]
    for t in range(days):
        p = 1.0 / (1.0 + np.exp(-(baseline + h + trig[t])))
        act = u_act[:, t] < p
        acted[:, t] = act
        h = h + gain * (rewarded[:, t] & act) - decay * h
        habit[:, t + 1] = h
    return HookResult(habit, acted, rewarded & acted, trig)
