"""The fast step: everyone updated at once, on the network kept as a sparse matrix.

It computes exactly what :func:`utils.society.model.reference_step` computes, from the same
random draws; the tests hold the two together. The network and its products live in
:mod:`utils.society.network`. To read the model, start with :mod:`utils.society.model`.
"""
from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import numpy as np

from ..core.ranking import kth_lowest

from .model import (GAIN_TOLERANCE, SocialCreditState, behaviour_weight, cut_probability, low_scorers, next_scores,
                    speech_stake)
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
    A run takes its steps through one :class:`Stepper` instead, which works out what does
    not change from step to step once.
    """
    return Stepper(network, params, score_rule).step(state, rng, decided=decided, report=report)


class Stepper:
    """The steps of one run on one network: :func:`vectorised_step`, with what stays fixed worked out once.

    Fixed for a run: the parameters' constants, each person's behaviour u for either thing
    they may say (u depends only on merit, which never changes, and on speech and
    enrolment), and the thresholds less mandatoriness. Fixed until ties change: degrees and
    the default rule's per-person terms of the gain from cutting. A phase whose parameters
    make it do nothing is skipped: exclusion when φ = 0, internalisation when η = 0,
    enrolment once everyone is enrolled. A step's cost is mostly the number of numpy calls
    on small networks and the passes over the ties on large ones, so each phase is written
    with as few of both as it needs. Arrays a step returns are new (or, when unchanged,
    the state's own), never buffers.
    """

    def __init__(self, network: SparseNetwork, params: SocialCreditParams, score_rule: Callable | None = None):
        p = params
        self.network, self.params, self.score_rule = network, params, score_rule
        self.reads_friends = score_rule is not None and reads_friends(score_rule)
        self.excluding = p.exclusion_rate > 0
        self.stigma_chance = p.exclusion_rate * p.stigma                       # φκ
        self.paying_chance = 1 - (1 - p.exclusion_rate * min(1.0, p.peer_weight)) * (1 - self.stigma_chance)
        self._merit = self._threshold = self._everyone = None
        self._version = None

    # --- what stays fixed ---------------------------------------------------------------
    def _behaviour(self, state: SocialCreditState, everyone: bool) -> np.ndarray:
        """u = m[(1−w) q + w y] + (1−m) s_def, computed as :func:`own_behaviour` computes it, (1 − w) q kept per run."""
        if self._merit is not state.merit:
            self._weighted_merit = (1 - self.params.endorsement_weight) * state.merit
            self._merit = state.merit
        said = self.params.endorsement_weight * state.expressed
        said += self._weighted_merit
        return said if everyone else np.where(state.enrolled, said, self.params.default_score)

    def _lowered(self, state: SocialCreditState) -> np.ndarray:
        """θ − δ, kept per run."""
        if self._threshold is not state.threshold:
            self._lowered_threshold = state.threshold - self.params.mandatoriness
            self._threshold = state.threshold
        return self._lowered_threshold

    def _everyone_enrolled(self, state: SocialCreditState) -> bool:
        """Whether everyone is enrolled (then nobody can enrol, and the enrolment array carries over unchanged)."""
        if self._everyone is state.enrolled:
            return True
        if np.count_nonzero(state.enrolled) == state.enrolled.size:
            self._everyone = state.enrolled
            return True
        return False

    def _ties_changed(self) -> None:
        """Per person, until ties change: max(degree, 1), who has no ties, and for the default rule's
        gain from cutting a friend, g = c0 − c1 s_j, the factor c1 = β/(d − 1) (β for a last tie,
        d − 1 counting as 1) and who has a single tie."""
        net = self.network
        self._safe, self._alone = net.safe_degree()
        if self.score_rule is None and self.excluding:
            self._c1 = self.params.peer_weight / np.maximum(self._safe - 1, 1.0)
            self._single = (net.degree == 1).nonzero()[0]
        self._version = net.version

    def _low(self, s: np.ndarray) -> np.ndarray:
        """:func:`low_scorers` without its checks (the places are a whole number from 0 to n)."""
        p = self.params
        if p.cutoff != "relative":
            return s < p.cutoff_score
        places = int(p.cutoff_share * s.size)
        if places == 0 or places == s.size:
            return np.full(s.size, places > 0)
        return s < kth_lowest(s, places)

    # --- one step ---------------------------------------------------------------------
    def step(self, state: SocialCreditState, rng: np.random.Generator, *, decided=None,
             report: dict | None = None) -> SocialCreditState:
        """One step from ``state``: the new state (the network changes in place)."""
        net, p, rule = self.network, self.params, self.score_rule
        if self._version != net.version:
            self._ties_changed()
        safe, alone = self._safe, self._alone                       # max(degree, 1); who has no ties
        everyone = self._everyone_enrolled(state)
        # A @ s: the product the last step made of these scores (or the metrics did), kept true as ties
        # changed. A @ y and A @ m together: y + K·m with K a power of two above any degree sums to
        # (A y) + K·(A m) exactly; few people change y or m in a step, so that product is corrected.
        # Once everyone is enrolled, A @ y alone.
        peer = net.sums_of(state.score) / safe                      # W s (s_def if no ties)
        if everyone:
            endorsing = net.whole_sums(state.expressed.astype(float))
        else:
            packed = state.enrolled * net.pack_scale
            packed += state.expressed
            packed = net.whole_sums(packed)
            enrolled_sums = np.floor(packed * (1 / net.pack_scale))    # exact: whole numbers, K a power of two
            endorsing = packed - enrolled_sums * net.pack_scale
        speech = endorsing / safe                                   # π = W y (½ if no ties)
        if alone.size:
            peer[alone] = p.default_score
            speech[alone] = 0.5
        friends = net.friends() if self.reads_friends else None
        # 1. own behaviour, 2. score
        u = self._behaviour(state, everyone)
        if rule is None:
            s = u * (1 - p.peer_weight)                             # the default rule, friedkin_johnsen(u, peer, β)
            peer *= p.peer_weight
            s += peer
            weight = 1 - p.peer_weight                              # λ
        else:
            s = next_scores(rule, u, peer, state.score, p, friends)
            weight = behaviour_weight(rule, u, peer, state.score, s, p, friends)
        # 5, first half: who is low, and the chance each tie touching a low scorer is cut
        chance, mean, may_cut = None, self.stigma_chance, False   # φκ when no tie touches a low scorer
        if self.excluding:
            low = self._low(s)
            a, b, tie = net.touching_ties(low)                       # in key order, as the reference draws
            if a.size and rule is None:
                chance, mean, may_cut = self._default_rule_chances(a, b, s, low, decided, report)
            elif a.size:
                chance, gains = _cut_chances(net, a, b, u, s, low, p, rule, friends, decided)
                mean, may_cut = float(chance.mean()), chance.max() > 0
                if report is not None:
                    _report(report, gains.sum(), np.count_nonzero(gains > GAIN_TOLERANCE), gains.size, mean)
        if chance is None and report is not None:
            _report(report, 0.0, 0, 0, np.nan)
        # 3. expression: x + γ(π − ½) + S m ≥ ½, summed in that order
        stake = speech_stake(weight, mean, p)
        speech -= 0.5
        speech *= p.conformity
        speech += state.attitude
        if everyone:
            speech += stake
        else:
            speech += stake * state.enrolled
        y = speech >= 0.5
        # 4. enrolment (irreversible)
        if everyone:
            m = state.enrolled
        else:
            enrolled_sums /= safe                                   # W m (0 if no ties)
            m = enrolled_sums >= self._lowered(state)
            m |= state.enrolled
        # 6. internalisation (uses friends' expressed behaviour at the start of the step)
        x = state.attitude
        if p.internalisation > 0:
            zeros = net.degree - endorsing
            close1 = endorsing * (np.abs(x - 1) < p.confidence)
            close0 = zeros * (np.abs(x) < p.confidence)
            total = close1 + close0
            heard = np.where(total > 0, close1 / np.where(total > 0, total, 1), x)
            x = (1 - p.internalisation) * x + p.internalisation * (0.5 * state.anchor + 0.5 * heard)
        # 5, second half: exclusion (on the new scores)
        if may_cut:
            cut = (rng.random(a.size) < chance).nonzero()[0]
            if cut.size:
                self._cut_and_rewire(a.take(cut), b.take(cut), tie.take(cut), low, rng)
        return SocialCreditState(attitude=x, anchor=state.anchor, merit=state.merit, threshold=state.threshold,
                                 expressed=y, enrolled=m, score=s, behaviour=u)

    def _default_rule_chances(self, a, b, s, low, decided, report):
        """The cut chance of each tie a–b touching a low scorer under the default rule, in closed form.

        Dropping a low friend j changes cutter i's friends' average by Δ = (peer_i − s_j)/(d_i − 1)
        (to s_def − s_j for a last tie), and their next score by g = βΔ; so g = c0_i − c1_i s_j with
        c1_i = β/(d_i − 1) and c0_i = c1_i peer_i (c1_i = β and c0_i = β s_def when d_i = 1), and
        cutting pays when s_j < (c0_i − 1e-12)/c1_i. Where it pays, c_self = φβ (g/|Δ| = β).
        Returns the chances, their mean, and whether any tie may be cut.
        """
        net, p = self.network, self.params
        c1 = self._c1
        friend = np.where(low, s, np.inf)                  # a low friend's score; +inf for people not low
        c0 = net.sums_of(s) / self._safe                   # A s on the new scores: kept for the metrics and the next step
        if self._single.size:
            c0[self._single] = p.default_score             # a last tie: the average falls back to s_def
        c0 *= c1
        if p.peer_weight > 0:
            bar = c0 - GAIN_TOLERANCE
            bar /= c1                                      # i gains by cutting j: s_j < bar_i
        else:
            bar = np.full(low.size, -np.inf)
        limited = decided is not None and len(decided) > 0
        if limited:
            decided = np.asarray(decided, dtype=np.int64)
            bar[decided] = -np.inf
        pays_a = friend.take(b) < bar.take(a)              # a gains by cutting b
        pays_b = friend.take(a) < bar.take(b)
        pays = pays_a | pays_b
        if self.stigma_chance:
            chance = np.where(pays, self.paying_chance, self.stigma_chance)
        else:
            chance = pays * self.paying_chance
        if limited:
            free = np.ones(low.size, dtype=bool)
            free[decided] = False
            chance[~((low[b] & free[a]) | (low[a] & free[b]))] = 0.0
            may_cut = chance.max() > 0
        else:
            may_cut = self.stigma_chance > 0 or (self.paying_chance > 0 and np.count_nonzero(pays) > 0)
        mean = float(np.add.reduce(chance)) / chance.size      # as chance.mean() sums
        if report is not None:
            if limited:
                cutters = (np.count_nonzero(low[b] & free[a]) + np.count_nonzero(low[a] & free[b]))
            else:                                         # every tie end at a low scorer has a would-be cutter
                cutters = int(np.dot(low, net.degree))
            total = np.nan                                # cut_gain: with the run's costly measures only
            if report.get("gain", True):
                # the gains of all would-be cutters, summed person by person: Σ_(j low) (c0_i − c1_i s_j), with
                # each person's number of low friends counted on the ties touching low scorers (whole numbers,
                # so the same as the product A·low) and the sum of their scores a product, as a product sums it
                low_friends = np.bincount(a, weights=low.take(b), minlength=low.size)
                low_friends += np.bincount(b, weights=low.take(a), minlength=low.size)
                gains = c0 * low_friends - c1 * net.neighbour_sums(np.where(low, s, 0.0))
                total = float(gains[free].sum() if limited else np.add.reduce(gains))
            _report(report, total, np.count_nonzero(pays_a) + np.count_nonzero(pays_b), cutters, mean)
        return chance, mean, may_cut

    def _cut_and_rewire(self, a, b, tie, low, rng) -> None:
        """Cut the ties a–b; each may be replaced by a tie from one of its ends to a random person not low."""
        p = self.params
        rewire_draw = rng.random(a.size)
        partner_draw = rng.random(a.size)
        low_a, low_b = low.take(a), low.take(b)
        if p.low_rewiring > 0:
            both_low = low_a & low_b
            moves = np.where(both_low, rewire_draw < p.low_rewiring, rewire_draw < p.rewiring)
            mover = np.where(both_low, np.where(rewire_draw < 0.5 * p.low_rewiring, a, b), np.where(low_a, b, a))
        else:                                             # r_L = 0: a tie between two low scorers is never replaced
            moves = (rewire_draw < p.rewiring) & (low_a != low_b)
            mover = np.where(low_a, b, a)
        partner = mover[:0]
        if np.count_nonzero(moves):
            outside = (~low).nonzero()[0]
            if outside.size:
                pick = (partner_draw[moves] * outside.size).astype(np.int64)
                np.minimum(pick, outside.size - 1, out=pick)
                mover, partner = mover[moves], outside.take(pick)
        self.network.rewire_ties(tie, mover[:partner.size], partner, ends=(a, b))


def _report(report: dict, gain_total: float, paying: int, cutters: int, mean_chance: float) -> None:
    report["cut_gain"] = gain_total / cutters if cutters else np.nan
    report["cut_pays"] = paying / cutters if cutters else np.nan
    report["cut_chance"] = mean_chance


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
