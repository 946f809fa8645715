"""Every number lesson 05 computes and quotes is recomputed here (the sourced facts are checked by
tests/test_case_study.py, which ties each [n] to the lesson's list of sources).

Lesson 05 has no random process; its numbers come from the invented toy scorer and the perk
ladder. Each test recomputes the number, formats it as the prose does and asserts that it appears
in the notebook's markdown, so prose and code cannot drift apart.
"""
from __future__ import annotations

import re

import numpy as np

from support import ROOT
from utils import PERK_THRESHOLDS, SESAME_RANGE

NOTEBOOK = ROOT / "lessons" / "05_sesame_credit.ipynb"

PEOPLE = {"steady repayer": [0.9, 0.4, 0.6, 0.8, 0.3], "big spender": [0.5, 0.9, 0.8, 0.8, 0.9]}
WEIGHTINGS = {"repayment first": [5, 1, 3, 1, 0.5], "lifestyle first": [1, 4, 2, 1, 2]}


def toy_score(ratings, weights):
    low, high = SESAME_RANGE
    return low + (high - low) * float(np.dot(ratings, weights)) / float(np.sum(weights))


def test_the_lesson_scores_the_people_these_tests_score(cells):
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    for name, ratings in PEOPLE.items():
        assert re.search(rf'"{name}":\s*{re.escape(str(ratings))}', code), f"the ratings of {name!r} changed"
    for name, weights in WEIGHTINGS.items():
        assert re.search(rf'"{name}":\s*{re.escape(str(weights))}', code), f"the weighting {name!r} changed"


def test_the_order_flips_between_the_two_weightings(prose):
    scores = {w: {p: round(toy_score(r, wt)) for p, r in PEOPLE.items()} for w, wt in WEIGHTINGS.items()}
    first, second = scores["repayment first"], scores["lifestyle first"]
    assert first["steady repayer"] > first["big spender"] and second["steady repayer"] < second["big spender"]
    assert f"({first['steady repayer']} against {first['big spender']})" in prose
    assert f"({second['steady repayer']} against {second['big spender']})" in prose


def test_the_example_score_on_the_perk_ladder(prose):
    thresholds = [t for t, *_ in PERK_THRESHOLDS]
    reached = sum(t <= 700 for t in thresholds)
    assert "an example score of 700, which reaches two" in prose and reached == 2
    assert f"Everything from {SESAME_RANGE[0]} to {min(thresholds) - 1} carries none of them" in prose
    assert "split at " + ", ".join(map(str, thresholds[:-1])) + f" and {thresholds[-1]}" in prose
