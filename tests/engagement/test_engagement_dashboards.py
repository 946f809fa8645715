"""Part I dashboards, headless: moving a control changes the figure data in place."""
import numpy as np
import pytest

from utils.engagement.dashboards import (hook_dashboard, leagues_dashboard, motivation_dashboard,
                                         schedules_dashboard, streaks_dashboard)


def _snapshot(board):
    return [[np.array(trace.y, dtype=float).copy() for trace in fig.data] for fig in board.figures]


def _changed(before, after):
    return any(a.shape != b.shape or not np.allclose(a, b, equal_nan=True)
               for fa, fb in zip(before, after) for a, b in zip(fa, fb))


CASES = [
    (lambda: schedules_dashboard(n_learners=200), {"n": 12}, {"c": 5.0}),
    (lambda: hook_dashboard(n_learners=300), {"reward_prob": 0.9}, {"trigger_days": 5}),
    (lambda: streaks_dashboard(n_learners=300, days=120), {"lam": 3.0}, {"freezes": 2}),
    (lambda: leagues_dashboard(n_learners=600, weeks=4), {"boost": 2.5}, {"rules": "older"}),
    (lambda: motivation_dashboard(n_learners=300), {"reward": "completion-contingent"},
     {"feedback": "informational feedback"}),
]


@pytest.mark.parametrize("make, first, second", CASES)
def test_moving_a_control_changes_the_figure_in_place(make, first, second):
    board = make()
    assert board.last_error is None, board.last_error
    figures = [id(fig) for fig in board.figures]
    traces = [id(trace) for fig in board.figures for trace in fig.data]
    for move in (first, second):
        before = _snapshot(board)
        board.set(**move)
        assert board.last_error is None, board.last_error
        assert _changed(before, _snapshot(board)), f"{move} did not change any figure"
    # updated in place: the same figure and trace objects
    assert [id(fig) for fig in board.figures] == figures
    assert [id(trace) for fig in board.figures for trace in fig.data] == traces
    assert board.last_redraw_seconds < 2.0  # a sanity bound; the benchmark measures speed
    assert "from utils import" in board.code()


def test_every_figure_is_labelled():
    for make, _, _ in CASES:
        for fig in make().figures:
            assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


def test_schedules_dashboard_shows_the_pree_and_its_reverse():
    board = schedules_dashboard(n_learners=300)
    rate, delta = board.figures
    # area under the still-responding curve = mean responses in extinction
    crf_rate, fr_rate = rate.data[0].y.sum(), rate.data[1].y.sum()
    crf_delta, fr_delta = delta.data[0].y.sum(), delta.data[1].y.sum()
    assert fr_rate > crf_rate and fr_delta < crf_delta


def test_an_error_is_shown_not_swallowed():
    board = motivation_dashboard(n_learners=100)
    board._redraw = lambda **values: 1 / 0
    board.redraw()
    assert "ZeroDivisionError" in board.last_error
