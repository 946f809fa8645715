"""Plotly figure builders shared by the lessons, with one colour-blind-safe palette.

Figures are built once and updated in place: a dashboard changes trace data inside
``fig.batch_update()`` and never rebuilds the figure. Every figure gets a title and
axis titles with units.

Nothing is carried by colour alone: the lines of :func:`line_figure` differ by dash style
as well as colour (:data:`LINE_DASHES`, then markers), and carry a direct label at their
right end, so a reader who cannot tell the colours apart, or prints the page in grey, still
knows which line is which. Bars that stand for different things differ by a fill pattern
(:data:`BAR_PATTERNS`) or a text label.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import plotly
import plotly.graph_objects as go

__all__ = [
    "PALETTE",
    "SCORE_COLORSCALE",
    "LINE_DASHES",
    "BAR_PATTERNS",
    "FigureWidget",
    "new_figure",
    "drawing_figure",
    "line_figure",
    "update_lines",
    "rename_lines",
    "add_bands",
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
# The n-th series gets the n-th dash; past the sixth, markers tell lines apart as well.
LINE_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
_MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star")
# Fill patterns for bars that stand for different groups ("" is a plain fill).
BAR_PATTERNS = ("", "/", "x", ".", "\\", "+")


class _PlotlyModuleOncePerPage:
    """The JavaScript module of plotly's ``FigureWidget``, evaluated once per browser page.

    plotly's widget sends its whole 5 MB bundle (``plotly/package_data/widgetbundle.js``) with
    every figure, and anywidget (0.9 and later) gives each widget 2 s to evaluate its module
    before it gives up and leaves the figure blank ("[anywidget] Failed to initialize model").
    A lesson with several dashboards, run on a busy machine or a shared JupyterHub, evaluated
    the bundle once per figure and could miss that limit. This module wraps the same bundle so
    that the first figure on a page imports it and every later figure reuses that import (one
    promise on ``globalThis``, keyed by plotly's version): the bundle's code runs once per page.
    Built on first use, not at import.
    """

    _text: str | None = None

    def __str__(self) -> str:
        if _PlotlyModuleOncePerPage._text is None:
            bundle = (Path(plotly.__file__).parent / "package_data" / "widgetbundle.js").read_text(encoding="utf-8")
            key = json.dumps(f"scored-plotly-widget-{plotly.__version__}")
            _PlotlyModuleOncePerPage._text = (
                f"const key = {key};\n"
                "if (!globalThis[key]) {\n"
                f"  const url = URL.createObjectURL(new Blob([{json.dumps(bundle)}], {{type: 'text/javascript'}}));\n"
                "  globalThis[key] = import(url).finally(() => URL.revokeObjectURL(url));\n"
                "}\n"
                "const plotlyWidget = await globalThis[key];\n"
                "export default plotlyWidget.default;\n")
        return _PlotlyModuleOncePerPage._text


class FigureWidget(go.FigureWidget):
    """plotly's ``FigureWidget`` whose JavaScript runs once per page, however many figures it shows.

    Identical in Python; only the module sent to the browser differs (see
    :class:`_PlotlyModuleOncePerPage`). :func:`new_figure` builds every dashboard figure with it.

    Examples
    --------
    >>> fig = FigureWidget()
    >>> isinstance(fig, go.FigureWidget), "globalThis[key]" in fig._esm
    (True, True)
    """

    _esm = _PlotlyModuleOncePerPage()


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
    cls = FigureWidget if widget else go.Figure
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


def drawing_figure(title: str, *, widget: bool = True, height: int = 480):
    """An empty figure for a drawing whose positions mean nothing, such as a network: a title and no axes.

    A network's layout places people where they are easy to see; the coordinates carry no
    units and no meaning, so the figure shows no axes, ticks or grid (and keeps the drawing's
    proportions). Everything else is as :func:`new_figure`: the title, the look, the legend
    under the plot. Say what the drawing shows in a sentence under it.

    Examples
    --------
    >>> fig = drawing_figure("The network, coloured by score", widget=False)
    >>> fig.layout.xaxis.visible, fig.layout.yaxis.visible, fig.layout.xaxis.title.text
    (False, False, None)
    """
    fig = new_figure(title, "x", "y", widget=widget, height=height)
    fig.update_xaxes(visible=False, title_text=None)
    fig.update_yaxes(visible=False, title_text=None, scaleanchor="x", scaleratio=1)
    fig.update_layout(margin={"l": 20, "r": 20, "t": 50, "b": 60})
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
    end_labels: bool | None = None,
):
    """A line chart with one named trace per entry of ``series``, all against ``x``.

    Each line has its own colour *and* its own dash style (``dashes`` picks some; the rest
    take the unused styles of :data:`LINE_DASHES` in order), and, when there are two or more,
    a label with its name at its right end.

    Parameters
    ----------
    x : sequence of float
    series : mapping of str to sequence of float
        One line per entry, by name; each as long as ``x``.
    title, x_title, y_title : str
        The figure's title and axis titles (with units).
    widget : bool
        A ``FigureWidget`` (for dashboards) or a plain ``Figure``.
    dashes : mapping of str to str, optional
        Dash styles for some series, e.g. ``{"control group": "dot"}``.
    end_labels : bool, optional
        Label each line at its right end; by default when there are two or more lines.

    Examples
    --------
    >>> fig = line_figure([0, 1, 2], {"fixed": [1, 1, 1], "variable": [0, 2, 3]},
    ...                   title="Rewards", x_title="response", y_title="reward", widget=False)
    >>> [(trace.name, trace.line.dash) for trace in fig.data]
    [('fixed', 'solid'), ('variable', 'dash')]
    >>> [str(t) for t in fig.data[1].text]   # the direct label, on the last point
    ['', '', 'variable']
    """
    fig = new_figure(title, x_title, y_title, widget=widget)
    x = np.asarray(x, dtype=float)
    dashes = dict(dashes or {})
    free = [d for d in LINE_DASHES if d not in dashes.values()]
    end_labels = len(series) > 1 if end_labels is None else bool(end_labels)
    unstyled = 0
    for i, (name, y) in enumerate(series.items()):
        y = np.asarray(y, dtype=float)
        if y.shape != x.shape:
            raise ValueError(f"series {name!r} has {y.size} values but x has {x.size}")
        colour = PALETTE[i % len(PALETTE)]
        line = {"color": colour, "width": 2.5}
        trace = {"mode": "lines"}
        if name in dashes:
            line["dash"] = dashes[name]
        else:
            line["dash"] = free[unstyled % len(free)] if free else "solid"
            if unstyled >= len(free):   # every dash is taken: markers tell this line apart
                trace = {"mode": "lines+markers", "marker": {"symbol": _MARKERS[(unstyled - len(free)) % len(_MARKERS)],
                                                             "size": 7, "maxdisplayed": 12}}
            unstyled += 1
        if end_labels:   # the name as text on the last point: it moves with the line at no extra cost
            trace["mode"] += "+text"
            trace.update(text=_end_text(name, x.size), textposition="top left",
                         textfont={"color": "#6b6200" if colour == PALETTE[6] else colour, "size": 12},
                         hovertemplate=f"{name}<br>%{{x}}, %{{y}}<extra></extra>")
        fig.add_trace(go.Scatter(x=x, y=y, name=name, line=line, **trace))
    fig._end_labels = {name: [x.size, np.nan, True] for name in series} if end_labels else {}
    if end_labels:
        _show_end_labels(fig, {trace.name: trace for trace in fig.data}, series)
    return fig


def _end_text(name: str, size: int, shown: bool = True) -> np.ndarray:
    """The name on the last point only (a numpy array: plotly checks a list of strings ten times slower)."""
    text = np.full(size, "", dtype=object)
    if size and shown:
        text[-1] = name
    return text


def _show_end_labels(fig, traces: dict, series: Mapping) -> None:
    """Label the ends of lines, leaving out a label that would sit on top of a lower one (the legend has it)."""
    labels = fig._end_labels
    for name, y in series.items():
        if name in labels:
            y = np.asarray(y, dtype=float)
            finite = y[np.isfinite(y)]
            labels[name][1] = finite[-1] if finite.size else np.nan
    ends = sorted((entry[1], name) for name, entry in labels.items() if np.isfinite(entry[1]))
    span = fig.layout.yaxis.range
    if span:
        low, high = span[0], span[1]
    else:   # the y-range the data will be drawn over: labels closer than 7% of it would overlap
        drawn = [np.asarray(trace.y, dtype=float) for trace in traces.values() if trace.y is not None]
        drawn = np.concatenate([y[np.isfinite(y)] for y in drawn]) if drawn else np.array([])
        low, high = (drawn.min(), drawn.max()) if drawn.size else (0.0, 1.0)
    gap = 0.07 * (high - low if high > low else 1.0)
    shown, last = set(), -np.inf
    for y, name in ends:
        if y >= last + gap:
            shown.add(name)
            last = y
    for name, entry in labels.items():
        # Only lines whose x and y are sent in this update: in the browser, a text-only update of a
        # trace lost its y (the diagonal of lesson 08's map was drawn against point numbers).
        if name in series and (name in shown) != entry[2]:
            entry[2] = name in shown
            traces[name].text = _end_text(name, entry[0], entry[2])


def update_lines(fig, x: Sequence[float], series: Mapping[str, Sequence[float]]) -> None:
    """Replace the data of the traces named in ``series`` in place, in one batch; end labels follow.

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
    labelled = getattr(fig, "_end_labels", {})
    with context:
        for name, y in series.items():
            traces[name].x = x
            traces[name].y = np.asarray(y, dtype=float)
            if name in labelled and labelled[name][0] != x.size:
                labelled[name][0] = x.size
                traces[name].text = _end_text(name, x.size, labelled[name][2])
        if labelled:
            _show_end_labels(fig, traces, series)


def add_bands(fig, x: Sequence[float], bands: Mapping[str, tuple], label: str = "middle 90% of seeds") -> None:
    """Shade a band (low to high) behind each named line, in the line's colour: the spread over seeds.

    Parameters
    ----------
    x : sequence of float
        The lines' x values.
    bands : mapping of line name to (low, high)
        One pair of sequences per line that gets a band.
    label : str
        What a band holds, shown on hover.

    Examples
    --------
    >>> fig = line_figure([0, 1], {"a": [1, 2]}, title="t", x_title="x", y_title="y", widget=False)
    >>> add_bands(fig, [0, 1], {"a": ([0.5, 1.5], [1.5, 2.5])})
    >>> fig.data[-1].name, fig.data[-1].y.tolist()
    ('a: middle 90% of seeds', [1.5, 2.5, 1.5, 0.5])
    """
    traces = {trace.name: trace for trace in fig.data}
    missing = set(bands) - set(traces)
    if missing:
        raise KeyError(f"the figure has no line named {sorted(missing)}; it has {sorted(traces)}")
    x = np.asarray(x, dtype=float)
    for name, (low, high) in bands.items():
        low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
        if low.shape != x.shape or high.shape != x.shape:
            raise ValueError(f"the band of {name!r} needs {x.size} low and high values")
        fig.add_trace(go.Scatter(x=np.r_[x, x[::-1]], y=np.r_[high, low[::-1]], fill="toself",
                                 fillcolor=traces[name].line.color, opacity=0.2, line_width=0, showlegend=False,
                                 name=f"{name}: {label}", hoverinfo="name"))


def rename_lines(fig, names: Mapping[str, str]) -> None:
    """Rename traces (legend entries and end labels), e.g. when a slider changes what a line stands for.

    Examples
    --------
    >>> fig = line_figure([0, 1], {"FR-5": [0, 1], "VR-5": [1, 0]}, title="t", x_title="x", y_title="y",
    ...                   widget=False)
    >>> rename_lines(fig, {"FR-5": "FR-8", "VR-5": "VR-8"})
    >>> [t.name for t in fig.data], [str(t.text[-1]) for t in fig.data]
    (['FR-8', 'VR-8'], ['FR-8', 'VR-8'])
    """
    labelled = getattr(fig, "_end_labels", {})
    context = fig.batch_update() if isinstance(fig, go.FigureWidget) else nullcontext()
    with context:
        for trace in fig.data:
            if trace.name in names and names[trace.name] != trace.name:
                old, new = trace.name, names[trace.name]
                if old in labelled:
                    labelled[new] = labelled.pop(old)
                    trace.text = _end_text(new, *[labelled[new][i] for i in (0, 2)])
                    trace.hovertemplate = f"{new}<br>%{{x}}, %{{y}}<extra></extra>"
                trace.name = new
