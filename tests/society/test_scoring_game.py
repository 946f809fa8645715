"""The scoring-society game: it runs on the readable model step, replays exactly, refuses bad moves
clearly, tells the truth in every message, and has the design properties issue 18 asks for.

Design properties (over 50 seeds and the seven strategies of ``STRATEGIES``):
- no strategy is best on every outcome the game shows (score, friends, voice);
- at the lesson's seed the strategies end in at least three different end states, and the seed is
  the one the documented search (``find_lesson_seed``) finds: the threat arrives for a sincere
  player and not for one who endorses;
- every sentence of the reveal is backed by a replay computed here, and a player who was never a
  low scorer hears nothing about being one.
"""
from __future__ import annotations

import re
from functools import lru_cache

import nbformat
import numpy as np
import pytest

from support import ROOT
from utils.society import game as g
from utils.society.game import (END_STATES, LEDGERS, ROUNDS, STRATEGIES, ScoringGame, find_lesson_seed,
                                play_strategy, replay_scoring_game, shows_the_mechanism, threat_arrives)
from utils.society.game_board import reveal_sentences, scoring_game
from utils.society.model import low_scorers, reference_step

LESSON = ROOT / "lessons" / "06_scoring_society.ipynb"
SEEDS = range(50)
BETA, W = g.GAME_PARAMS.peer_weight, g.GAME_PARAMS.endorsement_weight
CHOICES = ["endorse", ("my view", [1]), "endorse", "endorse", "my view", "endorse", "my view", "endorse",
           "endorse", "my view"]


def lesson_seed() -> int:
    setup = next(c.source for c in nbformat.read(LESSON, as_version=4).cells
                 if c.cell_type == "code" and "SEED =" in c.source)
    return int(re.search(r"^SEED = (\d+)", setup, re.M).group(1))


@lru_cache(maxsize=None)
def played(strategy: str, seed: int):
    return play_strategy(strategy, seed)


# --- the engine -------------------------------------------------------------------------------------------

def test_same_seed_and_choices_give_the_same_game():
    a, b = replay_scoring_game(CHOICES, seed=4), replay_scoring_game(CHOICES, seed=4)
    assert a.rounds == b.rounds
    np.testing.assert_array_equal(a.state.score, b.state.score)
    assert sorted(a.graph.edges()) == sorted(b.graph.edges())


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_saying_what_the_model_would_gives_the_models_run(seed):
    """Feed in, each round, what the model itself had the player say (and cut no one): the run is the
    model's own, step for step, with the player's cuts left to the player."""
    graph, state, streams = g._start(seed)
    model_says = []
    for t in range(ROUNDS):
        model_says.append("endorse" if state.expressed[g.ME] else "my view")
        state = reference_step(graph, state, g.GAME_PARAMS, streams[t], decided=(g.ME,))
    played_run = replay_scoring_game(model_says, seed=seed)
    np.testing.assert_array_equal(played_run.state.score, state.score)
    np.testing.assert_array_equal(played_run.state.expressed[1:], state.expressed[1:])
    assert sorted(played_run.graph.edges()) == sorted(graph.edges())


def test_speech_moves_the_players_own_score_through_the_rule():
    endorse, sincere = replay_scoring_game(["endorse"], seed=2), replay_scoring_game(["my view"], seed=2)
    assert endorse.rounds[0].score - sincere.rounds[0].score == pytest.approx((1 - BETA) * W)
    assert endorse.rounds[0].friends_term == pytest.approx(sincere.rounds[0].friends_term)
    assert (endorse.voice, sincere.voice) == (0, 1), "the player privately opposes: only 'my view' is sincere"


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


@pytest.mark.parametrize("bad, error", [("my view", "choices must be a list"), (5, "choices must be a list")])
def test_choices_of_the_wrong_type_get_a_clear_error(bad, error):
    with pytest.raises(TypeError, match=error):
        replay_scoring_game(bad, seed=0)


def test_a_replay_that_changes_one_round_shares_the_earlier_rounds():
    """Each round draws from its own stream: changing round 6 leaves rounds 1-5 exactly as they were."""
    a = replay_scoring_game(["my view"] * ROUNDS, seed=5)
    b = replay_scoring_game(["my view"] * 5 + ["endorse"] * 5, seed=5)
    assert a.rounds[:5] == b.rounds[:5] and a.rounds[5] != b.rounds[5]


def test_the_player_loses_ties_only_when_others_cut_them_as_a_low_scorer():
    """The player's own cuts are theirs (the model is told so): every tie lost that the player did not cut
    was cut while the player was a low scorer."""
    for seed in range(10):
        for strategy in STRATEGIES:
            for r in played(strategy, seed).rounds:
                assert not r.cut_off_by or r.low, f"seed {seed}, {strategy}, round {r.round + 1}"


# --- truthful messages ---------------------------------------------------------------------------------------

def _friend_cut_gain(run, cutter: int, friend: int) -> float:
    """g for the default rule, written out here: β × (friends' mean without the tie − with it)."""
    scores, mine = run.state.score, sorted(run.graph.neighbors(cutter))
    others = [k for k in mine if k != friend]
    without = np.mean(scores[others]) if others else g.GAME_PARAMS.default_score
    return BETA * (without - np.mean(scores[mine]))


@pytest.mark.parametrize("seed", [1, 3, 7])
def test_the_gain_shown_beside_each_friend_is_what_a_replay_of_that_cut_gives(seed):
    """The board says "cutting them alone changes your next score by g": replay the round with that cut and
    without it, and the round's score differs by exactly g; the friend's own score by their_change."""
    choices = ["my view", "endorse", "my view"]
    run = replay_scoring_game(choices, seed=seed)
    for friend in run.friends():
        kept = replay_scoring_game(choices + ["my view"], seed=seed)
        cut = replay_scoring_game(choices + [("my view", [friend.person])], seed=seed)
        assert cut.rounds[-1].score - kept.rounds[-1].score == pytest.approx(friend.gain, abs=1e-12)
        assert cut.rounds[-1].cut_gain == pytest.approx(friend.gain, abs=1e-12)
        assert (cut.state.score[friend.person] - kept.state.score[friend.person]
                == pytest.approx(friend.their_change, abs=1e-12))
        assert friend.gain == pytest.approx(_friend_cut_gain(run, 0, friend.person), abs=1e-12)


@pytest.mark.parametrize("seed", [1, 6, 9])
def test_the_threat_names_exactly_the_friends_for_whom_cutting_the_player_pays(seed):
    run = replay_scoring_game(["my view"] * 4, seed=seed)
    gains = {j: _friend_cut_gain(run, j, 0) for j in run.graph.neighbors(0)}
    threat = dict(run.threat())
    assert set(threat) == {j for j, gain in gains.items() if gain > 1e-12}
    phi, kappa = g.GAME_PARAMS.exclusion_rate, g.GAME_PARAMS.stigma
    for j in threat:   # the default rule: g = βΔ, so self-protection is φβ; stigma combines independently
        assert threat[j] == pytest.approx(1 - (1 - phi * BETA) * (1 - phi * kappa))


def test_the_endorse_buttons_promise_is_what_a_replay_gives():
    """The button says endorsing adds (1 − β)w to this round's score: replay any round both ways."""
    from utils.society.game_board import ACTIONS
    labels = {name: (label, tip) for name, label, tip in ACTIONS}
    assert f"+{(1 - BETA) * W:.2f} to this round's score" in labels["endorse"][1]
    assert f"score +{(1 - BETA) * W:.2f} this round" in labels["endorse"][0] and "voice +1" in labels["my view"][0]
    for seed, t in [(0, 0), (6, 4), (11, 9)]:
        head = ["my view"] * t
        gap = (replay_scoring_game(head + ["endorse"], seed=seed).rounds[-1].score
               - replay_scoring_game(head + ["my view"], seed=seed).rounds[-1].score)
        assert gap == pytest.approx((1 - BETA) * W)


@pytest.mark.parametrize("seed", [1, 6])
def test_every_status_line_states_the_engines_numbers(seed):
    board = scoring_game(seed=seed)
    for t in range(ROUNDS):
        low = [j for j, box in board.cut_boxes.items() if "low scorer" in box.description]
        for j in low[:1]:
            board.cut_boxes[j].value = True
        board.press("endorse" if t % 3 == 2 else "my view")
        run, shown = board.game.run, board.status.value
        last = run.rounds[-1]
        assert f"Your score: {last.score:.2f}" in shown and f"friends: {len(last.friends)}" in shown
        assert f"said what you think in {run.voice} of {t + 1} rounds" in shown
        assert ("a low scorer" in shown.split("·")[0]) == last.low
        below = int(np.sum(run.state.score < last.score)) + 1           # the place the status states, from the
        above = int(np.sum(run.state.score > last.score)) + 1           # nearer end of the ranking
        zone = int(low_scorers(run.state.score, g.GAME_PARAMS).sum())
        place = (("the lowest" if below == 1 else f"{below}(st|nd|rd|th) lowest") if below <= g.PEOPLE // 2
                 else ("the highest" if above == 1 else f"{above}(st|nd|rd|th) highest"))
        assert re.search(rf"\({place} of {g.PEOPLE}: ", shown), (place, shown)
        assert (below <= zone) == last.low, "the low flag and the place from the bottom disagree"
        assert ("If you end this round in the lowest fifth" in shown) == (last.low and t + 1 < ROUNDS
                                                                           and bool(run.threat()))
        for box in board.cut_boxes.values():
            assert "-0.00" not in box.description and "+0.00" not in box.description and "−0.00" not in box.description


# --- the reveal: every sentence backed by a replay ----------------------------------------------------------

def _finished_game(strategy: str, seed: int) -> ScoringGame:
    game = ScoringGame(seed)
    for choice in played(strategy, seed).choices:
        game.play(*choice)
    return game


@pytest.mark.parametrize("seed", [0, 11, 23])
@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_every_reveal_sentence_is_backed_by_a_replay(strategy, seed):
    game = _finished_game(strategy, seed)
    sentences = reveal_sentences(game.reveal())
    run, text = game.run, " ".join(sentences)
    says = [say for say, _ in run.choices]
    cuts = [cut for _, cut in run.choices]
    last = run.rounds[-1]
    assert f"Your final score, {last.score:.2f}, is {last.own_term:.2f} from your own conduct" in text
    assert last.own_term + last.friends_term == pytest.approx(last.score)
    voice = sum(s == "my view" for s in says)
    assert {0: "You never said what you think.", ROUNDS: f"You said what you think in all {ROUNDS} rounds."}.get(
        voice, f"You said what you think in {voice} of {ROUNDS} rounds.") in text
    if voice < ROUNDS:         # what the score leaves out, counted in the rounds the player gave up
        assert f"gave up in {'those' if voice == 0 else 'the other'} {ROUNDS - voice} round" in text
    if "endorse" in says:      # the speech counterfactual: the same seed, "my view" in every round, the same cuts
        other = replay_scoring_game([("my view", c) for c in cuts], seed, strict=False)
        expected = "Had you said what you think in every round, with the same cuts,"
    else:
        other = replay_scoring_game([("endorse", c) for c in cuts], seed, strict=False)
        expected = "Had you endorsed the scheme in every round, with the same cuts,"
    assert f"{expected} your score after round {ROUNDS} would have been {other.rounds[-1].score:.2f}, with " \
           f"{len(other.rounds[-1].friends)} friend" in text
    if other.low_rounds():
        assert f"a low scorer in {len(other.low_rounds())} round" in text
    else:
        assert "you would never have been a low scorer" in text
    if any(cuts):               # the cutting counterfactual: the same words, no cuts
        none = replay_scoring_game(says, seed)
        assert (f"Had you cut no one, with the same words, your score after round {ROUNDS} would have been "
                f"{none.rounds[-1].score:.2f}, with {len(none.rounds[-1].friends)} friend") in text
        total, ties = sum(r.cut_gain for r in run.rounds), sum(len(c) for c in cuts)
        assert (f"changed your score by {total:+.2f}".replace("-", "−") in text if round(total, 2)
                else "changed your score by under 0.005 either way" in text)
        assert (f"You cut 1 tie; in the round you made it, it changed" if ties == 1
                else f"You cut {ties} ties; in the rounds you made them, your cuts changed") in text
    else:
        assert "You cut no one." in sentences
    about_you = [s for s in sentences if s.startswith("You")]      # the player's own run, not a replay
    if run.low_rounds():
        people = [str(p) for p in run.cut_off_by()]
        assert any(s.startswith("You ended round") and all(p in s for p in people) for s in about_you)
    else:                      # never a low scorer: nothing about being one
        assert not any("low scorer" in s or "lowest fifth" in s for s in about_you), about_you
    if run.rounds and any(r.joined for r in run.rounds):
        joined = sorted({j for r in run.rounds for j in r.joined})
        assert any("tied to you after cutting a low scorer" in s and all(str(j) in s for j in joined)
                   for s in sentences)


# --- design properties ---------------------------------------------------------------------------------------

def _outcomes(strategy: str, seed: int) -> dict:
    return played(strategy, seed).outcomes()


def test_the_outcomes_shown_are_the_three_ledgers():
    assert set(LEDGERS) == {"score", "friends", "voice"}
    run = played("endorse", 0)
    assert run.outcomes() == {"score": run.rounds[-1].score, "friends": len(run.rounds[-1].friends), "voice": 0}


def test_there_are_at_least_six_strategies():
    assert len(STRATEGIES) >= 6


def test_no_strategy_is_best_on_every_outcome_at_any_of_50_seeds():
    for seed in SEEDS:
        table = {s: _outcomes(s, seed) for s in STRATEGIES}
        best = {k: max(o[k] for o in table.values()) for k in LEDGERS}
        winners = [s for s, o in table.items() if all(o[k] >= best[k] for k in LEDGERS)]
        assert not winners, f"seed {seed}: {winners} best on every outcome: {table}"


def test_no_strategy_is_best_on_every_outcome_on_average_over_50_seeds():
    means = {s: {k: np.mean([_outcomes(s, seed)[k] for seed in SEEDS]) for k in LEDGERS} for s in STRATEGIES}
    best = {k: max(m[k] for m in means.values()) for k in LEDGERS}
    assert not [s for s, m in means.items() if all(m[k] >= best[k] for k in LEDGERS)], means


def test_endorsing_costs_voice_and_buys_score_over_50_seeds():
    """The trade the game is built on, measured: over 50 seeds endorsing every round ends with a higher score
    than saying what you think (paired over seeds) and, by definition, no voice."""
    diff = [_outcomes("endorse", s)["score"] - _outcomes("say what I think", s)["score"] for s in SEEDS]
    assert min(diff) > 0, "at every seed endorsing should end with the higher score"


def test_the_lesson_seed_is_the_documented_search_and_the_threat_arrives_there():
    seed = lesson_seed()
    assert seed == find_lesson_seed(), "the lesson's SEED is not the first seed the documented search finds"
    sincere = replay_scoring_game(["my view"] * ROUNDS, seed)
    endorser = replay_scoring_game(["endorse"] * ROUNDS, seed)
    assert not sincere.rounds[0].low, "the sincere player should start outside the lowest fifth"
    assert sincere.low_rounds() and sincere.cut_off_by(), "saying what you think should get you cut off"
    assert not endorser.low_rounds() and not endorser.cut_off_by(), "endorsing should keep you safe"
    assert threat_arrives(seed)


def test_the_strategies_reach_at_least_three_end_states_at_the_lesson_seed():
    ends = {played(s, lesson_seed()).end_state() for s in STRATEGIES}
    assert len(ends) >= 3 and ends <= set(END_STATES), ends


def test_the_search_takes_the_first_seed_that_passes_all_three_conditions():
    """Each condition written out: the threat by round 6, a cut that arises, three end states."""
    def passes(s):
        cutter = played("endorse, cut low friends", s)
        return (threat_arrives(s, by_round=6) and any(r.cut for r in cutter.rounds)
                and len({played(k, s).end_state() for k in STRATEGIES}) >= 3)
    seed = find_lesson_seed()
    assert passes(seed) and not any(passes(s) for s in range(seed))
    assert shows_the_mechanism(seed)
    with pytest.raises(ValueError, match="no seed"):
        find_lesson_seed(0, 0, min_end_states=len(END_STATES) + 1)


# --- the game object and the board ---------------------------------------------------------------------------

def test_the_reveal_reports_the_counterfactuals_and_the_gap():
    game = ScoringGame(seed=3)
    friend = sorted(game.run.graph.neighbors(0))[0]
    choices = [("endorse", [friend])] + [(c if isinstance(c, str) else c[0], ()) for c in CHOICES[1:]]
    for say, cut in choices:
        game.play(say, cut)
    found = game.reveal()
    said_endorse = sum(say == "endorse" for say, _ in choices)
    assert game.run.gap() == pytest.approx(said_endorse / ROUNDS)   # the player privately opposes
    assert found["voice"] == ROUNDS - said_endorse
    assert found["score"] == pytest.approx(found["from your conduct"] + found["from your friends"])
    assert found["ties you cut"] == 1
    mind = replay_scoring_game([("my view", [friend])] + ["my view"] * 9, seed=3, strict=False)
    assert found["had you said what you think"]["score"] == pytest.approx(mind.rounds[-1].score)
    assert found["had you cut no one"]["score"] == pytest.approx(
        replay_scoring_game([say for say, _ in choices], seed=3).rounds[-1].score)
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


def test_the_network_figure_has_no_axes():
    fig = scoring_game(seed=1).figures[0]
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False


# --- exercise 06, Question 6: the replays it shows and the numbers its mark scheme quotes --------------------

EX06 = ROOT / "solutions" / "ex06_scoring_society" / "ex06_scoring_society.ipynb"
EX06_CELLS = ("scoring_game_replay", "scoring_game_switcher", "scoring_game_friends")


def ex06_cell(grade_id: str) -> str:
    return next(c.source for c in nbformat.read(EX06, as_version=4).cells
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def ex06_seed() -> int:
    return int(re.search(r"seed=(\d+)", ex06_cell("scoring_game_replay")).group(1))


def test_exercise_06_replays_the_next_seed_the_lesson_search_finds():
    assert ex06_seed() == find_lesson_seed(lesson_seed() + 1), \
        "ex06 Q6 should replay the next seed after the lesson's that passes the documented search"
    assert all(f"seed={ex06_seed()}" in ex06_cell(cell) for cell in EX06_CELLS[::2])


def test_exercise_06_replay_cells_run_without_a_warning():
    """Issue 19: the course's own read-only cells print no warnings (a pandas deprecation, for one)."""
    import warnings
    scope: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for cell in EX06_CELLS:
            exec(compile(ex06_cell(cell), cell, "exec"), scope)


def test_the_numbers_exercise_06_quotes_are_the_replays():
    """ex06 Question 6's mark scheme quotes these replays: keep them in step."""
    scheme = " ".join(ex06_cell("scoring_game_reflection").split())
    seed = ex06_seed()
    sincere, switcher = play_strategy("say what I think", seed), play_strategy("say what I think until low, then endorse", seed)
    endorse, cutter = play_strategy("endorse", seed), play_strategy("endorse, cut low friends", seed)
    # (a) the switcher's fall into the lowest fifth, who cut them off, and the two parts of the score
    first_low = switcher.low_rounds()[0]
    assert first_low == 4 and f"ended round {first_low} in the lowest fifth" in scheme
    fall = switcher.rounds[first_low - 1]
    assert f"a score of about {fall.score:.2f}" in scheme
    early = ", ".join(f"{r.score:.2f}" for r in switcher.rounds[:first_low - 1])
    assert f"no lower than in rounds 1 to {first_low - 1} (about {early})" in scheme
    assert fall.cut_off_by == (1,) and f"Person 1 cut them off that round ({len(fall.friends) + 1} friends to " \
                                      f"{len(fall.friends)})" in scheme
    assert all(r.score >= switcher.rounds[0].score - 0.01 for r in switcher.rounds[:first_low])
    before, after = switcher.rounds[first_low - 1], switcher.rounds[first_low]
    assert after.own_term - before.own_term == pytest.approx((1 - BETA) * W)
    assert f"rose from about {before.own_term:.2f} to about {after.own_term:.2f}" in scheme
    assert (f"(about {before.friends_term:.2f} in round {first_low}, {after.friends_term:.2f} in round "
            f"{first_low + 1}, {switcher.rounds[-1].friends_term:.2f} in round 10)") in scheme
    # (b) what cutting bought and cost
    cut_round = cutter.rounds[0]
    assert cut_round.cut == (3, 27) and "(persons 3 and 27) in round 1" in scheme
    assert f"added about {cut_round.cut_gain:.2f} to that round's score" in scheme
    assert f"(about {cut_round.score:.2f} against {endorse.rounds[0].score:.2f} for \"endorse\")" in scheme
    gap = cutter.rounds[-1].score - endorse.rounds[-1].score
    assert (f"about {gap:.2f} ahead ({cutter.rounds[-1].score:.2f} against {endorse.rounds[-1].score:.2f}) with one "
            f"friend fewer ({len(cutter.rounds[-1].friends)} against {len(endorse.rounds[-1].friends)}: person 4 tied "
            f"to them in round 1)") in scheme
    assert cut_round.joined == (4,) and len(endorse.rounds[-1].friends) - len(cutter.rounds[-1].friends) == 1
    start = {f.person: f for f in replay_scoring_game([], seed).friends()}
    theirs = sorted(start[j].their_change for j in (3, 27))
    assert theirs[0] > 0 and f"(by about {theirs[0]:.2f} to {theirs[1]:.2f})" in scheme
    # (c) the three rows at round 10
    for name, run in [("saying what you think throughout", sincere), ("the switcher", switcher),
                      ("endorsing throughout", endorse)]:
        o = run.outcomes()
        assert f"{name}: about {o['score']:.2f}, {o['friends']} friends, voice {o['voice']}" in scheme, name
