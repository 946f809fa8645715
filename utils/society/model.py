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
2. Score (Friedkin-Johnsen): s ← (1−β) u + β W s; a person with no ties gets s_def as peer
   term. A custom rule replaces this by s ← f(u, W s, s).
   *What the rule in use does* (the rule, not the parameter β, drives behaviour):
   self-protection σ = how much a score moves per unit move of one's friends' average
   score, and the behaviour weight λ = how much it moves per unit of one's own behaviour u,
   both measured from f at this step's inputs (:func:`rule_sensitivities`): every step,
   because a rule that is not linear (a minimum, a rank) responds differently as scores
   move. For the default rule σ = β and λ = 1 − β exactly (it is linear, so it is not
   probed); a rule that ignores friends has σ = 0.
3. Expression (Kuran; spiral of silence): π = W y (½ for people with no ties), and
   y_i ← 1[x_i + γ(π_i − ½) + m_i S ≥ ½] with the stake S = ρ w (λ + ψ c): what endorsing
   adds to one's score (λw) plus the value of ties at risk (ψ times the cut chance c below).
   For the default rule with κ = 0 this is ρ w ((1−β) + ψφβ). The ties-at-risk term does not
   depend on λ: an assumption of the model (saying the approved thing reads as loyalty to
   the scheme), kept from its first version.
4. Enrolment (Granovetter; Centola-Macy), irreversible: m_i ← max(m_i, 1[(W m)_i ≥ θ_i − δ]).
5. Exclusion (Holme-Newman; Schelling): L = low scorers (the demotion zone of a league: the
   ⌊qN⌋ lowest new scores, or scores below τ). Each tie touching L is cut with probability
   c = min(1, φ(σ + κ)): σ is self-protection (cutting a low scorer protects my score only as
   far as the rule lets friends' scores into mine) and κ is stigma, shunning low scorers for
   what the score is used for whatever the rule does. With probability r the endpoint outside
   L (if there is one) makes a new tie to a random person outside L. A cut tie between two
   low scorers is replaced only with probability r_L (default 0: never), by one of its ends
   picked at random tying to a random person outside L.
6. Internalisation (optional): x_i ← (1−η) x_i + η[½ x_i(0) + ½ mean{y_j : j ~ i, |x_i − y_j| < ε}].

This file is the model to read: the state, the rules and :func:`reference_step`, one step
written as plain loops over networkx neighbours. :func:`utils.society.run.simulate` runs the
same step vectorised (:mod:`utils.society.fast`); the tests hold the two together.

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
from dataclasses import dataclass

import networkx as nx
import numpy as np

from ..core.checks import make_rng
from ..engagement.leagues import demotion_zone

from .params import SocialCreditParams

__all__ = [
    "SocialCreditState",
    "initial_state",
    "reference_step",
    "rule_sensitivities",
    "cut_probability",
    "speech_stake",
]


# --- the state ----------------------------------------------------------------------------------------

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


# --- the rules ----------------------------------------------------------------------------------------

def own_behaviour(merit, expressed, enrolled, params: SocialCreditParams) -> np.ndarray:
    """u = m[(1−w) q + w y] + (1−m) s_def, for arrays of people."""
    w = params.endorsement_weight
    return np.where(enrolled, (1 - w) * merit + w * expressed, params.default_score)


def low_scorers(score: np.ndarray, params: SocialCreditParams) -> np.ndarray:
    """Who counts as a low scorer: below τ (absolute cutoff), or the relative cutoff, a league's demotion zone.

    The relative cutoff is :func:`utils.engagement.leagues.demotion_zone` from lesson 03:
    the bottom ⌊qN⌋ places of a ranking by score, with equal scores sharing a place (so
    fewer when scores tie at the edge: equal scores, equal treatment).

    Examples
    --------
    >>> low_scorers(np.array([0.9, 0.1, 0.5, 0.3, 0.7]), SocialCreditParams(cutoff_share=0.2)).tolist()
    [False, True, False, False, False]
    >>> low_scorers(np.array([0.9, 0.1, 0.5, 0.3]), SocialCreditParams(cutoff="absolute", cutoff_score=0.4)).tolist()
    [False, True, False, True]
    """
    if params.cutoff == "relative":
        return demotion_zone(score, int(params.cutoff_share * score.size), ties="shared")
    return score < params.cutoff_score


def apply_score_rule(score_rule, u, peer, s) -> np.ndarray:
    """Call ``score_rule(u, peer, s)`` on copies and check its answer: one finite score in [0, 1] per person.

    Returns None when ``score_rule`` is None (the default rule). Scores within 1e-9 of the
    range are clipped into it; anything else raises ValueError naming ``score_rule``.

    Examples
    --------
    >>> apply_score_rule(lambda u, peer, s: np.minimum(u, peer), np.array([0.2, 0.9]), np.array([0.5, 0.5]),
    ...                  np.zeros(2)).tolist()
    [0.2, 0.5]
    >>> apply_score_rule(lambda u, peer, s: u[:1], np.zeros(2), np.zeros(2), np.zeros(2))
    Traceback (most recent call last):
    ...
    ValueError: score_rule must return one score per person, shape (2,); got (1,)
    """
    if score_rule is None:
        return None
    new = np.asarray(score_rule(u.copy(), peer.copy(), s.copy()), dtype=float)
    if new.shape != s.shape:
        raise ValueError(f"score_rule must return one score per person, shape {s.shape}; got {new.shape}")
    if not np.all(np.isfinite(new)) or new.min() < -1e-9 or new.max() > 1 + 1e-9:
        raise ValueError("score_rule must return finite scores between 0 and 1, got values from "
                         f"{np.nanmin(new):g} to {np.nanmax(new):g}")
    return np.clip(new, 0.0, 1.0)


PROBE_STEP = 0.05


def rule_sensitivities(score_rule, u, peer, s, scores, params: SocialCreditParams) -> tuple[float, float]:
    """What the rule in use does: (self-protection σ, behaviour weight λ), measured from the rule.

    σ is how much a person's new score moves per unit move of their friends' average score
    (``peer``); λ per unit move of their own behaviour ``u``. Both are finite differences of
    the rule at this step's inputs, averaged over people: every other person (positions 0,
    2, 4, ...) has the input moved by ``PROBE_STEP`` = 0.05 towards the middle of [0, 1]
    (up below ½, down from ½) while everyone else keeps theirs, and σ (or λ) is the mean of
    (change in their score) / (change in their input). Moving only half the people lets
    relative rules (scores by rank) register a change; a step of 0.05 rather than an
    infinitesimal one lets rules that move in steps register it too. For a linear rule any
    step gives the same answer, to rounding.

    The default rule (``score_rule`` None) is linear, s = (1 − β) u + β peer, so it is not
    probed: σ = β and λ = 1 − β exactly. A custom rule costs two extra calls per step.
    Rules must be pure functions of (u, peer, s): the probe calls them again.

    Parameters
    ----------
    score_rule : callable or None
    u, peer, s : ndarray
        The rule's inputs this step.
    scores : ndarray
        The rule's output for these inputs (from :func:`apply_score_rule`).
    params : SocialCreditParams

    Returns
    -------
    (float, float)

    Examples
    --------
    >>> p = SocialCreditParams(peer_weight=0.7)
    >>> rule_sensitivities(None, None, None, None, None, p)
    (0.7, 0.30000000000000004)
    >>> u, peer = np.linspace(0, 1, 6), np.full(6, 0.4)
    >>> own = lambda u, peer, s: u                         # ignores friends entirely
    >>> sigma, lam = rule_sensitivities(own, u, peer, u, own(u, peer, u), p)
    >>> sigma, round(lam, 12)
    (0.0, 1.0)
    >>> fj = lambda u, peer, s: 0.3 * u + 0.7 * peer         # the default rule, written out
    >>> sigma, lam = rule_sensitivities(fj, u, peer, u, fj(u, peer, u), p)
    >>> abs(sigma - 0.7) < 1e-12, abs(lam - 0.3) < 1e-12
    (True, True)
    """
    if score_rule is None:
        return params.peer_weight, 1 - params.peer_weight
    return (_probe_response(score_rule, u, peer, s, scores, moved="peer"),
            _probe_response(score_rule, u, peer, s, scores, moved="u"))


def _probe_response(score_rule, u, peer, s, scores, moved: str) -> float:
    inputs = {"u": u, "peer": peer}
    values = inputs[moved].copy()
    probed = values[::2]                                   # a view: every other person
    direction = np.where(probed < 0.5, 1.0, -1.0)
    probed += PROBE_STEP * direction
    inputs[moved] = values
    out = apply_score_rule(score_rule, inputs["u"], inputs["peer"], s)
    return float(np.mean((out[::2] - scores[::2]) * direction) / PROBE_STEP)


def cut_probability(self_protection: float, params: SocialCreditParams) -> float:
    """c = φ(σ + κ), capped to [0, 1]: the chance per step that a tie touching a low scorer is cut.

    Examples
    --------
    >>> cut_probability(0.5, SocialCreditParams(exclusion_rate=0.2))
    0.1
    >>> cut_probability(0.0, SocialCreditParams(exclusion_rate=0.2, stigma=0.5))
    0.1
    """
    return min(1.0, max(0.0, params.exclusion_rate * (self_protection + params.stigma)))


def speech_stake(behaviour_weight: float, cut_chance: float, params: SocialCreditParams) -> float:
    """S = ρ w (λ + ψ c): what an enrolled person has riding on saying "I endorse".

    λw is how much endorsing raises one's own score under the rule in use (w is the weight of
    speech in behaviour u), and ψc the value of ties times the chance of losing one.

    Examples
    --------
    >>> p = SocialCreditParams()       # β = 0.5, ρ = 0.1, w = 0.5, ψ = 1, φ = 0.05
    >>> round(speech_stake(1 - p.peer_weight, cut_probability(p.peer_weight, p), p), 6)
    0.02625
    """
    return params.score_stake * params.endorsement_weight * (behaviour_weight + params.tie_value * cut_chance)


# --- the start and one step ---------------------------------------------------------------------------

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
    graph = check_graph(graph)
    params = check_params(params)
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
    endorsing, enrolled = np.zeros(n), np.zeros(n)
    new_y, new_m, new_x = np.zeros(n, bool), np.zeros(n, bool), old.attitude.copy()
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
            endorsing[i] = sum(float(old.expressed[j]) for j in friends) / len(friends)
            enrolled[i] = sum(float(old.enrolled[j]) for j in friends) / len(friends)
        else:
            peer[i], endorsing[i], enrolled[i] = p.default_score, 0.5, 0.0
        # 2. score: a mix of your own behaviour and your friends' scores
        new_s[i] = (1 - beta) * u[i] + beta * peer[i]
    if score_rule is not None:
        new_s = apply_score_rule(score_rule, u, peer, old.score)
    # what the rule in use does: how far a score follows friends' scores (σ) and own behaviour (λ)
    self_protection, behaviour_weight = rule_sensitivities(score_rule, u, peer, old.score, new_s, p)
    cut_chance = cut_probability(self_protection, p)
    stake = speech_stake(behaviour_weight, cut_chance, p)
    for i in range(n):
        friends = list(graph.neighbors(i))
        # 3. say "I endorse" if attitude + conformity pressure + what is at stake reaches ½
        pressure = p.conformity * (endorsing[i] - 0.5) + stake * old.enrolled[i]
        new_y[i] = old.attitude[i] + pressure >= 0.5
        # 4. enrol once enough friends have (and never leave)
        new_m[i] = old.enrolled[i] or enrolled[i] >= old.threshold[i] - p.mandatoriness
        # 6. internalisation: drift toward friends whose expressed view is close to yours
        if p.internalisation > 0:
            close = [float(old.expressed[j]) for j in friends
                     if abs(old.attitude[i] - float(old.expressed[j])) < p.confidence]
            heard = sum(close) / len(close) if close else old.attitude[i]
            new_x[i] = ((1 - p.internalisation) * old.attitude[i]
                        + p.internalisation * (0.5 * old.anchor[i] + 0.5 * heard))
    # 5. exclusion: ties to low scorers are cut; the other end may find someone new
    if cut_chance > 0 and graph.number_of_edges():
        low = low_scorers(new_s, p)
        ties = sorted((min(a, b), max(a, b)) for a, b in graph.edges())
        touching = [(a, b) for a, b in ties if low[a] or low[b]]
        if touching:
            draws = rng.random(len(touching))
            cut = [tie for tie, d in zip(touching, draws) if d < cut_chance]
            if cut:
                rewire_draws, partner_draws = rng.random(len(cut)), rng.random(len(cut))
                outside = [j for j in range(n) if not low[j]]
                new_ties = []
                for (a, b), r_draw, partner_draw in zip(cut, rewire_draws, partner_draws):
                    if not outside:
                        continue
                    if low[a] and low[b]:       # two low scorers: replaced only with chance r_L
                        if r_draw >= p.low_rewiring:
                            continue
                        mover = a if r_draw < 0.5 * p.low_rewiring else b
                    elif r_draw < p.rewiring:   # the end that is not low finds someone new
                        mover = b if low[a] else a
                    else:
                        continue
                    partner = outside[min(int(partner_draw * len(outside)), len(outside) - 1)]
                    if partner != mover:
                        new_ties.append((mover, partner))
                graph.remove_edges_from(cut)
                graph.add_edges_from(new_ties)
    return SocialCreditState(attitude=new_x, anchor=old.anchor, merit=old.merit, threshold=old.threshold,
                             expressed=new_y, enrolled=new_m, score=new_s, behaviour=u)


# --- argument checks shared by the model's entry points -------------------------------------------------

def check_graph(graph) -> nx.Graph:
    if not isinstance(graph, nx.Graph):
        raise TypeError(f"graph must be a networkx Graph, got {type(graph).__name__}")
    if graph.is_directed() or graph.is_multigraph():
        raise TypeError("graph must be an undirected simple networkx Graph (not directed, not a multigraph)")
    if graph.number_of_nodes() < 2:
        raise ValueError(f"graph must have at least 2 people, got {graph.number_of_nodes()}")
    return graph


def check_params(params) -> SocialCreditParams:
    if params is None:
        return SocialCreditParams()
    if not isinstance(params, SocialCreditParams):
        raise TypeError(f"params must be a SocialCreditParams, got {type(params).__name__}")
    return params
