"""Reward schedules, extinction and the hook (habit) loop, for a whole population at once.

The reward-schedule model (the hook loop is in :mod:`utils.engagement.hook`):

* :func:`simulate_schedule` runs an **acquisition** phase on one of four reinforcement
  schedules (fixed or variable ratio, fixed or variable interval; Ferster & Skinner 1957)
  and then an **extinction** phase in which rewards stop. It scores persistence with two
  learning rules side by side. The *rate-estimation rule* (after Gallistel 2012) estimates
  the reward rate per response, p̂, and keeps responding until the current run of
  unrewarded responses exceeds ``c / p̂``; it reproduces the partial-reinforcement
  extinction effect (PREE): leaner schedules persist longer. The *delta rule*
  V ← V + step·(r − V), responding while V > θ, stops after about ln(θ/p)/ln(1 − step)
  responses, i.e. *sooner* after leaner schedules: a reverse PREE. The contrast is
  derived in the course reference, not taken from the literature. (The step size is a
  word, not α: in Part I, α is prospect theory's curvature.)
* :func:`simulate_hook` is the hook loop (Eyal 2014) as a habit-strength model:
  h ← h + gain·R·1[act] − decay·h, with P(act) = logistic(baseline + h + trigger).

Everything is vectorised over learners and takes a ``seed``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.checks import check_choice, check_integer, check_number, make_rng

__all__ = [
    "SCHEDULES",
    "ScheduleResult",
    "schedule_rewards",
    "simulate_schedule",
    "rate_rule_extinction",
    "delta_rule_extinction",
    "still_responding",
]


SCHEDULES = ("FR", "VR", "FI", "VI")


@dataclass(frozen=True)
class ScheduleResult:
    """What one schedule did to a population of learners.

    Attributes
    ----------
    schedule, n : str, float
        The schedule ("FR", "VR", "FI" or "VI") and its ratio or mean interval.
    responses, rewards : ndarray of int, shape (n_learners,)
        Responses made and rewards earned during acquisition.
    p_hat : ndarray of float
        Each learner's estimated reward rate per response, rewards / responses.
    value : ndarray of float
        Each learner's delta-rule value V at the end of acquisition.
    rate_extinction, delta_extinction : ndarray of int
        Responses made after rewards stop, under the rate-estimation rule and the delta rule.
    """

    schedule: str
    n: float
    responses: np.ndarray
    rewards: np.ndarray
    p_hat: np.ndarray
    value: np.ndarray
    rate_extinction: np.ndarray
    delta_extinction: np.ndarray


def schedule_rewards(schedule: str, n: float, ticks: int, *, n_learners: int = 1,
                     response_prob: float = 1.0, seed=None) -> tuple[np.ndarray, np.ndarray]:
    """Who responds and who is rewarded on each tick of an acquisition phase.

    Time runs in ticks; on each tick each learner responds with probability
    ``response_prob``. The schedule decides which responses are rewarded:

    * ``"FR"``: every ``n``-th response (exactly ``responses // n`` rewards);
    * ``"VR"``: each response with probability ``1/n`` (a random-ratio schedule, mean ``n``);
    * ``"FI"``: the first response once ``n`` ticks have passed since the last reward;
    * ``"VI"``: the first response after a reward has been "armed"; arming happens with
      probability ``1/n`` per tick (mean interval ``n`` ticks) and waits to be collected.

    Parameters
    ----------
    schedule : {"FR", "VR", "FI", "VI"}
    n : float
        Ratio (responses per reward) or mean interval (ticks), at least 1; whole for FR and FI.
    ticks : int
        Length of the acquisition phase, at least 1.
    n_learners : int
        Number of learners simulated side by side.
    response_prob : float
        Chance of a response on each tick, in (0, 1].
    seed : int, numpy.random.Generator or None

    Returns
    -------
    responded, rewarded : ndarray of bool, shape (n_learners, ticks)

    Examples
    --------
    >>> responded, rewarded = schedule_rewards("FR", 5, 20, n_learners=2)
    >>> rewarded.sum(axis=1).tolist()          # 20 responses on FR-5: exactly 4 rewards
    [4, 4]
    >>> np.flatnonzero(rewarded[0]).tolist()    # on the 5th, 10th, 15th and 20th response
    [4, 9, 14, 19]
    """
    schedule = check_choice("schedule", schedule, SCHEDULES)
    n = check_number("n", n, 1, 10_000)
    if schedule in ("FR", "FI") and n != int(n):
        raise ValueError(f"n must be a whole number for a fixed schedule ({schedule}), got {n:g}")
    ticks = check_integer("ticks", ticks, 1, 1_000_000)
    n_learners = check_integer("n_learners", n_learners, 1, 10_000_000)
    response_prob = check_number("response_prob", response_prob, 0, 1)
    if response_prob == 0:
        raise ValueError("response_prob must be greater than 0, got 0")
    rng = make_rng(seed)
    shape = (n_learners, ticks)
    responded = np.ones(shape, bool) if response_prob == 1 else rng.random(shape) < response_prob
    if schedule == "FR":
        count = np.cumsum(responded, axis=1)
        rewarded = responded & (count % int(n) == 0)
    elif schedule == "VR":
        rewarded = responded & (rng.random(shape) < 1.0 / n)
    else:
        rewarded = np.zeros(shape, bool)
        armed = np.zeros(n_learners, bool)
        since = np.zeros(n_learners, int)
        arming = rng.random(shape) < 1.0 / n if schedule == "VI" else None
        for t in range(ticks):
            since += 1
            if schedule == "FI":
                armed = since >= n
            else:
                armed |= arming[:, t]
            got = armed & responded[:, t]
            rewarded[:, t] = got
            since[got] = 0
            if schedule == "VI":
                armed &= ~got
    return responded, rewarded


def rate_rule_extinction(p_hat, c: float = 3.0) -> np.ndarray:
    """Responses made after rewards stop under the rate-estimation rule.

    A learner who estimated p̂ rewards per response keeps responding until the run of
    unrewarded responses exceeds ``c / p̂``: she makes ``floor(c / p̂) + 1`` responses.
    Leaner schedules (smaller p̂) therefore persist longer: the PREE, with
    trials-to-extinction proportional to 1/p (Chan & Harris 2019 report roughly 3× at
    33% and 5× at 20% reinforcement).

    Parameters
    ----------
    p_hat : array_like of float in (0, 1]
        Estimated reward rate per response; a learner never rewarded (p̂ = 0) never
        learned to respond and scores 0.
    c : float
        How many expected inter-reward gaps of silence a learner tolerates, in (0, 1000].

    Returns
    -------
    ndarray of int

    Examples
    --------
    >>> rate_rule_extinction([1.0, 0.2], c=3).tolist()   # CRF vs FR-5
    [4, 16]
    """
    c = check_number("c", c, 0, 1000)
    if c == 0:
        raise ValueError("c must be greater than 0, got 0")
    p_hat = np.asarray(p_hat, dtype=float)
    if np.any((p_hat < 0) | (p_hat > 1)) or np.any(np.isnan(p_hat)):
        raise ValueError("p_hat must hold probabilities between 0 and 1")
    return _rate_rule(p_hat, c)


def _rate_rule(p_hat: np.ndarray, c) -> np.ndarray:
    """floor(c / p̂) + 1 responses, 0 where p̂ = 0; ``c`` one number or one per learner (checked by the caller)."""
    c = np.broadcast_to(np.asarray(c, dtype=float), p_hat.shape)
    out = np.zeros(p_hat.shape, dtype=int)
    ok = p_hat > 0
    # a small tolerance keeps 3/0.2 = 15 from becoming 14.999... in floating point
    out[ok] = np.floor(c[ok] / p_hat[ok] + 1e-9).astype(int) + 1
    return out


def delta_rule_extinction(value, step: float = 0.1, theta: float = 0.05) -> np.ndarray:
    """Responses made after rewards stop under the delta rule V ← V + step·(r − V).

    The learner responds while V > θ; with no rewards V shrinks by (1 − step) per response,
    so she makes the smallest m with V·(1 − step)^m ≤ θ responses, about
    ln(θ/V)/ln(1 − step). V after acquisition is near the reward rate p, so leaner schedules
    stop *sooner*: the reverse of the PREE.

    Parameters
    ----------
    value : array_like of float
        V at the end of acquisition (in [0, 1]).
    step : float
        Step size (learning rate), in (0, 1).
    theta : float
        Response threshold, in (0, 1).

    Returns
    -------
    ndarray of int

    Examples
    --------
    >>> delta_rule_extinction([1.0, 0.2], step=0.1, theta=0.05).tolist()
    [29, 14]
    """
    step = _step(step)
    theta = check_number("theta", theta, 0, 1)
    if not 0 < theta < 1:
        raise ValueError(f"theta must be strictly between 0 and 1, got {theta:g}")
    value = np.asarray(value, dtype=float)
    if np.any((value < 0) | (value > 1)) or np.any(np.isnan(value)):
        raise ValueError("value must hold numbers between 0 and 1")
    out = np.zeros(value.shape, dtype=int)
    ok = value > theta
    out[ok] = np.ceil(np.log(theta / value[ok]) / np.log(1 - step) - 1e-9).astype(int)
    return out


def _step(step) -> float:
    """The delta rule's step size, checked: strictly between 0 and 1."""
    step = check_number("step", step, 0, 1)
    if not 0 < step < 1:
        raise ValueError(f"step must be strictly between 0 and 1, got {step:g}")
    return step


def simulate_schedule(schedule: str = "VR", n: float = 5, *, n_learners: int = 1000,
                      ticks: int = 200, response_prob: float = 1.0, c: float = 3.0,
                      c_spread: float = 0.0, step: float = 0.1, theta: float = 0.05,
                      seed=None) -> ScheduleResult:
    """Acquisition on one schedule, then extinction, for a population of learners.

    Parameters
    ----------
    schedule : {"FR", "VR", "FI", "VI"}
        See :func:`schedule_rewards`. FR-1 is continuous reinforcement (CRF).
    n : float
        Ratio or mean interval.
    n_learners, ticks, response_prob
        Population size, length of acquisition in ticks, chance of responding per tick.
    c : float
        Persistence criterion of the rate-estimation rule (see :func:`rate_rule_extinction`).
    c_spread : float
        Spread of ``c`` across learners: each learner's c is ``c·exp(s·z − s²/2)`` with
        z standard normal and s = ``c_spread`` in [0, 2]; 0 makes every learner identical.
    step, theta : float
        Step size (learning rate) and response threshold of the delta rule.
    seed : int, numpy.random.Generator or None
        Two independent streams are spawned from it: one for the learners (their ``c``)
        and one for the schedule (who responds on each tick, which responses pay). So the
        same seed gives the *same learners* whatever the schedule, and comparisons across
        schedules are not blurred by drawing new learners for each one.

    Returns
    -------
    ScheduleResult

    Examples
    --------
    >>> crf = simulate_schedule("FR", 1, n_learners=3, ticks=100, seed=1)
    >>> fr5 = simulate_schedule("FR", 5, n_learners=3, ticks=100, seed=1)
    >>> crf.rate_extinction.tolist(), fr5.rate_extinction.tolist()   # PREE: 3·5 + 1 = 16
    ([4, 4, 4], [16, 16, 16])
    >>> bool(fr5.delta_extinction.mean() < crf.delta_extinction.mean())  # delta rule: reverse
    True
    >>> at_n1 = [simulate_schedule(s, 1, n_learners=50, c_spread=0.5, seed=7).rate_extinction
    ...          for s in SCHEDULES]                 # n = 1: every schedule rewards every response
    >>> all(np.array_equal(at_n1[0], other) for other in at_n1)   # same learners, same result
    True
    """
    c_spread = check_number("c_spread", c_spread, 0, 2)
    learner_rng, schedule_rng = _spawn_two(make_rng(seed))
    responded, rewarded = schedule_rewards(schedule, n, ticks, n_learners=n_learners,
                                           response_prob=response_prob, seed=schedule_rng)
    responses = responded.sum(axis=1)
    rewards = rewarded.sum(axis=1)
    p_hat = np.divide(rewards, responses, out=np.zeros(n_learners), where=responses > 0)
    step = _step(step)
    value = _delta_value(responded, rewarded, step)
    c = check_number("c", c, 0, 1000)
    if c_spread > 0:   # each learner her own c
        rate = _rate_rule(p_hat, c * np.exp(c_spread * learner_rng.standard_normal(n_learners) - c_spread ** 2 / 2))
    else:
        rate = rate_rule_extinction(p_hat, c)
    return ScheduleResult(schedule, float(n), responses, rewards, p_hat, value, rate,
                          delta_rule_extinction(value, step, theta))


def _spawn_two(rng: np.random.Generator) -> list[np.random.Generator]:
    """Two independent child generators of ``rng``: [learners, schedule]."""
    try:
        return rng.spawn(2)
    except TypeError:  # a Generator built without a SeedSequence cannot spawn
        return [np.random.default_rng(s) for s in rng.integers(0, 2 ** 63, size=2)]


def _delta_value(responded: np.ndarray, rewarded: np.ndarray, step: float) -> np.ndarray:
    """V after V ← V + step·(r − V) on each response, from V = 0, computed without a loop."""
    # A response k places (before the end) contributes step·(1−step)^k·r; non-responses do nothing.
    after = np.cumsum(responded[:, ::-1], axis=1)[:, ::-1] - responded  # responses after each tick
    weights = step * (1 - step) ** after
    return (weights * rewarded).sum(axis=1)


def still_responding(extinction_responses, max_responses: int) -> np.ndarray:
    """Share of learners still responding at each response 0..max_responses of extinction.

    Examples
    --------
    >>> still_responding([2, 4], 5).tolist()
    [1.0, 1.0, 0.5, 0.5, 0.0, 0.0]
    """
    max_responses = check_integer("max_responses", max_responses, 0, 10_000_000)
    counts = np.asarray(extinction_responses)
    if counts.size == 0:
        raise ValueError("extinction_responses must hold at least one learner")
    grid = np.arange(max_responses + 1)
    return (counts[:, None] > grid[None, :]).mean(axis=0)
