"""Headless checks of the scoring-society dashboards: move a control, the figures change."""
from __future__ import annotations

import numpy as np
import pytest

from utils.society_dashboards import adoption_dashboard, network_figure, peer_influence_dashboard


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
    import utils.society_dashboards as module

    def broken(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr(module, "simulate", broken)
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


def test_network_figure_has_labels():
    fig = network_figure()
    assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
