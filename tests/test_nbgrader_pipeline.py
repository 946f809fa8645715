"""The real nbgrader pipeline over every exercise in solutions/.

For each assignment, in a private copy of the course: ``generate_assignment`` must give
exactly the committed ``exercises/``; ``autograde`` must give the solution full marks, the
untouched release zero on every autograded question, a submission where one answer is
plausibly wrong (tests/wrong_answers/) zero on that question only, and submissions made of
independently written correct answers (tests/alternative_answers/, format in its README.md)
full marks everywhere; ``export`` must write those scores to CSV. The tests grow with
solutions/: nothing here lists the exercises. Each assignment is graded in its own course, only
when a selected test needs it, so ``-k ex00`` grades ex00 alone.
"""
from __future__ import annotations

import csv
from pathlib import Path

import nbformat
import pytest

from grader.pool import lease_accounts
from support import (ROOT, answer_file, assignments, autograded_test_cells, cell_by_id, grades, make_course,
                     nbgrader_meta, run_nbgrader, solution_cells, solved_copy, submit)

pytestmark = pytest.mark.nbgrader
ASSIGNMENTS = assignments()


def wrong_answers(assignment: str) -> dict:
    return answer_file("wrong_answers", assignment, "WRONG_ANSWERS")


def common_mistakes(assignment: str) -> dict:
    """grade_id -> list of {"idea", "source", "loses"}: the usual slips on a question, one at a time."""
    return answer_file("wrong_answers", assignment, "COMMON_MISTAKES", optional=True)


def alternative_answers(assignment: str) -> dict:
    """grade_id -> list of {"idea", "source"} (tests/alternative_answers/README.md)."""
    return answer_file("alternative_answers", assignment, "ALTERNATIVE_ANSWERS")


def alternative_submissions(assignment: str) -> dict[str, dict[str, dict]]:
    """Student id "alt-K" -> {answer grade_id: its K-th alternative}, for K = 1 .. the most any answer has."""
    alternatives = alternative_answers(assignment)
    most = max((len(entries) for entries in alternatives.values()), default=0)
    return {f"alt-{k + 1}": {answer: entries[k] for answer, entries in alternatives.items() if k < len(entries)}
            for k in range(most)}


def grade_assignment(course: Path, assignment: str) -> dict[tuple[str, str], dict[str, float]]:
    """Generate, submit (solved, blank, each wrong answer, each alternative set), autograde, export.

    Returns the expected score per autograded test cell, keyed by (notebook, student).
    """
    expected: dict[tuple[str, str], dict[str, float]] = {}
    run_nbgrader(["generate_assignment", assignment, "--force"], course)
    for source_path in sorted((course / "solutions" / assignment).glob("*.ipynb")):
        name = source_path.name
        source = nbformat.read(source_path, as_version=4)
        release = nbformat.read(course / "exercises" / assignment / name, as_version=4)
        points = autograded_test_cells(source)
        answers = solution_cells(source)
        submit(course, "solved", assignment, {name: solved_copy(release, source)})
        submit(course, "blank", assignment, {name: release})
        expected[(name, "solved")] = dict(points)
        expected[(name, "blank")] = {cell: 0.0 for cell in points}
        for answer_id, wrong in wrong_answers(assignment).items():
            nb = solved_copy(release, source)
            cell_by_id(nb, answer_id).source = wrong["source"]
            student = f"wrong-{answer_id}".replace("_", "-")
            submit(course, student, assignment, {name: nb})
            expected[(name, student)] = {c: (0.0 if c in wrong["loses"] else p) for c, p in points.items()}
        for answer_id, mistakes in common_mistakes(assignment).items():
            for k, mistake in enumerate(mistakes, start=1):
                nb = solved_copy(release, source)
                cell_by_id(nb, answer_id).source = mistake["source"]
                student = f"slip-{answer_id}-{k}".replace("_", "-")
                submit(course, student, assignment, {name: nb})
                expected[(name, student)] = {c: (0.0 if c in mistake["loses"] else p) for c, p in points.items()}
        for student, chosen in alternative_submissions(assignment).items():
            nb = solved_copy(release, source)
            for answer_id, alternative in chosen.items():
                if answer_id in answers:  # unknown ids fail test_every_autograded_answer_has_an_alternative
                    cell_by_id(nb, answer_id).source = alternative["source"]
            submit(course, student, assignment, {name: nb})
            expected[(name, student)] = dict(points)
    # Kernels run as a sandbox account no other grading on this machine holds meanwhile (other
    # helpers' runs of this file, the pool): the process limit is per account.
    with lease_accounts(1) as (account,):
        run_nbgrader(["autograde", assignment, "--force", f"--IsolatedExecute.sandbox_user={account}"], course)
    run_nbgrader(["export", "--to", "grades.csv"], course)
    return expected


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    """pipeline(assignment) -> (course, expected): that assignment graded once, on first use."""
    done: dict[str, tuple[Path, dict]] = {}

    def graded(assignment: str):
        if assignment not in done:
            course = make_course(tmp_path_factory.mktemp(f"pipeline-{assignment}"))
            done[assignment] = (course, grade_assignment(course, assignment))
        return done[assignment]

    return graded


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_equals_fresh_generate(pipeline, assignment):
    """exercises/ is exactly what generate_assignment makes from solutions/ (never edited by hand)."""
    course, _ = pipeline(assignment)
    fresh_dir, committed_dir = course / "exercises" / assignment, ROOT / "exercises" / assignment
    fresh_files = sorted(p.relative_to(fresh_dir) for p in fresh_dir.rglob("*") if p.is_file())
    committed_files = sorted(p.relative_to(committed_dir) for p in committed_dir.rglob("*") if p.is_file())
    assert committed_files == fresh_files, f"run `python3 course.py generate {assignment}`"
    for rel in fresh_files:
        if rel.suffix != ".ipynb":
            assert (fresh_dir / rel).read_bytes() == (committed_dir / rel).read_bytes(), rel
            continue
        fresh, committed = (nbformat.read(d / rel, as_version=4) for d in (fresh_dir, committed_dir))
        assert [c.cell_type for c in committed.cells] == [c.cell_type for c in fresh.cells], rel
        for index, (a, b) in enumerate(zip(committed.cells, fresh.cells)):
            where = f"{rel} cell {index}: exercises/ differs from a fresh generate_assignment; " \
                    f"run `python3 course.py generate {assignment}`"
            assert a.source == b.source, where
            assert nbgrader_meta(a) == nbgrader_meta(b), where


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_autograded_answer_has_a_wrong_answer(assignment):
    """Each autograded test cell is exercised by some wrong answer, so no graded answer goes untested."""
    wrong = wrong_answers(assignment)
    for source_path in (ROOT / "solutions" / assignment).glob("*.ipynb"):
        source = nbformat.read(source_path, as_version=4)
        tested = autograded_test_cells(source)
        answers = solution_cells(source)
        assert tested, f"{assignment} has no autograded question"
        unknown = set(wrong) - set(answers)
        assert not unknown, f"tests/wrong_answers/{assignment}.py names cells that are not answers: {unknown}"
        covered = {cell for entry in wrong.values() for cell in entry["loses"]}
        assert covered >= set(tested), f"no wrong answer makes these test cells fail: {set(tested) - covered}"
        assert covered <= set(tested), f"'loses' names cells that are not autograded tests: {covered - set(tested)}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_autograded_answer_has_an_alternative(assignment):
    """Each autograded answer has at least one independently written correct answer to grade."""
    alternatives = alternative_answers(assignment)
    where = f"tests/alternative_answers/{assignment}.py"
    answers = {answer for path in (ROOT / "solutions" / assignment).glob("*.ipynb")
               for answer in solution_cells(nbformat.read(path, as_version=4))}
    unknown = set(alternatives) - answers
    assert not unknown, f"{where} names cells that are not autograded answers: {sorted(unknown)}"
    missing = sorted(a for a in answers if not alternatives.get(a))
    assert not missing, f"{where}: no alternative correct answer for {missing} (format: tests/alternative_answers/README.md)"
    for answer, entries in alternatives.items():
        assert isinstance(entries, list), f"{where}[{answer!r}] must be a list of alternatives"
        for entry in entries:
            assert set(entry) == {"idea", "source"} and entry["source"].strip(), \
                f"{where}[{answer!r}]: each alternative is {{'idea': ..., 'source': ...}}, got {entry}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_scores(pipeline, assignment):
    """Solution: full marks; blank release: zero everywhere; one wrong answer, or one common slip
    (``COMMON_MISTAKES``): zero on exactly its tests; alternative correct answers: full marks everywhere."""
    course, expected = pipeline(assignment)
    alternatives = alternative_submissions(assignment)
    problems = []
    for (notebook, student), want in sorted(expected.items()):
        got = grades(course, assignment, Path(notebook).stem, student)
        got = {cell: score for cell, score in got.items() if cell in want}
        if got == want:
            continue
        problem = f"{assignment}/{notebook} {student}: expected {want}, got {got}"
        if student in alternatives:
            lost = sorted(cell for cell in want if got.get(cell) != want[cell])
            held = "; ".join(f"{answer}: {entry['idea']}" for answer, entry in alternatives[student].items())
            problem = (f"{assignment}/{notebook} {student}: a correct alternative answer lost points in {lost} "
                       f"(it held {held}); fix the test or the prompt (tests/alternative_answers/README.md)")
        problems.append(problem)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_export_writes_the_scores(pipeline, assignment):
    """nbgrader export writes one row per student and assignment with the autograded total."""
    course, expected = pipeline(assignment)
    rows = list(csv.DictReader((course / "grades.csv").open()))
    by_key = {(r["assignment"], r["student_id"]): float(r["raw_score"]) for r in rows}
    totals: dict[str, float] = {}
    for (_notebook, student), want in expected.items():
        totals[student] = totals.get(student, 0.0) + sum(want.values())
    for student, total in totals.items():
        key = (assignment, student)
        assert key in by_key, f"export has no row for {key}"
        assert by_key[key] == pytest.approx(total), f"{key}: exported {by_key[key]}, expected {total}"
