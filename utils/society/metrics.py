"""Measures of a scoring society: inequality, sorting, exclusion and self-censorship.

Each function takes plain arrays (and, where ties matter, a networkx graph or a scipy
sparse adjacency matrix) and returns a number. The model in :mod:`utils.society.run`
records them at every step.

References
----------
Newman, M.E.J. (2003). Mixing patterns in networks. *Phys. Rev. E* 67, 026126.
Kuran, T. (1995). *Private Truths, Public Lies*. Harvard University Press.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from ..core.checks import check_number

if TYPE_CHECKING:  # for annotations only: the recorder is handed the fast network and a state
    from .fast import SparseNetwork
    from .model import SocialCreditState

__all__ = [
    "gini",
    "score_assortativity",
    "isolated_count",
    "largest_component_share",
    "private_public_gap",
    "falsification_rate",
    "agency",
    "time_to_level",
]


def _vector(name: str, values, *, binary: bool = False) -> np.ndarray:
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {arr.shape}")
    if arr.dtype == bool:
        arr = arr.astype(float)
    if not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    if binary and not np.all((arr == 0) | (arr == 1)):
        raise ValueError(f"{name} must hold only 0/1 or True/False values")
    return arr


def gini(values) -> float:
    """Gini coefficient of non-negative values: 0 when all are equal, near 1 when one has all.

    Uses G = Σ (2i − N − 1) v_(i) / (N Σ v) over the values sorted ascending (i = 1..N).
    All-zero values give 0.

    Examples
    --------
    >>> gini([0.5, 0.5, 0.5])
    0.0
    >>> gini([0, 0, 0, 1])
    0.75
    """
    v = np.sort(_vector("values", values))
    if v[0] < 0:
        raise ValueError(f"values must be non-negative, got a minimum of {v[0]:g}")
    total = v.sum()
    if total == 0:
        return 0.0
    n = v.size
    ranks = np.arange(1, n + 1)
    return float(np.sum((2 * ranks - n - 1) * v) / (n * total))


def _edges(graph) -> tuple[np.ndarray, np.ndarray, int]:
    """(src, dst, n) for a networkx graph or a square sparse/dense adjacency matrix."""
    if isinstance(graph, nx.Graph):
        index = {node: i for i, node in enumerate(graph.nodes)}
        pairs = np.array([(index[a], index[b]) for a, b in graph.edges() if a != b],
                         dtype=np.int64).reshape(-1, 2)
        return pairs[:, 0], pairs[:, 1], graph.number_of_nodes()
    if sp.issparse(graph) or isinstance(graph, np.ndarray):
        a = sp.coo_matrix(graph)
        if a.shape[0] != a.shape[1]:
            raise ValueError(f"graph must be a square adjacency matrix, got shape {a.shape}")
        upper = sp.triu(a + a.T, k=1).tocoo()
        keep = upper.data != 0
        return upper.row[keep].astype(np.int64), upper.col[keep].astype(np.int64), a.shape[0]
    raise TypeError(f"graph must be a networkx Graph or an adjacency matrix, got {type(graph).__name__}")


def edge_assortativity(src: np.ndarray, dst: np.ndarray, values: np.ndarray) -> float:
    """Pearson correlation of ``values`` across the two ends of every tie (both directions)."""
    if src.size == 0:
        return float("nan")
    a = np.concatenate([values[src], values[dst]])
    b = np.concatenate([values[dst], values[src]])
    a = a - a.mean()
    b = b - b.mean()
    denom = np.sqrt(np.sum(a * a) * np.sum(b * b))
    if denom <= 1e-300:
        return float("nan")
    return float(np.sum(a * b) / denom)


def score_assortativity(graph, scores) -> float:
    """Newman's assortativity of scores: do high scorers tie to high scorers (near 1)?

    It is the correlation between the scores at the two ends of a tie; NaN when there are
    no ties or all scores are equal. Matches ``nx.numeric_assortativity_coefficient``.

    Examples
    --------
    >>> g = nx.path_graph(4)
    >>> round(score_assortativity(g, [0.1, 0.2, 0.8, 0.9]), 3)
    0.441
    """
    src, dst, n = _edges(graph)
    s = _vector("scores", scores)
    if s.size != n:
        raise ValueError(f"scores must have one value per person ({n}), got {s.size}")
    return edge_assortativity(src, dst, s)


def isolated_count(graph) -> int:
    """Number of people with no ties left (networkx's isolates).

    Examples
    --------
    >>> g = nx.Graph([(0, 1)]); g.add_node(2)
    >>> isolated_count(g)
    1
    """
    src, dst, n = _edges(graph)
    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    return int(np.sum(degree == 0))


def largest_component_share(graph) -> float:
    """Share of people in the largest connected group (1.0 when everyone is connected).

    Examples
    --------
    >>> g = nx.Graph([(0, 1), (1, 2), (3, 4)])
    >>> largest_component_share(g)
    0.6
    """
    src, dst, n = _edges(graph)
    if n == 0:
        raise ValueError("graph must have at least one person")
    adjacency = sp.csr_matrix((np.ones(src.size), (src, dst)), shape=(n, n))
    _, labels = connected_components(adjacency, directed=False)
    return float(np.bincount(labels).max() / n)


def private_public_gap(attitudes, expressed) -> float:
    """Share who endorse in public minus share who support in private (x ≥ ½).

    Positive means the visible consensus overstates private support.

    Examples
    --------
    >>> private_public_gap([0.2, 0.4, 0.7, 0.9], [1, 1, 1, 0])
    0.25
    """
    x = _vector("attitudes", attitudes)
    y = _vector("expressed", expressed, binary=True)
    if x.size != y.size:
        raise ValueError(f"attitudes and expressed must have the same length, got {x.size} and {y.size}")
    return float(y.mean() - np.mean(x >= 0.5))


def falsification_rate(attitudes, expressed) -> float:
    """Share of everyone who endorses in public while privately against (y = 1 and x < ½).

    Examples
    --------
    >>> falsification_rate([0.2, 0.4, 0.7, 0.9], [1, 0, 1, 0])
    0.25
    """
    x = _vector("attitudes", attitudes)
    y = _vector("expressed", expressed, binary=True)
    if x.size != y.size:
        raise ValueError(f"attitudes and expressed must have the same length, got {x.size} and {y.size}")
    return float(np.mean((y == 1) & (x < 0.5)))


def agency(scores, behaviour) -> float:
    """Correlation between people's scores and their own behaviour: 1 when the score follows you.

    NaN when either is constant (there is nothing to correlate).

    Examples
    --------
    >>> agency([0.1, 0.5, 0.9], [0.0, 0.5, 1.0])
    1.0
    """
    s = _vector("scores", scores)
    u = _vector("behaviour", behaviour)
    if s.size != u.size:
        raise ValueError(f"scores and behaviour must have the same length, got {s.size} and {u.size}")
    s = s - s.mean()
    u = u - u.mean()
    denom = np.sqrt(np.sum(s * s) * np.sum(u * u))
    if denom <= 1e-300:
        return float("nan")
    return float(round(np.sum(s * u) / denom, 12))


def time_to_level(series, level: float = 0.5):
    """First step at which ``series`` reaches ``level`` (e.g. enrolment tipping past half); None if never.

    Examples
    --------
    >>> time_to_level([0.05, 0.2, 0.6, 0.9], 0.5)
    2
    >>> time_to_level([0.05, 0.1], 0.5) is None
    True
    """
    v = _vector("series", series)
    level = check_number("level", level)
    hits = np.flatnonzero(v >= level)
    return int(hits[0]) if hits.size else None


METRIC_COLUMNS = ("mean_score", "score_gini", "score_assortativity", "isolated", "isolated_share",
                  "largest_component_share", "endorsement", "private_public_gap", "falsification_rate",
                  "enrolment", "agency", "dissenter_gap", "ties")


class MetricsRecorder:
    """Collects what the metrics need at each step and computes them a block of steps at a time.

    Per step it keeps everyone's score, speech, enrolment, behaviour, attitude, number of ties
    and friends' score sum A s (rows of a block), plus the tie count and largest-group share
    (connected groups are recomputed only after ties change). Then each metric is one numpy
    call over the whole block rather than one call per step, which is what costs time at small N.
    Sums of products are written as (a * b).sum(...) rather than np.dot: np.dot hands long
    vectors to a multi-threaded BLAS, which stalls badly when the cores are shared.
    """

    CELLS = 400_000  # people × steps per block: about 15 MB of buffers

    def __init__(self, n: int, steps: int):
        self.n = n
        self.size = max(1, min(steps + 1, self.CELLS // n))
        b = self.size
        self.s, self.u, self.x, self.peer = (np.empty((b, n)) for _ in range(4))
        self.y, self.m = np.empty((b, n), dtype=bool), np.empty((b, n), dtype=bool)
        self.degree = np.empty((b, n), dtype=np.int64)
        self.ties, self.largest = np.empty(b, dtype=np.int64), np.empty(b)
        self.filled = 0
        self.columns = []

    def record(self, network: SparseNetwork, state: SocialCreditState) -> None:
        k = self.filled
        self.s[k], self.y[k], self.m[k] = state.score, state.expressed, state.enrolled
        self.u[k], self.x[k], self.degree[k] = state.behaviour, state.attitude, network.degree
        self.peer[k] = network.neighbour_sums(state.score)
        self.ties[k] = network.ties
        self.largest[k] = network.largest_group()
        self.filled += 1
        if self.filled == self.size:
            self.flush()

    def flush(self) -> None:
        k, n = self.filled, self.n
        if k == 0:
            return
        s, y, m, u, x, d = self.s[:k], self.y[:k], self.m[:k], self.u[:k], self.x[:k], self.degree[:k]
        with np.errstate(divide="ignore", invalid="ignore"):
            total = s.sum(axis=1)
            ranks = 2 * np.arange(1, n + 1) - n - 1
            gini = np.where(total > 0, (ranks * np.sort(s, axis=1)).sum(axis=1) / (n * total), 0.0)
            # Newman's assortativity over both ends of every tie (as metrics.score_assortativity):
            # Σ s = Σᵢ dᵢ sᵢ, Σ s² = Σᵢ dᵢ sᵢ², Σ s_a s_b = Σᵢ sᵢ (A s)ᵢ
            count = 2 * self.ties[:k]
            weighted = d * s
            mean = weighted.sum(axis=1) / count
            var = (weighted * s).sum(axis=1) / count - mean * mean
            cross = (s * self.peer[:k]).sum(axis=1) / count
            ok = (count > 0) & (var > 1e-15 * np.maximum(mean * mean, 1e-300))
            assortativity = np.where(ok, (cross - mean * mean) / var, np.nan)
            isolated = np.count_nonzero(d == 0, axis=1)
            endorsers = np.count_nonzero(y, axis=1)
            s_endorsers = (s * y).sum(axis=1)
            gap = np.where((endorsers > 0) & (endorsers < n),
                           s_endorsers / endorsers - (total - s_endorsers) / (n - endorsers), np.nan)
            private = x >= 0.5
            a = s - s.mean(axis=1, keepdims=True)
            b = u - u.mean(axis=1, keepdims=True)
            denom = np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1))
            agency = np.where(denom > 1e-300, (a * b).sum(axis=1) / denom, np.nan)
        self.columns.append((total / n, gini, assortativity, isolated, isolated / n, self.largest[:k].copy(),
                             endorsers / n, endorsers / n - np.count_nonzero(private, axis=1) / n,
                             np.count_nonzero(y & ~private, axis=1) / n, np.count_nonzero(m, axis=1) / n,
                             agency, gap, self.ties[:k].copy()))
        self.filled = 0

    def table(self) -> pd.DataFrame:
        self.flush()
        table = pd.DataFrame({name: np.concatenate([block[i] for block in self.columns])
                              for i, name in enumerate(METRIC_COLUMNS)})
        table.index.name = "step"
        return table
