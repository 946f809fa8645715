"""You are one person in the scoring society: a game on the society's own readable step.

The player is person 0 on a small seeded network (:data:`PEOPLE` people, a small world).
Each round the player chooses two things the model would otherwise decide for them:

* what to say in public: ``"my view"`` (what they privately think: they start privately
  *against* the scheme) or ``"endorse"``;
* which ties, if any, to cut (any current friend; the board lists friends' scores and marks
  the low scorers).

Then everyone, the player included, goes through one step of the model,
:func:`utils.society.model.reference_step`: scores update from own conduct and friends'
scores, everyone else decides what to say and whether to enrol, and the scheme's exclusion
cuts ties that touch low scorers (it may cut the player off). Nothing here is a second model:
the player's choices are written into the state before the step, as the one person whose
behaviour is not simulated, so a player who says and cuts what the model would have made them
say and cut gets exactly the model's run.

A run is a pure function of the seed and the list of choices (:func:`replay_scoring_game`);
:class:`ScoringGame` keeps the choices, replays them, and can restart.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from ..core.checks import check_choice, check_integer, make_rng
from .model import SocialCreditState, initial_state, low_scorers, reference_step
from .networks import build_network
from .params import SocialCreditParams

__all__ = ["PEOPLE", "ROUNDS", "SAY", "GAME_PARAMS", "ScoringRound", "ScoringGameRun", "ScoringGame",
           "replay_scoring_game"]

PEOPLE = 30
ROUNDS = 10
ME = 0
SAY = ("my view", "endorse")
PRIVATE_ATTITUDE = 0.35        # the player privately opposes the scheme (x < ½)
#: The society the player lives in: everyone enrolled, friends' scores count half, and ties to
#: the lowest fifth of scores are cut often enough to happen within ten rounds.
GAME_PARAMS = SocialCreditParams(initial_enrolment=1.0, peer_weight=0.5, exclusion_rate=0.3, score_stake=0.2)


@dataclass(frozen=True)
class ScoringRound:
    """One round from the player's seat: what they did, what the scheme made of it."""

    round: int
    said: str
    cut: tuple                 # friends the player cut this round
    score: float               # the player's score at the end of the round
    own_term: float            # the part of the score from the player's own conduct, (1 − β)u (default rule)
    friends_term: float        # the part from friends' scores, β × friends' average
    friends: tuple             # (friend, score) at the end of the round
    low: bool                  # the player is a low scorer at the end of the round
    cut_off_by: tuple          # people who cut their tie to the player this round, the player being a low scorer
    dropped: tuple             # low-scoring friends whose tie the scheme's exclusion cut, as it does for everyone


@dataclass(frozen=True)
class ScoringGameRun:
    seed: int
    choices: tuple
    rounds: tuple
    graph: nx.Graph            # the ties at the end (person 0 is the player)
    start_graph: nx.Graph
    state: SocialCreditState   # everyone's state at the end
    private_view: bool         # the player's private attitude: True if in favour of the scheme

    def table(self) -> pd.DataFrame:
        rows = [{"round": r.round + 1, "you said": r.said, "you cut": ", ".join(map(str, r.cut)) or "-",
                 "your score": round(r.score, 3), "from your conduct": round(r.own_term, 3),
                 "from your friends": round(r.friends_term, 3), "friends": len(r.friends),
                 "low scorer": r.low, "cut you off": ", ".join(map(str, r.cut_off_by)) or "-",
                 "scheme dropped": ", ".join(map(str, r.dropped)) or "-"} for r in self.rounds]
        return pd.DataFrame(rows).set_index("round")

    def gap(self) -> float:
        """Share of rounds in which the player said in public the opposite of what they privately think."""
        if not self.rounds:
            return 0.0
        sincere = "endorse" if self.private_view else "my view"
        return sum(r.said != sincere for r in self.rounds) / len(self.rounds)


def _start(seed: int):
    rng = make_rng(seed)
    graph = build_network("small world", PEOPLE, seed=rng)
    state = initial_state(graph, GAME_PARAMS, rng)
    state.attitude[ME] = state.anchor[ME] = PRIVATE_ATTITUDE
    state.expressed[ME] = False           # people start sincere
    return graph, state, rng


def _check_choice_pair(index: int, choice, graph: nx.Graph, strict: bool) -> tuple[str, tuple]:
    if isinstance(choice, str):
        say, cut = choice, ()
    elif isinstance(choice, dict):
        say, cut = choice.get("say"), tuple(choice.get("cut", ()))
    else:
        say, cut = tuple(choice)[0], tuple(tuple(choice)[1]) if len(tuple(choice)) > 1 else ()
    check_choice(f"choices[{index}] say", say, SAY)
    friends = set(graph.neighbors(ME))
    bad = [j for j in cut if j not in friends]
    if bad and strict:
        raise ValueError(f"choices[{index}] cuts {bad}, who {'is' if len(bad) == 1 else 'are'} not your friend "
                         f"now; your friends are {sorted(friends)}")
    return say, tuple(j for j in cut if j in friends)


def replay_scoring_game(choices=(), seed: int = 0, *, strict: bool = True) -> ScoringGameRun:
    """Replay the game from its seed and the player's choices (0 to 10 rounds).

    Parameters
    ----------
    choices : sequence
        One per round: ``"my view"`` or ``"endorse"``, or a pair ``(say, friends_to_cut)``, or a
        dict ``{"say": ..., "cut": [...]}``. Only current friends can be cut.
    seed : int
        The network and everyone's starting state; the same seed and choices give the same game.
    strict : bool
        With False, cuts of people who are no longer friends are skipped instead of refused
        (used to replay "what if" versions of a game).

    Examples
    --------
    >>> run = replay_scoring_game(["endorse", ("my view", [])], seed=1)
    >>> [r.said for r in run.rounds]
    ['endorse', 'my view']
    >>> replay_scoring_game([("endorse", [15])], seed=1)
    Traceback (most recent call last):
    ...
    ValueError: choices[0] cuts [15], who is not your friend now; your friends are [1, 2, 3, 27, 28, 29]
    """
    seed = check_integer("seed", seed, 0)
    if isinstance(choices, (str, dict)) or not hasattr(choices, "__len__"):
        raise TypeError(f"choices must be a list with one choice per round, got {type(choices).__name__}")
    if len(choices) > ROUNDS:
        raise ValueError(f"choices can hold at most {ROUNDS} rounds, got {len(choices)}")
    graph, state, rng = _start(seed)
    start_graph = graph.copy()
    beta = GAME_PARAMS.peer_weight
    rounds, clean = [], []
    for t, choice in enumerate(choices):
        say, cut = _check_choice_pair(t, choice, graph, strict)
        clean.append((say, cut))
        state.expressed[ME] = say == "endorse"          # the player's speech, as the scheme records it
        graph.remove_edges_from((ME, j) for j in cut)
        before = set(graph.neighbors(ME))
        state = reference_step(graph, state, GAME_PARAMS, rng)
        friends = tuple(sorted(graph.neighbors(ME)))
        low = low_scorers(state.score, GAME_PARAMS)
        lost = tuple(sorted(before - set(friends)))
        rounds.append(ScoringRound(t, say, cut, float(state.score[ME]), float((1 - beta) * state.behaviour[ME]),
                                   float(state.score[ME] - (1 - beta) * state.behaviour[ME]),
                                   tuple((j, float(state.score[j])) for j in friends), bool(low[ME]),
                                   lost if low[ME] else (), () if low[ME] else lost))
    return ScoringGameRun(seed, tuple(clean), tuple(rounds), graph, start_graph, state,
                          bool(state.attitude[ME] >= 0.5))


class ScoringGame:
    """A game in progress: the seed and the choices so far, replayed after every round.

    Examples
    --------
    >>> game = ScoringGame(seed=2)
    >>> round(game.play("endorse").score, 3) == round(game.run.rounds[-1].score, 3)
    True
    >>> game.round, game.finished
    (1, False)
    """

    def __init__(self, seed: int = 0):
        self.seed = check_integer("seed", seed, 0)
        self.choices: list = []
        self.run = replay_scoring_game((), self.seed)

    @property
    def round(self) -> int:
        return len(self.choices)

    @property
    def finished(self) -> bool:
        return self.round >= ROUNDS

    def friends(self) -> list[tuple[int, float, bool]]:
        """Current friends as (person, score, low scorer?), lowest score first."""
        graph, state = self.run.graph, self.run.state
        low = low_scorers(state.score, GAME_PARAMS)
        return sorted(((j, float(state.score[j]), bool(low[j])) for j in graph.neighbors(ME)), key=lambda f: f[1])

    def play(self, say: str, cut=()) -> ScoringRound:
        if self.finished:
            raise ValueError(f"the game is over after {ROUNDS} rounds: call restart() to play again")
        self.run = replay_scoring_game(self.choices + [(say, tuple(cut))], self.seed)
        self.choices.append((say, tuple(cut)))
        return self.run.rounds[-1]

    def restart(self) -> None:
        self.choices = []
        self.run = replay_scoring_game((), self.seed)

    def reveal(self) -> dict:
        """How the score was made, the speak-your-mind counterfactual, and the private–public gap."""
        if not self.run.rounds:
            raise ValueError("play at least one round before the reveal")
        sincere = [("my view", cut) for _, cut in self.choices]
        mind = replay_scoring_game(sincere, self.seed, strict=False)
        last = self.run.rounds[-1]
        return {"table": self.run.table(),
                "score": last.score, "from your conduct": last.own_term, "from your friends": last.friends_term,
                "had you spoken your mind": mind.rounds[-1].score,
                "friends had you spoken your mind": len(mind.rounds[-1].friends),
                "private-public gap": self.run.gap(),
                "ties you cut": sum(len(r.cut) for r in self.run.rounds),
                "people who cut you off": sorted({j for r in self.run.rounds for j in r.cut_off_by}),
                "low friends the scheme dropped": sorted({j for r in self.run.rounds for j in r.dropped})}
