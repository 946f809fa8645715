"""Scored's helper package: models, figures and dashboards used by the lessons.

One subpackage per topic, and this file re-exports their public names, so a notebook writes
``from utils import ...`` and never needs to know the layout:

- :mod:`utils.core`: argument checks and seeds, figure builders, the ``Dashboard`` controller;
- :mod:`utils.engagement`: Part I, reward schedules, the hook loop, streaks, leagues, motivation;
- :mod:`utils.society`: Part II, the toy scoring society (parameters, the readable model, the
  fast step, metrics, theory, networks, figures, dashboards);
- :mod:`utils.capstone`: property checks of scoring rules and their comparison (lesson 09);
- :mod:`utils.case_study` and :mod:`utils.welcome`: lesson 05's data and lesson 00's check.

Models are pure numpy/scipy and take a ``seed``; figures are plotly; dashboards bind
ipywidgets to both. Grading machinery lives apart, in the ``grader`` package, which nothing
here imports.
"""
from .core import *  # noqa: F401,F403
from .welcome import *  # noqa: F401,F403
from .case_study import *  # noqa: F401,F403
from .engagement import *  # noqa: F401,F403
from .society import *  # noqa: F401,F403
from .capstone import *  # noqa: F401,F403
