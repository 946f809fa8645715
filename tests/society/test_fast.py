"""The fast network's bookkeeping: products kept up to date as ties and values change; a run's steps."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy.sparse.csgraph import connected_components

from utils.capstone.compare import rank_rule
from utils.society import SocialCreditParams, SparseNetwork, initial_state, simulate, vectorised_step
from utils.society.networks import build_network
from utils.society.run import run_on


@pytest.mark.parametrize("seed", range(4))
def test_whole_sums_stay_equal_to_the_full_product(seed):
    rng = np.random.default_rng(seed)
    net = SparseNetwork.from_graph(build_network("small world", n=300, seed=seed))
    net._tracking = True                    # as on a large network (a small one recomputes: it is quicker)
    values = rng.integers(0, 2, 300).astype(float) + 8 * rng.integers(0, 2, 300)
    corrected = 0
    for _ in range(60):
        low = rng.random(300) < 0.1
        a, b, which = net.touching(low)
        cut = rng.random(a.size) < 0.3
        net.cut(which[cut])
        net.add(rng.integers(0, 300, 15), rng.integers(0, 300, 15))
        flip = rng.random(300) < (0.01 if rng.random() < 0.8 else 0.3)   # mostly few changes, sometimes many
        values = values.copy()
        values[flip] = rng.integers(0, 2, flip.sum()) + 8 * rng.integers(0, 2, flip.sum())
        kept = net._tracked
        got = net.whole_sums(values).copy()
        corrected += kept is not None and net._tracked is kept     # corrected, not recomputed
        assert np.array_equal(got, net.adjacency @ values)
    assert corrected > 20, "the test must exercise the corrected path"


def test_the_kept_scores_product_is_reused_and_kept_exact_as_ties_change():
    """sums_of: one product of the scores a step, corrected row by row, equal to a fresh product to the last bit."""
    rng = np.random.default_rng(3)
    net = SparseNetwork.from_graph(build_network("small world", n=200, seed=1))
    net._correcting = True                  # as on a large network (a small one recomputes: it is quicker)
    s = rng.random(200)
    product = net.sums_of(s)
    assert net.sums_of(s) is product, "asked again for the same array: the same product"
    corrected = 0
    for _ in range(80):
        low = rng.random(200) < 0.02                      # a few changes a step, as late in a run
        a, b, which = net.touching(low)
        net.cut(which[rng.random(a.size) < 0.3])
        net.add(rng.integers(0, 200, 2), rng.integers(0, 200, 2))
        kept = net.sums_of(s)
        corrected += kept is product
        assert np.array_equal(kept, net.neighbour_sums(s)), "the corrected product must equal a fresh one exactly"
        product = kept
    assert corrected > 20, "the test must exercise the corrected path (not only rebuilds)"
    other = s.copy()
    assert net.sums_of(other) is not product and np.array_equal(net.sums_of(other), net.neighbour_sums(s))


def _ties(net):
    return sorted(map(tuple, np.c_[net.src, net.dst].tolist()))


@pytest.mark.parametrize("many", [False, True])
def test_ties_touching_low_scorers_come_in_key_order_with_the_extra_ties_merged_in(many):
    """Few touching ties are merged by a sort, many by placing the extra ties; both give key order."""
    rng = np.random.default_rng(5)
    n = 6000 if many else 300
    net = SparseNetwork.from_graph(build_network("small world", n=n, seed=1, mean_degree=10 if many else 6))
    for _ in range(5):                                     # cut some ties and add others (extra ties)
        low = rng.random(n) < 0.2
        a, b, which = net.touching(low)
        net.rewire(which[rng.random(a.size) < 0.2], rng.integers(0, n, n // 20), rng.integers(0, n, n // 20))
    assert net.extra_keys.size > 0
    low = rng.random(n) < 0.2
    a, b, which = net.touching(low)
    expected = [(i, j) for i, j in _ties(net) if low[i] or low[j]]
    assert list(zip(a.tolist(), b.tolist())) == expected
    assert (a.size > 4096) == many, "the test must exercise the merge it names"
    keys = np.where(which >= 0, net.tie_keys[np.maximum(which, 0)], net.extra_keys[np.maximum(-1 - which, 0)])
    assert np.array_equal(keys, a * n + b), "each tie's number must point at that tie"


def test_connected_groups_match_scipy_on_the_tie_matrix():
    rng = np.random.default_rng(2)
    net = SparseNetwork.from_graph(build_network("small world", n=400, seed=2, mean_degree=4))
    for _ in range(12):
        low = rng.random(400) < 0.3
        a, b, which = net.touching(low)
        net.rewire(which[rng.random(a.size) < 0.6], rng.integers(0, 400, 30), rng.integers(0, 400, 30))
        labels = net.component_labels()
        expected = connected_components(net.adjacency, directed=False)[1]
        pairs = set(zip(labels.tolist(), expected.tolist()))          # the same partition, whatever the labels
        assert len(pairs) == len(set(labels.tolist())) == len(set(expected.tolist()))
    assert len(set(labels.tolist())) > 1, "the test must split the network"


def test_a_copy_of_a_network_is_independent_and_equal():
    net = SparseNetwork.from_graph(build_network("small world", n=200, seed=3))
    net.rewire(np.arange(10), np.arange(20), np.arange(20) + 50)
    twin = net.copy()
    assert _ties(twin) == _ties(net) and np.array_equal(twin.degree, net.degree)
    s = np.random.default_rng(1).random(200)
    assert np.array_equal(twin.neighbour_sums(s), net.neighbour_sums(s))
    before = _ties(net)
    twin.rewire(np.arange(30, 60), np.arange(5), np.arange(5) + 100)
    assert _ties(net) == before and _ties(twin) != before


RUNS = {
    "default": SocialCreditParams(),
    "everyone enrolled, stigma, low ties rewired": SocialCreditParams(peer_weight=0.9, exclusion_rate=0.3, stigma=0.4,
                                                                      initial_enrolment=1.0, low_rewiring=0.5),
    "everyone enrols during the run": SocialCreditParams(initial_enrolment=0.3, mandatoriness=0.3, exclusion_rate=0.2),
    "absolute cutoff, internalisation": SocialCreditParams(cutoff="absolute", exclusion_rate=0.4, internalisation=0.1,
                                                           conformity=0.7, score_stake=0.4),
    "no exclusion": SocialCreditParams(exclusion_rate=0.0, peer_weight=0.8),
    "nobody low": SocialCreditParams(cutoff_share=0.0, exclusion_rate=0.3),
}


@pytest.mark.parametrize("rule", [None, rank_rule], ids=["default rule", "rank rule"])
@pytest.mark.parametrize("name", list(RUNS))
def test_a_run_equals_its_steps_taken_one_by_one(name, rule):
    """simulate keeps what stays fixed from step to step (and the metrics reuse the step's products);
    the result is the same, to the last bit, as vectorised_step called afresh each step."""
    graph = build_network("small world", n=150, seed=4)
    params, steps = RUNS[name], 40
    run = simulate(graph, params, steps, seed=7, score_rule=rule)
    rng = np.random.default_rng(7)
    state, network = initial_state(graph, params, rng), SparseNetwork.from_graph(graph)
    for t in range(1, steps + 1):
        state = vectorised_step(network, state, params, rng, rule)
        assert np.array_equal(run.scores[t], state.score), f"scores differ at step {t}"
        assert np.array_equal(run.expressed[t], state.expressed) and np.array_equal(run.enrolled[t], state.enrolled)
    assert np.array_equal(run.final.attitude, state.attitude) and _ties(run.network) == _ties(network)
    if name == "everyone enrols during the run":
        assert not run.enrolled[0].all() and run.enrolled[-1].all()


def test_a_dashboard_run_equals_simulate_but_for_the_cut_gain():
    graph = build_network("small world", n=300, seed=0)
    params = SocialCreditParams(peer_weight=0.7, exclusion_rate=0.2)
    template = SparseNetwork.from_graph(graph)
    full = simulate(graph, params, 60, seed=0, keep_history=False).metrics
    for _ in range(2):                                       # the template is not changed by a run on its copy
        lean = run_on(graph, template.copy(), params, 60, 0, keep_history=False, cut_gain=False).metrics
        assert lean["cut_gain"].isna().all() and full["cut_gain"].notna().sum() > 50
        others = full.columns.drop("cut_gain")
        assert lean[others].equals(full[others])
