"""Benchmark of class-sized autograding (a script, not a test): .venv/bin/python benchmarks/bench_grading.py

Prints, from one run on this machine, with the course's real ``nbgrader_config.py`` in a private
copy of the course (nothing in the repository changes):

1. the autograding time of one solved submission of every exercise (a probe), to find the
   heaviest exercise (or the one given with ``--exercise``);
2. one ``nbgrader autograde`` of that exercise over 60 synthetic submissions, as an instructor
   runs it: 30 correct, 12 wrong (the plausibly wrong answers of ``tests/wrong_answers/``, in
   turn), 9 correct but warning (stderr in every graded cell) and 9 hostile (in turn: an
   infinite loop, which costs one cell timeout; 100 million characters of output; a memory bomb);
3. submissions per minute, the time per submission (median and slowest, from nbgrader's log),
   the peak memory of the grading process and of the largest kernel, and what that means for
   a class of 300.

``--students N`` changes the 60 (the mix keeps its shares); ``--cell-timeout S`` the course's
60 s per cell. ``--workers K`` (with ``--exercise``, to skip the probe) grades the same mix with K
``nbgrader autograde`` processes at once, each on its share of the students and with a sandbox
account of its own (``scored-sandbox-w1`` ...: the process limit is per account, so workers
sharing one account could starve each other's kernels); compare its rate with a run of one worker. Kernels are isolated (and the memory bomb contained) only when run as root on
Linux, as on a grading server; the output says which.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import nbformat  # noqa: E402

from support import (answer_file, assignments, autograded_test_cells, cell_by_id, grades, make_course,  # noqa: E402
                     run_nbgrader, solution_cells, solved_copy, submit)

MIX = (("correct", 30), ("wrong", 12), ("warning", 9), ("hostile", 9))  # out of 60
HOSTILE = {
    "infinite-loop": "while True:\n    pass\n",
    "output-flood": 'print("x" * 100_000_000)\n',
    "memory-bomb": "blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 1024 ** 2))\n",
}
WARNING = ("import sys, warnings\n"
           "warnings.warn('a harmless warning from the student', RuntimeWarning)\n"
           "sys.stderr.write('debug output on stderr\\n')\n")
def warn_on_call(source: str) -> str:
    """``source`` with each top-level function wrapped to warn on stderr whenever it is called."""
    import ast
    try:
        names = [node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]
    except SyntaxError:
        return source
    wrappers = "".join(f"_bench_{n} = {n}\n"
                       f"def {n}(*args, **kwargs):\n"
                       f"    import warnings\n"
                       f"    warnings.warn('{n} was called (a harmless warning)', RuntimeWarning, stacklevel=2)\n"
                       f"    return _bench_{n}(*args, **kwargs)\n" for n in names)
    return source + "\n" + wrappers


EXECUTED = re.compile(r"Executed (\S+) in ([0-9.]+) s")


def notebooks(course: Path, assignment: str):
    name = f"{assignment}.ipynb"
    source = nbformat.read(course / "solutions" / assignment / name, as_version=4)
    release = nbformat.read(course / "exercises" / assignment / name, as_version=4)
    return name, source, release


def probe(course: Path, timeout: int) -> dict[str, float]:
    """Seconds to autograde one solved submission of each exercise."""
    seconds = {}
    for assignment in assignments():
        run_nbgrader(["generate_assignment", assignment, "--force"], course)
        name, source, release = notebooks(course, assignment)
        submit(course, "probe", assignment, {name: solved_copy(release, source)})
        started = time.perf_counter()
        run_nbgrader(["autograde", assignment, "--student", "probe", "--force", f"--Execute.timeout={timeout}"], course)
        seconds[assignment] = time.perf_counter() - started
        print(f"  {assignment:28s} {seconds[assignment]:6.1f} s", flush=True)
    return seconds


def make_submissions(course: Path, assignment: str, students: int, workers: int = 1) -> dict[str, str]:
    """Write ``students`` synthetic submissions; return student id -> kind."""
    name, source, release = notebooks(course, assignment)
    answers = list(solution_cells(source))
    wrong = list(answer_file("wrong_answers", assignment, "WRONG_ANSWERS").items())
    total = sum(n for _, n in MIX)
    counts = {kind: round(n * students / total) for kind, n in MIX}
    counts["correct"] += students - sum(counts.values())
    kinds: dict[str, str] = {}
    for kind, n in counts.items():
        for i in range(n):
            nb = solved_copy(release, source)
            label = kind
            if kind == "wrong" and wrong:
                answer_id, entry = wrong[i % len(wrong)]
                cell_by_id(nb, answer_id).source = entry["source"]
                label = f"wrong:{answer_id}"
            elif kind == "warning":
                first = cell_by_id(nb, answers[0])
                first.source = WARNING + "warnings.simplefilter('always')\n" + first.source
                for answer_id in answers:  # test cells are restored on autograde: warn from the answers
                    cell = cell_by_id(nb, answer_id)
                    cell.source = warn_on_call(cell.source)
            elif kind == "hostile":
                trouble = list(HOSTILE)[i % len(HOSTILE)]
                first = cell_by_id(nb, answers[0])
                first.source = HOSTILE[trouble] + first.source
                label = f"hostile:{trouble}"
            number = len(kinds) + 1
            student = f"w{number % workers + 1}-s{number:03d}-{kind}"
            submit(course, student, assignment, {name: nb})
            kinds[student] = label
    return kinds


def parallel_autograde(course: Path, exercise: str, timeout: int, workers: int) -> str:
    """``workers`` nbgrader processes at once, each on its share of the students, each with its own account."""
    import subprocess
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([str(Path(sys.executable).parent / "nbgrader"), "autograde", exercise, "--force",
                               f"--student=w{k}-*", f"--Execute.timeout={timeout}",
                               f"--IsolatedExecute.sandbox_user=scored-sandbox-w{k}"],
                              cwd=course, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for k in range(1, workers + 1)]
    logs = [proc.communicate()[0] for proc in procs]
    for k, (proc, log) in enumerate(zip(procs, logs), start=1):
        if proc.returncode:
            print(f"   worker {k} exited {proc.returncode}: {log[-1500:]}")
    return "\n".join(logs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--exercise", help="exercise id (default: the slowest solved submission in a probe)")
    parser.add_argument("--students", type=int, default=60, help="synthetic submissions (at least 4)")
    parser.add_argument("--cell-timeout", type=int, default=None, help="seconds per cell (default: the course's)")
    parser.add_argument("--class-size", type=int, default=300, help="class size to extrapolate to")
    parser.add_argument("--workers", type=int, default=1, help="autograde processes at once (1 to 8)")
    args = parser.parse_args()
    if args.students < 4:
        parser.error(f"--students must be at least 4, got {args.students}")
    if not 1 <= args.workers <= 8:
        parser.error(f"--workers must be between 1 and 8, got {args.workers}")
    from grader import limits
    timeout = args.cell_timeout or limits.CELL_TIMEOUT
    isolated = sys.platform.startswith("linux") and os.geteuid() == 0
    print(f"cores: {os.cpu_count()}; kernels isolated: {'yes' if isolated else 'NO (not root on Linux)'}; "
          f"cell timeout: {timeout} s")

    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        course = make_course(tmp)
        exercise = args.exercise
        if exercise is None:
            print("1. one solved submission per exercise (autograde seconds, kernel start included):")
            seconds = probe(course, timeout)
            exercise = max(seconds, key=seconds.get)
            print(f"   heaviest: {exercise}")
        else:
            run_nbgrader(["generate_assignment", exercise, "--force"], course)
        kinds = make_submissions(course, exercise, args.students, args.workers)
        mix = {k: sum(1 for v in kinds.values() if v.split(":")[0] == k) for k, _ in MIX}
        print(f"2. autograde {exercise}: {len(kinds)} submissions {mix}, {args.workers} worker(s)", flush=True)
        started = time.perf_counter()
        if args.workers == 1:
            log = run_nbgrader(["autograde", exercise, "--force", f"--Execute.timeout={timeout}"], course)
        else:
            log = parallel_autograde(course, exercise, timeout, args.workers)
        wall = time.perf_counter() - started

        per = [float(s) for _, s in EXECUTED.findall(log)]
        name, source, _ = notebooks(course, exercise)
        full = autograded_test_cells(source)
        kept = {}
        for student, kind in kinds.items():
            got = grades(course, exercise, name[:-len(".ipynb")], student)
            kept.setdefault(kind.split(":")[0], []).append(sum(got.get(c, 0) for c in full) / sum(full.values()))
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        kernels = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # with workers: any one process
        rate = len(kinds) / wall * 60
        print(f"3. results for {len(kinds)} submissions of {exercise}:")
        print(f"   wall-clock: {wall:.0f} s -> {rate:.1f} submissions per minute")
        if per:
            print(f"   notebook execution per submission: median {statistics.median(per):.1f} s, "
                  f"slowest {max(per):.1f} s (the rest is nbgrader's own work and kernel start-up)")
        if args.workers == 1:
            print(f"   peak memory: grading process {own:.0f} MiB; largest kernel {kernels:.0f} MiB")
        else:
            print(f"   peak memory of the largest single process (a worker or a kernel): {kernels:.0f} MiB")
        print("   share of the autograded points kept, by kind: "
              + ", ".join(f"{k} {statistics.mean(v):.0%}" for k, v in kept.items()))
        minutes = args.class_size / rate
        print(f"   a class of {args.class_size}: about {minutes:.0f} minutes for one exercise "
              f"at this mix, {args.workers} worker(s)")
        artifacts = ROOT / "artifacts"
        artifacts.mkdir(exist_ok=True)
        (artifacts / f"bench-grading-{args.workers}w.json").write_text(json.dumps({
            "exercise": exercise, "submissions": len(kinds), "mix": mix, "wall_seconds": round(wall, 1),
            "per_minute": round(rate, 2), "median_execution_seconds": round(statistics.median(per), 2) if per else None,
            "peak_grader_mib": round(own), "peak_kernel_mib": round(kernels), "isolated": isolated,
            "cell_timeout": timeout, "cores": os.cpu_count(), "workers": args.workers}, indent=2) + "\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
