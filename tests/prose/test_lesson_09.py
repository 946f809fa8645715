"""Every number lesson 09 quotes from the capstone's model runs is recomputed here.

The lesson compares its fairer rule with the default rule over 10 seeds (a new 300-person small
world per seed), with and without stigma, and with a kinder use of the score. Each test reruns
those comparisons, formats the number as the prose does and asserts that it appears in the
notebook's markdown. Runs are made once per module.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from support import ROOT
from utils import SocialCreditParams, compare_rules, replay

NOTEBOOK = ROOT / "lessons" / "09_fairer_scoring.ipynb"
SEEDS = range(10)
MEASURES = ["agency", "score_gini", "isolated_share", "falsification_rate"]
DEFAULT, STEADY = "peer averaging (default)", "steady (λ = 0.5)"


def steady(u, peer, s):
    return 0.5 * u + 0.5 * s


def over_seeds(params):
    tables = pd.concat([compare_rules({STEADY: steady}, kind="small world", n=300, params=params, steps=200,
                                      seed=s).table[MEASURES] for s in SEEDS], keys=list(SEEDS))
    return tables.groupby(level=1)


@pytest.fixture(scope="module")
def runs():
    everyone = SocialCreditParams(initial_enrolment=1.0)
    return {"none": over_seeds(everyone), "stigma": over_seeds(everyone.replace(stigma=0.5)),
            "kinder": over_seeds(everyone.replace(endorsement_weight=0.0, exclusion_rate=0.0))}


def test_the_lesson_uses_the_seeds_these_tests_use(setup):
    assert "SEEDS = range(10)" in setup, "the setup cell's seeds changed: update SEEDS here and recheck the prose"


def test_memory_half_recovers_inside_the_window(prose):
    record = np.full(30, 0.8)
    wrong = record.copy()
    wrong[5:8] = 0.0
    gap = replay(steady, record) - replay(steady, wrong)
    first_small = int(np.argmax((np.arange(30) >= 8) & (np.abs(gap) < 0.01)))
    assert f"the gap is below 0.01 by step {first_small}" in prose and first_small - 8 < 10


def test_with_no_stigma_the_fairer_rule_ends_exclusion(prose, runs):
    mean, lo, hi = runs["none"].mean(), runs["none"].quantile(0.05), runs["none"].quantile(0.95)
    assert f"about {100 * mean.loc[DEFAULT, 'isolated_share']:.1f}% of people end up with no ties" in prose
    assert (f"between {100 * lo.loc[DEFAULT, 'isolated_share']:.0f}% and "
            f"{100 * hi.loc[DEFAULT, 'isolated_share']:.0f}%") in prose
    assert mean.loc[STEADY, "isolated_share"] == 0, "the prose says nobody is cut off under steady"
    f = {rule: (100 * mean.loc[rule, "falsification_rate"], 100 * lo.loc[rule, "falsification_rate"],
                100 * hi.loc[rule, "falsification_rate"]) for rule in (DEFAULT, STEADY)}
    assert (f"from about {f[DEFAULT][0]:.0f}% ({f[DEFAULT][1]:.0f}% to {f[DEFAULT][2]:.0f}% of seeds' middle 90%) "
            f"to about {f[STEADY][0]:.0f}% ({f[STEADY][1]:.0f}% to {f[STEADY][2]:.0f}%)") in prose
    assert (f"({mean.loc[DEFAULT, 'score_gini']:.2f} against {mean.loc[STEADY, 'score_gini']:.2f} with no "
            f"stigma)") in prose


def test_with_stigma_it_does_not(prose, runs):
    mean, lo, hi = runs["stigma"].mean(), runs["stigma"].quantile(0.05), runs["stigma"].quantile(0.95)
    iso = [100 * t.loc[STEADY, "isolated_share"] for t in (mean, lo, hi)]
    fal = [100 * t.loc[STEADY, "falsification_rate"] for t in (mean, lo, hi)]
    assert f"About {iso[0]:.0f}% are cut off under `steady` as well ({iso[1]:.0f}% to {iso[2]:.0f}%)" in prose
    assert f"falsification stays at about {fal[0]:.0f}% ({fal[1]:.0f}% to {fal[2]:.0f}%)" in prose
    assert mean.loc[STEADY, "agency"] > 0.99 and runs["none"].mean().loc[STEADY, "agency"] > 0.99


def test_a_kinder_use_of_the_score(prose, runs):
    mean, lo, hi = runs["kinder"].mean(), runs["kinder"].quantile(0.05), runs["kinder"].quantile(0.95)
    assert (mean["isolated_share"] == 0).all()
    assert (f"({100 * lo.loc[STEADY, 'falsification_rate']:.0f}% to {100 * hi.loc[STEADY, 'falsification_rate']:.0f}% "
            f"of seeds' middle 90%)") in prose
    assert abs(mean.loc[DEFAULT, "falsification_rate"] - mean.loc[STEADY, "falsification_rate"]) < 0.005
    assert f"falsification falls to about {100 * mean.loc[STEADY, 'falsification_rate']:.0f}% under either rule" in prose
