"""Scored's helper package: models, figures and dashboards used by the lessons.

Models are pure numpy/scipy and take a ``seed``; figures are plotly; dashboards bind
ipywidgets to both. Import what a lesson needs, e.g. ``from utils import make_rng``.
"""
from .validation import *  # noqa: F401,F403
from .plots import *  # noqa: F401,F403
from .dashboards import *  # noqa: F401,F403
from .welcome import *  # noqa: F401,F403
from .case_study import *  # noqa: F401,F403
from .engagement import *  # noqa: F401,F403
from .streaks import *  # noqa: F401,F403
from .leagues import *  # noqa: F401,F403
from .motivation import *  # noqa: F401,F403
from .networks import *  # noqa: F401,F403
from .metrics import *  # noqa: F401,F403
from .social_credit import *  # noqa: F401,F403
from .engagement_dashboards import *  # noqa: F401,F403
from .society_dashboards import *  # noqa: F401,F403
from .capstone import *  # noqa: F401,F403
