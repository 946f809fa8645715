"""Autograde a class in parallel on one machine: nbgrader's ``autograde --student S`` for each student.

nbgrader grades the submissions of one ``autograde`` call one after another (nbgrader's issue
174). Each student's grading is independent of the others', though, so this module runs
nbgrader's own ``autograde EXERCISE --student S`` for each student, ``workers`` students at a
time, all against the one gradebook that ``nbgrader_config.py`` names (SQLite by default,
PostgreSQL by ``db_url``). The grades, feedback and late penalties are those of a serial
``nbgrader autograde`` (``tests/test_parallel_grading.py`` compares them over a mixed class,
with SQLite and with PostgreSQL).

Each worker is one process per sandbox account from ``limits.SANDBOX_POOL``, which runs the
nbgrader application once per student, in-process, as nbgrader's own test suite does: Python
and nbgrader start once per worker, not once per student (measured: the start costs 2.5 s on a
quiet core and up to 10 s on a busy one, about what grading the heaviest exercise costs). The
process limit is per account, so one student's fork bomb cannot starve the kernel of a student
graded beside it. A running grader holds a lock file per account it uses
(``limits.LEASE_DIR``), so two graders on one machine (two courses, or test runs) never share an
account either.

    python3 course.py autograde EXERCISE [--workers N] [--student ID ...] [-- NBGRADER OPTIONS]
    python -m grader.pool EXERCISE --index K    the K-th student only (a Kubernetes Indexed Job pod)
    python -m grader.pool EXERCISE --list       the students, with their index

Options after ``--`` go to every student's ``nbgrader autograde`` (``--force``, ``--Execute.timeout=10``, ...).
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import queue
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import limits
from .startup import python_module_command

__all__ = ["Outcome", "Worker", "autograde_argv", "autograde_class", "lease_accounts", "main", "parse", "pick",
           "prepare_gradebook", "run_nbgrader_app", "submitted_students"]

SQLITE_BUSY_TIMEOUT = 60  # seconds a worker waits for another's write to the SQLite gradebook


@dataclass
class Outcome:
    """How one student's ``nbgrader autograde`` went."""

    student: str
    account: str
    returncode: int
    seconds: float
    log: str


@contextlib.contextmanager
def lease_accounts(count: int, pool: tuple[str, ...] = limits.SANDBOX_POOL, lease_dir: str = limits.LEASE_DIR,
                   wait: float = 600.0):
    """Hold up to ``count`` accounts of ``pool`` that no other process on this machine holds.

    Yields the list of account names (at least one: waits up to ``wait`` seconds for one to be
    free). The locks are released when the block ends or the process dies.
    """
    if not 1 <= count <= len(pool):
        raise ValueError(f"count must be between 1 and {len(pool)} (the pool's size), got {count!r}")
    os.makedirs(lease_dir, mode=0o1777, exist_ok=True)
    held: list[tuple[str, int]] = []
    deadline = time.monotonic() + wait
    try:
        while True:
            for name in pool:
                if len(held) == count:
                    break
                fd = os.open(os.path.join(lease_dir, f"{name}.lock"), os.O_RDWR | os.O_CREAT, 0o666)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                held.append((name, fd))
            if held:
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"every sandbox account of the pool is held by another grader (locks in {lease_dir})")
            time.sleep(1.0)
        yield [name for name, _ in held]
    finally:
        for _, fd in held:
            os.close(fd)


def course_directory(course: Path, nbgrader_args: list[str]):
    """nbgrader's CourseDirectory for ``course``, read from its config as ``nbgrader`` reads it."""
    from nbgrader.apps.baseapp import NbGrader

    old = os.getcwd()
    os.chdir(course)
    try:
        app = NbGrader()
        app.initialize([a for a in nbgrader_args if a.startswith("--") and "=" in a])
        return app.coursedir
    finally:
        os.chdir(old)


def submitted_students(coursedir, exercise: str) -> list[str]:
    """Sorted ids of the students with a submission of ``exercise`` under ``submitted/``."""
    import glob

    pattern = coursedir.format_path(coursedir.submitted_directory, "*", exercise)
    root = Path(coursedir.format_path(coursedir.submitted_directory, ".", "."))
    return sorted(Path(folder).relative_to(root).parts[0] for folder in glob.glob(pattern)
                  if os.path.isdir(folder) and os.listdir(folder))


def prepare_gradebook(db_url: str, course_id: str, exercise: str, students: list[str]) -> None:
    """Check the exercise is in the gradebook and add missing students, once, before workers start.

    ``nbgrader autograde`` would add a missing student itself; doing it here first keeps
    workers from creating rows at the same moment.
    """
    from nbgrader.api import Gradebook, MissingEntry

    os.environ["PATH"] = _environment()["PATH"]  # nbgrader's Gradebook runs `alembic` by its bare name
    with Gradebook(db_url, course_id) as gb:
        try:
            gb.find_assignment(exercise)
        except MissingEntry:
            raise SystemExit(f"[scored] {exercise} is not in the gradebook: run "
                             f"`python3 course.py nbgrader generate_assignment {exercise}` first") from None
        known = {s.id for s in gb.students}
        for student in students:
            if student not in known:
                gb.update_or_create_student(student)


def gradebook_url(db_url: str, course: Path, seconds: int = SQLITE_BUSY_TIMEOUT) -> str:
    """``db_url`` as every worker must use it: a relative SQLite path made absolute (it is relative to
    the course folder), with a busy timeout so a worker waits ``seconds`` for another's write.
    Any other database's URL is unchanged.

    Examples
    --------
    >>> gradebook_url("sqlite:///gradebook.db", Path("/srv/scored"))
    'sqlite:////srv/scored/gradebook.db?timeout=60'
    >>> gradebook_url("postgresql+psycopg://grader@db/scored", Path("/srv/scored"))
    'postgresql+psycopg://grader@db/scored'
    """
    prefix = "sqlite:///"
    if not db_url.startswith(prefix) or "?" in db_url:
        return db_url
    path = db_url[len(prefix):]
    if path != ":memory:" and not os.path.isabs(path):
        path = os.path.join(str(course), path)
    return f"{prefix}{path}?timeout={seconds}"


def autograde_argv(exercise: str, student: str, account: str, nbgrader_args: list[str] = ()) -> list[str]:
    """nbgrader's command line that grades one student: ``autograde EXERCISE --student S``, its kernels
    run as ``account``. ``student`` is matched literally (nbgrader reads it as a pattern: glob
    characters are escaped).

    Examples
    --------
    >>> autograde_argv("ex09_fairer_scoring", "alice", "scored-sandbox-2", ["--force"])
    ['autograde', 'ex09_fairer_scoring', '--student=alice', '--IsolatedExecute.sandbox_user=scored-sandbox-2', '--force']
    """
    literal = re.sub(r"([*?\[])", r"[\1]", student)
    return ["autograde", exercise, f"--student={literal}", f"--IsolatedExecute.sandbox_user={account}", *nbgrader_args]


def run_nbgrader_app(argv: list[str]) -> tuple[int, str]:
    """Run ``nbgrader ARGV`` in this process, as nbgrader's own test suite does; (exit code, its log).

    A fresh application each time, with the course's configuration read again: only Python's
    and nbgrader's start-up are shared between the students a worker grades.
    """
    import io
    import logging
    import traceback

    from jupyter_core.application import NoStart
    from nbgrader.apps import NbGraderApp

    log = io.StringIO()
    app = NbGraderApp.instance()
    code = 0
    try:
        app.initialize(list(argv))
        app.init_logging(logging.StreamHandler, [log], color=False, subapps=True)
        app.start()
    except NoStart:
        pass
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except Exception:  # noqa: BLE001  (one student's failure is reported, the worker goes on)
        code = 1
        log.write(traceback.format_exc())
    finally:
        app.reset()
        NbGraderApp.clear_instance()
    return code, log.getvalue()


def worker_main(exercise: str, account: str, nbgrader_args: list[str]) -> int:
    """A worker: read student ids from stdin, one a line; grade each; answer one JSON line each on stdout.

    Whatever else writes to standard output (a library, a kernel's start-up) goes to stderr, so
    that the answers stay one per line.
    """
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    for line in sys.stdin:
        student = line.rstrip("\n")
        if not student:
            continue
        code, log = run_nbgrader_app(autograde_argv(exercise, student, account, nbgrader_args))
        answers.write(json.dumps({"student": student, "returncode": code, "log": log}) + "\n")
    return 0


class Worker:
    """A worker process for one sandbox account: Python and nbgrader start once, then grade student
    after student (``python -m grader.pool EXERCISE --worker ACCOUNT``)."""

    def __init__(self, course: Path, exercise: str, account: str, nbgrader_args: list[str]):
        import subprocess
        import tempfile

        self.account = account
        self.errors = tempfile.TemporaryFile(mode="w+")
        command = python_module_command(sys.executable, "grader.pool",
                                        [exercise, "--worker", account, "--course", str(course), "--", *nbgrader_args])
        self.process = subprocess.Popen(command, cwd=course, env=_environment(), stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self.errors, text=True, bufsize=1)

    def grade(self, student: str) -> tuple[int, str]:
        """(exit code, log) of grading ``student``; -1 and the worker's last words if it died meanwhile."""
        try:
            self.process.stdin.write(student + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        except (BrokenPipeError, OSError):
            answer = ""
        if not answer:
            self.process.wait()
            self.errors.seek(0)
            return -1, f"the worker process ended (exit {self.process.returncode}):\n{self.errors.read()[-3000:]}"
        reply = json.loads(answer)
        return reply["returncode"], reply["log"]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait()
        self.errors.close()


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")  # nbgrader runs `alembic`
    return env


def _can_create_accounts() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0


def autograde_class(course: Path, exercise: str, workers: int, students: list[str] | None = None,
                    nbgrader_args: list[str] = (), echo=print) -> list[Outcome]:
    """Grade ``students`` (default: every submission of ``exercise``) with ``workers`` processes at once."""
    course = Path(course).resolve()
    args = list(nbgrader_args)
    coursedir = course_directory(course, args)
    everyone = submitted_students(coursedir, exercise)
    chosen = everyone if students is None else [s for s in everyone if s in set(students)]
    missing = sorted(set(students or []) - set(everyone))
    if missing:
        raise SystemExit(f"[scored] no submission of {exercise} under submitted/ for {', '.join(missing)}")
    if not chosen:
        echo(f"[scored] no submissions of {exercise} under {coursedir.submitted_directory}/: nothing to grade")
        return []
    db_url = gradebook_url(coursedir.db_url, course)
    prepare_gradebook(db_url, coursedir.course_id, exercise, chosen)
    args = [a for a in args if not a.startswith("--CourseDirectory.db_url=")] + [f"--CourseDirectory.db_url={db_url}"]
    with lease_accounts(min(workers, len(chosen))) as accounts:
        if _can_create_accounts():
            from .sandbox import ensure_account

            for account in accounts:  # one at a time: useradd locks /etc/passwd
                ensure_account(account)
        echo(f"[scored] autograding {len(chosen)} submission(s) of {exercise} with {len(accounts)} worker(s), "
             f"kernels as {', '.join(accounts)}")
        idle: queue.Queue[Worker] = queue.Queue()
        for account in accounts:
            idle.put(Worker(course, exercise, account, args))
        done: list[Outcome] = []

        def grade(student: str) -> Outcome:
            worker = idle.get()
            started = time.perf_counter()
            try:
                code, log = worker.grade(student)
                if code == -1:  # the worker died (not a student's failure alone): start a new one
                    worker.close()
                    worker = Worker(course, exercise, worker.account, args)
            finally:
                idle.put(worker)
            outcome = Outcome(student, worker.account, code, time.perf_counter() - started, log)
            done.append(outcome)
            status = "graded" if outcome.returncode == 0 else f"FAILED (exit {outcome.returncode})"
            echo(f"[scored] [{len(done)}/{len(chosen)}] {student}: {status} in {outcome.seconds:.1f} s")
            if outcome.returncode:
                echo(outcome.log[-3000:])
            return outcome

        try:
            with ThreadPoolExecutor(max_workers=len(accounts)) as executor:
                outcomes = list(executor.map(grade, chosen))
        finally:
            while not idle.empty():
                idle.get().close()
    return outcomes


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """The command line: (options, the nbgrader options after ``--``). ``--index`` stays a string here
    (a Kubernetes manifest holds ``$(JOB_COMPLETION_INDEX)``, which the cluster fills in)."""
    nbgrader_args = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(prog="python3 course.py autograde", description=__doc__.split("\n\n")[0])
    parser.add_argument("exercise", help="the exercise id (its folder in solutions/)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help=f"students graded at once (default: this machine's CPUs; at most {limits.POOL_SIZE})")
    parser.add_argument("--student", action="append", help="grade only this student (repeat for several)")
    parser.add_argument("--index", help="grade only the student at this index of the sorted list "
                                        "(a Kubernetes Indexed Job's JOB_COMPLETION_INDEX)")
    parser.add_argument("--list", action="store_true", help="print the students with their index, grade nothing")
    parser.add_argument("--course", default=".", help="the course folder (default: the current folder)")
    parser.add_argument("--worker", metavar="ACCOUNT", help=argparse.SUPPRESS)  # internal: one worker process
    args = parser.parse_args(argv)
    if not 1 <= args.workers <= limits.POOL_SIZE:
        parser.error(f"--workers must be between 1 and {limits.POOL_SIZE}, got {args.workers}")
    return args, nbgrader_args


def pick(students: list[str], index: int) -> str:
    """The student at ``index`` of the sorted list (what one pod of an Indexed Job grades).

    Examples
    --------
    >>> pick(["alice", "bob"], 1)
    'bob'
    >>> pick(["alice", "bob"], 2)
    Traceback (most recent call last):
    ...
    ValueError: --index must be between 0 and 1 (2 submissions), got 2
    """
    if not 0 <= index < len(students):
        raise ValueError(f"--index must be between 0 and {len(students) - 1} ({len(students)} submissions), got {index}")
    return students[index]


def main(argv: list[str] | None = None) -> int:
    args, nbgrader_args = parse(list(sys.argv[1:] if argv is None else argv))
    course = Path(args.course).resolve()
    if args.worker:
        return worker_main(args.exercise, args.worker, nbgrader_args)
    students = args.student
    if args.list or args.index is not None:
        everyone = submitted_students(course_directory(course, nbgrader_args), args.exercise)
        if args.list:
            for index, student in enumerate(everyone):
                print(index, student)
            return 0
        try:
            students = [pick(everyone, int(args.index))]
        except ValueError as error:
            print(f"[scored] {error}", file=sys.stderr)
            return 2
    started = time.perf_counter()
    outcomes = autograde_class(course, args.exercise, args.workers, students, nbgrader_args)
    failed = [o.student for o in outcomes if o.returncode]
    wall = time.perf_counter() - started
    print(f"[scored] {len(outcomes) - len(failed)} of {len(outcomes)} graded in {wall:.0f} s"
          + (f"; FAILED: {', '.join(failed)} (their logs are above)" if failed else ""), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
