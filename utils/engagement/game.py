"""Two weeks with Lingo Leap: the learner plays one seat of a cohort whose other members follow the Part I models.

Lingo Leap is the course's fictional language app. A game is 14 days, Monday to Sunday twice.
Before day 1 the player sees a calendar of what else the two weeks hold (a friend's visit, an
exam, a late shift) and states a **plan**: what they mean to do on each day. Then, each
morning, the app shows its messages and the player chooses one of :data:`ACTIONS`: rest, do
one lesson, do three lessons, or do one lesson and spend gems on a streak freeze.

Practice costs something the app never sees. Each day brings something else worth doing
(:class:`Evening`), drawn from the seed; most are on the calendar, a few arrive as surprises
that morning. A lesson on that day gives up ``cost`` **life points** of it, and the player's
own ledger adds them up beside the app's numbers (XP, streak, gems, league). A lesson earns
:data:`XP_PER_LESSON` XP, stated on its button; that is all the player's XP.

The other 29 members of the player's league cohort are the models' learners, and nothing here
is a second model:

* who practises on which day, and everyone's streak, come from
  :func:`utils.engagement.streaks.simulate_streaks` with the player's choices fed in as
  learner 0 (its ``player`` argument);
* the rivals' XP comes from the league model's :func:`utils.engagement.leagues.daily_xp`, with
  effort by rank (:func:`utils.engagement.leagues.effort_by_rank`);
* promotion and demotion at the end of each week come from
  :func:`utils.engagement.leagues.cohort_outcome` with the ``"later"`` rules of the cohort's league.

As at Duolingo, a freeze is bought before the day it saves: a later day of rest uses it up
instead of breaking the streak; at most two are held at once.

Every message is computed from the state that morning. One of them is not true on some
mornings, on purpose: the streak warning ("about to end") appears, as in real apps, even when
a freeze the player holds would save the streak; the run marks those mornings and the reveal
names them as false urgency (lesson 04's dark patterns).

A run is a pure function of the seed, the choices and the plan (:func:`replay_lingo_leap`);
:class:`LingoLeap` keeps them and replays after every move, so a game can be restarted or
replayed exactly. :func:`lingo_leap_reveal` compares what the player did with their plan and
with the model, and states only what those replays show.

The cohort keeps the same 29 rivals for both weeks so that the player can follow them;
Duolingo reshuffles cohorts each week. Its numbers are illustrative, not fitted to any app.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ..core.checks import check_choice, check_integer, make_rng
from .leagues import LEAGUE_NAMES, LEAGUE_PRESETS, cohort_outcome, daily_xp, effort_by_rank
from .streaks import simulate_streaks

__all__ = ["ACTIONS", "DAYS", "FREEZE_PRICE", "MAX_FREEZES", "XP_PER_LESSON", "PLANS", "OUTCOMES", "Evening",
           "Message", "LingoLeapDay", "LingoLeapRun", "LingoLeap", "lingo_leap_calendar", "lingo_leap_plan",
           "replay_lingo_leap", "lingo_leap_outcomes", "streak_effect", "LingoLeapReveal", "lingo_leap_reveal"]

#: What the player can do each day.
ACTIONS = ("rest", "one lesson", "three lessons", "one lesson + freeze")
DAYS = 14
COHORT = 30
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
START_LEAGUE = "Sapphire"       # "later" rules: 7 promoted, 7 demoted, in a cohort of 30
START_GEMS = 30
GEMS_PER_LESSON = 5
FREEZE_PRICE = 20
MAX_FREEZES = 2              # freezes held at once, as Duolingo allows
XP_PER_LESSON = 10
LESSONS = {"rest": 0, "one lesson": 1, "three lessons": 3, "one lesson + freeze": 1}
FREEZE = {"rest": 0, "one lesson": 0, "three lessons": 0, "one lesson + freeze": 1}
STREAK_ACTION = {"rest": "skip", "one lesson": "practice", "three lessons": "practice",
                 "one lesson + freeze": "practice and freeze"}
# the models' settings for the cohort: the lesson defaults (streaks: lesson 02; leagues: lesson 03)
STREAK_SETTINGS = {"base_prob": 0.7, "spread": 1.0, "fade": 0.008, "loss_weight": 0.05}
LEAGUE_SETTINGS = {"boost": 1.0, "width": 2.0, "ability_spread": 0.5, "noise": 0.3}
#: The outcomes the reveal shows, each with the direction that counts as better.
OUTCOMES = {"league": "higher", "XP": "higher", "streak": "higher", "gems": "higher",
            "life points given up": "lower"}
#: Cohorts (seeds 0 to 49) over which the reveal measures what streaks do in the model.
MODEL_SEEDS = range(50)


@dataclass(frozen=True)
class Evening:
    """What else a day brings: what it is, what a lesson would take from it, and what that costs.

    ``cost`` is in life points per lesson (three lessons cost three times as much). A
    ``surprise`` is not on the calendar before day 1: it appears only on its morning.
    """

    what: str
    gives_up: str
    cost: int
    surprise: bool = False


WEEKDAY_EVENING = Evening("an ordinary evening after work", "some of a free evening", 1)
WEEKEND_DAY = Evening("a free day", "some of a free day", 1)
EVENTS = (
    Evening("a friend visits from out of town", "time with your friend", 3),
    Evening("your sister's birthday dinner", "part of the birthday dinner", 3),
    Evening("an exam the next morning", "revision time before the exam", 3),
    Evening("a late shift at work", "sleep after the late shift", 2),
    Evening("a concert you have tickets for", "part of the concert", 2),
    Evening("football training", "part of football training", 2),
    Evening("you wake up with a cold", "rest while you are ill", 3, surprise=True),
    Evening("a bad night's sleep: you are tired", "an early night", 2, surprise=True),
    Evening("a friend calls: they need to talk", "time on the phone with your friend", 2, surprise=True),
)


@dataclass(frozen=True)
class Message:
    """One message the app showed in the morning.

    ``mechanic`` names what it works through; ``push`` what it asks for (``"practise"``,
    ``"more XP"``, ``"freeze"``, or None for plain news); ``true`` is False when what it says
    is not so (a streak warning while a held freeze would save the streak).
    """

    text: str
    mechanic: str
    push: str | None
    true: bool = True


@dataclass(frozen=True)
class LingoLeapDay:
    """One day of the game, as the player saw it in the morning and what followed."""

    day: int
    evening: Evening
    planned: str | None        # the plan's action for the day (None: no plan was stated)
    action: str
    xp: int                    # earned today
    cost: int                  # life points given up today
    given_up: int              # life points given up so far
    streak: int
    freezes: int               # freezes held at the end of the day
    gems: int
    week_xp: float
    rank: int
    league: str
    morning: tuple             # the Messages shown before the choice

    @property
    def messages(self) -> tuple:
        return tuple(m.text for m in self.morning)

    @property
    def mechanics(self) -> tuple:
        return tuple(m.mechanic for m in self.morning)

    @property
    def false_urgency(self) -> bool:
        """Whether a message that morning was untrue (a streak warning a held freeze made false)."""
        return any(not m.true for m in self.morning)

    @property
    def beyond_plan(self) -> tuple:
        """How the choice went beyond the plan: "practise" (practised on a planned day off), "more XP" (more
        lessons than planned), "freeze" (an unplanned freeze); the pushes of :class:`Message`."""
        if self.planned is None:
            return ()
        done, meant = LESSONS[self.action], LESSONS[self.planned]
        return tuple(push for push, went in (("practise", meant == 0 < done), ("more XP", done > meant),
                                              ("freeze", FREEZE[self.action] > FREEZE[self.planned])) if went)

    @property
    def short_of_plan(self) -> tuple:
        """How the choice fell short of the plan: "fewer lessons" than planned, a planned "freeze" not bought."""
        if self.planned is None:
            return ()
        return tuple(way for way, fell in (("fewer lessons", LESSONS[self.action] < LESSONS[self.planned]),
                                           ("freeze", FREEZE[self.action] < FREEZE[self.planned])) if fell)

    @property
    def acted(self) -> tuple:
        """Mechanics whose message came this morning and whose push the choice then followed beyond the plan."""
        went = self.beyond_plan
        return tuple(dict.fromkeys(m.mechanic for m in self.morning if m.push in went))


@dataclass(frozen=True)
class LingoLeapRun:
    """A replayed game: the plan, the days played so far and the whole cohort."""

    seed: int
    plan: tuple | None
    choices: tuple
    days: tuple
    cohort_week_xp: np.ndarray     # (days played, 30): each member's XP so far this week, at the day's end
    cohort_practised: np.ndarray   # (days played, 30): who practised each day (the player is member 0)
    league_path: tuple             # the player's league at the start of each week (and after the last)

    @property
    def finished(self) -> bool:
        return len(self.choices) >= DAYS

    def table(self) -> pd.DataFrame:
        """One row per day played: what else was on, plan, choice, life points, the app's numbers and messages."""
        rows = [{"day": d.day + 1, "what else": d.evening.what, "plan": d.planned or "", "choice": d.action,
                 "life points given up": d.cost, "XP": d.xp, "streak": d.streak, "freezes": d.freezes,
                 "gems": d.gems, "XP this week": round(d.week_xp), "place": d.rank + 1, "league": d.league,
                 "app said": " / ".join(d.messages), "mechanics": ", ".join(d.mechanics)} for d in self.days]
        return pd.DataFrame(rows).set_index("day")


@lru_cache(maxsize=256)
def lingo_leap_calendar(seed: int = 0) -> tuple:
    """The 14 evenings of a game: an ordinary day, or one of :data:`EVENTS` on five to seven days.

    Drawn from the game's seed alone (its own random stream), so every player of a seed meets
    the same fortnight whatever they choose.

    Examples
    --------
    >>> days = lingo_leap_calendar(2024)
    >>> len(days), all(d.cost >= 1 for d in days)
    (14, True)
    """
    seed = check_integer("seed", seed, 0)
    rng = make_rng(seed).spawn(3)[2]
    count = int(rng.integers(5, 8))
    when = rng.choice(DAYS, size=count, replace=False)
    which = rng.choice(len(EVENTS), size=count, replace=False)
    days = [WEEKEND_DAY if day % 7 >= 5 else WEEKDAY_EVENING for day in range(DAYS)]
    for day, event in zip(when, which):
        days[day] = EVENTS[event]
    return tuple(days)


def calendar_shown(evening: Evening, day: int) -> Evening:
    """The evening of ``day`` as the calendar shows it before day 1: a surprise looks like any ordinary day."""
    if not evening.surprise:
        return evening
    return WEEKEND_DAY if day % 7 >= 5 else WEEKDAY_EVENING


def _add_freezes(lessons: list) -> tuple:
    """Turn a day-by-day list of lesson counts into actions, buying a freeze on a practice day when days off
    follow and the gems allow (the freezes a careful planner buys ahead)."""
    actions, gems, held = [], START_GEMS, 0
    for day, count in enumerate(lessons):
        action = {0: "rest", 1: "one lesson", 3: "three lessons"}[count]
        if count:
            gap = 0
            while day + 1 + gap < DAYS and lessons[day + 1 + gap] == 0:
                gap += 1
            if held < min(gap, MAX_FREEZES) and gems >= FREEZE_PRICE and count == 1:
                action = "one lesson + freeze"
        gems, held = _after(action, gems, held)
        actions.append(action)
    return tuple(actions)


def _after(action: str, gems: int, held: int) -> tuple:
    """Gems and freezes held after a day of ``action`` (a day of rest uses a held freeze)."""
    gems += GEMS_PER_LESSON * LESSONS[action] - FREEZE_PRICE * FREEZE[action]
    held += FREEZE[action]
    if LESSONS[action] == 0 and held:
        held -= 1
    return gems, held


#: Ready-made plans (the player can change any day after choosing one).
PLANS = ("every day", "weekdays", "every other day", "quiet days, freezes for the rest", "three lessons a day",
         "no lessons")


def lingo_leap_plan(name: str, seed: int = 0) -> tuple:
    """One of the ready-made :data:`PLANS` for a seed's calendar, as 14 actions.

    "quiet days, freezes for the rest" practises on the days the calendar shows as ordinary and
    buys a freeze ahead of days off while the gems allow.

    Examples
    --------
    >>> lingo_leap_plan("weekdays")[:7]
    ('one lesson', 'one lesson', 'one lesson', 'one lesson', 'one lesson', 'rest', 'rest')
    """
    check_choice("name", name, PLANS)
    calendar = lingo_leap_calendar(seed)
    lessons = {"every day": [1] * DAYS,
               "weekdays": [int(day % 7 < 5) for day in range(DAYS)],
               "every other day": [int(day % 2 == 0) for day in range(DAYS)],
               "quiet days, freezes for the rest": [int(calendar_shown(e, d).cost == 1)
                                                    for d, e in enumerate(calendar)],
               "three lessons a day": [3] * DAYS,
               "no lessons": [0] * DAYS}[name]
    return _add_freezes(lessons) if name == "quiet days, freezes for the rest" else \
        tuple({0: "rest", 1: "one lesson", 3: "three lessons"}[n] for n in lessons)


def _check_actions(name: str, actions, length: int | None = None) -> tuple:
    """A list of daily actions: known actions, at most 14 (exactly ``length`` if given), freezes affordable."""
    if isinstance(actions, str) or not hasattr(actions, "__len__"):
        raise TypeError(f"{name} must be a list of daily actions from {ACTIONS}, got {type(actions).__name__}")
    if length is not None and len(actions) != length:
        raise ValueError(f"{name} must give one action for each of the {length} days, got {len(actions)}")
    if len(actions) > DAYS:
        raise ValueError(f"{name} can hold at most {DAYS} days, got {len(actions)}")
    gems, held = START_GEMS, 0
    for day, action in enumerate(actions):
        check_choice(f"{name}[{day}]", action, ACTIONS)
        if FREEZE[action] and (gems < FREEZE_PRICE or held >= MAX_FREEZES):
            raise ValueError(f"{name}[{day}] buys a freeze, which needs {FREEZE_PRICE} gems and fewer than "
                             f"{MAX_FREEZES} held; by then the player has {gems} gems and holds {held}")
        gems, held = _after(action, gems, held)
    return tuple(actions)


def _xp(amount: float) -> str:
    """An XP gap as the app states it: never a number that rounds to nothing."""
    return "less than 1 XP" if amount < 0.5 else f"{amount:.0f} XP"


def _morning(day: int, streak: int, held: int, gems: int, rank: int, promote: int, demote: int, week_xp,
             last_week: str | None) -> tuple:
    """The app's messages on the morning of ``day``, from the state at the end of the day before."""
    out = []
    if last_week:
        out.append(Message(last_week, "league: result", None))
    if streak >= 2:
        out.append(Message(f"Your {streak}-day streak is about to end! Practise today to keep it.",
                           "streak: loss framing", "practise", true=held == 0))
    elif streak == 1:
        out.append(Message("You started a streak yesterday. Keep it going!", "streak", "practise"))
    if streak >= 3 and gems >= FREEZE_PRICE and held == 0:
        out.append(Message(f"Protect your {streak}-day streak: a freeze costs {FREEZE_PRICE} gems.",
                           "freeze offer", "freeze"))
    if day % 7 > 0:
        size = len(week_xp)
        order = np.sort(week_xp)[::-1]
        if demote and rank >= size - demote:
            out.append(Message(f"You are in the demotion zone! You are {_xp(order[size - demote - 1] - week_xp[0])} "
                               f"behind place {size - demote}, the last safe place.", "league: demotion zone",
                               "more XP"))
        elif promote and rank >= promote:
            gap = order[promote - 1] - week_xp[0]
            out.append(Message(f"{'Only ' if gap <= 3 * XP_PER_LESSON else 'You are '}{_xp(gap)} behind place "
                               f"{promote}, the last place promoted this week!", "league: promotion race", "more XP"))
        elif promote:
            out.append(Message(f"You are in the promotion zone. Place {promote + 1} is "
                               f"{_xp(week_xp[0] - order[promote])} behind you!", "league: promotion zone",
                               "more XP"))
    if day % 7 == 6:
        out.append(Message("Last day of the week: the league table closes tonight.", "league: deadline", "more XP"))
    return tuple(out)


def replay_lingo_leap(choices=(), seed: int = 0, plan=None) -> LingoLeapRun:
    """Replay a game from its seed, the player's choices (0 to 14 days) and, if stated, the plan.

    A lesson earns :data:`XP_PER_LESSON` XP and gives up the day's cost in life points. With
    ``choices=None`` the models' learner plays the seat: one lesson on each day the streak model
    draws practice for learner 0, rest otherwise (nothing else in the cohort changes).

    Parameters
    ----------
    choices : sequence of str, or None
        One of :data:`ACTIONS` per day played. A freeze needs ``FREEZE_PRICE`` gems and fewer than
        ``MAX_FREEZES`` held.
    seed : int
        The game's seed (cohort and calendar): the same seed, choices and plan always give the same game.
    plan : sequence of 14 str, optional
        What the player meant to do each day (same actions and rules as ``choices``).

    Returns
    -------
    LingoLeapRun

    Examples
    --------
    >>> run = replay_lingo_leap(["one lesson", "three lessons", "rest"], seed=1)
    >>> [d.streak for d in run.days], [d.xp for d in run.days]
    ([1, 2, 0], [10, 30, 0])
    >>> replay_lingo_leap(["nap"], seed=1)
    Traceback (most recent call last):
    ...
    ValueError: choices[0] must be one of 'rest', 'one lesson', 'three lessons', 'one lesson + freeze'; got 'nap'
    """
    seed = check_integer("seed", seed, 0)
    plan = None if plan is None else _check_actions("plan", plan, DAYS)
    streak_rng, league_rng = make_rng(seed).spawn(2)
    if choices is None:
        streaks = simulate_streaks(COHORT, DAYS, seed=streak_rng, **STREAK_SETTINGS)
        choices = tuple("one lesson" if did else "rest" for did in streaks.practiced[0])
    else:
        choices = _check_actions("choices", choices)
        streaks = simulate_streaks(COHORT, DAYS, seed=streak_rng, player=[STREAK_ACTION[c] for c in choices],
                                   **STREAK_SETTINGS)
    calendar = lingo_leap_calendar(seed)
    rules = LEAGUE_PRESETS["later"]
    ability = 10.0 * np.exp(LEAGUE_SETTINGS["ability_spread"] * league_rng.standard_normal(COHORT))
    league = LEAGUE_NAMES.index(START_LEAGUE)
    path, days, gems, given_up, last_week = [LEAGUE_NAMES[league]], [], START_GEMS, 0, None
    week_xp, rank = np.zeros(COHORT), np.arange(COHORT)   # day 0: the listed order, as in simulate_leagues
    history = np.zeros((len(choices), COHORT))
    for day, action in enumerate(choices):
        if day % 7 == 0:
            week_xp, rank = np.zeros(COHORT), np.arange(COHORT)
        promote, demote = rules.promote[league], rules.demote[league]
        if day % 7 == 0:
            by_rank = effort_by_rank(COHORT, promote, demote, boost=LEAGUE_SETTINGS["boost"],
                                     width=LEAGUE_SETTINGS["width"])
        streak_before = int(streaks.streak[0, day - 1]) if day else 0
        held = int(streaks.freezes_left[0, day - 1]) if day else 0
        morning = _morning(day, streak_before, held, gems, int(rank[0]), promote, demote, week_xp, last_week)
        earned = daily_xp(ability, by_rank[rank], LEAGUE_SETTINGS["noise"], league_rng) * streaks.practiced[:, day]
        earned[0] = XP_PER_LESSON * LESSONS[action]      # the player's XP is what their choice earns
        week_xp = week_xp + earned
        rank = np.argsort(np.argsort(-week_xp, kind="stable"), kind="stable")
        gems += GEMS_PER_LESSON * LESSONS[action] - FREEZE_PRICE * FREEZE[action]
        cost = calendar[day].cost * LESSONS[action]
        given_up += cost
        history[day] = week_xp
        days.append(LingoLeapDay(day, calendar[day], plan[day] if plan else None, action, int(earned[0]), cost,
                                 given_up, int(streaks.streak[0, day]), int(streaks.freezes_left[0, day]), gems,
                                 float(week_xp[0]), int(rank[0]), LEAGUE_NAMES[league], morning))
        last_week = None
        if day % 7 == 6:
            moved = int(cohort_outcome(week_xp, promote, demote)[0])
            league = int(np.clip(league + moved, 0, len(LEAGUE_NAMES) - 1))
            path.append(LEAGUE_NAMES[league])
            last_week = {1: f"Week {day // 7 + 1} is over: you were promoted to {LEAGUE_NAMES[league]}!",
                         0: f"Week {day // 7 + 1} is over: you stay in {LEAGUE_NAMES[league]}.",
                         -1: f"Week {day // 7 + 1} is over: you were demoted to {LEAGUE_NAMES[league]}."}[moved]
    return LingoLeapRun(seed, plan, choices, tuple(days), history, streaks.practiced[:, :len(choices)].copy(),
                        tuple(path))


def lingo_leap_outcomes(run: LingoLeapRun) -> dict:
    """The outcomes the reveal shows (:data:`OUTCOMES`) for a run: league at the end (name and index),
    XP over the days played, final streak, gems and life points given up.

    Examples
    --------
    >>> lingo_leap_outcomes(replay_lingo_leap(["three lessons"] * 2, seed=0))["XP"]
    60
    """
    if not run.days:
        raise ValueError("run has no days played: play at least one day")
    last = run.days[-1]
    league = run.league_path[-1]
    return {"league": league, "league index": LEAGUE_NAMES.index(league), "XP": sum(d.xp for d in run.days),
            "streak": last.streak, "gems": last.gems, "life points given up": last.given_up,
            "practice days": sum(LESSONS[d.action] > 0 for d in run.days)}


@lru_cache(maxsize=8)
def streak_effect(days: int = DAYS, seeds: tuple = tuple(MODEL_SEEDS)) -> dict:
    """What streaks do in the model behind the rivals: extra practice days per learner over ``days``.

    For each seed (one cohort of 30 of the game's learners, drawn as the game draws them), the
    same learners with the same daily luck are run with streaks and with streaks switched off
    (``simulate_streaks(streaks=False)``); the effect is the mean difference in practice days.
    Returns the mean over seeds and the 5th and 95th percentiles of the seeds' effects.

    Examples
    --------
    >>> effect = streak_effect()
    >>> effect["low"] <= effect["mean"] <= effect["high"], effect["seeds"]
    (True, 50)
    """
    days = check_integer("days", days, 1, DAYS)
    effects = []
    for seed in seeds:
        runs = [simulate_streaks(COHORT, days, seed=make_rng(seed).spawn(2)[0], streaks=flag, **STREAK_SETTINGS)
                for flag in (True, False)]
        effects.append(float((runs[0].practiced.sum(axis=1) - runs[1].practiced.sum(axis=1)).mean()))
    low, high = np.percentile(effects, [5, 95])
    return {"mean": float(np.mean(effects)), "low": float(low), "high": float(high), "seeds": len(effects)}


def _seat_without_streaks(seed: int, days: int) -> int:
    """Practice days of the models' learner in the player's seat with streaks switched off."""
    run = simulate_streaks(COHORT, DAYS, seed=make_rng(seed).spawn(2)[0], streaks=False, **STREAK_SETTINGS)
    return int(run.practiced[0, :days].sum())


def _days(numbers) -> str:
    numbers = list(numbers)
    if len(numbers) == 1:
        return f"day {numbers[0]}"
    return "days " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _streak(n: int) -> str:
    """"no streak", "a 3-day streak", "an 11-day streak"."""
    if n == 0:
        return "no streak"
    return f"{'an' if n in (11, 18) or str(n).startswith('8') else 'a'} {n}-day streak"


@dataclass(frozen=True)
class LingoLeapReveal:
    """What the reveal says, and the numbers behind each sentence.

    ``sentences`` is a tuple of (kind, text); ``mechanics`` maps each mechanic to the days its
    message was shown and the days it is listed as having acted (the choice went beyond the plan
    in the direction it pushed, after it); ``compare`` is a table of the outcomes, yours against
    your plan's replay; ``facts`` holds every number the sentences quote.
    """

    sentences: tuple
    mechanics: dict
    compare: pd.DataFrame
    facts: dict

    def text(self) -> str:
        return "\n".join(text for _, text in self.sentences)


def lingo_leap_reveal(run: LingoLeapRun) -> LingoLeapReveal:
    """The reveal of a finished (or partly played) game with a plan: every sentence from a replay.

    * **plan**: days and lessons planned against done, and the days kept to the plan;
    * **beyond** / **short**: the days the choice went beyond the plan (and which messages came those
      mornings) or fell short of it (and what else was on);
    * **cost**: life points given up, against the plan replayed on the same seed, and the app's numbers
      of both;
    * **urgency**: the mornings a streak warning was untrue because a held freeze would have saved the streak, and
      which of them the player then practised on a day the plan left free;
    * **model**: what switching streaks off does in the model behind the rivals (50 cohorts, with its spread)
      and to the models' learner in the player's seat; a statement about the model, not about the player;
    * **cohort**: the other 29 members' practice days.

    Examples
    --------
    >>> plan = lingo_leap_plan("every day", seed=3)
    >>> reveal = lingo_leap_reveal(replay_lingo_leap(plan, seed=3, plan=plan))
    >>> reveal.facts["days kept to plan"]
    14
    """
    if run.plan is None:
        raise ValueError("the reveal compares your choices with your plan: replay with plan=... (14 actions)")
    if not run.days:
        raise ValueError("play at least one day before the reveal")
    played = len(run.days)
    planned = replay_lingo_leap(run.plan[:played], run.seed, plan=run.plan)
    you, mine = lingo_leap_outcomes(run), lingo_leap_outcomes(planned)
    kept = [d.day + 1 for d in run.days if not d.beyond_plan and not d.short_of_plan]
    beyond = [d for d in run.days if d.beyond_plan]
    short = [d for d in run.days if "fewer lessons" in d.short_of_plan]
    skipped = [d.day + 1 for d in run.days if "freeze" in d.short_of_plan]
    mechanics: dict = {}
    for d in run.days:
        for m in d.morning:
            entry = mechanics.setdefault(m.mechanic, {"shown": [], "acted": []})
            if d.day + 1 not in entry["shown"]:
                entry["shown"].append(d.day + 1)
        for name in d.acted:
            mechanics[name]["acted"].append(d.day + 1)
    urgent = [d.day + 1 for d in run.days if d.false_urgency]
    warned = [d.day + 1 for d in run.days if "streak: loss framing" in d.mechanics]
    effect = streak_effect()
    seat = {"with": int(replay_lingo_leap(None, run.seed).cohort_practised[0, :played].sum()),
            "without": _seat_without_streaks(run.seed, played)}
    facts = {"planned days": sum(LESSONS[a] > 0 for a in run.plan[:played]),
             "planned lessons": sum(LESSONS[a] for a in run.plan[:played]),
             "practice days": you["practice days"], "lessons": sum(LESSONS[d.action] for d in run.days),
             "days kept to plan": len(kept), "beyond plan": [d.day + 1 for d in beyond],
             "short of plan": [d.day + 1 for d in short], "planned freezes skipped": skipped,
             "false urgency": urgent, "streak warnings": warned,
             "you": you, "plan": mine, "streak effect": effect, "seat": seat,
             "cohort practice days": float(run.cohort_practised[1:].sum(axis=1).mean())}
    sentences = [("plan", f"You planned {_count(facts['planned lessons'], 'lesson')} on "
                          f"{_count(facts['planned days'], 'day')} and did {_count(facts['lessons'], 'lesson')} on "
                          f"{_count(facts['practice days'], 'day')}; you kept to your plan on {len(kept)} of "
                          f"{played} days.")]
    if beyond:
        acted = sorted((name, days["acted"]) for name, days in mechanics.items() if days["acted"])
        said = "; ".join(f"{name} ({_days(days)})" for name, days in acted) or "none that pushed that way"
        sentences.append(("beyond", f"You went beyond your plan on {_days([d.day + 1 for d in beyond])}. The "
                                    f"messages that came on those mornings and pushed the way you went: {said}. "
                                    f"These are listed as acted on you (the game cannot tell which of them, if "
                                    f"any, moved you); every other message was only shown."))
    else:
        sentences.append(("beyond", "You never went beyond your plan, so no message is listed as having acted "
                                    "on you: every message was only shown."))
    if short:
        sentences.append(("short", "You did fewer lessons than you planned on " + "; ".join(
            f"day {d.day + 1} ({d.evening.what})" for d in short) + "."))
    if skipped:
        sentences.append(("skipped", f"You did not buy the freeze you had planned on {_days(skipped)}."))
    if played == DAYS and run.choices == run.plan:
        sentences.append(("cost", f"You gave up {you['life points given up']} life points and ended in "
                                  f"{you['league']} with {you['XP']} XP and {_streak(you['streak'])}, as your "
                                  f"plan does: you kept to it every day."))
    elif played == DAYS:
        sentences.append(("cost", f"You gave up {you['life points given up']} life points and ended in "
                                  f"{you['league']} with {you['XP']} XP and {_streak(you['streak'])}. Your plan, "
                                  f"replayed on the same cohort and calendar, gives up {mine['life points given up']} "
                                  f"and ends in {mine['league']} with {mine['XP']} XP and {_streak(mine['streak'])}."))
    if urgent:
        moved = [day for day in urgent if "practise" in run.days[day - 1].beyond_plan]
        then = (f" On {_days(moved)}, after that warning, you practised on a day your plan had left free."
                if moved else "")
        sentences.append(("urgency", f"On {_days(urgent)} the app said your streak was about to end, but you held "
                                     f"a freeze that would have saved it from a day of rest: false urgency, one of "
                                     f"the dark patterns of lesson 04.{then}"))
    elif warned:
        sentences.append(("urgency", "Every streak warning you saw was true: you held no freeze on those mornings."))
    sentences.append(("model", f"A comparison in the model, not a measurement of you: in the streak model behind "
                               f"your rivals, switching streaks off for the same learners with the same daily luck "
                               f"leaves them {effect['mean']:.2f} practice days fewer in two weeks on average "
                               f"(middle 90% of {effect['seeds']} cohorts: {effect['low']:.2f} to "
                               f"{effect['high']:.2f}). The models' learner in your seat practised on "
                               f"{_count(seat['with'], 'day')} with streaks and {seat['without']} without."))
    sentences.append(("cohort", f"The other {COHORT - 1} members of your cohort practised on "
                                f"{facts['cohort practice days']:.1f} days on average; you practised on "
                                f"{facts['practice days']}."))
    compare = pd.DataFrame({"you": {k: you[k] for k in OUTCOMES},
                            "your plan, replayed": {k: mine[k] for k in OUTCOMES}})
    return LingoLeapReveal(tuple(sentences), mechanics, compare, facts)


class LingoLeap:
    """A game in progress: the seed, the plan and the choices so far, replayed after every move.

    Examples
    --------
    >>> game = LingoLeap(seed=3)
    >>> game.set_plan(lingo_leap_plan("weekdays", seed=3))
    >>> game.play("one lesson").streak
    1
    >>> game.day, game.finished
    (1, False)
    >>> game.restart(); game.day, game.plan is None
    (0, True)
    """

    def __init__(self, seed: int = 0):
        self.seed = check_integer("seed", seed, 0)
        self.calendar = lingo_leap_calendar(self.seed)
        self.plan: tuple | None = None
        self.draft = lingo_leap_plan("every day", self.seed)
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

    @property
    def given_up(self) -> int:
        return self.run.days[-1].given_up if self.run.days else 0

    def set_plan(self, plan) -> None:
        """State the plan before day 1: 14 actions (freezes must be affordable on the days planned)."""
        if self.choices:
            raise ValueError("the plan is stated before day 1: call restart() to plan again")
        self.plan = self.draft = _check_actions("plan", plan, DAYS)
        self.run = replay_lingo_leap((), self.seed, plan=self.plan)

    def allowed(self) -> tuple:
        """The actions open today: none before the plan or after the game; no freeze without gems or with two held."""
        if self.plan is None or self.finished:
            return ()
        can_buy = self.gems >= FREEZE_PRICE and self.freezes < MAX_FREEZES
        return tuple(a for a in ACTIONS if a != "one lesson + freeze" or can_buy)

    def today(self):
        """What else today brings (an :class:`Evening`), or None once the game is over."""
        return None if self.finished else self.calendar[self.day]

    def morning(self) -> tuple:
        """The app's messages this morning (before today's choice)."""
        if self.finished:
            return ()
        probe = replay_lingo_leap(self.choices + ["rest"], self.seed)
        return probe.days[-1].messages

    def play(self, action: str) -> LingoLeapDay:
        """Play today's ``action``; returns the day as it ended."""
        if self.plan is None:
            raise ValueError("state your plan before day 1 (set_plan)")
        if self.finished:
            raise ValueError(f"the game is over after {DAYS} days: call restart() to play again")
        check_choice("action", action, ACTIONS)
        if action not in self.allowed():
            raise ValueError(f"a freeze needs {FREEZE_PRICE} gems and fewer than {MAX_FREEZES} held; "
                             f"you have {self.gems} gems and hold {self.freezes}")
        self.run = replay_lingo_leap(self.choices + [action], self.seed, plan=self.plan)
        self.choices.append(action)
        return self.run.days[-1]

    def restart(self) -> None:
        """Back to before day 1 (the last plan stays as the draft)."""
        self.choices, self.plan = [], None
        self.run = replay_lingo_leap((), self.seed)

    def reveal(self) -> LingoLeapReveal:
        """The reveal of the game so far (see :func:`lingo_leap_reveal`)."""
        if self.plan is None or not self.run.days:
            raise ValueError("play at least one day before the reveal")
        return lingo_leap_reveal(self.run)
