"""Seeded network builders and cached layouts."""
from __future__ import annotations

import time

import networkx as nx
import numpy as np
import pytest

from utils.society.networks import NETWORK_KINDS, build_network, edge_arrays, edge_path, network_layout


@pytest.mark.parametrize("kind", NETWORK_KINDS)
def test_builders_are_seeded_and_simple(kind):
    a = build_network(kind, n=120, seed=5)
    b = build_network(kind, n=120, seed=5)
    assert sorted(a.edges()) == sorted(b.edges())
    assert not a.is_directed() and not a.is_multigraph()
    assert nx.number_of_selfloops(a) == 0
    assert a.graph["kind"] == kind


@pytest.mark.parametrize("kind", ["small world", "scale-free", "communities"])
def test_generated_sizes_and_seeds_differ(kind):
    a = build_network(kind, n=300, seed=1, mean_degree=6)
    assert a.number_of_nodes() == 300
    assert list(a.nodes) == list(range(300))
    assert 4 <= 2 * a.number_of_edges() / 300 <= 8
    assert sorted(a.edges()) != sorted(build_network(kind, n=300, seed=2).edges())


def test_small_world_is_connected():
    assert nx.is_connected(build_network("small world", n=500, seed=3, rewire=0.3))


def test_communities_are_assortative():
    g = build_network("communities", n=400, seed=1, communities=4, mixing=0.05)
    assert nx.attribute_assortativity_coefficient(g, "community") > 0.7


def test_real_networks_sizes():
    assert build_network("karate club").number_of_edges() == 78
    assert build_network("les miserables").number_of_nodes() == 77
    assert build_network("florentine families").number_of_edges() == 20
    assert "club" in build_network("karate club").nodes[0]


@pytest.mark.parametrize("kwargs, name", [
    (dict(kind="lattice"), "kind"), (dict(n=5), "n"), (dict(n=100.5), "n"),
    (dict(mean_degree=1), "mean_degree"), (dict(kind="small world", rewire=2), "rewire"),
    (dict(kind="communities", communities=1), "communities"), (dict(seed=-1), "seed"),
])
def test_validation_names_the_argument(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        build_network(**kwargs)


def test_layout_is_cached_and_fast_for_large_networks():
    g = build_network("scale-free", n=1000, seed=9)
    start = time.perf_counter()
    pos = network_layout(g)
    first = time.perf_counter() - start
    assert pos.shape == (1000, 2) and np.all(np.isfinite(pos))
    start = time.perf_counter()
    assert network_layout(g) is pos
    assert time.perf_counter() - start < first
    assert first < 3, "a 1,000-node layout must not use the slow spring layout"


def test_layout_changes_when_ties_change():
    g = build_network("karate club")
    pos = network_layout(g)
    h = g.copy()
    h.remove_edge(0, 1)
    assert network_layout(h) is not pos


def test_edge_arrays_and_path():
    g = nx.Graph([("a", "b"), ("b", "c")])
    src, dst = edge_arrays(g)
    assert src.tolist() == [0, 1] and dst.tolist() == [1, 2]
    x, y = edge_path(np.eye(3)[:, :2], src, dst)
    assert len(x) == 6 and np.isnan(x[2]) and np.isnan(y[5])
