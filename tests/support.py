"""Shared test tools: where the course's notebooks are, and nbgrader run in-process.

nbgrader's commands spend most of their start-up importing; running them in this process
(as nbgrader's own test-suite does) keeps the pipeline tests fast. Every call still goes
through the real ``nbgrader`` command-line application with the course's config.
"""
from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat

from grader.limits import SANDBOX_ACCOUNT

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SOLUTION_MARKERS = re.compile(r"^\s*(### BEGIN SOLUTION|### END SOLUTION)\s*$")


def lesson_notebooks() -> list[Path]:
    return sorted((ROOT / "lessons").glob("*.ipynb"))


def assignments() -> list[str]:
    """Assignment ids: the folders of solutions/ that hold a notebook."""
    return sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def solution_notebooks() -> list[Path]:
    return sorted((ROOT / "solutions").glob("*/*.ipynb"))


def committed_notebooks() -> list[Path]:
    return sorted(p for folder in ("lessons", "solutions", "exercises") for p in (ROOT / folder).rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def autograded_test_cells(nb) -> dict[str, float]:
    """grade_id -> points of the autograded test cells (grade, not solution, code)."""
    return {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c).get("points", 0)) for c in nb.cells
            if nbgrader_meta(c).get("grade") and not nbgrader_meta(c).get("solution") and c.cell_type == "code"}


def answer_tests(nb) -> dict[str, list[str]]:
    """Answer grade_id -> grade_ids of the autograded test cells after it, up to the next answer."""
    tests: dict[str, list[str]] = {}
    current = None
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("solution") and not meta.get("grade"):
            current = meta["grade_id"]
            tests[current] = []
        elif current and cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            tests[current].append(meta["grade_id"])
    return tests


def graded_points(nb) -> dict[str, float]:
    """grade_id -> points of every graded cell: autograded tests and manually graded tasks."""
    return {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c).get("points", 0)) for c in nb.cells
            if nbgrader_meta(c).get("grade") or nbgrader_meta(c).get("task")}


def solution_cells(nb) -> dict[str, object]:
    return {nbgrader_meta(c)["grade_id"]: c for c in nb.cells
            if nbgrader_meta(c).get("solution") and not nbgrader_meta(c).get("grade")}


def strip_solution_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not SOLUTION_MARKERS.match(line))


def course_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    return env


@contextlib.contextmanager
def working_directory(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def run_nbgrader(args: list[str], cwd: Path) -> str:
    """Run ``nbgrader ARGS`` in this process with ``cwd`` as the course root; return its log.

    Raises ``RuntimeError`` with the log when the command exits non-zero.
    """
    from jupyter_core.application import NoStart
    from nbgrader.apps import NbGraderApp

    log = io.StringIO()
    old_env = os.environ.copy()
    os.environ.update(course_env())  # nbgrader calls `alembic` by bare name
    app = NbGraderApp.instance()
    code = 0
    with working_directory(cwd):
        try:
            app.initialize(list(args))
            app.init_logging(logging.StreamHandler, [log], color=False, subapps=True)
            app.start()
        except NoStart:
            code = 0
        except SystemExit as exit_:
            code = exit_.code or 0
        finally:
            app.reset()
            NbGraderApp.clear_instance()
            os.environ.clear()
            os.environ.update(old_env)
    if code:
        raise RuntimeError(f"nbgrader {' '.join(args)} exited {code}:\n{log.getvalue()[-4000:]}")
    return log.getvalue()


def make_course(tmp: Path) -> Path:
    """A private copy of the course's nbgrader setup (config + solutions) under ``tmp``."""
    course = tmp / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions", course / "solutions", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return course


def solved_copy(release_nb, source_nb):
    """The release notebook with every answer filled in from the solution source."""
    answers = {nbgrader_meta(c)["grade_id"]: c.source for c in source_nb.cells if nbgrader_meta(c).get("solution")}
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if nbgrader_meta(cell).get("solution") and grade_id in answers:
            cell.source = strip_solution_markers(answers[grade_id])
    return nb


def submit(course: Path, student: str, assignment: str, notebooks: dict[str, object]) -> None:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for name, nb in notebooks.items():
        nbformat.write(nb, folder / name)


def grades(course: Path, assignment: str, notebook: str, student: str) -> dict[str, float]:
    """grade_id -> score for every autograded cell of one submitted notebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission_notebook(notebook, assignment, student)
        return {g.name: float(g.score) for g in submission.grades if g.auto_score is not None}


# --- shared by the class-scale and hostile-submission tests ------------------------------------

WARMUP = "ex00_warmup"


def cell_by_id(nb, grade_id: str):
    """The cell of ``nb`` whose nbgrader grade_id is ``grade_id``."""
    return next(c for c in nb.cells if nbgrader_meta(c).get("grade_id") == grade_id)


def warmup_notebooks(course: Path) -> tuple[object, object]:
    """(source, release) of the warm-up exercise in ``course`` (run generate_assignment first)."""
    name = f"{WARMUP}.ipynb"
    source = nbformat.read(course / "solutions" / WARMUP / name, as_version=4)
    release = nbformat.read(course / "exercises" / WARMUP / name, as_version=4)
    return source, release


def sandbox_processes(user: str = SANDBOX_ACCOUNT) -> list[str]:
    """Processes the sandbox account still runs (there should be none once grading is over)."""
    import pwd
    try:
        uid = pwd.getpwnam(user).pw_uid
    except KeyError:
        return []
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    found.append(entry.name)
            except FileNotFoundError:
                pass
    return found


def sandbox_processes_after(seconds: float = 30.0, user: str = SANDBOX_ACCOUNT) -> list[str]:
    """The sandbox account's processes once they have exited, waiting at most ``seconds`` for them.

    A killed kernel's children (a fork bomb's thousands of them) are reaped by the kernel a moment
    after the grader moves on, more slowly on a busy machine: poll, and return what is still
    running when the time is up (an empty list as soon as there is none).
    """
    if seconds < 0:
        raise ValueError(f"seconds must be at least 0, got {seconds!r}")
    deadline = time.monotonic() + seconds
    while True:
        left = sandbox_processes(user)
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.2)


def isolation_available() -> bool:
    """True where the autograding kernel can be isolated (root on Linux), as in CI."""
    return sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0


def answer_file(folder: str, assignment: str, name: str, optional: bool = False) -> dict:
    """The table ``name`` of ``tests/<folder>/<assignment>.py`` (wrong or alternative answers), loaded by path.

    The answer files are data, not test modules (their names repeat across the two folders), so they
    are loaded here rather than imported. A missing file gives {}; a missing table gives {} only if
    ``optional``.
    """
    import importlib.util

    path = ROOT / "tests" / folder / f"{assignment}.py"
    if not path.exists():
        return {}
    spec = importlib.util.spec_from_file_location(f"{folder}_{assignment}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name, {}) if optional else getattr(module, name)
