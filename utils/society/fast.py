"""The fast step: everyone updated at once, on the network kept as a sparse matrix.

It computes exactly what :func:`utils.society.model.reference_step` computes, from the same
random draws; the tests hold the two together. The network and its products live in
:mod:`utils.society.network`. To read the model, start with :mod:`utils.society.model`.
"""
from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import numpy as np

from .model import (GAIN_TOLERANCE, SocialCreditState, behaviour_weight, cut_probability, low_scorers, next_scores,
                    own_behaviour, speech_stake)
from .network import SparseNetwork
from .params import SocialCreditParams
from .rules import friedkin_johnsen, reads_friends

__all__ = [
    "vectorised_step",
    "cut_gains",
]


def vectorised_step(network: SparseNetwork, state: SocialCreditState, params: SocialCreditParams,
                    rng: np.random.Generator, score_rule: Callable | None = None, *, decided=None,
                    report: dict | None = None) -> SocialCreditState:
    """One synchronous step for everyone at once; updates ``network`` in place, returns the new state.

    Random draws, in order: when some tie touching a low scorer may be cut, one uniform per
    such tie (cut?), then for the cut ties one uniform each for "rewire?" and one for the new
    partner. :func:`reference_step` makes the same draws in the same order, so the two agree
    given the same Generator. ``decided`` and ``report`` are as in :func:`reference_step`.
    """
    p = params
    safe_degree, alone = network.safe_degree()                  # max(degree, 1); who has no ties
    # A @ s: the product the last step made of these scores (or the metrics did), kept true as ties
    # changed. A @ y and A @ m together: y + K·m with K a power of two above any degree sums to
    # (A y) + K·(A m) exactly; few people change y or m in a step, so that product is corrected.
    score_sums = network.sums_of(state.score)
    scale = network.pack_scale
    packed = network.whole_sums(state.enrolled * scale + state.expressed)
    enrolled_sums = np.floor(packed * (1 / scale))              # exact: whole numbers, K a power of two
    endorsing_sums = packed - enrolled_sums * scale
    peer = score_sums / safe_degree                             # W s (s_def if no ties)
    endorsing_share = endorsing_sums / safe_degree              # π = W y (½ if no ties)
    enrolled_share = enrolled_sums / safe_degree                # W m (0 if no ties)
    if alone.size:
        peer[alone] = p.default_score
        endorsing_share[alone] = 0.5
    friends = network.friends() if score_rule is not None and reads_friends(score_rule) else None
    # 1. own behaviour, 2. score
    u = own_behaviour(state.merit, state.expressed, state.enrolled, p)
    if score_rule is None:
        s = friedkin_johnsen(u, peer, p.peer_weight)
        weight = 1 - p.peer_weight                              # λ
    else:
        s = next_scores(score_rule, u, peer, state.score, p, friends)
        weight = behaviour_weight(score_rule, u, peer, state.score, s, p, friends)
    # 5, first half: who is low, and the chance each tie touching a low scorer is cut
    low = low_scorers(s, p)
    a, b, which = network.touching(low)                          # in key order, as the reference draws
    chance = None
    if p.exclusion_rate > 0 and a.size:
        if score_rule is None:
            chance = _default_rule_chances(network, a, b, u, s, low, p, decided, report)
        else:
            chance, gains = _cut_chances(network, a, b, u, s, low, p, score_rule, friends, decided)
            if report is not None:
                _report(report, gains.sum(), np.count_nonzero(gains > GAIN_TOLERANCE), gains.size, chance)
    elif report is not None:
        _report(report, 0.0, 0, 0, np.zeros(a.size) if p.exclusion_rate > 0 else None)
    mean_chance = float(chance.mean()) if chance is not None else p.exclusion_rate * p.stigma
    # 3. expression
    stake = speech_stake(weight, mean_chance, p)
    y = state.attitude + p.conformity * (endorsing_share - 0.5) + stake * state.enrolled >= 0.5
    # 4. enrolment (irreversible)
    m = state.enrolled | (enrolled_share >= state.threshold - p.mandatoriness)
    # 6. internalisation (uses friends' expressed behaviour at the start of the step)
    x = state.attitude
    if p.internalisation > 0:
        ones = endorsing_sums
        zeros = network.degree - ones
        close1 = ones * (np.abs(x - 1) < p.confidence)
        close0 = zeros * (np.abs(x) < p.confidence)
        total = close1 + close0
        heard = np.where(total > 0, close1 / np.where(total > 0, total, 1), x)
        x = (1 - p.internalisation) * x + p.internalisation * (0.5 * state.anchor + 0.5 * heard)
    # 5, second half: exclusion (on the new scores)
    if chance is not None and chance.max() > 0:
        cut = rng.random(a.size) < chance
        if cut.any():
            _cut_and_rewire(network, a[cut], b[cut], which[cut], low, rng, p)
    return SocialCreditState(attitude=x, anchor=state.anchor, merit=state.merit, threshold=state.threshold,
                             expressed=y, enrolled=m, score=s, behaviour=u)


def _cut_and_rewire(network: SparseNetwork, a, b, which, low, rng, p: SocialCreditParams) -> None:
    """Cut the ties a–b; each may be replaced by a tie from one of its ends to a random person not low."""
    rewire_draw = rng.random(a.size)
    partner_draw = rng.random(a.size)
    outside = np.flatnonzero(~low)
    both_low = low[a] & low[b]
    movers_ok = np.where(both_low, rewire_draw < p.low_rewiring, rewire_draw < p.rewiring) & (outside.size > 0)
    mover = np.where(both_low, np.where(rewire_draw < 0.5 * p.low_rewiring, a, b), np.where(low[a], b, a))[movers_ok]
    if outside.size:
        pick = np.minimum((partner_draw * outside.size).astype(np.int64), outside.size - 1)
        partner = outside[pick][movers_ok]
    else:
        partner = mover
    network.rewire(which, mover, partner)


def _report(report: dict, gain_total: float, paying: int, cutters: int, chance) -> None:
    report["cut_gain"] = gain_total / cutters if cutters else np.nan
    report["cut_pays"] = paying / cutters if cutters else np.nan
    report["cut_chance"] = float(chance.mean()) if chance is not None and chance.size else np.nan


def _default_rule_chances(network: SparseNetwork, a, b, u, s, low, p: SocialCreditParams, decided, report):
    """The cut chance of each tie a–b touching a low scorer under the default rule, in closed form.

    Dropping a low friend j changes cutter i's friends' average by Δ = (peer_i − s_j)/(d_i − 1)
    (to s_def − s_j for a last tie), and their next score by g = βΔ; so g = c0_i − c1_i s_j with
    c1_i = β/(d_i − 1) and c0_i = c1_i peer_i (c1_i = β and c0_i = β s_def when d_i = 1), and
    cutting pays when s_j < (c0_i − 1e-12)/c1_i. Where it pays, c_self = φβ (g/|Δ| = β).
    """
    beta = p.peer_weight
    sums = network.sums_of(s)                         # A s on the new scores: kept for the metrics and the next step
    degree = network.degree
    c1 = beta / np.maximum(degree - 1, 1)
    c0 = c1 * (sums / np.maximum(degree, 1))
    single = degree == 1
    if single.any():
        c1[single] = beta
        c0[single] = beta * p.default_score
    bar = (c0 - GAIN_TOLERANCE) / c1 if beta > 0 else np.full(low.size, -np.inf)   # i gains by cutting j: s_j < bar_i
    if decided is not None and len(decided):
        bar[np.asarray(decided, dtype=np.int64)] = -np.inf
    marked = np.where(low, s, np.inf)                 # a low friend's score; +inf for people not low
    friend_b, friend_a = marked[b], marked[a]
    pays_a = friend_b < bar[a]                        # a gains by cutting b
    pays_b = friend_a < bar[b]
    pays = pays_a | pays_b
    stigma = p.exclusion_rate * p.stigma
    chance = np.where(pays, 1 - (1 - p.exclusion_rate * min(1.0, beta)) * (1 - stigma), stigma)
    if decided is not None and len(decided):
        free = np.ones(low.size, dtype=bool)
        free[np.asarray(decided, dtype=np.int64)] = False
        chance[~((low[b] & free[a]) | (low[a] & free[b]))] = 0.0
    if report is not None:
        side_a, side_b = np.isfinite(friend_b), np.isfinite(friend_a)      # b is low: a is a would-be cutter
        if decided is not None and len(decided):
            side_a &= free[a]
            side_b &= free[b]
        cutters = np.count_nonzero(side_a) + np.count_nonzero(side_b)
        total = np.nan                                # cut_gain: with the run's costly measures only
        if report.get("gain", True):
            # the gains of all would-be cutters, summed person by person: Σ_(j low) (c0_i − c1_i s_j)
            gains = c0 * network.neighbour_sums(low.astype(float)) - c1 * network.neighbour_sums(np.where(low, s, 0.0))
            total = float(gains[free].sum() if decided is not None and len(decided) else gains.sum())
        _report(report, total, np.count_nonzero(pays_a) + np.count_nonzero(pays_b), cutters, chance)
    return chance


def cut_gains(network: SparseNetwork, u: np.ndarray, scores: np.ndarray, params: SocialCreditParams,
              score_rule: Callable | None = None, *, decided=None):
    """Every would-be cutter's gain from cutting a tie to a low scorer, as the step computes it.

    Low scorers are found on ``scores``; for each tie touching one, each end whose friend is
    low (less the ``decided`` people) is a would-be cutter. Returns four arrays, one entry
    per would-be cutter: ``cutter``, ``friend``, ``gain`` (g: the cutter's next score
    without the tie minus with it, under the rule in use) and ``shift`` (Δ: the change in
    the cutter's friends' average). :func:`utils.society.model.cut_gain` is the same
    quantity for one tie, written plainly.

    Examples
    --------
    >>> net = SparseNetwork.from_graph(nx.path_graph(3))
    >>> p = SocialCreditParams(peer_weight=0.5, cutoff="absolute", cutoff_score=0.3)
    >>> cutter, friend, gain, shift = cut_gains(net, np.full(3, 0.5), np.array([0.2, 0.6, 0.9]), p)
    >>> cutter.tolist(), friend.tolist(), gain.round(12).tolist(), shift.round(12).tolist()
    ([1], [0], [0.175], [0.35])
    """
    low = low_scorers(scores, params)
    a, b, _ = network.touching(low)
    friends = network.friends() if score_rule is not None and reads_friends(score_rule) else None
    _, cutter, friend, gain, shift = _gains(network, a, b, u, scores, low, params, score_rule, friends, decided)
    return cutter, friend, gain, shift


def _cut_chances(network: SparseNetwork, a, b, u, s, low, p: SocialCreditParams, score_rule, friends, decided):
    """The chance that each tie a–b touching a low scorer is cut, and the gains g of its would-be cutters."""
    tie, _, _, gains, shift = _gains(network, a, b, u, s, low, p, score_rule, friends, decided)
    chance = np.zeros(a.size)
    np.maximum.at(chance, tie, cut_probability(gains, shift, p))
    return chance, gains


def _gains(network: SparseNetwork, a, b, u, s, low, p: SocialCreditParams, score_rule, friends, decided):
    """(tie, cutter, friend, gain, shift) for each would-be cutter of the ties a–b, ties numbered as given.

    The would-be cutters are the ends whose friend on the tie is low, less the ``decided``
    people. Their gains are computed in closed form for the default rule, and for a custom
    rule in rounds: in each round every would-be cutter drops one low friend from their own
    view (one rule call for all), which is exact for a rule that scores each person from
    their own inputs. When a round changes the score of someone whose view did not change,
    the rule reads other people's inputs (a ranking), and each gain is computed alone.
    """
    sums = network.sums_of(s)
    degree = network.degree
    side_a, side_b = low[b].copy(), low[a].copy()                # a cuts b; b cuts a
    if decided is not None and len(decided):
        skip = np.zeros(low.size, dtype=bool)
        skip[np.asarray(decided, dtype=np.int64)] = True
        side_a &= ~skip[a]
        side_b &= ~skip[b]
    tie = np.concatenate([np.flatnonzero(side_a), np.flatnonzero(side_b)])
    cutter = np.concatenate([a[side_a], b[side_b]])
    friend = np.concatenate([b[side_a], a[side_b]])
    d = degree[cutter]
    peer_with = sums[cutter] / d
    peer_without = np.where(d > 1, (sums[cutter] - s[friend]) / np.maximum(d - 1, 1), p.default_score)
    if score_rule is None:
        gains = (friedkin_johnsen(u[cutter], peer_without, p.peer_weight)
                 - friedkin_johnsen(u[cutter], peer_with, p.peer_weight))
    else:
        gains = _rule_gains(network, u, s, sums, cutter, friend, peer_without, p, score_rule, friends)
    return tie, cutter, friend, gains, peer_without - peer_with


def _rule_gains(network, u, s, sums, cutter, friend, peer_without, p, score_rule, friends) -> np.ndarray:
    safe_degree, alone = network.safe_degree()
    peer = sums / safe_degree
    if alone.size:
        peer[alone] = p.default_score
    base = next_scores(score_rule, u, peer, s, p, friends)
    gains = np.empty(cutter.size)
    order = np.argsort(cutter, kind="stable")
    first = np.searchsorted(cutter[order], cutter[order])         # where each cutter's run starts
    rounds = np.empty(cutter.size, dtype=np.int64)
    rounds[order] = np.arange(cutter.size) - first
    for r in range(int(rounds.max()) + 1 if cutter.size else 0):
        pick = np.flatnonzero(rounds == r)
        moved = peer.copy()
        moved[cutter[pick]] = peer_without[pick]
        view = friends.without(cutter[pick], friend[pick]) if friends is not None else None
        out = next_scores(score_rule, u, moved, s, p, view)
        others = out != base
        others[cutter[pick]] = False
        if others.any():                                          # the rule reads other people's inputs
            break
        gains[pick] = out[cutter[pick]] - base[cutter[pick]]
    else:
        return gains
    for k in range(cutter.size):                                  # one gain at a time
        moved = peer.copy()
        moved[cutter[k]] = peer_without[k]
        view = friends.without(cutter[k:k + 1], friend[k:k + 1]) if friends is not None else None
        gains[k] = next_scores(score_rule, u, moved, s, p, view)[cutter[k]] - base[cutter[k]]
    return gains
