"""What a run records at every step: :class:`MetricsRecorder`, the run's table of measures.

The recorder keeps, per step, what the measures of :mod:`utils.society.metrics` need, and
computes each measure once over a block of steps. It reuses what the step computed: friends'
score sums A s (the network's kept product, see :meth:`SparseNetwork.sums_of`), the degrees,
and the step's report of what cutting paid.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .metrics import (agency_rows, assortativity_rows, count_rows, falsification_rows, gini_rows, isolated_rows,
                      largest_share, private_public_gap_rows)
from .model import SocialCreditState
from .network import SparseNetwork

__all__ = [
    "METRIC_COLUMNS",
    "MetricsRecorder",
    "measure_stride",
]


METRIC_COLUMNS = ("mean_score", "score_gini", "score_assortativity", "isolated", "isolated_share",
                  "largest_component_share", "endorsement", "private_public_gap", "falsification_rate",
                  "enrolment", "agency", "dissenter_gap", "ties", "cut_gain", "cut_pays", "cut_chance")


EVERY_STEP_UP_TO = 3_000   # the largest network a dashboard draws


def measure_stride(n: int) -> int:
    """How often a run computes its two costly measures (score_gini, a sort, and largest_component_share,
    a search of the network): every step up to N = 3,000 people (every lesson and dashboard),
    every ⌈N / 3,000⌉-th step above.

    Examples
    --------
    >>> measure_stride(3_000), measure_stride(30_000), measure_stride(300_000)
    (1, 10, 100)
    """
    return max(1, -(-int(n) // EVERY_STEP_UP_TO))


class MetricsRecorder:
    """Collects what the metrics need at each step and computes them a block of steps at a time.

    Per step it keeps everyone's score, speech, enrolment, behaviour, attitude, number of ties
    and friends' score sums A s (rows of a block), plus the tie count and the step's report.
    A s is the network's kept product of the scores, which the step made anyway (corrected
    only where ties changed), and which the next step reuses. The costly measures, score_gini
    (a sort) and largest_component_share (a search of the network; its group labels are kept
    until ties change), are computed every ``stride`` steps and at the first and last step;
    the other rows hold NaN. Each metric is then one call over the whole block.

    Examples
    --------
    >>> import networkx as nx
    >>> from utils.society.model import initial_state
    >>> graph = nx.karate_club_graph()
    >>> recorder = MetricsRecorder(34, steps=0)
    >>> recorder.record(SparseNetwork.from_graph(graph), initial_state(graph, seed=1))
    >>> table = recorder.table()
    >>> int(table["ties"].iloc[0]), int(table["isolated"].iloc[0])
    (78, 0)
    """

    CELLS = 400_000  # people × steps per block: about 20 MB of buffers

    def __init__(self, n: int, steps: int, stride: int = 1):
        self.n, self.steps, self.stride = n, steps, stride
        self.size = b = max(1, min(steps + 1, self.CELLS // n))
        self.s, self.u, self.x, self.peer = (np.empty((b, n)) for _ in range(4))
        self.y, self.m = np.empty((b, n), dtype=bool), np.empty((b, n), dtype=bool)
        self.degree = np.empty((b, n))
        self.ties, self.largest = np.empty(b, dtype=np.int64), np.full(b, np.nan)
        self.costly = np.zeros(b, dtype=bool)
        self.cut = np.full((b, 3), np.nan)                       # cut_gain, cut_pays, cut_chance
        self.filled = 0
        self.step = 0
        self.columns = []
        self._groups, self._network = (None, np.nan), None      # (network version, largest group share)

    def record(self, network: SparseNetwork, state: SocialCreditState, step: dict | None = None) -> None:
        """Keep what the metrics need after one step; ``step`` is the step's report (cut_gain, cut_pays, cut_chance)."""
        if self.filled == self.size:
            self.flush()
        k, t = self.filled, self.step
        self.s[k], self.y[k], self.m[k] = state.score, state.expressed, state.enrolled
        self.u[k], self.x[k], self.degree[k] = state.behaviour, state.attitude, network.degree
        self.peer[k] = network.sums_of(state.score)
        self.ties[k] = network.ties
        self.cut[k] = np.nan if step is None else (step["cut_gain"], step["cut_pays"], step["cut_chance"])
        self.costly[k] = self.costly_at(t)
        self.largest[k] = self._largest(network) if self.costly[k] else np.nan
        self.filled += 1
        self.step += 1

    def _largest(self, network: SparseNetwork) -> float:
        """The largest group's share, computed again only when ties have changed since it was last asked for."""
        version, share = self._groups
        if version != network.version or network is not self._network:
            share = largest_share(network.component_labels())
            self._groups, self._network = (network.version, share), network
        return share

    def costly_at(self, step: int) -> bool:
        """Whether the costly measures are computed at this step (every ``stride`` steps, the first and the last)."""
        return step % self.stride == 0 or step == self.steps

    def flush(self) -> None:
        k, n = self.filled, self.n
        if k == 0:
            return
        s, y, m, u, x, d = self.s[:k], self.y[:k], self.m[:k], self.u[:k], self.x[:k], self.degree[:k]
        costly = self.costly[:k]
        total = s.sum(axis=1)
        gini = np.full(k, np.nan)
        if costly.any():
            gini[costly] = gini_rows(s[costly])
        isolated = isolated_rows(d)
        endorsers = count_rows(y)
        s_endorsers = np.einsum("ij,ij->i", s, y, dtype=float, casting="unsafe")
        with np.errstate(divide="ignore", invalid="ignore"):
            gap = np.where((endorsers > 0) & (endorsers < n),
                           s_endorsers / endorsers - (total - s_endorsers) / (n - endorsers), np.nan)
        cut = self.cut[:k]
        self.columns.append((total / n, gini, assortativity_rows(s, d, self.peer[:k], self.ties[:k]),
                             isolated, isolated / n, self.largest[:k].copy(), endorsers / n,
                             private_public_gap_rows(x, y), falsification_rows(x, y),
                             count_rows(m) / n, agency_rows(s, u), gap, self.ties[:k].copy(),
                             cut[:, 0].copy(), cut[:, 1].copy(), cut[:, 2].copy()))
        self.filled = 0

    def table(self) -> pd.DataFrame:
        """Every recorded step's measures, one row per step (index ``step``)."""
        self.flush()
        table = pd.DataFrame({name: np.concatenate([block[i] for block in self.columns])
                              for i, name in enumerate(METRIC_COLUMNS)})
        table.index.name = "step"
        return table
