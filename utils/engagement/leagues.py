"""Leaderboards and leagues: cohorts, promotion and demotion zones, effort by rank.

Learners are placed in leagues (Bronze up to Diamond); each week every league is cut
into cohorts of ``cohort_size`` learners who compete on weekly XP. The top of each
cohort is promoted one league, the bottom demoted one league. Duolingo's rules have
changed over time, so the rules here are parameters with two presets taken from the
course reference:

* ``"older"``: the older official support text: cohorts of 50, top ten promoted,
  bottom ten demoted;
* ``"later"``: later third-party descriptions (Fandom wiki, duoplanet; not official):
  cohorts of 30, promotion zones Bronze 20, Silver 15, Gold 10, Sapphire to Pearl 7,
  Obsidian 5, and places 24–30 demoted.

Effort by rank is a toy assumption, not a finding: a learner works harder the closer
she sits to a zone boundary, where a little more XP changes the outcome.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.checks import check_choice, check_integer, check_number, make_rng
from ..core.ranking import demotion_zone, zone_of_rank
from ..core.ranking import listed_rank as _listed_rank

__all__ = [
    "LEAGUE_NAMES",
    "LeagueRules",
    "LEAGUE_PRESETS",
    "league_rules",
    "effort_by_rank",
    "cohort_outcome",
    "zone_of_rank",
    "demotion_zone",
    "daily_xp",
    "LeagueResult",
    "simulate_leagues",
]


LEAGUE_NAMES = ("Bronze", "Silver", "Gold", "Sapphire", "Ruby", "Emerald", "Amethyst",
                "Pearl", "Obsidian", "Diamond")


@dataclass(frozen=True)
class LeagueRules:
    """Cohort size and, per league, how many are promoted and demoted each week.

    Examples
    --------
    >>> rules = LeagueRules(("Low", "High"), 10, promote=(3, 0), demote=(0, 3))
    >>> rules.zones("Low"), rules.zones("High")
    ((3, 0), (0, 3))
    """

    names: tuple
    cohort_size: int
    promote: tuple
    demote: tuple

    def __post_init__(self):
        check_integer("cohort_size", self.cohort_size, 2, 1000)
        n = len(self.names)
        if n < 1:
            raise ValueError("names must list at least one league")
        if len(self.promote) != n or len(self.demote) != n:
            raise ValueError(f"promote and demote must give one number per league ({n}), "
                             f"got {len(self.promote)} and {len(self.demote)}")
        for i, (p, d) in enumerate(zip(self.promote, self.demote)):
            check_integer(f"promote[{i}]", p, 0, self.cohort_size)
            check_integer(f"demote[{i}]", d, 0, self.cohort_size)
            if p + d > self.cohort_size:
                raise ValueError(f"promote[{i}] + demote[{i}] must be at most cohort_size "
                                 f"{self.cohort_size}, got {p} + {d}")
        if self.promote[-1] != 0 or self.demote[0] != 0:
            raise ValueError("the top league cannot promote and the bottom league cannot demote")

    def zones(self, league) -> tuple[int, int]:
        """(promoted, demoted) places of a league, by name or index."""
        i = self.names.index(league) if isinstance(league, str) else int(league)
        return self.promote[i], self.demote[i]


def league_rules(cohort_size: int = 30, promote: int = 7, demote: int = 7,
                 names=LEAGUE_NAMES) -> LeagueRules:
    """Rules with the same zones in every league (none above the top, none below the bottom).

    Examples
    --------
    >>> r = league_rules(50, 10, 10)
    >>> r.zones("Bronze"), r.zones("Gold"), r.zones("Diamond")
    ((10, 0), (10, 10), (0, 10))
    """
    names = tuple(names)
    n = len(names)
    return LeagueRules(names, cohort_size, tuple([promote] * (n - 1) + [0]),
                       tuple([0] + [demote] * (n - 1)))


LEAGUE_PRESETS = {
    "older": league_rules(50, 10, 10),
    "later": LeagueRules(LEAGUE_NAMES, 30, promote=(20, 15, 10, 7, 7, 7, 7, 7, 5, 0),
                         demote=(0, 7, 7, 7, 7, 7, 7, 7, 7, 7)),
}


def effort_by_rank(cohort_size: int = 30, promote: int = 7, demote: int = 7, *,
                   boost: float = 1.0, width: float = 2.0) -> np.ndarray:
    """Effort multiplier at each rank (0 = top) of a cohort.

    Effort is 1 + boost·exp(−(d − ½)/width), where d is the distance in places from the
    nearest zone boundary (the line between the last promoted and the first safe place,
    or between the last safe and the first demoted place). With no zones effort is 1.

    Parameters
    ----------
    cohort_size : int in [2, 1000]
    promote, demote : int
        Places promoted and demoted; together at most ``cohort_size``.
    boost : float in [0, 10]
        Extra effort right next to a boundary.
    width : float in (0, 100]
        How many places away from a boundary the extra effort fades by a factor e.

    Returns
    -------
    ndarray of float, shape (cohort_size,)

    Examples
    --------
    >>> e = effort_by_rank(10, 3, 3, boost=1.0, width=1.0)
    >>> [round(float(x), 2) for x in e]
    [1.14, 1.37, 2.0, 2.0, 1.37, 1.37, 2.0, 2.0, 1.37, 1.14]
    """
    cohort_size = check_integer("cohort_size", cohort_size, 2, 1000)
    promote = check_integer("promote", promote, 0, cohort_size)
    demote = check_integer("demote", demote, 0, cohort_size)
    if promote + demote > cohort_size:
        raise ValueError(f"promote + demote must be at most cohort_size {cohort_size}, "
                         f"got {promote} + {demote}")
    boost = check_number("boost", boost, 0, 10)
    width = check_number("width", width, 0, 100)
    if width == 0:
        raise ValueError("width must be greater than 0, got 0")
    rank = np.arange(cohort_size, dtype=float)
    bounds = []
    if promote > 0:
        bounds.append(promote - 0.5)
    if demote > 0:
        bounds.append(cohort_size - demote - 0.5)
    if not bounds:
        return np.ones(cohort_size)
    d = np.min(np.abs(rank[:, None] - np.array(bounds)[None, :]), axis=1)
    return 1.0 + boost * np.exp(-(d - 0.5) / width)


def cohort_outcome(weekly_xp, promote: int, demote: int) -> np.ndarray:
    """Promotion (+1), staying (0) or demotion (−1) for each member of one cohort.

    Ranks by weekly XP, highest first; ties go to the learner listed first.

    Examples
    --------
    >>> cohort_outcome([50, 10, 30, 20, 40], promote=2, demote=1).tolist()
    [1, -1, 0, 0, 1]
    """
    xp = np.asarray(weekly_xp, dtype=float)
    if xp.ndim != 1 or xp.size == 0:
        raise ValueError("weekly_xp must be a non-empty list of numbers")
    promote = check_integer("promote", promote, 0, xp.size)
    demote = check_integer("demote", demote, 0, xp.size)
    if promote + demote > xp.size:
        raise ValueError(f"promote + demote must be at most the cohort size {xp.size}, "
                         f"got {promote} + {demote}")
    return zone_of_rank(_listed_rank(xp), xp.size, promote, demote)


def daily_xp(ability, effort, noise: float, rng: np.random.Generator) -> np.ndarray:
    """One day's XP for each learner: ability·effort·exp(noise·z), z standard normal (one draw each).

    Examples
    --------
    >>> daily_xp(np.array([10.0, 20.0]), np.array([1.0, 2.0]), 0.0, np.random.default_rng(0)).tolist()
    [10.0, 40.0]
    """
    ability = np.asarray(ability, dtype=float)
    return ability * effort * np.exp(noise * rng.standard_normal(ability.shape))


@dataclass(frozen=True)
class LeagueResult:
    """A season of leagues.

    Attributes
    ----------
    league : ndarray of int, shape (weeks + 1, n_learners)
        League index of each learner at the start of each week (and after the last).
    ability : ndarray of float, shape (n_learners,)
        Each learner's XP per day at effort 1.
    effort_rank : ndarray of float, shape (cohort_size,)
        Mean effort multiplier at each final rank, over all full cohorts and weeks.
    xp_rank : ndarray of float, shape (cohort_size,)
        Mean weekly XP at each final rank.
    """

    rules: LeagueRules
    league: np.ndarray
    ability: np.ndarray
    effort_rank: np.ndarray
    xp_rank: np.ndarray

    def occupancy(self, week: int = -1) -> np.ndarray:
        """Share of learners in each league at the start of ``week`` (default: the end)."""
        counts = np.bincount(self.league[week], minlength=len(self.rules.names))
        return counts / counts.sum()


def simulate_leagues(n_learners: int = 3000, weeks: int = 8, *, rules="later",
                     boost: float = 1.0, width: float = 2.0, ability_spread: float = 0.5,
                     noise: float = 0.3, seed=None) -> LeagueResult:
    """Weeks of league play for a population that starts in the bottom league.

    Each week, each league is shuffled into cohorts of ``rules.cohort_size`` (a last,
    smaller cohort takes the remainder). Each day a learner earns
    ability·effort·exp(noise·z) XP, where effort follows :func:`effort_by_rank` at her
    current place in the cohort's running table. After 7 days the zones are applied.

    Parameters
    ----------
    n_learners, weeks : int
    rules : {"older", "later"} or LeagueRules
    boost, width : float
        Effort near zone boundaries (see :func:`effort_by_rank`).
    ability_spread : float in [0, 3]
        Log-normal spread of learners' daily XP at effort 1 (median 10 XP a day).
    noise : float in [0, 3]
        Day-to-day log-normal noise in XP.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    LeagueResult

    Examples
    --------
    >>> res = simulate_leagues(600, 6, rules="older", seed=2)
    >>> res.league.shape
    (7, 600)
    >>> bool(res.league[-1].mean() > 0)              # people have climbed out of Bronze
    True
    >>> bool(np.corrcoef(res.ability, res.league[-1])[0, 1] > 0.3)   # leagues sort by ability
    True
    """
    n_learners = check_integer("n_learners", n_learners, 2, 10_000_000)
    weeks = check_integer("weeks", weeks, 1, 1000)
    if isinstance(rules, str):
        rules = LEAGUE_PRESETS[check_choice("rules", rules, tuple(LEAGUE_PRESETS))]
    elif not isinstance(rules, LeagueRules):
        raise TypeError(f"rules must be 'older', 'later' or a LeagueRules, got {type(rules).__name__}")
    boost = check_number("boost", boost, 0, 10)
    width = check_number("width", width, 0, 100)
    ability_spread = check_number("ability_spread", ability_spread, 0, 3)
    noise = check_number("noise", noise, 0, 3)
    rng = make_rng(seed)
    size = rules.cohort_size
    n_leagues = len(rules.names)
    ability = 10.0 * np.exp(ability_spread * rng.standard_normal(n_learners))
    # effort tables: one row per league, indexed by rank (ranks past the end unused)
    effort_tab = np.vstack([effort_by_rank(size, p, d, boost=boost, width=width)
                            for p, d in zip(rules.promote, rules.demote)])
    promote = np.array(rules.promote)
    demote = np.array(rules.demote)
    league = np.zeros((weeks + 1, n_learners), int)
    effort_sum = np.zeros(size)
    xp_sum = np.zeros(size)
    count = np.zeros(size)
    for w in range(weeks):
        cur = league[w]
        # cohorts: shuffle, sort by league, cut each league's block into chunks of `size`
        order = np.lexsort((rng.random(n_learners), cur))
        lg = cur[order]
        start = np.searchsorted(lg, lg, side="left")
        pos = np.arange(n_learners) - start
        cohort = lg * n_learners + pos // size         # unique id per (league, chunk)
        _, cid, csize = np.unique(cohort, return_inverse=True, return_counts=True)
        csize = csize[cid]
        xp = np.zeros(n_learners)
        rank = (pos % size).astype(int)                 # arbitrary order on day 0
        for _day in range(7):
            eff = effort_tab[lg, np.minimum(rank, size - 1)]
            xp += daily_xp(ability[order], eff, noise, rng)
            rank = _rank_within(cid, xp)
        outcome = zone_of_rank(rank, csize, promote[lg], demote[lg])
        full = csize == size
        np.add.at(effort_sum, rank[full], eff[full])
        np.add.at(xp_sum, rank[full], xp[full])
        np.add.at(count, rank[full], 1)
        new = np.empty(n_learners, int)
        new[order] = np.clip(lg + outcome, 0, n_leagues - 1)
        league[w + 1] = new
    with np.errstate(invalid="ignore", divide="ignore"):
        effort_rank = effort_sum / count
        xp_rank = xp_sum / count
    return LeagueResult(rules, league, ability, effort_rank, xp_rank)


def _rank_within(group: np.ndarray, xp: np.ndarray) -> np.ndarray:
    """Rank (0 = most XP) of each entry within its group (group ids are whole numbers)."""
    # one float key sorts by group, then by XP from high to low: xp/(max+1) lies in [0, 1)
    key = group - xp / (xp.max() + 1.0)
    order = np.argsort(key)
    g = group[order]
    first = np.searchsorted(g, g, side="left")
    rank = np.empty(xp.size, int)
    rank[order] = np.arange(xp.size) - first
    return rank
