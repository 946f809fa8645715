"""Lesson 00: check that the course environment works, and a first dashboard to try.

``check_environment()`` reports which packages are missing or too old and whether the
JupyterLab front ends for widgets and plotly are installed, with what to do about each.
``streak_dashboard()`` is the smallest dashboard of the course: one slider, one figure.
"""
from __future__ import annotations

import importlib
import importlib.metadata as metadata
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .core.dashboard import Dashboard, parameter_slider
from .core.figures import line_figure, update_lines
from .core.checks import check_integer, check_probability

__all__ = ["EnvironmentCheck", "check_environment", "streak_survival", "streak_dashboard", "required_versions"]

# distribution -> the module to import; the versions each needs come from the course's own
# requirements (required_versions), never from a copy here
REQUIRED = {
    "jupyterlab": "jupyterlab",
    "ipywidgets": "ipywidgets",
    "anywidget": "anywidget",
    "plotly": "plotly",
    "networkx": "networkx",
    "nbgrader": "nbgrader",
    "numpy": "numpy",
    "scipy": "scipy",
    "pandas": "pandas",
}
# distributions that ship the JupyterLab front end a widget needs to draw
FRONT_ENDS = {"jupyterlab_widgets": "ipywidgets' slider and button front end",
              "anywidget": "the front end plotly's FigureWidget draws with"}
FIX = "Run `python3 course.py lab` from the course folder: it installs what is missing."


@dataclass(frozen=True)
class EnvironmentCheck:
    """One line of the environment report."""

    item: str
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{'OK     ' if self.ok else 'PROBLEM'}  {self.item:<20} {self.detail}"


def _requirement_lines() -> list[str]:
    """The course's dependency lines: the installed course's metadata, else ``pyproject.toml`` beside ``utils/``."""
    try:
        lines = metadata.requires("scored") or []
    except metadata.PackageNotFoundError:
        lines = []
    if lines:
        return [line for line in lines if "extra ==" not in line]
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if not pyproject.exists():
        return []
    block = re.search(r"^dependencies\s*=\s*\[(.*?)\]", pyproject.read_text(), flags=re.S | re.M)
    return re.findall(r'"([^"]+)"', block.group(1)) if block else []


def required_versions() -> dict[str, str]:
    """The version range the course requires of each package (``pyproject.toml``'s dependencies).

    Read from the installed course's metadata (what ``pip install`` recorded from
    ``pyproject.toml``), or from ``pyproject.toml`` itself in a folder that was never installed.

    Examples
    --------
    >>> required_versions()["ipywidgets"]
    '<9,>=8.1'
    """
    from packaging.requirements import Requirement

    ranges = {}
    for line in _requirement_lines():
        requirement = Requirement(line)
        ranges[requirement.name.lower().replace("_", "-")] = str(requirement.specifier)
    return ranges


def check_environment() -> list[EnvironmentCheck]:
    """Check the packages and widget front ends the course needs.

    Returns one :class:`EnvironmentCheck` per item; a failing one says what to do.

    Examples
    --------
    >>> report = check_environment()
    >>> all(isinstance(line, EnvironmentCheck) for line in report)
    True
    >>> any(line.item == "numpy" for line in report)
    True
    """
    from packaging.specifiers import SpecifierSet

    report = []
    ranges = required_versions()
    for dist, module in REQUIRED.items():
        try:
            importlib.import_module(module)
            version = metadata.version(dist)
        except Exception as error:  # missing or broken install
            report.append(EnvironmentCheck(dist, False, f"cannot be imported ({error.__class__.__name__}). {FIX}"))
            continue
        wanted = ranges.get(dist.lower().replace("_", "-"), "")
        if wanted and not SpecifierSet(wanted).contains(version, prereleases=True):
            report.append(EnvironmentCheck(dist, False, f"version {version} is outside the range the course "
                                                        f"needs ({wanted}). {FIX}"))
        else:
            report.append(EnvironmentCheck(dist, True, f"version {version}"))
    for dist, role in FRONT_ENDS.items():
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            report.append(EnvironmentCheck(dist, False, f"missing: {role}. Widgets will show as plain text. {FIX}"))
        else:
            report.append(EnvironmentCheck(dist, True, f"version {version} ({role})"))
    return report


def streak_survival(p: float, days: int) -> np.ndarray:
    """Chance that a streak survives each of the next ``days`` days, practising with probability ``p``.

    Element ``d`` is ``p ** d``: the chance of practising on each of ``d`` independent days.

    Examples
    --------
    >>> streak_survival(0.9, 3).round(3).tolist()
    [1.0, 0.9, 0.81, 0.729]
    >>> streak_survival(1.2, 3)
    Traceback (most recent call last):
    ...
    ValueError: p must be between 0 and 1, got 1.2
    """
    p = check_probability("p", p)
    days = check_integer("days", days, 0, 100_000)
    return p ** np.arange(days + 1, dtype=float)


def streak_dashboard(p: float = 0.95, days: int = 100) -> Dashboard:
    """One slider (the chance of practising on a day) and the streak-survival curve it drives."""
    x = np.arange(days + 1)
    fig = line_figure(x, {"your streak": streak_survival(p, days), "a 99% learner": streak_survival(0.99, days)},
                      title="Chance that a streak is still alive", x_title="days from today",
                      y_title="probability (0 to 1)", dashes={"a 99% learner": "dot"})
    fig.update_yaxes(range=[0, 1.02])

    def redraw(p):
        update_lines(fig, x, {"your streak": streak_survival(p, days)})

    def code(p):
        return f"from utils import streak_survival\nstreak_survival(p={p:.2f}, days={days})"

    controls = {"p": parameter_slider("00", "p", p)}
    caption = ("The solid line is the chance your streak survives each number of days at the slider's daily "
               "practice rate; the dotted line is a learner who practises 99% of days, for comparison.")
    return Dashboard(controls, [fig], redraw, code=code, caption=caption)
