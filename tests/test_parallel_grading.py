"""Parallel autograding (``python3 course.py autograde``, grader/pool.py) gives exactly the serial grades.

One mixed class of the warm-up (solutions on time and late, the blank release, every wrong and
alternative answer, an edited and a deleted test cell, an infinite loop, an import error, a long
output line and, where kernels can be isolated, a memory and a fork bomb) is graded twice in two
private courses with SQLite gradebooks: once by one stock ``nbgrader autograde``, once by the pool
with two workers, each a ``nbgrader autograde --student S`` per student with kernels in an account
of its own. Every cell's score, every late penalty, the export, every autograded notebook's
outputs and every feedback page must be the same. tests/test_postgres.py does the same with a
PostgreSQL gradebook.
"""
from __future__ import annotations

import csv
import os
import re
import subprocess
import sys

import pytest

from support import (ROOT, RACY_OUTPUTS, WARMUP, assert_same_grades, autograded_outputs, graded_twice, gradebook_rows,
                     isolation_available, same_page, sandbox_processes_after)

pytestmark = pytest.mark.classscale


def sqlite(course) -> str:
    return f"sqlite:///{course / 'gradebook.db'}"


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    return graded_twice(tmp_path_factory.mktemp("parallel"), WARMUP)


def test_parallel_grades_equal_serial(courses):
    """Every cell's score, manual-grading flag, late penalty and total are identical."""
    assert_same_grades(gradebook_rows(sqlite(courses["serial"]), WARMUP),
                       gradebook_rows(sqlite(courses["parallel"]), WARMUP))


def test_parallel_export_equals_serial(courses):
    rows = {mode: sorted(csv.DictReader((course / "grades.csv").open()), key=lambda r: r["student_id"])
            for mode, course in courses.items()}
    assert rows["parallel"] == rows["serial"]
    assert len(rows["serial"]) >= 10


def test_parallel_outputs_and_feedback_equal_serial(courses):
    """The autograded notebooks hold the same outputs, and every feedback page is the same page."""
    outputs = {mode: autograded_outputs(course, WARMUP) for mode, course in courses.items()}
    assert outputs["parallel"] == outputs["serial"]
    pages = sorted((courses["serial"] / "feedback").glob(f"*/{WARMUP}/{WARMUP}.html"))
    assert len(pages) == len(outputs["serial"])
    for page in pages:
        other = courses["parallel"] / page.relative_to(courses["serial"])
        if page.parents[1].name in RACY_OUTPUTS:      # its outputs vary by nature; its grades are compared above
            assert other.exists(), other
            continue
        assert same_page(other.read_text()) == same_page(page.read_text()), page


@pytest.mark.skipif(not isolation_available(), reason="the bombs need the isolated kernel: root on Linux")
def test_bombs_contained_in_the_pool(courses):
    """The memory and fork bombs were graded in pool accounts and left no process behind."""
    from grader.limits import SANDBOX_POOL

    rows = gradebook_rows(sqlite(courses["parallel"]), WARMUP)
    assert {"memory-bomb", "fork-bomb"} <= set(rows)
    for account in SANDBOX_POOL[:4]:
        assert sandbox_processes_after(30, account) == [], account


def test_command_line_grades_one_student_by_index(courses, tmp_path):
    """``python -m grader.pool EX --list`` numbers the students; ``--index K`` grades the K-th one alone
    (as a Kubernetes Indexed Job pod does), with the grade the pool gave."""
    course = courses["parallel"]
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}"}
    listed = subprocess.run([sys.executable, "-m", "grader.pool", WARMUP, "--list", "--course", str(course)],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert listed.returncode == 0, listed.stderr
    index = dict(reversed(line.split(" ", 1)) for line in listed.stdout.splitlines())
    before = gradebook_rows(sqlite(course), WARMUP)["alt-1"]
    done = subprocess.run([sys.executable, "-m", "grader.pool", WARMUP, "--index", index["alt-1"], "--course",
                           str(course), "--", "--force", "--Execute.timeout=5"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert re.search(r"\] alt-1: graded", done.stdout) and "1 of 1 graded" in done.stdout, done.stdout
    assert gradebook_rows(sqlite(course), WARMUP)["alt-1"] == before
    bad = subprocess.run([sys.executable, "-m", "grader.pool", WARMUP, "--index", "999", "--course", str(course)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and "--index must be between 0 and" in bad.stderr, bad.stderr


def test_accounts_are_leased_once():
    """Two graders on one machine never get the same sandbox account."""
    from grader.pool import lease_accounts

    with lease_accounts(3) as first, lease_accounts(3) as second:
        assert len(first) == 3 and len(second) == 3 and not set(first) & set(second), (first, second)
    with pytest.raises(ValueError, match="count must be between 1 and"):
        with lease_accounts(0):
            pass


def test_student_ids_are_matched_literally():
    """A student id with glob characters grades that student only, never a pattern's matches."""
    from fnmatch import fnmatch

    from grader.pool import autograde_argv

    command = autograde_argv(WARMUP, "a*b[1]", "scored-sandbox-1")
    pattern = next(a for a in command if a.startswith("--student=")).split("=", 1)[1]
    assert fnmatch("a*b[1]", pattern) and not fnmatch("axxb1", pattern), pattern
