"""The scoring-society game on screen (lesson 06): ten rounds as one person, then the reveal.

Every number the board shows comes from the engine (:mod:`utils.society.game`): the score and
its two parts, the voice and the friends, what cutting each friend would add to the next score,
and, in the reveal, replays of the player's own game with one thing changed. Nothing here
computes a result of its own.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from ..core.figures import SCORE_COLORSCALE, drawing_figure
from ..core.game_board import TurnBoard
from .game import GAME_PARAMS, ME, ROUNDS, ScoringGame
from .model import low_scorers
from .networks import edge_arrays, edge_path, network_layout

__all__ = ["scoring_game"]

BETA, W = GAME_PARAMS.peer_weight, GAME_PARAMS.endorsement_weight
ENDORSE_GAIN = (1 - BETA) * W      # what endorsing adds to this round's score under the default rule
ACTIONS = [("my view", "Say what I think (voice +1)",
            "Say in public what you privately think (you oppose the scheme): your voice keeps this round"),
           ("endorse", f"Endorse the scheme (score {ENDORSE_GAIN:+.2f} this round)",
            f"Say in public that you endorse the scheme: {ENDORSE_GAIN:+.2f} to this round's score, "
            "and your voice loses this round")]


def _figure():
    fig = drawing_figure("Your place in the network", height=420)
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", name="ties", hoverinfo="skip",
                             line={"color": "rgba(120,120,120,0.5)", "width": 1}))
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers+text", name="people", text=[], textposition="top center",
                             marker={"size": 14, "color": [], "symbol": [], "colorscale": SCORE_COLORSCALE,
                                     "cmin": 0, "cmax": 1, "line": {"width": 1, "color": "black"},
                                     "colorbar": {"title": {"text": "score"}, "thickness": 14,
                                                  "tickvals": [0, 0.5, 1], "ticktext": ["0 low", "0.5", "1 high"]}},
                             hovertemplate="%{text} score %{marker.color:.2f}<extra></extra>"))
    fig.update_layout(showlegend=False)
    return fig


def _redraw(fig, game: ScoringGame, positions: np.ndarray) -> str:
    graph, state = game.run.graph, game.run.state
    src, dst = edge_arrays(graph)
    low = low_scorers(state.score, GAME_PARAMS)
    ex, ey = edge_path(positions, src, dst)
    labels = ["you" if i == ME else (f"{i} low" if low[i] else str(i)) for i in range(len(positions))]
    symbols = ["star" if i == ME else ("diamond" if low[i] else "circle") for i in range(len(positions))]
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = ex, ey
        fig.data[1].x, fig.data[1].y = positions[:, 0], positions[:, 1]
        fig.data[1].marker.color = state.score
        fig.data[1].marker.symbol = symbols
        fig.data[1].marker.size = [22 if i == ME else 14 for i in range(len(positions))]
        fig.data[1].text = labels
    friends = game.friends()
    low_friends = sum(f.low for f in friends)
    return (f"The network of {len(positions)} people, coloured by score (colour bar: 0 low, 1 high). You are the "
            f"star labelled 'you' with a score of {state.score[ME]:.2f}; low scorers are diamonds labelled 'low' "
            f"({int(low.sum())} people). You have {_count(len(friends), 'friend')}"
            + (f", {low_friends} of them {'a low scorer' if low_friends == 1 else 'low scorers'}." if friends else "."))


def _status(game: ScoringGame) -> str:
    if game.finished:
        head = f"<p><strong>Round {ROUNDS} is over.</strong> The reveal is below.</p>"
    else:
        head = (f"<p><strong>Round {game.round + 1} of {ROUNDS}.</strong> Privately you oppose the scheme. "
                "Tick any friends you want to cut off, then choose what to say in public.</p>")
    run = game.run
    if not run.rounds:
        return head + (f"<p>Your starting score: {run.state.score[ME]:.2f}, from your own conduct alone (your "
                       "friends' scores count from the end of round 1) · your voice: 0 of 0 rounds · "
                       f"friends: {run.graph.degree(ME)}</p>")
    last = run.rounds[-1]
    standing = (f"{_place(run.state.score, last.score)}: in the lowest fifth of scores, a low scorer" if last.low
                else f"{_place(run.state.score, last.score)}: not in the lowest fifth")
    line = (f"<p>Your score: {last.score:.2f} ({standing}) · from your conduct {last.own_term:.2f} + from your "
            f"friends {last.friends_term:.2f} · your voice: said what you think in {run.voice} of {len(run.rounds)} "
            f"rounds · friends: {len(last.friends)}</p>")
    if last.cut_off_by:
        line += f"<p>Last round {_people(last.cut_off_by)} cut you off because you were a low scorer.</p>"
    if last.joined:
        line += f"<p>Last round {_people(last.joined)} cut a tie to a low scorer and tied to you instead.</p>"
    if last.low and not game.finished:
        line += _threat(game)
    return head + line


def _reveal(game: ScoringGame) -> str:
    return ("<h4>The reveal: how your score was made, and what else could have happened</h4>"
            + "".join(f"<p>{html.escape(s)}</p>" for s in reveal_sentences(game.reveal()))
            + game.run.table().to_html(classes="scored-reveal", border=0))


def reveal_sentences(found: dict) -> list[str]:
    """The reveal in sentences, each from the engine's :meth:`ScoringGame.reveal` (a run or a replay)."""
    rounds = found["rounds"]
    out = [f"Your final score, {found['score']:.2f}, is {found['from your conduct']:.2f} from your own conduct "
           f"(what you said and your merit, weighted 1 − β = {1 - BETA:.1f}) plus {found['from your friends']:.2f} "
           f"from your friends' average score (weighted β = {BETA:.1f})."]
    if found["voice"] == rounds:
        out.append(f"You said what you think in all {rounds} rounds.")
    else:
        out.append((f"You never said what you think. The score does not count what you gave up in those {rounds} rounds"
                    if not found["voice"] else
                    f"You said what you think in {found['voice']} of {rounds} rounds. The score does not count what "
                    f"you gave up in the other {_count(rounds - found['voice'], 'round')}")
                   + ": what Kuran calls the expressive value of saying what you really prefer.")
    if found["low rounds"]:
        out.append(f"You ended {_rounds(found['low rounds'])} in the lowest fifth of scores, a low scorer; "
                   f"while you were, {_people(found['cut you off'])} cut you off.")
    if "had you said what you think" in found:
        out.append("Had you said what you think in every round, with the same cuts, "
                   + _replayed(found["had you said what you think"], rounds))
    else:
        out.append("Had you endorsed the scheme in every round, with the same cuts, "
                   + _replayed(found["had you endorsed"], rounds))
    if found["ties you cut"]:
        one = found["ties you cut"] == 1
        out.append(f"You cut {_count(found['ties you cut'], 'tie')}; in the "
                   + ("round you made it, it" if one else "rounds you made them, your cuts")
                   + f" changed your score by {_signed(found['cut gain'])}" + ("." if one else " in all."))
        out.append("Had you cut no one, with the same words, " + _replayed(found["had you cut no one"], rounds,
                                                                            voice=False))
    else:
        out.append("You cut no one.")
    if found["new friends"]:
        out.append(f"{_people(found['new friends']).capitalize()} tied to you after cutting a low scorer.")
    return out


def _threat(game: ScoringGame) -> str:
    """What a low scorer faces this round, from the model's own cut gains and chances."""
    threat, friends = game.run.threat(), game.run.graph.degree(ME)
    if not threat:
        return ("<p>As scores stand now, cutting you would not raise any friend's own score, so none of them "
                "has that reason to cut you this round.</p>")
    chances = sorted({round(c, 2) for _, c in threat})
    chance = " or ".join(f"{c:.2f}" for c in chances)
    return (f"<p>If you end this round in the lowest fifth, each friend for whom cutting you pays may cut you "
            f"(chance {chance} each). As scores stand now, that is {len(threat)} of your "
            f"{_count(friends, 'friend')}.</p>")


def _replayed(other: dict, rounds: int, voice: bool = True) -> str:
    text = f"your score after round {rounds} would have been {other['score']:.2f}, with {_count(other['friends'], 'friend')}"
    if voice:
        text += f" and your voice at {other['voice']} of {rounds} rounds"
    if other["low rounds"]:
        text += (f"; you would have been a low scorer in {_count(len(other['low rounds']), 'round')} and cut off by "
                 f"{_people(other['cut you off'])}.")
    else:
        text += "; you would never have been a low scorer."
    return text


def _rounds(rounds) -> str:
    return ("round " if len(rounds) == 1 else "rounds ") + _join([str(r) for r in rounds])


def _place(scores: np.ndarray, mine: float) -> str:
    """Where a score stands among everyone's, counted from the nearer end: '5th lowest of 30', 'highest of 30'."""
    below, above, n = int(np.sum(scores < mine)) + 1, int(np.sum(scores > mine)) + 1, len(scores)
    if below <= n // 2:
        return f"{'the lowest' if below == 1 else _ordinal(below) + ' lowest'} of {n}"
    return f"{'the highest' if above == 1 else _ordinal(above) + ' highest'} of {n}"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _people(people) -> str:
    people = [str(p) for p in people]
    if not people:
        return "nobody"
    return ("person " if len(people) == 1 else "people ") + _join(people)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _cut_label(friend) -> str:
    """One friend's box: who, their score, and what cutting them alone does to your next score and theirs."""
    def change(x):
        return "under ±0.005" if round(x, 2) == 0 else _signed(x)
    return (f"cut off person {friend.person} (score {friend.score:.2f}{', a low scorer' if friend.low else ''}): "
            f"your next score {change(friend.gain)}, theirs {change(friend.their_change)}")


def _signed(x: float) -> str:
    """A change to two decimals with its sign; one that rounds to nothing is said to be under 0.005."""
    return "under 0.005 either way" if round(x, 2) == 0 else f"{x:+.2f}".replace("-", "−")


def scoring_game(seed: int = 0) -> TurnBoard:
    """Play ten rounds as person 0 of a 30-person scoring society; the reveal appears after round 10.

    Examples
    --------
    >>> board = scoring_game(seed=1)
    >>> board.press("endorse"); board.game.run.rounds[-1].said
    'endorse'
    """
    game = ScoringGame(seed)
    positions = network_layout(game.run.start_graph, seed=seed)
    fig = _figure()
    boxes: dict[int, widgets.Checkbox] = {}

    def extra():
        boxes.clear()
        if game.finished:
            return []
        for friend in game.friends():
            box = widgets.Checkbox(value=False, indent=False, description=_cut_label(friend),
                                   layout=widgets.Layout(width="auto"))
            box.description_allow_html = False
            boxes[friend.person] = box
        return [widgets.HTML("<p>Your friends, lowest score first (the low scorers are the lowest fifth of all "
                             "30 scores). Each box says what cutting off that friend alone would do to your next "
                             "score and to theirs:</p>"), *boxes.values()]

    def play(say):
        game.play(say, [j for j, box in boxes.items() if box.value])

    board = TurnBoard(title="You are one person in the scoring society", actions=ACTIONS, play=play,
                      allowed=lambda: () if game.finished else ("my view", "endorse"),
                      status=lambda: _status(game), reveal=lambda: _reveal(game), finished=lambda: game.finished,
                      restart=game.restart, figures=[fig], redraw=lambda: [_redraw(fig, game, positions)],
                      refresh_extra=extra)
    board.game, board.cut_boxes = game, boxes
    return board
