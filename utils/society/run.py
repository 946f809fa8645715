"""Run the toy scoring society: :func:`simulate` and the :class:`SocialCreditRun` it returns.

``simulate`` starts from :func:`utils.society.model.initial_state`, takes one
:func:`utils.society.fast.vectorised_step` per step (the same step as the readable
:func:`utils.society.model.reference_step`) and records the measures of
:mod:`utils.society.metrics` at every step (:mod:`utils.society.recorder`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from ..core.checks import check_integer, make_rng

from .fast import Stepper
from .model import SocialCreditState, check_graph, check_params, check_state, initial_state
from .network import SparseNetwork
from .params import SocialCreditParams
from .recorder import MetricsRecorder, measure_stride

__all__ = [
    "SocialCreditRun",
    "simulate",
]


@dataclass
class SocialCreditRun:
    """The result of :func:`simulate`.

    Attributes
    ----------
    metrics : pandas.DataFrame
        One row per step (0 = start): mean_score, score_gini, score_assortativity, isolated,
        isolated_share, largest_component_share, endorsement, private_public_gap,
        falsification_rate, enrolment, agency (corr(score, own behaviour)), dissenter_gap
        (mean score of endorsers minus dissenters), ties, cut_gain (the mean gain g of the
        step's would-be cutters: their next score without a tie to a low scorer minus with it),
        cut_pays (the share of them for whom cutting pays, g > 0) and cut_chance (the mean
        chance c that a tie touching a low scorer was cut that step); these three are NaN
        at step 0, when no tie touches a low scorer, and when φ = 0. Above 3,000 people
        score_gini, largest_component_share and (under the default rule) cut_gain are
        computed at a stride and NaN in between (see ``measure_every`` in :func:`simulate`).
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


def simulate(graph: nx.Graph, params: SocialCreditParams | None = None, steps: int = 200, seed=None, *,
             score_rule: Callable | None = None, initial: SocialCreditState | None = None,
             keep_history: bool = True, measure_every: int | None = None) -> SocialCreditRun:
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
        with no ties), ``s`` the current scores; all arrays of length n. A rule with a fourth
        argument, ``score_rule(u, peer, s, friends)``, also gets each person's friends now (a
        :class:`~utils.society.rules.Friends`: ``friends.of(i)``, ``friends.min(s)``, ...).
        It must return numbers in [0, 1], one per person. The default is the Friedkin-Johnsen
        rule ``(1 − β) u + β peer``. Exclusion, expression and enrolment then act on the
        scores it returns, and each would-be cutter's gain from a cut is measured under it.
    initial : SocialCreditState, optional
        A starting state (from :func:`initial_state`, perhaps edited) instead of a fresh draw:
        one entry per person in every array; attitude, anchor, merit, score and behaviour
        finite and in [0, 1], threshold finite, expressed and enrolled True/False (or 0/1).
    keep_history : bool
        Keep everyone's score, endorsement and enrolment at every step (memory grows as
        steps × n); with False only the metrics and the final state are kept.
    measure_every : int, optional
        Compute the costly measures, ``score_gini`` (a sort), ``largest_component_share``
        (a search of the network) and ``cut_gain`` (two products), every this many steps,
        and always at step 0 and the last step; their other rows are NaN. The default is every
        step up to 3,000 people (every lesson and dashboard) and every ⌈N / 3,000⌉-th step
        above (:func:`utils.society.recorder.measure_stride`), which keeps the measures well
        under half the cost of the steps there. Pass 1 for every step.

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
    0.322
    >>> simulate(nx.karate_club_graph(), steps=-1)
    Traceback (most recent call last):
    ...
    ValueError: steps must be between 0 and 100000, got -1
    """
    graph = check_graph(graph)
    params = check_params(params)
    steps = check_integer("steps", steps, 0, 100_000)
    if measure_every is not None:
        measure_every = check_integer("measure_every", measure_every, 1, 100_000)
    if score_rule is not None and not callable(score_rule):
        raise TypeError(f"score_rule must be a function score_rule(u, peer, s) or None, got {type(score_rule).__name__}")
    return run_on(graph, SparseNetwork.from_graph(graph), params, steps, seed, score_rule=score_rule,
                  initial=initial, keep_history=keep_history, measure_every=measure_every)


def run_on(graph: nx.Graph, network: SparseNetwork, params: SocialCreditParams, steps: int, seed, *,
           score_rule: Callable | None = None, initial: SocialCreditState | None = None, keep_history: bool = True,
           measure_every: int | None = None, cut_gain: bool = True) -> SocialCreditRun:
    """:func:`simulate` after its checks, on ``network`` (``graph``'s ties as a :class:`SparseNetwork`, changed
    in place): for a dashboard that keeps each network's sparse form and runs on a copy of it.

    ``cut_gain=False`` leaves the ``cut_gain`` column NaN (it costs two products of the network a step on
    small networks); every other number is the same as :func:`simulate`'s, to the last bit.
    """
    rng = make_rng(seed)
    n = graph.number_of_nodes()
    if initial is None:
        state = initial_state(graph, params, rng)
    else:
        if not isinstance(initial, SocialCreditState):
            raise TypeError(f"initial must be a SocialCreditState, got {type(initial).__name__}")
        state = check_state(initial, n)
    start = state.copy()
    recorder = MetricsRecorder(n, steps, measure_stride(n) if measure_every is None else measure_every)
    recorder.record(network, state)
    if keep_history:
        scores = np.empty((steps + 1, n))
        expressed = np.empty((steps + 1, n), dtype=bool)
        enrolled = np.empty((steps + 1, n), dtype=bool)
        scores[0], expressed[0], enrolled[0] = state.score, state.expressed, state.enrolled
    report = {}
    stepper = Stepper(network, params, score_rule)    # vectorised_step, with what stays fixed worked out once
    for t in range(1, steps + 1):
        report["gain"] = cut_gain and recorder.costly_at(t)   # cut_gain is measured with the costly measures
        state = stepper.step(state, rng, report=report)
        recorder.record(network, state, report)
        if keep_history:
            scores[t], expressed[t], enrolled[t] = state.score, state.expressed, state.enrolled
    table = recorder.table()
    return SocialCreditRun(params=params, steps=steps, seed=seed if not isinstance(seed, np.random.Generator) else None,
                           nodes=list(graph.nodes), metrics=table, final=state, network=network, initial=start,
                           scores=scores if keep_history else None,
                           expressed=expressed if keep_history else None,
                           enrolled=enrolled if keep_history else None)
