"""Streaks, loss aversion, streak freezes and retention.

The value a learner puts on keeping a streak comes from cumulative prospect theory
(Tversky & Kahneman 1992): gains are valued as x^α, losses as −λ(−x)^α, with one curvature
α = 0.88 (their median estimate, the same for gains and losses) and loss aversion λ = 2.25 as
defaults. With the current streak L as the reference point, breaking it is a loss worth −λ·L^α.
(Part I of the course uses one curvature for both; the paper's separate loss exponent had the
same median, 0.88.)

Freezes forgive missed days. With a daily miss probability q and k freezes that are
refilled at once, a streak breaks on the first run of k + 1 consecutive misses, which
takes Σ_{j=1}^{k+1} q^{−j} days on average (:func:`expected_days_to_break`); a Duolingo
engineer's example (Dewey 2021): q = 0.01 gives about 100 days with no freeze.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.checks import check_bool, check_integer, check_number, check_probability, make_rng

__all__ = [
    "TK1992",
    "cpt_value",
    "cpt_weight",
    "streak_loss",
    "expected_days_to_break",
    "simulate_days_to_break",
    "StreakResult",
    "simulate_streaks",
]


#: Median parameter estimates of Tversky & Kahneman (1992): the curvature α (the same for gains and
#: losses), loss aversion λ, and the shape of the probability weighting for gains and for losses.
TK1992 = {"alpha": 0.88, "lam": 2.25, "weighting_gains": 0.61, "weighting_losses": 0.69}


def cpt_value(x, alpha: float = 0.88, lam: float = 2.25) -> np.ndarray:
    """Prospect-theory value of an outcome ``x`` measured from the reference point.

    v(x) = x^α for x ≥ 0 and v(x) = −λ(−x)^α for x < 0.

    Parameters
    ----------
    x : array_like of float
        Gains (positive) and losses (negative), e.g. days of streak.
    alpha : float in (0, 1]
        Curvature, for gains and losses alike (1 = linear).
    lam : float in [1, 10]
        Loss aversion: how much more a loss weighs than an equal gain.

    Returns
    -------
    ndarray of float

    References
    ----------
    Tversky, A. & Kahneman, D. (1992). Advances in prospect theory. J. Risk Uncertainty 5(4), 297–323.

    Examples
    --------
    >>> cpt_value([1.0, -1.0]).tolist()          # a loss of 1 weighs λ = 2.25 times a gain of 1
    [1.0, -2.25]
    >>> round(float(cpt_value(10.0)), 3)          # 10 ** 0.88
    7.586
    """
    alpha = _exponent("alpha", alpha)
    lam = check_number("lam", lam, 1, 10)
    x = np.asarray(x, dtype=float)
    if np.any(np.isnan(x)):
        raise ValueError("x must not contain NaN")
    gains = np.power(np.maximum(x, 0.0), alpha)
    losses = -lam * np.power(np.maximum(-x, 0.0), alpha)
    return np.where(x >= 0, gains, losses)


def cpt_weight(p, weighting: float = 0.61) -> np.ndarray:
    """The probability weighting function: p^c / (p^c + (1 − p)^c)^(1/c), with c = ``weighting``.

    Tversky & Kahneman (1992) estimated c = 0.61 for gains and 0.69 for losses
    (``TK1992["weighting_gains"]``, ``TK1992["weighting_losses"]``). Small probabilities are
    overweighted and large ones underweighted; c = 1 weights every probability as itself.

    Examples
    --------
    >>> w = cpt_weight([0.01, 0.5, 0.99])
    >>> bool(w[0] > 0.01), bool(w[2] < 0.99)
    (True, True)
    >>> cpt_weight([0.0, 1.0]).tolist()
    [0.0, 1.0]
    """
    weighting = check_number("weighting", weighting, 0.2, 1)
    p = np.asarray(p, dtype=float)
    if np.any((p < 0) | (p > 1)) or np.any(np.isnan(p)):
        raise ValueError("p must hold probabilities between 0 and 1")
    pg = np.power(p, weighting)
    return pg / np.power(pg + np.power(1 - p, weighting), 1 / weighting)


def streak_loss(streak, lam: float = 2.25, alpha: float = 0.88) -> np.ndarray:
    """The felt loss of breaking a streak of ``streak`` days: −λ·L^α.

    Examples
    --------
    >>> round(float(streak_loss(100)), 2)       # 2.25 · 100 ** 0.88
    -129.47
    >>> round(float(streak_loss(100, lam=1.0) / streak_loss(100)), 3)
    0.444
    """
    streak = np.asarray(streak, dtype=float)
    if np.any(streak < 0):
        raise ValueError("streak must be at least 0 days")
    return cpt_value(-streak, alpha=alpha, lam=lam)


def expected_days_to_break(q: float, freezes: int = 0) -> float:
    """Expected days until a streak breaks: Σ_{j=1}^{k+1} q^{−j}.

    Each day is missed with probability ``q``, independently; with ``freezes`` = k freezes
    that are refilled as soon as the learner practises again, the streak breaks on the
    first run of k + 1 consecutive misses. Real freezes are bought and not refilled at
    once, so this is an upper bound.

    Parameters
    ----------
    q : float in (0, 1]
        Daily probability of missing practice.
    freezes : int in [0, 20]

    Returns
    -------
    float
        Expected day (counting from 1) on which the streak is lost.

    Examples
    --------
    >>> expected_days_to_break(0.01)                # 99% daily success: about 100 days
    100.0
    >>> f"{expected_days_to_break(0.01, 2):.3g}"   # two freezes: about a million days
    '1.01e+06'
    """
    q = check_probability("q", q)
    if q == 0:
        raise ValueError("q must be greater than 0 (with q = 0 the streak never breaks), got 0")
    freezes = check_integer("freezes", freezes, 0, 20)
    j = np.arange(1, freezes + 2)
    return float(np.sum(q ** -j.astype(float)))


def simulate_days_to_break(q: float, freezes: int = 0, *, n_learners: int = 10_000,
                           max_days: int = 1000, refill: bool = True, seed=None) -> np.ndarray:
    """Simulated day on which each learner's streak breaks (inf if it survives ``max_days``).

    Parameters
    ----------
    q : float in [0, 1]
        Daily miss probability.
    freezes : int in [0, 20]
        Freezes equipped at the start.
    n_learners, max_days : int
    refill : bool
        True: used freezes come back after the next practised day (the closed form's
        assumption). False: each freeze can be used once.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    ndarray of float, shape (n_learners,)

    Examples
    --------
    >>> days = simulate_days_to_break(0.3, 2, n_learners=20_000, max_days=2000, seed=0)
    >>> round(float(days.mean()), 1), round(expected_days_to_break(0.3, 2), 1)
    (51.5, 51.5)
    """
    q = check_probability("q", q)
    freezes = check_integer("freezes", freezes, 0, 20)
    n_learners = check_integer("n_learners", n_learners, 1, 10_000_000)
    max_days = check_integer("max_days", max_days, 1, 1_000_000)
    refill = check_bool("refill", refill)
    rng = make_rng(seed)
    left = np.full(n_learners, freezes)
    broke = np.full(n_learners, np.inf)
    alive = np.ones(n_learners, bool)
    for day in range(1, max_days + 1):
        miss = rng.random(n_learners) < q
        lost = alive & miss & (left == 0)
        broke[lost] = day
        alive &= ~lost
        left = np.where(miss, left - 1, freezes if refill else left)
        if not alive.any():
            break
    return broke


@dataclass(frozen=True)
class StreakResult:
    """Daily practice of a population, with or without a streak mechanic.

    Attributes
    ----------
    practiced : ndarray of bool, shape (n_learners, days)
    streak : ndarray of int, shape (n_learners, days)
        Streak length at the end of each day.
    quit_day : ndarray of float
        Day on which each learner quit for good (inf if still using the app).
    at_stake : ndarray of float, shape (days,)
        Mean felt loss λ·L^α that learners who still had a streak were protecting each
        day: a rough index of streak pressure.
    freezes_used : ndarray of int, shape (n_learners,)
    freezes_left : ndarray of int, shape (n_learners, days)
        Freezes equipped at the end of each day.
    """

    practiced: np.ndarray
    streak: np.ndarray
    quit_day: np.ndarray
    at_stake: np.ndarray
    freezes_used: np.ndarray
    freezes_left: np.ndarray

    @property
    def daily_active(self) -> np.ndarray:
        """Share of all learners who practised on each day."""
        return self.practiced.mean(axis=0)

    @property
    def retained(self) -> np.ndarray:
        """Share of learners who had not quit by the end of each day."""
        days = np.arange(1, self.practiced.shape[1] + 1)
        return (self.quit_day[:, None] > days[None, :]).mean(axis=0)


def simulate_streaks(n_learners: int = 2000, days: int = 365, *, streaks: bool = True,
                     base_prob: float = 0.7, spread: float = 1.0, fade: float = 0.008,
                     loss_weight: float = 0.05, lam: float = 2.25, alpha: float = 0.88,
                     freezes: int = 0, refill: bool = False, quit_after: int = 14,
                     seed=None, player=None) -> StreakResult:
    """Daily practice and retention of a population, with or without streaks.

    Learner i practises on day t with probability logistic(u_i − fade·t + S), where
    logistic(z) = 1 / (1 + e^(−z)), u_i is drawn around logit(``base_prob``) with standard
    deviation ``spread``, and motivation fades as novelty wears off. With ``streaks=True``,
    S = ``loss_weight``·λ·L^α: the felt loss
    of breaking the current streak L (prospect theory with L as the reference point)
    adds to the pull of the app. A missed day uses a freeze if one is equipped, else
    the streak resets to 0. A learner who misses ``quit_after`` days in a row quits.
    This is a toy model: its parameters are illustrative, not fitted to any app.

    Parameters
    ----------
    n_learners, days : int
    streaks : bool
        Whether the app shows streaks at all.
    base_prob : float in (0, 1)
        Typical chance of practising on day 0 with no streak.
    spread : float in [0, 5]
        Spread of learners' motivation (logit units).
    fade : float in [0, 1]
        Daily drop of motivation (logit units per day).
    loss_weight : float in [0, 1]
        Logit units per unit of felt loss.
    lam, alpha : float
        Loss aversion and curvature (Tversky & Kahneman 1992: 2.25 and 0.88).
    freezes : int in [0, 10]
    refill : bool
        Whether used freezes come back after the next practised day.
    quit_after : int in [1, days]
    seed : int, numpy.random.Generator or None
    player : sequence of str, optional
        Learner 0's own choices, one per day from day 0, instead of the model's draw: each is
        ``"practice"``, ``"skip"`` or ``"practice and freeze"`` (practise and equip one more
        freeze, which a later missed day uses up; a freeze is bought before the day it saves,
        as at Duolingo). Days past the end of the list are simulated. Everyone's random
        draws are made as without it, so with the choices the model would have drawn, the run
        is the model's run (the Lingo Leap game in lesson 02 plays this way).

    Returns
    -------
    StreakResult

    Examples
    --------
    >>> with_s = simulate_streaks(1000, 180, streaks=True, seed=4)
    >>> without = simulate_streaks(1000, 180, streaks=False, seed=4)
    >>> bool(with_s.daily_active[-30:].mean() > without.daily_active[-30:].mean())
    True
    """
    n_learners = check_integer("n_learners", n_learners, 1, 10_000_000)
    days = check_integer("days", days, 1, 100_000)
    streaks, refill = check_bool("streaks", streaks), check_bool("refill", refill)
    base_prob = check_number("base_prob", base_prob, 0.001, 0.999)
    spread = check_number("spread", spread, 0, 5)
    fade = check_number("fade", fade, 0, 1)
    loss_weight = check_number("loss_weight", loss_weight, 0, 1)
    lam = check_number("lam", lam, 1, 10)
    alpha = _exponent("alpha", alpha)
    freezes = check_integer("freezes", freezes, 0, 10)
    quit_after = check_integer("quit_after", quit_after, 1, max(days, 1))
    player = _player_choices(player, days)
    rng = make_rng(seed)
    u = np.log(base_prob / (1 - base_prob)) + spread * rng.standard_normal(n_learners)
    # felt loss by streak length, looked up instead of recomputed each day
    stake_of = lam * np.power(np.arange(days + 1, dtype=float), alpha)
    weighted = loss_weight * stake_of if streaks else np.zeros(days + 1)
    practiced = np.zeros((n_learners, days), bool)
    streak_log = np.zeros((n_learners, days), np.int32)
    left_log = np.zeros((n_learners, days), np.int32)
    at_stake = np.zeros(days)
    quit_day = np.full(n_learners, np.inf)
    active = np.ones(n_learners, bool)
    streak = np.zeros(n_learners, np.int64)
    missed = np.zeros(n_learners, np.int64)
    left = np.full(n_learners, freezes)
    used = np.zeros(n_learners, np.int64)
    for t in range(days):
        if streaks:
            holding = active & (streak > 0)
            at_stake[t] = stake_of[streak[holding]].mean() if holding.any() else 0.0
        # acting with probability logistic(z) is the same as z + logistic noise > 0
        did = active & (u - fade * t + weighted[streak] + rng.logistic(size=n_learners) > 0)
        if t < len(player):
            did[0] = active[0] and player[t] != "skip"
            left[0] += player[t] == "practice and freeze"
        miss = active & ~did
        frozen = miss & (left > 0)
        streak = np.where(did, streak + 1, np.where(frozen, streak, 0))
        used += frozen
        if refill:
            left = np.where(frozen, left - 1, np.where(did, freezes, left))
        else:
            left = left - frozen
        missed = np.where(did, 0, missed + 1)
        quitting = active & (missed >= quit_after)
        quit_day[quitting] = t + 1
        active &= ~quitting
        practiced[:, t] = did
        streak_log[:, t] = streak
        left_log[:, t] = left
    return StreakResult(practiced, streak_log, quit_day, at_stake, used, left_log)


PLAYER_CHOICES = ("practice", "skip", "practice and freeze")


def _player_choices(player, days: int) -> tuple:
    if player is None:
        return ()
    if isinstance(player, str) or not hasattr(player, "__len__"):
        raise TypeError(f"player must be a list of daily choices {PLAYER_CHOICES}, got {type(player).__name__}")
    if len(player) > days:
        raise ValueError(f"player has {len(player)} choices but the run has only {days} days")
    for day, choice in enumerate(player):
        if choice not in PLAYER_CHOICES:
            raise ValueError(f"player[{day}] must be one of {PLAYER_CHOICES}, got {choice!r}")
    return tuple(player)


def _exponent(name: str, value) -> float:
    value = check_number(name, value, 0, 1)
    if value == 0:
        raise ValueError(f"{name} must be greater than 0 and at most 1, got 0")
    return value
