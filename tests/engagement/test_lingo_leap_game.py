"""Two weeks with Lingo Leap runs on the Part I models, replays exactly, and refuses bad moves clearly."""
from __future__ import annotations

import numpy as np
import pytest

from utils.core.checks import make_rng
from utils.engagement.game import ACTIONS, DAYS, FREEZE_PRICE, MAX_FREEZES, LingoLeap, replay_lingo_leap
from utils.engagement.game_board import lingo_leap_game
from utils.engagement.streaks import simulate_streaks

CHOICES = ["one lesson", "three lessons", "rest", "one lesson", "one lesson", "one lesson + freeze", "rest",
           "three lessons", "one lesson", "rest", "rest", "one lesson", "three lessons", "one lesson"]


def test_same_seed_and_choices_give_the_same_game():
    a, b = replay_lingo_leap(CHOICES, seed=5), replay_lingo_leap(CHOICES, seed=5)
    assert a.days == b.days and a.league_path == b.league_path
    np.testing.assert_array_equal(a.cohort_week_xp, b.cohort_week_xp)
    assert replay_lingo_leap(CHOICES, seed=6).cohort_week_xp.tolist() != a.cohort_week_xp.tolist()


def test_a_game_played_move_by_move_equals_its_replay():
    game = LingoLeap(seed=5)
    for action in CHOICES:
        game.play(action)
    assert game.run.days == replay_lingo_leap(CHOICES, seed=5).days
    game.restart()
    assert game.day == 0 and game.run.days == ()


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_playing_as_the_model_would_gives_the_models_outcome(seed):
    """One lesson on exactly the days the models' learner practises: the model's run, streak for streak."""
    streak_rng, _ = make_rng(seed).spawn(2)
    model = simulate_streaks(30, DAYS, seed=streak_rng, base_prob=0.7, spread=1.0, fade=0.008, loss_weight=0.05)
    as_model = ["one lesson" if did else "rest" for did in model.practiced[0]]
    played, simulated = replay_lingo_leap(as_model, seed=seed), replay_lingo_leap(None, seed=seed)
    assert [d.streak for d in played.days] == model.streak[0].tolist()
    np.testing.assert_array_equal(played.cohort_practised, model.practiced)
    assert played.days == simulated.days and played.league_path == simulated.league_path
    np.testing.assert_array_equal(played.cohort_week_xp, simulated.cohort_week_xp)


def test_the_players_choices_drive_only_the_players_seat():
    rest, work = replay_lingo_leap(["rest"] * DAYS, seed=2), replay_lingo_leap(["three lessons"] * DAYS, seed=2)
    np.testing.assert_array_equal(rest.cohort_practised[1:], work.cohort_practised[1:])
    assert [d.streak for d in work.days] == list(range(1, DAYS + 1))
    assert all(d.streak == 0 for d in rest.days) and rest.days[-1].week_xp == 0


def test_a_freeze_is_bought_ahead_and_saves_a_later_day_of_rest():
    run = replay_lingo_leap(["one lesson", "one lesson + freeze", "rest", "one lesson", "rest"], seed=1)
    assert [d.streak for d in run.days] == [1, 2, 2, 3, 0]      # the freeze saves day 3, nothing saves day 5
    assert [d.freezes for d in run.days] == [0, 1, 0, 0, 0]
    assert run.days[1].gems == run.days[0].gems + 5 - FREEZE_PRICE


def test_at_most_two_freezes_are_held():
    game = LingoLeap(seed=1)
    for _ in range(4):
        game.play("three lessons")          # 60 gems more
    game.play("one lesson + freeze")
    game.play("one lesson + freeze")
    assert game.freezes == MAX_FREEZES and "one lesson + freeze" not in game.allowed()
    with pytest.raises(ValueError, match="fewer than 2 held"):
        game.play("one lesson + freeze")


def test_loss_framed_messages_appear_with_a_streak():
    game = LingoLeap(seed=4)
    for _ in range(3):
        game.play("one lesson")
    assert any("3-day streak is about to end" in m for m in game.morning())


@pytest.mark.parametrize("bad, error", [
    (["nap"], "choices\\[0\\] must be one of"),
    (["rest"] * (DAYS + 1), "at most 14 days"),
    (["one lesson + freeze"] * 3, "gems"),
])
def test_bad_choices_get_a_clear_error(bad, error):
    with pytest.raises(ValueError, match=error):
        replay_lingo_leap(bad, seed=0)


def test_no_move_after_the_end_and_no_freeze_without_gems():
    game = LingoLeap(seed=0)
    game.play("one lesson + freeze")
    assert game.gems < FREEZE_PRICE and "one lesson + freeze" not in game.allowed()
    with pytest.raises(ValueError, match="gems"):
        game.play("one lesson + freeze")
    for _ in range(DAYS - 1):
        game.play("rest")
    assert game.finished and game.allowed() == ()
    with pytest.raises(ValueError, match="game is over"):
        game.play("rest")


def test_the_board_disables_what_is_not_allowed_and_keeps_its_state():
    board = lingo_leap_game(seed=0)
    board.press("one lesson + freeze")
    assert board.buttons["one lesson + freeze"].disabled
    before = board.game.run
    board.press("one lesson + freeze")
    assert board.last_error and board.game.run is before
    for _ in range(DAYS - 1):
        board.press("one lesson")
    assert all(b.disabled for b in board.buttons.values())
    assert "reveal" in board.revealed.value and "days" in board.revealed.value
    board.restart()
    assert board.game.day == 0 and not board.revealed.value and not board.buttons["rest"].disabled


def test_the_reveal_compares_with_the_model_and_the_learner_who_ignored_the_messages():
    game = LingoLeap(seed=3)
    for action in CHOICES:
        game.play(action)
    found = game.reveal()
    assert found["you"]["practice days"] == sum(c != "rest" for c in CHOICES)
    assert set(found["mechanics"]) >= {"streak: loss framing"}
    assert 0 <= found["ignored"]["practice days"] <= DAYS
    assert set(ACTIONS) >= set(found["table"]["choice"])


def test_the_replay_that_exercise_02_quotes():
    """ex02 Question 5's mark scheme quotes this replay: keep them in step."""
    given = ["one lesson", "one lesson", "three lessons", "one lesson + freeze", "one lesson", "rest", "rest",
             "one lesson", "three lessons", "three lessons", "rest", "one lesson", "three lessons", "one lesson"]
    days = replay_lingo_leap(given, seed=7).days
    assert [d.streak for d in days[3:7]] == [4, 5, 5, 0] and [d.freezes for d in days[3:7]] == [1, 1, 0, 0]
    assert any("freeze costs" in m for m in days[6].messages)          # offered on the morning of day 7
    loss_framed = [d.day + 1 for d in days if any("about to end" in m for m in d.messages)]
    assert loss_framed and all(days[day - 2].streak >= 2 for day in loss_framed)
