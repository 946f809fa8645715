"""The controller that binds sliders to a model and its figures.

Every dashboard in the course is a :class:`Dashboard`: a set of named controls, the
figures they drive, and one ``redraw`` function that takes the controls' values and
updates the figures in place. This is the only module that calls ``observe``. Errors
raised while redrawing are shown in an ``Output`` widget under the figures, so a learner
sees them instead of a silently frozen plot.

Controls a screen reader can read
---------------------------------
Every control made here has a plain-text ``description`` (``description_allow_html=False``),
which ipywidgets renders as the ``<label>`` of the input; a ``tooltip`` (the ``title``
attribute) adds the meaning and the allowed range. A label is the plain-language meaning
followed by the symbol the lesson uses, e.g. "friends' weight β". Sliders of a model's
parameters come from the course's notation record, :mod:`utils.core.parameters`
(:func:`parameter_slider`, :func:`parameter_controls`; Part II's dashboards reach the same rows
through :data:`~utils.society.params.PARAMETER_TABLE` and :func:`table_controls`): the record is
the one source of a parameter's symbol, label, range, default and meaning, and the step follows
from the range (:func:`parameter_step`) unless the record sets one.

A drop-down's and a number box's ``<label>`` is tied to its input, so a screen reader reads the
label; a slider's is not: ipywidgets 8 draws the slider with noUiSlider, whose handle carries
``role="slider"`` and its value but no accessible name (ipywidgets issue 2650). Every
dashboard therefore holds one invisible :class:`SliderNames` widget; in the browser the first to
load points each slider handle of every dashboard on the page at the slider's own visible label
(``aria-labelledby``), so a screen reader announces "friends' weight β, slider, 0.5" and the name
comes from the record.
``tests/test_browser.py`` reads every slider's name from Chromium's accessibility tree.

Every figure has one sentence of text under it: the figure's ``description`` (which
``redraw`` may update, e.g. with counts) or the dashboard's ``caption``.

The update policy (one rule for every dashboard)
------------------------------------------------
A slider either redraws *continuously* while it is dragged or *on release*. The rule:

- parameter sliders redraw continuously while the dashboard's redraws fit the budget,
  :data:`REDRAW_BUDGET` = 50 ms (median of the last three redraws, measured by the
  controller itself), and on release otherwise; all parameter sliders of a dashboard
  switch together, so sliders of the same kind always behave alike;
- seed sliders (:func:`seed_slider`) always redraw on release: each value is a different
  random world, and dragging through them shows nothing but flicker;
- drop-downs change on selection (they have no drag).

The budget is the course's target for the peer-influence dashboard at 1,000 people and 200
steps. Measured with ``benchmarks/bench_engagement.py`` on a quiet course machine, the Part I
dashboards redraw in under 30 ms, so their sliders redraw while dragged; the peer-influence
dashboard at 1,000 people takes about 64 ms, nearly all of it the simulation itself (about
60 ms), so there it redraws on release. At a few hundred people the society dashboards sit
near the budget, and on a busy or slow machine (a free Binder instance, say) any dashboard
falls back to redrawing on release: measuring at run time, rather than fixing the choice per
dashboard, keeps every machine responsive. A slider made with an explicit
``continuous_update=`` keeps that choice.

Topic dashboards (engagement, society, ...) live in their own modules and build on this.
"""
from __future__ import annotations

import html
import math
import re
import statistics
import time
import traceback
from collections.abc import Callable, Mapping, Sequence

import anywidget
import ipywidgets as widgets
import traitlets

from .parameters import parameter

__all__ = ["Dashboard", "slider", "int_slider", "dropdown", "seed_slider", "parameter_step", "table_slider",
           "table_controls", "parameter_slider", "parameter_controls", "SliderNames", "REDRAW_BUDGET"]


REDRAW_BUDGET = 0.05   # seconds: a redraw this fast or faster is drawn while the slider moves

_STYLE = {"description_width": "210px"}
_LAYOUT = widgets.Layout(width="auto", min_width="360px")
_POLICY = "_scored_update"      # attribute on a control: "policy" (the dashboard decides) or "fixed"


def _accessible(widget, description: str, tooltip: str | None, continuous_update):
    """Plain-text label and tooltip; mark whether the dashboard's update policy governs the control."""
    widget.description_allow_html = False
    widget.tooltip = tooltip or description
    setattr(widget, _POLICY, "policy" if continuous_update is None else "fixed")
    return widget


def _check_description(description) -> str:
    if not isinstance(description, str) or not description.strip():
        raise ValueError(f"description must be a non-empty string (a screen reader reads it), got {description!r}")
    return description


def slider(description: str, value: float, low: float, high: float, step: float = 0.01, *,
           tooltip: str | None = None, continuous_update: bool | None = None, **kwargs):
    """A labelled float slider; the dashboard's update policy decides when it redraws.

    Parameters
    ----------
    description : str
        The label a learner (and a screen reader) reads: meaning, then symbol.
    value, low, high, step : float
    tooltip : str, optional
        Longer help shown on hover and read as the control's description; defaults to ``description``.
    continuous_update : bool, optional
        Leave unset to follow the update policy (see the module docstring); set it to fix the choice.

    Examples
    --------
    >>> s = slider("friends' weight β", 0.5, 0, 0.95, 0.05)
    >>> (s.min, s.max, s.value, s.description_allow_html)
    (0.0, 0.95, 0.5, False)
    """
    _check_description(description)
    if not low <= value <= high:
        raise ValueError(f"{description}: value must be between {low} and {high}, got {value}")
    digits = max(2, -math.floor(math.log10(step))) if step > 0 else 2
    widget = widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                                 style=_STYLE, layout=_LAYOUT, readout_format=f".{digits}f",
                                 continuous_update=True if continuous_update is None else continuous_update,
                                 **kwargs)
    return _accessible(widget, description, tooltip, continuous_update)


def int_slider(description: str, value: int, low: int, high: int, step: int = 1, *,
               tooltip: str | None = None, continuous_update: bool | None = None, **kwargs):
    """A labelled integer slider; the dashboard's update policy decides when it redraws.

    Examples
    --------
    >>> int_slider("streak freezes", 2, 0, 5).value
    2
    """
    _check_description(description)
    if not low <= value <= high:
        raise ValueError(f"{description}: value must be between {low} and {high}, got {value}")
    widget = widgets.IntSlider(value=value, min=low, max=high, step=step, description=description,
                               style=_STYLE, layout=_LAYOUT,
                               continuous_update=True if continuous_update is None else continuous_update, **kwargs)
    return _accessible(widget, description, tooltip, continuous_update)


def seed_slider(value: int = 0, high: int = 20):
    """The seed: which random world the model draws. Always redraws on release.

    Examples
    --------
    >>> s = seed_slider(3)
    >>> s.value, s.continuous_update, s.description
    (3, False, 'random world (seed)')
    """
    return int_slider("random world (seed)", value, 0, max(high, value), continuous_update=False,
                      tooltip="Which random network and people the model draws; the same seed gives the same run")


def dropdown(description: str, options: Sequence, value=None, *, tooltip: str | None = None, **kwargs):
    """A labelled drop-down list.

    Examples
    --------
    >>> dropdown("network", ["small world", "scale-free"]).value
    'small world'
    """
    _check_description(description)
    options = list(options)
    value = options[0] if value is None else value
    if value not in options:
        raise ValueError(f"{description}: value must be one of {options}, got {value!r}")
    widget = widgets.Dropdown(options=options, value=value, description=description,
                              style=_STYLE, layout=_LAYOUT, **kwargs)
    return _accessible(widget, description, tooltip, False)


def parameter_step(low: float, high: float) -> float:
    """A slider step for a parameter's range: the power of ten at or below a twentieth of it.

    Examples
    --------
    >>> parameter_step(0, 1), parameter_step(0, 0.3), parameter_step(0, 5), parameter_step(0, 0.1)
    (0.01, 0.01, 0.1, 0.001)
    """
    if not high > low:
        raise ValueError(f"high must be greater than low, got low={low} and high={high}")
    return float(f"{10.0 ** math.floor(math.log10((high - low) / 20)):.0e}")


def table_slider(name: str, table: Mapping, value=None, *, label: str | None = None):
    """A slider for the parameter ``name`` of a parameter table, labelled for a screen reader.

    Parameters
    ----------
    name : str
        A key of ``table``.
    table : mapping
        ``name -> (symbol, low, high, meaning, ...)``, e.g.
        :data:`utils.society.params.PARAMETER_TABLE`: the one source of the range and meaning.
    value : float, optional
        Where the slider starts (within the range); by default the middle of the range.
    label : str, optional
        A short plain-language name; the label is ``"{label} {symbol}"``. Without it, the
        table's meaning is the label.

    Examples
    --------
    >>> table = {"peer_weight": ("β", 0.0, 1.0, "weight of friends' scores in your score")}
    >>> s = table_slider("peer_weight", table, 0.5, label="friends' weight")
    >>> s.description, s.min, s.max, s.step
    ("friends' weight β", 0.0, 1.0, 0.01)
    >>> s.tooltip
    "weight of friends' scores in your score (β, from 0 to 1)"
    """
    if name not in table:
        raise KeyError(f"the parameter table has no {name!r}; it has {sorted(table)}")
    symbol, low, high, meaning = table[name][:4]
    value = (low + high) / 2 if value is None else value
    description = f"{label or meaning} {symbol}"
    return slider(description, float(value), float(low), float(high), parameter_step(low, high),
                  tooltip=f"{meaning} ({symbol}, from {low:g} to {high:g})")


def parameter_slider(group: str, name: str, value=None, *, low=None, high=None):
    """The control of the parameter ``name`` of the notation record's ``group``, labelled from its row.

    A number gets a slider (an integer slider for an integer parameter), a list of choices a
    drop-down. The label is the row's name and symbol, the tooltip its meaning and range.

    Parameters
    ----------
    group : {"00", "I", "II"}
    name : str
        The parameter's keyword name in :data:`utils.core.parameters.NOTATION`.
    value : optional
        Where the control starts; by default the record's default.
    low, high : optional
        A narrower or wider range where a dashboard's run size sets it (days in a run, say).

    Examples
    --------
    >>> s = parameter_slider("I", "lam")
    >>> s.description, s.value, (s.min, s.max, s.step)
    ('loss aversion λ', 2.25, (1.0, 3.0, 0.05))
    >>> parameter_slider("I", "trigger_days", high=60).max
    60
    >>> parameter_slider("II", "cutoff").options
    ('relative', 'absolute')
    """
    row = parameter(group, name)
    value = row.default if value is None else value
    if row.choices is not None:
        return dropdown(row.slider_label, row.choices, value, tooltip=row.tooltip)
    if not row.is_parameter:
        raise ValueError(f"{name} is a symbol of group {group}, not a parameter a learner sets")
    low = row.low if low is None else low
    high = row.high if high is None else high
    tooltip = f"{row.meaning} ({row.symbol + ', ' if row.symbol else ''}from {low:g} to {high:g})"
    if row.integer:
        return int_slider(row.slider_label, int(value), int(low), int(high), int(row.step or 1), tooltip=tooltip)
    step = row.step if row.step is not None else parameter_step(low, high)
    return slider(row.slider_label, float(value), float(low), float(high), step, tooltip=tooltip)


def parameter_controls(group: str, values: Mapping) -> dict:
    """One :func:`parameter_slider` per entry of ``values`` (name -> starting value or None), in that order.

    Examples
    --------
    >>> [c.description for c in parameter_controls("I", {"lam": None, "freezes": 1}).values()]
    ['loss aversion λ', 'streak freezes k']
    """
    return {name: parameter_slider(group, name, value) for name, value in values.items()}


def table_controls(table: Mapping, values: Mapping, labels: Mapping | None = None) -> dict:
    """One :func:`table_slider` per entry of ``values`` (name -> starting value), in that order.

    Examples
    --------
    >>> table = {"a": ("α", 0.0, 1.0, "first"), "b": ("b", 0.0, 5.0, "second")}
    >>> [c.description for c in table_controls(table, {"b": 1.0, "a": 0.2}).values()]
    ['second b', 'first α']
    """
    labels = labels or {}
    return {name: table_slider(name, table, value, label=labels.get(name)) for name, value in values.items()}


_NAMES_ESM = """
// One observer per page names the slider handles of every dashboard on it, so a dashboard whose own
// SliderNames failed to load (anywidget gives each widget 2 s) still has named sliders if any other loaded.
function nameSliders(root) {
  for (const slider of root.querySelectorAll('.scored-dashboard .widget-slider')) {
    const label = slider.querySelector('.widget-label');
    const handle = slider.querySelector('.noUi-handle');
    if (!label || !handle || !label.textContent.trim()) continue;
    if (!label.id) label.id = 'scored-slider-label-' + Math.random().toString(36).slice(2, 10);
    if (handle.getAttribute('aria-labelledby') !== label.id) handle.setAttribute('aria-labelledby', label.id);
    const readout = slider.querySelector('.widget-readout');
    const text = label.textContent.trim() + ' (type a value)';
    if (readout && readout.getAttribute('aria-label') !== text) {
      readout.setAttribute('role', 'textbox');
      readout.setAttribute('aria-label', text);
    }
  }
}
function watchPage() {
  if (globalThis.__scoredSliderNames) return;
  globalThis.__scoredSliderNames = true;
  let pending = false;
  const pass = () => { pending = false; nameSliders(document); };
  // Sliders drawn (or drawn again) anywhere get named, at most once a frame.
  new MutationObserver(() => { if (!pending) { pending = true; requestAnimationFrame(pass); } })
    .observe(document.body, { childList: true, subtree: true });
}
function render({ el }) {
  el.style.display = 'none';
  watchPage();
  requestAnimationFrame(() => nameSliders(document));
}
export default { render };
"""


class SliderNames(anywidget.AnyWidget):
    """Invisible: gives every slider handle of a dashboard its label as accessible name, in the browser.

    ipywidgets' slider handle has ``role="slider"`` and no accessible name (ipywidgets issue
    2650). The first of these widgets to load in a page watches it: every slider inside a box
    with the CSS class ``scored-dashboard`` gets ``aria-labelledby`` pointing at its visible
    label (and its editable readout a name), again whenever a slider is drawn anew. Python
    never needs to touch it.
    """

    _esm = traitlets.Unicode(_NAMES_ESM).tag(sync=True)


class Dashboard:
    """Controls, figures and the function that redraws the figures from the controls.

    Parameters
    ----------
    controls : mapping of str to ipywidgets value widgets
        The knobs, by the keyword name ``redraw`` receives them under.
    figures : sequence of plotly FigureWidgets
        Built once; ``redraw`` updates them in place.
    redraw : callable
        ``redraw(**values)`` updates the figures (inside ``fig.batch_update()``). It may
        return a mapping ``{figure index: sentence}`` to replace those figures' descriptions
        (for a sentence with numbers from the run, such as counts).
    code : callable, optional
        ``code(**values)`` returns Python source that reproduces the current state; a
        "Show me the code" button prints it, ready to paste into a report.
    caption : str, optional
        One sentence or a few under the figures saying what they show.
    descriptions : sequence of str, optional
        One sentence per figure, shown under it, saying what it shows.

    Attributes
    ----------
    live : bool
        Whether parameter sliders currently redraw while dragged (the update policy).
    last_redraw_seconds : float
    last_error : str or None

    Examples
    --------
    >>> from utils.core.figures import line_figure, update_lines
    >>> fig = line_figure([0, 1], {"y": [0, 0]}, title="t", x_title="x (days)", y_title="y (points)")
    >>> def redraw(slope):
    ...     update_lines(fig, [0, 1], {"y": [0, slope]})
    >>> board = Dashboard({"slope": slider("slope a", 1.0, 0, 2)}, [fig], redraw,
    ...                   descriptions=["A straight line rising by a from day 0 to day 1."])
    >>> board.set(slope=2.0)
    >>> fig.data[0].y.tolist()
    [0.0, 2.0]
    >>> board.live, board.controls["slope"].continuous_update   # a fast redraw: drawn while dragging
    (True, True)
    """

    def __init__(self, controls: Mapping[str, widgets.ValueWidget], figures: Sequence, redraw: Callable,
                 code: Callable[..., str] | None = None, caption: str = "",
                 descriptions: Sequence[str] | None = None):
        if not controls:
            raise ValueError("controls must name at least one widget")
        self.controls = dict(controls)
        self.figures = list(figures)
        descriptions = list(descriptions or [])
        if len(descriptions) > len(self.figures):
            raise ValueError(f"descriptions has {len(descriptions)} entries for {len(self.figures)} figures")
        self._redraw = redraw
        self._code = code
        self.errors = widgets.Output()
        self.code_output = widgets.Output(layout=widgets.Layout(overflow="auto", max_width="100%"))
        self.last_error: str | None = None
        self.last_redraw_seconds = float("nan")
        self._recent: list[float] = []
        self.live = True
        self.figure_texts = [widgets.HTML(_paragraph(text)) for text in descriptions]
        self.figure_texts += [widgets.HTML("") for _ in range(len(self.figures) - len(descriptions))]
        self.caption = caption
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        parts = [widgets.HTML("<b>Controls</b>"), _grid(list(self.controls.values())), SliderNames()]
        for fig, text in zip(self.figures, self.figure_texts):
            parts += [fig, text]
        if caption:
            parts.append(widgets.HTML(_paragraph(caption)))
        if code is not None:
            button = widgets.Button(description="Show me the code", icon="code", layout=widgets.Layout(width="max-content"),
                                    tooltip="Print the call that reproduces this state")
            button.on_click(lambda _: self.show_code())
            parts += [button, self.code_output]
        parts.append(self.errors)
        self.widget = widgets.VBox(parts, _dom_classes=["scored-dashboard"])
        self.redraw()

    @property
    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    @property
    def descriptions(self) -> list[str]:
        """The sentence under each figure (plain text; empty where the caption speaks for it)."""
        return [html.unescape(_strip_tags(text.value)) for text in self.figure_texts]

    def describe(self, index: int, sentence: str) -> None:
        """Replace the sentence under figure ``index``."""
        self.figure_texts[index].value = _paragraph(sentence)

    def set(self, **values) -> None:
        """Move controls by name, as a learner would; each move triggers a redraw."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise KeyError(f"no control named {sorted(unknown)}; controls are {sorted(self.controls)}")
        for name, value in values.items():
            self.controls[name].value = value

    def redraw(self) -> None:
        """Recompute and update the figures from the current values; show any error."""
        start = time.perf_counter()
        try:
            texts = self._redraw(**self.values)
            if isinstance(texts, Mapping):
                for index, sentence in texts.items():
                    self.describe(index, sentence)
        except Exception:  # shown to the learner, never swallowed
            self.last_error = traceback.format_exc()
            self.errors.outputs = ()
            self.errors.append_stdout("This setting raised an error; the figures show the last good state.\n"
                                      + self.last_error)
        else:
            self.last_error = None
            self.errors.outputs = ()
        self.last_redraw_seconds = time.perf_counter() - start
        self._apply_policy(self.last_redraw_seconds)

    def _apply_policy(self, seconds: float) -> None:
        """The update policy: parameter sliders redraw while dragged when redraws fit the budget."""
        self._recent = (self._recent + [seconds])[-3:]
        live = statistics.median(self._recent) <= REDRAW_BUDGET
        if live == self.live and len(self._recent) > 1:
            return
        self.live = live
        for control in self.controls.values():
            if getattr(control, _POLICY, None) == "policy" and hasattr(control, "continuous_update"):
                control.continuous_update = live

    def code(self) -> str:
        """Python source that reproduces the current state (empty if none was given)."""
        return self._code(**self.values) if self._code else ""

    def show_code(self) -> None:
        self.code_output.outputs = ()
        self.code_output.append_stdout(self.code() + "\n")

    def _on_change(self, change) -> None:
        self.redraw()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def _paragraph(text: str) -> str:
    return f"<p style='max-width:780px'>{text}</p>" if text else ""


def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def _grid(controls: list) -> widgets.Widget:
    # As many columns as fit: two on a wide screen, one beside JupyterLab's file browser.
    return widgets.GridBox(controls, layout=widgets.Layout(
        grid_template_columns="repeat(auto-fill, minmax(380px, 1fr))", grid_gap="2px 16px", width="100%"))
