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
Maslov, S. & Sneppen, K. (2002). Specificity and stability in topology of protein networks.
*Science* 296(5569), 910-913.
"""
from __future__ import annotations

import hashlib

import networkx as nx
import numpy as np

from ..core.cache import Cache
from ..core.checks import check_choice, check_integer, check_number, make_rng

__all__ = [
    "NETWORK_KINDS",
    "GENERATED_KINDS",
    "build_network",
    "degree_matched",
    "network_summary",
    "network_layout",
    "edge_arrays",
    "edge_path",
]


GENERATED_KINDS = ("small world", "scale-free", "communities", "random regular")
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
        model with equal groups), ``"random regular"`` (everyone has exactly ``mean_degree``
        ties, placed at random: a control with almost no clustering; ``n × mean_degree`` must
        be even), or networkx's real networks ``"karate club"`` (34 people),
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
    ValueError: kind must be one of 'small world', 'scale-free', 'communities', 'random regular', 'karate club', 'les miserables', 'florentine families'; got 'ring'
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
    elif kind == "random regular":
        if (n * mean_degree) % 2:
            raise ValueError(f"mean_degree times n must be even for a random regular network, got {mean_degree} × {n}")
        edges = nx.random_regular_graph(mean_degree, n, seed=rng).edges()
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(edges)
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


SWAPS_PER_TIE = 4


def degree_matched(graph: nx.Graph, method: str = "configuration", seed=None) -> nx.Graph:
    """A random control network for ``graph``: the same people and number of ties, placed at random.

    Use it to ask whether an effect comes from a network's clustering (friends of friends
    are friends) or only from how many ties each person has: run the model on both and
    compare (and report :func:`network_summary` of each).

    Parameters
    ----------
    graph : networkx.Graph
    method : {"configuration", "random regular"}
        ``"configuration"``: exactly the same degree sequence (everyone keeps their number of
        ties), drawn by degree-preserving tie swaps (Maslov & Sneppen 2002):
        ``4 × ties`` swaps of two ties a–b, c–d into a–d, c–b, skipping swaps that would make
        a self-tie or a double tie. ``"random regular"``: everyone gets the network's mean
        degree (rounded; n × degree must be even), ties placed at random.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    networkx.Graph
        With the same node labels (in the same order); ``graph.graph["kind"]`` says which control.

    Examples
    --------
    >>> world = build_network("small world", n=300, seed=1)
    >>> control = degree_matched(world, seed=1)
    >>> sorted(d for _, d in control.degree()) == sorted(d for _, d in world.degree())
    True
    >>> summary = network_summary(world), network_summary(control)
    >>> bool(summary[0]["clustering"] > 0.3 > 0.05 > summary[1]["clustering"])
    True
    >>> degree_matched(world, method="lattice")
    Traceback (most recent call last):
    ...
    ValueError: method must be one of 'configuration', 'random regular'; got 'lattice'
    """
    if not isinstance(graph, nx.Graph) or graph.is_directed() or graph.is_multigraph():
        raise TypeError(f"graph must be an undirected simple networkx Graph, got {type(graph).__name__}")
    check_choice("method", method, ("configuration", "random regular"))
    rng = make_rng(seed)
    nodes = list(graph.nodes)
    n, ties = len(nodes), graph.number_of_edges()
    if method == "random regular":
        degree = int(round(2 * ties / max(n, 1)))
        if degree < 1 or degree >= n or (n * degree) % 2:
            raise ValueError(f"graph must have a mean degree d with 1 ≤ d < n and n × d even for a random regular "
                             f"control, got d = {degree}, n = {n}")
        regular = nx.random_regular_graph(degree, n, seed=rng)
        control = nx.Graph()
        control.add_nodes_from(nodes)
        control.add_edges_from((nodes[a], nodes[b]) for a, b in regular.edges())
    else:
        control = nx.Graph()
        control.add_nodes_from(nodes)
        control.add_edges_from(graph.edges())
        if ties >= 2 and n >= 4:
            nx.double_edge_swap(control, nswap=SWAPS_PER_TIE * ties, max_tries=100 * SWAPS_PER_TIE * ties, seed=rng)
    control.graph["kind"] = f"{method} control"
    return control


def network_summary(graph: nx.Graph) -> dict:
    """People, ties, mean degree, the spread of degrees and clustering: what to report for a network and its control.

    ``clustering`` is the average local clustering coefficient (networkx's
    ``average_clustering``): for a person, the share of pairs of their friends who are
    friends themselves, averaged over people (0 for people with fewer than two ties).

    Examples
    --------
    >>> s = network_summary(nx.complete_graph(4))
    >>> s["people"], s["ties"], s["mean_degree"], s["clustering"]
    (4, 6, 3.0, 1.0)
    """
    if not isinstance(graph, nx.Graph):
        raise TypeError(f"graph must be a networkx Graph, got {type(graph).__name__}")
    n = graph.number_of_nodes()
    degrees = np.array([d for _, d in graph.degree()], dtype=float)
    return {"people": n, "ties": graph.number_of_edges(),
            "mean_degree": float(degrees.mean()) if n else 0.0,
            "degree_sd": float(degrees.std()) if n else 0.0,
            "clustering": float(nx.average_clustering(graph)) if n else 0.0}


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


_LAYOUTS = Cache(32)


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
    return _LAYOUTS.get(key, lambda: _layout(graph, seed, method))


def _layout(graph: nx.Graph, seed: int, method: str) -> np.ndarray:
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
