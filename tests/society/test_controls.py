"""Controls for claims about structure and choices: degree-matched networks, and rewiring ties between low scorers."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from utils.society import SocialCreditParams, SparseNetwork, initial_state, reference_step, simulate, vectorised_step
from utils.society.networks import build_network, degree_matched, network_summary


def degrees(graph):
    return sorted(d for _, d in graph.degree())


@pytest.mark.parametrize("seed", [1, 2])
def test_configuration_control_keeps_every_degree_and_loses_clustering(seed):
    world = build_network("small world", n=600, seed=seed)
    control = degree_matched(world, seed=seed)
    assert list(control.nodes) == list(world.nodes)
    assert degrees(control) == degrees(world)
    assert nx.number_of_selfloops(control) == 0
    assert len(set(control.edges()) & set(world.edges())) < 0.2 * world.number_of_edges()
    assert network_summary(world)["clustering"] > 0.3
    assert network_summary(control)["clustering"] < 0.05
    assert sorted(control.edges()) == sorted(degree_matched(world, seed=seed).edges())   # seeded


def test_random_regular_control_and_kind():
    world = build_network("small world", n=500, seed=3)
    control = degree_matched(world, method="random regular", seed=3)
    assert set(degrees(control)) == {6}
    assert control.number_of_edges() == world.number_of_edges()
    built = build_network("random regular", n=500, seed=3, mean_degree=6)
    assert list(built.nodes) == list(range(500)) and set(degrees(built)) == {6}
    assert network_summary(built)["clustering"] < 0.05
    with pytest.raises(ValueError, match="even"):
        build_network("random regular", n=101, mean_degree=5)


def test_controls_keep_string_labels_and_validate():
    club = nx.relabel_nodes(nx.karate_club_graph(), {i: f"p{i}" for i in range(34)})
    control = degree_matched(club, seed=1)
    assert list(control.nodes) == list(club.nodes) and degrees(control) == degrees(club)
    with pytest.raises(TypeError, match="graph"):
        degree_matched(nx.DiGraph([(0, 1)]))
    with pytest.raises(ValueError, match="method"):
        degree_matched(club, method="erdos")


def test_network_summary_closed_forms():
    ring = nx.cycle_graph(10)
    s = network_summary(ring)
    assert (s["people"], s["ties"], s["mean_degree"], s["degree_sd"], s["clustering"]) == (10, 10, 2.0, 0.0, 0.0)
    assert network_summary(nx.complete_graph(5))["clustering"] == 1.0


# --- a cut tie between two low scorers: never replaced (default) or replaced like the others ---

# lesson 08's "exclude the holdouts": non-members have the default score 0.3, below the cutoff, and are
# shunned for it (stigma κ = 0.5: with β = 0.1 cutting a holdout gains a member almost nothing)
HOLDOUTS = SocialCreditParams(peer_weight=0.1, exclusion_rate=0.5, cutoff="absolute", cutoff_score=0.35, stigma=0.5)
HARSH = SocialCreditParams(peer_weight=0.9, exclusion_rate=0.5, rewiring=1.0, initial_enrolment=1.0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rewiring_low_ties_turns_isolation_of_holdouts_into_recruitment(seed):
    graph = build_network("small world", n=400, seed=seed)
    default = simulate(graph, HOLDOUTS, 200, seed=seed, keep_history=False).metrics.iloc[-1]
    again = simulate(graph, HOLDOUTS.replace(low_rewiring=0.0), 200, seed=seed, keep_history=False).metrics.iloc[-1]
    alike = simulate(graph, HOLDOUTS.replace(low_rewiring=HOLDOUTS.rewiring), 200, seed=seed,
                     keep_history=False).metrics.iloc[-1]
    assert default.equals(again), "the default must be unchanged"
    assert default["isolated_share"] > 0.5 and default["enrolment"] < 0.5
    assert alike["isolated_share"] < 0.5 * default["isolated_share"]
    assert alike["enrolment"] > default["enrolment"] + 0.3


@pytest.mark.parametrize("cutoff", ["relative", "absolute"])
def test_fast_and_reference_agree_when_low_ties_rewire(cutoff):
    graph = build_network("small world", n=60, seed=4)
    params = HARSH.replace(low_rewiring=0.7, rewiring=0.4, cutoff=cutoff, cutoff_score=0.5, conformity=0.6)
    fast = initial_state(graph, params, seed=9)
    ref = fast.copy()
    network, ref_graph = SparseNetwork.from_graph(graph), nx.Graph(graph)
    rng_fast, rng_ref = np.random.default_rng(5), np.random.default_rng(5)
    for _ in range(30):
        fast = vectorised_step(network, fast, params, rng_fast)
        ref = reference_step(ref_graph, ref, params, rng_ref)
        np.testing.assert_allclose(fast.score, ref.score, rtol=0, atol=1e-12)
        assert sorted(map(tuple, np.c_[network.src, network.dst].tolist())) == \
            sorted((min(a, b), max(a, b)) for a, b in ref_graph.edges())
    assert rng_fast.random() == rng_ref.random()
