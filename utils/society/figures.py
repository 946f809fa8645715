"""Figures of the scoring society: the network coloured by score, built once and recoloured in place."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..core.figures import PALETTE, SCORE_COLORSCALE, new_figure
from .networks import edge_path

__all__ = [
    "network_figure",
    "update_network_figure",
]


def network_figure(title: str = "The network, coloured by score"):
    """An empty network figure: ties, people coloured by score, and people with no ties ringed.

    Examples
    --------
    >>> fig = network_figure()
    >>> [trace.name for trace in fig.data]
    ['ties', 'people', 'cut off (no ties left)']
    """
    fig = new_figure(title, "layout position (no units)", "layout position (no units)", height=480)
    fig.add_trace(go.Scattergl(x=[], y=[], mode="lines", name="ties", hoverinfo="skip",
                               line={"color": "rgba(120,120,120,0.35)", "width": 0.8}))
    fig.add_trace(go.Scattergl(x=[], y=[], mode="markers", name="people",
                               marker={"size": 7, "color": [], "colorscale": SCORE_COLORSCALE,
                                       "cmin": 0, "cmax": 1, "line": {"width": 0},
                                       "colorbar": {"title": {"text": "score (0–1)"}, "thickness": 14}},
                               hovertemplate="score %{marker.color:.2f}<extra></extra>"))
    fig.add_trace(go.Scattergl(x=[], y=[], mode="markers", name="cut off (no ties left)",
                               marker={"size": 13, "symbol": "circle-open", "color": PALETTE[5],
                                       "line": {"width": 2}}, hoverinfo="skip"))
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False)
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False)
    return fig


def update_network_figure(fig, positions: np.ndarray, src: np.ndarray, dst: np.ndarray, scores: np.ndarray,
                          degree: np.ndarray, move_people: bool = True) -> None:
    """Redraw ties, recolour people and ring those with no ties, in one batch update."""
    ex, ey = edge_path(positions, src, dst)
    alone = degree == 0
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = ex, ey
        if move_people:
            fig.data[1].x, fig.data[1].y = positions[:, 0], positions[:, 1]
        fig.data[1].marker.color = np.asarray(scores, dtype=float)
        fig.data[2].x, fig.data[2].y = positions[alone, 0], positions[alone, 1]
