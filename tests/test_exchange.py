"""A whole class through nbgrader's exchange, with the real commands, on one Unix account.

As nbgrader's own tests do: a private ``Exchange.root``, a cache per student, each student
pinned with ``--student`` (without it every student is filed as the Unix login and their
submissions overwrite each other), ``ExchangeCollect.check_owner=False``, and every command
run in-process. The instructor releases the warm-up, three students fetch it, answer it
(alice: all correct, bob: one answer wrong, carol: hands in the blank release), submit; the
instructor collects, autogrades, generates and releases feedback; each student fetches their
own feedback; the CSV export holds exactly the expected scores. Hidden tests, solutions and
mark schemes never reach a student's fetched copy.
"""
from __future__ import annotations

import csv
import html
import re

import nbformat
import pytest

from support import (WARMUP, cell_by_id, make_course, run_nbgrader, solved_copy, strip_solution_markers,
                     warmup_notebooks)

pytestmark = pytest.mark.classscale
WRONG_STREAK = "def current_streak(days):\n    return sum(1 for d in days if d)\n"
# student -> expected autograded score (the written answer is marked by hand, so 0 until then)
EXPECTED = {"alice": 5.0, "bob": 3.0, "carol": 0.0}
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", re.S)
SOLUTION = re.compile(r"### BEGIN SOLUTION(.*?)### END SOLUTION", re.S)


def secret_lines(source_nb) -> list[str]:
    """Every non-trivial line of a hidden test, a solution or a mark scheme in the source."""
    lines = []
    for cell in source_nb.cells:
        for block in HIDDEN.findall(cell.source) + SOLUTION.findall(cell.source):
            lines += [line.strip() for line in block.splitlines() if len(line.strip()) > 12]
        if "=== BEGIN MARK SCHEME ===" in cell.source:
            scheme = cell.source.split("=== BEGIN MARK SCHEME ===")[1].split("=== END MARK SCHEME ===")[0]
            lines += [line.strip() for line in scheme.splitlines() if len(line.strip()) > 12]
    return lines


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("exchange")
    course = make_course(tmp)
    exchange = tmp / "exchange"
    exchange.mkdir()
    shared = [f"--Exchange.root={exchange}", "--CourseDirectory.course_id=scored"]
    homes = {student: tmp / "home" / student for student in EXPECTED}
    for home in homes.values():
        home.mkdir(parents=True)

    def student_does(student: str, *args: str) -> str:
        # Each student has their own cache, as in their own home: with one shared cache,
        # fetch_feedback hands every student everyone's feedback (nbgrader 0.9.6).
        cache = f"--Exchange.cache={homes[student] / '.nbgrader_cache'}"
        return run_nbgrader(list(args) + [f"--student={student}", cache] + shared, homes[student])

    run_nbgrader(["generate_assignment", WARMUP, "--force"], course)
    run_nbgrader(["release_assignment", WARMUP, "--force"] + shared, course)
    source, release = warmup_notebooks(course)
    fetched = {}
    for student in EXPECTED:
        student_does(student, "fetch_assignment", WARMUP)
        path = homes[student] / WARMUP / f"{WARMUP}.ipynb"
        fetched[student] = path.read_text()
        nb = nbformat.read(path, as_version=4)
        if student != "carol":
            nb = solved_copy(nb, source)
        if student == "bob":
            cell_by_id(nb, "current_streak").source = WRONG_STREAK
        nbformat.write(nb, path)
        student_does(student, "submit", WARMUP)
    collected = run_nbgrader(["collect", WARMUP, "--ExchangeCollect.check_owner=False"] + shared, course)
    run_nbgrader(["autograde", WARMUP, "--force", "--Execute.timeout=10"], course)
    run_nbgrader(["generate_feedback", WARMUP, "--force"], course)
    run_nbgrader(["release_feedback", WARMUP] + shared, course)
    feedback = {}
    for student in EXPECTED:
        student_does(student, "fetch_feedback", WARMUP)
        pages = list((homes[student] / WARMUP / "feedback").glob(f"*/{WARMUP}.html"))
        feedback[student] = [page.read_text() for page in pages]
    run_nbgrader(["export", "--to", "grades.csv"], course)
    return {"course": course, "source": source, "release": release, "fetched": fetched, "feedback": feedback,
            "collected": collected, "homes": homes}


def test_every_submission_collected_under_its_student(cycle):
    """Each pinned student id arrives as its own submission, none overwrites another."""
    submitted = cycle["course"] / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(EXPECTED)
    for student in EXPECTED:
        assert (submitted / student / WARMUP / f"{WARMUP}.ipynb").exists(), student


def test_fetched_copy_is_the_release(cycle):
    """A student fetches exactly the released notebook."""
    released = nbformat.reads(cycle["fetched"]["alice"], as_version=4)
    assert [c.source for c in released.cells] == [c.source for c in cycle["release"].cells]


def test_no_secret_reaches_a_student(cycle):
    """No hidden test, solution line or mark scheme is in any fetched copy."""
    secrets = secret_lines(cycle["source"])
    assert len(secrets) > 10, "the warm-up should have hidden tests, solutions and a mark scheme"
    for student, text in cycle["fetched"].items():
        assert "HIDDEN TESTS" not in text and "MARK SCHEME" not in text and "BEGIN SOLUTION" not in text, student
        leaked = [line for line in secrets if line in nbformat.reads(text, as_version=4).cells.__repr__()
                  or line in "".join(strip_solution_markers(c.source) for c in nbformat.reads(text, 4).cells)]
        assert not leaked, f"{student}'s copy contains: {leaked}"


def test_export_holds_exactly_the_expected_scores(cycle):
    rows = list(csv.DictReader((cycle["course"] / "grades.csv").open()))
    got = {r["student_id"]: float(r["raw_score"]) for r in rows if r["assignment"] == WARMUP}
    assert got == EXPECTED
    assert {float(r["max_score"]) for r in rows} == {7.0}


def test_each_student_fetches_only_their_own_feedback(cycle):
    """One feedback page per student, with their own score, and no hidden test code or mark scheme."""
    for student, pages in cycle["feedback"].items():
        assert len(pages) == 1, f"{student} fetched {len(pages)} feedback pages"
        page = pages[0]
        assert f"Score: {EXPECTED[student]} / 7.0" in page, f"{student}: {re.findall(r'Score: [^<]*', page)}"
        assert "MARK SCHEME" not in page and "HIDDEN TESTS" not in page, student
        hidden = [line for block in HIDDEN.findall("".join(c.source for c in cycle["source"].cells))
                  for line in block.splitlines() if line.strip()]
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        shown = [line for line in hidden if line.strip() in text]
        assert not shown, f"{student}: hidden test lines in feedback {shown}"
