"""The fast step: the network kept as a sparse matrix, and everyone updated at once.

This is the only module that does sparse-matrix bookkeeping or calls private scipy
helpers (each behind an import-time self-check with a public fallback). It computes
exactly what :func:`utils.society.model.reference_step` computes, from the same random
draws; the tests hold the two together. To read the model, start with
:mod:`utils.society.model`.
"""
from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .model import (GAIN_TOLERANCE, SocialCreditState, behaviour_weight, cut_probability, low_scorers, next_scores,
                    own_behaviour, speech_stake)
from .rules import Friends, friedkin_johnsen, reads_friends
from .metrics import largest_share
from .networks import edge_arrays
from .params import SocialCreditParams

__all__ = [
    "SparseNetwork",
    "vectorised_step",
    "cut_gains",
]


def _components_public(indptr, indices, extra_indptr, extra_indices, n):
    both = (sp.csr_matrix((np.ones(indices.size), indices, indptr), shape=(n, n))
            + sp.csr_matrix((np.ones(extra_indices.size), extra_indices, extra_indptr), shape=(n, n)))
    return connected_components(both, directed=True, connection="strong")[1]


def _components_fast(indptr, indices, extra_indptr, extra_indices, n):
    labels = np.full(n, -1, dtype=np.int32)
    _undirected_components(indices, indptr, extra_indices, extra_indptr, labels)
    return labels


try:  # scipy's breadth-first core: it walks two neighbour lists (here A and the extra ties) at once
    from scipy.sparse.csgraph._traversal import _connected_components_undirected as _undirected_components

    _probe = (np.array([0, 1, 2, 2], dtype=np.int32), np.array([1, 0], dtype=np.int32),
              np.array([0, 0, 1, 2], dtype=np.int32), np.array([2, 1], dtype=np.int32))
    if _components_fast(*_probe, 3).tolist() != [0, 0, 0]:
        raise ImportError
    _component_labels = _components_fast
except Exception:  # a scipy without it: the public function, a little slower
    _component_labels = _components_public

try:  # scipy's compiled CSR product, called without the checks of ``matrix @ vector`` (about 10 µs a call)
    from scipy.sparse._sparsetools import csr_matvec as _csr_matvec

    _probe = np.zeros(2)
    _csr_matvec(2, 2, np.array([0, 1, 2], dtype=np.int32), np.array([1, 0], dtype=np.int32),
                np.array([1.0, 1.0]), np.array([2.0, 3.0]), _probe)
    if _probe.tolist() != [3.0, 2.0]:
        raise ImportError
except Exception:  # a scipy without it: the public product
    _csr_matvec = None


class SparseNetwork:
    """An undirected network kept for fast updates: the full symmetric tie matrix A (CSR) plus a tie list.

    Ties are numbered in the order of their keys i·n + j (i < j), the order in which both
    steps draw random numbers for them. A cut tie is switched off in place (its entries in
    A become zero self-loops); a new tie revives a cut one or waits in a short sorted list of
    extra ties. A is rebuilt, in O(ties), only when the extra list or the switched-off ties
    grow large, so most steps never rebuild anything.

    Examples
    --------
    >>> net = SparseNetwork.from_graph(nx.path_graph(3))
    >>> net.degree.tolist()
    [1, 2, 1]
    >>> net.neighbour_sums(np.array([1.0, 2.0, 3.0])).tolist()
    [2.0, 4.0, 2.0]
    >>> net.add(np.array([0]), np.array([2])); net.keys.tolist()
    [1, 2, 5]
    """

    def __init__(self, n: int, keys: np.ndarray):
        self.n = int(n)
        self.pack_scale = _pack_scale(self.n)
        self._rebuild(np.unique(np.asarray(keys, dtype=np.int64)))

    @classmethod
    def from_graph(cls, graph: nx.Graph) -> "SparseNetwork":
        n = graph.number_of_nodes()
        src, dst = edge_arrays(graph)
        return cls(n, np.minimum(src, dst) * n + np.maximum(src, dst))

    def _rebuild(self, keys: np.ndarray) -> None:
        """Lay out A for these (sorted, unique) tie keys: row r holds its lower then its upper neighbours."""
        n, ties = self.n, keys.size
        a = keys // n
        b = keys - a * n
        upper_count = np.bincount(a, minlength=n)
        lower_count = np.bincount(b, minlength=n)
        upper_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(upper_count, out=upper_ptr[1:])
        lower_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lower_count, out=lower_ptr[1:])
        number = np.arange(ties, dtype=np.int64)
        # the entry (a, b) of tie k sits after row a's lower entries; (b, a) among row b's
        # lower entries, which are in tie order (a transposition keeps rows in order)
        self.pos_ab = number + np.repeat(lower_ptr[1:], upper_count)
        by_b = sp.csr_matrix((number + 1, b, upper_ptr), shape=(n, n)).T.tocsr().data - 1
        self.pos_ba = np.empty(ties, dtype=np.int64)
        self.pos_ba[by_b] = number + np.repeat(upper_ptr[:-1], lower_count)
        indices = np.empty(2 * ties, dtype=np.int32)
        indices[self.pos_ab] = b
        indices[self.pos_ba] = a
        indptr = (upper_ptr + lower_ptr).astype(np.int32)
        self.matrix = sp.csr_matrix((np.ones(2 * ties), indices, indptr), shape=(n, n))
        self.tie_keys, self.tie_a, self.tie_b = keys, a, b
        self.alive = np.ones(ties, dtype=bool)
        self.dead = 0
        self.degree = upper_count + lower_count
        self.extra_keys = np.zeros(0, dtype=np.int64)
        self.extra_a = self.extra_b = self.extra_keys
        self._extra_ends = (self.extra_keys, self.extra_keys)
        self._cache = None
        self._labels = self._largest = self._safe = None
        self.version = getattr(self, "version", -1) + 1
        if not hasattr(self, "_last_sums"):
            self._last_sums = []   # products computed at earlier versions stay true records of the past
            self._tracked = None     # (values, A @ values) kept up to date as ties change; see whole_sums

    # --- reading -------------------------------------------------------------------
    @property
    def ties(self) -> int:
        """Number of ties."""
        return self.tie_keys.size - self.dead + self.extra_keys.size

    def _pairs(self):
        if self._cache is None:
            live = self.tie_keys[self.alive] if self.dead else self.tie_keys
            keys = np.concatenate([live, self.extra_keys])
            keys.sort()
            src = keys // self.n
            self._cache = (keys, src, keys - src * self.n)
        return self._cache

    @property
    def keys(self) -> np.ndarray:
        """Sorted tie keys i·n + j (i < j)."""
        return self._pairs()[0]

    @property
    def src(self) -> np.ndarray:
        """The lower-numbered person of each tie, in key order."""
        return self._pairs()[1]

    @property
    def dst(self) -> np.ndarray:
        """The higher-numbered person of each tie, in key order."""
        return self._pairs()[2]

    @property
    def adjacency(self) -> sp.csr_matrix:
        """The symmetric 0/1 tie matrix A as a new CSR matrix (cut ties removed)."""
        keys, src, dst = self._pairs()
        upper = sp.csr_matrix((np.ones(keys.size), (src, dst)), shape=(self.n, self.n))
        return (upper + upper.T).tocsr()

    def sums_at(self, values: np.ndarray, version: int):
        """The last product A @ ``values`` if it was computed for this very array while the ties were at ``version``, else None.

        The run's recorder reads the product the next step computed anyway, instead of a second one.
        """
        for kept, at, out in self._last_sums:
            if kept is values and at == version:
                return out
        return None

    def neighbour_sums(self, values: np.ndarray) -> np.ndarray:
        """A @ values: for each person, the sum of ``values`` over their ties (1-D or one column per quantity)."""
        matrix = self.matrix
        if _csr_matvec is not None and values.ndim == 1 and values.dtype == np.float64 and values.flags.c_contiguous:
            out = np.zeros(self.n)
            _csr_matvec(self.n, self.n, matrix.indptr, matrix.indices, matrix.data, values, out)
        else:
            out = matrix @ values
        if self.extra_keys.size:
            here, there = self._extra_ends
            if out.ndim == 1:
                out += np.bincount(here, weights=values[there], minlength=self.n)
            else:
                for col in range(out.shape[1]):
                    out[:, col] += np.bincount(here, weights=values[there, col], minlength=self.n)
        if out.ndim == 1:  # keep the last three products (a step computes up to three)
            self._last_sums = [(values, self.version, out)] + self._last_sums[:2]
        return out

    def whole_sums(self, values: np.ndarray) -> np.ndarray:
        """A @ values for whole-number values that change in few places from one call to the next.

        The network keeps the last values and their product, and keeps the product true as
        ties are cut and added; a call then corrects it only for the people whose value
        changed (the ties of those people), and falls back to the full product when more than
        1 in 16 changed. Sums of whole numbers are exact in floating point, so the result is
        identical to :meth:`neighbour_sums`. The array returned is updated in place by the
        next call: use it before then.
        """
        tracked = self._tracked
        if tracked is not None:
            old, sums = tracked
            delta = values - old
            changed = np.flatnonzero(delta)
            if changed.size <= self.n // 16:
                if changed.size:
                    indptr, indices, data = self.matrix.indptr, self.matrix.indices, self.matrix.data
                    starts, stops = indptr[changed], indptr[changed + 1]
                    counts = stops - starts
                    pos = np.repeat(stops - np.cumsum(counts), counts) + np.arange(counts.sum())
                    np.add.at(sums, indices[pos], data[pos] * np.repeat(delta[changed], counts))
                    if self.extra_keys.size:
                        here, there = self._extra_ends
                        hit = delta[there] != 0
                        np.add.at(sums, here[hit], delta[there[hit]])
                    old[changed] = values[changed]
                return sums
        sums = self.neighbour_sums(values)
        self._tracked = (values.astype(float, copy=True), sums)
        return sums

    def _track_ties(self, a: np.ndarray, b: np.ndarray, sign: float) -> None:
        """Keep the tracked product true when ties a_k–b_k are added (sign +1) or cut (−1)."""
        if self._tracked is None or not a.size:
            return
        old, sums = self._tracked
        np.add.at(sums, a, sign * old[b])
        np.add.at(sums, b, sign * old[a])

    def component_labels(self) -> np.ndarray:
        """A connected-group label for each person (computed once per change of ties)."""
        if self._labels is None:
            here, there = self._extra_ends
            order = np.argsort(here, kind="stable")
            extra_indptr = np.zeros(self.n + 1, dtype=np.int32)
            np.cumsum(np.bincount(here, minlength=self.n), out=extra_indptr[1:])
            self._labels = _component_labels(self.matrix.indptr, self.matrix.indices, extra_indptr,
                                             there[order].astype(np.int32), self.n)
        return self._labels

    def safe_degree(self):
        """(max(degree, 1) as floats, the people with no ties), kept until ties change."""
        if self._safe is None:
            self._safe = (np.maximum(self.degree, 1).astype(float), np.flatnonzero(self.degree == 0))
        return self._safe

    def largest_group(self) -> float:
        """Share of people in the largest connected group."""
        if self._largest is None:
            self._largest = largest_share(self.component_labels())
        return self._largest

    def friends(self) -> Friends:
        """Each person's friends now, as a scoring rule that reads friends one by one sees them."""
        return Friends.from_ties(self.n, self.src, self.dst)

    def to_graph(self, nodes=None) -> nx.Graph:
        """The network as a networkx Graph, with the original node labels if given."""
        nodes = list(range(self.n)) if nodes is None else list(nodes)
        graph = nx.Graph()
        graph.add_nodes_from(nodes)
        src, dst = self.src, self.dst
        graph.add_edges_from((nodes[a], nodes[b]) for a, b in zip(src.tolist(), dst.tolist()))
        return graph

    # --- changing ------------------------------------------------------------------
    def touching(self, low: np.ndarray):
        """The ties with at least one end in ``low``, in key order.

        Returns ``(a, b, which)``: their ends (a < b) and, for each, its number in the tie
        list or ``-1 - k`` for the k-th extra tie.
        """
        hit = low[self.tie_a]
        hit |= low[self.tie_b]
        if self.dead:
            hit &= self.alive
        main = np.flatnonzero(hit)
        if not self.extra_keys.size:
            return self.tie_a[main], self.tie_b[main], main
        extra = np.flatnonzero(low[self.extra_a] | low[self.extra_b])
        if not extra.size:
            return self.tie_a[main], self.tie_b[main], main
        at = np.searchsorted(self.tie_keys[main], self.extra_keys[extra]) + np.arange(extra.size)
        is_extra = np.zeros(main.size + extra.size, dtype=bool)
        is_extra[at] = True
        which = np.empty(is_extra.size, dtype=np.int64)
        which[~is_extra] = main
        which[at] = -1 - extra
        a = np.empty(is_extra.size, dtype=np.int64)
        b = np.empty(is_extra.size, dtype=np.int64)
        a[~is_extra], b[~is_extra] = self.tie_a[main], self.tie_b[main]
        a[at], b[at] = self.extra_a[extra], self.extra_b[extra]
        return a, b, which

    def cut(self, which: np.ndarray) -> None:
        """Cut ties given by their numbers as returned by :meth:`touching`."""
        if not which.size:
            return
        main = which[which >= 0]
        self._track_ties(self.tie_a[main], self.tie_b[main], -1.0)
        data, indices = self.matrix.data, self.matrix.indices
        ab, ba = self.pos_ab[main], self.pos_ba[main]
        data[ab] = 0.0
        data[ba] = 0.0
        indices[ab] = self.tie_a[main]  # a zero self-loop: no tie, for sums and for components
        indices[ba] = self.tie_b[main]
        self.alive[main] = False
        self.dead += main.size
        self.degree -= np.bincount(self.tie_a[main], minlength=self.n)
        self.degree -= np.bincount(self.tie_b[main], minlength=self.n)
        extra = -1 - which[which < 0]
        if extra.size:
            self._track_ties(self.extra_a[extra], self.extra_b[extra], -1.0)
            self.degree -= np.bincount(self.extra_a[extra], minlength=self.n)
            self.degree -= np.bincount(self.extra_b[extra], minlength=self.n)
            keep = np.ones(self.extra_keys.size, dtype=bool)
            keep[extra] = False
            self._set_extra(self.extra_keys[keep])
        self._changed()

    def add(self, a: np.ndarray, b: np.ndarray) -> None:
        """Add ties a_k–b_k, skipping self-ties and ties that already exist."""
        ok = a != b
        new = np.unique(np.minimum(a[ok], b[ok]) * self.n + np.maximum(a[ok], b[ok]))
        if new.size == 0:
            return
        if self.tie_keys.size:
            pos = np.minimum(np.searchsorted(self.tie_keys, new), self.tie_keys.size - 1)
            listed = self.tie_keys[pos] == new
            revive = pos[listed & ~self.alive[pos]]
        else:
            listed, revive = np.zeros(new.size, dtype=bool), new[:0]
        if revive.size:  # a tie cut earlier comes back: switch it on again
            self._track_ties(self.tie_a[revive], self.tie_b[revive], 1.0)
            self.matrix.data[self.pos_ab[revive]] = 1.0
            self.matrix.data[self.pos_ba[revive]] = 1.0
            self.matrix.indices[self.pos_ab[revive]] = self.tie_b[revive]
            self.matrix.indices[self.pos_ba[revive]] = self.tie_a[revive]
            self.alive[revive] = True
            self.dead -= revive.size
            self.degree += np.bincount(self.tie_a[revive], minlength=self.n)
            self.degree += np.bincount(self.tie_b[revive], minlength=self.n)
        new = new[~listed]
        if new.size:
            epos = np.searchsorted(self.extra_keys, new)
            if self.extra_keys.size:
                known = self.extra_keys[np.minimum(epos, self.extra_keys.size - 1)] == new
            else:
                known = np.zeros(new.size, dtype=bool)
            new, epos = new[~known], epos[~known]
            if new.size:
                src = new // self.n
                self._track_ties(src, new - src * self.n, 1.0)
                self.degree += np.bincount(src, minlength=self.n)
                self.degree += np.bincount(new - src * self.n, minlength=self.n)
                self._set_extra(np.insert(self.extra_keys, epos, new))
        if revive.size or new.size:
            self._changed()

    def _set_extra(self, keys: np.ndarray) -> None:
        self.extra_keys = keys
        self.extra_a = keys // self.n
        self.extra_b = keys - self.extra_a * self.n
        self._extra_ends = (np.concatenate([self.extra_a, self.extra_b]),
                            np.concatenate([self.extra_b, self.extra_a]))

    def _changed(self) -> None:
        self._cache = None
        self._labels = self._largest = self._safe = None
        self.version += 1
        listed = self.tie_keys.size
        if self.extra_keys.size > 64 + listed // 8 or self.dead > 64 + listed // 3:
            self._rebuild(self.keys)


def _pack_scale(n: int) -> float:
    """A power of two above every possible degree (at most n − 1)."""
    return float(2 ** max(int(n).bit_length(), 1))


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
    degree = network.degree
    safe_degree, alone = network.safe_degree()                  # max(degree, 1); who has no ties
    # A @ s, and A @ y and A @ m together: y + K·m with K a power of two above any degree
    # sums to (A y) + K·(A m) exactly, and one product reads the ties only once; few people
    # change y or m in a step, so that product is corrected rather than recomputed.
    score_sums = network.neighbour_sums(state.score)
    scale = network.pack_scale
    packed = network.whole_sums(state.enrolled * scale + state.expressed)   # few change per step
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
    s = next_scores(score_rule, u, peer, state.score, p, friends)
    weight = behaviour_weight(score_rule, u, peer, state.score, s, p, friends)   # λ (1 − β by default)
    # 5, first half: who is low, and the chance each tie touching a low scorer is cut
    low = low_scorers(s, p)
    a, b, which = network.touching(low)                          # in key order, as the reference draws
    chance = np.zeros(a.size)
    gains = np.zeros(0)
    if p.exclusion_rate > 0 and a.size:
        chance, gains = _cut_chances(network, a, b, u, s, low, p, score_rule, friends, decided)
    mean_chance = float(chance.mean()) if chance.size else p.exclusion_rate * p.stigma
    # 3. expression
    stake = speech_stake(weight, mean_chance, p)
    y = state.attitude + p.conformity * (endorsing_share - 0.5) + stake * state.enrolled >= 0.5
    # 4. enrolment (irreversible)
    m = state.enrolled | (enrolled_share >= state.threshold - p.mandatoriness)
    # 6. internalisation (uses friends' expressed behaviour at the start of the step)
    x = state.attitude
    if p.internalisation > 0:
        ones = endorsing_sums
        zeros = degree - ones
        close1 = ones * (np.abs(x - 1) < p.confidence)
        close0 = zeros * (np.abs(x) < p.confidence)
        total = close1 + close0
        heard = np.where(total > 0, close1 / np.where(total > 0, total, 1), x)
        x = (1 - p.internalisation) * x + p.internalisation * (0.5 * state.anchor + 0.5 * heard)
    # 5, second half: exclusion (on the new scores)
    if report is not None:
        report["cut_gain"] = float(gains.mean()) if gains.size else np.nan
        report["cut_pays"] = float(np.mean(gains > GAIN_TOLERANCE)) if gains.size else np.nan
        report["cut_chance"] = float(chance.mean()) if chance.size else np.nan
    if chance.size and chance.max() > 0:
        cut = rng.random(a.size) < chance
        if cut.any():
            a, b, which = a[cut], b[cut], which[cut]
            rewire_draw = rng.random(a.size)
            partner_draw = rng.random(a.size)
            outside = np.flatnonzero(~low)
            both_low = low[a] & low[b]
            movers_ok = (np.where(both_low, rewire_draw < p.low_rewiring, rewire_draw < p.rewiring)
                         & (outside.size > 0))
            mover = np.where(both_low, np.where(rewire_draw < 0.5 * p.low_rewiring, a, b),
                             np.where(low[a], b, a))[movers_ok]
            if outside.size:
                pick = np.minimum((partner_draw * outside.size).astype(np.int64), outside.size - 1)
                partner = outside[pick][movers_ok]
            else:
                partner = mover
            network.cut(which)
            network.add(mover, partner)
    return SocialCreditState(attitude=x, anchor=state.anchor, merit=state.merit, threshold=state.threshold,
                             expressed=y, enrolled=m, score=s, behaviour=u)


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
    sums = network.neighbour_sums(s)
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
