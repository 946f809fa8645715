"""The scoring-society game on screen (lesson 06): ten rounds as one person, then the reveal."""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from ..core.figures import SCORE_COLORSCALE, new_figure
from ..core.game_board import TurnBoard
from .game import GAME_PARAMS, ME, ROUNDS, ScoringGame
from .model import low_scorers
from .networks import edge_arrays, edge_path, network_layout

__all__ = ["scoring_game"]

ACTIONS = [("my view", "Say what I think", "Say in public what you privately think (you oppose the scheme)"),
           ("endorse", "Endorse the scheme", "Say in public that you endorse the scheme")]


def _figure():
    fig = new_figure("Your place in the network", "layout position (no units)", "layout position (no units)",
                     height=420)
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", name="ties", hoverinfo="skip",
                             line={"color": "rgba(120,120,120,0.5)", "width": 1}))
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers+text", name="people", text=[], textposition="top center",
                             marker={"size": 14, "color": [], "symbol": [], "colorscale": SCORE_COLORSCALE,
                                     "cmin": 0, "cmax": 1, "line": {"width": 1, "color": "black"},
                                     "colorbar": {"title": {"text": "score (0–1)"}, "thickness": 14,
                                                  "tickvals": [0, 0.5, 1], "ticktext": ["0 low", "0.5", "1 high"]}},
                             hovertemplate="%{text} score %{marker.color:.2f}<extra></extra>"))
    fig.update_layout(showlegend=False)
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False)
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False)
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
    low_friends = sum(1 for _, _, is_low in friends if is_low)
    return (f"The network of {len(positions)} people, coloured by score (colour bar: 0 low, 1 high). You are the "
            f"star labelled 'you' with a score of {state.score[ME]:.2f}; low scorers are diamonds labelled 'low' "
            f"({int(low.sum())} people). You have {len(friends)} friends, {low_friends} of them low scorers.")


def _status(game: ScoringGame) -> str:
    if game.finished:
        head = f"<p><strong>Round {ROUNDS} is over.</strong> The reveal is below.</p>"
    else:
        head = (f"<p><strong>Round {game.round + 1} of {ROUNDS}.</strong> Privately you oppose the scheme. "
                "Tick any friends you want to cut off, then choose what to say in public.</p>")
    if not game.run.rounds:
        return head + "<p>Your score: not yet computed (the scheme scores you at the end of round 1).</p>"
    last = game.run.rounds[-1]
    cut_off = _people(last.cut_off_by)
    return (head + f"<p>Your score: {last.score:.2f} ({'a low scorer' if last.low else 'not a low scorer'}) · "
            f"from your conduct {last.own_term:.2f} + from your friends {last.friends_term:.2f} · "
            f"friends: {len(last.friends)} · cut you off last round: {cut_off}</p>")


def _reveal(game: ScoringGame) -> str:
    found = game.reveal()
    return ("<h4>The reveal: how your score was made</h4>"
            f"<p>Your final score, {found['score']:.2f}, is {found['from your conduct']:.2f} from your own conduct "
            f"(what you said and your merit, weighted 1 − β = {1 - GAME_PARAMS.peer_weight:.1f}) plus "
            f"{found['from your friends']:.2f} from your friends' average score (weighted β = "
            f"{GAME_PARAMS.peer_weight:.1f}). Had you said what you think in every round, with the same cuts, it "
            f"would have been {found['had you spoken your mind']:.2f}, with "
            f"{_count(found['friends had you spoken your mind'], 'friend')} left. You said the opposite of what you think in "
            f"{found['private-public gap']:.0%} of rounds (your private–public gap). You cut "
            f"{_count(found['ties you cut'], 'tie')}. While you were a low scorer, "
            f"{_people(found['people who cut you off'])} cut you off. The scheme's exclusion, which acts on everyone, "
            f"dropped your ties to low-scoring friends: {_people(found['low friends the scheme dropped'])}.</p>"
            + found["table"].to_html(classes="scored-reveal", border=0))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _people(people) -> str:
    people = [str(p) for p in people]
    if not people:
        return "nobody"
    return ("person " if len(people) == 1 else "people ") + (
        people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1])


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
        for j, score, low in game.friends():
            box = widgets.Checkbox(value=False, indent=False,
                                   description=f"cut my tie to person {j} (score {score:.2f}{', low' if low else ''})")
            box.description_allow_html = False
            boxes[j] = box
        return [widgets.HTML("<p>Your friends, lowest score first:</p>"), *boxes.values()]

    def play(say):
        game.play(say, [j for j, box in boxes.items() if box.value])

    board = TurnBoard(title="You are one person in the scoring society", actions=ACTIONS, play=play,
                      allowed=lambda: () if game.finished else ("my view", "endorse"),
                      status=lambda: _status(game), reveal=lambda: _reveal(game), finished=lambda: game.finished,
                      restart=game.restart, figures=[fig], redraw=lambda: [_redraw(fig, game, positions)],
                      refresh_extra=extra)
    board.game, board.cut_boxes = game, boxes
    return board
