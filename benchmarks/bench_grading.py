"""Benchmark of class-sized autograding (a script, not a test): .venv/bin/python benchmarks/bench_grading.py

Runs the course's real ``nbgrader_config.py`` in private copies of the course (nothing in the
repository changes), on the committed course material of ``--at`` (default HEAD: the lessons'
helpers ``utils/`` and ``solutions/`` are taken from git, so other people's uncommitted edits do
not change the numbers), and prints, from one run on this machine:

1. **Per submission, before and after the grader-side cuts** (``--sample`` solved or nearly
   solved submissions, no hostile ones): one stock ``nbgrader autograde`` over all of them as the
   course graded until now (kernels started as stock nbgrader starts them:
   ``--IsolatedExecute.fast_start=False``); the same with the cuts (grader/startup.py), the two
   alternating twice (so that a change of load falls on both; the mean of the two is shown); and the
   pool with one worker (``python3 course.py autograde --workers 1``: one nbgrader process per
   student). Add ``--profile`` for where one submission's time goes (nbgrader's start, the
   kernel's start, each cell).
2. **Throughput**: ``--students`` synthetic submissions (default 60: 30 correct, 12 wrong, 9
   correct but warning, 9 hostile: an infinite loop costing a 60 s cell timeout, 100 million
   characters of output, a memory bomb), graded by the pool with 1 worker and then with 2, in
   the same run; their ratio.

Results go to ``artifacts/bench-grading.json``. Kernels are isolated (and the memory bomb
contained) only when run as root on Linux, as on a grading server; the output says which. The
machine's load average is printed before and after: other work on the machine slows the numbers
and, above all, the ratio of 2 workers to 1 (which needs two free cores).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import nbformat  # noqa: E402

from support import autograded_test_cells, cell_by_id, grades, run_nbgrader, solution_cells, solved_copy, submit  # noqa: E402

MIX = (("correct", 30), ("wrong", 12), ("warning", 9), ("hostile", 9))  # out of 60
SAMPLE_MIX = (("correct", 8), ("wrong", 2), ("warning", 2))              # out of 12: no hostile code
HOSTILE = {
    "infinite-loop": "while True:\n    pass\n",
    "output-flood": 'print("x" * 100_000_000)\n',
    "memory-bomb": "blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 1024 ** 2))\n",
}
WARNING = ("import sys, warnings\n"
           "warnings.warn('a harmless warning from the student', RuntimeWarning)\n"
           "sys.stderr.write('debug output on stderr\\n')\n")
EXECUTED = re.compile(r"Executed (\S+) in ([0-9.]+) s")


def snapshot(ref: str, folder: Path) -> tuple[Path, Path]:
    """(repository files, a folder holding only ``utils``) of commit ``ref``, from git."""
    repo = folder / "repo"
    repo.mkdir()
    archive = subprocess.run(["git", "archive", ref, "utils", "solutions", "tests/wrong_answers"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(repo)], input=archive, check=True)
    packages = folder / "packages"
    packages.mkdir()
    shutil.copytree(repo / "utils", packages / "utils")
    return repo, packages


def wrong_answers(repo: Path, exercise: str) -> list:
    path = repo / "tests" / "wrong_answers" / f"{exercise}.py"
    spec = importlib.util.spec_from_file_location(f"wrong_{exercise}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.WRONG_ANSWERS.items())


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


def make_course(repo: Path, folder: Path, exercise: str) -> Path:
    course = folder / "course"
    course.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(repo / "solutions" / exercise, course / "solutions" / exercise)
    run_nbgrader(["generate_assignment", exercise, "--force"], course)
    return course


def make_submissions(course: Path, repo: Path, exercise: str, students: int, mix) -> dict[str, str]:
    """Write ``students`` synthetic submissions in the shares of ``mix``; return student id -> kind."""
    name = f"{exercise}.ipynb"
    source = nbformat.read(course / "solutions" / exercise / name, as_version=4)
    release = nbformat.read(course / "exercises" / exercise / name, as_version=4)
    answers = list(solution_cells(source))
    wrong = wrong_answers(repo, exercise)
    total = sum(n for _, n in mix)
    counts = {kind: round(n * students / total) for kind, n in mix}
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
            student = f"s{len(kinds) + 1:03d}-{kind}"
            submit(course, student, exercise, {name: nb})
            kinds[student] = label
    return kinds


def nbgrader_env(packages: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(packages),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def stock_serial(course: Path, exercise: str, env: dict, timeout: int, fast_start: bool) -> tuple[float, str]:
    """One ``nbgrader autograde EXERCISE --force`` process over every student; (seconds, log)."""
    started = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", exercise, "--force",
                           f"--Execute.timeout={timeout}", f"--IsolatedExecute.fast_start={fast_start}"],
                          cwd=course, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        print(done.stderr[-2000:])
    return seconds, done.stderr


def pool(course: Path, exercise: str, workers: int, timeout: int) -> float:
    from grader.pool import autograde_class

    started = time.perf_counter()
    outcomes = autograde_class(course, exercise, workers, nbgrader_args=["--force", f"--Execute.timeout={timeout}"],
                               echo=lambda line: None)
    for outcome in outcomes:
        if outcome.returncode:
            print(f"   {outcome.student} failed: {outcome.log[-1500:]}")
    return time.perf_counter() - started


def kept_points(course: Path, exercise: str, kinds: dict[str, str]) -> dict[str, float]:
    source = nbformat.read(course / "solutions" / exercise / f"{exercise}.ipynb", as_version=4)
    full = autograded_test_cells(source)
    kept: dict[str, list[float]] = {}
    for student, kind in kinds.items():
        got = grades(course, exercise, exercise, student)
        kept.setdefault(kind.split(":")[0], []).append(sum(got.get(c, 0) for c in full) / sum(full.values()))
    return {k: round(statistics.mean(v), 3) for k, v in kept.items()}


def profile_one(course: Path, exercise: str, student: str) -> None:
    """Where one submission's time goes, in this process: nbgrader's start, the kernel's start, each cell."""
    import grader.execute as execute
    import nbclient.client as nc

    marks: dict[str, float] = {}
    cells: list[tuple[float, str]] = []
    original_cell, original_start = execute.IsolatedExecute.preprocess_cell, nc.NotebookClient.async_start_new_kernel_client

    def timed_cell(self, cell, resources, index):
        clock = time.perf_counter()
        result = original_cell(self, cell, resources, index)
        if cell.cell_type == "code":
            cells.append((time.perf_counter() - clock, (cell.source.splitlines() or [""])[0][:60]))
        return result

    async def timed_start(self):
        clock = time.perf_counter()
        result = await original_start(self)
        marks["kernel start (launch until ready)"] = time.perf_counter() - clock
        return result

    execute.IsolatedExecute.preprocess_cell, nc.NotebookClient.async_start_new_kernel_client = timed_cell, timed_start
    try:
        clock = time.perf_counter()
        run_nbgrader(["autograde", exercise, "--student", student, "--force"], course)
        total = time.perf_counter() - clock
    finally:
        execute.IsolatedExecute.preprocess_cell, nc.NotebookClient.async_start_new_kernel_client = original_cell, original_start
    code = sum(t for t, _ in cells)
    print(f"   in-process autograde of one submission: {total:.2f} s; kernel start "
          f"{marks.get('kernel start (launch until ready)', 0):.2f} s; all code cells {code:.2f} s; "
          f"the rest (nbgrader's own work) {total - code - marks.get('kernel start (launch until ready)', 0):.2f} s")
    for seconds, first_line in sorted(cells, reverse=True)[:4]:
        print(f"     cell {seconds:5.2f} s  {first_line}")
    clock = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import nbgrader.apps.nbgraderapp, nbformat"], check=True)
    plain = time.perf_counter() - clock
    clock = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sys; sys.modules['rfc3987_syntax'] = None; "
                    "import nbgrader.apps.nbgraderapp, nbformat"], check=True)
    cut = time.perf_counter() - clock
    print(f"   starting a Python that imports nbgrader: {plain:.2f} s; without rfc3987_syntax: {cut:.2f} s")


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--exercise", default="ex09_fairer_scoring", help="exercise id (default: the heaviest, ex09)")
    parser.add_argument("--at", default="HEAD", help="git commit whose utils/ and solutions/ are graded")
    parser.add_argument("--sample", type=int, default=12, help="submissions for the before/after comparison")
    parser.add_argument("--students", type=int, default=60, help="submissions for the throughput comparison")
    parser.add_argument("--cell-timeout", type=int, default=None, help="seconds per cell (default: the course's)")
    parser.add_argument("--skip", choices=["before-after", "throughput"], action="append", default=[],
                        help="leave a part out")
    parser.add_argument("--profile", action="store_true", help="also show where one submission's time goes")
    args = parser.parse_args()
    if args.sample < 1 or args.students < 4:
        parser.error("--sample must be at least 1 and --students at least 4")
    from grader import limits
    timeout = args.cell_timeout or limits.CELL_TIMEOUT
    isolated = sys.platform.startswith("linux") and os.geteuid() == 0
    print(f"cores: {os.cpu_count()}; kernels isolated: {'yes' if isolated else 'NO (not root on Linux)'}; "
          f"cell timeout: {timeout} s; course material at {args.at}; load average {load()}", flush=True)
    results: dict[str, object] = {"exercise": args.exercise, "at": args.at, "cores": os.cpu_count(),
                                  "isolated": isolated, "cell_timeout": timeout, "load_before": load()}
    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        repo, packages = snapshot(args.at, tmp)
        os.environ.update(nbgrader_env(packages))  # this process and every nbgrader it starts
        sys.path.insert(0, str(packages))
        env = nbgrader_env(packages)
        if "before-after" not in args.skip:
            course = make_course(repo, tmp / "sample", args.exercise)
            kinds = make_submissions(course, repo, args.exercise, args.sample, SAMPLE_MIX)
            print(f"1. per submission, {len(kinds)} submissions of {args.exercise} (no hostile code):", flush=True)
            # before and after alternate, twice, so that a change in the machine's load falls on both
            timings = {"before": [], "after": []}
            log_before = log_after = ""
            for _ in range(2):
                seconds, log = stock_serial(course, args.exercise, env, timeout, fast_start=False)
                timings["before"].append(seconds)
                log_before += log
                seconds, log = stock_serial(course, args.exercise, env, timeout, fast_start=True)
                timings["after"].append(seconds)
                log_after += log
            before, after = statistics.mean(timings["before"]), statistics.mean(timings["after"])
            one_worker = pool(course, args.exercise, 1, timeout)
            n = len(kinds)
            print(f"   runs (s): before {[round(t) for t in timings['before']]}, after {[round(t) for t in timings['after']]}")
            runs = {name: [float(s) for _, s in EXECUTED.findall(log)] for name, log in
                    (("before", log_before), ("after", log_after))}
            print(f"   before (stock kernels, one nbgrader process): {before / n:5.2f} s per submission "
                  f"(notebook runs: median {statistics.median(runs['before']):.2f} s)")
            print(f"   after (cut kernels, one nbgrader process):    {after / n:5.2f} s per submission "
                  f"(notebook runs: median {statistics.median(runs['after']):.2f} s)")
            print(f"   after, pool of 1 worker (a process each):     {one_worker / n:5.2f} s per submission")
            print(f"   after / before: {after / before:.2f} (one process), {one_worker / before:.2f} (pool of 1)")
            results["per_submission"] = {"submissions": n, "before_s": round(before / n, 2),
                                         "after_s": round(after / n, 2), "pool_1_worker_s": round(one_worker / n, 2),
                                         "before_median_run_s": round(statistics.median(runs["before"]), 2),
                                         "after_median_run_s": round(statistics.median(runs["after"]), 2),
                                         "points_kept": kept_points(course, args.exercise, kinds)}
            if args.profile:
                first = sorted(kinds)[0]
                profile_one(course, args.exercise, first)
        if "throughput" not in args.skip:
            course = make_course(repo, tmp / "class", args.exercise)
            kinds = make_submissions(course, repo, args.exercise, args.students, MIX)
            mix = {k: sum(1 for v in kinds.values() if v.split(":")[0] == k) for k, _ in MIX}
            print(f"2. throughput, {len(kinds)} submissions of {args.exercise} {mix}:", flush=True)
            walls = {}
            for workers in (1, 2):
                walls[workers] = pool(course, args.exercise, workers, timeout)
                print(f"   {workers} worker(s): {walls[workers]:.0f} s, {len(kinds) / walls[workers] * 60:.1f} "
                      f"submissions per minute (load average {load()})", flush=True)
            ratio = walls[1] / walls[2]
            print(f"   2 workers / 1 worker: {ratio:.2f}x")
            results["throughput"] = {"submissions": len(kinds), "mix": mix,
                                     "wall_1_worker_s": round(walls[1], 1), "wall_2_workers_s": round(walls[2], 1),
                                     "per_minute_1": round(len(kinds) / walls[1] * 60, 2),
                                     "per_minute_2": round(len(kinds) / walls[2] * 60, 2), "ratio": round(ratio, 2),
                                     "points_kept": kept_points(course, args.exercise, kinds)}
        results["load_after"] = load()
        print(f"load average after: {load()}")
        artifacts = ROOT / "artifacts"
        artifacts.mkdir(exist_ok=True)
        (artifacts / "bench-grading.json").write_text(json.dumps(results, indent=2) + "\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
