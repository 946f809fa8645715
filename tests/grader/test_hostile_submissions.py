"""Hostile and broken submissions are graded, contained, and cost only their author points.

One private course, one real ``nbgrader autograde`` per student (in-process, the course's
config, a 5 s cell timeout instead of 60 s to stay fast). Every submission is the warm-up
exercise with one kind of trouble in it; two control students (solved, one wrong answer) are
graded in the same run and must keep exactly their scores. Each kind has its exact expected
score per test cell. Autograding time per kind goes to ``artifacts/hostile-timings.json``.
One kind fills the notebook with slow cells and is graded with a small whole-notebook time
budget (``IsolatedExecute.notebook_timeout``), and once more without one to show what it saves.

Kinds that need the isolated kernel (reading solutions, writing the gradebook, memory and fork
bombs) are skipped, with the reason, where isolation is impossible (not root on Linux); in CI
(root) they run.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from support import (ROOT, WARMUP, answer_tests, autograded_test_cells, cell_by_id, graded_points,
                     isolation_available, make_course, nbgrader_meta, run_nbgrader,
                     sandbox_processes_after, solved_copy, strip_solution_markers, submit, warmup_notebooks)

pytestmark = pytest.mark.nbgrader
TIMEOUT = 5  # seconds per cell in these tests (the course's config says 60)
BUDGET = 6  # seconds for all of a notebook's cells, for the slow-cells kind (the course's config says 600)
SLEEPY_CELLS = 3  # cells a slow-cells submission adds, each sleeping far longer than the budget
# Expected scores come from the warm-up's source notebook, so its test cells may be split or renamed.
SOURCE = nbformat.read(ROOT / "solutions" / WARMUP / f"{WARMUP}.ipynb", as_version=4)
FULL = autograded_test_cells(SOURCE)
TESTS_OF = answer_tests(SOURCE)
MAX_SCORE = sum(graded_points(SOURCE).values())
NO_STREAK = {**FULL, **{cell: 0.0 for cell in TESTS_OF["current_streak"]}}
NO_SURVIVAL = {**FULL, **{cell: 0.0 for cell in TESTS_OF["survival_probability"]}}
NO_VALIDATION = "def survival_probability(p, days):\n    return p ** days\n"
# The hostile students' kernels run as an account of their own (created on first use, like the
# course's): the process limit and the leftover check are per account, so a fork bomb here cannot
# starve, and the check cannot count, kernels that other grading runs on this machine start as
# the course's account meanwhile. Remove it with `userdel scored-sandbox-tests`.
SANDBOX_USER = "scored-sandbox-tests"
LEFTOVER_WAIT = 30  # seconds the bombs' processes get to exit after grading, on a busy machine
WRONG_STREAK = "def current_streak(days):\n    return sum(1 for d in days if d)\n"


def _answer(nb, grade_id: str, source: str) -> None:
    cell_by_id(nb, grade_id).source = source


def _prepend(nb, grade_id: str, code: str) -> None:
    cell = cell_by_id(nb, grade_id)
    cell.source = code + "\n" + cell.source


def _append(nb, grade_id: str, code: str) -> None:
    cell = cell_by_id(nb, grade_id)
    cell.source = cell.source + "\n" + code


def _delete(nb, grade_id: str) -> None:
    nb.cells.remove(cell_by_id(nb, grade_id))


def loop_in_function(nb, course):
    _answer(nb, "current_streak", "def current_streak(days):\n    while True:\n        pass\n")


def loop_at_top_level(nb, course):
    _prepend(nb, "survival_probability", "while True:\n    pass\n")


def error_at_import(nb, course):
    _prepend(nb, "current_streak", "import streak_tools_that_do_not_exist\n")


def edited_test_cell(nb, course):
    _answer(nb, "current_streak", WRONG_STREAK)
    _answer(nb, TESTS_OF["current_streak"][0], "assert True  # tests? what tests?\n")


def deleted_test_cell_wrong(nb, course):
    _answer(nb, "current_streak", WRONG_STREAK)
    _delete(nb, TESTS_OF["current_streak"][0])


def deleted_test_cell_right(nb, course):
    _delete(nb, TESTS_OF["survival_probability"][-1])


def spoofed_metadata(nb, course):
    """Answer relabelled as a 100-point test, a test relabelled as an answer, a forged bonus cell.

    The survival answer skips validation, so it must score exactly as control-no-validation."""
    meta = nbgrader_meta(cell_by_id(nb, "current_streak"))
    meta.update(grade=True, points=100)
    for test_id in TESTS_OF["survival_probability"]:
        test = cell_by_id(nb, test_id)
        nbgrader_meta(test).update(solution=True, locked=False)
        test.source = "pass  # an answer now, so nothing to fail\n"
    _answer(nb, "survival_probability", NO_VALIDATION)
    bonus = nbformat.v4.new_code_cell("# free points\n")
    bonus.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 50, "solution": False,
                                  "locked": True, "schema_version": 3}
    nb.cells.append(bonus)


def ten_million_lines(nb, course):
    _append(nb, "current_streak", 'print("1\\n" * 10_000_000)\n')


def one_100mb_line(nb, course):
    _append(nb, "current_streak", 'print("x" * 100_000_000)\n')


def reads_solutions(nb, course):
    """Tries to copy the solution from solutions/ and to rewrite the gradebook; neither may work."""
    _answer(nb, "current_streak", f'''
import glob, json, os, sqlite3
found = glob.glob("../../../solutions/*/*.ipynb") + glob.glob({str(course)!r} + "/solutions/*/*.ipynb")
for path in found:
    for cell in json.load(open(path))["cells"]:
        if "def current_streak" in "".join(cell["source"]):
            exec("".join(cell["source"]))
            print("STOLEN SOLUTION:", "".join(cell["source"]))
for db in ["../../../gradebook.db", {str(course / "gradebook.db")!r}]:
    try:
        with sqlite3.connect(db) as con:
            con.execute("UPDATE grade SET auto_score = 0")
            print("WROTE GRADEBOOK", db)
    except Exception as error:
        print("no gradebook at", db, type(error).__name__)
print("looked at", found)
''')


def memory_bomb(nb, course):
    _prepend(nb, "current_streak",
             "def hog():\n    blocks = []\n    while True:\n        blocks.append(bytearray(64 * 1024 ** 2))\n\nhog()\n")


def fork_bomb(nb, course):
    _prepend(nb, "current_streak", "import os\nwhile True:\n    os.fork()\n")


def slow_cells(nb, course):
    """Right answers, but the answer cell and the cells added after it each sleep for a minute.

    Every function is defined before anything sleeps, so each test cell would pass if it ran: a
    test cell the budget skips must score 0 because of its error output, not because it failed.
    """
    _append(nb, "survival_probability", "import time\ntime.sleep(60)\n")
    at = nb.cells.index(cell_by_id(nb, "survival_probability")) + 1
    for _ in range(SLEEPY_CELLS):
        nb.cells.insert(at, nbformat.v4.new_code_cell("time.sleep(60)  # one more slow cell\n"))


def control_wrong(nb, course):
    _answer(nb, "current_streak", WRONG_STREAK)


def control_solved(nb, course):
    pass


def control_no_validation(nb, course):
    _answer(nb, "survival_probability", NO_VALIDATION)


# student id -> (how to spoil a solved submission, expected score per autograded test cell, needs isolation)
KINDS = {
    "control-solved": (control_solved, FULL, False),
    "control-wrong": (control_wrong, NO_STREAK, False),
    "loop-in-function": (loop_in_function, NO_STREAK, False),
    "loop-at-top-level": (loop_at_top_level, NO_SURVIVAL, False),
    "error-at-import": (error_at_import, NO_STREAK, False),
    "edited-test-cell": (edited_test_cell, NO_STREAK, False),
    "deleted-test-cell-wrong": (deleted_test_cell_wrong, NO_STREAK, False),
    "deleted-test-cell-right": (deleted_test_cell_right, FULL, False),
    # forged metadata changes nothing: exactly the score of the same answers without it
    "control-no-validation": (control_no_validation, "fewer points than FULL", False),
    "spoofed-metadata": (spoofed_metadata, "same as control-no-validation", False),
    "ten-million-lines": (ten_million_lines, FULL, False),
    "one-100mb-line": (one_100mb_line, FULL, False),
    "reads-solutions": (reads_solutions, NO_STREAK, True),
    "memory-bomb": (memory_bomb, NO_STREAK, True),
    "fork-bomb": (fork_bomb, NO_STREAK, True),
    # the first slow cell runs out the cell timeout, the next one the budget; the rest never run
    "slow-cells": (slow_cells, NO_SURVIVAL, False),
    # the same submission without a budget: every slow cell costs a cell timeout, every test passes
    "slow-cells-no-budget": (slow_cells, FULL, False),
}
CONTROLS = ("control-solved", "control-wrong")
# extra options for one student's autograde (everyone else gets the course's 600 s budget)
EXTRA_ARGS = {"slow-cells": [f"--IsolatedExecute.notebook_timeout={BUDGET}"],
              "slow-cells-no-budget": ["--IsolatedExecute.notebook_timeout=-1"]}


def expected_scores(course: Path, student: str) -> dict[str, float]:
    """grade_id -> expected auto score; the two kinds defined by another's score are resolved here."""
    want = KINDS[student][1]
    if want == "same as control-no-validation":
        return expected_scores(course, "control-no-validation")
    if want == "fewer points than FULL":
        got = {name: score for name, (score, _) in _cell_grades(course, student).items() if name in FULL}
        assert sum(got.values()) < sum(FULL.values()), f"an answer without validation kept every point: {got}"
        return got
    return want


def _cell_grades(course: Path, student: str) -> dict[str, tuple[float | None, bool]]:
    """grade_id -> (auto score, needs manual grade) straight from the gradebook file."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission_notebook(WARMUP, WARMUP, student)
        rows = [(g.name, None if g.auto_score is None else float(g.auto_score), g.needs_manual_grade)
                for g in submission.grades]
    return {name: (score, bool(manual)) for name, score, manual in rows}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("hostile"))
    run_nbgrader(["generate_assignment", WARMUP, "--force"], course)
    source, release = warmup_notebooks(course)
    students = [s for s, (_, _, isolated) in KINDS.items() if isolation_available() or not isolated]
    for student in students:
        nb = solved_copy(release, source)
        KINDS[student][0](nb, course)
        submit(course, student, WARMUP, {f"{WARMUP}.ipynb": nb})
    # controls first and last: a hostile run in between must not change their grades
    order = ["control-solved"] + [s for s in students if s not in CONTROLS] + ["control-wrong"]
    seconds, logs = {}, {}
    for student in order:
        started = time.perf_counter()
        logs[student] = run_nbgrader(["autograde", WARMUP, "--student", student, "--force",
                                      f"--Execute.timeout={TIMEOUT}", f"--IsolatedExecute.sandbox_user={SANDBOX_USER}",
                                      *EXTRA_ARGS.get(student, [])], course)
        seconds[student] = round(time.perf_counter() - started, 1)
    leftovers = sandbox_processes_after(LEFTOVER_WAIT, SANDBOX_USER)
    run_nbgrader(["generate_feedback", WARMUP, "--force"], course)
    run_nbgrader(["export", "--to", "grades.csv"], course)
    report = {s: {"expected": sum(expected_scores(course, s).values()),
                  "score": sum(v or 0 for k, (v, _) in _cell_grades(course, s).items() if k in FULL),
                  "autograde_seconds": seconds[s]} for s in order}
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "hostile-timings.json").write_text(json.dumps(report, indent=2) + "\n")
    print("\nhostile submissions (score / autograde seconds):",
          ", ".join(f"{s} {r['score']:g} / {r['autograde_seconds']}" for s, r in report.items()))
    return course, seconds, logs, leftovers, source


@pytest.mark.parametrize("student", list(KINDS))
def test_exact_score(graded, student):
    """Each kind earns exactly its expected score per test cell, all graded automatically."""
    course, seconds, logs, _, _ = graded
    if student not in seconds:
        pytest.skip("needs the isolated kernel: root on Linux")
    got = _cell_grades(course, student)
    autograded = {name: score for name, (score, _) in got.items() if name in FULL}
    assert autograded == expected_scores(course, student), f"{student}: {autograded}\n{logs[student][-3000:]}"
    assert not any(manual for name, (_, manual) in got.items() if name in FULL), \
        f"{student}: an autograded cell was sent to manual grading: {got}"
    assert set(got) == set(graded_points(SOURCE)), f"{student}: unexpected grade cells {set(got)}"


def test_export_holds_exact_totals(graded):
    """The CSV export has every student's exact total; nothing forged (bonus points) reaches it."""
    course, seconds, _, _, _ = graded
    rows = {r["student_id"]: r for r in csv.DictReader((course / "grades.csv").open())}
    for student in seconds:
        assert float(rows[student]["raw_score"]) == sum(expected_scores(course, student).values()), student
        assert float(rows[student]["max_score"]) == MAX_SCORE, student  # autograded + the written answer


def test_time_is_bounded(graded):
    """Nobody hangs the grader: each submission costs at most a few cell timeouts."""
    _, seconds, _, _, _ = graded
    slow = {s: t for s, t in seconds.items() if t > 6 * TIMEOUT + 20}
    assert not slow, f"autograding took too long: {slow}"


def test_notebook_time_budget_bounds_a_slow_notebook(graded):
    """Slow cells cost the budget, not a cell timeout each: about the budget plus a kernel start."""
    _, seconds, logs, _, _ = graded
    assert "Time budget of 6 s used up" in logs["slow-cells"], logs["slow-cells"][-3000:]
    # the budget plus one kernel start (the control's time), with up to one cell timeout of slack
    # for rounding the last cell's timeout up and interrupting it on a busy machine (load 10 on two
    # cores has taken 4 s more than an idle one)
    assert seconds["slow-cells"] <= BUDGET + seconds["control-solved"] + TIMEOUT, seconds
    # without the budget every slow cell costs a full cell timeout
    assert seconds["slow-cells-no-budget"] >= (SLEEPY_CELLS + 1) * TIMEOUT, seconds
    # so the budget saves at least the slow cells' timeouts beyond the budget, whatever the load
    assert seconds["slow-cells"] + (SLEEPY_CELLS + 1) * TIMEOUT - BUDGET - TIMEOUT <= seconds["slow-cells-no-budget"], seconds
    assert "Time budget" not in logs["slow-cells-no-budget"]


def test_cells_after_the_budget_get_an_error(graded):
    """In the autograded notebook, the cell running when the budget ran out and every code cell
    after it carry a NotebookTimeLimit error saying so; skipped cells did not run at all."""
    course, _, _, _, _ = graded
    nb = nbformat.read(course / "autograded" / "slow-cells" / WARMUP / f"{WARMUP}.ipynb", as_version=4)
    answer = nb.cells.index(cell_by_id(nb, "survival_probability"))
    after = [c for c in nb.cells[answer + 1:] if c.cell_type == "code" and c.source.strip()]
    assert len(after) == SLEEPY_CELLS + len(TESTS_OF["survival_probability"])  # the slow cells, then the tests
    budget_errors = [[o for o in c.outputs if o.get("ename") == "NotebookTimeLimit"] for c in after]
    assert all(len(errors) == 1 for errors in budget_errors), [c.outputs for c in after]
    assert "while this cell ran" in budget_errors[0][0].evalue  # cut to the budget left, then stopped
    for cell, errors in zip(after[1:], budget_errors[1:]):
        assert cell.outputs == errors and cell.execution_count is None, cell  # never ran
        assert "time budget of 6 s" in errors[0].evalue and "before this cell ran" in errors[0].evalue
    assert not any(o.get("ename") == "NotebookTimeLimit" for c in nb.cells[:answer + 1] for o in c.get("outputs", []))
    assert not any(o.output_type == "error" for test in TESTS_OF["current_streak"] for o in cell_by_id(nb, test).outputs)
    feedback = (course / "feedback" / "slow-cells" / WARMUP / f"{WARMUP}.html").read_text()
    assert "NotebookTimeLimit" in feedback and "before this cell ran" in feedback


def test_output_capped_in_notebook_and_feedback(graded):
    """10 million lines and one 100 MB line leave small files: capped by characters, with a notice."""
    course, seconds, _, _, _ = graded
    for student in ("ten-million-lines", "one-100mb-line"):
        notebook = course / "autograded" / student / WARMUP / f"{WARMUP}.ipynb"
        feedback = course / "feedback" / student / WARMUP / f"{WARMUP}.html"
        for path in (notebook, feedback):
            assert path.stat().st_size < 1_500_000, f"{path} is {path.stat().st_size:,} bytes"
        text = "".join(o.get("text", "") for o in cell_by_id(nbformat.read(notebook, as_version=4),
                                                            "current_streak").outputs)
        # the character cap keeps 100,000 characters; nbgrader's line limit then keeps 1000 lines
        assert "output truncated" in text.lower() and len(text) <= 100_100, (student, len(text))
        assert "output truncated" in feedback.read_text().lower(), student


def test_deleted_test_cell_is_restored(graded):
    """A deleted test cell is put back (with nbgrader's notice) and run, not queued for manual grading."""
    course, _, logs, _, source = graded
    for student in ("deleted-test-cell-wrong", "deleted-test-cell-right"):
        nb = nbformat.read(course / "autograded" / student / WARMUP / f"{WARMUP}.ipynb", as_version=4)
        assert [nbgrader_meta(c).get("grade_id") for c in nb.cells if nbgrader_meta(c)] == \
               [nbgrader_meta(c).get("grade_id") for c in source.cells if nbgrader_meta(c)], student
        assert "Missing grade cell" in logs[student]


def test_edited_test_cell_is_restored(graded):
    course, _, _, _, source = graded
    nb = nbformat.read(course / "autograded" / "edited-test-cell" / WARMUP / f"{WARMUP}.ipynb", as_version=4)
    edited = TESTS_OF["current_streak"][0]
    assert cell_by_id(nb, edited).source == cell_by_id(source, edited).source


def test_spoofed_metadata_is_reset(graded):
    """Forged flags and points are replaced by the released ones, and the forged cell counts for nothing."""
    course, _, logs, _, _ = graded
    nb = nbformat.read(course / "autograded" / "spoofed-metadata" / WARMUP / f"{WARMUP}.ipynb", as_version=4)
    assert nbgrader_meta(cell_by_id(nb, "current_streak")).get("grade") is False
    assert "bonus" not in {nbgrader_meta(c).get("grade_id") for c in nb.cells}
    assert "forged nbgrader metadata" in logs["spoofed-metadata"]


def test_solutions_and_gradebook_out_of_reach(graded):
    """The kernel cannot see solutions/ or the gradebook; the feedback page shows no solution."""
    course, seconds, _, _, source = graded
    if "reads-solutions" not in seconds:
        pytest.skip("needs the isolated kernel: root on Linux")
    nb = nbformat.read(course / "autograded" / "reads-solutions" / WARMUP / f"{WARMUP}.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for o in cell_by_id(nb, "current_streak").outputs)
    assert "looked at []" in printed and "STOLEN" not in printed and "WROTE GRADEBOOK" not in printed, printed
    feedback = (course / "feedback" / "reads-solutions" / WARMUP / f"{WARMUP}.html").read_text()
    solution_line = strip_solution_markers(cell_by_id(source, "current_streak").source).splitlines()[3].strip()
    assert solution_line and solution_line not in feedback


def test_bombs_leave_nothing_behind(graded):
    """After the memory and fork bombs, the sandbox account runs no process and the machine is fine.

    Killed processes take a moment to exit (longer under load), so the fixture waits for them, at
    most ``LEFTOVER_WAIT`` seconds, before it looks."""
    _, seconds, logs, leftovers, _ = graded
    if "fork-bomb" not in seconds:
        pytest.skip("needs the isolated kernel: root on Linux")
    assert leftovers == [], f"processes of the sandbox account still running {LEFTOVER_WAIT} s after grading: {leftovers}"
    assert f"Autograding kernel isolated: runs as '{SANDBOX_USER}'" in "".join(logs.values())


# --- the sandbox launcher on its own (fast) -----------------------------------------------------

needs_root = pytest.mark.skipif(not isolation_available(), reason="needs the isolated kernel: root on Linux")
SANDBOX = [sys.executable, str(ROOT / "grader" / "sandbox.py"), "--package", "utils"]


@needs_root
def test_sandbox_shows_only_the_os_and_the_environment(tmp_path):
    """What a kernel sees: its own account, a private /tmp, read-only system, ``utils`` but no ``grader``, limits set."""
    course = tmp_path / "course"
    (course / "solutions").mkdir(parents=True)
    (course / "gradebook.db").write_text("secret")
    probe = ("import json, os, resource\n"
             f"course = {str(course)!r}\n"
             "def writable(p):\n"
             "    try:\n"
             "        open(p, 'w').close(); return True\n"
             "    except OSError:\n"
             "        return False\n"
             "def importable(name):\n"
             "    try:\n"
             "        __import__(name); return True\n"
             "    except Exception:\n"
             "        return False\n"
             "print(json.dumps({'uid': os.getuid(), 'course': os.path.exists(course), 'root_home': os.listdir('/root') if os.path.isdir('/root') else [],\n"
             "  'tmp': writable('/tmp/x'), 'usr': writable('/usr/x'), 'utils': os.path.isdir(os.path.dirname(\n"
             "  __import__('utils').__file__)), 'grader': importable('grader.limits'),\n"
             "  'nproc': resource.getrlimit(resource.RLIMIT_NPROC)[0], 'token': 'JUPYTERHUB_API_TOKEN' in os.environ}))\n")
    env = {**os.environ, "JUPYTERHUB_API_TOKEN": "do-not-leak"}
    done = subprocess.run(SANDBOX + ["--hide", str(course), "--", sys.executable, "-c", probe], cwd=course,
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["uid"] != 0 and not seen["course"] and not seen["token"], seen
    assert seen["tmp"] and not seen["usr"] and seen["utils"] and seen["nproc"] == 64, seen
    assert not seen["grader"], "a student kernel must not import the grading machinery"
    python_homes = {Path(p).relative_to("/root").parts[0] for p in (sys.base_prefix, sys.prefix)
                    if p.startswith("/root/")}
    assert set(seen["root_home"]) <= python_homes, seen  # /root shows only a Python that lives there


@needs_root
def test_sandbox_reads_only_what_its_caller_may(tmp_path):
    """Under sudo, the launcher reads the connection file as the calling account: no reading root's files."""
    import pwd
    secret = tmp_path / "root-only.json"
    secret.write_text('{"secret": "root only"}')
    secret.chmod(0o600)
    nobody = pwd.getpwnam("nobody")
    env = {**os.environ, "SUDO_UID": str(nobody.pw_uid), "SUDO_GID": str(nobody.pw_gid)}
    done = subprocess.run(SANDBOX + ["--no-copy-cwd", "--", sys.executable, "-c", "print(open('/tmp/.kernel/connection.json').read())",
                                     "-f", str(secret)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode != 0 and "root only" not in done.stdout, (done.stdout, done.stderr[-500:])
    assert "Permission" in done.stderr


@pytest.mark.skipif(not isolation_available(), reason="kernel isolation needs root on Linux")
def test_isolation_holds_when_the_environment_lives_in_the_course_folder(tmp_path):
    """A plain clone keeps .venv/ and utils/ inside the course folder: the sandbox shows just those.

    The probe must count the bare path to them as no leak, and still count anything else as one.
    """
    from grader.execute import IsolatedExecute, isolation_status

    course = Path(sys.prefix).parent  # the folder that holds this environment, as in a clone
    secret = tmp_path / "solutions"
    secret.mkdir()
    argv = IsolatedExecute().choose_launcher({})
    ok, reason = isolation_status(argv, [str(course)])
    assert ok, f"the environment's own folder should count as hidden: {reason}"
    ok, reason = isolation_status(argv, [str(tmp_path)])
    assert ok, reason
    exposed = argv + ["--expose", str(secret)]
    ok, reason = isolation_status(exposed, [str(tmp_path)])
    assert not ok and str(tmp_path) in reason, "a folder shown inside a hidden one must count as a leak"
