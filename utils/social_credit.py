"""A toy scoring society on a social network: the "peer-scored network" thought experiment.

This is a thought experiment assembled from published opinion-dynamics models, not a
model of any real system. In particular "a friend's low score drags yours down" is a
design hypothetical taken from the 2016 narrative about Sesame Credit; no primary source
shows a real system scoring people by their friends (see lesson 05).

Each person i has a private attitude x_i in [0, 1] (x ≥ ½: privately in favour), a public
endorsement y_i in {0, 1}, an enrolment flag m_i, a baseline merit q_i, an adoption
threshold θ_i and a score s_i in [0, 1]. W = D⁻¹A averages over a person's ties. One
synchronous step (all neighbour averages use the state at the start of the step):

1. Own behaviour: u_i = m_i[(1−w) q_i + w y_i] + (1−m_i) s_def.
2. Score (Friedkin-Johnsen): s ← (1−β) u + β W s; a person with no ties gets s_def as peer term.
3. Expression (Kuran; spiral of silence): π = W y (½ for people with no ties), and
   y_i ← 1[x_i + γ(π_i − ½) + ρ w m_i ((1−β) + ψφβ) ≥ ½].
4. Enrolment (Granovetter; Centola-Macy), irreversible: m_i ← max(m_i, 1[(W m)_i ≥ θ_i − δ]).
5. Exclusion (Holme-Newman; Schelling): L = low scorers (below the q-quantile of the new
   scores, or below τ). Each tie touching L is cut with probability φβ; with probability r
   the endpoint outside L (if there is one) makes a new tie to a random person outside L.
6. Internalisation (optional): x_i ← (1−η) x_i + η[½ x_i(0) + ½ mean{y_j : j ~ i, |x_i − y_j| < ε}].

:func:`simulate` runs the vectorised model (numpy + scipy.sparse); :func:`reference_step`
is the same step written as plain loops over networkx neighbours, for reading.

References
----------
Friedkin, N.E. & Johnsen, E.C. (1990). Social influence and opinions. *J. Math. Sociol.* 15(3-4), 193-206.
DeGroot, M.H. (1974). Reaching a consensus. *JASA* 69(345), 118-121.
Granovetter, M. (1978). Threshold models of collective behavior. *AJS* 83(6), 1420-1443.
Centola, D. & Macy, M. (2007). Complex contagions and the weakness of long ties. *AJS* 113(3), 702-734.
Kuran, T. (1989). Sparks and prairie fires. *Public Choice* 61(1), 41-74.
Noelle-Neumann, E. (1974). The spiral of silence. *J. Commun.* 24(2), 43-51.
Holme, P. & Newman, M.E.J. (2006). Nonequilibrium phase transition in the coevolution of networks
and opinions. *Phys. Rev. E* 74, 056108.
Hegselmann, R. & Krause, U. (2002). Opinion dynamics and bounded confidence. *JASSS* 5(3), 2.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.special import ndtr

from .validation import check_choice, check_integer, check_number, make_rng

__all__ = [
    "SocialCreditParams",
    "SocialCreditState",
    "SocialCreditRun",
    "SparseNetwork",
    "PARAMETER_TABLE",
    "initial_state",
    "simulate",
    "vectorised_step",
    "reference_step",
    "friedkin_johnsen_steady_state",
    "adoption_curve",
    "mean_field_adoption",
    "params_code",
]

# name: (symbol, low, high, meaning). The spec's slider range for peer_weight is 0-0.95;
# the model also accepts 1 (pure DeGroot averaging, own behaviour ignored).
PARAMETER_TABLE = {
    "peer_weight": ("β", 0.0, 1.0, "weight of friends' scores in your score"),
    "endorsement_weight": ("w", 0.0, 1.0, "weight of public endorsement in own behaviour"),
    "conformity": ("γ", 0.0, 1.0, "conformity pressure / fear of isolation"),
    "score_stake": ("ρ", 0.0, 0.5, "how much people care about their score"),
    "tie_value": ("ψ", 0.0, 5.0, "value of a tie (threat of being cut off)"),
    "exclusion_rate": ("φ", 0.0, 0.5, "chance per step of cutting a tie to a low scorer (times β)"),
    "cutoff_share": ("q", 0.0, 0.3, "relative cutoff: the lowest share q of scores is 'low'"),
    "cutoff_score": ("τ", 0.0, 1.0, "absolute cutoff: scores below τ are 'low'"),
    "rewiring": ("r", 0.0, 1.0, "chance that a cut tie is replaced by a tie to someone not low"),
    "default_score": ("s_def", 0.0, 0.5, "score of non-members, and peer term of people with no ties"),
    "mandatoriness": ("δ", 0.0, 0.3, "lowers everyone's adoption threshold"),
    "threshold_mean": ("μ_θ", 0.2, 0.8, "mean adoption threshold (share of enrolled friends)"),
    "threshold_sd": ("σ_θ", 0.0, 0.3, "spread of adoption thresholds"),
    "initial_enrolment": ("m₀", 0.0, 1.0, "chance each person is enrolled at the start (1 = mandatory)"),
    "internalisation": ("η", 0.0, 0.1, "rate at which private attitudes drift toward what friends say"),
    "confidence": ("ε", 0.1, 0.5, "bounded-confidence window for internalisation"),
}


@dataclass(frozen=True)
class SocialCreditParams:
    """Parameters of the toy scoring society, with the spec's defaults; validated on creation.

    Parameters
    ----------
    peer_weight : float
        β in [0, 1], default 0.5: weight of friends' average score in your score.
    endorsement_weight : float
        w in [0, 1], default 0.5: weight of public endorsement in own behaviour.
    conformity : float
        γ in [0, 1], default 0.4: pressure to say what your friends say.
    score_stake : float
        ρ in [0, 0.5], default 0.1: how much people care about their score.
    tie_value : float
        ψ in [0, 5], default 1: how much people fear losing ties.
    exclusion_rate : float
        φ in [0, 0.5], default 0.05: per-step chance (times β) of cutting a tie to a low scorer.
    cutoff : {"relative", "absolute"}
        "relative": the lowest ``cutoff_share`` of scores is low; "absolute": scores below
        ``cutoff_score`` are low.
    cutoff_share : float
        q in [0, 0.3], default 0.2.
    cutoff_score : float
        τ in [0, 1], default 0.35.
    rewiring : float
        r in [0, 1], default 0.5: chance that a cut tie is replaced.
    default_score : float
        s_def in [0, 0.5], default 0.3.
    mandatoriness : float
        δ in [0, 0.3], default 0: subtracted from every adoption threshold.
    threshold_mean, threshold_sd : float
        μ_θ in [0.2, 0.8] (default 0.5) and σ_θ in [0, 0.3] (default 0.15).
    initial_enrolment : float
        m₀ in [0, 1], default 0.05.
    internalisation : float
        η in [0, 0.1], default 0.
    confidence : float
        ε in [0.1, 0.5], default 0.3.

    Examples
    --------
    >>> p = SocialCreditParams(peer_weight=0.8)
    >>> p.peer_weight, p.conformity
    (0.8, 0.4)
    >>> SocialCreditParams(peer_weight=1.5)
    Traceback (most recent call last):
    ...
    ValueError: peer_weight must be between 0 and 1, got 1.5
    """

    peer_weight: float = 0.5
    endorsement_weight: float = 0.5
    conformity: float = 0.4
    score_stake: float = 0.1
    tie_value: float = 1.0
    exclusion_rate: float = 0.05
    cutoff: str = "relative"
    cutoff_share: float = 0.2
    cutoff_score: float = 0.35
    rewiring: float = 0.5
    default_score: float = 0.3
    mandatoriness: float = 0.0
    threshold_mean: float = 0.5
    threshold_sd: float = 0.15
    initial_enrolment: float = 0.05
    internalisation: float = 0.0
    confidence: float = 0.3

    def __post_init__(self):
        for name, (_, low, high, _) in PARAMETER_TABLE.items():
            object.__setattr__(self, name, check_number(name, getattr(self, name), low, high))
        check_choice("cutoff", self.cutoff, ("relative", "absolute"))

    def replace(self, **changes) -> "SocialCreditParams":
        """A copy with some fields changed (and validated).

        Examples
        --------
        >>> SocialCreditParams().replace(exclusion_rate=0.2).exclusion_rate
        0.2
        """
        return dataclasses.replace(self, **changes)

    def changed(self) -> dict:
        """The fields that differ from the defaults, by name."""
        default = SocialCreditParams()
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if getattr(self, f.name) != getattr(default, f.name)}


def params_code(params: SocialCreditParams) -> str:
    """``SocialCreditParams(...)`` source listing only the fields that differ from the defaults.

    Examples
    --------
    >>> params_code(SocialCreditParams(peer_weight=0.8, cutoff="absolute"))
    "SocialCreditParams(peer_weight=0.8, cutoff='absolute')"
    """
    parts = [f"{k}={round(v, 4) if isinstance(v, float) else v!r}" for k, v in params.changed().items()]
    return "SocialCreditParams(" + ", ".join(parts) + ")"


@dataclass
class SocialCreditState:
    """Everyone's state at one moment; arrays have one entry per person (graph node order)."""

    attitude: np.ndarray   # x: private attitude in [0, 1]
    anchor: np.ndarray     # x(0): the attitude people started with
    merit: np.ndarray      # q: baseline merit in [0, 1]
    threshold: np.ndarray  # θ: share of enrolled friends that makes a person enrol
    expressed: np.ndarray  # y: public endorsement (bool)
    enrolled: np.ndarray   # m: enrolled in the scheme (bool)
    score: np.ndarray      # s: score in [0, 1]
    behaviour: np.ndarray  # u: own behaviour as the scheme sees it

    def copy(self) -> "SocialCreditState":
        return SocialCreditState(**{f.name: getattr(self, f.name).copy() for f in dataclasses.fields(self)})


def own_behaviour(merit, expressed, enrolled, params: SocialCreditParams) -> np.ndarray:
    """u = m[(1−w) q + w y] + (1−m) s_def, for arrays of people."""
    w = params.endorsement_weight
    return np.where(enrolled, (1 - w) * merit + w * expressed, params.default_score)


def initial_state(graph: nx.Graph, params: SocialCreditParams | None = None, seed=None) -> SocialCreditState:
    """Draw everyone's starting state: x ~ Beta(2,2), q ~ Beta(5,2), θ ~ N(μ_θ, σ_θ), m ~ Bernoulli(m₀).

    People start sincere (y = 1[x ≥ ½]) and with the score of their own behaviour (s = u).
    Edit the arrays of the result (e.g. set ``threshold``) and pass it to
    ``simulate(..., initial=state)`` to run from a custom start.

    Examples
    --------
    >>> state = initial_state(nx.path_graph(5), seed=1)
    >>> state.score.shape, bool(np.all(state.expressed == (state.attitude >= 0.5)))
    ((5,), True)
    """
    graph = _check_graph(graph)
    params = _check_params(params)
    rng = make_rng(seed)
    n = graph.number_of_nodes()
    x = rng.beta(2, 2, n)
    q = rng.beta(5, 2, n)
    theta = rng.normal(params.threshold_mean, params.threshold_sd, n)
    m = rng.random(n) < params.initial_enrolment
    y = x >= 0.5
    u = own_behaviour(q, y, m, params)
    return SocialCreditState(attitude=x, anchor=x.copy(), merit=q, threshold=theta, expressed=y,
                             enrolled=m, score=u.copy(), behaviour=u)


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
        index = {node: i for i, node in enumerate(graph.nodes)}
        pairs = np.array([(index[a], index[b]) for a, b in graph.edges() if a != b],
                         dtype=np.int64).reshape(-1, 2)
        lo, hi = pairs.min(axis=1), pairs.max(axis=1)
        return cls(n, lo * n + hi)

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
        return out

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
            self._largest = np.bincount(self.component_labels()).max() / self.n
        return self._largest

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
        listed = self.tie_keys.size
        if self.extra_keys.size > 64 + listed // 8 or self.dead > 64 + listed // 3:
            self._rebuild(self.keys)


def _low_scorers(score: np.ndarray, params: SocialCreditParams) -> np.ndarray:
    """Who counts as a low scorer: the ⌊qN⌋ lowest scores (relative; fewer if scores tie) or below τ (absolute)."""
    if params.cutoff == "relative":
        k = int(params.cutoff_share * score.size)
        if k == 0:
            return np.zeros(score.size, dtype=bool)
        return score < np.partition(score, k)[k]
    return score < params.cutoff_score


def _pack_scale(n: int) -> float:
    """A power of two above every possible degree (at most n − 1)."""
    return float(2 ** max(int(n).bit_length(), 1))


def _apply_score_rule(score_rule, u, peer, s) -> np.ndarray:
    if score_rule is None:
        return None
    new = np.asarray(score_rule(u.copy(), peer.copy(), s.copy()), dtype=float)
    if new.shape != s.shape:
        raise ValueError(f"score_rule must return one score per person, shape {s.shape}; got {new.shape}")
    if not np.all(np.isfinite(new)) or new.min() < -1e-9 or new.max() > 1 + 1e-9:
        raise ValueError("score_rule must return finite scores between 0 and 1, got values from "
                         f"{np.nanmin(new):g} to {np.nanmax(new):g}")
    return np.clip(new, 0.0, 1.0)


def vectorised_step(network: SparseNetwork, state: SocialCreditState, params: SocialCreditParams,
                    rng: np.random.Generator, score_rule: Callable | None = None) -> SocialCreditState:
    """One synchronous step for everyone at once; updates ``network`` in place, returns the new state.

    Random draws, in order: one uniform per tie touching a low scorer (cut?), then for the
    cut ties one uniform each for "rewire?" and one for the new partner. :func:`reference_step`
    makes the same draws in the same order, so the two agree given the same Generator.
    """
    p = params
    beta = p.peer_weight
    degree = network.degree
    safe_degree, alone = network.safe_degree()                  # max(degree, 1); who has no ties
    # A @ s, and A @ y and A @ m together: y + K·m with K a power of two above any degree
    # sums to (A y) + K·(A m) exactly, and one sparse product reads the ties only once.
    score_sums = network.neighbour_sums(state.score)
    scale = network.pack_scale
    enrolled_sums, endorsing_sums = np.divmod(network.neighbour_sums(state.enrolled * scale + state.expressed), scale)
    peer = score_sums / safe_degree                             # W s (s_def if no ties)
    endorsing_share = endorsing_sums / safe_degree              # π = W y (½ if no ties)
    enrolled_share = enrolled_sums / safe_degree                # W m (0 if no ties)
    if alone.size:
        peer[alone] = p.default_score
        endorsing_share[alone] = 0.5
    # 1. own behaviour, 2. score
    u = own_behaviour(state.merit, state.expressed, state.enrolled, p)
    s = _apply_score_rule(score_rule, u, peer, state.score)
    if s is None:
        s = (1 - beta) * u + beta * peer
    # 3. expression
    stake = p.score_stake * p.endorsement_weight * ((1 - beta) + p.tie_value * p.exclusion_rate * beta)
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
    # 5. exclusion (on the new scores)
    cut_probability = p.exclusion_rate * beta
    if cut_probability > 0 and network.ties:
        low = _low_scorers(s, p)
        a, b, which = network.touching(low)            # in key order, as the reference draws
        if a.size:
            cut = rng.random(a.size) < cut_probability
            if cut.any():
                a, b, which = a[cut], b[cut], which[cut]
                rewire = rng.random(a.size) < p.rewiring
                partner_draw = rng.random(a.size)
                outside = np.flatnonzero(~low)
                movers_ok = rewire & (~low[a] | ~low[b]) & (outside.size > 0)
                mover = np.where(low[a], b, a)[movers_ok]
                if outside.size:
                    pick = np.minimum((partner_draw * outside.size).astype(np.int64), outside.size - 1)
                    partner = outside[pick][movers_ok]
                else:
                    partner = mover
                network.cut(which)
                network.add(mover, partner)
    return SocialCreditState(attitude=x, anchor=state.anchor, merit=state.merit, threshold=state.threshold,
                             expressed=y, enrolled=m, score=s, behaviour=u)


def reference_step(graph: nx.Graph, state: SocialCreditState, params: SocialCreditParams,
                   rng: np.random.Generator, score_rule: Callable | None = None) -> SocialCreditState:
    """The same step as :func:`vectorised_step`, written person by person for reading.

    ``graph`` must have nodes 0..n-1 (``nx.convert_node_labels_to_integers``); its ties are
    cut and added in place. About a hundred times slower than the vectorised step.

    Examples
    --------
    >>> g = nx.karate_club_graph()
    >>> p = SocialCreditParams()
    >>> new = reference_step(g, initial_state(g, p, seed=1), p, np.random.default_rng(1))
    >>> new.score.shape
    (34,)
    """
    p = params
    beta = p.peer_weight
    n = graph.number_of_nodes()
    old = state
    u, peer, new_s = np.zeros(n), np.zeros(n), np.zeros(n)
    new_y, new_m, new_x = np.zeros(n, bool), np.zeros(n, bool), old.attitude.copy()
    stake = p.score_stake * p.endorsement_weight * ((1 - beta) + p.tie_value * p.exclusion_rate * beta)
    for i in range(n):
        friends = list(graph.neighbors(i))
        # 1. own behaviour: what the scheme sees you do (non-members get the default score)
        if old.enrolled[i]:
            u[i] = (1 - p.endorsement_weight) * old.merit[i] + p.endorsement_weight * old.expressed[i]
        else:
            u[i] = p.default_score
        # friends' average score, share endorsing, share enrolled (start-of-step values)
        if friends:
            peer[i] = sum(old.score[j] for j in friends) / len(friends)
            endorsing = sum(float(old.expressed[j]) for j in friends) / len(friends)
            enrolled = sum(float(old.enrolled[j]) for j in friends) / len(friends)
        else:
            peer[i], endorsing, enrolled = p.default_score, 0.5, 0.0
        # 2. score: a mix of your own behaviour and your friends' scores
        new_s[i] = (1 - beta) * u[i] + beta * peer[i]
        # 3. say "I endorse" if attitude + conformity pressure + what is at stake reaches ½
        pressure = p.conformity * (endorsing - 0.5) + stake * old.enrolled[i]
        new_y[i] = old.attitude[i] + pressure >= 0.5
        # 4. enrol once enough friends have (and never leave)
        new_m[i] = old.enrolled[i] or enrolled >= old.threshold[i] - p.mandatoriness
        # 6. internalisation: drift toward friends whose expressed view is close to yours
        if p.internalisation > 0:
            close = [float(old.expressed[j]) for j in friends
                     if abs(old.attitude[i] - float(old.expressed[j])) < p.confidence]
            heard = sum(close) / len(close) if close else old.attitude[i]
            new_x[i] = ((1 - p.internalisation) * old.attitude[i]
                        + p.internalisation * (0.5 * old.anchor[i] + 0.5 * heard))
    if score_rule is not None:
        new_s = _apply_score_rule(score_rule, u, peer, old.score)
    # 5. exclusion: ties to low scorers are cut; the other end may find someone new
    cut_probability = p.exclusion_rate * beta
    if cut_probability > 0 and graph.number_of_edges():
        low = _low_scorers(new_s, p)
        ties = sorted((min(a, b), max(a, b)) for a, b in graph.edges())
        touching = [(a, b) for a, b in ties if low[a] or low[b]]
        if touching:
            draws = rng.random(len(touching))
            cut = [tie for tie, d in zip(touching, draws) if d < cut_probability]
            if cut:
                rewire_draws, partner_draws = rng.random(len(cut)), rng.random(len(cut))
                outside = [j for j in range(n) if not low[j]]
                new_ties = []
                for (a, b), r_draw, partner_draw in zip(cut, rewire_draws, partner_draws):
                    if r_draw < p.rewiring and (not low[a] or not low[b]) and outside:
                        mover = b if low[a] else a
                        partner = outside[min(int(partner_draw * len(outside)), len(outside) - 1)]
                        if partner != mover:
                            new_ties.append((mover, partner))
                graph.remove_edges_from(cut)
                graph.add_edges_from(new_ties)
    return SocialCreditState(attitude=new_x, anchor=old.anchor, merit=old.merit, threshold=old.threshold,
                             expressed=new_y, enrolled=new_m, score=new_s, behaviour=u)


METRIC_COLUMNS = ("mean_score", "score_gini", "score_assortativity", "isolated", "isolated_share",
                  "largest_component_share", "endorsement", "private_public_gap", "falsification_rate",
                  "enrolment", "agency", "dissenter_gap", "ties")


class _MetricsRecorder:
    """Collects what the metrics need at each step and computes them a block of steps at a time.

    Per step it keeps everyone's score, speech, enrolment, behaviour, attitude, number of ties
    and friends' score sum A s (rows of a block), plus the tie count and largest-group share
    (connected groups are recomputed only after ties change). Then each metric is one numpy
    call over the whole block rather than one call per step, which is what costs time at small N.
    Sums of products are written as (a * b).sum(...) rather than np.dot: np.dot hands long
    vectors to a multi-threaded BLAS, which stalls badly when the cores are shared.
    """

    CELLS = 400_000  # people × steps per block: about 15 MB of buffers

    def __init__(self, n: int, steps: int):
        self.n = n
        self.size = max(1, min(steps + 1, self.CELLS // n))
        b = self.size
        self.s, self.u, self.x, self.peer = (np.empty((b, n)) for _ in range(4))
        self.y, self.m = np.empty((b, n), dtype=bool), np.empty((b, n), dtype=bool)
        self.degree = np.empty((b, n), dtype=np.int64)
        self.ties, self.largest = np.empty(b, dtype=np.int64), np.empty(b)
        self.filled = 0
        self.columns = []

    def record(self, network: SparseNetwork, state: SocialCreditState) -> None:
        k = self.filled
        self.s[k], self.y[k], self.m[k] = state.score, state.expressed, state.enrolled
        self.u[k], self.x[k], self.degree[k] = state.behaviour, state.attitude, network.degree
        self.peer[k] = network.neighbour_sums(state.score)
        self.ties[k] = network.ties
        self.largest[k] = network.largest_group()
        self.filled += 1
        if self.filled == self.size:
            self.flush()

    def flush(self) -> None:
        k, n = self.filled, self.n
        if k == 0:
            return
        s, y, m, u, x, d = self.s[:k], self.y[:k], self.m[:k], self.u[:k], self.x[:k], self.degree[:k]
        with np.errstate(divide="ignore", invalid="ignore"):
            total = s.sum(axis=1)
            ranks = 2 * np.arange(1, n + 1) - n - 1
            gini = np.where(total > 0, (ranks * np.sort(s, axis=1)).sum(axis=1) / (n * total), 0.0)
            # Newman's assortativity over both ends of every tie (as metrics.score_assortativity):
            # Σ s = Σᵢ dᵢ sᵢ, Σ s² = Σᵢ dᵢ sᵢ², Σ s_a s_b = Σᵢ sᵢ (A s)ᵢ
            count = 2 * self.ties[:k]
            weighted = d * s
            mean = weighted.sum(axis=1) / count
            var = (weighted * s).sum(axis=1) / count - mean * mean
            cross = (s * self.peer[:k]).sum(axis=1) / count
            ok = (count > 0) & (var > 1e-15 * np.maximum(mean * mean, 1e-300))
            assortativity = np.where(ok, (cross - mean * mean) / var, np.nan)
            isolated = np.count_nonzero(d == 0, axis=1)
            endorsers = np.count_nonzero(y, axis=1)
            s_endorsers = (s * y).sum(axis=1)
            gap = np.where((endorsers > 0) & (endorsers < n),
                           s_endorsers / endorsers - (total - s_endorsers) / (n - endorsers), np.nan)
            private = x >= 0.5
            a = s - s.mean(axis=1, keepdims=True)
            b = u - u.mean(axis=1, keepdims=True)
            denom = np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1))
            agency = np.where(denom > 1e-300, (a * b).sum(axis=1) / denom, np.nan)
        self.columns.append((total / n, gini, assortativity, isolated, isolated / n, self.largest[:k].copy(),
                             endorsers / n, endorsers / n - np.count_nonzero(private, axis=1) / n,
                             np.count_nonzero(y & ~private, axis=1) / n, np.count_nonzero(m, axis=1) / n,
                             agency, gap, self.ties[:k].copy()))
        self.filled = 0

    def table(self) -> pd.DataFrame:
        self.flush()
        table = pd.DataFrame({name: np.concatenate([block[i] for block in self.columns])
                              for i, name in enumerate(METRIC_COLUMNS)})
        table.index.name = "step"
        return table


@dataclass
class SocialCreditRun:
    """The result of :func:`simulate`.

    Attributes
    ----------
    metrics : pandas.DataFrame
        One row per step (0 = start): mean_score, score_gini, score_assortativity, isolated,
        isolated_share, largest_component_share, endorsement, private_public_gap,
        falsification_rate, enrolment, agency (corr(score, own behaviour)), dissenter_gap
        (mean score of endorsers minus dissenters), ties.
    scores, expressed, enrolled : numpy arrays of shape (steps + 1, n), or None
        Everyone's score, public endorsement and enrolment at every step (None when
        ``keep_history=False``).
    final : SocialCreditState
        Everyone's state after the last step.
    network : SparseNetwork
        The ties after the last step; ``graph`` gives them as a networkx Graph.
    """

    params: SocialCreditParams
    steps: int
    seed: object
    nodes: list
    metrics: pd.DataFrame
    final: SocialCreditState
    network: SparseNetwork
    initial: SocialCreditState
    scores: np.ndarray | None = None
    expressed: np.ndarray | None = None
    enrolled: np.ndarray | None = None
    _graph: nx.Graph | None = field(default=None, repr=False)

    @property
    def graph(self) -> nx.Graph:
        """The network at the end, as a networkx Graph with the input graph's node labels."""
        if self._graph is None:
            self._graph = self.network.to_graph(self.nodes)
        return self._graph


def _check_graph(graph) -> nx.Graph:
    if not isinstance(graph, nx.Graph):
        raise TypeError(f"graph must be a networkx Graph, got {type(graph).__name__}")
    if graph.is_directed() or graph.is_multigraph():
        raise TypeError("graph must be an undirected simple networkx Graph (not directed, not a multigraph)")
    if graph.number_of_nodes() < 2:
        raise ValueError(f"graph must have at least 2 people, got {graph.number_of_nodes()}")
    return graph


def _check_params(params) -> SocialCreditParams:
    if params is None:
        return SocialCreditParams()
    if not isinstance(params, SocialCreditParams):
        raise TypeError(f"params must be a SocialCreditParams, got {type(params).__name__}")
    return params


def simulate(graph: nx.Graph, params: SocialCreditParams | None = None, steps: int = 200, seed=None, *,
             score_rule: Callable | None = None, initial: SocialCreditState | None = None,
             keep_history: bool = True) -> SocialCreditRun:
    """Run the toy scoring society on ``graph`` for ``steps`` synchronous steps.

    Parameters
    ----------
    graph : networkx.Graph
        Who is tied to whom (undirected; not modified). People follow ``graph.nodes`` order.
    params : SocialCreditParams, optional
        The mechanics' settings; the spec's defaults when None.
    steps : int
        Number of steps, 0 to 100,000.
    seed : int, numpy.random.Generator or None
        The run owns one Generator made from it: the starting state (unless ``initial`` is
        given) and every tie cut are drawn from it, so the same seed gives the same run.
    score_rule : callable, optional
        A custom scoring rule ``score_rule(u, peer, s) -> new scores``: ``u`` is everyone's
        own behaviour, ``peer`` their friends' average score (``default_score`` for people
        with no ties), ``s`` the current scores; all arrays of length n. It must return
        scores in [0, 1]. The default is the Friedkin-Johnsen rule ``(1 − β) u + β peer``.
        Exclusion, expression and enrolment then act on the scores it returns.
    initial : SocialCreditState, optional
        A starting state (from :func:`initial_state`, perhaps edited) instead of a fresh draw.
    keep_history : bool
        Keep everyone's score, endorsement and enrolment at every step (memory grows as
        steps × n); with False only the metrics and the final state are kept.

    Returns
    -------
    SocialCreditRun
        ``.metrics`` (a DataFrame, one row per step), ``.scores``/``.expressed``/``.enrolled``
        (history arrays), ``.final`` (state), ``.graph`` (the network at the end).

    Examples
    --------
    >>> import networkx as nx
    >>> run = simulate(nx.karate_club_graph(), SocialCreditParams(peer_weight=0.8), steps=50, seed=1)
    >>> run.scores.shape
    (51, 34)
    >>> round(float(run.metrics["mean_score"].iloc[-1]), 3)
    0.325
    >>> simulate(nx.karate_club_graph(), steps=-1)
    Traceback (most recent call last):
    ...
    ValueError: steps must be between 0 and 100000, got -1
    """
    graph = _check_graph(graph)
    params = _check_params(params)
    steps = check_integer("steps", steps, 0, 100_000)
    if score_rule is not None and not callable(score_rule):
        raise TypeError(f"score_rule must be a function score_rule(u, peer, s) or None, got {type(score_rule).__name__}")
    rng = make_rng(seed)
    n = graph.number_of_nodes()
    if initial is None:
        state = initial_state(graph, params, rng)
    else:
        if not isinstance(initial, SocialCreditState):
            raise TypeError(f"initial must be a SocialCreditState, got {type(initial).__name__}")
        if any(getattr(initial, f.name).shape != (n,) for f in dataclasses.fields(initial)):
            raise ValueError(f"initial must have one entry per person ({n}) in every array")
        state = initial.copy()
    start = state.copy()
    network = SparseNetwork.from_graph(graph)
    recorder = _MetricsRecorder(n, steps)
    recorder.record(network, state)
    if keep_history:
        scores = np.empty((steps + 1, n))
        expressed = np.empty((steps + 1, n), dtype=bool)
        enrolled = np.empty((steps + 1, n), dtype=bool)
        scores[0], expressed[0], enrolled[0] = state.score, state.expressed, state.enrolled
    for t in range(1, steps + 1):
        state = vectorised_step(network, state, params, rng, score_rule)
        recorder.record(network, state)
        if keep_history:
            scores[t], expressed[t], enrolled[t] = state.score, state.expressed, state.enrolled
    table = recorder.table()
    return SocialCreditRun(params=params, steps=steps, seed=seed if not isinstance(seed, np.random.Generator) else None,
                           nodes=list(graph.nodes), metrics=table, final=state, network=network, initial=start,
                           scores=scores if keep_history else None,
                           expressed=expressed if keep_history else None,
                           enrolled=enrolled if keep_history else None)


def friedkin_johnsen_steady_state(graph: nx.Graph, behaviour, peer_weight: float) -> np.ndarray:
    """s* = (1−β)(I − βW)⁻¹ u, the scores the averaging rule settles on when u stays fixed.

    Requires β < 1 and no person without ties.

    Examples
    --------
    >>> g = nx.path_graph(3)
    >>> friedkin_johnsen_steady_state(g, [1.0, 0.0, 0.0], 0.0).tolist()
    [1.0, 0.0, 0.0]
    """
    graph = _check_graph(graph)
    beta = check_number("peer_weight", peer_weight, 0, 0.999999)
    u = np.asarray(behaviour, dtype=float)
    n = graph.number_of_nodes()
    if u.shape != (n,):
        raise ValueError(f"behaviour must have one value per person ({n}), got shape {u.shape}")
    a = nx.to_scipy_sparse_array(graph, nodelist=list(graph.nodes), format="csr", weight=None)
    degree = np.asarray(a.sum(axis=1)).ravel()
    if np.any(degree == 0):
        raise ValueError("graph must have no people without ties for the steady-state formula")
    w = sp.diags(1 / degree) @ a
    return (1 - beta) * sp.linalg.spsolve((sp.identity(n, format="csc") - beta * w).tocsc(), u)


def adoption_curve(share, threshold_mean: float = 0.5, threshold_sd: float = 0.15,
                   mandatoriness: float = 0.0) -> np.ndarray:
    """F(r): the share whose threshold minus δ is at most r, for normal thresholds (Granovetter's map).

    Examples
    --------
    >>> float(adoption_curve(0.5, 0.5, 0.1))
    0.5
    """
    r = np.asarray(share, dtype=float)
    mu = check_number("threshold_mean", threshold_mean, 0, 1)
    sd = check_number("threshold_sd", threshold_sd, 0, 1)
    delta = check_number("mandatoriness", mandatoriness, 0, 1)
    if sd == 0:
        return (r >= mu - delta).astype(float)
    return ndtr((r + delta - mu) / sd)


def mean_field_adoption(threshold_mean: float = 0.5, threshold_sd: float = 0.15, mandatoriness: float = 0.0,
                        initial: float = 0.0, steps: int = 100) -> np.ndarray:
    """Iterate r_{t+1} = max(r_t, F(r_t)) from r_0 = ``initial``: adoption in a well-mixed crowd.

    Granovetter's normal-threshold example: with mean 0.25, participation stays near 0.04
    at σ = 0.12 but reaches everyone at σ = 0.13.

    Examples
    --------
    >>> round(float(mean_field_adoption(0.25, 0.12, steps=500)[-1]), 2)
    0.04
    >>> round(float(mean_field_adoption(0.25, 0.13, steps=500)[-1]), 2)
    1.0
    """
    check_number("initial", initial, 0, 1)
    steps = check_integer("steps", steps, 0, 100_000)
    r = np.empty(steps + 1)
    r[0] = initial
    for t in range(steps):
        r[t + 1] = max(r[t], float(adoption_curve(r[t], threshold_mean, threshold_sd, mandatoriness)))
    return r
