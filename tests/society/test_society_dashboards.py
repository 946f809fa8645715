"""Headless checks of the scoring-society dashboards: move a control, the figures change."""
from __future__ import annotations

import numpy as np
import pytest

from utils.society.dashboards import (_SOCIETY_SERIES, adoption_dashboard, network_figure, peer_influence_dashboard,
                                      self_censorship_dashboard)


@pytest.fixture(scope="module")
def board():
    return peer_influence_dashboard(n=100, steps=40)


def _snapshot(board):
    net, society, sorting = board.figures
    return (np.array(net.data[1].marker.color, dtype=float), np.array(net.data[0].x, dtype=float),
            np.array(society.data[0].y), np.array(sorting.data[0].y))


def test_first_draw_has_data(board):
    colors, edges_x, mean_score, agency = _snapshot(board)
    assert board.last_error is None
    assert colors.size == 100 and np.all((colors >= 0) & (colors <= 1))
    assert np.isnan(edges_x).sum() > 100          # ties drawn with NaN separators
    assert mean_score.size == 41 and np.all(mean_score > 0)


@pytest.mark.parametrize("change", [dict(peer_weight=0.9), dict(exclusion_rate=0.4), dict(conformity=0.9),
                                    dict(cutoff="absolute", cutoff_score=0.5), dict(seed=3),
                                    dict(kind="karate club"), dict(rewiring=0.0, exclusion_rate=0.5)])
def test_moving_a_control_changes_the_figures(board, change):
    before = _snapshot(board)
    board.set(**change)
    after = _snapshot(board)
    assert board.last_error is None, board.last_error
    changed = [b.shape != a.shape or not np.allclose(b, a, equal_nan=True) for b, a in zip(before, after)]
    assert any(changed[:1]) or any(changed[2:]), f"{change} left every figure unchanged"
    board.set(**{k: v for k, v in dict(peer_weight=0.5, exclusion_rate=0.05, conformity=0.4, cutoff="relative",
                                      seed=0, kind="small world", rewiring=0.5).items() if k in change})


def test_peer_influence_starts_with_everyone_enrolled():
    """Lesson 07's runs enrol everyone; its dashboard starts in the same society (m₀ = 1), and m₀ can be lowered."""
    fresh = peer_influence_dashboard(n=100, steps=10)
    line = list(_SOCIETY_SERIES).index("enrolled")           # the society figure draws one line per series
    enrolled = fresh.figures[1].data[line].y
    assert fresh.controls["initial_enrolment"].value == 1.0 and np.allclose(enrolled, 1.0), enrolled
    fresh.set(initial_enrolment=0.05)
    enrolled = fresh.figures[1].data[line].y
    assert fresh.last_error is None and enrolled[0] < 0.2, enrolled


def test_excluded_people_are_marked(board):
    board.set(peer_weight=0.95, exclusion_rate=0.5, rewiring=1.0, cutoff="relative", cutoff_share=0.3)
    ringed = board.figures[0].data[2]
    assert len(ringed.x) > 0, "people with no ties must be visible"
    board.set(exclusion_rate=0.0)
    assert len(board.figures[0].data[2].x) == 0


def test_show_me_the_code_reproduces_the_state(board):
    board.set(peer_weight=0.8, exclusion_rate=0.2, kind="small world", seed=2)
    namespace = {}
    exec(board.code(), namespace)
    run = namespace["run"]
    mean_score = board.figures[1].data[0].y
    np.testing.assert_allclose(run.metrics["mean_score"].to_numpy(), mean_score)
    assert "peer_weight=0.8" in board.code()


def test_error_is_shown_not_swallowed(board, monkeypatch):
    import utils.society.dashboards as module

    def broken(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr(module, "run_on", broken)              # what a redraw runs the model with
    board.set(peer_weight=0.3)
    assert "model exploded" in board.last_error


def test_adoption_dashboard_tips_with_mandatoriness():
    board = adoption_dashboard(n=300, steps=100)
    low = board.figures[0].data[0].y[-1]
    curve_before = np.array(board.figures[1].data[0].y)
    board.set(mandatoriness=0.3)
    assert board.last_error is None
    assert board.figures[0].data[0].y[-1] > low + 0.3
    assert not np.allclose(curve_before, board.figures[1].data[0].y)
    assert board.figures[0].data[1].y[-1] == pytest.approx(1.0, abs=0.01)   # crowd prediction tips too


def test_network_figure_is_a_titled_drawing_without_axes():
    """Issue 19: layout positions carry no units, so the network is drawn without axes, under its title."""
    fig = network_figure()
    assert fig.layout.title.text
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert not (fig.layout.xaxis.title.text or fig.layout.yaxis.title.text)


@pytest.fixture(scope="module")
def censorship():
    return self_censorship_dashboard(n=200, steps=50)


def _censorship_snapshot(board):
    over_time, split = board.figures
    return tuple(np.array(trace.y, dtype=float) for trace in (*over_time.data, *split.data))


def test_self_censorship_first_draw(censorship):
    falsification, gap, endorse, silent = _censorship_snapshot(censorship)
    assert censorship.last_error is None
    assert falsification.size == gap.size == 51 and falsification[0] == 0 and gap[0] == 0   # everyone starts sincere
    assert falsification[-1] > 0, "with the defaults some people should end up pretending"
    assert endorse.sum() + silent.sum() == 200                        # the histogram counts everyone once
    x = np.array(censorship.figures[0].data[0].x)
    assert x.size == 51 and x[-1] == 50                                 # x and y updated together
    fig = censorship.figures[1]
    assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


@pytest.mark.parametrize("change", [dict(conformity=0.9), dict(score_stake=0.4), dict(endorsement_weight=0.0),
                                    dict(peer_weight=0.9), dict(initial_enrolment=0.0), dict(seed=3)])
def test_self_censorship_controls_change_the_figures(censorship, change):
    before = _censorship_snapshot(censorship)
    censorship.set(**change)
    after = _censorship_snapshot(censorship)
    assert censorship.last_error is None, censorship.last_error
    assert any(not np.array_equal(b, a) for b, a in zip(before, after)), f"{change} left every figure unchanged"
    censorship.set(**{k: v for k, v in dict(conformity=0.4, score_stake=0.1, endorsement_weight=0.5, peer_weight=0.5,
                                           initial_enrolment=1.0, seed=0).items() if k in change})


def test_self_censorship_needs_a_stake_or_pressure(censorship):
    censorship.set(conformity=0.0, score_stake=0.0)
    assert np.all(np.array(censorship.figures[0].data[0].y) == 0), "no pressure and no stake: nobody pretends"
    censorship.set(score_stake=0.5)
    assert censorship.figures[0].data[0].y[-1] > 0.1
    censorship.set(conformity=0.4, score_stake=0.1)


def test_self_censorship_code_reproduces_the_figures(censorship):
    censorship.set(conformity=0.7, score_stake=0.3, seed=2)
    namespace = {}
    exec(censorship.code(), namespace)
    run = namespace["run"]
    over_time, split = censorship.figures
    np.testing.assert_allclose(run.metrics["falsification_rate"].to_numpy(), over_time.data[0].y)
    np.testing.assert_allclose(run.metrics["private_public_gap"].to_numpy(), over_time.data[1].y)
    x, says = run.final.attitude, run.final.expressed
    bins = np.linspace(0, 1, 21)
    np.testing.assert_array_equal(np.histogram(x[says], bins)[0], split.data[0].y)
    np.testing.assert_array_equal(np.histogram(x[~says], bins)[0], split.data[1].y)
    falsifiers = int(np.histogram(x[says], bins)[0][:10].sum())
    assert falsifiers == round(run.metrics["falsification_rate"].iloc[-1] * x.size)   # bars left of ½ are pretending
    assert "conformity=0.7" in censorship.code() and "score_stake=0.3" in censorship.code()
    censorship.set(conformity=0.4, score_stake=0.1, seed=0)


def test_self_censorship_redraw_is_fast():
    board = self_censorship_dashboard()          # the lesson's size: 400 people, 100 steps
    board.set(conformity=0.6)
    board.set(conformity=0.7)
    assert board.last_error is None
    assert board.last_redraw_seconds < 0.5, f"a slider move took {board.last_redraw_seconds:.3f} s (aim: < 0.1 s)"


# ---------------------------------------------------------------- controls from the parameter table
def _society_boards():
    from utils.capstone.dashboard import capstone_dashboard

    return [self_censorship_dashboard(n=100, steps=10), peer_influence_dashboard(n=100, steps=10),
            adoption_dashboard(n=100, steps=10), capstone_dashboard(kind="karate club", steps=10)]


def test_sliders_come_from_the_parameter_table():
    from utils.society.params import PARAMETER_TABLE, SocialCreditParams

    defaults = SocialCreditParams()
    seen = {}
    for board in _society_boards():
        for name, control in board.controls.items():
            if name not in PARAMETER_TABLE:
                continue
            symbol, low, high, meaning = PARAMETER_TABLE[name][:4]
            assert (control.min, control.max) == (low, high), f"{name}: range differs from the table"
            assert control.description.endswith(" " + symbol), f"{name}: label {control.description!r} lacks {symbol}"
            assert meaning in control.tooltip and control.description_allow_html is False
            seen.setdefault(name, set()).add((control.description, control.step))
            if name not in ("initial_enrolment", "peer_weight", "exclusion_rate"):   # scenario starts, documented
                assert control.value == getattr(defaults, name), f"{name} does not start at the model's default"
    drifted = {name: labels for name, labels in seen.items() if len(labels) > 1}
    assert not drifted, f"the same parameter is labelled differently across dashboards: {drifted}"
    assert {"peer_weight", "exclusion_rate", "conformity"} <= set(seen)


def test_params_from_reads_only_parameters():
    from utils.society.dashboards import params_from

    p = params_from({"peer_weight": 0.7, "seed": 4, "kind": "karate club", "n": 100}, cutoff="absolute")
    assert p.peer_weight == 0.7 and p.cutoff == "absolute"
    with pytest.raises(ValueError, match="peer_weight"):
        params_from({"peer_weight": 1.7})


def test_update_policy_follows_the_redraw_time():
    """Fast redraws: parameter sliders redraw while dragged; slow ones: on release; the seed always on release."""
    import time

    from utils.core.dashboard import REDRAW_BUDGET, Dashboard, seed_slider, slider
    from utils.core.figures import line_figure

    fig = line_figure([0, 1], {"y": [0, 0]}, title="t", x_title="x (units)", y_title="y (units)")
    delay = {"seconds": 0.0}
    board = Dashboard({"a": slider("amplitude a", 1.0, 0, 2), "seed": seed_slider(0)}, [fig],
                      lambda a, seed: time.sleep(delay["seconds"]), caption="A test.")
    assert board.live and board.controls["a"].continuous_update
    assert board.controls["seed"].continuous_update is False
    delay["seconds"] = 2 * REDRAW_BUDGET
    for value in (0.5, 1.5, 0.7):            # the median of the last three redraws decides
        board.set(a=value)
    assert not board.live and board.controls["a"].continuous_update is False
    delay["seconds"] = 0.0
    for value in (0.2, 0.4):
        board.set(a=value)
    assert board.live and board.controls["a"].continuous_update
    assert board.controls["seed"].continuous_update is False
