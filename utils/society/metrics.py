"""Measures of a scoring society: inequality, sorting, exclusion and self-censorship.

Each function takes plain arrays (and, where ties matter, a networkx graph or a scipy
sparse adjacency matrix) and returns a number. Each measure is written once, over a block
of steps (the ``*_rows`` functions); the public functions call them on one row, and the
run's recorder (:mod:`utils.society.recorder`) on a block of rows.

References
----------
Newman, M.E.J. (2003). Mixing patterns in networks. *Phys. Rev. E* 67, 026126.
Kuran, T. (1995). *Private Truths, Public Lies*. Harvard University Press.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from ..core.checks import check_number

from .networks import edge_arrays

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


# --- each measure, once: over a block of steps (one row per step, one column per person) ---------------
# The public functions below call these on one row; the run's recorder calls them on a block of rows.
# Row sums of products use np.einsum: one pass, no temporary array, and no hand-off to a multi-threaded
# BLAS (which np.dot does, and which stalls badly when the cores are shared).

def _row_dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", a, b)


def count_rows(mask: np.ndarray) -> np.ndarray:
    """Number of True values in each row: in one call for short rows, row by row for long ones (where
    np.count_nonzero with an axis is several times slower than counting each row on its own)."""
    if mask.shape[1] <= 2048:
        return np.count_nonzero(mask, axis=1).astype(np.int64, copy=False)
    return np.fromiter((np.count_nonzero(row) for row in mask), dtype=np.int64, count=mask.shape[0])


def gini_rows(s: np.ndarray) -> np.ndarray:
    """Gini coefficient of each row: Σ (2i − N − 1) v_(i) / (N Σ v), values sorted ascending; 0 for an all-zero row."""
    n = s.shape[1]
    total = s.sum(axis=1)
    ranks = (2 * np.arange(1, n + 1) - n - 1).astype(float)
    weighted = np.einsum("j,ij->i", ranks, np.sort(s, axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, weighted / (n * np.where(total > 0, total, 1)), 0.0)


def _variance_ok(var, mean):
    return var > 1e-12 * np.maximum(mean * mean, 1e-300)


def assortativity_rows(s: np.ndarray, degree: np.ndarray, neighbour_sums: np.ndarray, ties) -> np.ndarray:
    """Newman's assortativity of each row's values over both ends of every tie, from per-person sums.

    Over the 2T tie ends: mean = Σ dᵢ sᵢ / 2T, variance = Σ dᵢ sᵢ² / 2T − mean², and the mean
    product across a tie Σ sᵢ (A s)ᵢ / 2T, so no list of ties is needed. NaN when there are no
    ties or the values at tie ends do not vary. ``degree`` as floats avoids a conversion.
    """
    count = 2 * np.asarray(ties, dtype=float)
    degree = np.asarray(degree, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = _row_dot(degree, s) / count
        var = np.einsum("ij,ij,ij->i", degree, s, s) / count - mean * mean
        cross = _row_dot(s, neighbour_sums) / count
        ok = (count > 0) & _variance_ok(var, mean)
        return np.where(ok, (cross - mean * mean) / np.where(ok, var, 1), np.nan)


def agency_rows(s: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Pearson correlation of each row of scores with the same row of behaviour (rounded to 12 digits); NaN if either is constant."""
    n = s.shape[1]
    mean_s, mean_u = s.sum(axis=1) / n, u.sum(axis=1) / n
    var_s = _row_dot(s, s) / n - mean_s * mean_s
    var_u = _row_dot(u, u) / n - mean_u * mean_u
    cov = _row_dot(s, u) / n - mean_s * mean_u
    ok = _variance_ok(var_s, mean_s) & _variance_ok(var_u, mean_u)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.round(cov / np.sqrt(np.where(ok, var_s * var_u, 1)), 12)
    return np.where(ok, np.clip(r, -1, 1), np.nan)


def private_public_gap_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Share endorsing in public minus share in favour in private (x ≥ ½), per row."""
    return (count_rows(y) - count_rows(x >= 0.5)) / y.shape[1]


def falsification_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Share who endorse in public while privately against (y = 1 and x < ½), per row."""
    return count_rows(y & (x < 0.5)) / y.shape[1]


def isolated_rows(degree: np.ndarray) -> np.ndarray:
    """Number of people with no ties, per row of degrees."""
    return count_rows(degree == 0)


def largest_share(labels: np.ndarray) -> float:
    """Share of people in the largest connected group, from a group label per person."""
    return float(np.bincount(labels).max() / labels.size)


def edge_sums(src: np.ndarray, dst: np.ndarray, n: int, values: np.ndarray | None = None):
    """Degrees, and if ``values`` is given A @ values, from a tie list (each tie once)."""
    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    if values is None:
        return degree
    return degree, np.bincount(src, weights=values[dst], minlength=n) + np.bincount(dst, weights=values[src], minlength=n)


# --- the public measures ---------------------------------------------------------------------------

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
    v = _vector("values", values)
    if v.min() < 0:
        raise ValueError(f"values must be non-negative, got a minimum of {v.min():g}")
    return float(gini_rows(v[None, :])[0])


def _edges(graph) -> tuple[np.ndarray, np.ndarray, int]:
    """(src, dst, n) for a networkx graph or a square sparse/dense adjacency matrix."""
    if isinstance(graph, nx.Graph):
        src, dst = edge_arrays(graph)
        return src, dst, graph.number_of_nodes()
    if sp.issparse(graph) or isinstance(graph, np.ndarray):
        a = sp.coo_matrix(graph)
        if a.shape[0] != a.shape[1]:
            raise ValueError(f"graph must be a square adjacency matrix, got shape {a.shape}")
        upper = sp.triu(a + a.T, k=1).tocoo()
        keep = upper.data != 0
        return upper.row[keep].astype(np.int64), upper.col[keep].astype(np.int64), a.shape[0]
    raise TypeError(f"graph must be a networkx Graph or an adjacency matrix, got {type(graph).__name__}")


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
    degree, sums = edge_sums(src, dst, n, s)
    return float(assortativity_rows(s[None, :], degree[None, :], sums[None, :], [src.size])[0])


def isolated_count(graph) -> int:
    """Number of people with no ties left (networkx's isolates).

    Examples
    --------
    >>> g = nx.Graph([(0, 1)]); g.add_node(2)
    >>> isolated_count(g)
    1
    """
    src, dst, n = _edges(graph)
    return int(isolated_rows(edge_sums(src, dst, n)[None, :])[0])


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
    return largest_share(connected_components(adjacency, directed=False)[1])


def _pair(x_name, x, y_name, y, binary_y=True):
    x = _vector(x_name, x)
    y = _vector(y_name, y, binary=binary_y)
    if x.size != y.size:
        raise ValueError(f"{x_name} and {y_name} must have the same length, got {x.size} and {y.size}")
    return x, y


def private_public_gap(attitudes, expressed) -> float:
    """Share who endorse in public minus share who support in private (x ≥ ½).

    Positive means the visible consensus overstates private support.

    Examples
    --------
    >>> private_public_gap([0.2, 0.4, 0.7, 0.9], [1, 1, 1, 0])
    0.25
    """
    x, y = _pair("attitudes", attitudes, "expressed", expressed)
    return float(private_public_gap_rows(x[None, :], y[None, :] == 1)[0])


def falsification_rate(attitudes, expressed) -> float:
    """Share of everyone who endorses in public while privately against (y = 1 and x < ½).

    Examples
    --------
    >>> falsification_rate([0.2, 0.4, 0.7, 0.9], [1, 0, 1, 0])
    0.25
    """
    x, y = _pair("attitudes", attitudes, "expressed", expressed)
    return float(falsification_rows(x[None, :], y[None, :] == 1)[0])


def agency(scores, behaviour) -> float:
    """Correlation between people's scores and their own behaviour: 1 when the score follows you.

    NaN when either is constant (there is nothing to correlate).

    Examples
    --------
    >>> agency([0.1, 0.5, 0.9], [0.0, 0.5, 1.0])
    1.0
    """
    s, u = _pair("scores", scores, "behaviour", behaviour, binary_y=False)
    return float(agency_rows(s[None, :], u[None, :])[0])


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
