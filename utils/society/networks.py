"""Seeded social networks for the scoring-society lessons, and layouts computed once.

Every builder takes a ``seed`` (int, ``numpy.random.Generator`` or None) and passes one
Generator to networkx, so the same seed always gives the same network. Layouts are slow
to compute for large networks (a spring layout of 1,000 nodes takes seconds), so
:func:`network_layout` computes each one once and caches it; a dashboard never
recomputes a layout when a slider moves.

References
----------
Watts, D.J. & Strogatz, S.H. (1998). Collective dynamics of 'small-world' networks. *Nature* 393, 440-442.
Barabási, A.-L. & Albert, R. (1999). Emergence of scaling in random networks. *Science* 286, 509-512.
Holland, P.W., Laskey, K.B. & Leinhardt, S. (1983). Stochastic blockmodels. *Social Networks* 5(2), 109-137.
Zachary, W.W. (1977). An information flow model for conflict and fission in small groups.
*J. Anthropol. Res.* 33, 452-473.
Knuth, D.E. (1993). *The Stanford GraphBase*.
Breiger, R.L. & Pattison, P.E. (1986). Cumulated social roles. *Social Networks* 8(3), 215-256.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict

import networkx as nx
import numpy as np

from ..core.checks import check_choice, check_integer, check_number, make_rng

__all__ = [
    "NETWORK_KINDS",
    "GENERATED_KINDS",
    "build_network",
    "network_layout",
    "edge_arrays",
    "edge_path",
]


GENERATED_KINDS = ("small world", "scale-free", "communities")
REAL_KINDS = ("karate club", "les miserables", "florentine families")
NETWORK_KINDS = GENERATED_KINDS + REAL_KINDS
_MAX_NODES = 1_000_000


def build_network(kind: str = "small world", n: int = 300, seed=None, *, mean_degree: int = 6,
                  rewire: float = 0.1, communities: int = 4, mixing: float = 0.05) -> nx.Graph:
    """A seeded social network by name, with nodes labelled 0..n-1 for the generated kinds.

    Parameters
    ----------
    kind : str
        One of ``NETWORK_KINDS``: ``"small world"`` (connected Watts-Strogatz ring),
        ``"scale-free"`` (Barabási-Albert: a few hubs), ``"communities"`` (stochastic block
        model with equal groups), or networkx's real networks ``"karate club"`` (34 people),
        ``"les miserables"`` (77 characters), ``"florentine families"`` (15 families).
    n : int
        Number of people for the generated kinds, 10 to 1,000,000 (ignored by real networks).
    seed : int, numpy.random.Generator or None
        Seeds the one Generator handed to networkx.
    mean_degree : int
        Average number of ties for the generated kinds, 2 to 50 (even for small world).
    rewire : float
        Small world only: the probability of rewiring each ring tie, in [0, 1].
    communities : int
        Communities only: number of equal-sized groups, 2 to 20.
    mixing : float
        Communities only: share of a person's ties that cross groups, in [0, 1].

    Returns
    -------
    networkx.Graph
        ``graph.graph["kind"]`` holds ``kind``; real networks keep their attributes
        (the karate club's ``club`` for example) but lose edge weights, because the
        scoring model treats every tie alike.

    Examples
    --------
    >>> g = build_network("small world", n=100, seed=1)
    >>> g.number_of_nodes(), g.number_of_edges()
    (100, 300)
    >>> build_network("karate club").number_of_nodes()
    34
    >>> build_network("ring", n=10)
    Traceback (most recent call last):
    ...
    ValueError: kind must be one of 'small world', 'scale-free', 'communities', 'karate club', 'les miserables', 'florentine families'; got 'ring'
    """
    check_choice("kind", kind, NETWORK_KINDS)
    rng = make_rng(seed)
    if kind in REAL_KINDS:
        graph = {"karate club": nx.karate_club_graph,
                 "les miserables": nx.les_miserables_graph,
                 "florentine families": nx.florentine_families_graph}[kind]()
        for _, _, data in graph.edges(data=True):
            data.clear()
        graph.graph["kind"] = kind
        return graph
    n = check_integer("n", n, 10, _MAX_NODES)
    mean_degree = check_integer("mean_degree", mean_degree, 2, 50)
    if mean_degree >= n:
        raise ValueError(f"mean_degree must be below n={n}, got {mean_degree}")
    if kind == "small world":
        rewire = check_number("rewire", rewire, 0, 1)
        k = mean_degree + (mean_degree % 2)  # the ring needs an even number of neighbours
        graph = nx.connected_watts_strogatz_graph(n, k, rewire, tries=100, seed=rng)
    elif kind == "scale-free":
        graph = nx.barabasi_albert_graph(n, max(1, mean_degree // 2), seed=rng)
    else:
        communities = check_integer("communities", communities, 2, 20)
        mixing = check_number("mixing", mixing, 0, 1)
        sizes = [n // communities + (1 if i < n % communities else 0) for i in range(communities)]
        size = n / communities
        p_in = min(1.0, mean_degree * (1 - mixing) / max(size - 1, 1))
        p_out = min(1.0, mean_degree * mixing / max(n - size, 1))
        probs = [[p_in if i == j else p_out for j in range(communities)] for i in range(communities)]
        graph = nx.stochastic_block_model(sizes, probs, seed=rng, sparse=True)
        community = {v: data["block"] for v, data in graph.nodes(data=True)}
        edges = graph.edges()
        graph = nx.Graph()
        graph.add_nodes_from((v, {"community": community[v]}) for v in range(n))
        graph.add_edges_from(edges)
    graph.graph["kind"] = kind
    return graph


def edge_arrays(graph: nx.Graph) -> tuple[np.ndarray, np.ndarray]:
    """The ties of ``graph`` as two integer arrays of node positions (in ``graph.nodes`` order).

    Examples
    --------
    >>> src, dst = edge_arrays(nx.path_graph(3))
    >>> src.tolist(), dst.tolist()
    ([0, 1], [1, 2])
    """
    if not isinstance(graph, nx.Graph):
        raise TypeError(f"graph must be a networkx Graph, got {type(graph).__name__}")
    index = {node: i for i, node in enumerate(graph.nodes)}
    pairs = np.array([(index[a], index[b]) for a, b in graph.edges() if a != b], dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0].copy(), pairs[:, 1].copy()


_LAYOUTS: OrderedDict = OrderedDict()
_LAYOUT_CACHE_SIZE = 32


def network_layout(graph: nx.Graph, seed: int = 0, method: str = "auto") -> np.ndarray:
    """Node positions, an array of shape (n, 2) in ``graph.nodes`` order, computed once.

    The result is cached by the graph's nodes and ties, so calling it again for the same
    network (after a slider moved, say) costs a hash, not a layout.

    Parameters
    ----------
    graph : networkx.Graph
    seed : int
        Seed of the spring layout.
    method : {"auto", "spring", "spectral", "circular"}
        ``"auto"`` uses a spring layout up to 300 people (about half a second) and a
        spectral layout above that (a spring layout of 1,000 people takes 6-12 s).

    Examples
    --------
    >>> g = build_network("karate club")
    >>> pos = network_layout(g)
    >>> pos.shape
    (34, 2)
    >>> network_layout(g) is pos   # cached: the second call does no work
    True
    """
    check_choice("method", method, ("auto", "spring", "spectral", "circular"))
    seed = check_integer("seed", seed, 0)
    src, dst = edge_arrays(graph)
    digest = hashlib.sha1(np.concatenate([src, dst]).tobytes()).hexdigest()
    key = (graph.number_of_nodes(), digest, seed, method)
    if key in _LAYOUTS:
        _LAYOUTS.move_to_end(key)
        return _LAYOUTS[key]
    n = graph.number_of_nodes()
    if method == "auto":
        method = "spring" if n <= 300 else "spectral"
    nodes = list(graph.nodes)
    if n < 3 or graph.number_of_edges() == 0:
        method = "circular"
    if method == "spring":
        pos = nx.spring_layout(graph, seed=seed)
    elif method == "spectral":
        pos = _spectral(graph)
    else:
        pos = nx.circular_layout(graph)
    coords = np.array([pos[v] for v in nodes], dtype=float).reshape(n, 2)
    coords.setflags(write=False)
    _LAYOUTS[key] = coords
    while len(_LAYOUTS) > _LAYOUT_CACHE_SIZE:
        _LAYOUTS.popitem(last=False)
    return coords


def _spectral(graph: nx.Graph) -> dict:
    """Spectral layout per connected component, components placed side by side."""
    pos = {}
    components = sorted(nx.connected_components(graph), key=len, reverse=True)
    x_offset = 0.0
    for comp in components:
        sub = graph.subgraph(comp)
        if len(comp) >= 3:
            p = nx.spectral_layout(sub)
        else:
            p = {v: np.array([0.05 * i, 0.0]) for i, v in enumerate(comp)}
        xy = np.array(list(p.values()))
        xy = xy - xy.min(axis=0)
        width = max(xy[:, 0].max(), 0.05) if len(comp) >= 3 else 0.1
        for v, c in zip(p, xy):
            pos[v] = c + np.array([x_offset, 0.0])
        x_offset += width + 0.1
    return pos


def edge_path(positions: np.ndarray, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y arrays that draw every tie as one line trace, ties separated by NaN.

    Examples
    --------
    >>> pos = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]])
    >>> x, y = edge_path(pos, np.array([0, 1]), np.array([1, 2]))
    >>> x.tolist()
    [0.0, 1.0, nan, 1.0, 1.0, nan]
    """
    positions = np.asarray(positions, dtype=float)
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    if src.shape != dst.shape:
        raise ValueError(f"src and dst must have the same length, got {src.size} and {dst.size}")
    xy = np.full((src.size, 3, 2), np.nan)
    xy[:, 0] = positions[src]
    xy[:, 1] = positions[dst]
    return xy[:, :, 0].ravel(), xy[:, :, 1].ravel()
