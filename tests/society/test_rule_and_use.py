"""Rule versus use: behaviour follows what the scoring rule in use does, plus an explicit stigma.

Self-protection (how far my score follows my friends' scores) and the stake of speaking are
measured from the rule in use; stigma is a separate parameter for the score's use. See the
module docstring of utils.society.model (steps 2, 3 and 5).
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from utils.society import (
    SocialCreditParams,
    SparseNetwork,
    cut_probability,
    initial_state,
    reference_step,
    rule_sensitivities,
    simulate,
    vectorised_step,
)
from utils.society.networks import build_network


def own_conduct(u, peer, s):
    """A rule that ignores friends entirely."""
    return u


def frozen(u, peer, s):
    """A rule under which scores never change."""
    return s


def written_out(beta):
    def rule(u, peer, s):
        return (1 - beta) * u + beta * peer
    return rule


# Final measures recorded from the model before self-protection was measured from the rule
# (default rule, stigma 0): the change must leave these runs exactly as they were.
RECORDED = {
    "small world 300, defaults": (
        lambda: simulate(build_network("small world", n=300, seed=1), SocialCreditParams(), 200, seed=1),
        dict(isolated=57, ties=664, mean_score=0.34393622155480025, endorsement=0.6133333333333333,
             falsification_rate=0.06333333333333334)),
    "lesson 07, relative cutoff, beta 0.9": (
        lambda: simulate(build_network("small world", n=400, seed=7),
                         SocialCreditParams(peer_weight=0.9, exclusion_rate=0.5, initial_enrolment=1.0), 300, seed=7),
        dict(isolated=81, ties=889, mean_score=0.7022508554407029, endorsement=0.715, falsification_rate=0.195)),
    "communities, everything on": (
        lambda: simulate(build_network("communities", n=200, seed=2),
                         SocialCreditParams(peer_weight=0.8, exclusion_rate=0.5, rewiring=0.6, conformity=0.7,
                                            score_stake=0.4, internalisation=0.1, initial_enrolment=0.3,
                                            mandatoriness=0.1), 60, seed=3),
        dict(isolated=40, ties=405, mean_score=0.7657016049104022, endorsement=0.9, falsification_rate=0.39)),
}


@pytest.mark.parametrize("name", list(RECORDED))
def test_default_rule_and_no_stigma_reproduce_the_recorded_model(name):
    make, expected = RECORDED[name]
    last = make().metrics.iloc[-1]
    for column, value in expected.items():
        assert last[column] == pytest.approx(value, abs=1e-12), column


@pytest.mark.parametrize("beta", [0.0, 0.3, 0.5, 0.9, 1.0])
def test_default_rule_sensitivities_are_beta_and_one_minus_beta(beta):
    params = SocialCreditParams(peer_weight=beta)
    assert rule_sensitivities(None, None, None, None, None, params) == (beta, 1 - beta)
    # the same rule passed as a custom function, probed at a real state, agrees to 1e-12
    graph = build_network("small world", n=200, seed=2)
    state = initial_state(graph, params, seed=3)
    network = SparseNetwork.from_graph(graph)
    peer = network.neighbour_sums(state.score) / network.degree
    rule = written_out(beta)
    scores = rule(state.behaviour, peer, state.score)
    sigma, lam = rule_sensitivities(rule, state.behaviour, peer, state.score, scores, params)
    assert sigma == pytest.approx(beta, abs=1e-12)
    assert lam == pytest.approx(1 - beta, abs=1e-12)


def test_sensitivities_of_other_rules():
    params = SocialCreditParams(peer_weight=0.9)   # the parameter β must play no part
    rng = np.random.default_rng(0)
    u, peer, s = rng.random(400), rng.random(400), rng.random(400)
    sigma, lam = rule_sensitivities(own_conduct, u, peer, s, u, params)
    assert sigma == 0.0 and lam == pytest.approx(1.0, abs=1e-12)
    assert rule_sensitivities(frozen, u, peer, s, s, params) == (0.0, 0.0)
    harsh = np.minimum(u, peer)                    # follows friends only where they are lower
    sigma, lam = rule_sensitivities(lambda u, p, s: np.minimum(u, p), u, peer, s, harsh, params)
    assert 0.3 < sigma < 0.7 and 0.3 < lam < 0.7
    ranks = peer.argsort().argsort() / 399          # your rank among friends' averages: relative
    sigma, lam = rule_sensitivities(lambda u, p, s: p.argsort().argsort() / 399, u, peer, s, ranks, params)
    assert sigma > 0.5 and lam == 0.0


def test_cut_probability_adds_stigma_and_is_capped():
    assert cut_probability(0.5, SocialCreditParams(exclusion_rate=0.5)) == 0.25
    assert cut_probability(0.0, SocialCreditParams(exclusion_rate=0.5, stigma=0.4)) == pytest.approx(0.2)
    assert cut_probability(1.0, SocialCreditParams(exclusion_rate=0.5, stigma=1.0)) == 1.0
    assert cut_probability(-2.0, SocialCreditParams(exclusion_rate=0.5)) == 0.0


LESSON_07 = SocialCreditParams(peer_weight=0.9, exclusion_rate=0.3, initial_enrolment=1.0)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_a_rule_that_ignores_friends_isolates_as_many_as_beta_zero(seed):
    graph = build_network("small world", n=400, seed=seed)
    ignoring = simulate(graph, LESSON_07, 200, seed=seed, score_rule=own_conduct, keep_history=False)
    beta_zero = simulate(graph, LESSON_07.replace(peer_weight=0.0), 200, seed=seed, keep_history=False)
    peer_rule = simulate(graph, LESSON_07, 200, seed=seed, keep_history=False)
    assert ignoring.metrics["isolated_share"].iloc[-1] == beta_zero.metrics["isolated_share"].iloc[-1]
    assert ignoring.metrics["ties"].iloc[-1] == beta_zero.metrics["ties"].iloc[-1]
    # the control: under the friends' rule the same setting does exclude people
    assert peer_rule.metrics["isolated_share"].iloc[-1] > 0.05


@pytest.mark.parametrize("rule", [None, own_conduct, frozen], ids=["beta 0", "own conduct", "frozen"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stigma_excludes_under_any_rule(rule, seed):
    graph = build_network("small world", n=400, seed=seed)
    params = LESSON_07.replace(peer_weight=0.0) if rule is None else LESSON_07
    without = simulate(graph, params, 200, seed=seed, score_rule=rule, keep_history=False).metrics.iloc[-1]
    with_stigma = simulate(graph, params.replace(stigma=0.5), 200, seed=seed, score_rule=rule,
                           keep_history=False).metrics.iloc[-1]
    assert without["isolated_share"] == 0 and without["ties"] == graph.number_of_edges()
    assert with_stigma["isolated_share"] > 0.05
    assert with_stigma["ties"] < graph.number_of_edges()


@pytest.mark.parametrize("rule", [None, own_conduct, lambda u, peer, s: np.minimum(u, peer)],
                         ids=["default", "own conduct", "harsh"])
def test_fast_and_reference_agree_with_stigma(rule):
    graph = build_network("small world", n=60, seed=4)
    params = SocialCreditParams(peer_weight=0.6, exclusion_rate=0.4, stigma=0.3, rewiring=0.5, conformity=0.6,
                                score_stake=0.4, initial_enrolment=0.5)
    fast = initial_state(graph, params, seed=9)
    ref = fast.copy()
    network, ref_graph = SparseNetwork.from_graph(graph), nx.Graph(graph)
    rng_fast, rng_ref = np.random.default_rng(11), np.random.default_rng(11)
    for _ in range(30):
        fast = vectorised_step(network, fast, params, rng_fast, rule)
        ref = reference_step(ref_graph, ref, params, rng_ref, rule)
        assert np.array_equal(fast.expressed, ref.expressed)
        np.testing.assert_allclose(fast.score, ref.score, rtol=0, atol=1e-12)
        assert sorted(map(tuple, np.c_[network.src, network.dst].tolist())) == \
            sorted((min(a, b), max(a, b)) for a, b in ref_graph.edges())
    assert network.ties < graph.number_of_edges()
    assert rng_fast.random() == rng_ref.random()


def test_stigma_is_validated():
    with pytest.raises(ValueError, match="stigma"):
        SocialCreditParams(stigma=1.5)
