"""Warnings are not failures (grader/stderr.py): stderr costs no points, an error still does.

Unit tests of the preprocessor against nbgrader's own ``determine_grade``, then the real
pipeline on the warm-up exercise: a correct answer that warns and prints to stderr keeps full
marks, a wrong answer that warns still loses its question, and the feedback shows the warning
under its "not counted" label.
"""
from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_output
from nbgrader.utils import determine_grade

from grader.stderr import LABEL, StderrNotCounted, relabel_stderr
from support import (ROOT, WARMUP, answer_tests, autograded_test_cells, cell_by_id, grades, make_course, run_nbgrader,
                     solved_copy, submit, warmup_notebooks)

WARNING = "RuntimeWarning: invalid value encountered in scalar divide\n"


def graded_cell(*outputs, solution=False):
    cell = new_code_cell("assert True")
    cell.metadata["nbgrader"] = {"grade": True, "solution": solution, "grade_id": "t", "points": 2,
                                 "locked": not solution, "schema_version": 3}
    cell.outputs = list(outputs)
    return cell


def after(cell):
    return StderrNotCounted().preprocess_cell(cell, {}, 0)[0]


def test_stock_nbgrader_fails_a_cell_for_stderr_alone():
    """The behaviour being fixed: without the preprocessor a warning scores 0."""
    assert determine_grade(graded_cell(new_output("stream", name="stderr", text=WARNING)))[0] == 0


def test_stderr_alone_keeps_full_marks_and_stays_visible():
    cell = after(graded_cell(new_output("stream", name="stderr", text=WARNING)))
    assert determine_grade(cell) == (2.0, 2.0)
    shown = cell.outputs[0].data["text/plain"]
    assert shown.startswith(LABEL) and WARNING in shown and "Not counted" in shown


def test_an_error_still_scores_zero_even_with_a_warning():
    error = new_output("error", ename="AssertionError", evalue="wrong", traceback=["AssertionError: wrong"])
    cell = after(graded_cell(new_output("stream", name="stderr", text=WARNING), error))
    assert determine_grade(cell) == (0, 2.0)
    assert cell.outputs[1] == error


def test_partial_credit_and_stdout_untouched():
    result = new_output("execute_result", data={"text/plain": "1.5"}, execution_count=1)
    printed = new_output("stream", name="stdout", text="hello\n")
    cell = after(graded_cell(printed, new_output("stream", name="stderr", text=WARNING), result))
    assert cell.outputs[0] == printed and cell.outputs[2] == result
    assert determine_grade(cell) == (1.5, 2.0)


def test_answer_and_plain_cells_left_alone():
    stderr = new_output("stream", name="stderr", text=WARNING)
    answer = graded_cell(stderr, solution=True)
    plain = new_code_cell("print(1)")
    plain.outputs = [stderr]
    assert after(answer).outputs == [stderr] and after(plain).outputs == [stderr]


def test_bad_label_is_a_type_error():
    with pytest.raises(TypeError, match="label"):
        relabel_stderr([], label=None)


# --- through the real pipeline ------------------------------------------------------------------

WARNS = ("import sys\nimport numpy as np\n\n"
         "def current_streak(days):\n"
         "    days = list(days)\n"
         "    share = np.float64(sum(days)) / np.float64(len(days))  # 0/0 on an empty list: RuntimeWarning\n"
         "    print('checking', len(days), 'days', file=sys.stderr)\n"
         "{body}")
CORRECT_BODY = ("    streak = 0\n"
                "    while streak < len(days) and days[-1 - streak]:\n"
                "        streak += 1\n"
                "    return streak\n")
WRONG_BODY = "    return sum(1 for d in days if d)\n"
SOURCE = nbformat.read(ROOT / "solutions" / WARMUP / f"{WARMUP}.ipynb", as_version=4)
FULL = autograded_test_cells(SOURCE)
STREAK_TESTS = answer_tests(SOURCE)["current_streak"]
STUDENTS = {"warns-correct": (CORRECT_BODY, FULL),
            "warns-wrong": (WRONG_BODY, {**FULL, **{cell: 0.0 for cell in STREAK_TESTS}})}


@pytest.fixture(scope="module")
def warned(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("stderr"))
    run_nbgrader(["generate_assignment", WARMUP, "--force"], course)
    source, release = warmup_notebooks(course)
    for student, (body, _) in STUDENTS.items():
        nb = solved_copy(release, source)
        cell_by_id(nb, "current_streak").source = WARNS.format(body=body)
        submit(course, student, WARMUP, {f"{WARMUP}.ipynb": nb})
    run_nbgrader(["autograde", WARMUP, "--force"], course)
    run_nbgrader(["generate_feedback", WARMUP, "--force"], course)
    return course


@pytest.mark.nbgrader
@pytest.mark.parametrize("student", list(STUDENTS))
def test_warning_answers_score_by_errors_only(warned, student):
    """A correct answer that warns keeps full marks; a wrong one that warns loses exactly its question."""
    got = {cell: score for cell, score in grades(warned, WARMUP, WARMUP, student).items() if cell in FULL}
    assert got == STUDENTS[student][1], got


@pytest.mark.nbgrader
def test_feedback_shows_the_warning_as_not_counted(warned):
    """The warning really was written (so the test means something) and the feedback labels it."""
    nb = nbformat.read(warned / "autograded" / "warns-correct" / WARMUP / f"{WARMUP}.ipynb", as_version=4)
    shown = [o.data["text/plain"] for test in STREAK_TESTS for o in cell_by_id(nb, test).outputs
             if o.output_type == "display_data"]
    assert any("RuntimeWarning" in text and text.startswith(LABEL) for text in shown), shown
    assert any("checking" in text for text in shown), shown
    feedback = (warned / "feedback" / "warns-correct" / WARMUP / f"{WARMUP}.html").read_text()
    assert "Not counted" in feedback and "RuntimeWarning" in feedback
