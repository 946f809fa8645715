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
   term. A custom rule replaces this by s ← f(u, W s, s), or f(u, W s, s, friends) for a rule
   that reads each person's friends one by one (:class:`~utils.society.rules.Friends`).
   The behaviour weight λ, how much a score moves per unit of one's own behaviour u, is
   measured from f at this step's inputs (:func:`behaviour_weight`); λ = 1 − β for the
   default rule. (λ here is not lesson 02's loss aversion.)
3. Expression (Kuran; spiral of silence): π = W y (½ for people with no ties), and
   y_i ← 1[x_i + γ(π_i − ½) + m_i S ≥ ½] with the stake S = ρ w (λ + ψ c̄): what endorsing
   adds to one's score (λw) plus the value of ties at risk (ψ times c̄, the mean cut chance
   of this step's ties touching a low scorer, from step 5, which is computed first; φκ when
   there are none). For the default rule with κ = 0, c̄ is φβ times the share of those ties
   where cutting pays. The ties-at-risk term does not depend on λ: an assumption of the
   model (saying the approved thing reads as loyalty to the scheme), kept from its first version.
4. Enrolment (Granovetter; Centola-Macy), irreversible: m_i ← max(m_i, 1[(W m)_i ≥ θ_i − δ]).
5. Exclusion (Holme-Newman; Schelling). L = low scorers on the new scores (the demotion zone
   of a league: the ⌊zN⌋ lowest, or scores below τ). A tie touching L may be cut by its
   *would-be cutter*: an end whose friend on that tie is low (both ends when both are low).
   The cutter's gain g is their own next score without the tie minus with it, under the rule
   in use, everything else as it now stands (:func:`cut_gain`); Δ is what the cut does to
   their friends' average score. For the default rule g = βΔ exactly. Two independent
   reasons to cut (:func:`cut_probability`):
   - self-protection, c_self = φ · min(1, g / |Δ|) when cutting pays (g > 0), else 0: the
     gain measured against the change in friends' average the cut brings, so c_self = φβ
     under the default rule wherever the low friend is below the cutter's friends' average;
   - stigma, φκ: shunning low scorers for what the score is used for, whatever the rule does.
   A would-be cutter cuts with c = 1 − (1 − c_self)(1 − φκ); a tie with two would-be cutters
   is cut with the larger of their two chances. No incentive in the rule can cancel stigma:
   c ≥ φκ for every would-be cutter. With probability r the endpoint outside L (if there is
   one) makes a new tie to a random person outside L. A cut tie between two low scorers is
   replaced only with probability r_L (default 0: never), by one of its ends picked at
   random tying to a random person outside L. In this model people cut ties only for
   self-protection or stigma: under a rule where cutting never pays, with κ = 0, no tie is
   cut, by construction.
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
from ..core.ranking import demotion_zone

from .params import SocialCreditParams
from .rules import Friends, call_rule, friedkin_johnsen

__all__ = [
    "SocialCreditState",
    "initial_state",
    "reference_step",
    "next_scores",
    "behaviour_weight",
    "cut_gain",
    "gains_from_cutting",
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

    The relative cutoff is :func:`utils.core.ranking.demotion_zone`, lesson 03's demotion zone:
    the bottom ⌊zN⌋ places of a ranking by score, with equal scores sharing a place (so
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


def apply_score_rule(score_rule, u, peer, s, friends: Friends | None = None) -> np.ndarray | None:
    """Call ``score_rule(u, peer, s[, friends])`` and check its answer: one finite score in [0, 1] per person.

    Returns None when ``score_rule`` is None (the default rule). Scores within 1e-9 of the
    range are clipped into it; anything else raises ValueError naming ``score_rule``
    (:func:`utils.society.rules.call_rule` calls the rule and checks the shape and type).

    Examples
    --------
    >>> apply_score_rule(lambda u, peer, s: np.minimum(u, peer), np.array([0.2, 0.9]), np.array([0.5, 0.5]),
    ...                  np.zeros(2)).tolist()
    [0.2, 0.5]
    >>> apply_score_rule(lambda u, peer, s: u + 2, np.zeros(2), np.zeros(2), np.zeros(2))
    Traceback (most recent call last):
    ...
    ValueError: score_rule must return finite scores between 0 and 1; person 0 got 2 (u = 0, peer = 0, s = 0)
    """
    if score_rule is None:
        return None
    new = call_rule(score_rule, u, peer, s, friends)
    bad = ~np.isfinite(new) | (new < -1e-9) | (new > 1 + 1e-9)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"score_rule must return finite scores between 0 and 1; person {i} got {new[i]:g} "
                         f"(u = {u[i]:.3g}, peer = {peer[i]:.3g}, s = {s[i]:.3g})")
    return np.clip(new, 0.0, 1.0)


def next_scores(score_rule, u, peer, s, params: SocialCreditParams, friends: Friends | None = None) -> np.ndarray:
    """Everyone's score from these inputs under the rule in use: the default rule when ``score_rule`` is None.

    Examples
    --------
    >>> next_scores(None, np.array([1.0]), np.array([0.0]), np.array([0.3]), SocialCreditParams()).tolist()
    [0.5]
    """
    if score_rule is None:
        return friedkin_johnsen(u, peer, params.peer_weight)
    return apply_score_rule(score_rule, u, peer, s, friends)


PROBE_STEP = 0.05


def behaviour_weight(score_rule, u, peer, s, scores, params: SocialCreditParams,
                     friends: Friends | None = None) -> float:
    """λ: how much a score moves per unit move of one's own behaviour ``u`` under the rule in use.

    The default rule (``score_rule`` None) is linear, s = (1 − β) u + β peer, so λ = 1 − β
    exactly. A custom rule is probed at this step's inputs: every other person (positions
    0, 2, 4, ...) has ``u`` moved by ``PROBE_STEP`` = 0.05 towards the middle of [0, 1] (up
    below ½, down from ½) while everyone else keeps theirs, and λ is the mean of (change in
    their score) / 0.05. Moving only half the people lets relative rules (scores by rank)
    register a change; a step of 0.05 lets rules that move in steps register it too. One
    extra call of the rule per step; rules must be pure functions of their inputs.

    Parameters
    ----------
    score_rule : callable or None
    u, peer, s : ndarray
        The rule's inputs this step.
    scores : ndarray
        The rule's output for these inputs (from :func:`apply_score_rule`).
    params : SocialCreditParams
    friends : Friends, optional
        For a rule that reads friends one by one.

    Examples
    --------
    >>> p = SocialCreditParams(peer_weight=0.7)
    >>> round(behaviour_weight(None, None, None, None, None, p), 12)
    0.3
    >>> u, peer = np.linspace(0, 1, 6), np.full(6, 0.4)
    >>> own = lambda u, peer, s: u                         # ignores friends entirely
    >>> round(behaviour_weight(own, u, peer, u, own(u, peer, u), p), 12)
    1.0
    """
    if score_rule is None:
        return 1 - params.peer_weight
    moved = u.copy()
    probed = moved[::2]                                    # a view: every other person
    direction = np.where(probed < 0.5, 1.0, -1.0)
    probed += PROBE_STEP * direction
    out = apply_score_rule(score_rule, moved, peer, s, friends)
    return float(np.mean((out[::2] - scores[::2]) * direction) / PROBE_STEP)


def cut_gain(person: int, friend: int, u, scores, peer, base, friends: Friends, params: SocialCreditParams,
             score_rule=None) -> tuple[float, float]:
    """(g, Δ): what cutting the tie to ``friend`` does to ``person``'s own next score, and to their friends' average.

    g is ``person``'s next score without the tie minus with it (``base``, everyone's next
    score with every tie), under the rule in use, with everyone's behaviour ``u`` and scores
    ``scores`` as they now stand and only this person's view of their friends changed
    (their friends' average ``peer`` and, for a rule that reads friends, ``friends``). Δ is
    the change in their friends' average (to ``default_score`` if it was their only tie).
    Under the default rule g = βΔ.

    Examples
    --------
    >>> friends = Friends.from_ties(3, [0, 0], [1, 2])            # person 0 is tied to 1 and 2
    >>> s, u, p = np.array([0.5, 0.9, 0.1]), np.full(3, 0.5), SocialCreditParams(peer_weight=0.5)
    >>> peer = friends.mean(s, empty=p.default_score)
    >>> base = next_scores(None, u, peer, s, p, friends)
    >>> g, shift = cut_gain(0, 2, u, s, peer, base, friends, p)   # drop the friend who scores 0.1
    >>> round(g, 12), round(shift, 12)
    (0.2, 0.4)
    """
    others = [k for k in friends.of(person) if k != friend]
    without = sum(scores[k] for k in others) / len(others) if others else params.default_score
    moved = peer.copy()
    moved[person] = without
    after = next_scores(score_rule, u, moved, scores, params, friends.without([person], [friend]))
    return float(after[person] - base[person]), float(without - peer[person])


def gains_from_cutting(graph: nx.Graph, person: int, behaviour, scores, params: SocialCreditParams,
                       score_rule=None) -> dict:
    """For each of ``person``'s friends: g, what cutting that tie now would do to ``person``'s next score.

    ``behaviour`` (u) and ``scores`` (s) are everyone's, as they stand; ``graph`` has nodes
    0..n-1. The same quantity as in step 5 of the model (:func:`cut_gain`), for one person.

    Examples
    --------
    >>> gains = gains_from_cutting(nx.path_graph(3), 1, np.full(3, 0.5), np.array([0.2, 0.6, 0.9]),
    ...                            SocialCreditParams(peer_weight=0.5))
    >>> {friend: round(g, 12) for friend, g in gains.items()}
    {0: 0.175, 2: -0.175}
    """
    n = graph.number_of_nodes()
    ties = list(graph.edges())
    view = Friends.from_ties(n, [a for a, _ in ties], [b for _, b in ties])
    scores, behaviour = np.asarray(scores, dtype=float), np.asarray(behaviour, dtype=float)
    peer = view.mean(scores, empty=params.default_score)
    base = next_scores(score_rule, behaviour, peer, scores, params, view)
    return {int(j): cut_gain(person, j, behaviour, scores, peer, base, view, params, score_rule)[0]
            for j in view.of(person)}


GAIN_TOLERANCE = 1e-12   # gains smaller than this are rounding, not a reason to cut


def cut_probability(gain, shift, params: SocialCreditParams):
    """c = 1 − (1 − c_self)(1 − φκ): the chance per step that a would-be cutter cuts a tie to a low scorer.

    Self-protection, c_self = φ · min(1, g / |Δ|) when cutting pays (g above 1e-12) and 0
    otherwise: ``gain`` g measured against ``shift`` Δ, the change the cut makes to the
    cutter's friends' average (a gain with no change in the average counts as 1). Stigma,
    φκ, is a second, independent reason, so no incentive in the rule can lower c below φκ.
    Works on numbers or arrays.

    Examples
    --------
    >>> p = SocialCreditParams(exclusion_rate=0.2, peer_weight=0.5)
    >>> float(cut_probability(0.5 * 0.1, 0.1, p))        # the default rule: g = βΔ, so c = φβ
    0.1
    >>> float(cut_probability(-0.05, 0.1, p))            # cutting would lower my score: no reason
    0.0
    >>> round(float(cut_probability(-0.05, 0.1, p.replace(stigma=0.5))), 12)   # stigma still cuts: φκ
    0.1
    """
    gain, shift = np.asarray(gain, dtype=float), np.asarray(shift, dtype=float)
    pays = gain > GAIN_TOLERANCE
    per_unit = np.where(pays, gain, 0.0) / np.maximum(np.abs(shift), GAIN_TOLERANCE)
    self_protection = params.exclusion_rate * np.minimum(1.0, per_unit)
    return 1 - (1 - self_protection) * (1 - params.exclusion_rate * params.stigma)


def speech_stake(behaviour_weight: float, cut_chance: float, params: SocialCreditParams) -> float:
    """S = ρ w (λ + ψ c̄): what an enrolled person has riding on saying "I endorse".

    λw is how much endorsing raises one's own score under the rule in use (w is the weight of
    speech in behaviour u), and ψc̄ the value of ties times the chance of losing one (the mean
    cut chance of the ties touching a low scorer).

    Examples
    --------
    >>> p = SocialCreditParams()       # β = 0.5, ρ = 0.1, w = 0.5, ψ = 1, φ = 0.05
    >>> round(speech_stake(1 - p.peer_weight, p.exclusion_rate * p.peer_weight, p), 6)
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
                   rng: np.random.Generator, score_rule: Callable | None = None, *, decided=(),
                   report: dict | None = None) -> SocialCreditState:
    """The same step as :func:`~utils.society.fast.vectorised_step`, written person by person for reading.

    ``graph`` must have nodes 0..n-1 (``nx.convert_node_labels_to_integers``); its ties are
    cut and added in place. About a hundred times slower than the vectorised step.
    ``decided`` lists people whose own cuts are decided outside the model (a game's player):
    ties on which they are the would-be cutter are left to them (the other end may still cut).
    A dict passed as ``report`` receives ``cut_gain`` (mean g over would-be cutters),
    ``cut_pays`` (the share of them with g > 0) and ``cut_chance`` (mean c over ties
    touching a low scorer); NaN when there are none.

    Examples
    --------
    >>> g = nx.karate_club_graph()
    >>> p = SocialCreditParams()
    >>> new = reference_step(g, initial_state(g, p, seed=1), p, np.random.default_rng(1))
    >>> new.score.shape
    (34,)
    """
    p = params
    n = graph.number_of_nodes()
    old = state
    ties = sorted((min(a, b), max(a, b)) for a, b in graph.edges())
    view = Friends.from_ties(n, [a for a, _ in ties], [b for _, b in ties])   # who is whose friend now
    u, peer = np.zeros(n), np.zeros(n)
    endorsing, enrolled = np.zeros(n), np.zeros(n)
    new_y, new_m, new_x = np.zeros(n, bool), np.zeros(n, bool), old.attitude.copy()
    for i in range(n):
        friends = view.of(i)
        # 1. own behaviour: what the scheme sees you do (non-members get the default score)
        if old.enrolled[i]:
            u[i] = (1 - p.endorsement_weight) * old.merit[i] + p.endorsement_weight * old.expressed[i]
        else:
            u[i] = p.default_score
        # friends' average score, share endorsing, share enrolled (start-of-step values)
        if friends.size:
            peer[i] = sum(old.score[j] for j in friends) / len(friends)
            endorsing[i] = sum(float(old.expressed[j]) for j in friends) / len(friends)
            enrolled[i] = sum(float(old.enrolled[j]) for j in friends) / len(friends)
        else:
            peer[i], endorsing[i], enrolled[i] = p.default_score, 0.5, 0.0
    # 2. score: a mix of your own behaviour and your friends' scores (or the rule in use)
    new_s = next_scores(score_rule, u, peer, old.score, p, view)
    # what the rule in use does with your own behaviour (λ)
    weight = behaviour_weight(score_rule, u, peer, old.score, new_s, p, view)
    # 5, first half: who is low, and for each tie touching a low scorer the chance it is cut
    low = low_scorers(new_s, p)
    touching = [(a, b) for a, b in ties if low[a] or low[b]]
    chances, gains = [], []
    if p.exclusion_rate > 0 and touching:
        peer_now = np.array([sum(new_s[j] for j in view.of(i)) / view.degree[i] if view.degree[i]
                             else p.default_score for i in range(n)])
        base = next_scores(score_rule, u, peer_now, new_s, p, view)   # everyone's next score, every tie kept
        for a, b in touching:
            chance = 0.0
            for cutter, friend in ((a, b), (b, a)):
                if low[friend] and cutter not in decided:          # a would-be cutter
                    gain, shift = cut_gain(cutter, friend, u, new_s, peer_now, base, view, p, score_rule)
                    gains.append(gain)
                    chance = max(chance, float(cut_probability(gain, shift, p)))
            chances.append(chance)
    mean_chance = (sum(chances) / len(chances) if chances
                   else p.exclusion_rate * p.stigma)                # φκ when no tie touches a low scorer
    stake = speech_stake(weight, mean_chance, p)
    for i in range(n):
        friends = view.of(i)
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
    # 5, second half: ties to low scorers are cut with their chance; the other end may find someone new
    if any(c > 0 for c in chances):
        draws = rng.random(len(touching))
        cut = [tie for tie, d, c in zip(touching, draws, chances) if d < c]
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
    if report is not None:
        report["cut_gain"] = sum(gains) / len(gains) if gains else np.nan
        report["cut_pays"] = sum(g > GAIN_TOLERANCE for g in gains) / len(gains) if gains else np.nan
        report["cut_chance"] = sum(chances) / len(chances) if chances else np.nan
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


_STATE_RANGES = {"attitude": (0.0, 1.0), "anchor": (0.0, 1.0), "merit": (0.0, 1.0), "threshold": (-np.inf, np.inf),
                 "expressed": None, "enrolled": None, "score": (0.0, 1.0), "behaviour": (0.0, 1.0)}


def check_state(state, n: int, name: str = "initial") -> SocialCreditState:
    """A checked copy of a starting state: one entry per person in every field, each in its range.

    Examples
    --------
    >>> state = initial_state(nx.path_graph(3), seed=1)
    >>> state.score[1] = np.nan
    >>> check_state(state, 3)
    Traceback (most recent call last):
    ...
    ValueError: initial.score must hold finite numbers between 0 and 1 (one per person); person 1 has nan
    """
    if not isinstance(state, SocialCreditState):
        raise TypeError(f"{name} must be a SocialCreditState, got {type(state).__name__}")
    fields = {}
    for field, allowed in _STATE_RANGES.items():
        values = np.asarray(getattr(state, field))
        if values.shape != (n,):
            raise ValueError(f"{name}.{field} must have one entry per person, shape ({n},); got {values.shape}")
        if allowed is None:
            if values.dtype != bool and not (values.dtype.kind in "iuf" and np.all((values == 0) | (values == 1))):
                raise ValueError(f"{name}.{field} must hold True/False (or 0/1) for each person")
            fields[field] = values.astype(bool)
            continue
        if values.dtype.kind not in "biuf":
            raise TypeError(f"{name}.{field} must hold numbers, got dtype {values.dtype}")
        values = values.astype(float)
        low, high = allowed
        bad = ~np.isfinite(values) | (values < low) | (values > high)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            where = "finite numbers" if np.isinf(low) else f"finite numbers between {low:g} and {high:g}"
            raise ValueError(f"{name}.{field} must hold {where} (one per person); person {i} has {values[i]:g}")
        fields[field] = values.copy()
    return SocialCreditState(**fields)


def check_params(params) -> SocialCreditParams:
    if params is None:
        return SocialCreditParams()
    if not isinstance(params, SocialCreditParams):
        raise TypeError(f"params must be a SocialCreditParams, got {type(params).__name__}")
    return params
