"""Metrics of a scoring society, checked against closed forms and networkx."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import pandas as pd
import scipy.sparse as sp

from utils.society.metrics import (
    agency,
    falsification_rate,
    gini,
    isolated_count,
    largest_component_share,
    private_public_gap,
    score_assortativity,
    time_to_level,
)


def test_gini_closed_forms():
    assert gini([1, 1, 1, 1]) == 0
    assert gini([0, 0, 0, 5]) == pytest.approx(0.75)          # (N-1)/N for one holder
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)          # mean absolute difference / (2 mean)
    assert gini([0, 0]) == 0


def test_gini_matches_mean_absolute_difference():
    v = np.random.default_rng(1).random(200)
    mad = np.abs(v[:, None] - v[None, :]).mean()
    assert gini(v) == pytest.approx(mad / (2 * v.mean()))


def test_gini_is_scale_and_order_invariant():
    v = np.random.default_rng(2).random(50)
    assert gini(v) == pytest.approx(gini(3 * v[::-1]))


@pytest.mark.parametrize("bad, error", [([-1, 2], ValueError), ([], ValueError), (["a"], TypeError),
                                        ([np.nan, 1], ValueError)])
def test_gini_rejects_bad_values(bad, error):
    with pytest.raises(error, match="values"):
        gini(bad)


@pytest.mark.parametrize("graph", [nx.karate_club_graph(), nx.les_miserables_graph(),
                                   nx.barabasi_albert_graph(200, 3, seed=1)])
def test_assortativity_matches_networkx(graph):
    values = np.random.default_rng(3).random(graph.number_of_nodes())
    nx.set_node_attributes(graph, dict(zip(graph.nodes, values)), "s")
    expected = nx.numeric_assortativity_coefficient(graph, "s")
    assert score_assortativity(graph, values) == pytest.approx(expected, abs=1e-10)
    matrix = nx.to_scipy_sparse_array(graph, weight=None)
    assert score_assortativity(matrix, values) == pytest.approx(expected, abs=1e-10)


def test_assortativity_of_sorted_network_is_high():
    sorted_ties = nx.Graph([(0, 1), (2, 3)])       # lows with lows, highs with highs
    crossed_ties = nx.Graph()                      # every tie joins a low and a high
    crossed_ties.add_nodes_from(range(4))          # values follow graph.nodes order
    crossed_ties.add_edges_from([(0, 2), (1, 3)])
    assert score_assortativity(sorted_ties, [0, 0, 1, 1]) == pytest.approx(1)
    assert score_assortativity(crossed_ties, [0, 0, 1, 1]) == pytest.approx(-1)


def test_isolates_and_components_match_networkx():
    graph = nx.gnp_random_graph(100, 0.015, seed=4)
    assert isolated_count(graph) == len(list(nx.isolates(graph)))
    largest = max(len(c) for c in nx.connected_components(graph))
    assert largest_component_share(graph) == pytest.approx(largest / 100)
    assert largest_component_share(sp.csr_matrix(nx.to_numpy_array(graph))) == pytest.approx(largest / 100)


def test_private_public_gap_and_falsification():
    x = np.array([0.1, 0.3, 0.6, 0.8, 0.45])
    y = np.array([1, 1, 1, 0, 0])
    assert private_public_gap(x, y) == pytest.approx(3 / 5 - 2 / 5)
    assert falsification_rate(x, y) == pytest.approx(2 / 5)
    assert falsification_rate(x, x >= 0.5) == 0   # sincere speech never falsifies


def test_falsification_rejects_non_binary_and_mismatch():
    with pytest.raises(ValueError, match="expressed"):
        falsification_rate([0.2, 0.8], [0.5, 1])
    with pytest.raises(ValueError, match="same length"):
        private_public_gap([0.2, 0.8], [1])


def test_agency():
    u = np.random.default_rng(5).random(100)
    assert agency(2 * u + 1, u) == pytest.approx(1)
    assert agency(-u, u) == pytest.approx(-1)
    assert np.isnan(agency(np.ones(100), u))


def test_time_to_level():
    assert time_to_level([0, 0.3, 0.5, 0.9]) == 2
    assert time_to_level([0, 0.3], 0.9) is None


# --- the run's recorder uses the same functions, at every step -------------------------------------

def _busy():
    from utils.society import SocialCreditParams

    return SocialCreditParams(peer_weight=0.8, exclusion_rate=0.5, rewiring=0.6, conformity=0.7, score_stake=0.4,
                              initial_enrolment=0.3, mandatoriness=0.1)


@pytest.mark.parametrize("steps", [1, 4, 9])
def test_recorded_rows_match_the_public_functions_at_earlier_steps(steps):
    # a longer run passes through the same states: its row `steps` must describe the network then
    from utils.society import simulate
    from utils.society.networks import build_network

    graph = build_network("small world", n=150, seed=2)
    long = simulate(graph, _busy(), 12, seed=4)
    short = simulate(graph, _busy(), steps, seed=4)
    row, final = long.metrics.iloc[steps], short.final
    assert row["score_assortativity"] == pytest.approx(score_assortativity(short.graph, final.score), abs=1e-12)
    assert row["isolated"] == isolated_count(short.graph)
    assert row["largest_component_share"] == pytest.approx(largest_component_share(short.graph))
    assert row["score_gini"] == pytest.approx(gini(final.score), abs=1e-12)
    assert row["agency"] == pytest.approx(agency(final.score, final.behaviour), abs=1e-12)
    assert row["ties"] == short.graph.number_of_edges() != graph.number_of_edges()


def test_costly_measures_at_a_stride_and_always_at_both_ends():
    from utils.society import simulate
    from utils.society.recorder import measure_stride
    from utils.society.networks import build_network

    graph = build_network("small world", n=200, seed=1)
    every = simulate(graph, _busy(), 10, seed=3, keep_history=False)
    strided = simulate(graph, _busy(), 10, seed=3, keep_history=False, measure_every=4)
    costly = ["score_gini", "largest_component_share", "cut_gain"]       # cut_gain: none at step 0 (no step yet)
    computed = [0, 4, 8, 10]
    assert strided.metrics[costly[:2]].notna().all(axis=1).tolist() == [t in computed for t in range(11)]
    assert strided.metrics["cut_gain"].notna().tolist() == [t in computed[1:] for t in range(11)]
    pd.testing.assert_frame_equal(strided.metrics.loc[computed, costly], every.metrics.loc[computed, costly])
    cheap = [c for c in every.metrics.columns if c not in costly]
    pd.testing.assert_frame_equal(strided.metrics[cheap], every.metrics[cheap])
    assert every.metrics[costly].iloc[1:].notna().all().all()
    assert (measure_stride(3_000), measure_stride(3_001), measure_stride(300_000)) == (1, 2, 100)
    with pytest.raises(ValueError, match="measure_every"):
        simulate(graph, steps=2, measure_every=0)
