"""Part I, engagement loops: reward schedules, the hook loop, streaks, leagues, motivation, and their dashboards."""
from .schedules import *  # noqa: F401,F403
from .hook import *  # noqa: F401,F403
from .streaks import *  # noqa: F401,F403
from .leagues import *  # noqa: F401,F403
from .motivation import *  # noqa: F401,F403
from .dashboards import *  # noqa: F401,F403
from .game import *  # noqa: F401,F403
from .game_board import *  # noqa: F401,F403
