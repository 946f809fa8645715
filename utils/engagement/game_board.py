"""The Lingo Leap game on screen (lesson 02): a plan before day 1, fourteen days of one choice each, then the reveal.

Before day 1 the board shows the fortnight's calendar (what else each day holds and what a
lesson would give up of it) and asks for a plan: a ready-made one by button, then any day changed
by its own button, which steps through the four actions (buttons keep the keyboard's focus when
pressed, where a drop-down's arrow keys would move JupyterLab's cell selection instead). Each day
the status shows, side by side, the player's own ledger (life points given up) and the app's
numbers (streak, freezes, gems, XP, place, league), then the app's messages; each button states
what it earns and what it gives up today.
"""
from __future__ import annotations

import html

import numpy as np

from ..core.game_board import TurnBoard
from ..core.figures import PALETTE, new_figure
from .game import (ACTIONS, COHORT, DAYS, FREEZE_PRICE, MAX_FREEZES, PLANS, WEEKDAYS, XP_PER_LESSON, LESSONS,
                   LingoLeap, calendar_shown, lingo_leap_plan)
from .leagues import LEAGUE_NAMES, LEAGUE_PRESETS

__all__ = ["lingo_leap_game", "cohort_figure", "update_cohort_figure"]

START = "start"
PLAN_MOVES = tuple(f"plan: {name}" for name in PLANS)
DAY_MOVES = tuple(f"day {day + 1}" for day in range(DAYS))


def cohort_figure(widget: bool = True):
    """This week's league table as bars, highest XP first; the player's bar is hatched and labelled "you"."""
    fig = new_figure("Your league cohort this week", "place in the cohort (1 = most XP)", "XP this week (points)",
                     widget=widget, height=320)
    fig.add_bar(x=np.arange(1, COHORT + 1), y=np.zeros(COHORT), name="cohort", marker_color=PALETTE[0],
                marker_pattern_shape=[""] * COHORT, marker_pattern_fgcolor="#333", text=[""] * COHORT,
                textposition="outside",
                hovertemplate="place %{x}: %{y:.0f} XP<extra></extra>")
    fig.update_layout(showlegend=False)
    fig.update_yaxes(rangemode="nonnegative")      # before day 1 every bar is 0 XP: no negative XP on the axis
    return fig


def update_cohort_figure(fig, week_xp: np.ndarray, promote: int, demote: int) -> str:
    """Redraw the bars for ``week_xp`` (member 0 is the player); returns the figure's sentence."""
    order = np.argsort(-week_xp, kind="stable")
    place = int(np.flatnonzero(order == 0)[0])
    colours = [PALETTE[1] if i == place else PALETTE[0] for i in range(COHORT)]
    with fig.batch_update():
        bars = fig.data[0]
        bars.y = week_xp[order]
        bars.marker.color = colours
        bars.marker.pattern.shape = ["/" if i == place else "" for i in range(COHORT)]
        bars.text = ["you" if i == place else "" for i in range(COHORT)]
        fig.layout.shapes = [dict(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line=dict(dash="dash", width=1))
                             for x in ([promote + 0.5] if promote else []) + ([COHORT - demote + 0.5] if demote else [])]
        fig.layout.annotations = ([dict(x=promote / 2 + 0.5, y=1, yref="paper", text="promotion zone", showarrow=False,
                                        yanchor="bottom")] if promote else []) + \
                                 ([dict(x=COHORT - demote / 2 + 0.5, y=1, yref="paper", text="demotion zone",
                                        showarrow=False, yanchor="bottom")] if demote else [])
    return (f"The bars show this week's XP for the {COHORT} members of your cohort, most first; your bar is "
            f"hatched and labelled 'you', in place {place + 1} with {week_xp[0]:.0f} XP. The dashed lines mark "
            f"the promotion zone (places 1 to {promote}) and the demotion zone (places {COHORT - demote + 1} "
            f"to {COHORT}).")


def _points(n: int) -> str:
    return "nothing" if n == 0 else f"{n} life point" + ("" if n == 1 else "s")


def _labels(game: LingoLeap) -> dict:
    """Each button states what it earns and what it gives up today; each day's plan button its day and plan."""
    today = game.today()
    cost = today.cost if today else 0
    out = {move: (f"Day {day + 1} ({WEEKDAYS[day % 7][:3]}): {game.draft[day]}",
                  f"Change your plan for day {day + 1} ({WEEKDAYS[day % 7]}): each press steps through "
                  f"{', '.join(ACTIONS)}") for day, move in enumerate(DAY_MOVES)}
    for action in ACTIONS:
        lessons = LESSONS[action]
        gems = f", {FREEZE_PRICE} gems" if action == "one lesson + freeze" else ""
        name = {"rest": "Rest today", "one lesson": "One lesson", "three lessons": "Three lessons",
                "one lesson + freeze": "One lesson + buy a freeze"}[action]
        label = f"{name} (+{XP_PER_LESSON * lessons} XP{gems}, gives up {_points(cost * lessons)})"
        tip = {"rest": "Do nothing in the app today: your streak ends unless a freeze you hold saves it",
               "one lesson": "Do one lesson today",
               "three lessons": "Do three lessons today",
               "one lesson + freeze": f"Do one lesson and spend {FREEZE_PRICE} gems on a streak freeze: a later "
                                      f"day of rest uses it instead of breaking your streak (at most {MAX_FREEZES} "
                                      f"held)"}[action]
        out[action] = (label, tip)
    return out


def _plan_table(game: LingoLeap) -> str:
    rows = []
    for day, evening in enumerate(game.calendar):
        shown = calendar_shown(evening, day)            # surprises are not on the calendar
        rows.append(f"<tr><td>{day + 1}</td><td>{WEEKDAYS[day % 7]}</td><td>{html.escape(shown.what)}</td>"
                    f"<td>{_points(shown.cost)}</td><td>{html.escape(game.draft[day])}</td></tr>")
    return ("<table class='scored-calendar'><caption>Your calendar for the two weeks</caption><thead><tr>"
            "<th scope='col'>day</th><th scope='col'>weekday</th><th scope='col'>what else is on</th>"
            "<th scope='col'>one lesson gives up</th><th scope='col'>your plan (draft)</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _status(game: LingoLeap) -> str:
    if game.plan is None:
        return ("<p><strong>Before day 1: your plan.</strong> Two weeks, Monday to Sunday twice. Each day brings "
                "something else worth doing, and a lesson gives up some of it: your own ledger counts that in "
                "<em>life points</em> (the app never sees it). The calendar shows what you know now; a surprise "
                "may still come. Choose a ready-made plan with a button, change any day with its own button "
                "(each press steps to the next action), then press <em>Start day 1 with this plan</em>.</p>"
                + _plan_table(game))
    run = game.run
    last = run.days[-1] if run.days else None
    if game.finished:
        head = f"<p><strong>Day {DAYS} is over.</strong> The reveal is below.</p>"
    else:
        today = game.today()
        surprise = " (a surprise: it was not on your calendar)" if today.surprise else ""
        head = (f"<p><strong>Day {game.day + 1} of {DAYS} ({WEEKDAYS[game.day % 7]}).</strong> What will you do "
                f"today?</p><p><strong>Today:</strong> {html.escape(today.what)}{surprise}; each lesson gives up "
                f"{_points(today.cost)} ({html.escape(today.gives_up)}). <strong>Your plan for today:</strong> "
                f"{html.escape(game.plan[game.day])}.</p>")
    ledger = f"<p><strong>Your ledger:</strong> {_points(game.given_up)} given up so far.</p>"
    streak = last.streak if last else 0
    app = (f"<p><strong>The app:</strong> Streak: {streak} day{'s' * (streak != 1)} · "
           f"freezes held: {game.freezes} · "
           f"gems: {game.gems} · XP this week: {last.week_xp if last else 0:.0f} · "
           f"place: {last.rank + 1 if last else '-'} of {COHORT} · "
           f"league: {last.league if last else run.league_path[0]}</p>")
    said = "".join(f"<li>{html.escape(m)}</li>" for m in game.morning())
    return head + ledger + app + (f"<p>The app says:</p><ul>{said}</ul>" if said else "")


def _reveal(game: LingoLeap) -> str:
    found = game.reveal()
    sentences = "".join(f"<p>{html.escape(text)}</p>" for _, text in found.sentences)
    rows = "".join(f"<tr><th scope='row'>{html.escape(name)}</th><td>{', '.join(map(str, days['shown']))}</td>"
                   f"<td>{', '.join(map(str, days['acted'])) or 'none'}</td></tr>"
                   for name, days in sorted(found.mechanics.items()))
    mechanics = ("<table class='scored-reveal'><caption>Each mechanic: the days its message was shown, and the days "
                 "it is listed as acted (you then went beyond your plan the way it pushed)</caption><thead><tr>"
                 "<th scope='col'>mechanic</th><th scope='col'>shown on days</th><th scope='col'>acted on days</th>"
                 f"</tr></thead><tbody>{rows}</tbody></table>")
    table = game.run.table()[["what else", "plan", "choice", "life points given up", "XP", "streak", "freezes",
                              "place", "league", "app said"]]
    return ("<h4>The reveal: your plan, what you did, and what the app said</h4>" + sentences
            + found.compare.to_html(classes="scored-reveal", border=0) + mechanics
            + table.to_html(classes="scored-reveal", border=0))


def lingo_leap_game(seed: int = 0) -> TurnBoard:
    """Play two weeks of Lingo Leap: a plan, then one choice a day; the reveal appears after day 14.

    Examples
    --------
    >>> board = lingo_leap_game(seed=1)
    >>> board.press("plan: weekdays"); board.press("start")
    >>> board.press("three lessons"); board.game.run.days[-1].xp
    30
    """
    game = LingoLeap(seed)
    rules = LEAGUE_PRESETS["later"]
    fig = cohort_figure()

    def play(name):
        if name in PLAN_MOVES:
            game.draft = lingo_leap_plan(name.removeprefix("plan: "), seed)
        elif name in DAY_MOVES:
            day = DAY_MOVES.index(name)
            step = ACTIONS[(ACTIONS.index(game.draft[day]) + 1) % len(ACTIONS)]
            game.draft = game.draft[:day] + (step,) + game.draft[day + 1:]
        elif name == START:
            game.set_plan(game.draft)
        else:
            game.play(name)

    def allowed():
        return PLAN_MOVES + DAY_MOVES + (START,) if game.plan is None else game.allowed()

    def shown():
        return PLAN_MOVES + DAY_MOVES + (START,) if game.plan is None else ACTIONS

    def redraw():
        league = LEAGUE_NAMES.index(game.run.days[-1].league) if game.run.days else \
            LEAGUE_NAMES.index(game.run.league_path[0])
        xp = game.run.cohort_week_xp[-1] if game.run.days else np.zeros(COHORT)
        return [update_cohort_figure(fig, xp, rules.promote[league], rules.demote[league])]

    moves = [(f"plan: {name}", f"Plan: {name}", f"Fill in the whole plan: {name} (then change any day with its "
                                                 f"own button)") for name in PLANS]
    moves += [(move, *_labels(game)[move]) for move in DAY_MOVES]
    moves.append((START, "Start day 1 with this plan", "Fix the plan shown and begin the two weeks"))
    moves += [(action, *_labels(game)[action]) for action in ACTIONS]
    board = TurnBoard(title="Two weeks with Lingo Leap", actions=moves, play=play, allowed=allowed,
                      status=lambda: _status(game), reveal=lambda: _reveal(game), finished=lambda: game.finished,
                      restart=game.restart, figures=[fig], redraw=redraw, labels=lambda: _labels(game), shown=shown,
                      rows=[PLAN_MOVES, DAY_MOVES[:7], DAY_MOVES[7:], (START, *ACTIONS)])
    board.game = game
    return board
