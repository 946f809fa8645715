"""The capstone's fairness checks (utils/capstone/): each accepts a fair rule and rejects an unfair one.

Known rules: ``own`` (the score is this step's conduct), ``steady`` (half conduct, half
own last score) are fair; the model's default peer averaging, a blacklist, a ratchet, a
running total, an inverted score and an unbounded one each break one property.
"""
from __future__ import annotations

import numpy as np
import pytest

from utils import (COMPARISON_MEASURES, DEFAULT_RULE_NAME, PALETTE, SocialCreditParams, Verdict, capstone_dashboard,
                   check_bounded, check_error_recovery, check_monotone, check_no_guilt_by_association, check_rule,
                   check_tracks_conduct, compare_rules, peer_averaging_rule)


def own(u, peer, s):
    return u


def steady(u, peer, s):
    return 0.5 * u + 0.5 * s


def ranked(u, peer, s):  # relative: your score is your rank in conduct
    return (np.argsort(np.argsort(u)) + 0.5) / u.size


UNFAIR = {
    "unbounded": lambda u, peer, s: u + 0.1,
    "nan": lambda u, peer, s: np.where(u > 0.9, np.nan, u),
    "inverted": lambda u, peer, s: 1 - u,
    "too good": lambda u, peer, s: 1 - np.abs(u - 0.6),
    "peer averaging": peer_averaging_rule(0.5),
    "a little peer": lambda u, peer, s: 0.99 * u + 0.01 * peer,
    "everyone's mean": lambda u, peer, s: 0.8 * u + 0.2 * s.mean(),
    "blacklist": lambda u, peer, s: np.where((u < 0.2) | (s == 0), 0.0, u),
    "ratchet": lambda u, peer, s: np.minimum(s, u),
    "running total": lambda u, peer, s: np.clip(s + 0.1 * (u - 0.5), 0, 1),
    "long memory": lambda u, peer, s: 0.1 * u + 0.9 * s,
    "constant": lambda u, peer, s: np.full_like(u, 0.5),
}
CHECKS = {
    "bounded": check_bounded,
    "monotone": check_monotone,
    "no guilt": check_no_guilt_by_association,
    "recovers from errors": check_error_recovery,
    "tracks": check_tracks_conduct,
}
# which check each unfair rule must fail
FAILS = {
    "unbounded": "bounded", "nan": "bounded", "inverted": "monotone", "too good": "monotone",
    "peer averaging": "no guilt", "a little peer": "no guilt", "everyone's mean": "no guilt",
    "blacklist": "recovers from errors", "ratchet": "recovers from errors", "running total": "recovers from errors",
    "long memory": "recovers from errors", "constant": "tracks",
}


@pytest.mark.parametrize("check", list(CHECKS))
@pytest.mark.parametrize("rule", [own, steady], ids=["own", "steady"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fair_rules_pass_every_check(check, rule, seed):
    verdict = CHECKS[check](rule, seed=seed)
    assert isinstance(verdict, Verdict)
    assert verdict.passed and bool(verdict), str(verdict)
    assert verdict.counterexample is None


@pytest.mark.parametrize("name", list(FAILS))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_unfair_rules_fail_their_check_with_a_counterexample(name, seed):
    verdict = CHECKS[FAILS[name]](UNFAIR[name], seed=seed)
    assert not verdict.passed and not bool(verdict), f"{name} should fail {FAILS[name]}"
    assert verdict.counterexample, "a failed check names a counterexample"
    assert str(verdict).startswith("FAIL"), str(verdict)


@pytest.mark.parametrize("name", [n for n in FAILS if FAILS[n] != "tracks"])
def test_unfair_rules_pass_the_checks_they_do_not_break(name):
    """Each unfair rule breaks one property (or two), so a checker never blames the wrong one."""
    others = {"inverted": {"tracks"}, "too good": {"tracks"}, "ratchet": {"tracks"}, "peer averaging": set(), "nan": {"tracks", "recovers from errors"}}
    for check, fn in CHECKS.items():
        if check == FAILS[name] or check in others.get(name, set()):
            continue
        assert fn(UNFAIR[name], seed=0).passed, f"{name} should pass {check}: {fn(UNFAIR[name], seed=0)}"


def test_default_rule_fails_only_guilt_by_association():
    report = check_rule(peer_averaging_rule(0.5), seed=3)
    failed = [v.name for v in report.verdicts if not v.passed]
    assert failed == ["no guilt by association"], str(report)
    assert not report.passed
    assert report.table().loc["no guilt by association", "passed"] is np.False_ or \
        not report.table().loc["no guilt by association", "passed"]
    with pytest.raises(KeyError):
        report["fairness"]


def test_rank_rule_is_monotone_because_people_are_probed_one_at_a_time():
    assert check_monotone(ranked, seed=0).passed
    assert check_no_guilt_by_association(ranked, seed=0).passed


def test_counterexamples_reproduce():
    rule = UNFAIR["unbounded"]
    ce = check_bounded(rule, seed=4).counterexample
    score = rule(np.array([ce["u"]]), np.array([ce["peer"]]), np.array([ce["s"]]))[0]
    assert score == pytest.approx(ce["new score"]) and score > 1
    ce = check_no_guilt_by_association(peer_averaging_rule(0.5), seed=4).counterexample
    assert ce["score before"] != pytest.approx(ce["score after"])
    assert ce["score after"] == pytest.approx(0.5 * ce["u"] + 0.5 * ce["peer after"])


def test_window_and_tolerance_set_how_fast_errors_must_fade():
    long_memory = UNFAIR["long memory"]  # a corrected error shrinks by 0.9 a step
    assert not check_error_recovery(long_memory, seed=0, window=10).passed
    assert check_error_recovery(long_memory, seed=0, window=60).passed
    assert not check_error_recovery(steady, seed=0, window=1, tolerance=0.001).passed
    assert check_error_recovery(own, seed=0, window=1, tolerance=0).passed


def test_seeds_reproduce():
    for check in CHECKS.values():
        assert str(check(UNFAIR["peer averaging"], seed=7)) == str(check(UNFAIR["peer averaging"], seed=7))
    a = check_error_recovery(UNFAIR["blacklist"], seed=1)
    b = check_error_recovery(UNFAIR["blacklist"], seed=np.random.default_rng(1))
    assert str(a) == str(b)


@pytest.mark.parametrize("bad", [
    lambda u, peer, s: 0.5,                       # a number, not one score per person
    lambda u, peer, s: u[:-1],                    # wrong length
    lambda u, peer, s: u["x"],                    # raises
    lambda u, peer, s: "high",                    # not numbers
], ids=["scalar", "short", "raises", "text"])
def test_broken_rules_fail_every_check_without_crashing(bad):
    report = check_rule(bad, seed=0)
    assert not any(v.passed for v in report.verdicts)
    assert all("Could not check" in v.message for v in report.verdicts), str(report)


def test_a_rule_that_edits_its_inputs_cannot_fool_the_checks():
    def sneaky(u, peer, s):
        peer[:] = 0.0
        s[:] = 0.0
        return u
    assert check_rule(sneaky, seed=0).passed


def test_arguments_are_validated():
    with pytest.raises(TypeError, match="rule"):
        check_bounded("not a rule")
    with pytest.raises(ValueError, match="window"):
        check_error_recovery(own, window=0)
    with pytest.raises(ValueError, match="tolerance"):
        check_error_recovery(own, tolerance=2)
    with pytest.raises(ValueError, match="min_gap"):
        check_tracks_conduct(own, min_gap=-1)
    with pytest.raises(ValueError, match="peer_weight"):
        peer_averaging_rule(1.5)
    with pytest.raises(TypeError, match="rules"):
        compare_rules(42)
    with pytest.raises(TypeError, match="rules"):
        compare_rules({"x": 1})


def test_compare_rules_same_start_only_rule_differs():
    params = SocialCreditParams(initial_enrolment=1.0)
    result = compare_rules({"own": own, "steady": steady}, kind="karate club", params=params, steps=40, seed=2)
    assert list(result.table.index) == [DEFAULT_RULE_NAME, "own", "steady"]
    assert set(COMPARISON_MEASURES) <= set(result.table.columns)
    starts = [run.initial.score for run in result.runs.values()]
    assert all(np.array_equal(starts[0], s) for s in starts)
    assert result.table.loc["own", "agency"] == pytest.approx(1.0)
    assert result.table.loc[DEFAULT_RULE_NAME, "agency"] < 1.0
    single = compare_rules(own, kind="karate club", params=params, steps=40, seed=2)
    assert list(single.table.index) == [DEFAULT_RULE_NAME, "own"]


def test_comparison_figures_are_labelled_and_colour_blind_safe():
    result = compare_rules({"own": own}, kind="karate club", steps=20, seed=0)
    for fig in (result.figure(), result.over_time("isolated_share")):
        assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
        assert "(" in fig.layout.yaxis.title.text, "the y axis states its units or range"
        assert [t.name for t in fig.data] == [DEFAULT_RULE_NAME, "own"]
    bars = result.figure()
    assert [t.marker.color for t in bars.data] == list(PALETTE[:2])


def test_dashboard_swaps_rules_and_moves_beta():
    board = capstone_dashboard({"own": own, "blacklist": UNFAIR["blacklist"]}, kind="karate club", steps=30, seed=2016)
    assert board.last_error is None, board.last_error
    before = list(board.figures[0].data[0].y)
    board.set(peer_weight=0.9)
    assert board.last_error is None and list(board.figures[0].data[0].y) != before
    board.set(rule="blacklist")
    assert board.last_error is None and board.figures[0].data[1].name == "blacklist"
    assert "compare_rules" in board.code()


def test_replay_follows_the_rule_step_by_step():
    from utils import replay
    record = np.array([0.8, 0.0, 0.8, 0.8])
    assert replay(own, record).tolist() == record.tolist()
    memory = replay(steady, record, start=0.8)
    assert memory.tolist() == pytest.approx([0.8, 0.4, 0.6, 0.7])
    both = replay(steady, np.column_stack([record, record]), start=0.8)
    assert both.shape == (4, 2) and np.allclose(both[:, 0], memory)
    with pytest.raises(ValueError, match="record"):
        replay(own, [0.5, 2.0])
    with pytest.raises(ValueError, match="step 0"):
        replay(lambda u, peer, s: 0.5, [0.5])


def test_a_rule_that_reads_friends_one_by_one_is_checked_on_a_network():
    """"Halve my score if any friend is below 0.2" reads other people's scores: guilt by association."""
    from utils.capstone.compare import any_friend_below

    report = check_rule(any_friend_below, seed=1)
    assert report["bounded"] and report["monotone in own conduct"] and report["tracks conduct"]
    verdict = report["no guilt by association"]
    assert not verdict and "Other people's scores changed" in verdict.message


def test_a_rule_returning_text_cannot_be_checked_and_says_why():
    verdict = check_bounded(lambda u, peer, s: np.where(u > 0.5, "high", "low"), seed=1)
    assert not verdict and "must return numbers" in verdict.message
