"""Benchmark of the item-analysis report for a large class (a script, not a test):

    .venv/bin/python benchmarks/bench_report.py [--students 300]

Grades the warm-up's mixed class (tests/support.py: solutions, blank, every wrong and alternative
answer, edited and deleted test cells) with the real nbgrader in a private course, then makes a
class of ``--students`` from it: each new student is a copy of one graded student (gradebook
rows through nbgrader's API, and the autograded notebook), in turn. Times
``python3 course.py report`` on that class (the command, start-up included, and the report's
build alone) and writes ``artifacts/bench-report.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from support import DUE, WARMUP, make_course, mixed_class, run_nbgrader  # noqa: E402


def clone_class(course: Path, templates: list[str], students: int) -> None:
    """Add students copied from the graded ``templates`` until the class has ``students``."""
    from nbgrader.api import Gradebook

    url = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(url) as gb:
        scores = {t: {(nb.name, g.name): (g.auto_score, g.manual_score) for nb in gb.find_submission(WARMUP, t).notebooks
                      for g in nb.grades} for t in templates}
        for k in range(students - len(templates)):
            template = templates[k % len(templates)]
            student = f"gen-{k:04d}"
            gb.update_or_create_student(student, first_name=f"First{k}", last_name=f"Last{k}")
            submission = gb.update_or_create_submission(WARMUP, student)
            for nb in submission.notebooks:
                for grade in nb.grades:
                    grade.auto_score, grade.manual_score = scores[template][(nb.name, grade.name)]
            gb.db.commit()
            source = course / "autograded" / template / WARMUP
            shutil.copytree(source, course / "autograded" / student / WARMUP)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300, help="class size (at least the graded templates)")
    parser.add_argument("--keep", help="copy the built report to this folder, to look at it")
    args = parser.parse_args()
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        course = make_course(tmp)
        run_nbgrader(["db", "assignment", "add", WARMUP, f"--duedate={DUE}"], course)
        run_nbgrader(["generate_assignment", WARMUP, "--force"], course)
        templates = mixed_class(course, WARMUP, hostile=False)
        run_nbgrader(["autograde", WARMUP, "--force", "--Execute.timeout=10"], course)
        if args.students < len(templates):
            parser.error(f"--students must be at least {len(templates)}")
        clone_class(course, templates, args.students)
        from grader.report import build_report

        clock = time.perf_counter()
        build_report(course, WARMUP, f"sqlite:///{course / 'gradebook.db'}", tmp / "in-process")
        build = time.perf_counter() - clock
        clock = time.perf_counter()
        subprocess.run([sys.executable, "-m", "grader.report", WARMUP, "--course", str(course)], cwd=ROOT,
                       check=True, capture_output=True)
        command = time.perf_counter() - clock
        if args.keep:
            shutil.copytree(course / "build" / "reports" / WARMUP, args.keep, dirs_exist_ok=True)
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"report for {args.students} students of {WARMUP}: build {build:.2f} s; the command "
              f"(Python start-up and imports included) {command:.2f} s; load average {load}")
        artifacts = ROOT / "artifacts"
        artifacts.mkdir(exist_ok=True)
        (artifacts / "bench-report.json").write_text(json.dumps(
            {"students": args.students, "exercise": WARMUP, "build_s": round(build, 2), "command_s": round(command, 2),
             "load": load}, indent=2) + "\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
