"""What theory predicts for the toy scoring society: the Friedkin–Johnsen steady state and Granovetter's adoption map.

The tests check the simulated model against these closed forms.

References
----------
Friedkin, N.E. & Johnsen, E.C. (1990). Social influence and opinions. *J. Math. Sociol.* 15(3-4), 193-206.
Granovetter, M. (1978). Threshold models of collective behavior. *AJS* 83(6), 1420-1443.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.special import ndtr

from ..core.checks import check_integer, check_number

from .model import check_graph

__all__ = [
    "friedkin_johnsen_steady_state",
    "adoption_curve",
    "mean_field_adoption",
]


def friedkin_johnsen_steady_state(graph: nx.Graph, behaviour, peer_weight: float) -> np.ndarray:
    """s* = (1−β)(I − βW)⁻¹ u, the scores the averaging rule settles on when u stays fixed.

    Requires β < 1 and no person without ties.

    Examples
    --------
    >>> g = nx.path_graph(3)
    >>> friedkin_johnsen_steady_state(g, [1.0, 0.0, 0.0], 0.0).tolist()
    [1.0, 0.0, 0.0]
    """
    graph = check_graph(graph)
    beta = check_number("peer_weight", peer_weight, 0, 0.999999)
    u = np.asarray(behaviour, dtype=float)
    n = graph.number_of_nodes()
    if u.shape != (n,):
        raise ValueError(f"behaviour must have one value per person ({n}), got shape {u.shape}")
    a = nx.to_scipy_sparse_array(graph, nodelist=list(graph.nodes), format="csr", weight=None)
    degree = np.asarray(a.sum(axis=1)).ravel()
    if np.any(degree == 0):
        raise ValueError("graph must have no people without ties for the steady-state formula")
    w = sp.diags(1 / degree) @ a
    return (1 - beta) * sp.linalg.spsolve((sp.identity(n, format="csc") - beta * w).tocsc(), u)


def adoption_curve(share, threshold_mean: float = 0.5, threshold_sd: float = 0.15,
                   mandatoriness: float = 0.0) -> np.ndarray:
    """F(r): the share whose threshold minus δ is at most r, for normal thresholds (Granovetter's map).

    Examples
    --------
    >>> float(adoption_curve(0.5, 0.5, 0.1))
    0.5
    """
    r = np.asarray(share, dtype=float)
    mu = check_number("threshold_mean", threshold_mean, 0, 1)
    sd = check_number("threshold_sd", threshold_sd, 0, 1)
    delta = check_number("mandatoriness", mandatoriness, 0, 1)
    if sd == 0:
        return (r >= mu - delta).astype(float)
    return ndtr((r + delta - mu) / sd)


def mean_field_adoption(threshold_mean: float = 0.5, threshold_sd: float = 0.15, mandatoriness: float = 0.0,
                        initial: float = 0.0, steps: int = 100) -> np.ndarray:
    """Iterate r_{t+1} = max(r_t, F(r_t)) from r_0 = ``initial``: adoption in a well-mixed crowd.

    Granovetter's normal-threshold example: with mean 0.25, participation stays near 0.04
    at σ = 0.12 but reaches everyone at σ = 0.13.

    Examples
    --------
    >>> round(float(mean_field_adoption(0.25, 0.12, steps=500)[-1]), 2)
    0.04
    >>> round(float(mean_field_adoption(0.25, 0.13, steps=500)[-1]), 2)
    1.0
    """
    check_number("initial", initial, 0, 1)
    steps = check_integer("steps", steps, 0, 100_000)
    r = np.empty(steps + 1)
    r[0] = initial
    for t in range(steps):
        r[t + 1] = max(r[t], float(adoption_curve(r[t], threshold_mean, threshold_sd, mandatoriness)))
    return r
