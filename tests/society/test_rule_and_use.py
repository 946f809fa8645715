"""Rule versus use: self-protection is what cutting a low scorer does to the cutter's own score, stigma is apart.

Self-protection is measured at the cut, under the rule in use: the would-be cutter's gain g is their
next score without the tie minus with it (issue 20). Stigma κ is a second, independent reason to cut,
so no incentive in the rule cancels it. See step 5 of utils.society.model.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from utils.capstone.compare import (CUT_GAIN_SETTING, any_friend_below, friends_blind, rank_rule, rewards_low_friends,
                                    thresholded_average)
from utils.society import (
    Friends,
    SocialCreditParams,
    SparseNetwork,
    cut_gain,
    cut_gains,
    cut_probability,
    gains_from_cutting,
    initial_state,
    next_scores,
    reference_step,
    simulate,
    vectorised_step,
)
from utils.society.model import low_scorers
from utils.society.networks import build_network
from utils.society.rules import reads_friends

RULES = {"default": None, "thresholded average": thresholded_average, "rank": rank_rule,
         "any friend below 0.2": any_friend_below, "friends-blind": friends_blind,
         "rewards low friends": rewards_low_friends}


def mid_run(seed=3, n=120, steps=6, rule=None, params=None):
    """A network and state some steps into a run, so that scores have spread and a few ties are cut."""
    params = params or SocialCreditParams(peer_weight=0.7, exclusion_rate=0.1, initial_enrolment=0.6)
    graph = build_network("small world", n=n, seed=seed)
    network, state = SparseNetwork.from_graph(graph), initial_state(graph, params, seed=seed)
    rng = np.random.default_rng(seed)
    for _ in range(steps):
        state = vectorised_step(network, state, params, rng, rule)
    return network, state, params


def definition(graph, u, s, cutter, friend, params, rule):
    """g by its definition, from scratch: the cutter's next score with the tie removed minus with it."""
    def friends_of(g):
        return Friends.from_ties(s.size, *zip(*g.edges())) if g.number_of_edges() else None

    def scores(g, peer_of_cutter):
        peer = np.array([np.mean([s[j] for j in graph.neighbors(i)]) if graph.degree(i) else params.default_score
                         for i in range(s.size)])
        peer[cutter] = peer_of_cutter
        return next_scores(rule, u, peer, s, params, friends_of(g))[cutter]

    others = [s[j] for j in graph.neighbors(cutter) if j != friend]
    without = graph.copy()
    without.remove_edge(cutter, friend)
    before = np.mean([s[j] for j in graph.neighbors(cutter)])
    after = np.mean(others) if others else params.default_score
    return scores(without, after) - scores(graph, before), after - before


@pytest.mark.parametrize("name", ["default", "thresholded average", "rank", "any friend below 0.2"])
def test_the_cut_gain_equals_its_definition(name):
    rule = RULES[name]
    network, state, params = mid_run(rule=rule)
    graph = network.to_graph()
    u, s = state.behaviour, state.score
    cutter, friend, gain, shift = cut_gains(network, u, s, params, rule)
    low = low_scorers(s, params)
    assert cutter.size > 50 and np.all(low[friend]), "every would-be cutter's friend on the tie is low"
    pays = 0
    for i, j, g, d in zip(cutter, friend, gain, shift):
        want_g, want_d = definition(graph, u, s, i, j, params, rule)
        assert g == pytest.approx(want_g, abs=1e-12) and d == pytest.approx(want_d, abs=1e-12), (i, j)
        if name == "default":
            assert g == pytest.approx(params.peer_weight * d, abs=1e-12), "the default rule's gain is β·Δ"
        pays += g > 1e-12
    assert 0 < pays < cutter.size, "the state must hold ties where cutting pays and ties where it does not"


@pytest.mark.parametrize("name", ["default", "rank", "any friend below 0.2"])
def test_the_readable_gain_agrees_with_the_vectorised_one(name):
    rule = RULES[name]
    network, state, params = mid_run(rule=rule, n=60)
    graph, u, s = network.to_graph(), state.behaviour, state.score
    cutter, friend, gain, _ = cut_gains(network, u, s, params, rule)
    for person in np.unique(cutter)[:15]:
        readable = gains_from_cutting(graph, int(person), u, s, params, rule)
        for j, g in zip(friend[cutter == person], gain[cutter == person]):
            assert readable[int(j)] == pytest.approx(g, abs=1e-12)


def test_under_the_default_rule_the_chance_is_phi_beta_exactly_where_cutting_pays():
    network, state, params = mid_run()
    cutter, friend, gain, shift = cut_gains(network, state.behaviour, state.score, params)
    chance = cut_probability(gain, shift, params)
    pays = shift > 0
    assert pays.any() and (~pays).any()
    np.testing.assert_allclose(chance[pays], params.exclusion_rate * params.peer_weight, rtol=1e-12)
    assert np.all(chance[~pays] == 0)


def test_cut_probability_combines_two_independent_reasons():
    p = SocialCreditParams(exclusion_rate=0.4, stigma=0.5)
    gains = np.array([-1.0, 0.0, 1e-13, 0.01, 0.15, 0.3])
    shifts = np.array([0.1, 0.1, 0.1, 0.1, 0.1, 0.0])
    c = cut_probability(gains, shifts, p)
    stigma = 0.4 * 0.5
    assert np.all(c >= stigma - 1e-15), "no incentive in the rule may lower the chance below φκ"
    np.testing.assert_allclose(c[:3], stigma)                               # cutting does not pay
    np.testing.assert_allclose(c[3], 1 - (1 - 0.4 * 0.1) * (1 - stigma))    # pays a tenth of the shift
    np.testing.assert_allclose(c[4:], 1 - (1 - 0.4) * (1 - stigma))         # capped at φ
    assert np.all(np.diff(c) >= 0), "the chance grows with the gain"
    assert np.all(cut_probability(gains, shifts, p.replace(stigma=0.0))[:3] == 0)


SEEDS = range(5)


def isolated(rule, kappa, seeds=SEEDS, params=CUT_GAIN_SETTING):
    return np.array([simulate(build_network("small world", n=400, seed=s), params.replace(stigma=kappa), 200, seed=s,
                              score_rule=rule, keep_history=False).metrics["isolated"].iloc[-1] for s in seeds])


def test_exclusion_where_cutting_barely_pays_is_far_below_the_default_rules():
    """Lesson 07's setting: friends' average counts only below ½, so most would-be cutters gain nothing."""
    default, barely = isolated(None, 0.0), isolated(thresholded_average, 0.0)
    assert default.min() > 40
    assert barely.mean() < 0.2 * default.mean(), (barely, default)
    first = {name: simulate(build_network("small world", n=400, seed=1), CUT_GAIN_SETTING, 1, seed=1, score_rule=rule,
                            keep_history=False).metrics.iloc[1] for name, rule in
             (("default", None), ("barely", thresholded_average))}
    assert first["barely"]["cut_pays"] < 0.5 * first["default"]["cut_pays"]


@pytest.mark.parametrize("name", list(RULES))
def test_stigma_excludes_under_every_rule(name):
    """Including a rule that rewards having low-scoring friends (cutting them lowers your score)."""
    without, with_stigma = isolated(RULES[name], 0.0, range(2)), isolated(RULES[name], 0.5, range(2))
    assert np.all(with_stigma >= 60), with_stigma        # the bottom fifth of 400 is 80 people
    if without.mean() < 20:                              # where the rule alone excludes few, stigma adds many
        assert with_stigma.mean() > without.mean() + 40, (without, with_stigma)


def test_where_cutting_never_pays_and_there_is_no_stigma_no_tie_is_cut_by_construction():
    for seed in (1, 2, 3):
        graph = build_network("small world", n=400, seed=seed)
        run = simulate(graph, CUT_GAIN_SETTING, 200, seed=seed, score_rule=friends_blind, keep_history=False)
        assert run.metrics["ties"].iloc[-1] == graph.number_of_edges()
        assert np.nanmax(run.metrics["cut_gain"].to_numpy()) == 0.0
        assert np.nanmax(run.metrics["cut_chance"].to_numpy()) == 0.0


@pytest.mark.parametrize("kappa", [0.0, 0.3])
@pytest.mark.parametrize("name", list(RULES))
def test_fast_and_reference_agree(name, kappa):
    rule = RULES[name]
    graph = build_network("small world", n=60, seed=4)
    params = SocialCreditParams(peer_weight=0.6, exclusion_rate=0.4, stigma=kappa, rewiring=0.5, conformity=0.6,
                                score_stake=0.4, initial_enrolment=0.5)
    fast = initial_state(graph, params, seed=9)
    ref = fast.copy()
    network, ref_graph = SparseNetwork.from_graph(graph), nx.Graph(graph)
    rng_fast, rng_ref = np.random.default_rng(11), np.random.default_rng(11)
    for _ in range(30):
        fast_report, ref_report = {}, {}
        fast = vectorised_step(network, fast, params, rng_fast, rule, decided=[0, 5], report=fast_report)
        ref = reference_step(ref_graph, ref, params, rng_ref, rule, decided=[0, 5], report=ref_report)
        assert np.array_equal(fast.expressed, ref.expressed)
        np.testing.assert_allclose(fast.score, ref.score, rtol=0, atol=1e-12)
        np.testing.assert_allclose(fast_report["cut_gain"], ref_report["cut_gain"], rtol=0, atol=1e-12)
        np.testing.assert_array_equal(fast_report["cut_pays"], ref_report["cut_pays"])
        # the reference divides g by Δ as written; for the default rule the fast step knows the ratio is β
        np.testing.assert_allclose(fast_report["cut_chance"], ref_report["cut_chance"], rtol=1e-6, atol=0)
        assert sorted(map(tuple, np.c_[network.src, network.dst].tolist())) == \
            sorted((min(a, b), max(a, b)) for a, b in ref_graph.edges())
    if kappa or name not in ("friends-blind", "rewards low friends"):
        assert network.ties < graph.number_of_edges()
    assert rng_fast.random() == rng_ref.random()


def test_decided_people_keep_the_ties_only_they_would_cut():
    """A game's player decides their own cuts: ties on which they are the only would-be cutter stay."""
    graph = build_network("small world", n=200, seed=2)
    params = SocialCreditParams(peer_weight=0.9, exclusion_rate=0.5, stigma=1.0, initial_enrolment=1.0)
    state, network = initial_state(graph, params, seed=2), SparseNetwork.from_graph(graph)
    rng = np.random.default_rng(2)
    for _ in range(20):
        before = set(map(tuple, np.c_[network.src, network.dst].tolist()))
        state = vectorised_step(network, state, params, rng, decided=[0])
        after = set(map(tuple, np.c_[network.src, network.dst].tolist()))
        low = low_scorers(state.score, params)
        for a, b in before - after:
            assert 0 not in (a, b) or low[0], "a tie only the player would cut was cut by the model"
    assert network.ties < graph.number_of_edges()


def test_friends_reductions_match_plain_loops():
    graph = build_network("small world", n=80, seed=5)
    graph.add_node(80)                                            # someone with no friends
    friends = Friends.from_ties(81, *zip(*graph.edges()))
    values = np.random.default_rng(0).random(81)
    for i in range(81):
        mine = sorted(graph.neighbors(i))
        assert friends.of(i).tolist() == mine
        assert friends.sum(values)[i] == pytest.approx(sum(values[mine]))
        assert friends.min(values)[i] == (min(values[mine]) if mine else np.inf)
        assert friends.max(values)[i] == (max(values[mine]) if mine else -np.inf)
        assert friends.count(values < 0.3)[i] == sum(values[j] < 0.3 for j in mine)
    assert np.isnan(friends.mean(values)[80]) and friends.mean(values, empty=0.3)[80] == 0.3
    cut = friends.without([0], [friends.of(0)[0]])
    assert cut.of(0).tolist() == friends.of(0)[1:].tolist() and 0 in cut.of(friends.of(0)[0])


def test_which_rules_read_friends():
    def keyword(u, peer, s, *, friends):
        return u

    assert reads_friends(any_friend_below) and reads_friends(keyword)
    assert not reads_friends(rank_rule) and not reads_friends(lambda u, peer, s, scale=2: u)
    graph = build_network("small world", n=100, seed=1)
    run = simulate(graph, CUT_GAIN_SETTING, 5, seed=1, score_rule=keyword)
    assert run.metrics["agency"].iloc[-1] == pytest.approx(1.0)


# --- bad input gets an error that names the argument ------------------------------------------------------

@pytest.mark.parametrize("field, value, message", [
    ("score", np.nan, "initial.score must hold finite numbers between 0 and 1"),
    ("merit", 1.5, "initial.merit must hold finite numbers between 0 and 1"),
    ("attitude", -0.1, "initial.attitude must hold finite numbers between 0 and 1"),
    ("threshold", np.inf, "initial.threshold must hold finite numbers"),
    ("behaviour", np.nan, "initial.behaviour"),
])
def test_a_bad_initial_state_is_refused_naming_the_field(field, value, message):
    graph = nx.karate_club_graph()
    state = initial_state(graph, seed=1)
    getattr(state, field)[3] = value
    with pytest.raises(ValueError, match=message) as error:
        simulate(graph, steps=2, seed=1, initial=state)
    assert "person 3" in str(error.value)


def test_initial_flags_must_be_true_or_false():
    graph = nx.karate_club_graph()
    state = initial_state(graph, seed=1)
    state.enrolled = state.enrolled.astype(float) * 0.5
    with pytest.raises(ValueError, match="initial.enrolled must hold True/False"):
        simulate(graph, steps=2, seed=1, initial=state)
    state = initial_state(graph, seed=1)
    state.score = state.score[:5]
    with pytest.raises(ValueError, match=r"initial.score must have one entry per person, shape \(34,\)"):
        simulate(graph, steps=2, seed=1, initial=state)


@pytest.mark.parametrize("rule, message", [
    (lambda u, peer, s: np.where(u > 0.5, "high", "low"), "score_rule must return numbers"),
    (lambda u, peer, s: [None] * u.size, "score_rule must return numbers"),
    (lambda u, peer, s: u[:3], "score_rule must return one score per person"),
    (lambda u, peer, s: u + 2, "score_rule must return finite scores between 0 and 1"),
    (lambda u, peer, s: u * np.nan, "score_rule must return finite scores between 0 and 1"),
])
def test_a_rule_that_returns_non_scores_is_named(rule, message):
    with pytest.raises(ValueError, match=message):
        simulate(nx.karate_club_graph(), steps=2, seed=1, score_rule=rule)


def test_stigma_is_validated():
    with pytest.raises(ValueError, match="stigma"):
        SocialCreditParams(stigma=1.5)
