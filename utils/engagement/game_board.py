"""The Lingo Leap game on screen (lesson 02): fourteen days, one choice a day, then the reveal."""
from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from ..core.game_board import TurnBoard
from ..core.figures import PALETTE, new_figure
from .game import ACTIONS, COHORT, DAYS, FREEZE_PRICE, MAX_FREEZES, LingoLeap
from .leagues import LEAGUE_NAMES, LEAGUE_PRESETS

__all__ = ["lingo_leap_game", "cohort_figure", "update_cohort_figure"]

TOOLTIPS = {
    "rest": "Do nothing in the app today",
    "one lesson": "Do one lesson today",
    "three lessons": "Do three lessons today",
    "one lesson + freeze": (f"Do one lesson and spend {FREEZE_PRICE} gems on a streak freeze: a later day of rest "
                            f"uses it instead of breaking your streak (at most {MAX_FREEZES} held)"),
}
LABELS = {"rest": "Rest today", "one lesson": "One lesson", "three lessons": "Three lessons",
          "one lesson + freeze": f"One lesson + buy a freeze ({FREEZE_PRICE} gems)"}


def cohort_figure(widget: bool = True):
    """This week's league table as bars, highest XP first; the player's bar is hatched and labelled "you"."""
    fig = new_figure("Your league cohort this week", "place in the cohort (1 = most XP)", "XP this week (points)",
                     widget=widget, height=320)
    fig.add_bar(x=np.arange(1, COHORT + 1), y=np.zeros(COHORT), name="cohort", marker_color=PALETTE[0],
                marker_pattern_shape=[""] * COHORT, marker_pattern_fgcolor="#333", text=[""] * COHORT,
                textposition="outside",
                hovertemplate="place %{x}: %{y:.0f} XP<extra></extra>")
    fig.update_layout(showlegend=False)
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


def _status(game: LingoLeap) -> str:
    run = game.run
    if game.finished:
        head = f"<p><strong>Day {DAYS} is over.</strong> The reveal is below.</p>"
    else:
        head = f"<p><strong>Day {game.day + 1} of {DAYS}.</strong> What will you do today?</p>"
    last = run.days[-1] if run.days else None
    facts = (f"<p>Streak: {last.streak if last else 0} days · freezes held: {game.freezes} · gems: {game.gems} · "
             f"XP this week: "
             f"{last.week_xp if last else 0:.0f} · place: {last.rank + 1 if last else '-'} of {COHORT} · "
             f"league: {last.league if last else run.league_path[0]}</p>")
    messages = game.morning()
    said = "".join(f"<li>{html.escape(m)}</li>" for m in messages)
    app = f"<p>The app says:</p><ul>{said}</ul>" if said else ""
    return head + facts + app


def _reveal(game: LingoLeap) -> str:
    found = game.reveal()
    acted = "".join(f"<li><strong>{html.escape(m)}</strong>: days {', '.join(map(str, days))}</li>"
                    for m, days in sorted(found["mechanics"].items()))
    you, ignored = found["you"], found["ignored"]
    return ("<h4>The reveal: what acted on you</h4>"
            f"<ul>{acted}</ul>"
            f"<p>You practised on {you['practice days']} of {DAYS} days and ended with a {you['final streak']}-day "
            f"streak in the {html.escape(you['league'])} league. The other {COHORT - 1} members of your cohort, "
            f"the models' learners, practised on {found['cohort']['practice days (mean of the other 29)']:.1f} days "
            f"on average. A learner in your seat who felt none of the streak's pull (the same model with streaks "
            f"switched off) would have practised on {ignored['practice days']} days and ended with a "
            f"{ignored['final streak']}-day streak.</p>"
            + found["table"].to_html(classes="scored-reveal", border=0))


def lingo_leap_game(seed: int = 0) -> TurnBoard:
    """Play two weeks of Lingo Leap, one choice a day; the reveal appears after day 14.

    Examples
    --------
    >>> board = lingo_leap_game(seed=1)
    >>> board.press("three lessons"); board.game.run.days[-1].streak
    1
    """
    game = LingoLeap(seed)
    rules = LEAGUE_PRESETS["later"]
    fig = cohort_figure()

    def redraw():
        league = LEAGUE_NAMES.index(game.run.days[-1].league) if game.run.days else \
            LEAGUE_NAMES.index(game.run.league_path[0])
        xp = game.run.cohort_week_xp[-1] if game.run.days else np.zeros(COHORT)
        return [update_cohort_figure(fig, xp, rules.promote[league], rules.demote[league])]

    board = TurnBoard(title="Two weeks with Lingo Leap", actions=[(a, LABELS[a], TOOLTIPS[a]) for a in ACTIONS],
                      play=game.play, allowed=game.allowed, status=lambda: _status(game),
                      reveal=lambda: _reveal(game), finished=lambda: game.finished, restart=game.restart,
                      figures=[fig], redraw=redraw)
    board.game = game
    return board

