"""The real nbgrader pipeline over every exercise in solutions/.

For each assignment, in a private copy of the course: ``generate_assignment`` must give
exactly the committed ``exercises/``; ``autograde`` must give the solution full marks, the
untouched release zero on every autograded question, and a submission where one answer is
plausibly wrong (tests/wrong_answers/) zero on that question only; ``export`` must write
those scores to CSV. The tests grow with solutions/: nothing here lists the exercises.
"""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import nbformat
import pytest

from support import (ROOT, assignments, autograded_test_cells, grades, make_course, nbgrader_meta, run_nbgrader,
                     solution_cells, solved_copy, submit)

pytestmark = pytest.mark.nbgrader
ASSIGNMENTS = assignments()


def wrong_answers(assignment: str) -> dict:
    path = ROOT / "tests" / "wrong_answers" / f"{assignment}.py"
    if not path.exists():
        return {}
    spec = importlib.util.spec_from_file_location(f"wrong_{assignment}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG_ANSWERS


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    """Generate, submit (solved, blank, one wrong answer at a time), autograde and export everything once."""
    course = make_course(tmp_path_factory.mktemp("pipeline"))
    expected: dict[tuple[str, str, str], dict[str, float]] = {}
    for assignment in ASSIGNMENTS:
        run_nbgrader(["generate_assignment", assignment, "--force"], course)
        for source_path in sorted((course / "solutions" / assignment).glob("*.ipynb")):
            name = source_path.name
            source = nbformat.read(source_path, as_version=4)
            release = nbformat.read(course / "exercises" / assignment / name, as_version=4)
            points = autograded_test_cells(source)
            submit(course, "solved", assignment, {name: solved_copy(release, source)})
            submit(course, "blank", assignment, {name: release})
            expected[(assignment, name, "solved")] = dict(points)
            expected[(assignment, name, "blank")] = {cell: 0.0 for cell in points}
            for answer_id, wrong in wrong_answers(assignment).items():
                nb = solved_copy(release, source)
                cell = next(c for c in nb.cells if nbgrader_meta(c).get("grade_id") == answer_id)
                cell.source = wrong["source"]
                student = f"wrong-{answer_id}".replace("_", "-")
                submit(course, student, assignment, {name: nb})
                expected[(assignment, name, student)] = {c: (0.0 if c in wrong["loses"] else p) for c, p in points.items()}
        run_nbgrader(["autograde", assignment, "--force"], course)
    run_nbgrader(["export", "--to", "grades.csv"], course)
    return course, expected


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_equals_fresh_generate(pipeline, assignment):
    """exercises/ is exactly what generate_assignment makes from solutions/ (never edited by hand)."""
    course, _ = pipeline
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


def test_scores(pipeline):
    """Solution: full marks; blank release: zero everywhere; one wrong answer: zero on exactly its tests."""
    course, expected = pipeline
    problems = []
    for (assignment, notebook, student), want in sorted(expected.items()):
        got = grades(course, assignment, Path(notebook).stem, student)
        got = {cell: score for cell, score in got.items() if cell in want}
        if got != want:
            problems.append(f"{assignment}/{notebook} {student}: expected {want}, got {got}")
    assert not problems, "\n".join(problems)


def test_export_writes_the_scores(pipeline):
    """nbgrader export writes one row per student and assignment with the autograded total."""
    course, expected = pipeline
    rows = list(csv.DictReader((course / "grades.csv").open()))
    by_key = {(r["assignment"], r["student_id"]): float(r["raw_score"]) for r in rows}
    totals: dict[tuple[str, str], float] = {}
    for (assignment, _notebook, student), want in expected.items():
        totals[(assignment, student)] = totals.get((assignment, student), 0.0) + sum(want.values())
    for key, total in totals.items():
        assert key in by_key, f"export has no row for {key}"
        assert by_key[key] == pytest.approx(total), f"{key}: exported {by_key[key]}, expected {total}"
