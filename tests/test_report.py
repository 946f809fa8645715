"""The item-analysis report (``python3 course.py report``, grader/report.py) on a graded mixed class.

One private course: the warm-up's mixed class (tests/support.py: solutions, blank, every wrong and
alternative answer, edited and deleted test cells, hostile code) graded by nbgrader, two students
given names in the gradebook. The report's shares must equal what the gradebook holds, its failure
messages must name what the wrong answers broke, its figure must be offline and labelled, and no
student name or id may reach the HTML unless ``--names`` is given.
"""
from __future__ import annotations

import csv
import subprocess
import sys

import nbformat
import pytest

from support import (DUE, ROOT, WARMUP, autograded_test_cells, gradebook_rows, make_course, mixed_class,
                     run_nbgrader)

pytestmark = pytest.mark.classscale
NAMED = {"solved": ("Augusta", "Lovelace"), "blank": ("Grace", "Hopperworth")}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("report"))
    for student, (first, last) in NAMED.items():
        run_nbgrader(["db", "student", "add", student, f"--first-name={first}", f"--last-name={last}"], course)
    run_nbgrader(["db", "assignment", "add", WARMUP, f"--duedate={DUE}"], course)
    run_nbgrader(["generate_assignment", WARMUP, "--force"], course)
    students = mixed_class(course, WARMUP, hostile=False)
    run_nbgrader(["autograde", WARMUP, "--force", "--Execute.timeout=10"], course)
    return course, students


def report(course, *extra):
    done = subprocess.run([sys.executable, "-m", "grader.report", WARMUP, "--course", str(course), *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return course / "build" / "reports" / WARMUP


def test_cell_shares_match_the_gradebook(graded):
    course, students = graded
    out = report(course)
    rows = {r["cell"]: r for r in csv.DictReader((out / "cells.csv").open())}
    book = gradebook_rows(f"sqlite:///{course / 'gradebook.db'}", WARMUP)
    source = nbformat.read(ROOT / "solutions" / WARMUP / f"{WARMUP}.ipynb", as_version=4)
    tests = autograded_test_cells(source)
    assert set(tests) < set(rows) and all(rows[c]["kind"] == "autograded" for c in tests)
    for cell, points in tests.items():
        scores = [book[s]["cells"][cell][0] for s in students]
        assert int(rows[cell]["graded"]) == len(students)
        assert float(rows[cell]["share_full"]) == pytest.approx(sum(v == points for v in scores) / len(scores), abs=1e-4)
        assert float(rows[cell]["share_zero"]) == pytest.approx(sum(v == 0 for v in scores) / len(scores), abs=1e-4)
    manual = [r for r in rows.values() if r["kind"] == "manual"]
    assert manual and all(int(r["unmarked"]) == len(students) and r["share_full"] == "" for r in manual)
    scores = {r["student_id"]: float(r["score"]) for r in csv.DictReader((out / "scores.csv").open())}
    assert scores == {s: book[s]["score"] for s in students}


def test_failure_messages_name_what_broke(graded):
    """Each test cell a wrong answer breaks lists that failure, counted once per student who got it."""
    course, _ = graded
    out = report(course)
    rows = {r["cell"]: r for r in csv.DictReader((out / "cells.csv").open())}
    page = (out / "index.html").read_text()
    broken = [r for r in rows.values() if r["kind"] == "autograded" and int(r["failure_count"]) > 0]
    assert len(broken) >= 3, rows
    for row in broken:
        assert row["most_common_failure"].split(":")[0].endswith(("Error", "Exception")), row
        assert int(row["failure_count"]) <= int(row["graded"]) * (1 - float(row["share_full"])) + 1e-9, row
    assert "Why autograded cells failed" in page and "NotImplementedError" in page  # the blank release


def test_figure_is_offline_labelled_and_described(graded):
    course, students = graded
    out = report(course)
    page = (out / "index.html").read_text()
    assert '<script src="plotly.min.js"></script>' in page and (out / "plotly.min.js").stat().st_size > 1_000_000
    assert "https://cdn" not in page and "http://" not in page.replace("http://www.w3.org", "")
    assert "total scores of the class" in page and "Total score (points, out of" in page and "Students (count)" in page
    assert f"<figcaption>{len(students)} students; median score" in page
    assert '<html lang="en">' in page and "<caption>The same distribution as numbers</caption>" in page


def test_no_names_unless_asked(graded):
    course, students = graded
    page = (report(course) / "index.html").read_text()
    identities = [part for names in NAMED.values() for part in names] + [s for s in students if "-" in s]
    assert not [who for who in identities if who in page], "a student's name or id reached the page"
    named = (report(course, "--names") / "index.html").read_text()
    assert all(f"{first} {last}" in named for first, last in NAMED.values())
    assert all(f"<td>{s}</td>" in named for s in students)


def test_unknown_exercise_is_a_clear_error(graded):
    course, _ = graded
    done = subprocess.run([sys.executable, "-m", "grader.report", "ex99_missing", "--course", str(course)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and "ex99_missing is not in the gradebook" in done.stderr
