"""The toy scoring society: theory checks, fast-vs-reference agreement, seeds, validation."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from utils.society.networks import build_network
from utils.society import (
    SocialCreditParams,
    SparseNetwork,
    friedkin_johnsen_steady_state,
    initial_state,
    mean_field_adoption,
    reference_step,
    simulate,
    vectorised_step,
)

# Every mechanic except score averaging switched off: everyone enrolled, sincere speech,
# no exclusion, no attitude drift. Own behaviour u then stays fixed.
ONLY_AVERAGING = dict(initial_enrolment=1.0, conformity=0.0, score_stake=0.0, exclusion_rate=0.0,
                      internalisation=0.0)


@pytest.mark.parametrize("beta", [0.0, 0.3, 0.7, 0.95])
def test_scores_converge_to_friedkin_johnsen_steady_state(beta):
    graph = build_network("small world", n=200, seed=3)
    params = SocialCreditParams(peer_weight=beta, **ONLY_AVERAGING)
    run = simulate(graph, params, steps=800, seed=5)
    u = run.final.behaviour
    assert np.all(u == run.initial.behaviour), "own behaviour must stay fixed with the other mechanics off"
    expected = friedkin_johnsen_steady_state(graph, u, beta)
    np.testing.assert_allclose(run.final.score, expected, atol=1e-9)


def test_steady_state_formula_against_dense_inverse():
    graph = nx.karate_club_graph()
    a = nx.to_numpy_array(graph, weight=None)
    w = a / a.sum(axis=1, keepdims=True)
    u = np.linspace(0, 1, 34)
    dense = 0.4 * np.linalg.inv(np.eye(34) - 0.6 * w) @ u
    np.testing.assert_allclose(friedkin_johnsen_steady_state(graph, u, 0.6), dense, atol=1e-12)


def test_degroot_consensus_at_beta_one():
    # Karate club: connected, and its triangles make the averaging aperiodic.
    graph = nx.karate_club_graph()
    params = SocialCreditParams(peer_weight=1.0, **ONLY_AVERAGING)
    run = simulate(graph, params, steps=3000, seed=2)
    degree = np.array([d for _, d in graph.degree()], dtype=float)
    influence = degree / degree.sum()          # left eigenvector of W = D^-1 A
    consensus = influence @ run.initial.score
    np.testing.assert_allclose(run.final.score, consensus, atol=1e-9)
    assert run.final.score.std() < 1e-9


def test_scores_approach_consensus_as_beta_goes_to_one():
    graph = nx.karate_club_graph()
    u = np.random.default_rng(0).random(34)
    degree = np.array([d for _, d in graph.degree()], dtype=float)
    consensus = degree @ u / degree.sum()
    spreads = [np.abs(friedkin_johnsen_steady_state(graph, u, b) - consensus).max() for b in (0.5, 0.9, 0.99, 0.9999)]
    assert spreads == sorted(spreads, reverse=True)
    assert spreads[-1] < 1e-3


def _granovetter(thresholds_in_people):
    n = len(thresholds_in_people)
    graph = nx.complete_graph(n)  # everyone sees everyone else: a crowd
    params = SocialCreditParams(initial_enrolment=0.0, mandatoriness=0.0, exclusion_rate=0.0)
    state = initial_state(graph, params, seed=0)
    state.threshold = np.asarray(thresholds_in_people, dtype=float) / (n - 1)  # share of the others
    run = simulate(graph, params, steps=n + 5, seed=0, initial=state)
    return run.final.enrolled.sum()


def test_granovetter_uniform_thresholds_everyone_joins():
    assert _granovetter(range(100)) == 100


def test_granovetter_one_threshold_moved_only_one_joins():
    thresholds = list(range(100))
    thresholds[1] = 2
    assert _granovetter(thresholds) == 1


def test_granovetter_normal_thresholds_mean_field_jump():
    # Granovetter's normal example: mean 0.25, participation jumps between sigma 0.12 and 0.13.
    assert mean_field_adoption(0.25, 0.12, steps=1000)[-1] == pytest.approx(0.04, abs=0.01)
    assert mean_field_adoption(0.25, 0.13, steps=1000)[-1] == pytest.approx(1.0, abs=1e-6)


def _everything_on():
    return SocialCreditParams(peer_weight=0.8, exclusion_rate=0.5, rewiring=0.6, conformity=0.7,
                              score_stake=0.4, internalisation=0.1, initial_enrolment=0.3,
                              mandatoriness=0.1)


@pytest.mark.parametrize("cutoff", ["relative", "absolute"])
def test_fast_step_matches_reference_step(cutoff):
    graph = build_network("small world", n=60, seed=4)
    params = _everything_on().replace(cutoff=cutoff, cutoff_score=0.45)
    state_fast = initial_state(graph, params, seed=9)
    state_ref = state_fast.copy()
    network, ref_graph = SparseNetwork.from_graph(graph), graph.copy()
    rng_fast, rng_ref = np.random.default_rng(11), np.random.default_rng(11)
    changes = 0
    for _ in range(40):
        before = network.keys.size
        state_fast = vectorised_step(network, state_fast, params, rng_fast)
        state_ref = reference_step(ref_graph, state_ref, params, rng_ref)
        changes += before != network.keys.size
        # discrete choices agree exactly, scores and attitudes to rounding
        assert np.array_equal(state_fast.expressed, state_ref.expressed)
        assert np.array_equal(state_fast.enrolled, state_ref.enrolled)
        np.testing.assert_allclose(state_fast.score, state_ref.score, rtol=0, atol=1e-12)
        np.testing.assert_allclose(state_fast.attitude, state_ref.attitude, rtol=0, atol=1e-12)
        assert sorted(map(tuple, np.c_[network.src, network.dst].tolist())) == \
            sorted((min(a, b), max(a, b)) for a, b in ref_graph.edges())
    assert changes > 5, "the test must exercise tie cutting and rewiring"
    # both generators consumed the same number of draws
    assert rng_fast.random() == rng_ref.random()


def test_reference_and_fast_agree_with_custom_score_rule():
    graph = nx.karate_club_graph()
    params = _everything_on()

    def harsh(u, peer, s):
        return np.minimum(u, peer)

    a, b = initial_state(graph, params, seed=1), None
    b = a.copy()
    net, g = SparseNetwork.from_graph(graph), graph.copy()
    r1, r2 = np.random.default_rng(3), np.random.default_rng(3)
    for _ in range(10):
        a = vectorised_step(net, a, params, r1, harsh)
        b = reference_step(g, b, params, r2, harsh)
    np.testing.assert_allclose(a.score, b.score, atol=1e-12)
    assert np.array_equal(a.expressed, b.expressed)


def test_seed_reproduces_and_differs():
    graph = build_network("scale-free", n=300, seed=1)
    one = simulate(graph, _everything_on(), steps=50, seed=7)
    two = simulate(graph, _everything_on(), steps=50, seed=7)
    other = simulate(graph, _everything_on(), steps=50, seed=8)
    assert np.array_equal(one.scores, two.scores)
    assert one.metrics.equals(two.metrics)
    assert np.array_equal(one.network.keys, two.network.keys)
    assert not np.array_equal(one.scores, other.scores)


def test_generator_seed_is_used_as_is():
    graph = nx.karate_club_graph()
    a = simulate(graph, steps=5, seed=np.random.default_rng(3))
    b = simulate(graph, steps=5, seed=3)
    assert np.array_equal(a.scores, b.scores)


def test_input_graph_not_modified_and_final_graph_keeps_labels():
    graph = nx.relabel_nodes(nx.karate_club_graph(), {i: f"p{i}" for i in range(34)})
    edges = set(graph.edges())
    run = simulate(graph, _everything_on(), steps=30, seed=1)
    assert set(graph.edges()) == edges
    assert set(run.graph.nodes) == set(graph.nodes)
    assert run.graph.number_of_edges() == run.metrics["ties"].iloc[-1]
    assert run.graph.number_of_edges() != len(edges)


def test_history_and_metrics_shapes_and_ranges():
    run = simulate(build_network("communities", n=200, seed=2), _everything_on(), steps=25, seed=3)
    assert run.scores.shape == run.expressed.shape == run.enrolled.shape == (26, 200)
    assert list(run.metrics.index) == list(range(26))
    assert run.scores.min() >= 0 and run.scores.max() <= 1
    for column in ("score_gini", "isolated_share", "largest_component_share", "falsification_rate", "enrolment"):
        assert run.metrics[column].between(0, 1).all(), column
    # enrolment never goes down (irreversible)
    assert np.all(np.diff(run.metrics["enrolment"]) >= 0)
    lean = simulate(build_network("communities", n=200, seed=2), _everything_on(), steps=25, seed=3,
                    keep_history=False)
    assert lean.scores is None and lean.metrics.equals(run.metrics)


def test_metrics_table_matches_metrics_module():
    from utils import metrics

    run = simulate(nx.karate_club_graph(), _everything_on(), steps=20, seed=4)
    row = run.metrics.iloc[-1]
    final = run.final
    assert row["score_gini"] == pytest.approx(metrics.gini(final.score))
    assert row["score_assortativity"] == pytest.approx(metrics.score_assortativity(run.graph, final.score))
    assert row["isolated"] == metrics.isolated_count(run.graph)
    assert row["largest_component_share"] == pytest.approx(metrics.largest_component_share(run.graph))
    assert row["falsification_rate"] == pytest.approx(metrics.falsification_rate(final.attitude, final.expressed))
    assert row["private_public_gap"] == pytest.approx(metrics.private_public_gap(final.attitude, final.expressed))
    assert row["agency"] == pytest.approx(metrics.agency(final.score, final.behaviour))


def test_relative_cutoff_creates_an_excluded_underclass():
    # Spec prediction 3: a rank-based cutoff keeps cutting the lowest q*N people off.
    graph = build_network("small world", n=400, seed=1)
    params = SocialCreditParams(peer_weight=0.9, exclusion_rate=0.5, rewiring=1.0, cutoff_share=0.2)
    run = simulate(graph, params, steps=400, seed=1, keep_history=False)
    assert run.metrics["isolated"].iloc[-1] >= 0.5 * 0.2 * 400
    absolute = simulate(graph, params.replace(cutoff="absolute", cutoff_score=0.2), steps=400, seed=1,
                        keep_history=False)
    assert absolute.metrics["isolated"].iloc[-1] < run.metrics["isolated"].iloc[-1]


def test_agency_falls_as_peer_weight_rises():
    graph = build_network("small world", n=300, seed=2)
    agency = [simulate(graph, SocialCreditParams(peer_weight=b, exclusion_rate=0), 100, seed=1)
              .metrics["agency"].iloc[-1] for b in (0.1, 0.5, 0.9)]
    assert agency[0] > agency[1] > agency[2]


def test_custom_score_rule_is_used():
    graph = nx.karate_club_graph()
    run = simulate(graph, steps=3, seed=1, score_rule=lambda u, peer, s: np.full_like(u, 0.25))
    assert np.all(run.scores[1:] == 0.25)


@pytest.mark.parametrize("rule, message", [
    (lambda u, peer, s: u[:3], "one score per person"),
    (lambda u, peer, s: u + 2, "between 0 and 1"),
])
def test_bad_score_rule_is_named(rule, message):
    with pytest.raises(ValueError, match=message):
        simulate(nx.karate_club_graph(), steps=2, seed=1, score_rule=rule)


@pytest.mark.parametrize("kwargs, error, name", [
    (dict(peer_weight=-0.1), ValueError, "peer_weight"),
    (dict(exclusion_rate=0.9), ValueError, "exclusion_rate"),
    (dict(cutoff="median"), ValueError, "cutoff"),
    (dict(threshold_mean=0.1), ValueError, "threshold_mean"),
    (dict(conformity="high"), TypeError, "conformity"),
])
def test_params_validation_names_the_argument(kwargs, error, name):
    with pytest.raises(error, match=name):
        SocialCreditParams(**kwargs)


def test_params_are_frozen():
    with pytest.raises(AttributeError):
        SocialCreditParams().peer_weight = 0.9


@pytest.mark.parametrize("call, error, name", [
    (lambda: simulate(nx.DiGraph([(0, 1)])), TypeError, "graph"),
    (lambda: simulate("karate"), TypeError, "graph"),
    (lambda: simulate(nx.karate_club_graph(), steps=2.5), TypeError, "steps"),
    (lambda: simulate(nx.karate_club_graph(), params={"peer_weight": 0.5}), TypeError, "params"),
    (lambda: simulate(nx.karate_club_graph(), seed=-3), ValueError, "seed"),
    (lambda: simulate(nx.karate_club_graph(), score_rule=3), TypeError, "score_rule"),
    (lambda: simulate(nx.karate_club_graph(), initial=initial_state(nx.path_graph(3))), ValueError, "initial"),
])
def test_simulate_validation_names_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()
