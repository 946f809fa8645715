"""Every number lesson 09 quotes from the toy society is recomputed here.

The lesson runs five scoring rules (the default, its fairer rule ``steady`` and three rules of
issue 20's table that read friends only sometimes or rank people) on a new 300-person small world
per seed, seeds 0-9, everyone enrolled, 200 steps, without stigma and with κ = 0.5. A single rule's
result is a mean over the seeds with a 90% confidence interval for that mean (``mean_interval``);
a comparison of two rules is the mean paired difference over the shared seeds with a 90%
confidence interval (``paired_difference``); the prose says which. Each test reruns the model as
the lesson does, formats the number as the prose prints it and asserts that it appears in the
notebook's markdown. The runs are made once per module.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest

from support import ROOT
from utils import CUT_GAIN_RULES, SocialCreditParams, build_network, paired_difference, replay, replicate, simulate
from utils.society.model import behaviour_weight

NOTEBOOK = ROOT / "lessons" / "09_fairer_scoring.ipynb"
SEEDS = range(10)
MEASURES = ["isolated_share", "falsification_rate", "agency", "score_gini"]
EVERYONE = SocialCreditParams(initial_enrolment=1.0)


def steady(u, peer, s):
    return 0.5 * u + 0.5 * s


RULES = {"default": None, "steady": steady, "thresholded average": CUT_GAIN_RULES["thresholded average"],
         "any friend below 0.2": CUT_GAIN_RULES["any friend below 0.2"], "rank with friends": CUT_GAIN_RULES["rank"]}


@lru_cache(maxsize=None)
def over_seeds(name: str, kappa: float = 0.0, kinder: bool = False):
    """The lesson's ``over_seeds(rule, params)``: each measure after 200 steps, and where cutting pays at step 1."""
    params = EVERYONE.replace(stigma=kappa)
    if kinder:
        params = params.replace(endorsement_weight=0.0, exclusion_rate=0.0)
    measures = {m: (lambda run, m=m: run.metrics[m].iloc[-1]) for m in MEASURES}
    measures["cutting pays"] = lambda run: run.metrics["cut_pays"].iloc[1]
    return replicate(lambda seed: simulate(build_network("small world", n=300, seed=seed), params, 200, seed=seed,
                                           score_rule=RULES[name], keep_history=False), measures, seeds=SEEDS)


def pct(x: float) -> str:
    return f"{100 * x:.1f}%".replace("-", "−")


def num(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}".replace("-", "−")


def cut_off(name: str, kappa: float = 0.0) -> str:
    """'0.8% (0.0% to 1.6%)': the mean share cut off with its 90% confidence interval for the mean."""
    low, high = over_seeds(name, kappa).mean_interval("isolated_share")
    return f"{pct(over_seeds(name, kappa)['isolated_share']['mean'])} ({pct(low)} to {pct(high)})"


def pays(name: str) -> str:
    return f"{100 * over_seeds(name)['cutting pays']['mean']:.0f}%"


def test_the_lesson_uses_the_seeds_these_tests_use(setup, cells):
    assert "SEEDS = range(10)" in setup, "the setup cell's seeds changed: update SEEDS here and recheck the prose"
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    for name in RULES:
        assert f'"{name}"' in code, f"the lesson no longer runs the rule {name!r} these tests rerun"
    assert "build_network(\"small world\", n=300, seed=seed), params, 200" in code, "the lesson's runs changed"


def test_memory_half_recovers_inside_the_window(prose):
    record = np.full(30, 0.8)
    wrong = record.copy()
    wrong[5:8] = 0.0
    gap = replay(steady, record) - replay(steady, wrong)
    first_small = int(np.argmax((np.arange(30) >= 8) & (np.abs(gap) < 0.01)))
    assert f"the gap is below 0.01 by step {first_small}" in prose and first_small - 8 < 10


def test_a_rule_under_which_cutting_never_pays_cuts_nothing_without_stigma(prose):
    never = over_seeds("steady")
    assert never["cutting pays"]["mean"] == 0 and (never.values["isolated_share"] == 0).all(), (
        "the prose says steady cuts no ties by construction with κ = 0")
    assert "it cuts no ties *by construction*" in prose


def test_where_cutting_pays_only_some_exclusion_is_small(prose):
    assert (f"the thresholded average pays {pays('thresholded average')} of would-be cutters, and it cuts off "
            f"{cut_off('thresholded average')}") in prose
    assert f"any friend below 0.2 pays {pays('any friend below 0.2')} and cuts off {cut_off('any friend below 0.2')}" in prose
    assert f"The default rule pays {pays('default')} and cuts off {cut_off('default')}" in prose
    for name in ("thresholded average", "any friend below 0.2"):
        assert over_seeds(name).mean_interval("isolated_share")[1] < over_seeds("default").mean_interval(
            "isolated_share")[0], f"{name} should cut off clearly fewer than the default rule"


def test_where_cutting_pays_nearly_all_exclusion_is_large(prose):
    assert over_seeds("rank with friends")["cutting pays"]["mean"] > 0.9
    assert f"the rank with friends cuts off {cut_off('rank with friends')}" in prose


def test_stigma_excludes_under_every_rule(prose):
    shares = [over_seeds(name, 0.5)["isolated_share"]["mean"] for name in RULES]
    assert min(shares) > 0.15, "with κ = 0.5 every rule should cut people off"
    assert f"under every rule**, {pct(min(shares))} to {pct(max(shares))}" in prose
    diff = paired_difference(over_seeds("default", 0.5), over_seeds("steady", 0.5), "isolated_share")
    assert (f"cuts off only {100 * diff.mean:.1f} points more than `steady` (mean paired difference over the "
            f"shared seeds, 90% interval {100 * diff.low:.1f} to {100 * diff.high:.1f})") in prose


def test_falsification_splits_the_same_way(prose):
    none = paired_difference(over_seeds("default"), over_seeds("steady"), "falsification_rate")
    stigma = paired_difference(over_seeds("default", 0.5), over_seeds("steady", 0.5), "falsification_rate")
    assert none.low > 0 and stigma.low < 0 < stigma.high
    assert (f"without stigma `steady` lowers it by {num(100 * none.mean)} points (90% confidence interval for the mean paired "
            f"difference {num(100 * none.low)} to {num(100 * none.high)})") in prose
    assert f"with stigma by {num(100 * stigma.mean)} ({num(100 * stigma.low)} to {num(100 * stigma.high)})" in prose


def test_a_kinder_use_of_the_score(prose):
    default, fair = over_seeds("default", kinder=True), over_seeds("steady", kinder=True)
    assert (default.values["isolated_share"] == 0).all() and (fair.values["isolated_share"] == 0).all()
    assert np.allclose(default.values["falsification_rate"], fair.values["falsification_rate"])
    low, high = fair.mean_interval("falsification_rate")
    assert (f"falsification falls to {pct(fair['falsification_rate']['mean'])} under either rule "
            f"(90% confidence interval for the mean {pct(low)} to {pct(high)})") in prose


def test_going_further_agency_and_equality(prose):
    agency = paired_difference(over_seeds("default"), over_seeds("steady"), "agency")
    gini = paired_difference(over_seeds("default"), over_seeds("steady"), "score_gini")
    assert over_seeds("steady").values["agency"].min() > 0.99, "the prose says agency is above 0.99 under steady"
    assert "is nearly 1 under `steady` (above 0.99 in every seed)" in prose
    assert (f"the default rule's is {-agency.mean:.3f} lower (mean paired difference, 90% interval "
            f"{-agency.high:.3f} to {-agency.low:.3f})") in prose
    assert f"higher under `steady`, by {-gini.mean:.3f} ({-gini.high:.3f} to {-gini.low:.3f})" in prose


def test_both_rules_have_the_same_behaviour_weight(prose):
    u, s = np.random.default_rng(0).random((2, 300))
    lam_steady = behaviour_weight(steady, u, s, s, steady(u, s, s), EVERYONE)
    lam_default = behaviour_weight(None, None, None, None, None, EVERYONE)
    assert lam_steady == pytest.approx(0.5) and lam_default == pytest.approx(0.5)
    assert "Both rules have λ = 0.5" in prose
