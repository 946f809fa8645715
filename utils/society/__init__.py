"""Part II, the toy scoring society.

Read :mod:`utils.society.model` first: the state, the rules and one step written as plain
loops. The rest: :mod:`~utils.society.params` (the parameter table), :mod:`~utils.society.rules`
(the default rule, calling a rule, what a rule may read about friends), :mod:`~utils.society.fast`
(the same step vectorised) on :mod:`~utils.society.network` (the sparse network: the only modules
with sparse bookkeeping), :mod:`~utils.society.run` (``simulate``), :mod:`~utils.society.metrics`
(each measure once) and :mod:`~utils.society.recorder` (what a run records), :mod:`~utils.society.theory`,
:mod:`~utils.society.networks`, :mod:`~utils.society.figures` and :mod:`~utils.society.dashboards`.
"""
from .params import *  # noqa: F401,F403
from .rules import *  # noqa: F401,F403
from .model import *  # noqa: F401,F403
from .network import *  # noqa: F401,F403
from .fast import *  # noqa: F401,F403
from .run import *  # noqa: F401,F403
from .replicate import *  # noqa: F401,F403
from .metrics import *  # noqa: F401,F403
from .recorder import *  # noqa: F401,F403
from .theory import *  # noqa: F401,F403
from .networks import *  # noqa: F401,F403
from .figures import *  # noqa: F401,F403
from .dashboards import *  # noqa: F401,F403
from .game import *  # noqa: F401,F403
from .game_board import *  # noqa: F401,F403
