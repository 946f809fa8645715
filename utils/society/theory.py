"""What theory predicts for the toy scoring society: the Friedkin–Johnsen steady state and Granovetter's adoption map.

The tests check the simulated model against these closed forms. :func:`crowd_adoption` is the
model itself in a well-mixed crowd (everyone sees everyone else), computed without building the
crowd's ties; :func:`mean_field_adoption` is the formula it approaches as the crowd grows.

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

from .model import check_graph, check_params, initial_state

__all__ = [
    "friedkin_johnsen_steady_state",
    "adoption_curve",
    "crowd_map",
    "mean_field_adoption",
    "crowd_adoption",
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
    """F(m̄): the share whose threshold minus δ is at most m̄ (the share enrolled), for normal thresholds.

    Granovetter's map.

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


def crowd_map(share, threshold_mean: float = 0.5, threshold_sd: float = 0.15, mandatoriness: float = 0.0,
              initial: float = 0.0) -> np.ndarray:
    """G(m̄) = m₀ + (1 − m₀) F(m̄): the share enrolled next round in a large crowd with a share m̄ enrolled now.

    The people enrolled at the start (``initial``, m₀) are drawn at random, whatever their
    thresholds, as :func:`~utils.society.model.initial_state` draws them; each of the others joins
    once the enrolled share reaches their threshold minus δ, which is F(m̄) of them. With m₀ = 0
    this is Granovetter's map F.

    Examples
    --------
    >>> float(crowd_map(0.5, 0.5, 0.1, initial=0.2))
    0.6
    >>> float(crowd_map(0.5, 0.5, 0.1)) == float(adoption_curve(0.5, 0.5, 0.1))
    True
    """
    m0 = check_number("initial", initial, 0, 1)
    return m0 + (1 - m0) * adoption_curve(share, threshold_mean, threshold_sd, mandatoriness)


def mean_field_adoption(threshold_mean: float = 0.5, threshold_sd: float = 0.15, mandatoriness: float = 0.0,
                        initial: float = 0.0, steps: int = 100) -> np.ndarray:
    """Iterate m̄ ← G(m̄) = m₀ + (1 − m₀) F(m̄) from m̄ = m₀ (``initial``): adoption in a large, well-mixed crowd.

    The formula the model in a crowd (:func:`crowd_adoption`) approaches as the crowd grows. A
    random start m₀ is not the people with the lowest thresholds, so it only adds (1 − m₀)F(m̄)
    joiners to itself; treating it as the lowest thresholds (m̄ ← max(m̄, F(m̄))) would make a
    random start look like no start at all. With m₀ = 0 the map is Granovetter's m̄ ← F(m̄).

    Granovetter's normal-threshold example: with mean 0.25 and nobody at the start, participation
    stays near 0.04 at σ_θ = 0.12 but reaches everyone at σ_θ = 0.13.

    Examples
    --------
    >>> round(float(mean_field_adoption(0.25, 0.12, steps=500)[-1]), 2)
    0.04
    >>> round(float(mean_field_adoption(0.25, 0.13, steps=500)[-1]), 2)
    1.0
    >>> round(float(mean_field_adoption(0.5, 0.15, 0.15, initial=0.05, steps=200)[-1]), 3)
    0.089
    """
    check_number("initial", initial, 0, 1)
    steps = check_integer("steps", steps, 0, 100_000)
    r = np.empty(steps + 1)
    r[0] = initial
    for t in range(steps):
        r[t + 1] = float(crowd_map(r[t], threshold_mean, threshold_sd, mandatoriness, initial))
    return r


def crowd_adoption(params=None, n: int = 1000, steps: int = 200, seed=None) -> np.ndarray:
    """The share enrolled at each step when ``n`` people all see each other: the model on a complete network.

    Exactly what ``simulate(networkx.complete_graph(n), params, steps, seed=seed)`` records as
    ``enrolment``, computed without building the n(n − 1)/2 ties: the same starting state
    (:func:`~utils.society.model.initial_state`, so the same thresholds and the same random
    first members for the same seed) and the same rule, a person joins once the share of the
    *other* n − 1 who are enrolled reaches their threshold minus δ, and never leaves. It holds
    only while no tie is cut, so ``params`` must switch exclusion off (``exclusion_rate=0``) or
    leave nobody a reason to cut (``peer_weight=0`` and ``stigma=0``).

    Parameters
    ----------
    params : SocialCreditParams, optional
        The model's settings (μ_θ, σ_θ, δ and m₀ matter here).
    n : int
        People in the crowd, 2 to 1,000,000.
    steps : int
        Number of steps, 0 to 100,000.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    numpy.ndarray
        ``steps + 1`` shares, step 0 first.

    Examples
    --------
    >>> from utils.society import SocialCreditParams
    >>> p = SocialCreditParams(peer_weight=0.0, mandatoriness=0.2)
    >>> float(crowd_adoption(p, n=1000, steps=50, seed=1)[-1])
    1.0
    >>> crowd_adoption(SocialCreditParams(), n=100)
    Traceback (most recent call last):
    ...
    ValueError: params must let nobody cut a tie in the crowd (exclusion_rate=0, or peer_weight=0 and stigma=0), got exclusion_rate=0.05, peer_weight=0.5, stigma=0.0
    """
    params = check_params(params)
    n = check_integer("n", n, 2, 1_000_000)
    steps = check_integer("steps", steps, 0, 100_000)
    if params.exclusion_rate > 0 and (params.peer_weight > 0 or params.stigma > 0):
        raise ValueError("params must let nobody cut a tie in the crowd (exclusion_rate=0, or peer_weight=0 and "
                         f"stigma=0), got exclusion_rate={params.exclusion_rate}, peer_weight={params.peer_weight}, "
                         f"stigma={params.stigma}")
    state = initial_state(nx.empty_graph(n), params, seed)
    bar = state.threshold - params.mandatoriness
    enrolled = state.enrolled.copy()
    shares = np.empty(steps + 1)
    shares[0] = enrolled.mean()
    for t in range(1, steps + 1):
        others = (np.count_nonzero(enrolled) - enrolled) / (n - 1)   # the share of the others enrolled
        enrolled |= others >= bar
        shares[t] = enrolled.mean()
    return shares
