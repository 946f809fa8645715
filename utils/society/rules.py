"""Scoring rules: the default Friedkin-Johnsen rule, how a rule is called and checked, and what it may read.

A scoring rule maps this step's inputs to everyone's new score, one entry per person:
``rule(u, peer, s)``, where ``u`` is each person's own behaviour as the scheme records it,
``peer`` the average current score of their friends and ``s`` the current scores. A rule
that needs more than the average (for example "a score falls if *any* friend is below
0.2") takes a fourth argument, ``friends`` (a :class:`Friends`), and reads each person's
friends one by one: ``rule(u, peer, s, friends)``.

Everything that calls a rule (the model's step, the capstone's checks, ``replay``) goes
through :func:`call_rule`, so a rule is called and its answer checked in one place.

Examples
--------
>>> friends = Friends.from_ties(4, [0, 0, 1], [1, 2, 3])      # ties 0-1, 0-2, 1-3
>>> s = np.array([0.9, 0.1, 0.5, 0.8])
>>> friends.of(0).tolist(), friends.min(s).tolist()
([1, 2], [0.1, 0.8, 0.9, 0.1])
>>> any_low_friend = lambda u, peer, s, friends: np.where(friends.min(s) < 0.2, 0.5 * u, u)
>>> call_rule(any_low_friend, np.ones(4), friends.mean(s), s, friends).tolist()
[0.5, 1.0, 1.0, 0.5]
"""
from __future__ import annotations

import inspect
from functools import lru_cache
from numbers import Real

import numpy as np

__all__ = [
    "Friends",
    "friedkin_johnsen",
    "reads_friends",
    "call_rule",
    "RuleError",
]


def friedkin_johnsen(u, peer, peer_weight: float):
    """The model's default rule, s = (1 − β) u + β · peer (Friedkin & Johnsen 1990): the one place it is written.

    Examples
    --------
    >>> friedkin_johnsen(np.array([1.0, 0.2]), np.array([0.0, 0.6]), 0.5).tolist()
    [0.5, 0.4]
    """
    return (1 - peer_weight) * u + peer_weight * peer


class Friends:
    """Who each person's friends are, for rules that read friends one by one.

    A rule with a fourth argument gets one of these: ``friends.of(i)`` lists person i's
    friends, and the reductions below give one number per person over their friends (an
    array ``values`` with one entry per person, e.g. the current scores ``s``). A person
    with no friends gets ``sum`` 0, ``count`` 0, ``any`` False, ``min`` +inf, ``max`` −inf
    and ``mean`` the value ``empty`` (NaN unless given).

    Examples
    --------
    >>> friends = Friends.from_ties(3, [0], [1])                  # person 2 has no friends
    >>> s = np.array([0.2, 0.6, 0.9])
    >>> friends.degree.tolist(), friends.sum(s).tolist(), friends.mean(s, empty=0.3).tolist()
    ([1, 1, 0], [0.6, 0.2, 0.0], [0.6, 0.2, 0.3])
    >>> friends.any(s < 0.5).tolist(), friends.max(s).tolist()
    ([False, True, False], [0.6, 0.2, -inf])
    """

    def __init__(self, n: int, indptr: np.ndarray, indices: np.ndarray):
        self.n = int(n)
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.indices = np.asarray(indices, dtype=np.int64)
        self.degree = np.diff(self.indptr)
        self.rows = np.repeat(np.arange(self.n), self.degree)

    @classmethod
    def from_ties(cls, n: int, src, dst) -> "Friends":
        """From a list of ties src_k–dst_k (each tie once, either order); each person's friends in number order."""
        src, dst = np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)
        rows, cols = np.concatenate([src, dst]), np.concatenate([dst, src])
        order = np.lexsort((cols, rows))
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        return cls(n, indptr, cols[order])

    def of(self, person: int) -> np.ndarray:
        """Person ``person``'s friends (their numbers, ascending)."""
        return self.indices[self.indptr[person]:self.indptr[person + 1]]

    def _gather(self, values) -> np.ndarray:
        values = np.asarray(values)
        if values.shape != (self.n,):
            raise ValueError(f"values must have one entry per person, shape ({self.n},); got {values.shape}")
        return values[self.indices]

    def sum(self, values) -> np.ndarray:
        """Sum of ``values`` over each person's friends."""
        return np.bincount(self.rows, weights=self._gather(values).astype(float), minlength=self.n)

    def count(self, mask) -> np.ndarray:
        """Number of each person's friends for whom ``mask`` is True."""
        return np.bincount(self.rows, weights=self._gather(mask).astype(bool), minlength=self.n).astype(np.int64)

    def any(self, mask) -> np.ndarray:
        """True for people with at least one friend for whom ``mask`` is True."""
        return self.count(mask) > 0

    def mean(self, values, empty: float = np.nan) -> np.ndarray:
        """Average of ``values`` over each person's friends (``empty`` for people with none)."""
        total = self.sum(values)
        return np.where(self.degree > 0, total / np.maximum(self.degree, 1), empty)

    def _extreme(self, values, ufunc, none: float) -> np.ndarray:
        gathered = self._gather(values).astype(float)
        out = np.full(self.n, none)
        some = self.degree > 0
        if gathered.size:
            out[some] = ufunc.reduceat(gathered, self.indptr[:-1][some])
        return out

    def min(self, values) -> np.ndarray:
        """Smallest of ``values`` among each person's friends (+inf for people with none)."""
        return self._extreme(values, np.minimum, np.inf)

    def max(self, values) -> np.ndarray:
        """Largest of ``values`` among each person's friends (−inf for people with none)."""
        return self._extreme(values, np.maximum, -np.inf)

    def without(self, persons, friends) -> "Friends":
        """The same friendships, except that person ``persons[k]`` no longer counts ``friends[k]``.

        One-sided: ``friends[k]`` still counts ``persons[k]``. This is how the model asks what
        a cut would do to the would-be cutter's own next score.

        Examples
        --------
        >>> Friends.from_ties(3, [0, 0], [1, 2]).without([0], [2]).of(0).tolist()
        [1]
        """
        persons, friends = np.asarray(persons, dtype=np.int64), np.asarray(friends, dtype=np.int64)
        keys = self.rows * self.n + self.indices              # ascending: rows, then friends in order
        drop = np.searchsorted(keys, persons * self.n + friends)
        if np.any(drop >= keys.size) or np.any(keys[np.minimum(drop, keys.size - 1)] != persons * self.n + friends):
            raise ValueError("without: every (person, friend) pair must be a friendship")
        keep = np.ones(keys.size, dtype=bool)
        keep[drop] = False
        indptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.rows[keep], minlength=self.n), out=indptr[1:])
        return Friends(self.n, indptr, self.indices[keep])

    def __repr__(self) -> str:
        return f"Friends({self.n} people, {self.indices.size // 2} ties)"


@lru_cache(maxsize=256)
def _friends_argument(rule) -> str | None:
    """How to hand ``friends`` to ``rule``: "keyword", "positional", or None when it takes three arguments."""
    try:
        parameters = list(inspect.signature(rule).parameters.values())
    except (TypeError, ValueError):      # a builtin without a signature: three arguments
        return None
    for p in parameters:
        if p.name == "friends" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
            return "keyword"
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(positional) >= 4 and positional[3].default is inspect.Parameter.empty:
        return "positional"
    return None


def reads_friends(rule) -> bool:
    """True when ``rule`` takes a fourth argument, ``friends``, and so reads friends one by one.

    Examples
    --------
    >>> reads_friends(lambda u, peer, s: u), reads_friends(lambda u, peer, s, friends: u)
    (False, True)
    """
    try:
        return _friends_argument(rule) is not None
    except TypeError:                    # unhashable callables are not cached
        return _friends_argument.__wrapped__(rule) is not None


class RuleError(ValueError):
    """A scoring rule raised, or returned something other than one number per person."""


def call_rule(rule, u, peer, s, friends: Friends | None = None, *, name: str = "score_rule") -> np.ndarray:
    """Call ``rule(u, peer, s[, friends])`` on copies and return its answer as one float per person.

    The one place a rule is called: it cannot edit the caller's arrays, a rule that reads
    friends gets ``friends`` (people with no friends at all when None), and an answer that
    is not one number per person raises :class:`RuleError` naming the rule (``name``).
    Whether the numbers are in [0, 1] is for the caller to judge (the model clips within
    1e-9 and refuses the rest; the capstone's bounded check reports them).

    Examples
    --------
    >>> call_rule(lambda u, peer, s: u[:1], np.zeros(2), np.zeros(2), np.zeros(2))
    Traceback (most recent call last):
    ...
    utils.society.rules.RuleError: score_rule must return one score per person, shape (2,); got shape (1,)
    >>> call_rule(lambda u, peer, s: ["high", "low"], np.zeros(2), np.zeros(2), np.zeros(2))
    Traceback (most recent call last):
    ...
    utils.society.rules.RuleError: score_rule must return numbers, one score per person; got list ['high', 'low']
    """
    try:
        how = _friends_argument(rule)
    except TypeError:
        how = _friends_argument.__wrapped__(rule)
    args = (u.copy(), peer.copy(), s.copy())
    if how is not None and friends is None:
        friends = Friends(s.size, np.zeros(s.size + 1, dtype=np.int64), np.zeros(0, dtype=np.int64))
    if how == "keyword":
        out = rule(*args, friends=friends)
    elif how == "positional":
        out = rule(*args, friends)
    else:
        out = rule(*args)
    try:
        values = np.asarray(out)
        if values.dtype.kind not in "biufO":     # text, bytes, complex, dates: not scores
            raise TypeError
        if values.dtype.kind == "O" and not all(isinstance(v, Real) for v in values.ravel()):
            raise TypeError                      # None, strings or arrays among the answers
        values = values.astype(float)
    except (TypeError, ValueError):
        shown = repr(out) if len(repr(out)) <= 60 else repr(out)[:57] + "..."
        raise RuleError(f"{name} must return numbers, one score per person; got {type(out).__name__} {shown}") from None
    if values.shape != s.shape:
        raise RuleError(f"{name} must return one score per person, shape {s.shape}; got shape {values.shape}")
    return values
