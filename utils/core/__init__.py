"""What every topic builds on: argument checks and seeds, the one cache, the notation record, ranking, figure
builders, the dashboard controller and the board of the turn-based games."""
from .checks import *  # noqa: F401,F403
from .cache import *  # noqa: F401,F403
from .parameters import *  # noqa: F401,F403
from .ranking import *  # noqa: F401,F403
from .figures import *  # noqa: F401,F403
from .dashboard import *  # noqa: F401,F403
from .game_board import *  # noqa: F401,F403
