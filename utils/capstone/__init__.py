"""Lesson 09's capstone: property checks of scoring rules, rule comparison, and its dashboard."""
from .checks import *  # noqa: F401,F403
from .compare import *  # noqa: F401,F403
from .dashboard import *  # noqa: F401,F403
