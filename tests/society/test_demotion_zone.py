"""The society's relative cutoff is a league's demotion zone: one function, two tie policies."""
from __future__ import annotations

import numpy as np
import pytest

from utils.engagement.leagues import cohort_outcome, demotion_zone
from utils.society import SocialCreditParams
from utils.society.model import low_scorers


@pytest.mark.parametrize("seed", range(5))
def test_listed_zone_is_the_leagues_demotion(seed):
    rng = np.random.default_rng(seed)
    xp = rng.integers(0, 6, 30).astype(float)      # many ties
    for places in (0, 1, 7, 30):
        assert np.array_equal(demotion_zone(xp, places), cohort_outcome(xp, 0, places) == -1)
        assert demotion_zone(xp, places).sum() == places


@pytest.mark.parametrize("seed", range(5))
def test_shared_zone_never_splits_a_tie_and_matches_its_rank_definition(seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 6, 40) / 5
    for places in (0, 3, 8, 20, 40):
        zone = demotion_zone(values, places, ties="shared")
        at_or_below = (values[None, :] <= values[:, None]).sum(axis=1)   # themselves included
        assert np.array_equal(zone, at_or_below <= places)
        assert zone.sum() <= places
        assert not (set(values[zone]) & set(values[~zone])), "equal scores must be treated alike"


def test_society_relative_cutoff_uses_the_demotion_zone():
    scores = np.random.default_rng(1).random(500)
    params = SocialCreditParams(cutoff_share=0.2)
    assert np.array_equal(low_scorers(scores, params), demotion_zone(scores, 100, ties="shared"))
    assert low_scorers(scores, params).sum() == 100


@pytest.mark.parametrize("kwargs, error, name", [
    (dict(values=[[1, 2]], places=1), ValueError, "values"),
    (dict(values=[1, 2], places=3), ValueError, "places"),
    (dict(values=[1, 2], places=1, ties="random"), ValueError, "ties"),
])
def test_demotion_zone_validates(kwargs, error, name):
    with pytest.raises(error, match=name):
        demotion_zone(**kwargs)


@pytest.mark.parametrize("seed", range(6))
def test_bucketed_selection_equals_partition(seed):
    from utils.core.ranking import kth_lowest as _kth_lowest

    rng = np.random.default_rng(seed)
    cases = [rng.random(20000), np.round(rng.random(8000), 2), 0.3 + 1e-9 * rng.random(6000),
             np.r_[np.zeros(6000), np.ones(500)], rng.normal(50, 20, 7000), np.full(6000, 0.7), rng.random(300)]
    for values in cases:
        for k in (0, 1, values.size // 5, values.size // 2, values.size - 1):
            assert _kth_lowest(values, k) == np.partition(values, k)[k]
