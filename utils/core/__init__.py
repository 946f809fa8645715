"""What every topic builds on: argument checks and seeds, the one cache, the notation record, figure builders,
the dashboard controller."""
from .checks import *  # noqa: F401,F403
from .cache import *  # noqa: F401,F403
from .parameters import *  # noqa: F401,F403
from .figures import *  # noqa: F401,F403
from .dashboard import *  # noqa: F401,F403
