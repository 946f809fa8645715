"""Plotly figure builders shared by the lessons, with one colour-blind-safe palette.

Figures are built once and updated in place: a dashboard changes trace data inside
``fig.batch_update()`` and never rebuilds the figure. Every figure gets a title and
axis titles with units.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import nullcontext

import numpy as np
import plotly.graph_objects as go

__all__ = [
    "PALETTE",
    "SCORE_COLORSCALE",
    "new_figure",
    "line_figure",
    "update_lines",
]


# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common forms
# of colour blindness. Order matters: the first colours go to the first series.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
# Scores from low to high: viridis is perceptually uniform and colour-blind safe.
SCORE_COLORSCALE = "Viridis"


def new_figure(title: str, x_title: str, y_title: str, *, widget: bool = True, height: int = 380):
    """An empty figure with a title, labelled axes and the course's look.

    ``widget=True`` gives a ``plotly.graph_objects.FigureWidget`` that dashboards update
    in place; ``widget=False`` a plain ``Figure`` for static plots.

    Examples
    --------
    >>> fig = new_figure("Streak length", "day", "streak (days)", widget=False)
    >>> fig.layout.xaxis.title.text
    'day'
    """
    for name, text in (("title", title), ("x_title", x_title), ("y_title", y_title)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{name} must be a non-empty string: every figure is labelled")
    cls = go.FigureWidget if widget else go.Figure
    fig = cls()
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        xaxis_title=x_title,
        yaxis_title=y_title,
        template="plotly_white",
        colorway=list(PALETTE),
        height=height,
        margin={"l": 60, "r": 40, "t": 50, "b": 100},
        # Legend under the plot and a vertical toolbar on the right, so neither covers the title.
        legend={"orientation": "h", "yanchor": "top", "y": -0.28, "xanchor": "left", "x": 0.0},
        modebar={"orientation": "v"},
        font={"size": 13},
    )
    return fig


def line_figure(
    x: Sequence[float],
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    widget: bool = True,
    dashes: Mapping[str, str] | None = None,
):
    """A line chart with one named trace per entry of ``series``, all against ``x``.

    Examples
    --------
    >>> fig = line_figure([0, 1, 2], {"fixed": [1, 1, 1], "variable": [0, 2, 1]},
    ...                   title="Rewards", x_title="response", y_title="reward", widget=False)
    >>> [trace.name for trace in fig.data]
    ['fixed', 'variable']
    """
    fig = new_figure(title, x_title, y_title, widget=widget)
    x = np.asarray(x, dtype=float)
    for i, (name, y) in enumerate(series.items()):
        y = np.asarray(y, dtype=float)
        if y.shape != x.shape:
            raise ValueError(f"series {name!r} has {y.size} values but x has {x.size}")
        line = {"color": PALETTE[i % len(PALETTE)], "width": 2.5}
        if dashes and name in dashes:
            line["dash"] = dashes[name]
        fig.add_trace(go.Scatter(x=x, y=y, name=name, mode="lines", line=line))
    return fig


def update_lines(fig, x: Sequence[float], series: Mapping[str, Sequence[float]]) -> None:
    """Replace the data of the traces named in ``series`` in place, in one batch.

    Examples
    --------
    >>> fig = line_figure([0, 1], {"a": [0, 0]}, title="t", x_title="x", y_title="y", widget=False)
    >>> update_lines(fig, [0, 1], {"a": [3, 4]})
    >>> fig.data[0].y.tolist()
    [3.0, 4.0]
    """
    traces = {trace.name: trace for trace in fig.data}
    missing = set(series) - set(traces)
    if missing:
        raise KeyError(f"the figure has no trace named {sorted(missing)}; it has {sorted(traces)}")
    x = np.asarray(x, dtype=float)
    context = fig.batch_update() if isinstance(fig, go.FigureWidget) else nullcontext()
    with context:
        for name, y in series.items():
            traces[name].x = x
            traces[name].y = np.asarray(y, dtype=float)

