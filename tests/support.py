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


# --- a mixed class, for parallel grading, the PostgreSQL gradebook and the item-analysis report ------

# Trouble put in front of a submission's first answer (kind -> code); the bombs need the isolated kernel.
HOSTILE_CODE = {
    "infinite-loop": "while True:\n    pass\n",
    "error-at-import": "import a_module_that_does_not_exist\n",
    "one-long-line": 'print("x" * 5_000_000)\n',
    "memory-bomb": "blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 1024 ** 2))\n",
    "fork-bomb": "import os\nwhile True:\n    os.fork()\n",
}
NEEDS_ISOLATION = {"memory-bomb", "fork-bomb"}
LATE = "2026-03-08 18:30:00 UTC"  # with DUE below: 1 day and 1.5 hours late, two started days: 20%
DUE = "2026-03-07 17:00:00 UTC"
ON_TIME = "2026-03-07 09:00:00 UTC"


def mixed_class(course: Path, assignment: str, hostile: bool = True) -> list[str]:
    """Write a mixed class of submissions of ``assignment`` into ``course``; return the student ids.

    Solutions (one on time, one late), the blank release, every wrong answer, every set of
    alternative answers, an edited and a deleted test cell and, if ``hostile``, each kind of
    ``HOSTILE_CODE`` (the bombs only where the kernel can be isolated). Every submission carries a
    ``timestamp.txt``. Run ``generate_assignment`` first; give the assignment the due date ``DUE``.
    """
    name = f"{assignment}.ipynb"
    source = nbformat.read(course / "solutions" / assignment / name, as_version=4)
    release = nbformat.read(course / "exercises" / assignment / name, as_version=4)
    answers, tests = list(solution_cells(source)), list(autograded_test_cells(source))
    kinds: dict[str, object] = {"solved": solved_copy(release, source), "solved-late": solved_copy(release, source),
                                "blank": release}
    for answer_id, wrong in answer_file("wrong_answers", assignment, "WRONG_ANSWERS").items():
        nb = solved_copy(release, source)
        cell_by_id(nb, answer_id).source = wrong["source"]
        kinds[f"wrong-{answer_id}".replace("_", "-")] = nb
    alternatives = answer_file("alternative_answers", assignment, "ALTERNATIVE_ANSWERS")
    for k in range(max((len(v) for v in alternatives.values()), default=0)):
        nb = solved_copy(release, source)
        for answer_id, entries in alternatives.items():
            if k < len(entries) and answer_id in answers:
                cell_by_id(nb, answer_id).source = entries[k]["source"]
        kinds[f"alt-{k + 1}"] = nb
    edited = solved_copy(release, source)
    cell_by_id(edited, tests[0]).source = "assert True  # tests? what tests?\n"
    cell_by_id(edited, answers[0]).source = "pass\n"
    kinds["edited-test-cell"] = edited
    deleted = solved_copy(release, source)
    deleted.cells.remove(cell_by_id(deleted, tests[-1]))
    kinds["deleted-test-cell"] = deleted
    if hostile:
        for kind, code in HOSTILE_CODE.items():
            if kind in NEEDS_ISOLATION and not isolation_available():
                continue
            nb = solved_copy(release, source)
            cell_by_id(nb, answers[0]).source = code + cell_by_id(nb, answers[0]).source
            kinds[kind] = nb
    for student, nb in kinds.items():
        submit(course, student, assignment, {name: nb})
        stamp = LATE if student == "solved-late" else ON_TIME
        (course / "submitted" / student / assignment / "timestamp.txt").write_text(stamp + "\n")
    return list(kinds)


def gradebook_rows(db_url: str, assignment: str) -> dict[str, dict]:
    """student -> {"cells": {grade_id: (auto_score, manual)}, "penalty": late penalty, "score": total}."""
    from nbgrader.api import Gradebook

    rows = {}
    with Gradebook(db_url) as gb:
        for submission in gb.find_assignment(assignment).submissions:
            cells = {g.name: (None if g.auto_score is None else float(g.auto_score), bool(g.needs_manual_grade))
                     for nb in submission.notebooks for g in nb.grades}
            rows[submission.student.id] = {"cells": cells, "penalty": float(submission.late_submission_penalty or 0),
                                           "score": float(submission.score)}
    return rows


ADDRESS = re.compile(r"0x[0-9a-f]{6,}")
# nbgrader gives a grade cell it puts back (the student had deleted it) a new random cell id
CELL_ID = re.compile(r"cell-id=[0-9a-f-]+")


def same_page(html: str) -> str:
    """A feedback page with what differs between two gradings of the same notebook masked: memory
    addresses in printed objects and the random id of a cell nbgrader put back."""
    return CELL_ID.sub("cell-id=…", ADDRESS.sub("0x…", html))


# Submissions whose outputs differ from one grading to the next by nature: a fork bomb's copies of the kernel
# all write to the cell's output, so what it shows depends on the scheduler (seen once in about ten runs).
# Their grades are still compared exactly; of their outputs, only which cells show an error.
RACY_OUTPUTS = {"fork-bomb"}


def autograded_outputs(course: Path, assignment: str) -> dict[str, list]:
    """student -> every cell's (source, outputs) in their autograded notebook, memory addresses masked
    (for RACY_OUTPUTS, every cell's (source, whether it shows an error))."""
    found = {}
    for path in sorted((course / "autograded").glob(f"*/{assignment}/{assignment}.ipynb")):
        nb = nbformat.read(path, as_version=4)
        student = path.parents[1].name
        if student in RACY_OUTPUTS:
            cells = [(c.source, any(o.get("output_type") == "error" for o in c.get("outputs", []))) for c in nb.cells]
        else:
            cells = [(c.source, ADDRESS.sub("0x…", json.dumps(c.get("outputs", []), sort_keys=True))) for c in nb.cells]
        found[student] = cells
    return found


def graded_twice(tmp: Path, assignment: str, db_urls: dict[str, str] | None = None, workers: int = 2,
                 timeout: int = 5, hostile: bool = True) -> dict[str, Path]:
    """The same mixed class graded serially (one ``nbgrader autograde``) and by the pool, in two courses.

    Returns {"serial": course, "parallel": course}; each has its gradebook (``db_urls[mode]``, else
    SQLite in the course), autograded notebooks, feedback and ``grades.csv``.
    """
    from grader.pool import autograde_class, lease_accounts

    courses = {}
    for mode in ("serial", "parallel"):
        (tmp / mode).mkdir()
        course = courses[mode] = make_course(tmp / mode)
        if db_urls:
            with (course / "nbgrader_config.py").open("a") as config:
                config.write(f"\nc.CourseDirectory.db_url = {db_urls[mode]!r}\n")
        run_nbgrader(["db", "assignment", "add", assignment, f"--duedate={DUE}"], course)
        run_nbgrader(["generate_assignment", assignment, "--force"], course)
        mixed_class(course, assignment, hostile=hostile)
        options = ["--force", f"--Execute.timeout={timeout}"]
        if mode == "serial":
            with lease_accounts(1) as (account,):
                run_nbgrader(["autograde", assignment, *options, f"--IsolatedExecute.sandbox_user={account}"], course)
        else:
            outcomes = autograde_class(course, assignment, workers, nbgrader_args=options, echo=lambda line: None)
            failed = {o.student: o.log[-2000:] for o in outcomes if o.returncode}
            assert not failed, f"parallel autograde failed for {sorted(failed)}: {failed}"
        run_nbgrader(["generate_feedback", assignment, "--force"], course)
        run_nbgrader(["export", "--to", "grades.csv"], course)
    return courses


def assert_same_grades(serial_rows: dict, parallel_rows: dict) -> None:
    """The two gradebooks agree on every student's every cell, penalty and total, and the grades make sense."""
    assert sorted(parallel_rows) == sorted(serial_rows)
    for student in serial_rows:
        assert parallel_rows[student] == serial_rows[student], student
    source = nbformat.read(ROOT / "solutions" / WARMUP / f"{WARMUP}.ipynb", as_version=4)
    full = sum(autograded_test_cells(source).values())
    auto = {s: sum(v for c, (v, _) in row["cells"].items() if c in autograded_test_cells(source) and v)
            for s, row in serial_rows.items()}
    assert auto["solved"] == auto["solved-late"] == full and auto["blank"] == 0, auto
    assert abs(serial_rows["solved-late"]["penalty"] - 0.2 * full) < 1e-9, serial_rows["solved-late"]
    assert serial_rows["solved"]["penalty"] == 0
    for kind in HOSTILE_CODE:
        if kind in serial_rows and kind != "one-long-line":
            assert auto[kind] < full, f"{kind} kept every point: {serial_rows[kind]}"
    assert auto.get("one-long-line", full) == full and auto["deleted-test-cell"] == full, auto


# --- a PostgreSQL server on loopback, for the gradebook tests ---------------------------------------

def postgres_bin() -> Path | None:
    """The folder of PostgreSQL's server programs (Debian's package puts them under /usr/lib/postgresql/)."""
    import glob
    import shutil

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresServer:
    """A throw-away PostgreSQL server on 127.0.0.1 (a free port), password login, stopped by ``stop``.

    As root it runs as Debian's ``postgres`` account (PostgreSQL refuses to run as root).
    """

    def __init__(self, bindir: Path):
        import pwd
        import secrets
        import socket
        import subprocess
        import tempfile

        self.bindir = bindir
        self.user, self.password = "scored", secrets.token_hex(12)
        self.folder = Path(tempfile.mkdtemp(prefix="scored-pg-"))
        self.data, self.log = self.folder / "data", self.folder / "server.log"
        self.account = None
        if os.geteuid() == 0:
            self.account = pwd.getpwnam("postgres")
            os.chown(self.folder, self.account.pw_uid, self.account.pw_gid)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        pwfile = self.folder / "pw"
        pwfile.write_text(self.password + "\n")
        if self.account:
            os.chown(pwfile, self.account.pw_uid, self.account.pw_gid)
        self._run(["initdb", "-D", str(self.data), "-U", self.user, f"--pwfile={pwfile}", "--auth-host=scram-sha-256",
                   "--auth-local=scram-sha-256", "-E", "UTF8", "--no-sync"])
        pwfile.unlink()
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c max_connections=200"
        self._run(["pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "-t", "60", "start"])

    def _run(self, command: list[str]) -> None:
        import subprocess

        done = subprocess.run([str(self.bindir / command[0])] + command[1:], capture_output=True, text=True,
                              user=self.account.pw_uid if self.account else None,
                              group=self.account.pw_gid if self.account else None, cwd=self.folder, timeout=120)
        if done.returncode:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{command[0]} exited {done.returncode}: {done.stderr[-2000:]}\n{log}")

    def url(self, database: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create database ``name``; return its SQLAlchemy URL (psycopg 3 driver, named explicitly)."""
        import psycopg

        with psycopg.connect(self.url(driver="postgresql"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        import shutil

        try:
            self._run(["pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
