"""Fairness checks for scoring rules, and a side-by-side run against the default rule (lesson 09).

A **scoring rule** is the function :func:`utils.society.run.simulate` calls once per step,
``rule(u, peer, s) -> new scores``, with one entry per person in every array:

- ``u``: each person's own conduct as the scheme records it this step, in [0, 1];
- ``peer``: the average current score of each person's friends, in [0, 1];
- ``s``: everyone's current score, in [0, 1] (the rule's only memory of the past).

A rule may take a fourth argument, ``friends`` (:class:`~utils.society.rules.Friends`), to read
each person's friends one by one (``friends.min(s) < 0.2``: "any friend below 0.2"). The checks
then give it a random network of about eight friends each, fixed for the check, beside random
``peer`` values (so ``peer`` need not be the friends' average there).

Each ``check_*`` function probes a rule with random inputs drawn from one seeded Generator and
returns a :class:`Verdict`: whether the property held, one sentence saying why, and a
concrete counterexample (one person's inputs and scores) when it failed. The properties:

bounded
    Every score the rule returns is a finite number in [0, 1], whatever inputs in [0, 1] it gets.
monotone in own conduct
    Raising one person's conduct ``u``, with everything else held fixed, never lowers that
    person's score. Probed one person at a time, so that other people's conduct stays
    fixed: a ranking rule may lower your score when *others* improve, and that is a different
    question (see the lesson's discussion of relative scores).
no guilt by association
    Changing friends' scores changes nobody's score: the result must not depend on ``peer``,
    nor on other people's current scores in ``s`` (read through ``friends`` or otherwise). Your own current score ``s[i]`` may count
    (that is memory, which error recovery limits).
recovers from errors
    A wrong entry in someone's record can be corrected, and once it is, the score returns to
    what it would have been. (This is *error recovery*, a property of the rule's memory. It is
    not *contestability* in the due-process sense, the right to notice, reasons and a hearing
    that can correct the record in the first place: no function of ``u``, ``peer`` and ``s`` can
    show that a scheme gives people a way to contest. Lesson 09 teaches the difference.) The rule sees the record one entry per step (``u``), so a
    corrected error can only linger through the rule's memory ``s``. The check replays two
    records that agree except for some wrong entries (a false 0, a false 1 or a random
    value, for one to five steps); from the correction on both records are right, and after
    ``window`` steps the two scores must agree to within ``tolerance``. A rule without memory
    recovers at once; a rule that averages with a short memory recovers geometrically; a
    permanent mark (a blacklist, a ratchet, a running total) never recovers.
tracks conduct
    Not a fairness property but a guard against empty answers: a rule that gives everyone
    0.5 passes the four checks above. People who always behave as well as possible must
    settle at least ``min_gap`` above people who always behave as badly as possible.

:func:`compare_rules` runs rules through :func:`~utils.society.run.simulate` on the same
network and starting state as the default peer-averaging rule and reports the society's
measures side by side; :func:`capstone_dashboard` swaps rules and moves β.

References
----------
Friedkin, N.E. & Johnsen, E.C. (1990). Social influence and opinions. *J. Math. Sociol.* 15(3-4), 193-206.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.checks import check_integer, check_number, make_rng
from ..society.rules import Friends, RuleError, call_rule, friedkin_johnsen, reads_friends

__all__ = [
    "Verdict",
    "FairnessReport",
    "peer_averaging_rule",
    "check_bounded",
    "check_monotone",
    "check_no_guilt_by_association",
    "check_error_recovery",
    "check_tracks_conduct",
    "check_rule",
    "replay",
]


_TOL = 1e-9


@dataclass(frozen=True)
class Verdict:
    """The outcome of one property check; true when the property held.

    Attributes
    ----------
    name : str
        The property, e.g. ``"bounded"``.
    passed : bool
    message : str
        One sentence: what was tried and what happened.
    counterexample : dict or None
        When the check failed: the person and the inputs and scores that show it.

    Examples
    --------
    >>> v = Verdict("bounded", False, "A score left [0, 1].", {"person": 3, "score": 1.5})
    >>> bool(v)
    False
    >>> print(v)
    FAIL  bounded: A score left [0, 1].
          counterexample: person = 3, score = 1.5
    """

    name: str
    passed: bool
    message: str
    counterexample: dict | None = None

    def __bool__(self) -> bool:
        return bool(self.passed)

    def __str__(self) -> str:
        text = f"{'PASS' if self.passed else 'FAIL'}  {self.name}: {self.message}"
        if self.counterexample:
            parts = ", ".join(f"{k} = {_show(v)}" for k, v in self.counterexample.items())
            text += f"\n      counterexample: {parts}"
        return text

    __repr__ = __str__


@dataclass(frozen=True)
class FairnessReport:
    """The verdicts of :func:`check_rule`, in order; true when every check passed.

    Examples
    --------
    >>> report = check_rule(lambda u, peer, s: u, seed=1)
    >>> report.passed, len(report.verdicts)
    (True, 5)
    >>> report["bounded"].passed
    True
    """

    verdicts: tuple

    @property
    def passed(self) -> bool:
        return all(self.verdicts)

    def __bool__(self) -> bool:
        return self.passed

    def __getitem__(self, name: str) -> Verdict:
        for verdict in self.verdicts:
            if verdict.name == name:
                return verdict
        raise KeyError(f"no check named {name!r}; checks are {[v.name for v in self.verdicts]}")

    def table(self) -> pd.DataFrame:
        """One row per property: passed, and the message."""
        return pd.DataFrame({"passed": [v.passed for v in self.verdicts],
                             "what happened": [v.message for v in self.verdicts]},
                            index=pd.Index([v.name for v in self.verdicts], name="property"))

    def __str__(self) -> str:
        return "\n".join(str(v) for v in self.verdicts)

    __repr__ = __str__


def _show(value):
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.4g}"
    if isinstance(value, np.ndarray):
        return "[" + ", ".join(f"{float(x):.3g}" for x in value) + "]"
    return value


class _RuleFailed(Exception):
    """The rule raised, or returned something that is not one score per person."""


def _call(rule, u, peer, s, friends: Friends | None = None) -> np.ndarray:
    """Call the rule through :func:`~utils.society.rules.call_rule`; what goes wrong becomes a reason to report."""
    try:
        return call_rule(rule, u, peer, s, friends, name="the rule")
    except RuleError as error:
        text = str(error)
        if "one score per person, shape" in text:
            text += " (for a constant, write np.full_like(u, 0.5))"
        raise _RuleFailed(text) from None
    except Exception as error:  # the learner's code: report, never crash the checker
        raise _RuleFailed(f"the rule raised {type(error).__name__}: {error}") from None


def _friends_for(rule, rng, n: int, mirrored: bool = False) -> Friends | None:
    """A random network (about 8 friends each) for a rule that reads friends; None, drawing nothing, for the others.

    ``mirrored``: person i and person i + n/2 have the same friends (for comparing two groups alike but for conduct).
    """
    if not reads_friends(rule):
        return None
    size = n // 2 if mirrored else n
    pick = rng.integers(0, size - 1, (size, 4))
    pick += pick >= np.arange(size)[:, None]                 # four random others each
    src, dst = np.repeat(np.arange(size), 4), pick.ravel()
    keys = np.unique(np.minimum(src, dst) * size + np.maximum(src, dst))
    src, dst = keys // size, keys % size
    if mirrored:
        src, dst = np.concatenate([src, src + size, src, src + size]), np.concatenate([dst, dst + size, dst + size, dst])
    return Friends.from_ties(n, src, dst)


def _check_rule_arg(rule) -> None:
    if not callable(rule):
        raise TypeError(f"rule must be a function rule(u, peer, s), got {type(rule).__name__}")


def _probe(rng, n: int):
    """Random u, peer, s in [0, 1]; the first people get every corner of the cube {0, 1}³."""
    u, peer, s = rng.random((3, n))
    corners = np.array([[a, b, c] for a in (0.0, 1.0) for b in (0.0, 1.0) for c in (0.0, 1.0)])
    k = min(n, len(corners))
    u[:k], peer[:k], s[:k] = corners[:k].T
    return u, peer, s


def _person(i, **arrays) -> dict:
    return {"person": int(i), **{name: float(a[i]) for name, a in arrays.items()}}


def _checked(rule, seed, people: int, trials: int | None = None) -> tuple:
    """The preamble every check shares: a callable rule, one Generator, the probe's size and trials checked."""
    _check_rule_arg(rule)
    rng = make_rng(seed)
    people = check_integer("people", people, 8)
    return rng, people, (None if trials is None else check_integer("trials", trials, 1))


def _run_trials(name: str, trials: int, one_trial: Callable, passed: Callable[[], str]) -> Verdict:
    """The probe loop every check shares: ``one_trial(trial)`` returns a failing Verdict or None.

    The first failure is the verdict. A rule that raises, or returns something other than one
    score per person, fails with the reason. If every trial passes, the verdict's message is
    ``passed()``, called at the end so it can report what the trials saw.
    """
    try:
        for trial in range(trials):
            failure = one_trial(trial)
            if failure is not None:
                return failure
    except _RuleFailed as error:
        return Verdict(name, False, f"Could not check: {error}.")
    return Verdict(name, True, passed())


def peer_averaging_rule(peer_weight: float = 0.5) -> Callable:
    """The model's default rule, ``(1 − β) u + β peer`` (Friedkin-Johnsen), as a function.

    Parameters
    ----------
    peer_weight : float
        β in [0, 1]: the weight of friends' average score.

    Examples
    --------
    >>> rule = peer_averaging_rule(0.5)
    >>> rule(np.array([1.0]), np.array([0.0]), np.array([0.7])).tolist()
    [0.5]
    >>> check_no_guilt_by_association(rule, seed=0).passed
    False
    """
    beta = check_number("peer_weight", peer_weight, 0, 1)

    def peer_averaging(u, peer, s):
        return friedkin_johnsen(u, peer, beta)

    peer_averaging.__name__ = f"peer_averaging(β={beta:g})"
    return peer_averaging


def check_bounded(rule: Callable, seed=None, *, people: int = 200, trials: int = 20) -> Verdict:
    """Does the rule always return finite scores in [0, 1]?

    Probes ``trials`` random populations of ``people`` (inputs uniform in [0, 1], plus every
    corner of the input cube).

    Examples
    --------
    >>> check_bounded(lambda u, peer, s: u, seed=1).passed
    True
    >>> print(check_bounded(lambda u, peer, s: u + 0.5 * peer, seed=1))  # doctest: +ELLIPSIS
    FAIL  bounded: A score left [0, 1]: ...
          counterexample: person = ..., u = ..., peer = ..., s = ..., new score = ...
    """
    rng, people, trials = _checked(rule, seed, people, trials)
    view = _friends_for(rule, rng, people)
    name = "bounded"

    def one_trial(trial):
        u, peer, s = _probe(rng, people)
        out = _call(rule, u, peer, s, view)
        bad = ~np.isfinite(out) | (out < -_TOL) | (out > 1 + _TOL)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            return Verdict(name, False, f"A score left [0, 1]: the rule gave {out[i]:.4g} for inputs in "
                           "[0, 1]. Clip or rescale so every score stays between 0 and 1.",
                           _person(i, u=u, peer=peer, s=s, **{"new score": out}))

    return _run_trials(name, trials, one_trial,
                       lambda: f"All {trials * people} scores were finite and in [0, 1], corners included.")



def check_monotone(rule: Callable, seed=None, *, people: int = 50, trials: int = 20, probes: int = 10) -> Verdict:
    """Does raising one person's own conduct ever lower that person's score?

    In each of ``trials`` random populations, ``probes`` people are picked one at a time; each
    one's ``u`` is raised (by a random amount, by a tiny amount, or from 0 to 1) while every
    other input stays fixed, and their new score must not be lower than before.

    Examples
    --------
    >>> check_monotone(lambda u, peer, s: u, seed=1).passed
    True
    >>> check_monotone(lambda u, peer, s: 1 - abs(u - 0.6), seed=1).passed  # punishes doing "too well"
    False
    """
    rng, people, trials = _checked(rule, seed, people, trials)
    view = _friends_for(rule, rng, people)
    probes = check_integer("probes", probes, 1, people)
    name = "monotone in own conduct"

    def one_trial(trial):
        u, peer, s = _probe(rng, people)
        before = _call(rule, u, peer, s, view)
        for i in rng.choice(people, probes, replace=False):
            kind = rng.integers(3)
            if kind == 0 or trial == 0:
                low, high = 0.0, 1.0                        # worst to best conduct
            elif kind == 1:
                low, high = u[i], u[i] + rng.random() * (1 - u[i])
            else:
                low = u[i] * (1 - 1e-3)
                high = min(1.0, low + 1e-3)                 # a tiny step
            u_low, u_high = u.copy(), u.copy()
            u_low[i], u_high[i] = low, high
            a = _call(rule, u_low, peer, s, view)[i] if low != u[i] else before[i]
            b = _call(rule, u_high, peer, s, view)[i]
            if b < a - _TOL:
                return Verdict(name, False, f"Better conduct lowered a score: raising person {i}'s u from "
                               f"{low:.3g} to {high:.3g} (nothing else changed) moved their score from "
                               f"{a:.4g} down to {b:.4g}.",
                               {"person": int(i), "u before": low, "u after": high, "peer": float(peer[i]),
                                "s": float(s[i]), "score before": a, "score after": b})

    return _run_trials(name, trials, one_trial, lambda: "Raising one person's conduct never lowered their score "
                       f"({trials * probes} people probed, one at a time).")



def check_no_guilt_by_association(rule: Callable, seed=None, *, people: int = 200, trials: int = 20) -> Verdict:
    """Does changing friends' scores change anyone's score?

    Two probes per trial. (1) ``peer`` is replaced by fresh values (everyone's friends now
    score differently) with ``u`` and ``s`` fixed: no score may move. (2) A random half of the
    people keep everything; the other half get new current scores ``s``: the first half's
    scores may not move, so the rule may use your own current score but not other people's.

    Examples
    --------
    >>> check_no_guilt_by_association(lambda u, peer, s: 0.5 * u + 0.5 * s, seed=1).passed
    True
    >>> print(check_no_guilt_by_association(lambda u, peer, s: 0.9 * u + 0.1 * s.mean(), seed=1))
    ... # doctest: +ELLIPSIS
    FAIL  no guilt by association: Other people's scores changed person ...
    """
    rng, people, trials = _checked(rule, seed, people, trials)
    view = _friends_for(rule, rng, people)
    name = "no guilt by association"

    def one_trial(trial):
        u, peer, s = _probe(rng, people)
        before = _call(rule, u, peer, s, view)
        new_peer = rng.random(people)
        new_peer[: people // 4] = 1 - np.round(peer[: people // 4])   # some friends flip from best to worst
        after = _call(rule, u, new_peer, s, view)
        moved = np.abs(after - before) > _TOL
        if moved.any():
            i = int(np.flatnonzero(moved)[0])
            return Verdict(name, False, f"Friends' scores changed person {i}'s score: their friends' average "
                           f"went from {peer[i]:.3g} to {new_peer[i]:.3g} (their own conduct and score unchanged) "
                           f"and their score went from {before[i]:.4g} to {after[i]:.4g}. Do not use peer.",
                           {"person": i, "u": float(u[i]), "s": float(s[i]), "peer before": float(peer[i]),
                            "peer after": float(new_peer[i]), "score before": float(before[i]),
                            "score after": float(after[i])})
        keep = rng.random(people) < 0.5
        new_s = np.where(keep, s, rng.random(people))
        after = _call(rule, u, peer, new_s, view)
        moved = keep & (np.abs(after - before) > _TOL)
        if moved.any():
            i = int(np.flatnonzero(moved)[0])
            return Verdict(name, False, f"Other people's scores changed person {i}'s score: only others' current "
                           f"scores s changed (person {i}'s own u, peer and s did not), yet their score went "
                           f"from {before[i]:.4g} to {after[i]:.4g}. Use s[i] for person i only, never a "
                           "total, mean or ranking of everyone's s.",
                           {"person": i, "u": float(u[i]), "s": float(s[i]),
                            "others' mean s before": float(np.mean(s[~keep])),
                            "others' mean s after": float(np.mean(new_s[~keep])),
                            "score before": float(before[i]), "score after": float(after[i])})

    return _run_trials(name, trials, one_trial, lambda: "Changing friends' average scores, or other people's "
                       f"current scores, moved nobody's score ({trials} populations of {people}).")



def check_error_recovery(rule: Callable, seed=None, *, window: int = 10, tolerance: float = 0.01,
                         people: int = 100, trials: int = 10) -> Verdict:
    """Once a wrong record is corrected, does the score return to what it would have been?

    Each trial replays the rule over two records of the same people. They agree except that
    for a random half of the people a few entries (one to five steps in a row, after a
    warm-up of up to 20 steps) are wrong: a false 0, a false 1 or a random value in place of
    the person's real conduct. Then the record is corrected: both records are right from
    there on. ``window`` steps after the correction every score must be within ``tolerance``
    of the score the person would have had with a correct record all along. Friends'
    averages ``peer`` are the same in both replays, so this checks the rule's own memory.

    Parameters
    ----------
    window : int
        Steps allowed for the score to recover after the correction (1 to 1000); 1 means the
        very next score must be right.
    tolerance : float
        How close counts as recovered, in score points (0 to 1); 0.01 is a hundredth of the scale.

    Examples
    --------
    >>> check_error_recovery(lambda u, peer, s: u, seed=1).passed
    True
    >>> check_error_recovery(lambda u, peer, s: 0.5 * u + 0.5 * s, seed=1).passed   # forgets by half each step
    True
    >>> blacklist = lambda u, peer, s: np.where((u < 0.2) | (s == 0), 0.0, u)   # once listed, listed for ever
    >>> print(check_error_recovery(blacklist, seed=1))  # doctest: +ELLIPSIS
    FAIL  recovers from errors: A corrected error still counted: ...
    """
    rng, people, trials = _checked(rule, seed, people, trials)
    view = _friends_for(rule, rng, people)
    window = check_integer("window", window, 1, 1000)
    tolerance = check_number("tolerance", tolerance, 0, 1)
    name = "recovers from errors"
    worst = [0.0]

    def one_trial(trial):
        warm_up, wrong_for = int(rng.integers(0, 21)), int(rng.integers(1, 6))
        steps = warm_up + wrong_for + window
        habit = rng.random(people)
        record = np.clip(habit + rng.normal(0, 0.1, (steps, people)), 0, 1)   # true conduct, step by step
        peers = rng.random((steps, people))
        affected = rng.random(people) < 0.5
        kind = rng.integers(0, 3, people)
        false_entry = np.where(kind == 0, 0.0, np.where(kind == 1, 1.0, rng.random(people)))
        wrong = record.copy()
        wrong[warm_up:warm_up + wrong_for, affected] = false_entry[affected]
        true_s = wrong_s = rng.random(people)
        for t in range(steps):
            true_s = _call(rule, record[t], peers[t], true_s, view)
            wrong_s = _call(rule, wrong[t], peers[t], wrong_s, view)
        gap = np.abs(wrong_s - true_s)
        if not np.all(np.isfinite(gap)):
            return Verdict(name, False, "The rule returned a score that is not a finite number.")
        worst[0] = max(worst[0], float(gap.max()))
        if gap.max() > tolerance:
            i = int(np.argmax(gap))
            where = f"steps {warm_up}-{warm_up + wrong_for - 1}" if wrong_for > 1 else f"step {warm_up}"
            who = (f"person {i}'s record was wrong at {where}" if affected[i] else
                   f"person {i}'s own record was always right (another person's record was wrong at {where})")
            return Verdict(name, False, f"A corrected error still counted: {who}; {window} steps after the "
                           f"correction their score was {wrong_s[i]:.4g} instead of the {true_s[i]:.4g} it would "
                           f"have been (allowed gap {tolerance:g}). The rule's memory (s) must let go of errors.",
                           {"person": i, "wrong entry": float(false_entry[i]) if affected[i] else "none",
                            "true conduct then": float(record[warm_up, i]), "steps wrong": wrong_for,
                            "score it would have had": float(true_s[i]), "score it has": float(wrong_s[i]),
                            "steps since correction": window})

    return _run_trials(name, trials, one_trial, lambda: f"{window} steps after a wrong record was corrected every "
                       f"score was back within {tolerance:g} of what it would have been (largest gap "
                       f"{worst[0]:.2g}, {trials} replays).")



def check_tracks_conduct(rule: Callable, seed=None, *, min_gap: float = 0.5, steps: int = 50,
                         people: int = 100) -> Verdict:
    """Does the score tell the best conduct from the worst?

    Half the people always behave as well as possible (u = 1), half as badly as possible
    (u = 0); friends' averages and starting scores are random. After ``steps`` steps the
    first group's mean score must be at least ``min_gap`` above the second's. A rule that
    gives everyone the same score fails.

    Examples
    --------
    >>> check_tracks_conduct(lambda u, peer, s: u, seed=1).passed
    True
    >>> check_tracks_conduct(lambda u, peer, s: np.full_like(u, 0.5), seed=1).passed
    False
    """
    rng, people, _ = _checked(rule, seed, people)
    min_gap = check_number("min_gap", min_gap, 0, 1)
    steps = check_integer("steps", steps, 1, 10_000)
    name = "tracks conduct"
    half = people // 2
    view = _friends_for(rule, rng, 2 * half, mirrored=True)
    u = np.zeros(2 * half)
    u[:half] = 1.0
    best = u == 1
    gap = [0.0]

    def one_trial(trial):
        s = np.tile(rng.random(half), 2)       # the two groups start alike and have alike friends,
        for _ in range(steps):                 # so only conduct tells them apart
            s = _call(rule, u, np.tile(rng.random(half), 2), s, view)
        gap[0] = float(np.mean(s[best]) - np.mean(s[~best]))
        if not np.isfinite(gap[0]) or gap[0] < min_gap - _TOL:
            return Verdict(name, False, f"After {steps} steps people with the best conduct (u = 1) averaged only "
                           f"{gap[0]:.3g} above people with the worst (u = 0); a score should tell them apart by at "
                           f"least {min_gap:g}.",
                           {"mean score, u = 1": float(np.mean(s[best])), "mean score, u = 0": float(np.mean(s[~best]))})

    return _run_trials(name, 1, one_trial, lambda: f"After {steps} steps the best conduct scored {gap[0]:.3g} "
                       f"above the worst (at least {min_gap:g} needed).")



def check_rule(rule: Callable, seed=None, *, window: int = 10, tolerance: float = 0.01) -> FairnessReport:
    """Run every check on ``rule``: bounded, monotone, no guilt by association, recovers from errors, tracks conduct.

    Examples
    --------
    >>> print(check_rule(peer_averaging_rule(0.5), seed=2))  # doctest: +ELLIPSIS
    PASS  bounded: ...
    PASS  monotone in own conduct: ...
    FAIL  no guilt by association: Friends' scores changed person 0's score: ...
          counterexample: ...
    PASS  recovers from errors: ...
    PASS  tracks conduct: ...
    """
    _check_rule_arg(rule)
    rng = make_rng(seed)
    return FairnessReport((
        check_bounded(rule, rng),
        check_monotone(rule, rng),
        check_no_guilt_by_association(rule, rng),
        check_error_recovery(rule, rng, window=window, tolerance=tolerance),
        check_tracks_conduct(rule, rng),
    ))


def replay(rule: Callable, record, peer=0.5, start=None) -> np.ndarray:
    """Feed a record of conduct to a rule step by step and return the score after each step.

    Parameters
    ----------
    rule : callable
        ``rule(u, peer, s)``.
    record : array_like, shape (steps,) or (steps, people)
        Recorded conduct in [0, 1] at each step (one person, or several side by side).
    peer : float or array_like
        Friends' average score: one number for every step and person, or an array shaped like ``record``.
    start : float or array_like, optional
        Score before the first step; by default the first entry of the record.

    Returns
    -------
    numpy.ndarray
        Scores shaped like ``record``: row t is the score after step t.

    Examples
    --------
    >>> replay(lambda u, peer, s: 0.5 * u + 0.5 * s, [1.0, 0.0, 0.0], start=1.0).tolist()
    [1.0, 0.5, 0.25]
    """
    _check_rule_arg(rule)
    record = np.asarray(record, dtype=float)
    if record.ndim not in (1, 2) or record.shape[0] == 0:
        raise ValueError(f"record must have shape (steps,) or (steps, people), got {record.shape}")
    if np.any(~np.isfinite(record)) or record.min() < 0 or record.max() > 1:
        raise ValueError("record must hold conduct values between 0 and 1")
    one_person = record.ndim == 1
    record = record.reshape(record.shape[0], -1)
    peers = np.broadcast_to(np.asarray(peer, dtype=float).reshape(-1, 1) if np.ndim(peer) == 1
                            else np.asarray(peer, dtype=float), record.shape)
    s = record[0].copy() if start is None else np.broadcast_to(np.asarray(start, dtype=float),
                                                               record.shape[1:]).copy()
    out = np.empty_like(record)
    for t in range(record.shape[0]):
        try:
            s = _call(rule, record[t], peers[t], s)
        except _RuleFailed as error:
            raise ValueError(f"step {t}: {error}") from None
        out[t] = s
    return out[:, 0] if one_person else out
