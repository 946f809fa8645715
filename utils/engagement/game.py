"""Two weeks with Lingo Leap: the learner plays one seat of a cohort whose other members follow the Part I models.

Lingo Leap is the course's fictional language app. A game is 14 days. Each day the player
chooses one of :data:`ACTIONS`: rest, do one lesson, do three lessons, or do one lesson and
spend gems on a streak freeze. As at Duolingo, a freeze is bought before the day it saves: a
later day of rest uses it up instead of breaking the streak; at most two are held at once. The other 29 members of the player's league
cohort are the models' learners, and nothing here is a second model:

* who practises on which day, and everyone's streak, come from
  :func:`utils.engagement.streaks.simulate_streaks` with the player's choices fed in as
  learner 0 (its ``player`` argument);
* the XP a practice day earns comes from the league model's
  :func:`utils.engagement.leagues.daily_xp`, with effort by rank
  (:func:`utils.engagement.leagues.effort_by_rank`) for everyone and the number of lessons
  as the player's own multiplier;
* promotion and demotion at the end of each week come from
  :func:`utils.engagement.leagues.cohort_outcome` with the ``"later"`` rules of the cohort's
  league.

A run is a pure function of the seed and the list of choices (:func:`replay_lingo_leap`);
:class:`LingoLeap` keeps the choices and replays them, so a game can be restarted or
replayed exactly. The app's messages are chosen from the state each morning, and the
reveal lists which mechanic acted on the player on which day.

The cohort keeps the same 29 rivals for both weeks so that the player can follow them;
Duolingo reshuffles cohorts each week. Its numbers are illustrative, not fitted to any app.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.checks import check_choice, check_integer, make_rng
from .leagues import LEAGUE_NAMES, LEAGUE_PRESETS, cohort_outcome, daily_xp, effort_by_rank
from .streaks import simulate_streaks, streak_loss

__all__ = ["ACTIONS", "DAYS", "FREEZE_PRICE", "MAX_FREEZES", "LingoLeapDay", "LingoLeapRun", "LingoLeap", "replay_lingo_leap"]

#: What the player can do each day.
ACTIONS = ("rest", "one lesson", "three lessons", "one lesson + freeze")
DAYS = 14
COHORT = 30
START_LEAGUE = "Sapphire"       # "later" rules: 7 promoted, 7 demoted, in a cohort of 30
START_GEMS = 30
GEMS_PER_LESSON = 5
FREEZE_PRICE = 20
MAX_FREEZES = 2              # freezes held at once, as Duolingo allows
LESSONS = {"rest": 0, "one lesson": 1, "three lessons": 3, "one lesson + freeze": 1}
STREAK_ACTION = {"rest": "skip", "one lesson": "practice", "three lessons": "practice",
                 "one lesson + freeze": "practice and freeze"}
# the models' settings for the cohort: the lesson defaults (streaks: lesson 02; leagues: lesson 03)
STREAK_SETTINGS = {"base_prob": 0.7, "spread": 1.0, "fade": 0.008, "loss_weight": 0.05}
LEAGUE_SETTINGS = {"boost": 1.0, "width": 2.0, "ability_spread": 0.5, "noise": 0.3}


@dataclass(frozen=True)
class LingoLeapDay:
    """One day of the game, as the player saw it in the morning and what followed.

    ``messages`` are what the app showed before the choice; ``mechanics`` name what acted on
    the player that day (shown in the reveal).
    """

    day: int
    action: str
    streak: int
    freezes: int               # freezes held at the end of the day
    gems: int
    week_xp: float
    rank: int
    league: str
    messages: tuple
    mechanics: tuple


@dataclass(frozen=True)
class LingoLeapRun:
    """A replayed game: the days played so far, the whole cohort, and the models' learner in your seat."""

    seed: int
    choices: tuple
    days: tuple
    cohort_week_xp: np.ndarray     # (days played, 30): each member's XP so far this week, at the day's end
    cohort_practised: np.ndarray   # (days played, 30): who practised each day (the player is member 0)
    league_path: tuple             # the player's league at the start of each week (and after the last)

    @property
    def finished(self) -> bool:
        return len(self.choices) >= DAYS

    def table(self) -> pd.DataFrame:
        """One row per day played: choice, streak, gems, XP this week, place in the cohort, league, messages."""
        rows = [{"day": d.day + 1, "choice": d.action, "streak": d.streak, "freezes": d.freezes, "gems": d.gems,
                 "XP this week": round(d.week_xp), "place": d.rank + 1, "league": d.league,
                 "app said": " / ".join(d.messages), "mechanics": ", ".join(d.mechanics)} for d in self.days]
        return pd.DataFrame(rows).set_index("day")


def _check_choices(choices) -> tuple:
    if isinstance(choices, str) or not hasattr(choices, "__len__"):
        raise TypeError(f"choices must be a list of daily actions from {ACTIONS}, got {type(choices).__name__}")
    if len(choices) > DAYS:
        raise ValueError(f"choices can hold at most {DAYS} days, got {len(choices)}")
    for day, choice in enumerate(choices):
        check_choice(f"choices[{day}]", choice, ACTIONS)
    return tuple(choices)


def _messages(day: int, streak: int, gems: int, rank: int, promote: int, demote: int, week_xp, freezes: int):
    """The app's morning messages and the mechanics they work through."""
    messages, mechanics = [], []
    if streak >= 2:
        messages.append(f"Your {streak}-day streak is about to end! Practise today to keep it.")
        mechanics.append("streak: loss framing")
    elif streak == 1:
        messages.append("You started a streak yesterday. Keep it going!")
        mechanics.append("streak")
    if streak >= 3 and gems >= FREEZE_PRICE and freezes == 0:
        messages.append(f"Protect your streak: a freeze costs {FREEZE_PRICE} gems.")
        mechanics.append("freeze offer: loss aversion")
    if day % 7 > 0:
        size = len(week_xp)
        order = np.sort(week_xp)[::-1]
        if rank >= size - demote:
            gap = order[size - demote - 1] - week_xp[0]
            messages.append(f"You are in the demotion zone! {gap:.0f} XP more to reach safety.")
            mechanics.append("league: demotion zone")
        elif rank >= promote:
            gap = order[promote - 1] - week_xp[0]
            messages.append(f"Only {gap:.0f} XP to the promotion zone!")
            mechanics.append("league: near the promotion zone")
        else:
            messages.append("You are in the promotion zone. Others are catching up!")
            mechanics.append("league: social comparison")
    if day % 7 == 6:
        messages.append("Last day of the week: the league table closes tonight.")
        mechanics.append("league: deadline")
    return tuple(messages), tuple(mechanics)


def replay_lingo_leap(choices=(), seed: int = 0) -> LingoLeapRun:
    """Replay a game from its seed and the player's choices (any number from 0 to 14 days).

    One lesson on a day earns what the models' learner in the player's seat would earn that
    day (ability × effort by rank × day-to-day noise); three lessons earn three times that. So
    a player who does one lesson on exactly the days the models' learner practises gets exactly
    that learner's outcome: ``choices=None`` plays the seat that way.

    Parameters
    ----------
    choices : sequence of str, or None
        One of :data:`ACTIONS` per day played. A freeze needs ``FREEZE_PRICE`` gems and fewer than
        ``MAX_FREEZES`` held.
        None: the models' learner plays all 14 days (one lesson on the days it practises).
    seed : int
        The cohort's seed: the same seed and choices always give the same game.

    Returns
    -------
    LingoLeapRun

    Examples
    --------
    >>> run = replay_lingo_leap(["one lesson", "three lessons", "rest"], seed=1)
    >>> [d.streak for d in run.days]
    [1, 2, 0]
    >>> replay_lingo_leap(["nap"], seed=1)
    Traceback (most recent call last):
    ...
    ValueError: choices[0] must be one of 'rest', 'one lesson', 'three lessons', 'one lesson + freeze'; got 'nap'
    """
    seed = check_integer("seed", seed, 0)
    streak_rng, league_rng = make_rng(seed).spawn(2)
    if choices is None:
        streaks = simulate_streaks(COHORT, DAYS, seed=streak_rng, **STREAK_SETTINGS)
        choices = tuple("one lesson" if did else "rest" for did in streaks.practiced[0])
    else:
        choices = _check_choices(choices)
        streaks = simulate_streaks(COHORT, DAYS, seed=streak_rng, player=[STREAK_ACTION[c] for c in choices],
                                   **STREAK_SETTINGS)
    rules = LEAGUE_PRESETS["later"]
    ability = 10.0 * np.exp(LEAGUE_SETTINGS["ability_spread"] * league_rng.standard_normal(COHORT))
    league = LEAGUE_NAMES.index(START_LEAGUE)
    path, days, gems = [LEAGUE_NAMES[league]], [], START_GEMS
    week_xp, rank = np.zeros(COHORT), np.arange(COHORT)   # day 0: the listed order, as in simulate_leagues
    history = np.zeros((len(choices), COHORT))
    for day, action in enumerate(choices):
        if day % 7 == 0:
            week_xp, rank = np.zeros(COHORT), np.arange(COHORT)
        promote, demote = rules.promote[league], rules.demote[league]
        streak_before = int(streaks.streak[0, day - 1]) if day else 0
        held = int(streaks.freezes_left[0, day - 1]) if day else 0
        messages, mechanics = _messages(day, streak_before, gems, int(rank[0]), promote, demote, week_xp, held)
        if action == "one lesson + freeze" and (gems < FREEZE_PRICE or held >= MAX_FREEZES):
            raise ValueError(f"choices[{day}] buys a freeze, which needs {FREEZE_PRICE} gems and fewer than "
                             f"{MAX_FREEZES} held; the player has {gems} gems and holds {held}")
        effort = effort_by_rank(COHORT, promote, demote, boost=LEAGUE_SETTINGS["boost"],
                                width=LEAGUE_SETTINGS["width"])[rank]
        effort[0] *= LESSONS[action]      # a lesson earns what the models' learner in your seat would earn
        earned = daily_xp(ability, effort, LEAGUE_SETTINGS["noise"], league_rng) * streaks.practiced[:, day]
        week_xp = week_xp + earned
        rank = np.argsort(np.argsort(-week_xp, kind="stable"), kind="stable")
        gems += GEMS_PER_LESSON * LESSONS[action] - FREEZE_PRICE * (action == "one lesson + freeze")
        history[day] = week_xp
        days.append(LingoLeapDay(day, action, int(streaks.streak[0, day]), int(streaks.freezes_left[0, day]), gems,
                                 float(week_xp[0]), int(rank[0]),
                                 LEAGUE_NAMES[league], messages, mechanics))
        if day % 7 == 6:
            league = int(np.clip(league + cohort_outcome(week_xp, promote, demote)[0], 0, len(LEAGUE_NAMES) - 1))
            path.append(LEAGUE_NAMES[league])
    return LingoLeapRun(seed, choices, tuple(days), history, streaks.practiced[:, :len(choices)].copy(), tuple(path))


class LingoLeap:
    """A game in progress: the seed and the choices so far, replayed after every move.

    Examples
    --------
    >>> game = LingoLeap(seed=3)
    >>> game.play("one lesson").streak
    1
    >>> game.day, game.finished
    (1, False)
    >>> game.restart(); game.day
    0
    """

    def __init__(self, seed: int = 0):
        self.seed = check_integer("seed", seed, 0)
        self.choices: list[str] = []
        self.run = replay_lingo_leap((), self.seed)

    @property
    def day(self) -> int:
        """Days played so far (0 to 14)."""
        return len(self.choices)

    @property
    def finished(self) -> bool:
        return self.day >= DAYS

    @property
    def gems(self) -> int:
        return self.run.days[-1].gems if self.run.days else START_GEMS

    @property
    def freezes(self) -> int:
        return self.run.days[-1].freezes if self.run.days else 0

    def allowed(self) -> tuple:
        """The actions open today: none once the game is over; no freeze without the gems, or with two held."""
        if self.finished:
            return ()
        can_buy = self.gems >= FREEZE_PRICE and self.freezes < MAX_FREEZES
        return tuple(a for a in ACTIONS if a != "one lesson + freeze" or can_buy)

    def morning(self) -> tuple:
        """The app's messages this morning (before today's choice)."""
        if self.finished:
            return ()
        probe = replay_lingo_leap(self.choices + ["rest"], self.seed)
        return probe.days[-1].messages

    def play(self, action: str) -> LingoLeapDay:
        """Play today's ``action``; returns the day as it ended."""
        if self.finished:
            raise ValueError(f"the game is over after {DAYS} days: call restart() to play again")
        check_choice("action", action, ACTIONS)
        if action not in self.allowed():
            raise ValueError(f"a freeze needs {FREEZE_PRICE} gems and fewer than {MAX_FREEZES} held; "
                             f"you have {self.gems} gems and hold {self.freezes}")
        self.run = replay_lingo_leap(self.choices + [action], self.seed)
        self.choices.append(action)
        return self.run.days[-1]

    def restart(self) -> None:
        self.choices = []
        self.run = replay_lingo_leap((), self.seed)

    def reveal(self) -> dict:
        """What acted on the player, compared with the models' learners and with a learner who ignored every message.

        Returns a dict: ``table`` (day by day), ``mechanics`` (day numbers each mechanic acted on),
        ``you``/``cohort``/``ignored`` (practice days, final streak, XP of the last week, league at
        the end). "Ignored" is the models' learner in your seat with no pull from the streak
        (``simulate_streaks(streaks=False)``, same seed): what someone who felt none of the
        messages would have done.
        """
        run = self.run
        if not run.days:
            raise ValueError("play at least one day before the reveal")
        acted: dict[str, list[int]] = {}
        for d in run.days:
            for m in d.mechanics:
                acted.setdefault(m, []).append(d.day + 1)
        streak_rng, _ = make_rng(self.seed).spawn(2)
        ignored = simulate_streaks(COHORT, DAYS, seed=streak_rng, streaks=False, **STREAK_SETTINGS)
        played = len(run.days)
        return {
            "table": run.table(),
            "mechanics": acted,
            "you": {"practice days": int(run.cohort_practised[0].sum()), "final streak": run.days[-1].streak,
                    "felt loss of the streak": float(streak_loss(run.days[-1].streak)),
                    "league": run.league_path[-1]},
            "cohort": {"practice days (mean of the other 29)": float(run.cohort_practised[1:].sum(axis=1).mean())},
            "ignored": {"practice days": int(ignored.practiced[0, :played].sum()),
                        "final streak": int(ignored.streak[0, played - 1])},
        }
