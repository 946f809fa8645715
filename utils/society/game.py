"""You are one person in the scoring society: a game on the society's own readable step.

The player is person 0 on a small seeded network (:data:`PEOPLE` people, a small world).
Each round the player chooses two things the model would otherwise decide for them:

* what to say in public: ``"my view"`` (what they privately think: they are privately
  *against* the scheme) or ``"endorse"``;
* which ties, if any, to cut (any current friend; the board lists friends' scores, marks the
  low scorers and says what cutting each one would do to the player's next score).

Then everyone, the player included, goes through one step of the model,
:func:`utils.society.model.reference_step`: scores update from own conduct and friends'
scores, everyone else decides what to say and whether to enrol, and people cut ties that touch
low scorers (the player's friends may cut the player off). Nothing here is a second model: the
player's speech is written into the state before the step and their cuts are made before it,
as the one person whose behaviour is not simulated, and the step is told that the player's own
cuts are theirs (``decided``). A player who says what the model would have made them say, and
cuts no one, gets exactly the model's run.

**Three ledgers.** The scheme keeps one, the score. The player keeps two it does not count:
their friends, and their *voice*, the rounds in which they said what they think. Kuran calls
what a person gets from saying what they truly prefer its *expressive* value, and what they
give up when they falsify it; the voice ledger counts it in rounds, one per round, and nothing
else. Endorsing raises the score, saying one's view keeps one's voice, cutting a low-scoring
friend usually raises one's next score and costs a friend: no play is best on all three
(``tests/society/test_scoring_game.py`` holds this over 50 seeds).

**Randomness.** Every round draws from its own random stream, spawned from the seed, so a
replay that changes one choice shares every other round's draws: the reveal's "what if"
replays differ from the player's game by what the choice changed, not by a reshuffled seed.

A run is a pure function of the seed and the list of choices (:func:`replay_scoring_game`);
:class:`ScoringGame` keeps the choices, replays them, and can restart.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from ..core.checks import check_choice, check_integer
from .model import (SocialCreditState, cut_gain, cut_probability, initial_state, low_scorers, next_scores,
                    own_behaviour, reference_step)
from .networks import build_network, edge_arrays
from .params import SocialCreditParams
from .rules import Friends, friedkin_johnsen

__all__ = ["PEOPLE", "ROUNDS", "SAY", "GAME_PARAMS", "LEDGERS", "END_STATES", "STRATEGIES", "Friend",
           "ScoringRound", "ScoringGameRun", "ScoringGame", "replay_scoring_game", "play_strategy",
           "threat_arrives", "shows_the_mechanism", "find_lesson_seed"]

PEOPLE = 30
ROUNDS = 10
ME = 0
SAY = ("my view", "endorse")
PRIVATE_ATTITUDE = 0.35        # the player privately opposes the scheme (x < ½)
#: The society the player lives in: everyone enrolled, friends' scores count half, and ties to
#: the lowest fifth of scores are cut often enough to happen within ten rounds.
GAME_PARAMS = SocialCreditParams(initial_enrolment=1.0, peer_weight=0.5, exclusion_rate=0.3, score_stake=0.2)
#: What the game shows at the end, each with the direction a player would want it to go.
LEDGERS = {"score": "higher", "friends": "more", "voice": "more rounds"}
#: Where a player can end up, from the player's seat (see :meth:`ScoringGameRun.end_state`).
END_STATES = ("never a low scorer", "a low scorer, never cut off", "cut off, then out of the lowest fifth",
              "cut off, still in the lowest fifth", "no friends left")


@dataclass(frozen=True)
class Friend:
    """One current friend as the board lists them."""

    person: int
    score: float
    low: bool
    gain: float                # what cutting this friend alone adds to the player's next score (exact)
    their_change: float        # what it adds to (or, if negative, takes from) this friend's next score


@dataclass(frozen=True)
class ScoringRound:
    """One round from the player's seat: what they did, what the scheme made of it."""

    round: int
    said: str
    sincere: bool              # said what they privately think
    cut: tuple                 # friends the player cut this round
    cut_gain: float            # what those cuts added to this round's score (exact, from the rule)
    score: float               # the player's score at the end of the round
    own_term: float            # the part of the score from the player's own conduct, (1 − β)u (default rule)
    friends_term: float        # the part from friends' scores, β × friends' average
    friends: tuple             # (friend, score) at the end of the round
    low: bool                  # the player is a low scorer at the end of the round
    cut_off_by: tuple          # people who cut their tie to the player this round, the player being a low scorer
    joined: tuple              # people who cut a tie to a low scorer this round and tied to the player instead


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
        """One row per round: what the player did and what the scheme made of it."""
        rows = [{"round": r.round + 1, "you said": r.said, "you cut": ", ".join(map(str, r.cut)) or "-",
                 "your score": round(r.score, 3), "from your conduct": round(r.own_term, 3),
                 "from your friends": round(r.friends_term, 3), "friends": len(r.friends),
                 "voice": sum(q.sincere for q in self.rounds[:r.round + 1]),
                 "low scorer": r.low, "cut you off": ", ".join(map(str, r.cut_off_by)) or "-",
                 "new friends": ", ".join(map(str, r.joined)) or "-"} for r in self.rounds]
        columns = ["round", "you said", "you cut", "your score", "from your conduct", "from your friends", "friends",
                   "voice", "low scorer", "cut you off", "new friends"]
        return pd.DataFrame(rows, columns=columns).set_index("round")

    def friends(self) -> list[Friend]:
        """The player's friends now, lowest score first, with what cutting each would add to the next score."""
        low = low_scorers(self.state.score, GAME_PARAMS)
        ties = [(ME, j) for j in self.graph.neighbors(ME)]
        gains = _gains(self.graph, self.state, ties + [(j, ME) for _, j in ties])
        return sorted((Friend(j, float(self.state.score[j]), bool(low[j]), gains[ME, j][0], gains[j, ME][0])
                       for _, j in ties), key=lambda f: (f.score, f.person))

    def threat(self) -> list[tuple[int, float]]:
        """Friends for whom cutting the player would pay as scores now stand: (friend, chance they cut).

        The chance is the model's (:func:`~utils.society.model.cut_probability`) and applies in
        a round that ends with the player among the low scorers.
        """
        gains = _gains(self.graph, self.state, [(j, ME) for j in self.graph.neighbors(ME)])
        chances = {j: float(cut_probability(gain, shift, GAME_PARAMS)) for (j, _), (gain, shift) in gains.items()}
        return sorted((j, c) for j, c in chances.items() if c > 0)

    @property
    def voice(self) -> int:
        """Rounds in which the player said what they privately think (the second ledger)."""
        return sum(r.sincere for r in self.rounds)

    def gap(self) -> float:
        """Share of rounds in which the player said in public the opposite of what they privately think."""
        return 1 - self.voice / len(self.rounds) if self.rounds else 0.0

    def low_rounds(self) -> list[int]:
        """Rounds (1, 2, ...) at whose end the player was a low scorer."""
        return [r.round + 1 for r in self.rounds if r.low]

    def cut_off_by(self) -> list[int]:
        """Everyone who cut their tie to the player while the player was a low scorer."""
        return sorted({j for r in self.rounds for j in r.cut_off_by})

    def outcomes(self) -> dict:
        """The three ledgers at the end: the score, the friends left and the voice (see :data:`LEDGERS`)."""
        if not self.rounds:
            raise ValueError("play at least one round first")
        last = self.rounds[-1]
        return {"score": last.score, "friends": len(last.friends), "voice": self.voice}

    def end_state(self) -> str:
        """Where the player ended up, one of :data:`END_STATES`."""
        if not self.rounds:
            raise ValueError("play at least one round first")
        last = self.rounds[-1]
        if not last.friends:
            return END_STATES[4]
        if self.cut_off_by():
            return END_STATES[3] if last.low else END_STATES[2]
        return END_STATES[1] if self.low_rounds() else END_STATES[0]


def _start(seed: int):
    """The network, everyone's starting state, and one random stream per round."""
    start, *rounds = np.random.SeedSequence(seed).spawn(1 + ROUNDS)
    rng = np.random.default_rng(start)
    graph = build_network("small world", PEOPLE, seed=rng)
    state = initial_state(graph, GAME_PARAMS, rng)
    state.attitude[ME] = state.anchor[ME] = PRIVATE_ATTITUDE
    state.expressed[ME] = False           # people start sincere, and with the score of their own behaviour
    state.behaviour[ME] = state.score[ME] = own_behaviour(state.merit[ME], False, True, GAME_PARAMS)
    return graph, state, [np.random.default_rng(s) for s in rounds]


def _friends_mean(scores: np.ndarray, friends: list) -> float:
    return float(np.mean(scores[friends])) if friends else GAME_PARAMS.default_score


def _gains(graph: nx.Graph, state: SocialCreditState, ties) -> dict:
    """{(cutter, friend): (g, Δ)}: the model's cut gain for each tie, everything as it now stands."""
    src, dst = edge_arrays(graph)
    view = Friends.from_ties(graph.number_of_nodes(), src, dst)
    u = own_behaviour(state.merit, state.expressed, state.enrolled, GAME_PARAMS)
    peer = view.mean(state.score, empty=GAME_PARAMS.default_score)
    base = next_scores(None, u, peer, state.score, GAME_PARAMS, view)
    return {(a, b): cut_gain(a, b, u, state.score, peer, base, view, GAME_PARAMS) for a, b in ties}


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
    return say, tuple(sorted({j for j in cut if j in friends}))


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
    >>> [r.said for r in run.rounds], run.voice
    (['endorse', 'my view'], 1)
    >>> replay_scoring_game([("endorse", [15])], seed=1)
    Traceback (most recent call last):
    ...
    ValueError: choices[0] cuts [15], who is not your friend now; your friends are [1, 2, 3, 24, 27, 28, 29]
    """
    seed = check_integer("seed", seed, 0)
    if isinstance(choices, (str, dict)) or not hasattr(choices, "__len__"):
        raise TypeError(f"choices must be a list with one choice per round, got {type(choices).__name__}")
    if len(choices) > ROUNDS:
        raise ValueError(f"choices can hold at most {ROUNDS} rounds, got {len(choices)}")
    return _play(seed, lambda t, run: choices[t], len(choices), strict)


def _play(seed: int, choose: Callable, rounds_to_play: int, strict: bool = True) -> ScoringGameRun:
    """The game's loop: ``choose(t, run so far)`` gives round t's choice (a replay's list, or a strategy)."""
    graph, state, streams = _start(seed)
    start_graph = graph.copy()
    private_view = bool(state.attitude[ME] >= 0.5)
    rounds, clean = [], []
    for t in range(rounds_to_play):
        so_far = ScoringGameRun(seed, tuple(clean), tuple(rounds), graph, start_graph, state, private_view)
        say, cut = _check_choice_pair(t, choose(t, so_far), graph, strict)
        clean.append((say, cut))
        state.expressed[ME] = say == "endorse"          # the player's speech, as the scheme records it
        kept_peer = _friends_mean(state.score, list(graph.neighbors(ME)))      # start-of-round, no cuts
        graph.remove_edges_from((ME, j) for j in cut)
        before = set(graph.neighbors(ME))
        state = reference_step(graph, state, GAME_PARAMS, streams[t], decided=(ME,))   # the player's cuts are theirs
        friends = set(graph.neighbors(ME))
        low = low_scorers(state.score, GAME_PARAMS)
        beta = GAME_PARAMS.peer_weight
        own = float(friedkin_johnsen(state.behaviour[ME], 0.0, beta))
        gain = float(state.score[ME] - friedkin_johnsen(state.behaviour[ME], kept_peer, beta)) if cut else 0.0
        rounds.append(ScoringRound(t, say, (say == "endorse") == private_view, cut, gain, float(state.score[ME]),
                                   own, float(state.score[ME]) - own,
                                   tuple((j, float(state.score[j])) for j in sorted(friends)), bool(low[ME]),
                                   tuple(sorted(before - friends)), tuple(sorted(friends - before))))
    return ScoringGameRun(seed, tuple(clean), tuple(rounds), graph, start_graph, state, private_view)


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

    def friends(self) -> list[Friend]:
        """Current friends, lowest score first (see :meth:`ScoringGameRun.friends`)."""
        return self.run.friends()

    def play(self, say: str, cut=()) -> ScoringRound:
        if self.finished:
            raise ValueError(f"the game is over after {ROUNDS} rounds: call restart() to play again")
        self.run = replay_scoring_game(self.choices + [(say, tuple(cut))], self.seed)
        self.choices.append(self.run.choices[-1])
        return self.run.rounds[-1]

    def restart(self) -> None:
        self.choices = []
        self.run = replay_scoring_game((), self.seed)

    def reveal(self) -> dict:
        """What the reveal says, each part from the player's run or from a replay with one thing changed.

        Keys: ``"score"``, ``"from your conduct"``, ``"from your friends"`` (the score's two
        parts); ``"voice"`` and ``"rounds"``; ``"low rounds"`` and ``"cut you off"`` (empty for a
        player who was never a low scorer); ``"cut gain"`` (what the player's cuts added to the
        scores of the rounds they were made in); ``"new friends"`` (people who tied to the player after
        cutting a low scorer); and the replays:
        ``"had you said what you think"`` (every round "my view", the same cuts) if the player
        ever endorsed, else ``"had you endorsed"`` (every round "endorse", the same cuts); and
        ``"had you cut no one"`` (the same speech, no cuts) if the player cut anyone. Each replay
        is ``{"score", "friends", "voice", "low rounds", "cut you off"}``.
        """
        if not self.run.rounds:
            raise ValueError("play at least one round before the reveal")
        run, last = self.run, self.run.rounds[-1]
        found = {"table": run.table(), "score": last.score, "from your conduct": last.own_term,
                 "from your friends": last.friends_term, "voice": run.voice, "rounds": len(run.rounds),
                 "friends": len(last.friends), "low rounds": run.low_rounds(), "cut you off": run.cut_off_by(),
                 "ties you cut": sum(len(r.cut) for r in run.rounds),
                 "cut gain": sum(r.cut_gain for r in run.rounds),
                 "new friends": sorted({j for r in run.rounds for j in r.joined})}
        cuts = [cut for _, cut in self.choices]
        if run.voice < len(run.rounds):
            found["had you said what you think"] = _summary(
                replay_scoring_game([("my view", c) for c in cuts], self.seed, strict=False))
        else:
            found["had you endorsed"] = _summary(replay_scoring_game([("endorse", c) for c in cuts], self.seed,
                                                                     strict=False))
        if found["ties you cut"]:
            found["had you cut no one"] = _summary(replay_scoring_game([say for say, _ in self.choices], self.seed))
        return found


def _summary(run: ScoringGameRun) -> dict:
    return {**run.outcomes(), "low rounds": run.low_rounds(), "cut you off": run.cut_off_by()}


# --- strategies: simple ways to play, for the design tests and the lesson's comparison ------------------

def _low_friends(run: ScoringGameRun) -> tuple:
    return tuple(f.person for f in run.friends() if f.low)


def _been_low(run: ScoringGameRun) -> bool:
    return bool(run.low_rounds())


#: Simple ways to play, each a function of the run so far that returns ``(say, friends_to_cut)``.
STRATEGIES: dict[str, Callable[[ScoringGameRun], tuple]] = {
    "say what I think": lambda run: ("my view", ()),
    "endorse": lambda run: ("endorse", ()),
    "say what I think, cut low friends": lambda run: ("my view", _low_friends(run)),
    "endorse, cut low friends": lambda run: ("endorse", _low_friends(run)),
    "say what I think until low, then endorse": lambda run: ("endorse" if _been_low(run) else "my view", ()),
    "endorse only after a low round": lambda run: (
        "endorse" if run.rounds and run.rounds[-1].low else "my view", ()),
    "say what I think for five rounds, then endorse": lambda run: (
        "my view" if len(run.rounds) < ROUNDS // 2 else "endorse", ()),
}


def play_strategy(strategy, seed: int = 0) -> ScoringGameRun:
    """Play all ten rounds with a strategy: a name in :data:`STRATEGIES` or a function of the run so far.

    Examples
    --------
    >>> run = play_strategy("endorse", seed=3)
    >>> run.voice, len(run.rounds)
    (0, 10)
    """
    if isinstance(strategy, str):
        strategy = STRATEGIES[check_choice("strategy", strategy, tuple(STRATEGIES))]
    if not callable(strategy):
        raise TypeError(f"strategy must be a name in STRATEGIES or a function of the run, got {type(strategy).__name__}")
    return _play(check_integer("seed", seed, 0), lambda t, run: strategy(run), ROUNDS)


# --- the lesson's seed: a documented search -------------------------------------------------------------

def threat_arrives(seed: int, by_round: int = ROUNDS) -> bool:
    """Whether, at this seed, the threat the lesson is about arrives for a sincere player only.

    True when a player who says what they think every round (cutting no one) ends round 1
    outside the lowest fifth, then becomes a low scorer and is cut off by someone within
    ``by_round`` rounds, while a player who endorses every round (cutting no one) is never a
    low scorer and nobody cuts them off.

    Examples
    --------
    >>> isinstance(threat_arrives(0), bool)
    True
    """
    seed, by_round = check_integer("seed", seed, 0), check_integer("by_round", by_round, 1, ROUNDS)
    sincere = replay_scoring_game(["my view"] * by_round, seed)
    endorser = replay_scoring_game(["endorse"] * ROUNDS, seed)
    return (not sincere.rounds[0].low and bool(sincere.cut_off_by()) and not endorser.low_rounds()
            and not endorser.cut_off_by())


def shows_the_mechanism(seed: int, *, by_round: int = 6, min_end_states: int = 3) -> bool:
    """Whether a seed lets the game do what lesson 06 uses it for; the documented search's test.

    Three conditions: the threat arrives for a sincere player within ``by_round`` rounds and not
    for one who endorses (:func:`threat_arrives`), so a player has rounds left to respond; a
    low-scoring friend appears, so the choice to cut arises (a strategy that cuts low friends
    cuts someone); and the strategies of :data:`STRATEGIES` end in at least ``min_end_states``
    different :data:`END_STATES`, so different play ends differently.

    Examples
    --------
    >>> shows_the_mechanism(1), shows_the_mechanism(0)
    (True, False)
    """
    seed = check_integer("seed", seed, 0)
    if not threat_arrives(seed, by_round):
        return False
    if not any(r.cut for r in play_strategy("endorse, cut low friends", seed).rounds):
        return False
    return len({play_strategy(s, seed).end_state() for s in STRATEGIES}) >= min_end_states


def find_lesson_seed(first: int = 0, last: int = 200, **conditions) -> int:
    """The first seed from ``first`` at which :func:`shows_the_mechanism` holds: lesson 06's documented search.

    ``conditions`` are passed on to :func:`shows_the_mechanism`. Raises ValueError if no seed up
    to ``last`` qualifies.

    Examples
    --------
    >>> find_lesson_seed()
    1
    """
    first, last = check_integer("first", first, 0), check_integer("last", last, first)
    for seed in range(first, last + 1):
        if shows_the_mechanism(seed, **conditions):
            return seed
    raise ValueError(f"no seed from {first} to {last} meets the lesson's conditions")
