"""Nothing carried by colour alone, and every figure and control labelled (docs/accessibility.md).

Builds every figure the lessons make: every dashboard exported by ``utils`` at its defaults,
and every figure builder exported by ``utils`` (found by introspection, so a new one is covered
the day it is exported; one that needs arguments must get example arguments below). Then checks:

- every figure has a title and both axis titles, except a drawing (a network), which has a title
  and no axes at all: where a person sits in its layout means nothing;
- no two traces of a figure differ only by colour: they must differ in kind, mode, dash style,
  marker symbol, fill pattern or direct text label;
- one trace coloured by category (an array of colour names) pairs each colour with its own fill
  pattern or text label; one coloured by a number has a titled colour bar;
- every dashboard control has a plain-text label and a tooltip a screen reader can read, and
  every dashboard figure has a sentence of text (its description or the dashboard's caption).
"""
from __future__ import annotations

import inspect
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

import utils
from utils import COMPARISON_MEASURES, compare_rules

_X = np.arange(5.0)
# Builders that cannot be called without arguments: the arguments a lesson would give them.
EXAMPLE_ARGS = {
    "new_figure": [(("A title", "x (units)", "y (units)"), {})],
    "drawing_figure": [(("A network",), {})],
    "line_figure": [
        ((_X, {"one": _X, "two": _X ** 2}), dict(title="t", x_title="x (units)", y_title="y (units)")),
        ((_X, {f"series {i}": _X * i for i in range(9)}), dict(title="t", x_title="x (units)", y_title="y (units)")),
        ((_X, {"a": _X, "b": _X, "c": _X}), dict(title="t", x_title="x (units)", y_title="y (units)",
                                                  dashes={"c": "solid"})),
    ],
    "comparison_figure": [((pd.DataFrame(np.full((3, len(COMPARISON_MEASURES)), 0.5),
                                         columns=list(COMPARISON_MEASURES), index=["default", "mine", "yours"]),), {})],
    "perk_ladder_figure": [((), {}), ((700,), {})],
}


def _exported(suffix: str) -> list[str]:
    return sorted(name for name in dir(utils) if name.endswith(suffix) and not name.startswith(("_", "update"))
                  and callable(getattr(utils, name)))


def _games() -> list[str]:
    """The game boards (``lingo_leap_game``, ``scoring_game``, ...), not the replay functions."""
    return [name for name in _exported("_game") if not name.startswith("replay")]


def _needs_arguments(function) -> bool:
    return any(p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
               for p in inspect.signature(function).parameters.values())


@lru_cache(maxsize=None)
def _board(name: str):
    return getattr(utils, name)()


def _builder_figures():
    cases = []
    for name in _exported("_figure"):
        function = getattr(utils, name)
        calls = EXAMPLE_ARGS.get(name) or ([((), {})] if not _needs_arguments(function) else None)
        if calls is None:
            cases.append(pytest.param(name, None, None, id=name))
        for i, (args, kwargs) in enumerate(calls or []):
            cases.append(pytest.param(name, args, kwargs, id=f"{name}-{i}"))
    return cases


def _all_figures():
    """(id, figure) for every figure the lessons make."""
    figures = []
    for name in _exported("_dashboard"):
        for i, fig in enumerate(_board(name).figures):
            figures.append((f"{name}[{i}]", fig))
    for name in _games():
        board = _board(name)
        for i, fig in enumerate(board.figures):
            figures.append((f"{name}[{i}]", fig))
    for param in _builder_figures():
        name, args, kwargs = param.values
        if args is not None:
            figures.append((param.id, getattr(utils, name)(*args, **kwargs)))
    result = compare_rules({"own conduct": lambda u, peer, s: u, "half memory": lambda u, peer, s: (u + s) / 2},
                           kind="karate club", steps=20, seed=1)
    figures += [("RuleComparison.figure", result.figure()), ("RuleComparison.over_time", result.over_time())]
    return figures


def _get(d: dict, *path, default=None):
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return default
        d = d[key]
    return d


def _frozen(value):
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(str(v) for v in value)
    return "" if value is None else str(value)


def _style(trace: dict) -> tuple:
    """Everything but colour that tells a trace apart.

    A line's own look must tell it apart (dash or marker): the name written at its end helps a
    reader but does not count here. For bars and markers a text label counts.
    """
    mode = trace.get("mode", "")
    is_line = trace.get("type", "scatter") in ("scatter", "scattergl") and "lines" in mode
    return (trace.get("type", "scatter"), mode.replace("+text", ""), _get(trace, "line", "dash", default="solid"),
            _frozen(_get(trace, "marker", "symbol")), _frozen(_get(trace, "marker", "pattern", "shape")),
            _frozen(_get(trace, "fillpattern", "shape")), "" if is_line else _frozen(trace.get("text")))


def _is_drawing(fig) -> bool:
    """A drawing (a network): both axes hidden, as :func:`utils.core.figures.drawing_figure` makes it."""
    return fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False


def test_network_drawings_have_no_axes():
    """Issue 19: a network's layout positions carry no units, so its figure shows no axes (only a title)."""
    drawings = [label for label, fig in _all_figures() if _is_drawing(fig)]
    assert "network_figure-0" in drawings and "peer_influence_dashboard[0]" in drawings, drawings
    for label, fig in _all_figures():
        titles = {fig.layout.xaxis.title.text, fig.layout.yaxis.title.text}
        assert not any("layout position" in (t or "") for t in titles), \
            f"{label}: a network drawn with axes titled 'layout position': draw it with drawing_figure"


def test_every_figure_builder_can_be_checked():
    missing = [p.values[0] for p in _builder_figures() if p.values[1] is None]
    assert not missing, f"add example arguments to EXAMPLE_ARGS for the new figure builders {missing}"


def test_the_search_finds_the_figures():
    """Guards the introspection itself: if it found nothing, every other test would pass vacuously."""
    dashboards, builders = _exported("_dashboard"), _exported("_figure")
    assert {"peer_influence_dashboard", "leagues_dashboard", "capstone_dashboard"} <= set(dashboards)
    assert {"line_figure", "network_figure", "timeline_figure"} <= set(builders)


@pytest.mark.parametrize("label, fig", _all_figures(), ids=lambda v: v if isinstance(v, str) else "")
def test_figure_is_titled_and_not_colour_alone(label, fig):
    layout = fig.layout
    assert layout.title.text, f"{label}: no title"
    if _is_drawing(fig):
        assert not (layout.xaxis.title.text or layout.yaxis.title.text), f"{label}: a drawing shows no axis titles"
    else:
        assert layout.xaxis.title.text and layout.yaxis.title.text, f"{label}: an axis has no title"
        assert layout.xaxis.visible is not False and layout.yaxis.visible is not False, \
            f"{label}: one axis is hidden and the other not: a figure has both axes or (a drawing) neither"
    traces = [trace.to_plotly_json() for trace in fig.data]
    seen = {}
    for trace in traces:
        style = _style(trace)
        assert style not in seen, (f"{label}: traces {seen[style]!r} and {trace.get('name')!r} differ only by "
                                   "colour; give one a dash style, marker symbol, fill pattern or text label")
        seen[style] = trace.get("name")
    for trace in traces:
        colours = _get(trace, "marker", "color")
        if isinstance(colours, (list, tuple, np.ndarray)) and len(colours) and isinstance(colours[0], str):
            patterns = _get(trace, "marker", "pattern", "shape")
            texts = trace.get("text")
            cues = {}
            for i, colour in enumerate(colours):
                cue = (patterns[i] if isinstance(patterns, (list, tuple, np.ndarray)) else patterns,
                       texts[i] if isinstance(texts, (list, tuple, np.ndarray)) else texts)
                cues.setdefault(colour, set()).add(cue)
            for a in cues:
                for b in cues:
                    assert a == b or not cues[a] & cues[b], (f"{label}: bars coloured {a} and {b} in "
                                                             f"{trace.get('name')!r} differ only by colour")
        elif isinstance(colours, (list, tuple, np.ndarray)) and len(colours):
            assert _get(trace, "marker", "colorbar", "title", "text"), \
                f"{label}: {trace.get('name')!r} is coloured by a number but has no titled colour bar"


@pytest.mark.parametrize("name", _exported("_dashboard"))
def test_dashboard_controls_and_figures_are_described(name):
    board = _board(name)
    assert board.last_error is None, board.last_error
    for key, control in board.controls.items():
        assert control.description.strip(), f"{name}: control {key!r} has no label"
        assert control.description_allow_html is False, f"{name}: control {key!r} may render its label as HTML"
        assert control.tooltip, f"{name}: control {key!r} has no tooltip"
    for i, text in enumerate(board.descriptions):
        assert text.strip() or board.caption.strip(), f"{name}: figure {i} has no sentence saying what it shows"


def test_lines_carry_their_names_at_the_end():
    args, kwargs = EXAMPLE_ARGS["line_figure"][0]
    fig = utils.line_figure(*args, **kwargs)
    assert [trace.text[-1] for trace in fig.data] == [trace.name for trace in fig.data]
    utils.update_lines(fig, np.arange(3.0), {"one": np.zeros(3), "two": np.ones(3)})   # a shorter run
    assert [len(trace.text) for trace in fig.data] == [3, 3] and fig.data[0].text[-1] == "one"


def test_end_labels_that_would_overlap_are_left_to_the_legend():
    fig = utils.line_figure(_X, {"low": _X, "high": _X + 10}, title="t", x_title="x (units)", y_title="y (units)")
    fig.update_yaxes(range=[0, 20])
    utils.update_lines(fig, _X, {"low": _X, "high": _X + 0.1})          # ends 0.1 apart on a scale of 20
    assert sorted(str(trace.text[-1]) for trace in fig.data) == ["", "low"]
    utils.update_lines(fig, _X, {"high": _X + 10})                         # apart again: both labelled
    assert [str(trace.text[-1]) for trace in fig.data] == ["low", "high"]


def test_end_labels_of_lines_ending_together_are_not_stacked():
    """Lines that end within a hair of each other (a map whose curves all end at (1, 1)) get one label, not a pile:
    the gap is measured against the data's whole y-range, not the spread of the end points."""
    x = np.linspace(0, 1, 11)
    fig = utils.line_figure(x, {"a": x ** 2 * 0.9996, "b": x ** 3 * 0.99999, "c": x}, title="t",
                            x_title="x (units)", y_title="y (units)", widget=False)
    assert sum(bool(str(trace.text[-1])) for trace in fig.data) == 1


def test_lines_differ_by_dash_beyond_the_palette():
    """Past six lines the dashes run out; markers then keep every line distinct (nine lines here)."""
    args, kwargs = EXAMPLE_ARGS["line_figure"][1]
    fig = utils.line_figure(*args, **kwargs)
    styles = {_style(t.to_plotly_json()) for t in fig.data}
    assert len(styles) == len(fig.data) == 9


def test_network_summary_counts_people():
    board = _board("peer_influence_dashboard")
    scores = np.asarray(board.figures[0].data[1].marker.color, dtype=float)
    text = board.descriptions[0]
    assert f"Of {scores.size:,} people, {int((scores < 1 / 3).sum()):,} score low" in text


@pytest.mark.parametrize("name", _games())
def test_game_moves_and_figures_are_described(name):
    """The games: every move is a labelled button with a tooltip; every figure has its sentence."""
    board = _board(name)
    assert board.buttons, f"{name}: no moves found"
    for key, button in board.buttons.items():
        assert button.description.strip() and button.tooltip, f"{name}: move {key!r} has no label or tooltip"
    assert len(board.sentences) == len(board.figures)
    for i, sentence in enumerate(board.sentences):
        assert sentence.value.strip(), f"{name}: figure {i} has no sentence saying what it shows"
    assert 'role="status"' in board.status.value, f"{name}: the status is not a live region"
