"""The network kept for fast updates: :class:`SparseNetwork`, a sparse tie matrix and a tie list.

Together with :mod:`utils.society.fast` this is the only place with sparse-matrix
bookkeeping or calls to private scipy helpers (each behind an import-time self-check with a
public fallback). To read the model, start with :mod:`utils.society.model`.

Products A @ v are the costly part of a step. The network keeps the last product of the
scores and keeps it true as ties change (only the rows of people whose ties changed are
summed again, in the same order as a full product, so the result is the same to the last
bit), so a run computes one product of the scores per step, shared by the step and by the
metrics; a product of whole numbers that change in few places is corrected rather than
recomputed (:meth:`SparseNetwork.whole_sums`).
"""
from __future__ import annotations

import copy

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .networks import edge_arrays
from .rules import Friends

__all__ = [
    "SparseNetwork",
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


def _matvec_public(rows, n, indptr, indices, data, values, out):
    out += sp.csr_matrix((data, indices, indptr), shape=(rows, n)) @ values


try:  # scipy's compiled CSR product, called without the checks of ``matrix @ vector`` (about 10 µs a call)
    from scipy.sparse._sparsetools import csr_matvec as _csr_matvec

    _probe = np.zeros(2)
    _csr_matvec(2, 2, np.array([0, 1, 2], dtype=np.int32), np.array([1, 0], dtype=np.int32),
                np.array([1.0, 1.0]), np.array([2.0, 3.0]), _probe)
    if _probe.tolist() != [3.0, 2.0]:
        raise ImportError
except Exception:  # a scipy without it: the public product
    _csr_matvec = _matvec_public


CORRECT_ABOVE = 100_000   # tie-matrix entries above which products are corrected rather than recomputed
TRACK_ABOVE = 20_000      # the same for the product of whole numbers (speech and enrolment)


class SparseNetwork:
    """An undirected network kept for fast updates: the full symmetric tie matrix A (CSR) plus a tie list.

    Ties are numbered in the order of their keys i·n + j (i < j), the order in which both
    steps draw random numbers for them. A cut tie is switched off in place (its entries in
    A become zero self-loops, its ends in the tie list point to a person n who does not
    exist); a new tie revives a cut one or waits in a short sorted list of extra ties. A is
    rebuilt, in O(ties), only when the extra list or the switched-off ties grow large, so
    most steps never rebuild anything. The ends of the listed ties and of the extra ties sit
    in one array each, so finding the ties that touch a set of people is one pass.

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
        self.version = -1
        self.layout = -1
        self._kept = None       # (values, A @ values, layout): the kept product of the scores; see sums_of
        self._tracked = None    # (values, A @ values) for whole numbers, kept true as ties change; see whole_sums
        self._flagged = np.zeros(self.n + 1, dtype=bool)   # person n: the end of a switched-off tie
        self._people = np.arange(self.n + 1)
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
        by_b = np.argsort(b, kind="stable")              # ties by their higher end, each row in tie order
        self.pos_ba = np.empty(ties, dtype=np.int64)
        self.pos_ba[by_b] = number + np.repeat(upper_ptr[:-1], lower_count)
        indices = np.empty(2 * ties, dtype=np.int32)
        indices[self.pos_ab] = b
        indices[self.pos_ba] = a
        # A in CSR form, kept as three arrays (a scipy matrix is made only when asked for: ``matrix``)
        self.indptr = (upper_ptr + lower_ptr).astype(np.int32)
        self.indices = indices
        self.data = np.ones(2 * ties)
        # correcting a product row by row costs a dozen small numpy calls: worth it on large networks only;
        # a whole-number product that changes in few places is worth correcting from a smaller size
        self._correcting = 2 * ties >= CORRECT_ABOVE
        self._tracking = 2 * ties >= TRACK_ABOVE
        self.tie_keys, self.tie_a, self.tie_b = keys, a, b
        # the ends of every tie, listed then extra (n for a tie switched off), with room for extra ties
        room = ties + 128 + ties // 8
        self._ends_a, self._ends_b = np.empty(room, dtype=np.int64), np.empty(room, dtype=np.int64)
        self._ends_a[:ties], self._ends_b[:ties] = a, b
        self._hit_a, self._hit_b = np.empty(room, dtype=bool), np.empty(room, dtype=bool)
        # each tie's place in key order, doubled: 2t + 1 for listed tie t, 2p for an extra tie placed before tie p
        self._order = np.empty(room, dtype=np.int64)
        np.multiply(number, 2, out=self._order[:ties])
        self._order[:ties] += 1
        self.alive = np.ones(ties, dtype=bool)
        self.dead = 0
        self.degree = upper_count + lower_count
        self._set_extra(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        self.layout += 1
        self._changed_rows = []
        self._invalidate()

    def copy(self) -> "SparseNetwork":
        """An independent copy, as :meth:`from_graph` of the same ties would build it (and quicker).

        Examples
        --------
        >>> net = SparseNetwork.from_graph(nx.path_graph(3))
        >>> other = net.copy(); other.cut(np.array([0]))
        >>> net.ties, other.ties
        (2, 1)
        """
        twin = copy.copy(self)
        for name in ("indices", "data", "_ends_a", "_ends_b", "_order", "alive", "degree", "_flagged"):
            setattr(twin, name, getattr(self, name).copy())
        twin._hit_a, twin._hit_b = np.empty_like(self._hit_a), np.empty_like(self._hit_b)
        twin._kept = twin._tracked = None            # kept products are updated in place: each network its own
        twin._changed_rows = []
        return twin

    def _invalidate(self) -> None:
        self._cache = None
        self._labels = self._safe = None
        self.version += 1

    # --- reading -------------------------------------------------------------------
    @property
    def ties(self) -> int:
        """Number of ties."""
        return self.tie_keys.size - self.dead + self.extra_keys.size

    @property
    def matrix(self) -> sp.csr_matrix:
        """A as a scipy CSR matrix sharing the network's arrays (cut ties are zero self-loops)."""
        return sp.csr_matrix((self.data, self.indices, self.indptr), shape=(self.n, self.n))

    @property
    def ends_a(self) -> np.ndarray:
        """The lower end of each listed tie (n for a tie switched off)."""
        return self._ends_a[:self.tie_keys.size]

    @property
    def ends_b(self) -> np.ndarray:
        """The higher end of each listed tie (n for a tie switched off)."""
        return self._ends_b[:self.tie_keys.size]

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

    def friends(self) -> Friends:
        """Each person's friends now, as a scoring rule that reads friends one by one sees them."""
        return Friends.from_ties(self.n, self.src, self.dst)

    def safe_degree(self):
        """(max(degree, 1) as floats, the people with no ties), kept until ties change."""
        if self._safe is None:
            self._safe = (np.maximum(self.degree, 1.0), (self.degree == 0).nonzero()[0])
        return self._safe

    def component_labels(self) -> np.ndarray:
        """A connected-group label for each person (computed once per change of ties)."""
        if self._labels is None:
            here, there = self._extra_ends
            both = here * self.n + there                 # the extra ties, both ways, grouped by person (a sort is
            both.sort()                                  # several times quicker than an argsort)
            here = both // self.n
            extra_indptr = np.zeros(self.n + 1, dtype=np.int32)
            np.bincount(here, minlength=self.n).cumsum(out=extra_indptr[1:])
            there = (both - here * self.n).astype(np.int32)
            self._labels = _component_labels(self.indptr, self.indices, extra_indptr, there, self.n)
        return self._labels

    def to_graph(self, nodes=None) -> nx.Graph:
        """The network as a networkx Graph, with the original node labels if given."""
        nodes = list(range(self.n)) if nodes is None else list(nodes)
        graph = nx.Graph()
        graph.add_nodes_from(nodes)
        src, dst = self.src, self.dst
        graph.add_edges_from((nodes[a], nodes[b]) for a, b in zip(src.tolist(), dst.tolist()))
        return graph

    # --- products -----------------------------------------------------------------------
    def _extras_into(self, out: np.ndarray, values: np.ndarray) -> None:
        here, there = self._extra_ends
        if out.ndim == 1:
            out += np.bincount(here, weights=values[there], minlength=self.n)
        else:
            for col in range(out.shape[1]):
                out[:, col] += np.bincount(here, weights=values[there, col], minlength=self.n)

    def neighbour_sums(self, values: np.ndarray) -> np.ndarray:
        """A @ values: for each person, the sum of ``values`` over their ties (1-D or one column per quantity).

        Each person's sum adds their listed ties in the order of their row of A, then the sum
        of their extra ties; every product here sums in that order, so equal inputs give
        equal sums to the last bit.
        """
        if values.ndim == 1 and values.dtype == np.float64 and values.flags.c_contiguous:
            out = np.zeros(self.n)
            _csr_matvec(self.n, self.n, self.indptr, self.indices, self.data, values, out)
        else:
            out = self.matrix @ values
        if self.extra_keys.size:
            self._extras_into(out, values)
        return out

    def sums_of(self, values: np.ndarray) -> np.ndarray:
        """A @ values for the scores, computed once a step and shared by the step, the metrics and the next step.

        The network keeps the last product made here. Asked again for that very array, it
        returns it, after summing again only the rows of the people whose ties changed since
        (in the order a full product sums them, so the result equals a full product exactly).
        For another array, a full product, which is then kept. The array returned is updated
        in place by later calls: use it before the next step.
        """
        kept = self._kept
        if kept is None or kept[0] is not values or kept[2] != self.layout:
            sums = self.neighbour_sums(values)
        elif not self._changed_rows:
            sums = kept[1]
        else:
            few = self._correcting and sum(r.size for r in self._changed_rows) <= self.n // 8
            rows = np.unique(np.concatenate(self._changed_rows)) if few else None
            # summing rows again gathers their entries from all over A: worth it for few rows, and for fewer
            # still once A outgrows the caches (measured: quicker up to 1 in 16 rows at 30,000 people, 1 in 50 at 300,000)
            if rows is not None and rows.size * (16 if self.n <= 100_000 else 50) <= self.n:
                sums = kept[1]
                sums[rows] = self._row_sums(rows, values)
            else:                                        # a full product is quicker
                sums = self.neighbour_sums(values)
        self._kept = (values, sums, self.layout)
        self._changed_rows = []
        return sums

    def _row_sums(self, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
        """(A @ values)[rows], each row summed as a full product sums it."""
        indptr = self.indptr
        starts = indptr[rows]
        counts = indptr[rows + 1] - starts
        sub = np.zeros(rows.size + 1, dtype=np.int32)
        np.cumsum(counts, out=sub[1:])
        pos = np.repeat(starts - sub[:-1], counts) + np.arange(sub[-1])
        out = np.zeros(rows.size)
        _csr_matvec(rows.size, self.n, sub, self.indices[pos], self.data[pos], values, out)
        if self.extra_keys.size:
            here, there = self._extra_ends
            out += np.bincount(here, weights=values[there], minlength=self.n)[rows]
        return out

    def whole_sums(self, values: np.ndarray) -> np.ndarray:
        """A @ values for whole-number values that change in few places from one call to the next.

        On a large network (``TRACK_ABOVE`` entries of A or more) the network keeps the last
        values and their product, and keeps the product true as ties are cut and added; a call
        then corrects it only for the people whose value changed (the ties of those people),
        and falls back to the full product when more than 1 in 16 changed; a small network
        recomputes it. Sums of whole numbers are exact in floating point, so the result is
        identical to :meth:`neighbour_sums`. The array returned is updated in place by the
        next call: use it before then.
        """
        if not self._tracking:                           # a small network: a full product is quicker
            return self.neighbour_sums(values)
        tracked = self._tracked
        if tracked is not None:
            old, sums = tracked
            changed = (values != old).nonzero()[0]
            if changed.size <= self.n // 16:
                if changed.size:
                    delta = values[changed] - old[changed]
                    indptr, indices, data = self.indptr, self.indices, self.data
                    starts, stops = indptr[changed], indptr[changed + 1]
                    counts = stops - starts
                    pos = np.repeat(stops - np.cumsum(counts), counts) + np.arange(counts.sum())
                    np.add.at(sums, indices[pos], data[pos] * np.repeat(delta, counts))
                    if self.extra_keys.size:
                        here, there = self._extra_ends
                        moved = np.zeros(self.n)
                        moved[changed] = delta
                        hit = moved[there] != 0
                        np.add.at(sums, here[hit], moved[there[hit]])
                    old[changed] = values[changed]
                return sums
        sums = self.neighbour_sums(values)
        self._tracked = (values.astype(float, copy=True), sums)
        return sums

    def _track_ties(self, a: np.ndarray, b: np.ndarray, sign: float) -> None:
        """Keep the tracked whole-number product true when ties a_k–b_k are added (sign +1) or cut (−1)."""
        if self._tracked is None or not a.size:
            return
        old, sums = self._tracked
        np.add.at(sums, a, sign * old[b])
        np.add.at(sums, b, sign * old[a])

    # --- changing ------------------------------------------------------------------
    def touching(self, low: np.ndarray):
        """The ties with at least one end in ``low``, in key order.

        Returns ``(a, b, which)``: their ends (a < b) and, for each, its number in the tie
        list or ``-1 - k`` for the k-th extra tie.
        """
        a, b, tie = self.touching_ties(low)
        listed = self.tie_keys.size
        if self.extra_keys.size:                         # the extra ties are numbered after the listed ones
            tie = np.where(tie < listed, tie, listed - 1 - tie)
        return a, b, tie

    def touching_ties(self, low: np.ndarray):
        """:meth:`touching` with every tie numbered in one sequence: listed ties 0..L−1, then the extra ties L, L+1, ...

        One pass over the ends of all ties; the few extra ties that touch ``low`` are merged
        into key order by where their keys fall in the tie list. ``low`` is a boolean array,
        one entry per person.
        """
        flagged = self._flagged
        flagged[:-1] = low
        listed, extra = self.tie_keys.size, self.extra_keys.size
        total = listed + extra
        hit, other = self._hit_a[:total], self._hit_b[:total]
        flagged.take(self._ends_a[:total], out=hit, mode="clip")
        flagged.take(self._ends_b[:total], out=other, mode="clip")
        np.logical_or(hit, other, out=hit)
        tie = hit.nonzero()[0]
        if extra and tie.size and tie[-1] >= listed:
            if tie.size <= 4096:                          # few: sort by place in key order (two sorted runs)
                tie = tie.take(self._order.take(tie).argsort(kind="stable"))
            else:                                         # many: put the few extra ties where they belong
                split = int(tie.searchsorted(listed))
                main, ex = tie[:split], tie[split:]
                at = main.searchsorted(self._extra_place[ex - listed])
                at += np.arange(ex.size)                  # where each extra tie goes among the merged ties
                tie = np.empty(tie.size, dtype=np.int64)
                slot = np.ones(tie.size, dtype=bool)
                slot[at] = False
                tie[slot] = main
                tie[at] = ex
        return self._ends_a.take(tie), self._ends_b.take(tie), tie

    def cut(self, which: np.ndarray) -> None:
        """Cut ties given by their numbers as returned by :meth:`touching`."""
        self.rewire(which, which[:0], which[:0])

    def add(self, a: np.ndarray, b: np.ndarray) -> None:
        """Add ties a_k–b_k, skipping self-ties and ties that already exist."""
        self.rewire(a[:0], a, b)

    def rewire(self, which: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
        """Cut the ties ``which`` (numbers as returned by :meth:`touching`), then add ties a_k–b_k.

        New ties skip self-ties and ties that already exist; a tie cut earlier is switched on
        again, any other waits in the list of extra ties.
        """
        listed = self.tie_keys.size
        which = np.asarray(which, dtype=np.int64)
        self.rewire_ties(np.where(which < 0, listed - 1 - which, which) if which.size else which, a, b)

    def rewire_ties(self, tie: np.ndarray, a: np.ndarray, b: np.ndarray, ends=None) -> None:
        """:meth:`rewire` with ties numbered as :meth:`touching_ties` numbers them.

        ``ends``, if given, is the pair of arrays of the cut ties' ends (as ``touching_ties``
        returned them), so that they are not looked up again.
        """
        if tie.size:
            self._changed(self._cut(tie, ends))
        if a.size:
            self._changed(self._add(a, b))

    def _changed(self, ends) -> None:
        if ends is None:
            return
        self._changed_rows.append(ends)
        self._invalidate()
        listed = self.tie_keys.size
        if self.extra_keys.size > 64 + listed // 8 or self.dead > 64 + listed // 3:
            self._rebuild(self.keys)

    def _cut(self, tie: np.ndarray, ends=None):
        """Switch off the listed ties among ``tie`` and drop the extra ones; their ends, as one array."""
        listed = self.tie_keys.size
        a, b = (self._ends_a[tie], self._ends_b[tie]) if ends is None else ends
        both = np.concatenate([a, b])
        self._track_ties(a, b, -1.0)
        np.subtract.at(self.degree, both, 1)
        extra = tie >= listed if self.extra_keys.size else None
        if extra is not None and np.count_nonzero(extra):
            keep = np.empty(self.extra_keys.size, dtype=bool)
            keep.fill(True)
            keep[tie[extra] - listed] = False
            self._set_extra(self.extra_keys[keep], self._extra_place[keep], self.extra_a[keep], self.extra_b[keep])
            main = ~extra
            tie, a, b = tie[main], a[main], b[main]
        ab, ba = self.pos_ab[tie], self.pos_ba[tie]
        self.data[ab] = 0.0
        self.data[ba] = 0.0
        self.indices[ab] = a  # a zero self-loop: no tie, for sums and for components
        self.indices[ba] = b
        self._ends_a[tie] = self.n
        self._ends_b[tie] = self.n
        self.alive[tie] = False
        self.dead += tie.size
        return both

    def _add(self, a: np.ndarray, b: np.ndarray):
        """Add the ties a_k–b_k that are not self-ties and do not exist; their ends, as one array (None if none)."""
        low, high = np.minimum(a, b), np.maximum(a, b)
        new = low * self.n + high
        new = new[low != high]
        new.sort()
        if new.size > 1 and np.count_nonzero(new[1:] == new[:-1]):
            new = np.unique(new)
        if not new.size:
            return None
        ends = []
        pos = self.tie_keys.searchsorted(new)
        listed = self.tie_keys.take(pos, mode="clip") == new if self.tie_keys.size else np.zeros(new.size, bool)
        if np.count_nonzero(listed):
            revive = pos[listed]
            revive = revive[~self.alive[revive]]
            if revive.size:  # a tie cut earlier comes back: switch it on again
                ra, rb = self.tie_a[revive], self.tie_b[revive]
                self._track_ties(ra, rb, 1.0)
                self.data[self.pos_ab[revive]] = 1.0
                self.data[self.pos_ba[revive]] = 1.0
                self.indices[self.pos_ab[revive]] = rb
                self.indices[self.pos_ba[revive]] = ra
                self._ends_a[revive], self._ends_b[revive] = ra, rb
                self.alive[revive] = True
                self.dead -= revive.size
                ends += [ra, rb]
            fresh = ~listed
            new, pos = new[fresh], pos[fresh]
        if new.size and self.extra_keys.size:
            epos = self.extra_keys.searchsorted(new)
            fresh = self.extra_keys.take(epos, mode="clip") != new
            if np.count_nonzero(fresh) < fresh.size:
                new, pos, epos = new[fresh], pos[fresh], epos[fresh]
        else:
            epos = np.zeros(new.size, dtype=np.int64)
        if new.size:
            na = new // self.n
            nb = new - na * self.n
            self._track_ties(na, nb, 1.0)
            # insert into the sorted extra list (new and epos ascending)
            size = self.extra_keys.size + new.size
            at = epos + np.arange(new.size)
            slot = np.empty(size, dtype=bool)
            slot.fill(True)
            slot[at] = False
            keys, places, ea, eb = np.empty(size, np.int64), np.empty(size, np.int64), np.empty(size, np.int64), np.empty(size, np.int64)
            keys[slot], keys[at] = self.extra_keys, new
            places[slot], places[at] = self._extra_place, pos
            ea[slot], ea[at] = self.extra_a, na
            eb[slot], eb[at] = self.extra_b, nb
            self._set_extra(keys, places, ea, eb)
            ends += [na, nb]
        if not ends:
            return None
        ends = np.concatenate(ends)
        np.add.at(self.degree, ends, 1)
        return ends

    def _set_extra(self, keys: np.ndarray, places: np.ndarray, a=None, b=None) -> None:
        """The extra ties' keys (sorted), for each how many listed ties have smaller keys, and their ends."""
        self.extra_keys = keys
        self._extra_place = places
        if a is None:
            a = keys // self.n
            b = keys - a * self.n
        self.extra_a, self.extra_b = a, b
        self._extra_ends = (np.concatenate([self.extra_a, self.extra_b]),
                            np.concatenate([self.extra_b, self.extra_a]))
        listed, total = self.tie_keys.size, self.tie_keys.size + keys.size
        if total > self._ends_a.size:                    # more extra ties than there is room for: make room
            room = total + 128 + listed // 8
            for name in ("_ends_a", "_ends_b", "_order"):
                grown = np.empty(room, dtype=np.int64)
                grown[:listed] = getattr(self, name)[:listed]
                setattr(self, name, grown)
            self._hit_a, self._hit_b = np.empty(room, dtype=bool), np.empty(room, dtype=bool)
        self._ends_a[listed:total] = self.extra_a
        self._ends_b[listed:total] = self.extra_b
        np.multiply(places, 2, out=self._order[listed:total])


def _pack_scale(n: int) -> float:
    """A power of two above every possible degree (at most n − 1)."""
    return float(2 ** max(int(n).bit_length(), 1))
