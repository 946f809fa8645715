"""Leagues: presets from the reference, zones, effort by rank, a season's dynamics."""
import numpy as np
import pytest

from utils.engagement.leagues import (LEAGUE_NAMES, LEAGUE_PRESETS, LeagueRules, cohort_outcome, effort_by_rank,
                           league_rules, simulate_leagues)


def test_presets_follow_the_reference():
    assert len(LEAGUE_NAMES) == 10 and LEAGUE_NAMES[0] == "Bronze" and LEAGUE_NAMES[-1] == "Diamond"
    older, later = LEAGUE_PRESETS["older"], LEAGUE_PRESETS["later"]
    assert older.cohort_size == 50 and older.zones("Gold") == (10, 10)
    assert later.cohort_size == 30
    assert [later.zones(n)[0] for n in LEAGUE_NAMES] == [20, 15, 10, 7, 7, 7, 7, 7, 5, 0]
    # places 24-30 demoted: 7 places, everywhere but the bottom league
    assert [later.zones(n)[1] for n in LEAGUE_NAMES] == [0] + [7] * 9


def test_cohort_outcome_hand_case():
    xp = [5, 90, 40, 70, 10, 60]
    assert cohort_outcome(xp, 2, 2).tolist() == [-1, 1, 0, 1, -1, 0]
    assert cohort_outcome(xp, 0, 0).tolist() == [0] * 6


def test_effort_peaks_at_the_zone_boundaries():
    e = effort_by_rank(30, 7, 7, boost=1.0, width=2.0)
    peaks = set(np.flatnonzero(e == e.max()))
    assert peaks == {6, 7, 22, 23}
    assert np.allclose(effort_by_rank(30, 0, 0), 1.0)
    assert np.allclose(effort_by_rank(30, 7, 7, boost=0), 1.0)


def test_season_conserves_learners_and_moves_at_most_one_league_a_week():
    res = simulate_leagues(900, 5, rules="later", seed=1)
    assert res.league.shape == (6, 900)
    assert np.all(np.abs(np.diff(res.league, axis=0)) <= 1)
    assert res.occupancy().sum() == pytest.approx(1.0)
    # week 1: everyone starts in Bronze, where 20 of each full cohort of 30 are promoted
    assert (res.league[1] == 1).mean() == pytest.approx(20 / 30, abs=0.02)


def test_leagues_sort_learners_by_ability():
    res = simulate_leagues(2000, 10, rules="older", seed=3)
    assert np.corrcoef(res.ability, res.league[-1])[0, 1] > 0.5


def test_effort_by_final_rank_is_higher_near_boundaries_than_in_the_middle():
    res = simulate_leagues(3000, 6, rules=league_rules(30, 7, 7), boost=2.0, seed=2)
    middle = res.effort_rank[13:17].mean()
    # the promotion boundary exists in every league but the top one; the demotion
    # boundary is missing in Bronze, where everyone starts, so only the first is tested
    assert res.effort_rank[6:8].mean() > middle + 0.5
    assert res.effort_rank[0] < res.effort_rank[6]


def test_reproducible():
    a = simulate_leagues(500, 3, seed=9)
    b = simulate_leagues(500, 3, seed=9)
    assert np.array_equal(a.league, b.league)


@pytest.mark.parametrize("call, name", [
    (lambda: league_rules(1, 0, 0), "cohort_size"),
    (lambda: effort_by_rank(10, 6, 6), "promote"),
    (lambda: effort_by_rank(10, 2, 2, width=0), "width"),
    (lambda: cohort_outcome([1, 2], 3, 0), "promote"),
    (lambda: simulate_leagues(100, 2, rules="newest"), "rules"),
    (lambda: simulate_leagues(100, 0), "weeks"),
    (lambda: simulate_leagues(100, 2, boost=-1), "boost"),
    (lambda: LeagueRules(("A", "B"), 10, promote=(3, 1), demote=(0, 3)), "top league"),
])
def test_validation_errors_name_the_argument(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()
