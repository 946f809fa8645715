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


class SparseNetwork:
    """An undirected network kept for fast updates: the full symmetric tie matrix A (CSR) plus a tie list.

    Ties are numbered in the order of their keys i·n + j (i < j), the order in which both
    steps draw random numbers for them. A cut tie is switched off in place (its entries in
    A become zero self-loops, its ends in the tie list point to a person n who does not
    exist); a new tie revives a cut one or waits in a short sorted list of extra ties. A is
    rebuilt, in O(ties), only when the extra list or the switched-off ties grow large, so
    most steps never rebuild anything.

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
        indptr = (upper_ptr + lower_ptr).astype(np.int32)
        self.matrix = sp.csr_matrix((np.ones(2 * ties), indices, indptr), shape=(n, n))
        # correcting a product row by row costs a dozen small numpy calls: worth it on large networks only
        self._correcting = 2 * ties >= CORRECT_ABOVE
        self.tie_keys, self.tie_a, self.tie_b = keys, a, b
        self.ends_a, self.ends_b = a.copy(), b.copy()     # n for a tie switched off
        self._flagged = np.zeros(n + 1, dtype=bool)
        self.alive = np.ones(ties, dtype=bool)
        self.dead = 0
        self.degree = upper_count + lower_count
        self._set_extra(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        self.layout += 1
        self._changed_rows = []
        self._invalidate()

    def _invalidate(self) -> None:
        self._cache = None
        self._labels = self._safe = None
        self.version += 1

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

    def friends(self) -> Friends:
        """Each person's friends now, as a scoring rule that reads friends one by one sees them."""
        return Friends.from_ties(self.n, self.src, self.dst)

    def safe_degree(self):
        """(max(degree, 1) as floats, the people with no ties), kept until ties change."""
        if self._safe is None:
            self._safe = (np.maximum(self.degree, 1).astype(float), np.flatnonzero(self.degree == 0))
        return self._safe

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
        """A @ values: for each person, the sum of ``values`` over their ties (1-D or one column per quantity)."""
        matrix = self.matrix
        if values.ndim == 1 and values.dtype == np.float64 and values.flags.c_contiguous:
            out = np.zeros(self.n)
            _csr_matvec(self.n, self.n, matrix.indptr, matrix.indices, matrix.data, values, out)
        else:
            out = matrix @ values
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
            if rows is not None and rows.size * 16 <= self.n:
                sums = kept[1]
                sums[rows] = self._row_sums(rows, values)
            else:                                        # a full product is quicker
                sums = self.neighbour_sums(values)
        self._kept = (values, sums, self.layout)
        self._changed_rows = []
        return sums

    def _row_sums(self, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
        """(A @ values)[rows], each row summed as a full product sums it."""
        indptr = self.matrix.indptr
        starts = indptr[rows]
        counts = indptr[rows + 1] - starts
        sub = np.zeros(rows.size + 1, dtype=np.int32)
        np.cumsum(counts, out=sub[1:])
        pos = np.repeat(starts - sub[:-1], counts) + np.arange(sub[-1])
        out = np.zeros(rows.size)
        _csr_matvec(rows.size, self.n, sub, self.matrix.indices[pos], self.matrix.data[pos], values, out)
        if self.extra_keys.size:
            here, there = self._extra_ends
            out += np.bincount(here, weights=values[there], minlength=self.n)[rows]
        return out

    def whole_sums(self, values: np.ndarray) -> np.ndarray:
        """A @ values for whole-number values that change in few places from one call to the next.

        On a large network (``CORRECT_ABOVE`` entries of A or more) the network keeps the last
        values and their product, and keeps the product true as ties are cut and added; a call
        then corrects it only for the people whose value changed (the ties of those people),
        and falls back to the full product when more than 1 in 16 changed; a small network
        recomputes it. Sums of whole numbers are exact in floating point, so the result is
        identical to :meth:`neighbour_sums`. The array returned is updated in place by the
        next call: use it before then.
        """
        if not self._correcting:                         # a small network: a full product is quicker
            return self.neighbour_sums(values)
        tracked = self._tracked
        if tracked is not None:
            old, sums = tracked
            changed = np.flatnonzero(values != old)
            if changed.size <= self.n // 16:
                if changed.size:
                    delta = values[changed] - old[changed]
                    indptr, indices, data = self.matrix.indptr, self.matrix.indices, self.matrix.data
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
        flagged = self._flagged                                # person n: the end of a switched-off tie
        flagged[:-1] = low
        hit = flagged[self.ends_a]
        hit |= flagged[self.ends_b]
        main = np.flatnonzero(hit)
        a, b = self.tie_a[main], self.tie_b[main]
        if not self.extra_keys.size:
            return a, b, main
        extra = np.flatnonzero(low[self.extra_a] | low[self.extra_b])
        if not extra.size:
            return a, b, main
        # merge in key order: an extra tie goes after the listed ties with smaller keys
        at = np.searchsorted(main, self._extra_place[extra])
        return (np.insert(a, at, self.extra_a[extra]), np.insert(b, at, self.extra_b[extra]),
                np.insert(main, at, -1 - extra))

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
        if which.size:
            self._changed(self._cut(which))
        if a.size:
            self._changed(self._add(a, b))

    def _changed(self, ends: list) -> None:
        if not ends:
            return
        self._changed_rows.append(np.concatenate(ends))
        self._invalidate()
        listed = self.tie_keys.size
        if self.extra_keys.size > 64 + listed // 8 or self.dead > 64 + listed // 3:
            self._rebuild(self.keys)

    def _cut(self, which: np.ndarray) -> list:
        extra = which < 0
        main = which[~extra] if self.extra_keys.size else which
        a, b = self.tie_a[main], self.tie_b[main]
        self._track_ties(a, b, -1.0)
        data, indices = self.matrix.data, self.matrix.indices
        ab, ba = self.pos_ab[main], self.pos_ba[main]
        data[ab] = 0.0
        data[ba] = 0.0
        indices[ab] = a  # a zero self-loop: no tie, for sums and for components
        indices[ba] = b
        self.ends_a[main] = self.n
        self.ends_b[main] = self.n
        self.alive[main] = False
        self.dead += main.size
        np.subtract.at(self.degree, a, 1)
        np.subtract.at(self.degree, b, 1)
        if main.size == which.size:
            return [a, b]
        gone = -1 - which[extra]
        ea, eb = self.extra_a[gone], self.extra_b[gone]
        self._track_ties(ea, eb, -1.0)
        np.subtract.at(self.degree, ea, 1)
        np.subtract.at(self.degree, eb, 1)
        keep = np.ones(self.extra_keys.size, dtype=bool)
        keep[gone] = False
        self._set_extra(self.extra_keys[keep], self._extra_place[keep])
        return [a, b, ea, eb]

    def _add(self, a: np.ndarray, b: np.ndarray) -> list:
        low, high = np.minimum(a, b), np.maximum(a, b)
        new = np.unique((low * self.n + high)[low != high])
        if not new.size:
            return []
        ends = []
        pos = np.searchsorted(self.tie_keys, new)
        listed = self.tie_keys.take(pos, mode="clip") == new if self.tie_keys.size else np.zeros(new.size, bool)
        if listed.any():
            revive = pos[listed]
            revive = revive[~self.alive[revive]]
            if revive.size:  # a tie cut earlier comes back: switch it on again
                ra, rb = self.tie_a[revive], self.tie_b[revive]
                self._track_ties(ra, rb, 1.0)
                self.matrix.data[self.pos_ab[revive]] = 1.0
                self.matrix.data[self.pos_ba[revive]] = 1.0
                self.matrix.indices[self.pos_ab[revive]] = rb
                self.matrix.indices[self.pos_ba[revive]] = ra
                self.ends_a[revive], self.ends_b[revive] = ra, rb
                self.alive[revive] = True
                self.dead -= revive.size
                np.add.at(self.degree, ra, 1)
                np.add.at(self.degree, rb, 1)
                ends += [ra, rb]
            new, pos = new[~listed], pos[~listed]
        if new.size and self.extra_keys.size:
            epos = np.searchsorted(self.extra_keys, new)
            fresh = self.extra_keys.take(epos, mode="clip") != new
            new, pos, epos = new[fresh], pos[fresh], epos[fresh]
        else:
            epos = np.zeros(new.size, dtype=np.int64)
        if new.size:
            na = new // self.n
            nb = new - na * self.n
            self._track_ties(na, nb, 1.0)
            np.add.at(self.degree, na, 1)
            np.add.at(self.degree, nb, 1)
            self._set_extra(np.insert(self.extra_keys, epos, new), np.insert(self._extra_place, epos, pos))
            ends += [na, nb]
        return ends

    def _set_extra(self, keys: np.ndarray, places: np.ndarray) -> None:
        """The extra ties' keys (sorted) and, for each, how many listed ties have smaller keys."""
        self.extra_keys = keys
        self._extra_place = places
        self.extra_a = keys // self.n
        self.extra_b = keys - self.extra_a * self.n
        self._extra_ends = (np.concatenate([self.extra_a, self.extra_b]),
                            np.concatenate([self.extra_b, self.extra_a]))


def _pack_scale(n: int) -> float:
    """A power of two above every possible degree (at most n − 1)."""
    return float(2 ** max(int(n).bit_length(), 1))
