"""The controller that binds sliders to a model and its figures.

Every dashboard in the course is a :class:`Dashboard`: a set of named controls, the
figures they drive, and one ``redraw`` function that takes the controls' values and
updates the figures in place. This is the only module that calls ``observe``. Errors
raised while redrawing are shown in an ``Output`` widget under the figures, so a learner
sees them instead of a silently frozen plot.

Topic dashboards (engagement, society, ...) live in their own modules and build on this.
"""
from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

__all__ = ["Dashboard", "slider", "int_slider", "dropdown"]


_STYLE = {"description_width": "210px"}
_LAYOUT = widgets.Layout(width="auto", min_width="360px")


def slider(description: str, value: float, low: float, high: float, step: float = 0.01, **kwargs):
    """A labelled float slider that only redraws when released if ``continuous_update=False``.

    Examples
    --------
    >>> s = slider("peer weight β", 0.5, 0, 0.95, 0.05)
    >>> (s.min, s.max, s.value)
    (0.0, 0.95, 0.5)
    """
    if not low <= value <= high:
        raise ValueError(f"{description}: value must be between {low} and {high}, got {value}")
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                               style=_STYLE, layout=_LAYOUT, readout_format=".2f", **kwargs)


def int_slider(description: str, value: int, low: int, high: int, step: int = 1, **kwargs):
    """A labelled integer slider.

    Examples
    --------
    >>> int_slider("freezes", 2, 0, 5).value
    2
    """
    if not low <= value <= high:
        raise ValueError(f"{description}: value must be between {low} and {high}, got {value}")
    return widgets.IntSlider(value=value, min=low, max=high, step=step, description=description,
                             style=_STYLE, layout=_LAYOUT, **kwargs)


def dropdown(description: str, options: Sequence, value=None, **kwargs):
    """A labelled drop-down list.

    Examples
    --------
    >>> dropdown("network", ["small world", "scale-free"]).value
    'small world'
    """
    options = list(options)
    value = options[0] if value is None else value
    if value not in options:
        raise ValueError(f"{description}: value must be one of {options}, got {value!r}")
    return widgets.Dropdown(options=options, value=value, description=description,
                            style=_STYLE, layout=_LAYOUT, **kwargs)


class Dashboard:
    """Controls, figures and the function that redraws the figures from the controls.

    Parameters
    ----------
    controls : mapping of str to ipywidgets value widgets
        The knobs, by the keyword name ``redraw`` receives them under.
    figures : sequence of plotly FigureWidgets
        Built once; ``redraw`` updates them in place.
    redraw : callable
        ``redraw(**values)`` updates the figures (inside ``fig.batch_update()``).
    code : callable, optional
        ``code(**values)`` returns Python source that reproduces the current state; a
        "Show me the code" button prints it, ready to paste into a report.
    caption : str, optional
        One sentence under the figures saying what they show.

    Examples
    --------
    >>> from utils.core.figures import line_figure, update_lines
    >>> fig = line_figure([0, 1], {"y": [0, 0]}, title="t", x_title="x (days)", y_title="y (points)")
    >>> def redraw(slope):
    ...     update_lines(fig, [0, 1], {"y": [0, slope]})
    >>> board = Dashboard({"slope": slider("slope", 1.0, 0, 2)}, [fig], redraw)
    >>> board.set(slope=2.0)
    >>> fig.data[0].y.tolist()
    [0.0, 2.0]
    """

    def __init__(self, controls: Mapping[str, widgets.ValueWidget], figures: Sequence, redraw: Callable,
                 code: Callable[..., str] | None = None, caption: str = ""):
        if not controls:
            raise ValueError("controls must name at least one widget")
        self.controls = dict(controls)
        self.figures = list(figures)
        self._redraw = redraw
        self._code = code
        self.errors = widgets.Output()
        self.code_output = widgets.Output(layout=widgets.Layout(overflow="auto", max_width="100%"))
        self.last_error: str | None = None
        self.last_redraw_seconds = float("nan")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        parts = [widgets.HTML("<b>Controls</b>"), _grid(list(self.controls.values())), *self.figures]
        if caption:
            parts.append(widgets.HTML(f"<p style='max-width:780px'>{caption}</p>"))
        if code is not None:
            button = widgets.Button(description="Show me the code", icon="code", layout=widgets.Layout(width="max-content"),
                                    tooltip="Print the call that reproduces this state")
            button.on_click(lambda _: self.show_code())
            parts += [button, self.code_output]
        parts.append(self.errors)
        self.widget = widgets.VBox(parts)
        self.redraw()

    @property
    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

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
            self._redraw(**self.values)
        except Exception:  # shown to the learner, never swallowed
            self.last_error = traceback.format_exc()
            self.errors.outputs = ()
            self.errors.append_stdout("This setting raised an error; the figures show the last good state.\n"
                                      + self.last_error)
        else:
            self.last_error = None
            self.errors.outputs = ()
        self.last_redraw_seconds = time.perf_counter() - start

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


def _grid(controls: list) -> widgets.Widget:
    # As many columns as fit: two on a wide screen, one beside JupyterLab's file browser.
    return widgets.GridBox(controls, layout=widgets.Layout(
        grid_template_columns="repeat(auto-fill, minmax(380px, 1fr))", grid_gap="2px 16px", width="100%"))
