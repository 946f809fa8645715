"""Ranking primitives: places in a ranking, and who falls in its bottom places.

A league's demotion zone (lesson 03, :mod:`utils.engagement.leagues`) and the scoring
society's relative cutoff (Part II, :func:`utils.society.model.low_scorers`) are the same
zone of a ranking; it is written once, here.
"""
from __future__ import annotations

import numpy as np

from .checks import check_choice, check_integer

__all__ = [
    "zone_of_rank",
    "demotion_zone",
]


def zone_of_rank(rank, size, promote, demote) -> np.ndarray:
    """+1 in the promotion zone (the top ``promote`` places), −1 in the demotion zone (the bottom ``demote``), else 0.

    ``rank`` counts from 0 at the top of a group of ``size``; all four may be arrays (one
    group per entry), which is how :func:`simulate_leagues` applies every cohort's zones at once.

    Examples
    --------
    >>> zone_of_rank(np.arange(5), 5, 1, 2).tolist()
    [1, 0, 0, -1, -1]
    """
    rank = np.asarray(rank)
    return np.where(rank < promote, 1, np.where(rank >= np.asarray(size) - demote, -1, 0))


def listed_rank(values: np.ndarray) -> np.ndarray:
    """Rank, 0 = highest value; among equal values the one listed first ranks higher."""
    order = np.argsort(-values, kind="stable")
    rank = np.empty(values.size, int)
    rank[order] = np.arange(values.size)
    return rank


def demotion_zone(values, places: int, *, ties: str = "listed") -> np.ndarray:
    """Who falls in the bottom ``places`` of a ranking by ``values``: a league's demotion zone, as a mask.

    The same zone is the relative cutoff of the scoring society in Part II: there the
    ⌊zN⌋ lowest scores are "low", and ties to them may be cut
    (:func:`utils.society.model.low_scorers`). The two differ only in how they treat equal
    values at the edge of the zone, which ``ties`` sets:

    * ``"listed"`` (a league): exactly ``places`` people are demoted; among equal values the
      one listed later ranks lower, as in :func:`utils.engagement.leagues.cohort_outcome`;
    * ``"shared"`` (a score): equal values share a place, and nobody is demoted while someone
      with the same value is not, so the zone may hold fewer than ``places`` people. A person
      is in it when at most ``places`` people (themselves included) have a value at or below
      theirs, that is when their value is below the (places + 1)-th lowest.

    Parameters
    ----------
    values : array_like, 1-D
        Higher is better (weekly XP, a score).
    places : int
        Size of the zone, 0 to ``len(values)``.
    ties : {"listed", "shared"}

    Returns
    -------
    ndarray of bool

    Examples
    --------
    >>> demotion_zone([50, 10, 30, 10, 40], 1).tolist()                  # of two 10s, the later-listed goes
    [False, False, False, True, False]
    >>> demotion_zone([50, 10, 30, 30, 40], 2).tolist()                  # one of the two 30s is demoted
    [False, True, False, True, False]
    >>> demotion_zone([50, 10, 30, 30, 40], 2, ties="shared").tolist()   # neither 30 is
    [False, True, False, False, False]
    """
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"values must be a 1-D array, got shape {arr.shape}")
    places = check_integer("places", places, 0, arr.size)
    check_choice("ties", ties, ("listed", "shared"))
    if places == 0:
        return np.zeros(arr.size, dtype=bool)
    if places == arr.size:
        return np.ones(arr.size, dtype=bool)
    if ties == "listed":
        return zone_of_rank(listed_rank(arr), arr.size, 0, places) < 0
    # "shared" ranks each value by how many others are strictly higher; in linear time this is
    # the test against the (places + 1)-th lowest value
    return arr < kth_lowest(arr, places)


def kth_lowest(values: np.ndarray, k: int) -> float:
    """The (k + 1)-th lowest value: ``np.partition(values, k)[k]``.

    numpy's selection is linear and vectorised; on the scores of a scoring society (clustered,
    with thousands of equal scores once people are cut off) it is two to seven times quicker
    than counting values in buckets first, which this function did before numpy 2.
    """
    return np.partition(values, k)[k]
