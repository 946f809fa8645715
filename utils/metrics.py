"""Measures of a scoring society: inequality, sorting, exclusion and self-censorship.

Each function takes plain arrays (and, where ties matter, a networkx graph or a scipy
sparse adjacency matrix) and returns a number. The model in :mod:`utils.social_credit`
records them at every step.

References
----------
Newman, M.E.J. (2003). Mixing patterns in networks. *Phys. Rev. E* 67, 026126.
Kuran, T. (1995). *Private Truths, Public Lies*. Harvard University Press.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .validation import check_number

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
