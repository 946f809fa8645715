"""Figures of the scoring society: the network coloured by score, built once and recoloured in place.

A network is drawn without axes (:func:`utils.core.figures.drawing_figure`): where a person
sits in the layout means nothing. Score colours never stand alone: the network figure has a colour bar with its ends named
("low", "high"), and every redraw returns a text summary (how many people score low, middle
and high, and how many have no ties left) that the dashboard shows under the figure. (Not in
the figure itself: changing a FigureWidget's layout on every redraw costs tens of milliseconds.)
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..core.figures import PALETTE, SCORE_COLORSCALE, drawing_figure
from .networks import edge_path

__all__ = [
    "network_figure",
    "update_network_figure",
    "score_summary",
]


def network_figure(title: str = "The network, coloured by score"):
    """An empty network figure: ties, people coloured by score, and people with no ties ringed.

    Examples
    --------
    >>> fig = network_figure()
    >>> [trace.name for trace in fig.data]
    ['ties', 'people', 'cut off (no ties left)']
    """
    fig = drawing_figure(title, height=480)   # a drawing: where a person sits means nothing, so no axes
    fig.add_trace(go.Scattergl(x=[], y=[], mode="lines", name="ties", hoverinfo="skip",
                               line={"color": "rgba(120,120,120,0.35)", "width": 0.8}))
    fig.add_trace(go.Scattergl(x=[], y=[], mode="markers", name="people",
                               marker={"size": 7, "color": [], "colorscale": SCORE_COLORSCALE,
                                       "cmin": 0, "cmax": 1, "line": {"width": 0},
                                       "colorbar": {"title": {"text": "score (0–1)"}, "thickness": 14,
                                                    "tickvals": [0, 0.5, 1], "ticktext": ["0 low", "0.5", "1 high"]}},
                               hovertemplate="score %{marker.color:.2f}<extra></extra>"))
    fig.add_trace(go.Scattergl(x=[], y=[], mode="markers", name="cut off (no ties left)",
                               marker={"size": 13, "symbol": "circle-open", "color": PALETTE[5],
                                       "line": {"width": 2}}, hoverinfo="skip"))
    return fig


def score_summary(scores, degree) -> str:
    """One sentence counting low (below 1/3), middle and high (above 2/3) scorers and people with no ties.

    Examples
    --------
    >>> score_summary(np.array([0.1, 0.5, 0.9, 0.95]), np.array([1, 0, 2, 2]))
    'Of 4 people, 1 score low (below 1/3), 1 in the middle and 2 high (above 2/3); 1 has no ties left.'
    """
    scores = np.asarray(scores, dtype=float)
    low, high = int((scores < 1 / 3).sum()), int((scores > 2 / 3).sum())
    alone = int((np.asarray(degree) == 0).sum())
    return (f"Of {scores.size:,} people, {low:,} score low (below 1/3), {scores.size - low - high:,} in the middle "
            f"and {high:,} high (above 2/3); {alone:,} {'has' if alone == 1 else 'have'} no ties left.")


def update_network_figure(fig, positions: np.ndarray, src: np.ndarray, dst: np.ndarray, scores: np.ndarray,
                          degree: np.ndarray, move_people: bool = True) -> str:
    """Redraw ties, recolour people and ring those with no ties, in one batch update.

    Returns the text summary of :func:`score_summary`, for the sentence under the figure.
    """
    ex, ey = edge_path(positions, src, dst)
    alone = degree == 0
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = ex, ey
        if move_people:
            fig.data[1].x, fig.data[1].y = positions[:, 0], positions[:, 1]
        fig.data[1].marker.color = np.asarray(scores, dtype=float)
        fig.data[2].x, fig.data[2].y = positions[alone, 0], positions[alone, 1]
    return score_summary(scores, degree)
