"""The scoring-society game runs on the readable model step, replays exactly, and refuses bad moves clearly."""
from __future__ import annotations

import numpy as np
import pytest

from utils.society import game as g
from utils.society.game import ROUNDS, ScoringGame, replay_scoring_game
from utils.society.game_board import scoring_game
from utils.society.model import reference_step

CHOICES = ["endorse", ("my view", [1]), "endorse", "endorse", "my view", "endorse", "my view", "endorse",
           "endorse", "my view"]


def test_same_seed_and_choices_give_the_same_game():
    a, b = replay_scoring_game(CHOICES, seed=4), replay_scoring_game(CHOICES, seed=4)
    assert a.rounds == b.rounds
    np.testing.assert_array_equal(a.state.score, b.state.score)
    assert sorted(a.graph.edges()) == sorted(b.graph.edges())


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_saying_what_the_model_would_gives_the_models_run(seed):
    """Feed in, each round, what the model itself had the player say: the run is the model's, exactly."""
    graph, state, rng = g._start(seed)
    model_says = []
    for _ in range(ROUNDS):
        model_says.append("endorse" if state.expressed[g.ME] else "my view")
        state = reference_step(graph, state, g.GAME_PARAMS, rng)
    played = replay_scoring_game(model_says, seed=seed)
    np.testing.assert_array_equal(played.state.score, state.score)
    np.testing.assert_array_equal(played.state.expressed[1:], state.expressed[1:])
    assert sorted(played.graph.edges()) == sorted(graph.edges())


def test_speech_moves_the_players_own_score_through_the_rule():
    endorse, sincere = replay_scoring_game(["endorse"], seed=2), replay_scoring_game(["my view"], seed=2)
    w, beta = g.GAME_PARAMS.endorsement_weight, g.GAME_PARAMS.peer_weight
    assert endorse.rounds[0].score - sincere.rounds[0].score == pytest.approx((1 - beta) * w)
    assert endorse.rounds[0].friends_term == pytest.approx(sincere.rounds[0].friends_term)


def test_cutting_a_tie_removes_it_and_a_missing_tie_is_refused():
    friend = sorted(replay_scoring_game([], seed=1).graph.neighbors(0))[0]
    run = replay_scoring_game([("my view", [friend])], seed=1)
    assert friend not in dict(run.rounds[0].friends) and run.rounds[0].cut == (friend,)
    with pytest.raises(ValueError, match="not your friend"):
        replay_scoring_game([("my view", [friend]), ("my view", [friend])], seed=1)


@pytest.mark.parametrize("bad, error", [(["shout"], "say must be one of"), (["my view"] * (ROUNDS + 1), "at most 10")])
def test_bad_choices_get_a_clear_error(bad, error):
    with pytest.raises(ValueError, match=error):
        replay_scoring_game(bad, seed=0)


def test_the_reveal_reports_the_counterfactual_and_the_gap():
    game = ScoringGame(seed=3)
    friend = sorted(game.run.graph.neighbors(0))[0]
    choices = [("endorse", [friend])] + [(c if isinstance(c, str) else c[0], ()) for c in CHOICES[1:]]
    for say, cut in choices:
        game.play(say, cut)
    found = game.reveal()
    said_endorse = sum(say == "endorse" for say, _ in choices)
    assert found["private-public gap"] == pytest.approx(said_endorse / ROUNDS)   # the player privately opposes
    assert found["score"] == pytest.approx(found["from your conduct"] + found["from your friends"])
    assert found["ties you cut"] == 1
    mind = replay_scoring_game([("my view", [friend])] + ["my view"] * 9, seed=3, strict=False)
    assert found["had you spoken your mind"] == pytest.approx(mind.rounds[-1].score)
    with pytest.raises(ValueError, match="game is over"):
        game.play("endorse")


def test_the_board_plays_rounds_and_restarts():
    board = scoring_game(seed=1)
    first_friend = next(iter(board.cut_boxes))
    board.cut_boxes[first_friend].value = True
    board.press("endorse")
    assert board.game.run.rounds[0].cut == (first_friend,) and first_friend not in board.cut_boxes
    assert "Round 2 of 10" in board.status.value and "star" in board.sentences[0].value
    for _ in range(ROUNDS - 1):
        board.press("my view")
    assert all(b.disabled for b in board.buttons.values()) and "reveal" in board.revealed.value
    board.press("my view")
    assert board.last_error and board.game.round == ROUNDS
    board.restart()
    assert board.game.round == 0 and board.cut_boxes


def test_the_replay_that_exercise_06_quotes():
    """ex06 Question 6's mark scheme quotes this replay: keep them in step."""
    switched = replay_scoring_game(["my view"] * 3 + ["endorse"] * 7, seed=11)
    sincere = replay_scoring_game(["my view"] * 10, seed=11)
    third = switched.rounds[2]
    assert third.low and third.cut_off_by == (27, 28, 29) and len(third.friends) == 4
    assert round(third.score, 2) == 0.56
    assert round(switched.rounds[2].own_term, 2) == 0.22 and round(switched.rounds[3].own_term, 2) == 0.47
    assert round(switched.rounds[3].friends_term, 2) == 0.31 and round(switched.rounds[-1].friends_term, 2) == 0.36
    assert round(switched.rounds[-1].score, 2) == 0.83 and len(switched.rounds[-1].friends) == 4
    assert round(sincere.rounds[-1].score, 2) == 0.40 and len(sincere.rounds[-1].friends) == 1
