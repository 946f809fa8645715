"""Dashboards for Part I (lessons 01–04): sliders bound to the engagement models.

Each function builds its figures once and returns a :class:`utils.core.dashboard.Dashboard`
whose ``redraw`` updates the traces in place. In a notebook a dashboard is one line,
e.g. ``schedules_dashboard()``. Every slider of a model parameter is built from Part I's rows
of the notation record (:mod:`utils.core.parameters`: label, symbol, range, step, default), so
a slider and ``docs/notation.md`` never disagree. Whether a slider redraws while dragged or on
release follows the one update policy of :mod:`utils.core.dashboard` (every Part I dashboard
fits its budget, so they redraw while dragged). Every figure has a sentence under it saying
what it shows.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..core.dashboard import Dashboard, dropdown, parameter_controls, parameter_slider
from .hook import simulate_hook
from .schedules import simulate_schedule, still_responding
from .leagues import LEAGUE_NAMES, LEAGUE_PRESETS, effort_by_rank, simulate_leagues
from .motivation import simulate_overjustification
from ..core.figures import BAR_PATTERNS, PALETTE, line_figure, new_figure, rename_lines, update_lines
from .streaks import cpt_value, expected_days_to_break, simulate_streaks

__all__ = [
    "schedules_dashboard",
    "hook_dashboard",
    "streaks_dashboard",
    "leagues_dashboard",
    "motivation_dashboard",
]


# ---------------------------------------------------------------- 01 reward schedules
def _schedule_curves(n, c, step, c_spread, n_learners, seed, x_max):
    runs = {"CRF (every response)": ("FR", 1, 1.0), f"FR-{n}": ("FR", n, 1.0),
            f"VR-{n}": ("VR", n, 1.0), f"VI-{n} (ticks)": ("VI", n, 0.5)}
    rate, delta = {}, {}
    for label, (schedule, ratio, prob) in runs.items():
        res = simulate_schedule(schedule, ratio, n_learners=n_learners, ticks=200, response_prob=prob,
                                c=c, c_spread=c_spread, step=step, seed=seed)
        rate[label] = still_responding(res.rate_extinction, x_max)
        delta[label] = still_responding(res.delta_extinction, x_max)
    return rate, delta


def _fit_to_data(x, curves):
    """The curves cut where the last learner has stopped, plus a tenth: the x-axis fits the data.

    Examples
    --------
    >>> x, cut = _fit_to_data(np.arange(11), {"a": np.r_[np.ones(4), np.zeros(7)]})
    >>> x.tolist(), cut["a"].tolist()
    ([0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 1.0, 1.0, 1.0, 0.0, 0.0])
    """
    responding = np.flatnonzero(np.any(np.vstack(list(curves.values())) > 0, axis=0))
    last = int(responding[-1]) + 1 if responding.size else 1   # the first point where everyone has stopped
    end = min(len(x) - 1, last + max(1, int(np.ceil(0.1 * last))))
    return np.asarray(x[:end + 1], dtype=float), {name: np.asarray(y)[:end + 1] for name, y in curves.items()}


def schedules_dashboard(n_learners: int = 500, seed: int = 1) -> Dashboard:
    """Extinction after four schedules under the rate-estimation rule and the delta rule.

    The x-axis of each panel ends a little after its last learner stops responding (at most
    200 responses), so the curves fill the panel whatever the sliders say.

    Examples
    --------
    >>> board = schedules_dashboard(n_learners=100)
    >>> before = board.figures[0].data[1].y.copy()
    >>> board.set(n=10)
    >>> bool(len(board.figures[0].data[1].y) != len(before) or (board.figures[0].data[1].y != before).any())
    True
    >>> board.last_error is None
    True
    """
    x_max = 200
    grid = np.arange(x_max + 1)
    start = {"n": None, "c": None, "step": None, "c_spread": None}
    controls = parameter_controls("I", start)
    rate, delta = _schedule_curves(*(c.value for c in controls.values()), n_learners, seed, x_max)
    titles = ("Rate-estimation rule: who is still responding after rewards stop",
              "Delta rule: who is still responding after rewards stop")
    figs = []
    for title, curves in zip(titles, (rate, delta)):
        x, fitted = _fit_to_data(grid, curves)
        # every curve ends at 0 (the axis ends after the last learner stops), so labels at the lines' right
        # ends would all sit on the zero line: the legend names the lines, the dash styles tell them apart
        figs.append(line_figure(x, dict(zip(_labels(4), fitted.values())), title=title,
                                x_title="responses since the last reward (count)",
                                y_title="learners still responding (share)", end_labels=False))

    def redraw(n, c, step, c_spread):
        rate, delta = _schedule_curves(n, c, step, c_spread, n_learners, seed, x_max)
        for fig, curves in zip(figs, (rate, delta)):
            rename_lines(fig, dict(zip([trace.name for trace in fig.data], curves)))
            update_lines(fig, *_fit_to_data(grid, curves))

    def code(n, c, step, c_spread):
        return (f"from utils import simulate_schedule\n"
                f"vr = simulate_schedule('VR', {n}, n_learners={n_learners}, c={c:g}, c_spread={c_spread:g}, "
                f"step={step:g}, seed={seed})\n"
                f"vr.rate_extinction.mean(), vr.delta_extinction.mean()")

    descriptions = ["Under the rate-estimation rule, the share of learners still responding as unrewarded "
                    "responses pile up, one line style per schedule: leaner schedules keep learners responding "
                    "longer once rewards stop (the PREE).",
                    "The same four schedules under a delta rule: the order reverses."]
    board = Dashboard(controls, figs, redraw, code=code, descriptions=descriptions)
    return board


def _labels(k):
    return [f"schedule {i}" for i in range(k)]


def hook_dashboard(n_learners: int = 1000, days: int = 120, seed: int = 1) -> Dashboard:
    """The hook loop: daily use and habit strength before and after notifications stop.

    Examples
    --------
    >>> board = hook_dashboard(n_learners=200)
    >>> before = board.figures[0].data[0].y.copy()
    >>> board.set(reward_prob=0.1)
    >>> bool((board.figures[0].data[0].y != before).any())
    True
    """
    day = np.arange(1, days + 1)
    fig_use = line_figure(day, {"share opening the app": np.zeros(days)},
                          title="Hook loop: who opens the app each day", x_title="day",
                          y_title="learners acting (share)")
    fig_habit = line_figure(day, {"mean habit strength": np.zeros(days), "notification strength": np.zeros(days)},
                            title="Habit strength builds while rewards come", x_title="day",
                            y_title="strength (logit units)", dashes={"notification strength": "dot"})

    def redraw(reward_prob, gain, decay, trigger_days):
        res = simulate_hook(n_learners, days, reward_prob=reward_prob, gain=gain, decay=decay,
                            trigger_days=trigger_days, seed=seed)
        update_lines(fig_use, day, {"share opening the app": res.acted.mean(axis=0)})
        update_lines(fig_habit, day, {"mean habit strength": res.habit[:, :-1].mean(axis=0),
                                      "notification strength": res.trigger})

    def code(reward_prob, gain, decay, trigger_days):
        return (f"from utils import simulate_hook\nres = simulate_hook({n_learners}, {days}, "
                f"reward_prob={reward_prob:g}, gain={gain:g}, decay={decay:g}, trigger_days={trigger_days}, "
                f"seed={seed})\nres.acted[:, -30:].mean()")

    controls = parameter_controls("I", {"reward_prob": None, "gain": None, "decay": None})
    controls["trigger_days"] = parameter_slider("I", "trigger_days", min(30, days), high=days)
    descriptions = ["The share of learners who open the app on each day.",
                    "Mean habit strength (solid) and the notification's push (dotted) on each day, in logit units."]
    return Dashboard(controls, [fig_use, fig_habit], redraw, code=code, descriptions=descriptions,
                     caption="Notifications (the external trigger) get people to act; whether they keep "
                             "acting after the notifications stop depends on the habit the rewards built.")


# ---------------------------------------------------------------- 02 streaks
def streaks_dashboard(n_learners: int = 1500, days: int = 365, seed: int = 1) -> Dashboard:
    """Prospect-theory value of a streak and daily activity with and without streaks.

    Examples
    --------
    >>> board = streaks_dashboard(n_learners=200, days=60)
    >>> before = board.figures[1].data[0].y.copy()
    >>> board.set(loss_weight=0.12)
    >>> bool((board.figures[1].data[0].y != before).any()), board.last_error is None
    (True, True)
    """
    day = np.arange(1, days + 1)
    xs = np.linspace(-30, 30, 121)
    fig_value = line_figure(xs, {"prospect-theory value": cpt_value(xs), "linear (λ = 1, no curvature)": xs},
                            title="Losing a streak hurts more than gaining one pleases",
                            x_title="change in streak (days)", y_title="felt value (utils)",
                            dashes={"linear (λ = 1, no curvature)": "dot"})
    fig_active = line_figure(day, {"with streaks": np.zeros(days), "without streaks": np.zeros(days)},
                             title="Daily active learners with and without streaks", x_title="time (days)",
                             y_title="learners practising (share)")
    fig_kept = line_figure(day, {"with streaks": np.zeros(days), "without streaks": np.zeros(days)},
                           title="Learners who have not quit", x_title="time (days)", y_title="learners retained (share)")
    baseline = simulate_streaks(n_learners, days, streaks=False, seed=seed)

    def redraw(lam, loss_weight, freezes, refill):
        refill = refill == "refilled at once"
        res = simulate_streaks(n_learners, days, streaks=True, lam=lam, loss_weight=loss_weight,
                               freezes=freezes, refill=refill, seed=seed)
        update_lines(fig_value, xs, {"prospect-theory value": cpt_value(xs, lam=lam)})
        update_lines(fig_active, day, {"with streaks": res.daily_active, "without streaks": baseline.daily_active})
        update_lines(fig_kept, day, {"with streaks": res.retained, "without streaks": baseline.retained})

    def code(lam, loss_weight, freezes, refill):
        return (f"from utils import simulate_streaks, expected_days_to_break\n"
                f"res = simulate_streaks({n_learners}, {days}, lam={lam:g}, loss_weight={loss_weight:g}, "
                f"freezes={freezes}, refill={refill == 'refilled at once'}, seed={seed})\n"
                f"res.daily_active[-30:].mean(), expected_days_to_break(0.01, {freezes})")

    controls = parameter_controls("I", {"lam": None, "loss_weight": None, "freezes": None})
    controls["refill"] = dropdown("used freezes are", ["bought once", "refilled at once"])
    descriptions = ["Felt value of gaining or losing days of streak under prospect theory (solid) against a "
                    "plain count (dotted): losses weigh λ times more.",
                    "The share of learners practising on each day, with streaks (solid) and without (dashed).",
                    "The share of learners who have not quit by each day, with streaks (solid) and without (dashed)."]
    return Dashboard(controls, [fig_value, fig_active, fig_kept], redraw, code=code, descriptions=descriptions,
                     caption="With the streak as reference point, breaking a streak of L days is felt as a loss "
                             "of λ·L<sup>α</sup>. Streaks "
                             "raise daily activity among those who hold one; freezes keep streaks alive "
                             f"(with a 1% daily miss rate: {expected_days_to_break(0.01):.0f} days on "
                             f"average with no freeze, {expected_days_to_break(0.01, 2):,.0f} with two refilled "
                             "at once).")


# ---------------------------------------------------------------- 03 leagues
def leagues_dashboard(n_learners: int = 3000, weeks: int = 8, seed: int = 1) -> Dashboard:
    """Effort by rank in one cohort and where a population ends up after some weeks.

    Examples
    --------
    >>> board = leagues_dashboard(n_learners=300, weeks=3)
    >>> before = board.figures[0].data[0].y.copy()
    >>> board.set(league="Obsidian")
    >>> bool(len(board.figures[0].data[0].y) != len(before) or (board.figures[0].data[0].y != before).any())
    True
    """
    fig_effort = new_figure("Effort by rank in one weekly cohort", "place in the cohort (1 = top)",
                            "effort (multiple of usual XP)")
    # the hatching is drawn in one dark colour: left to follow marker.color, plotly.js is handed a list
    # of colours where it takes one ("Invalid color specifier" in the browser)
    fig_effort.add_trace(go.Bar(x=[], y=[], name="effort", marker={"color": PALETTE[0], "pattern": {"fgcolor": "#333"}},
                                textposition="outside", cliponaxis=False))
    for zone in ("promoted", "demoted"):   # each zone named in words above its bars, not by colour alone
        fig_effort.add_annotation(name=zone, text="", x=1, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                                  font={"size": 12})
    fig_effort.update_layout(margin={"t": 80})
    fig_league = new_figure(f"Where learners stand after {weeks} weeks", "league", "learners (share)")
    fig_league.add_trace(go.Bar(x=list(LEAGUE_NAMES), y=np.zeros(len(LEAGUE_NAMES)), name="share",
                                marker_color=PALETTE[2]))

    def redraw(rules, league, boost, width):
        preset = LEAGUE_PRESETS[rules]
        promote, demote = preset.zones(league)
        effort = effort_by_rank(preset.cohort_size, promote, demote, boost=boost, width=width)
        place = np.arange(1, preset.cohort_size + 1)
        zone = np.where(place <= promote, 0, np.where(place > preset.cohort_size - demote, 2, 1))
        res = simulate_leagues(n_learners, weeks, rules=rules, boost=boost, width=width, seed=seed)
        with fig_effort.batch_update():
            fig_effort.data[0].x, fig_effort.data[0].y = place, effort
            fig_effort.data[0].marker.color = np.array([PALETTE[2], PALETTE[0], PALETTE[5]])[zone]
            fig_effort.data[0].marker.pattern.shape = np.array([BAR_PATTERNS[1], "", BAR_PATTERNS[2]])[zone]
            fig_effort.data[0].text = np.array(["↑", "", "↓"])[zone]
            for note in fig_effort.layout.annotations:
                first, last = (1, promote) if note.name == "promoted" else (preset.cohort_size - demote + 1,
                                                                          preset.cohort_size)
                note.x = (first + last) / 2
                note.text = f"{note.name}: places {first}–{last}" if last >= first else ""
            fig_effort.layout.title.text = (f"Effort by rank in a {league} cohort of {preset.cohort_size} "
                                            f"({promote} promoted, {demote} demoted)")
        with fig_league.batch_update():
            fig_league.data[0].y = res.occupancy()

    def code(rules, league, boost, width):
        return (f"from utils import simulate_leagues, effort_by_rank, LEAGUE_PRESETS\n"
                f"promote, demote = LEAGUE_PRESETS['{rules}'].zones('{league}')\n"
                f"effort_by_rank(LEAGUE_PRESETS['{rules}'].cohort_size, promote, demote, boost={boost:g}, "
                f"width={width:g})\n"
                f"simulate_leagues({n_learners}, {weeks}, rules='{rules}', boost={boost:g}, width={width:g}, "
                f"seed={seed}).occupancy()")

    controls = {"rules": dropdown("rules", ["later", "older"]),
                "league": dropdown("league", list(LEAGUE_NAMES), "Gold"),
                **parameter_controls("I", {"boost": None, "width": None})}
    descriptions = ["Effort by place in one cohort: promoted places are green, hatched and marked ↑, demoted "
                    "places red-orange, cross-hatched and marked ↓, and each zone is named above its bars. In this "
                    "toy model effort piles up next to the zone boundaries.",
                    f"How {weeks} weeks of promotion and demotion spread learners over the leagues, all starting "
                    "in Bronze."]
    return Dashboard(controls, [fig_effort, fig_league], redraw, code=code, descriptions=descriptions)


# ---------------------------------------------------------------- 04 overjustification
def motivation_dashboard(n_learners: int = 1000, seed: int = 1) -> Dashboard:
    """Engagement before, during and after contingent rewards, against a control group.

    Examples
    --------
    >>> board = motivation_dashboard(n_learners=200)
    >>> before = board.figures[0].data[0].y.copy()
    >>> board.set(reward="performance-contingent")
    >>> bool((board.figures[0].data[0].y != before).any())
    True
    """
    fig = line_figure(np.arange(1, 26), {"rewarded group": np.zeros(25), "control group": np.zeros(25),
                                         "rewarded group's intrinsic motivation": np.zeros(25)},
                      title="Free-choice engagement before, during and after rewards",
                      x_title="session (number)", y_title="engagement (standard deviations)",
                      dashes={"rewarded group's intrinsic motivation": "dot"})

    def redraw(reward, expected, feedback, pull, during):
        res = simulate_overjustification(n_learners, reward=reward, expected=expected == "expected",
                                         feedback=feedback == "informational feedback", pull=pull,
                                         during=during, seed=seed)
        x = np.arange(1, res.phase.size + 1)
        update_lines(fig, x, {"rewarded group": res.engagement.mean(axis=0),
                              "control group": res.control.mean(axis=0),
                              "rewarded group's intrinsic motivation": res.intrinsic.mean(axis=0)})
        fig.layout.title.text = (f"Free-choice engagement before, during and after rewards "
                                 f"(d after = {res.effect_size():+.2f})")

    def code(reward, expected, feedback, pull, during):
        return (f"from utils import simulate_overjustification\n"
                f"res = simulate_overjustification({n_learners}, reward='{reward}', "
                f"expected={expected == 'expected'}, feedback={feedback == 'informational feedback'}, "
                f"pull={pull:g}, during={during}, seed={seed})\nres.effect_size()")

    controls = {"reward": dropdown("reward", ["engagement-contingent", "completion-contingent",
                                              "performance-contingent", "none"]),
                "expected": dropdown("reward is", ["expected", "unexpected"]),
                "feedback": dropdown("feedback", ["none", "informational feedback"]),
                **parameter_controls("I", {"pull": None, "during": None})}
    descriptions = ["Mean free-choice engagement in each session for the rewarded group (solid) and the control "
                    "group (dashed), and the rewarded group's intrinsic motivation (dotted)."]
    return Dashboard(controls, [fig], redraw, code=code, descriptions=descriptions,
                     caption="Sessions 1–5: no rewards; then rewards for the rewarded group (as many sessions "
                             "as the slider sets); then none. The model's reward effects are sized to match "
                             "the free-choice effect sizes of Deci, Koestner & Ryan (1999); the title shows "
                             "the simulated d after rewards stop.")
