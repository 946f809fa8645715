"""The late policy (grader/late.py): a share per started day, rounded to the cent, in the real export."""
from __future__ import annotations

import csv
import re

import pytest

from grader.late import LatePenaltyPerDay, late_penalty
from support import WARMUP, cell_by_id, make_course, run_nbgrader, solved_copy, submit, warmup_notebooks

DAY = 86_400
CENTS = re.compile(r"\d+(\.\d{1,2})?")


@pytest.mark.parametrize("score, seconds, want", [
    (3.0, 1, 0.3),            # 3 * 0.1 is 0.30000000000000004 before rounding
    (14.0, DAY + 1, 2.8),     # two started days
    (14.0, 1, 1.4),           # 1.4000000000000001 before rounding
    (1.0, 9 * DAY, 0.9),
    (5.0, 0, 0.0),
    (5.0, 11 * DAY, 5.0),     # never more than the score
    (10.0 / 3, 1, 0.33),      # partial credit
])
def test_penalty_per_started_day_rounded_to_the_cent(score, seconds, want):
    got = late_penalty(score, seconds)
    assert got == want and CENTS.fullmatch(repr(got)), got
    assert 0 <= got <= score


@pytest.mark.parametrize("kwargs, name", [({"score": -1, "seconds_late": 0}, "score"),
                                          ({"score": 1, "seconds_late": -5}, "seconds_late"),
                                          ({"score": 1, "seconds_late": 0, "fraction_per_day": 1.5}, "fraction_per_day")])
def test_bad_arguments_name_themselves(kwargs, name):
    with pytest.raises(ValueError, match=name):
        late_penalty(**kwargs)


def test_plugin_uses_the_configured_rate():
    assert LatePenaltyPerDay(fraction_per_day=0.25).late_submission_penalty("s", 3.0, 1) == 0.75


@pytest.mark.nbgrader
def test_exported_penalty_is_rounded_to_the_cent(tmp_path):
    """A submission one hour late whose score times 0.1 has a floating-point tail (3 points today:
    3 * 0.1 = 0.30000000000000004): the CSV holds the penalty and the score to the cent."""
    course = make_course(tmp_path)
    run_nbgrader(["db", "assignment", "add", WARMUP, "--duedate=2026-03-06 17:00:00 UTC"], course)
    run_nbgrader(["generate_assignment", WARMUP, "--force"], course)
    source, release = warmup_notebooks(course)
    nb = solved_copy(release, source)  # a wrong streak answer loses its tests' points
    cell_by_id(nb, "current_streak").source = "def current_streak(days):\n    return sum(1 for d in days if d)\n"
    submit(course, "late", WARMUP, {f"{WARMUP}.ipynb": nb})
    (course / "submitted" / "late" / WARMUP / "timestamp.txt").write_text("2026-03-06 18:00:00 UTC\n")
    run_nbgrader(["autograde", WARMUP, "--force"], course)
    run_nbgrader(["export", "--to", "grades.csv"], course)
    row = next(csv.DictReader((course / "grades.csv").open()))
    raw = float(row["raw_score"])
    assert 0 < raw < 5 and repr(raw * 0.1) != repr(round(raw * 0.1, 2)), f"pick a score with a tail: {row}"
    assert CENTS.fullmatch(row["late_submission_penalty"]) and CENTS.fullmatch(row["score"]), row
    assert float(row["late_submission_penalty"]) == round(raw * 0.1, 2), row
